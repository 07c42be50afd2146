// Ring-to-queue-visible latency on /live: a server (its own process, embedded SQLite) takes rings from
// the telephony at a steady rate while call-takers listen on /live; for every ring and every listener,
// the time from sending the ring to the event arriving. Baseline, in the same run, under the same load,
// at the same rate and through the same client: the round trip of GET /health, which does no work, sent
// beside each ring. Goal: p99 under 100 ms. Every ring must reach every listener: a missing delivery
// fails the bench.
//
// The load generator holds a fixed pool of keep-alive connections (BENCH_CONNECTIONS): a loaded machine
// then costs queueing, which the figures show, instead of a connection per request and its timeouts.
// BENCH_RATE (rings/s), BENCH_SECONDS, BENCH_LISTENERS and BENCH_CONNECTIONS change the sizes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import WebSocket from 'ws';
import { startServerProcess } from '../src/server/tied-process.js';

const RATE = Number(process.env.BENCH_RATE ?? 100);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const LISTENERS = Number(process.env.BENCH_LISTENERS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
/** How long deliveries may still arrive after the last ring was acknowledged. */
const DRAIN_MS = 15_000;
const ADMIN_PASSWORD = 'bench-admin-password';

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

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

let failed: string | undefined;
const server = await startServerProcess(env, { timeoutMs: 120_000 });
const pool = new Pool(server.url, { connections: CONNECTIONS, keepAliveTimeout: 60_000, connectTimeout: 60_000 });
const sockets: WebSocket[] = [];
try {
  /** One request through the pool; its body read; the status checked against `expected`. */
  const call = async <T>(method: 'GET' | 'POST', url: string, expected: number, token?: string, body?: unknown): Promise<T> => {
    const response = await pool.request({
      method,
      path: url,
      headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.body.text();
    if (response.statusCode !== expected) throw new Error(`${method} ${url}: ${response.statusCode} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  const admin = (await call<{ token: string }>('POST', '/auth/login', 200, undefined, { username: 'admin', password: ADMIN_PASSWORD })).token;
  const pbx = (await call<{ token: string }>('POST', '/devices', 201, admin, { name: 'pbx-bench', kind: 'telephony' })).token;

  // Call-takers, each logged in with a live feed.
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  for (let i = 0; i < LISTENERS; i += 1) {
    const created = await call<{ oneTimePassword: string }>('POST', '/users', 201, admin, { username: `taker-${i}`, fullName: 'Bench Taker', roles: ['call-taker'] });
    const first = await call<{ token: string }>('POST', '/auth/login', 200, undefined, { username: `taker-${i}`, password: created.oneTimePassword });
    await call('POST', '/auth/password', 204, first.token, { currentPassword: created.oneTimePassword, newPassword: 'bench-taker-password' });
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/live`, { headers: { authorization: `Bearer ${first.token}` } });
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

  console.log(`calls bench: ${RATE} rings/s and ${RATE} GET /health/s for ${SECONDS} s, ${LISTENERS} call-takers on /live, ${CONNECTIONS} keep-alive connections (server on SQLite, own process)`);
  const health: number[] = [];
  const acknowledged: number[] = [];
  const total = RATE * SECONDS;
  const expected = total * LISTENERS;
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
      call('POST', '/telephony/calls', 201, pbx, { callId, callerNumber: `+2126${String(n).padStart(8, '0')}`, trunk: 'bench', location: { lat: 33.59, lon: -7.6, radiusM: 200 } }).then(() => {
        acknowledged.push(performance.now() - t0);
      }),
    );
    // The baseline beside every ring: the same pool, the same moment, a route that does no work.
    const h0 = performance.now();
    pending.push(call('GET', '/health', 200).then(() => {
      health.push(performance.now() - h0);
    }));
  }
  await Promise.all(pending);
  const sentS = (performance.now() - started) / 1_000;
  const drainEnds = performance.now() + DRAIN_MS;
  while (latencies.length < expected && performance.now() < drainEnds) await new Promise((resolve) => setTimeout(resolve, 50));

  const p50 = percentile(latencies, 0.5);
  const p99 = percentile(latencies, 0.99);
  const baselineP99 = percentile(health, 0.99);
  console.log(`rings sent ${total} in ${sentS.toFixed(1)} s (${(total / sentS).toFixed(0)}/s); live deliveries ${latencies.length}/${expected}; baseline samples ${health.length}`);
  console.log(`ring -> visible on /live: p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms (goal p99 < 100 ms)`);
  console.log(`ring acknowledged (HTTP 201): p50 ${percentile(acknowledged, 0.5).toFixed(1)} ms, p99 ${percentile(acknowledged, 0.99).toFixed(1)} ms`);
  console.log(`baseline GET /health beside every ring: p50 ${percentile(health, 0.5).toFixed(1)} ms, p99 ${baselineP99.toFixed(1)} ms; live p99 / baseline p99 = ${(p99 / baselineP99).toFixed(2)}`);
  if (latencies.length !== expected) {
    failed = `${expected - latencies.length} of ${expected} live deliveries missing ${DRAIN_MS / 1_000} s after the last ring was acknowledged`;
  } else {
    console.log(`RESULT calls live_p50_ms=${p50.toFixed(1)} live_p99_ms=${p99.toFixed(1)} baseline_p99_ms=${baselineP99.toFixed(1)} ratio=${(p99 / baselineP99).toFixed(2)}`);
  }
} catch (error) {
  failed = error instanceof Error ? error.message : String(error);
} finally {
  for (const socket of sockets) socket.terminate();
  await pool.close();
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
}
if (failed !== undefined) {
  console.error(`FAIL calls: ${failed}`);
  process.exitCode = 1;
}
