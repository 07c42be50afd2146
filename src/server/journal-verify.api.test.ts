import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAttestor } from '../core/journal-attestation.js';
import { hashEvent } from '../core/journal.js';
import { findLastEvent } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

describe(`GET /journal/verify, for auditors (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let auditor: string;

  beforeAll(async () => {
    t = await setupTestApp();
    auditor = (await t.login(['auditor'])).token;
  });
  afterAll(async () => t.close());

  const verify = async () => {
    const response = await t.app.inject({ url: '/journal/verify', headers: bearer(auditor) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Record<string, unknown>;
  };

  it('says whether the chain was checked against signed anchors, and names an event forged past the last one', async () => {
    // No signing key was ever made for this centre: the chain alone, and the answer says so.
    expect(await verify()).toMatchObject({ ok: true, attested: false });
    const attestor = createAttestor(t.core);
    await attestor.attest('interval');
    const head = await findLastEvent(t.core.db);
    expect(await verify()).toMatchObject({ ok: true, attested: true, headSeq: head.seq, attestation: { anchors: 1, anchoredSeq: head.seq, pending: 0, lastAnchoredAt: t.clock.now().toISOString() } });

    // A writer of the database appends an event of its own, with a valid link; once the signer's interval
    // has passed without an anchor over it, it shows.
    const forged = { seq: head.seq + 1, at: t.clock.now().toISOString(), actor: 'user:x', stream: 'user/x', type: 'user.created', data: {} };
    await sql`insert into journal (seq, at, actor, stream, type, data, prev_hash, hash)
      values (${forged.seq}, ${forged.at}, ${forged.actor}, ${forged.stream}, ${forged.type}, '{}', ${head.hash}, ${hashEvent(head.hash, forged)})`.execute(t.core.db);
    expect(await verify()).toMatchObject({ ok: true, attested: true, attestation: { pending: 1 } });
    t.clock.advance(t.core.config.journalAnchorSeconds * 3_000 + 1_000);
    expect(await verify()).toMatchObject({ ok: false, attested: true, brokenAt: forged.seq, fault: 'past_last_anchor', reason: expect.stringContaining('not covered by a signed anchor') as unknown });
  });
});
