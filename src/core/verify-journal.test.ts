import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from './command.js';
import { coreMigrations } from './core.migrations.js';
import { dialectOf, type Db } from './database.js';
import { findEvents, indexEvents, verifyChain } from './journal.repository.js';
import { setupTestCore, testDatabaseKind, type TestCore } from './testing.js';

const run = promisify(execFile);
const AMANE = path.resolve(import.meta.dirname, '../../bin/amane.js');

/** What someone with write access to the database could do: lift the append-only guard. */
async function liftAppendOnlyGuard(db: Db): Promise<void> {
  if (dialectOf(db) === 'postgres') await sql`drop trigger journal_append_only on journal`.execute(db);
  else {
    await sql`drop trigger journal_no_update`.execute(db);
    await sql`drop trigger journal_no_delete`.execute(db);
  }
}

async function verifyWithCli(databaseUrl: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [AMANE, 'verify-journal', ...args], {
      env: { ...process.env, AMANE_DATABASE_URL: databaseUrl, AMANE_LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe(`verify-journal (${testDatabaseKind()})`, () => {
  let t: TestCore;

  beforeEach(async () => {
    t = await setupTestCore({ migrations: coreMigrations });
    for (let i = 1; i <= 6; i += 1) {
      await runCommand(t.core, 'system:test', async ({ record }) => record(`device/car-${i}`, 'device.registered', { n: i }));
      t.clock.advance(1_000);
    }
    // Events 1-5 are checkpointed; event 6 is the unindexed tail.
    await indexEvents(t.core.db, 5);
    await liftAppendOnlyGuard(t.core.db);
  });
  afterEach(async () => t.close());

  it('accepts an intact journal and prints its count and head hash (exit 0)', async () => {
    const verdict = await verifyChain(t.core.db);
    expect(verdict).toMatchObject({ ok: true, count: 6, headSeq: 6 });
    const cli = await verifyWithCli(t.database.url);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/journal verified: 6 events, head 6 [0-9a-f]{64}/);
  });

  it('names an edited event (exit 1)', async () => {
    await sql`update journal set data = ${JSON.stringify({ n: 99 })} where seq = 3`.execute(t.core.db);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: false, brokenAt: 3 });
    const cli = await verifyWithCli(t.database.url);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('journal BROKEN at event 3: event 3 was altered');
  });

  it('names an edited actor or time even when the data is untouched', async () => {
    await sql`update journal set actor = 'user:someone-else' where seq = 2`.execute(t.core.db);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('names a deleted event in the middle', async () => {
    await sql`delete from journal where seq = 4`.execute(t.core.db);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: false, brokenAt: 4, reason: 'event 4 is missing (the next one is 5)' });
    const cli = await verifyWithCli(t.database.url);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('BROKEN at event 4');
  });

  it('names deleted last events that the checkpoint had seen', async () => {
    await sql`delete from journal where seq >= 5`.execute(t.core.db);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: false, brokenAt: 5, reason: 'event 5 is missing (the checkpoint names event 5)' });
  });

  it('names deleted events past the checkpoint when checked against an anchor logged earlier', async () => {
    const intact = await verifyChain(t.core.db);
    if (!intact.ok) throw new Error('expected an intact journal');
    await sql`delete from journal where seq = 6`.execute(t.core.db);
    // Past the checkpoint, the database alone cannot tell a truncated tail from a short one...
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: true, count: 5 });
    // ...but the head it logged earlier can.
    const cli = await verifyWithCli(t.database.url, '--anchor', `${intact.headSeq}:${intact.headHash}`);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('BROKEN at event 6: event 6 is missing (the anchor names event 6)');
  });

  it('accepts an anchor that matches the chain', async () => {
    const intact = await verifyChain(t.core.db);
    if (!intact.ok) throw new Error('expected an intact journal');
    expect(await verifyChain(t.core.db, { anchor: { seq: 3, hash: (await findEvents(t.core.db, { afterSeq: 2, limit: 1 }))[0]!.hash } })).toMatchObject({ ok: true });
    expect(await verifyChain(t.core.db, { anchor: { seq: 3, hash: 'a'.repeat(64) } })).toMatchObject({ ok: false, brokenAt: 3 });
  });

  it('names reordered events (two events swap their places)', async () => {
    await sql`update journal set seq = 100 where seq = 2`.execute(t.core.db);
    await sql`update journal set seq = 2 where seq = 3`.execute(t.core.db);
    await sql`update journal set seq = 3 where seq = 100`.execute(t.core.db);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: false, brokenAt: 2 });
    const cli = await verifyWithCli(t.database.url);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('BROKEN at event 2');
  });

  it('names a deleted checkpoint in one line, without a stack trace (exit 1)', async () => {
    await sql`delete from journal_checkpoint`.execute(t.core.db);
    expect(await verifyChain(t.core.db)).toEqual({
      ok: false,
      count: 6,
      reason: 'the journal checkpoint is missing (table journal_checkpoint has no row 1): events deleted from the end of the journal could not be detected',
    });
    const cli = await verifyWithCli(t.database.url);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toBe(
      'journal BROKEN: the journal checkpoint is missing (table journal_checkpoint has no row 1): ' +
        'events deleted from the end of the journal could not be detected (6 events verified)\n',
    );
    expect(cli.stderr).not.toMatch(/NoResultError|\n\s+at /);
  });

  it('still names an altered event first when the checkpoint is gone too', async () => {
    await sql`delete from journal_checkpoint`.execute(t.core.db);
    await sql`update journal set data = ${JSON.stringify({ n: 99 })} where seq = 2`.execute(t.core.db);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: false, brokenAt: 2, reason: 'event 2 was altered (its hash does not match its content)' });
  });

  it('says in one line that a journal table it cannot read is broken (exit 1)', async () => {
    await sql`drop table journal_checkpoint`.execute(t.core.db);
    const cli = await verifyWithCli(t.database.url);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(/^journal BROKEN: it cannot be read \((no such table: journal_checkpoint|relation "journal_checkpoint" does not exist)\)\n$/);
    expect(cli.stderr).not.toMatch(/\n\s+at /);
  });

  it('names an event whose hash was recomputed after an edit, by the next link', async () => {
    const { rows } = await sql<{ hash: string }>`select hash from journal where seq = 4`.execute(t.core.db);
    await sql`update journal set data = '{"n":44}', hash = ${'f'.repeat(64)} where seq = 4`.execute(t.core.db);
    expect(rows[0]!.hash).not.toBe('f'.repeat(64));
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: false, brokenAt: 4 });
  });
});
