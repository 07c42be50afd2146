// Ring-to-queue-visible latency on /live: a server (its own process, embedded SQLite) takes rings from
// the telephony at a steady rate while call-takers listen on /live; for every ring and every listener,
// the time from sending the ring to the event arriving. Baseline, in the same run and under the same
// load: the round trip of GET /health, which does no work. Goal: p99 under 100 ms.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const LISTENERS = Number(process.env.BENCH_LISTENERS ?? 20);
const ADMIN_PASSWORD = 'bench-admin-password';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-bench-calls-'));
const env = {
  ...process.env,
  AMANE_DATABASE_URL: path.join(dir, 'amane.db'),
  AMANE_PORT: '0',
  AMANE_MQTT_PORT: '0',
  AMANE_ADMIN_PASSWORD: ADMIN_PASSWORD,
  AMANE_LOG_LEVEL: 'warn',
  // An empty centre: the demo's simulator would add its own calls to the measured load.
  AMANE_DEMO: 'off',
};

function startServer(): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.resolve('bin/amane.js'), 'start'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += String(chunk);
      const url = /serving on (http:\/\/\S+)/.exec(output)?.[1];
      if (url !== undefined) resolve({ child, url });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

const server = await startServer();
try {
  const base = server.url;
  const post = (url: string, token: string, body?: unknown) =>
    fetch(`${base}${url}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const admin = (await json<{ token: string }>(await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) }))).token;
  const pbx = (await json<{ token: string }>(await post('/devices', admin, { name: 'pbx-bench', kind: 'other' }))).token;

  // Call-takers, each logged in with a live feed.
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const sockets: WebSocket[] = [];
  for (let i = 0; i < LISTENERS; i += 1) {
    const created = await json<{ oneTimePassword: string }>(await post('/users', admin, { username: `taker-${i}`, fullName: 'Bench Taker', roles: ['call-taker'] }));
    const first = await json<{ token: string }>(await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: `taker-${i}`, password: created.oneTimePassword }) }));
    await post('/auth/password', first.token, { currentPassword: created.oneTimePassword, newPassword: 'bench-taker-password' });
    const socket = new WebSocket(`${base.replace('http', 'ws')}/live`, { headers: { authorization: `Bearer ${first.token}` } });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; event?: { type: string; stream: string } };
      if (message.event?.type !== 'call.ringing') return;
      const at = sent.get(message.event.stream);
      if (at !== undefined) latencies.push(performance.now() - at);
    });
    sockets.push(socket);
  }

  console.log(`calls bench: ${RATE} rings/s for ${SECONDS} s, ${LISTENERS} call-takers on /live (server on SQLite, own process)`);
  const health: number[] = [];
  const acknowledged: number[] = [];
  const total = RATE * SECONDS;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let n = 0; n < total; n += 1) {
    const due = started + (n * 1_000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const callId = `bench-${n}`;
    const t0 = performance.now();
    sent.set(`call/${callId}`, t0);
    pending.push(
      post('/telephony/calls', pbx, { callId, callerNumber: `+2126${String(n).padStart(8, '0')}`, trunk: 'bench', location: { lat: 33.59, lon: -7.6, radiusM: 200 } }).then(async (response) => {
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`ring ${callId}: ${response.status}`);
        acknowledged.push(performance.now() - t0);
      }),
    );
    if (n % RATE === 0) {
      const h0 = performance.now();
      pending.push(fetch(`${base}/health`).then(async (response) => {
        await response.arrayBuffer();
        health.push(performance.now() - h0);
      }));
    }
  }
  await Promise.all(pending);
  await new Promise((resolve) => setTimeout(resolve, 500));
  const elapsed = (performance.now() - started) / 1_000;
  for (const socket of sockets) socket.close();

  const expected = total * LISTENERS;
  const p50 = percentile(latencies, 0.5);
  const p99 = percentile(latencies, 0.99);
  const baselineP99 = percentile(health, 0.99);
  console.log(`rings sent ${total} in ${elapsed.toFixed(1)} s (${(total / elapsed).toFixed(0)}/s); live deliveries ${latencies.length}/${expected}`);
  console.log(`ring -> visible on /live: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms (goal p99 < 100 ms)`);
  console.log(`ring acknowledged (HTTP 201): p50 ${percentile(acknowledged, 0.5).toFixed(1)} ms, p99 ${percentile(acknowledged, 0.99).toFixed(1)} ms`);
  console.log(`baseline GET /health under the same load: p50 ${percentile(health, 0.5).toFixed(1)} ms, p99 ${baselineP99.toFixed(1)} ms; live p99 / baseline p99 = ${(p99 / baselineP99).toFixed(2)}`);
  if (latencies.length !== expected) console.log(`WARNING: ${expected - latencies.length} deliveries missing`);
  console.log(`RESULT calls live_p50_ms=${p50.toFixed(1)} live_p99_ms=${p99.toFixed(1)} baseline_p99_ms=${baselineP99.toFixed(1)} delivered=${latencies.length}/${expected}`);
} finally {
  server.child.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
