import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import type { Logger } from 'pino';
import type { PersonRole } from './auth/permission.js';
import { createUser } from './auth/user.service.js';
import { ManualClock } from './clock.js';
import { loadConfig, type Config } from './config.js';
import type { Core } from './context.js';
import { openDatabase, type Db } from './database.js';
import { LiveBus } from './live.js';
import type { App } from './http.js';
import { createLogger } from './logger.js';
import { Metrics } from './metrics.js';
import { migrateToLatest, type Migrations } from './migrate.js';
import { ModuleState } from './module-state.js';

/**
 * A file of the team's shared data (`../shared/data`, real Casablanca data under ODbL), or undefined
 * when absent; under CI=true its absence fails the run instead of skipping the tests that need it.
 */
export function sharedDataFile(name: string): string | undefined {
  const file = path.resolve(import.meta.dirname, '../../../shared/data', name);
  if (fs.existsSync(file)) return file;
  if (process.env.CI === 'true') throw new Error(`${file} is required when CI=true`);
  console.warn(`skipping the tests that need ${file} (not present)`);
  return undefined;
}

/**
 * Which of the named programs (poppler's pdftotext, openssl...) are not on the PATH, for the tests that
 * need them to skip with their names. Under CI=true none is reported missing: those tests then run and
 * fail on the program's absence instead of skipping.
 */
export function missingTools(...names: string[]): string[] {
  if (process.env.CI === 'true') return [];
  const folders = (process.env.PATH ?? '').split(path.delimiter).filter((folder) => folder !== '');
  return names.filter((name) => !folders.some((folder) => isExecutable(path.join(folder, name))));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Test support: each test case gets its own database, a SQLite file in a temporary folder, or, when
 * the suite runs on PostgreSQL (`AMANE_TEST_DATABASE_URL=postgres://...`), a schema of its own.
 */
export function testDatabaseKind(): 'sqlite' | 'postgres' {
  return process.env.AMANE_TEST_DATABASE_URL?.startsWith('postgres') ? 'postgres' : 'sqlite';
}

export interface TestDatabase {
  /** The setting that reaches this database (for a child process): a file path or a postgres URL. */
  readonly url: string;
  readonly config: Config['database'];
  readonly schema: string | undefined;
  /** A folder of its own for what a centre keeps beside its data (the key folder, the keystore). */
  readonly folder: string;
  /** The settings that put a centre on this database, its key folder and keystore in `folder`. */
  readonly settings: Readonly<Record<'AMANE_DATABASE_URL' | 'AMANE_KEY_DIR' | 'AMANE_IDENTITY_KEYSTORE' | 'AMANE_JOURNAL_ANCHORS', string>>;
  open(): Db;
  drop(): Promise<void>;
}

/** Creates an empty database for one test case. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.AMANE_TEST_DATABASE_URL;
  if (serverUrl !== undefined && serverUrl.startsWith('postgres')) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    await withPgClient(serverUrl, (client) => client.query(`create schema ${schema}`));
    const url = new URL(serverUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-test-'));
    return {
      settings: settingsFor(url.toString(), folder),
      url: url.toString(),
      config: { kind: 'postgres', url: serverUrl },
      schema,
      folder,
      open: () => openDatabase({ kind: 'postgres', url: serverUrl }, { schema, poolSize: 5 }),
      drop: async () => {
        await withPgClient(serverUrl, (client) => client.query(`drop schema ${schema} cascade`));
        fs.rmSync(folder, { recursive: true, force: true });
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-test-'));
  const file = path.join(dir, 'amane.db');
  return {
    url: file,
    config: { kind: 'sqlite', path: file },
    schema: undefined,
    folder: dir,
    settings: settingsFor(file, dir),
    open: () => openDatabase({ kind: 'sqlite', path: file }),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

function settingsFor(url: string, folder: string): TestDatabase['settings'] {
  return {
    AMANE_DATABASE_URL: url,
    AMANE_KEY_DIR: path.join(folder, 'keys'),
    AMANE_IDENTITY_KEYSTORE: path.join(folder, 'identity.keystore'),
    AMANE_JOURNAL_ANCHORS: path.join(folder, 'journal-anchors.jsonl'),
  };
}

async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestCore {
  readonly core: Core;
  readonly clock: ManualClock;
  readonly database: TestDatabase;
  close(): Promise<void>;
}

/** A migrated kernel on a fresh database, with a manual clock and a silent logger. */
export async function setupTestCore(options: {
  migrations: Migrations;
  env?: Record<string, string>;
  log?: Logger;
}): Promise<TestCore> {
  const database = await createTestDatabase();
  const config = loadConfig({
    // The keys and the keystore beside the test's own data, on either engine: none in ./data.
    ...database.settings,
    AMANE_LOG_LEVEL: 'silent',
    ...options.env,
  });
  const db = database.open();
  await migrateToLatest(db, options.migrations);
  const clock = new ManualClock('2026-03-01T08:00:00.000Z');
  const log = options.log ?? createLogger(config);
  const core: Core = { config, db, clock, bus: new LiveBus(), metrics: new Metrics({ collectDefault: false }), log, state: new ModuleState() };
  return {
    core,
    clock,
    database,
    async close() {
      await db.destroy();
      await database.drop();
    },
  };
}

let userCounter = 0;

/** Creates an enabled user with a known, permanent password; returns the username and password. */
export async function createTestUser(
  core: Core,
  roles: readonly PersonRole[],
  name?: string,
): Promise<{ id: string; username: string; password: string }> {
  userCounter += 1;
  const username = name ?? `${roles[0] ?? 'user'}-${userCounter}`.replace(/[^a-z0-9._-]/g, '-');
  const password = `pass-${randomBytes(9).toString('base64url')}`;
  const { user } = await createUser(
    core,
    'system:test',
    { username, fullName: 'Test Person', roles: [...roles], password },
    { temporaryPassword: false },
  );
  return { id: user.id, username, password };
}

/**
 * A service the tests use when it runs here (a broker, a NATS server): its URL when it accepts a TCP
 * connection within a second; otherwise undefined, said once, and under CI=true an error, so that CI
 * never passes by skipping what it must run.
 */
export async function testServiceUrl(text: string, defaultPort: number, what: string, product: string): Promise<string | undefined> {
  const url = new URL(text);
  const reachable = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || defaultPort), timeout: 1_000 });
    const answer = (answered: boolean) => {
      socket.destroy();
      resolve(answered);
    };
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
    socket.once('timeout', () => answer(false));
  });
  if (reachable) return url.toString();
  if (process.env.CI === 'true') throw new Error(`${what} at ${url.host} (${product}) is required when CI=true`);
  console.warn(`skipping the tests that need ${what} at ${url.host} (${product}): it does not answer`);
  return undefined;
}

/** Waits until `condition` holds, asking every 10 ms; fails naming `what` after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A logger at `warn` whose lines land, parsed, in `warnings` (the caller's array: it clears it between tests as it likes). */
export function warningsLogger(warnings: Record<string, unknown>[]): Logger {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) warnings.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return createLogger({ logLevel: 'warn' }, sink);
}

/**
 * A counter's values in a Prometheus text exposition (`/metrics`), by the values of its labels joined
 * with `/`, in their order.
 * @example counterValues('amane_x_total{source="mqtt",result="ok"} 3', 'amane_x_total') // { 'mqtt/ok': 3 }
 */
export function counterValues(exposition: string, name: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const match = /^[^{]+\{(.*)\} (\S+)$/.exec(line);
    if (match === null) continue;
    const key = [...match[1]!.matchAll(/\w+="([^"]*)"/g)].map((label) => label[1]).join('/');
    counts[key] = Number(match[2]);
  }
  return counts;
}

/** What changed between two readings of counts, the unchanged left out. */
export function countsDiff(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).flatMap(([key, value]) => (value === (before[key] ?? 0) ? [] : [[key, value - (before[key] ?? 0)]])));
}

/** The header that carries a bearer token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** The methods a test sends with `send` (a body goes with any but GET). */
export type RequestMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/**
 * Requests to a test app as the holder of a token: `send` with any method and a JSON body when one is
 * given, `post` and `get`. The app is asked for at each request, so the helpers can be made once for a
 * suite whose app is made anew before each test.
 * @example const { get, post } = requestsTo(() => t.app); await post('/api/v1/incidents', token, { type: 'theft' });
 */
export function requestsTo(app: () => App) {
  const send = (method: RequestMethod, url: string, token: string, payload?: unknown) =>
    app().inject({ method, url, headers: bearer(token), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  return {
    send,
    post: (url: string, token: string, payload?: unknown) => send('POST', url, token, payload),
    get: (url: string, token: string) => app().inject({ url, headers: bearer(token) }),
  };
}
