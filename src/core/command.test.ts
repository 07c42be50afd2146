import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createUser } from './auth/user.service.js';
import { findUserByUsername } from './auth/user.repository.js';
import { runCommand } from './command.js';
import { coreMigrations } from './core.migrations.js';
import type { JournalEvent } from './journal.js';
import { findEvents, findLastEvent, verifyChain } from './journal.repository.js';
import { ModuleState } from './module-state.js';
import { setupTestCore, testDatabaseKind, type TestCore } from './testing.js';

describe(`a command and its journal event (${testDatabaseKind()})`, () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await setupTestCore({ migrations: coreMigrations });
  });
  afterEach(async () => t.close());

  const karimCreated = { id: 'u-karim', fullName: 'Karim', fullNameAr: null, roles: ['dispatcher'], locale: 'fr' };
  const insertUserRow = (trx: Parameters<Parameters<typeof runCommand>[2]>[0]['trx'], username: string, at: string) =>
    trx
      .insertInto('app_user')
      .values({
        id: `id-${username}`,
        username,
        full_name: 'Test',
        full_name_ar: null,
        locale: 'fr',
        password_hash: 'x',
        must_change_password: 0,
        created_at: at,
        disabled_at: null,
      })
      .execute();

  it('commits the state change and its event together, then publishes the event', async () => {
    const published: JournalEvent[] = [];
    t.core.bus.subscribe((events) => published.push(...events));
    await runCommand(t.core, 'system:test', async ({ trx, at, record }) => {
      await insertUserRow(trx, 'karim', at);
      record('user/karim', 'user.created', karimCreated);
    });
    expect(await findUserByUsername(t.core.db, 'karim')).toBeDefined();
    const events = await findEvents(t.core.db, { limit: 10 });
    expect(events.map((e) => [e.seq, e.stream, e.type, e.actor, e.at])).toEqual([
      [1, 'user/karim', 'user.created', 'system:test', '2026-03-01T08:00:00.000Z'],
    ]);
    expect(published.map((e) => e.seq)).toEqual([1]);
  });

  it('journals text with quotes, backslashes, control characters and Arabic exactly as given', async () => {
    const note = { n: 1, text: "O'Brien \\ '); drop table journal; -- \\' E'\\x41' a\nb\u0001 بلاغ عن طرد مشبوه \\' \u2028" };
    const seeded = { districts: 1, stations: 1, units: 0, cameras: 0, callTakers: 0, created: { "k'ey\\": 1 } };
    await runCommand(t.core, "user:o'brien", async ({ record }) => {
      record("incident/CASA-'1", 'incident.note_added', note);
      record("demo/'city", 'demo.seeded', seeded);
    });
    const events = await findEvents(t.core.db, { limit: 10 });
    expect(events.map((e) => [e.actor, e.stream, e.data])).toEqual([
      ["user:o'brien", "incident/CASA-'1", note],
      ["user:o'brien", "demo/'city", seeded],
    ]);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: true, count: 2 });
  });

  it('commits a command of many events (an import) whole, in several statements, with an intact chain', async () => {
    const head = (await findLastEvent(t.core.db)).seq;
    await runCommand(t.core, 'system:test', async ({ record }) => {
      for (let i = 0; i < 4_500; i += 1) record(`device/import-${i}`, 'device.registered', { id: `import-${i}`, kind: 'camera' });
    });
    expect((await findLastEvent(t.core.db)).seq).toBe(head + 4_500);
    expect((await verifyChain(t.core.db)).ok).toBe(true);
  });

  it('leaves neither the state change nor the event when the command fails midway', async () => {
    const published: JournalEvent[] = [];
    t.core.bus.subscribe((events) => published.push(...events));
    await expect(
      runCommand(t.core, 'system:test', async ({ trx, at, record }) => {
        await insertUserRow(trx, 'karim', at);
        record('user/karim', 'user.created', karimCreated);
        throw new Error('killed midway');
      }),
    ).rejects.toThrow('killed midway');
    expect(await findUserByUsername(t.core.db, 'karim')).toBeUndefined();
    expect(await findEvents(t.core.db, { limit: 10 })).toEqual([]);
    expect((await findLastEvent(t.core.db)).seq).toBe(0);
    expect(published).toEqual([]);
  });

  it('rolls the state change back when the journal append itself fails', async () => {
    await expect(
      runCommand(t.core, 'system:test', async ({ trx, at, record }) => {
        await insertUserRow(trx, 'karim', at);
        // A value the journal cannot hash: the append throws after the state was written.
        record('user/karim', 'user.locked_out', { failures: Number.NaN, until: '2026-03-01T09:00:00.000Z' });
      }),
    ).rejects.toThrow(/cannot journal/);
    expect(await findUserByUsername(t.core.db, 'karim')).toBeUndefined();
    expect((await findLastEvent(t.core.db)).seq).toBe(0);
  });

  it('rolls back when the database refuses the state change after an event was recorded', async () => {
    await runCommand(t.core, 'system:test', async ({ trx, at }) => insertUserRow(trx, 'karim', at));
    await expect(
      runCommand(t.core, 'system:test', async ({ trx, at, record }) => {
        record('user/karim', 'user.created', karimCreated);
        await insertUserRow(trx, 'karim', at); // duplicate primary key
      }),
    ).rejects.toThrow();
    expect(await findEvents(t.core.db, { limit: 10 })).toEqual([]);
  });

  it('runs a command again when PostgreSQL broke a deadlock by aborting it, and gives up on other errors', async () => {
    let attempts = 0;
    const done = await runCommand(t.core, 'system:test', async ({ trx, at, record }) => {
      attempts += 1;
      await insertUserRow(trx, 'retried', at);
      record('user/retried', 'user.created', { ...karimCreated, roles: [] });
      if (attempts === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      return 'done';
    });
    expect([done, attempts]).toEqual(['done', 2]);
    expect((await findEvents(t.core.db, { stream: 'user/retried', afterSeq: 0, limit: 10 })).length).toBe(1);
    let failures = 0;
    await expect(
      runCommand(t.core, 'system:test', async () => {
        failures += 1;
        throw Object.assign(new Error('not null violation'), { code: '23502' });
      }),
    ).rejects.toThrow('not null violation');
    expect(failures).toBe(1);
  });

  it('keeps one gapless, verifiable chain under concurrent commands', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        runCommand(t.core, 'system:test', async ({ trx, at, record }) => {
          await insertUserRow(trx, `user-${i}`, at);
          record(`user/user-${i}`, 'user.created', { ...karimCreated, id: `user-${i}` });
          record(`user/user-${i}`, 'user.updated', { fullName: `User ${i}` });
        }),
      ),
    );
    const verdict = await verifyChain(t.core.db);
    expect(verdict).toMatchObject({ ok: true, count: 80, headSeq: 80 });
  });

  it('lets another writer (a second process) append between two commands without breaking the chain', async () => {
    // A second process: its own connection and its own kernel state (its own idea of the journal's head).
    const other = { ...t.core, db: t.database.open(), state: new ModuleState() };
    try {
      await runCommand(t.core, 'system:first', async ({ record }) => record('device/a', 'device.registered', { id: 'a', kind: 'other' }));
      await runCommand(other, 'system:second', async ({ record }) => record('device/b', 'device.registered', { id: 'b', kind: 'other' }));
      // The first writer's idea of the head is now stale: its append is refused and the command re-run.
      let runs = 0;
      await runCommand(t.core, 'system:first', async ({ record }) => {
        runs += 1;
        record('device/c', 'device.registered', { id: 'c', kind: 'other' });
      });
      expect(runs).toBe(2);
      expect(await verifyChain(t.core.db)).toMatchObject({ ok: true, count: 3 });
      const streams = (await findEvents(t.core.db, { limit: 10 })).map((e) => e.stream);
      expect(streams).toEqual(['device/a', 'device/b', 'device/c']);
    } finally {
      await other.db.destroy();
    }
  });

  it('refuses, in the database itself, a second event with the same sequence number', async () => {
    await runCommand(t.core, 'system:test', async ({ record }) => record('device/a', 'device.registered', { id: 'a', kind: 'other' }));
    const forged = { seq: 1, at: '2026-03-01T08:00:00.000Z', actor: 'user:mallory', stream: 'device/x', type: 'device.registered', data: '{}', prev_hash: '0'.repeat(64), hash: 'f'.repeat(64) };
    await expect(t.core.db.insertInto('journal').values(forged).execute()).rejects.toThrow();
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: true, count: 1 });
  });

  it('refuses to update or delete a journal event (append-only)', async () => {
    await createUser(t.core, 'system:test', { username: 'karim', fullName: 'Karim', roles: ['dispatcher'], password: 'long-enough-pass' });
    await expect(sql`update journal set actor = 'user:mallory' where seq = 1`.execute(t.core.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from journal where seq = 1`.execute(t.core.db)).rejects.toThrow(/append-only/);
    expect((await verifyChain(t.core.db)).ok).toBe(true);
  });
});
