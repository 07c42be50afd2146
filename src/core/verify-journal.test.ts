import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from './command.js';
import { coreMigrations } from './core.migrations.js';
import { dialectOf, type Db } from './database.js';
import fs from 'node:fs';
import {
  createAttestor,
  FileAnchorSink,
  keyFolderPublicKeys,
  loadVerifyingKeys,
  PUBLIC_KEY_FILE,
  rotateSigningKey,
  verifyAttestedJournal,
  type JournalAttestor,
} from './journal-attestation.js';
import { hashEvent, type JsonObject } from './journal.js';
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

async function verifyWithCli(settings: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [AMANE, 'verify-journal', ...args], {
      env: { ...process.env, ...settings, AMANE_LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe(`verify-journal, the hash chain (${testDatabaseKind()})`, () => {
  let t: TestCore;

  beforeEach(async () => {
    t = await setupTestCore({ migrations: coreMigrations });
    for (let i = 1; i <= 6; i += 1) {
      await runCommand(t.core, 'system:test', async ({ record }) => record(`device/car-${i}`, 'device.registered', { id: `car-${i}`, kind: 'vehicle' }));
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
    const cli = await verifyWithCli(t.database.settings, '--chain-only');
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/journal verified: 6 events, head 6 [0-9a-f]{64}/);
    expect(cli.stdout).toContain('chain only: without the signed anchors');
  });

  it('names an edited event (exit 1)', async () => {
    await sql`update journal set data = ${JSON.stringify({ n: 99 })} where seq = 3`.execute(t.core.db);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: false, brokenAt: 3 });
    const cli = await verifyWithCli(t.database.settings, '--chain-only');
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
    const cli = await verifyWithCli(t.database.settings, '--chain-only');
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
    const cli = await verifyWithCli(t.database.settings, '--chain-only', '--anchor', `${intact.headSeq}:${intact.headHash}`);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('BROKEN at event 6: event 6 is missing (the anchor names event 6)');
  });

  it('accepts an anchor that matches the chain', async () => {
    const intact = await verifyChain(t.core.db);
    if (!intact.ok) throw new Error('expected an intact journal');
    const third = (await findEvents(t.core.db, { afterSeq: 2, limit: 1 }))[0]!.hash;
    expect(await verifyChain(t.core.db, { anchors: new Map([[3, { hash: third, label: 'the anchor' }]]) })).toMatchObject({ ok: true });
    expect(await verifyChain(t.core.db, { anchors: new Map([[3, { hash: 'a'.repeat(64), label: 'the anchor' }]]) })).toMatchObject({
      ok: false,
      brokenAt: 3,
      fault: 'anchor_differs',
      reason: 'event 3 differs from the anchor',
    });
  });

  it('names reordered events (two events swap their places)', async () => {
    await sql`update journal set seq = 100 where seq = 2`.execute(t.core.db);
    await sql`update journal set seq = 2 where seq = 3`.execute(t.core.db);
    await sql`update journal set seq = 3 where seq = 100`.execute(t.core.db);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: false, brokenAt: 2 });
    const cli = await verifyWithCli(t.database.settings, '--chain-only');
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('BROKEN at event 2');
  });

  it('names a deleted checkpoint in one line, without a stack trace (exit 1)', async () => {
    await sql`delete from journal_checkpoint`.execute(t.core.db);
    expect(await verifyChain(t.core.db)).toEqual({
      ok: false,
      count: 6,
      fault: 'checkpoint_missing',
      reason: 'the journal checkpoint is missing (table journal_checkpoint has no row 1): events deleted from the end of the journal could not be detected',
    });
    const cli = await verifyWithCli(t.database.settings, '--chain-only');
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
    const cli = await verifyWithCli(t.database.settings, '--chain-only');
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

/**
 * What a database writer may do to the journal, against signed anchors: the signing key lives in the
 * key folder and the anchors in their own file, never in the database, so every rewrite shows.
 */
describe(`verify-journal against signed anchors (${testDatabaseKind()})`, () => {
  let t: TestCore;
  let attestor: JournalAttestor;

  async function record(n: number): Promise<void> {
    await runCommand(t.core, 'system:test', async ({ record: add }) => add(`device/car-${n}`, 'device.registered', { id: `car-${n}`, kind: 'vehicle' }));
    t.clock.advance(1_000);
  }

  /** Verifies as `amane verify-journal` does, with the key folder's public key and the anchors file. */
  async function verify(pendingSeconds = 0) {
    const anchors = await new FileAnchorSink(t.core.config.journalAnchorsFile).readAll();
    const keys = loadVerifyingKeys([path.join(t.core.config.keyDirectory, PUBLIC_KEY_FILE)]);
    return verifyAttestedJournal(t.core.db, { anchors, keys, now: t.clock.now(), pendingSeconds });
  }

  /** The rows from `from` on, re-chained after an edit as a writer with the whole database would. */
  async function rehashFrom(from: number): Promise<void> {
    const rows = (await sql<{ seq: number; at: string; actor: string; stream: string; type: string; data: string; hash: string; prev_hash: string }>`
      select * from journal order by seq`.execute(t.core.db)).rows;
    let prevHash = rows.find((row) => row.seq === from - 1)?.hash ?? '0'.repeat(64);
    for (const row of rows.filter((each) => each.seq >= from)) {
      const hash = hashEvent(prevHash, { seq: row.seq, at: row.at, actor: row.actor, stream: row.stream, type: row.type, data: JSON.parse(row.data) as JsonObject });
      await sql`update journal set prev_hash = ${prevHash}, hash = ${hash} where seq = ${row.seq}`.execute(t.core.db);
      prevHash = hash;
    }
    // The checkpoint row too: the chain alone then holds.
    const last = rows[rows.length - 1]!.seq;
    await sql`update journal_checkpoint set seq = ${last}, hash = ${prevHash}`.execute(t.core.db);
  }

  beforeEach(async () => {
    t = await setupTestCore({ migrations: coreMigrations });
    attestor = createAttestor(t.core);
    await attestor.start();
    for (let n = 1; n <= 4; n += 1) await record(n);
    await attestor.attest('interval');
    for (let n = 5; n <= 6; n += 1) await record(n);
    // A clean stop signs the head: anchors at events 4 and 6.
    await attestor.stop();
    await indexEvents(t.core.db);
    await liftAppendOnlyGuard(t.core.db);
  });
  afterEach(async () => t.close());

  it('accepts the intact journal, and the command line says how many anchors cover it (exit 0)', async () => {
    expect(await verify()).toMatchObject({ ok: true, count: 6, attestation: { anchors: 2, anchoredSeq: 6, pending: 0, signedAtStart: [] } });
    const cli = await verifyWithCli(t.database.settings);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toMatch(/^journal verified: 6 events, head 6 [0-9a-f]{64}\n {2}2 signed anchors; the last covers event 6\n$/);
  });

  it('keeps the signing key out of the database: the anchors verify with the public key alone', async () => {
    const privatePem = fs.readFileSync(path.join(t.core.config.keyDirectory, 'journal-signing.key'), 'utf8');
    expect(fs.statSync(path.join(t.core.config.keyDirectory, 'journal-signing.key')).mode & 0o077).toBe(0);
    const body = privatePem.split('\n').filter((line) => !line.startsWith('-----')).join('');
    const { rows } = await sql<{ data: string }>`select data from journal`.execute(t.core.db);
    expect(rows.some((row) => row.data.includes(body))).toBe(false);
    if (testDatabaseKind() === 'sqlite') expect(fs.readFileSync(t.database.url).includes(body)).toBe(false);
  });

  it('detects an edited event', async () => {
    await sql`update journal set data = ${JSON.stringify({ n: 99 })} where seq = 3`.execute(t.core.db);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 3, reason: 'event 3 was altered (its hash does not match its content)' });
  });

  it('detects a deleted event', async () => {
    await sql`delete from journal where seq = 2`.execute(t.core.db);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('detects reordered events', async () => {
    await sql`update journal set seq = 100 where seq = 2`.execute(t.core.db);
    await sql`update journal set seq = 2 where seq = 3`.execute(t.core.db);
    await sql`update journal set seq = 3 where seq = 100`.execute(t.core.db);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 2 });
  });

  it('detects a truncation, even with the checkpoint moved back to match', async () => {
    const fourth = (await findEvents(t.core.db, { afterSeq: 3, limit: 1 }))[0]!;
    await sql`delete from journal where seq > 4`.execute(t.core.db);
    await sql`update journal_checkpoint set seq = 4, hash = ${fourth.hash}`.execute(t.core.db);
    // The chain alone holds...
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: true, count: 4 });
    // ...the last anchor does not.
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 5, reason: expect.stringMatching(/^event 5 is missing \(the anchor signed at .* names event 6\)$/) as unknown });
    const cli = await verifyWithCli(t.database.settings);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('journal BROKEN at event 5: event 5 is missing');
  });

  it('detects a full rehash after an edit, which the chain alone cannot', async () => {
    await sql`update journal set data = ${JSON.stringify({ n: 33 })} where seq = 3`.execute(t.core.db);
    await rehashFrom(3);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: true, count: 6 });
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 4, reason: expect.stringMatching(/^event 4 differs from the anchor signed at /) as unknown });
    const cli = await verifyWithCli(t.database.settings);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('journal BROKEN at event 4: event 4 differs from the anchor signed at');
  });

  it('detects an event deleted and the rest renumbered and rehashed', async () => {
    await sql`delete from journal where seq = 3`.execute(t.core.db);
    for (let seq = 4; seq <= 6; seq += 1) await sql`update journal set seq = ${seq - 1} where seq = ${seq}`.execute(t.core.db);
    await rehashFrom(3);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: true, count: 5 });
    expect(await verify()).toMatchObject({ ok: false, brokenAt: 4 });
  });

  it('detects an event forged at the head, past the last anchor', async () => {
    const head = (await findEvents(t.core.db, { afterSeq: 5, limit: 1 }))[0]!;
    const forged = { seq: 7, at: t.clock.now().toISOString(), actor: 'user:chief', stream: 'user/chief', type: 'user.role_granted', data: { role: 'auditor' } };
    await sql`insert into journal (seq, at, actor, stream, type, data, prev_hash, hash)
      values (${forged.seq}, ${forged.at}, ${forged.actor}, ${forged.stream}, ${forged.type}, ${JSON.stringify(forged.data)}, ${head.hash}, ${hashEvent(head.hash, forged)})`.execute(t.core.db);
    expect(await verifyChain(t.core.db)).toMatchObject({ ok: true, count: 7 });
    t.clock.advance(60_000);
    expect(await verify(15)).toMatchObject({
      ok: false,
      brokenAt: 7,
      reason: 'event 7 is not covered by a signed anchor: written after the last one by something that holds no signing key',
    });
    const cli = await verifyWithCli(t.database.settings);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain('journal BROKEN at event 7');
    // Within the signer's interval an unanchored head is waiting for its anchor, and is said to be.
    expect(await verify(120)).toMatchObject({ ok: true, attestation: { anchoredSeq: 6, pending: 1 } });
    // A centre started over it signs it, and says in the anchor that it found it at the start.
    const restarted = createAttestor(t.core);
    await restarted.start();
    await restarted.stop();
    expect(await verify()).toMatchObject({ ok: true, attestation: { anchoredSeq: 7, signedAtStart: [{ from: 7, to: 7 }] } });
  });

  it('detects an altered anchor, an anchor from another key and a deleted anchors file', async () => {
    const file = t.core.config.journalAnchorsFile;
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    const altered = JSON.parse(lines[0]!) as Record<string, unknown>;
    fs.writeFileSync(file, `${JSON.stringify({ ...altered, seq: 3 })}\n${lines[1]!}\n`);
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/line 1: the signature of the anchor of event 3 does not verify/) as unknown });

    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const other = await setupTestCore({ migrations: coreMigrations });
    try {
      await record(7);
      const stranger = createAttestor(other.core);
      // Signs this database's head with a key of its own, into this database's anchors file.
      const { signAnchor, loadSigningKey } = await import('./journal-attestation.js');
      const head = (await findEvents(t.core.db, { afterSeq: 6, limit: 1 }))[0]!;
      fs.appendFileSync(file, `${JSON.stringify(signAnchor(loadSigningKey(other.core.config), { seq: 7, hash: head.hash, at: head.at, previousSeq: 6, reason: 'interval' }))}\n`);
      await stranger.stop();
      expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/line 3 is signed by key [0-9a-f]{16}, which is not among the verifying keys/) as unknown });
    } finally {
      await other.close();
    }

    fs.rmSync(file);
    expect(await verify()).toMatchObject({ ok: false, reason: "no signed anchor covers the journal's 7 events: without one a rewritten or forged journal cannot be told apart" });
  });

  it('verifies anchors signed before and after a rotation of the key, the retired private key gone', async () => {
    const rotated = rotateSigningKey(t.core.config);
    expect(rotated.keyId).not.toBe(rotated.previousKeyId);
    const folder = fs.readdirSync(t.core.config.keyDirectory).filter((name) => name.startsWith('journal-signing')).sort();
    expect(folder).toEqual([`journal-signing.${rotated.previousKeyId}.pub`, 'journal-signing.key', 'journal-signing.pub']);
    const next = createAttestor(t.core);
    await next.start();
    await record(7);
    await next.stop();
    const anchors = await new FileAnchorSink(t.core.config.journalAnchorsFile).readAll();
    expect(anchors.map((a) => [a.anchor?.keyId, a.anchor?.seq, a.anchor?.previousSeq])).toEqual([
      [rotated.previousKeyId, 4, 0],
      [rotated.previousKeyId, 6, 4],
      [rotated.keyId, 7, 6],
    ]);
    const keys = loadVerifyingKeys(keyFolderPublicKeys(t.core.config.keyDirectory));
    expect(await verifyAttestedJournal(t.core.db, { anchors, keys, now: t.clock.now(), pendingSeconds: 0 })).toMatchObject({ ok: true, count: 7, attestation: { anchors: 3 } });
    // With the new public key alone, the old anchors are named as signed by a key it does not know.
    expect(await verify()).toMatchObject({ ok: false, reason: expect.stringMatching(/line 1 is signed by key [0-9a-f]{16}, which is not among the verifying keys/) as unknown });
    const cli = await verifyWithCli(t.database.settings);
    expect(cli.stdout).toMatch(/^journal verified: 7 events/);
  });

  it('refuses to verify without the public key, instead of passing (exit 2)', async () => {
    fs.rmSync(path.join(t.core.config.keyDirectory, PUBLIC_KEY_FILE));
    const cli = await verifyWithCli(t.database.settings);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/journal-signing\.pub: no such file/);
  });
});
