import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { startServerProcess, type ServerProcess } from './tied-process.js';

const run = promisify(execFile);
const AMANE = path.resolve(import.meta.dirname, '../../bin/amane.js');
const ADMIN_PASSWORD = 'crash-drill-admin-password';

/** What one crash drill saw. */
export interface CrashDrillResult {
  /** Writes the server answered 201 to before it was killed. */
  readonly acknowledged: number;
  /** Of those, how many were missing after the restart (must be 0). */
  readonly lost: number;
  /** Devices found after the restart (acknowledged + those committed but not yet answered). */
  readonly present: number;
  /** Time from the first `warmUp` acknowledgements to the kill. */
  readonly killedAfterMs: number;
  readonly journalVerified: boolean;
  readonly journalOutput: string;
}

/**
 * Starts the server on `databaseUrl`, writes through its API as fast as `writers` clients can, and once
 * `warmUp` writes are acknowledged, kills it with SIGKILL `killAfterMs` later; then restarts it and
 * checks that every acknowledged write is there and that the journal verifies.
 */
export async function crashDrill(options: {
  databaseUrl: string;
  /** More settings for the server (where it keeps its keys, in tests). */
  settings?: Readonly<Record<string, string>>;
  killAfterMs: number;
  writers?: number;
  warmUp?: number;
  label: string;
}): Promise<CrashDrillResult> {
  const env = {
    ...process.env,
    AMANE_DATABASE_URL: options.databaseUrl,
    AMANE_PORT: '0',
    // The embedded MQTT broker runs too, on a free port: drills may run side by side.
    AMANE_MQTT: 'embedded',
    AMANE_MQTT_PORT: '0',
    AMANE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    AMANE_LOG_LEVEL: 'warn',
    ...options.settings,
    // An empty centre: only the drill's writers write.
    AMANE_DEMO: 'off',
  };
  const first = await startServer(env);
  let second: ServerProcess | undefined;
  // Whatever fails below (a login refused, a restart that does not come up), neither server outlives the drill.
  try {
    const token = await login(first.url);
    const acknowledged: string[] = [];
    let stop = false;
    let counter = 0;
    const writer = async (w: number) => {
      while (!stop) {
        const name = `${options.label}-w${w}-${(counter += 1)}`;
        try {
          const response = await fetch(`${first.url}/devices`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ name, kind: 'vehicle' }),
          });
          if (response.status === 201) acknowledged.push(name);
          else if (response.status >= 500) throw new Error(`server answered ${response.status}`);
        } catch {
          if (stop) return;
          return; // the server is gone
        }
      }
    };
    const writing = Array.from({ length: options.writers ?? 8 }, (_, w) => writer(w));
    // Writes are flowing before the clock for the kill starts (a loaded machine starts slowly).
    const warmUpDeadline = Date.now() + 30_000;
    while (acknowledged.length < (options.warmUp ?? 20) && Date.now() < warmUpDeadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, options.killAfterMs));
    const exited = new Promise((resolve) => first.child.once('exit', resolve));
    first.child.kill('SIGKILL');
    await Promise.all(writing);
    stop = true;
    await exited;

    second = await startServer(env);
    const adminToken = await login(second.url);
    const response = await fetch(`${second.url}/devices`, { headers: { authorization: `Bearer ${adminToken}` } });
    const devices = (await response.json()) as { name: string }[];
    const present = new Set(devices.map((d) => d.name));
    const lost = acknowledged.filter((name) => !present.has(name)).length;
    await second.stop();
    const verify = await verifyJournal(env);
    return {
      acknowledged: acknowledged.length,
      lost,
      present: present.size,
      killedAfterMs: options.killAfterMs,
      journalVerified: verify.ok,
      journalOutput: verify.output,
    };
  } finally {
    await first.stop();
    await second?.stop();
  }
}

function startServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  return startServerProcess(env, { timeoutMs: 20_000 });
}

async function login(url: string): Promise<string> {
  const response = await fetch(`${url}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

async function verifyJournal(env: NodeJS.ProcessEnv): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout } = await run(process.execPath, [AMANE, 'verify-journal'], { env });
    return { ok: true, output: stdout.trim() };
  } catch (error) {
    return { ok: false, output: String((error as { stdout?: string }).stdout ?? error).trim() };
  }
}
