import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from './command.js';
import { coreMigrations } from './core.migrations.js';
import { JournalIndexer } from './journal-indexer.js';
import { findEvents, getCheckpoint, indexEvents, verifyChain } from './journal.repository.js';
import { setupTestCore, testDatabaseKind, type TestCore } from './testing.js';

describe(`the journal's stream index and checkpoint (${testDatabaseKind()})`, () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await setupTestCore({ migrations: coreMigrations });
  });
  afterEach(async () => t.close());

  const append = (stream: string, n: number) =>
    runCommand(t.core, 'system:test', async ({ record }) => record(stream, 'device.registered', { id: `car-${n}`, kind: 'vehicle' }));

  it("reads a stream's events the same before, during and after indexing", async () => {
    for (let i = 0; i < 30; i += 1) await append(`device/car-${i % 3}`, i);
    const expected = Array.from({ length: 10 }, (_, k) => 3 * k + 2);
    const read = async () => (await findEvents(t.core.db, { stream: 'device/car-1', limit: 100 })).map((e) => e.seq);
    expect(await read()).toEqual(expected);
    expect(await indexEvents(t.core.db, 13)).toBe(13);
    expect(await getCheckpoint(t.core.db)).toMatchObject({ seq: 13 });
    expect(await read()).toEqual(expected);
    expect(await indexEvents(t.core.db)).toBe(17);
    expect(await indexEvents(t.core.db)).toBe(0);
    expect(await read()).toEqual(expected);
    expect((await findEvents(t.core.db, { stream: 'device/car-1', afterSeq: 11, limit: 2 })).map((e) => e.seq)).toEqual([14, 17]);
  });

  it('moves the checkpoint to the last event with its hash', async () => {
    for (let i = 0; i < 5; i += 1) await append('device/van', i);
    await indexEvents(t.core.db);
    const verdict = await verifyChain(t.core.db);
    expect(verdict.ok).toBe(true);
    expect(await getCheckpoint(t.core.db)).toEqual({ seq: 5, hash: verdict.ok ? verdict.headHash : '' });
  });

  it('indexes what commands commit while it runs, and everything at stop', async () => {
    const indexer = new JournalIndexer(t.core, 10);
    indexer.start();
    await Promise.all(Array.from({ length: 50 }, (_, i) => append(`device/moto-${i % 5}`, i)));
    await indexer.stop();
    expect((await getCheckpoint(t.core.db)).seq).toBe(50);
    const rows = await t.core.db.selectFrom('journal_stream').select('seq').orderBy('seq').execute();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('lets two indexers race without indexing anything twice', async () => {
    for (let i = 0; i < 40; i += 1) await append('device/bus', i);
    const other = t.database.open();
    try {
      const runs = [() => indexEvents(t.core.db, 25), () => indexEvents(other, 25), () => indexEvents(t.core.db), () => indexEvents(other)];
      // On PostgreSQL they truly overlap. SQLite has one writer at a time (across processes its lock
      // queues them); two connections in one thread would only block each other, so they take turns.
      const counts =
        testDatabaseKind() === 'postgres' ? await Promise.all(runs.map((run) => run())) : [await runs[0]!(), await runs[1]!(), await runs[2]!(), await runs[3]!()];
      while ((await indexEvents(t.core.db)) > 0);
      expect(counts.every((c) => c >= 0)).toBe(true);
      const rows = await t.core.db.selectFrom('journal_stream').select('seq').orderBy('seq').execute();
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect((await getCheckpoint(t.core.db)).seq).toBe(40);
    } finally {
      await other.destroy();
    }
  });
});
