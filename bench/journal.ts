// The journal's cost: commands per second for a state update alone, and for the same update plus its
// journal append (the way every command runs), in one run, on SQLite and on PostgreSQL.
// The journaled rounds run with the stream indexer on, as the server does, so its batched writes are paid
// for in the figure. Rounds alternate between the two; the ratio is the median of the ratios of adjacent
// rounds, which cancels the drift of this machine's disk latency better than a ratio of medians.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { ManualClock } from '../src/core/clock.js';
import { runCommand } from '../src/core/command.js';
import { loadConfig } from '../src/core/config.js';
import type { Core } from '../src/core/context.js';
import { openDatabase, type Db, type Trx } from '../src/core/database.js';
import { JournalIndexer } from '../src/core/journal-indexer.js';
import { verifyChain } from '../src/core/journal.repository.js';
import { LiveBus } from '../src/core/live.js';
import { createLogger } from '../src/core/logger.js';
import { Metrics } from '../src/core/metrics.js';
import { migrateToLatest } from '../src/core/migrate.js';
import { ModuleState } from '../src/core/module-state.js';
import { allMigrations } from '../src/server/modules.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const OPS_PER_ROUND = Number(process.env.BENCH_OPS ?? 300);
const USERS = 200;
const postgresUrl = process.env.AMANE_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Figures {
  plainPerS: number;
  journaledPerS: number;
  ratio: number;
}

async function seedUsers(db: Db): Promise<string[]> {
  const ids = Array.from({ length: USERS }, (_, i) => `bench-${i}`);
  await db
    .insertInto('app_user')
    .values(
      ids.map((id) => ({
        id,
        username: id,
        full_name: 'Bench',
        full_name_ar: null,
        locale: 'fr',
        password_hash: 'x',
        must_change_password: 0,
        created_at: '2026-01-01T00:00:00.000Z',
        disabled_at: null,
      })),
    )
    .execute();
  return ids;
}

async function measure(core: Core, ids: string[]): Promise<Figures> {
  let n = 0;
  const update = (trx: Trx, id: string) =>
    trx.updateTable('app_user').set({ full_name: `Bench ${n}` }).where('id', '=', id).execute();

  async function plain(): Promise<number> {
    const started = process.hrtime.bigint();
    for (let i = 0; i < OPS_PER_ROUND; i += 1) {
      n += 1;
      const id = ids[n % ids.length]!;
      await core.db.transaction().execute((trx) => update(trx, id));
    }
    return OPS_PER_ROUND / (Number(process.hrtime.bigint() - started) / 1e9);
  }

  async function journaled(): Promise<number> {
    const started = process.hrtime.bigint();
    for (let i = 0; i < OPS_PER_ROUND; i += 1) {
      n += 1;
      const id = ids[n % ids.length]!;
      await runCommand(core, 'system:bench', async ({ trx, record }) => {
        await update(trx, id);
        record(`user/${id}`, 'user.updated', { fullName: `Bench ${n}` });
      });
    }
    return OPS_PER_ROUND / (Number(process.hrtime.bigint() - started) / 1e9);
  }

  const indexer = new JournalIndexer(core);
  const journaledWithIndexer = async () => {
    indexer.start();
    const rate = await journaled();
    await indexer.stop();
    return rate;
  };
  await plain(); // warm-up
  await journaledWithIndexer();
  const plainRates: number[] = [];
  const journaledRates: number[] = [];
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round % 2 === 0) {
      plainRates.push(await plain());
      journaledRates.push(await journaledWithIndexer());
    } else {
      journaledRates.push(await journaledWithIndexer());
      plainRates.push(await plain());
    }
    ratios.push(journaledRates[round]! / plainRates[round]!);
  }
  const verdict = await verifyChain(core.db);
  if (!verdict.ok) throw new Error(`journal does not verify after the bench: ${verdict.reason}`);
  const indexed = await core.db.selectFrom('journal_stream').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(indexed.n) !== verdict.count) throw new Error(`indexer left ${verdict.count - Number(indexed.n)} events unindexed`);
  return { plainPerS: median(plainRates), journaledPerS: median(journaledRates), ratio: median(ratios) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function coreOn(db: Db): Core {
  const config = loadConfig({ AMANE_LOG_LEVEL: 'silent' });
  return { config, db, clock: new ManualClock(), bus: new LiveBus(), metrics: new Metrics({ collectDefault: false }), log: createLogger(config), state: new ModuleState() };
}

async function onSqlite(): Promise<Figures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-bench-'));
  const db = openDatabase({ kind: 'sqlite', path: path.join(dir, 'bench.db') });
  try {
    await migrateToLatest(db, allMigrations);
    return await measure(coreOn(db), await seedUsers(db));
  } finally {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function onPostgres(): Promise<Figures | undefined> {
  const admin = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3_000 });
  try {
    await admin.connect();
  } catch {
    console.log(`PostgreSQL does not answer at ${postgresUrl}: skipped (set AMANE_BENCH_POSTGRES_URL)`);
    return undefined;
  }
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  await admin.query(`create schema ${schema}`);
  const db = openDatabase({ kind: 'postgres', url: postgresUrl }, { schema, poolSize: 4 });
  try {
    await migrateToLatest(db, allMigrations);
    return await measure(coreOn(db), await seedUsers(db));
  } finally {
    await db.destroy();
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  }
}

function show(name: string, figures: Figures): void {
  console.log(
    `${name.padEnd(10)} update alone ${figures.plainPerS.toFixed(0).padStart(6)} commands/s   ` +
      `update + journal ${figures.journaledPerS.toFixed(0).padStart(6)} commands/s   ratio ${figures.ratio.toFixed(3)}`,
  );
}

console.log(
  `journal bench: ${ROUNDS} alternating rounds of ${OPS_PER_ROUND} sequential commands each; rates are medians, ` +
    'the ratio the median of adjacent rounds (goal: ratio >= 0.75)',
);
const sqlite = await onSqlite();
show('SQLite', sqlite);
const postgres = await onPostgres();
if (postgres !== undefined) show('PostgreSQL', postgres);
console.log(`RESULT journal sqlite_ratio=${sqlite.ratio.toFixed(3)} pg_ratio=${postgres === undefined ? 'skipped' : postgres.ratio.toFixed(3)}`);
