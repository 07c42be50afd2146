import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedLoginDigestKey } from '../core/auth/refused-logins.js';
import { findEvents } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp, type TestApp } from './testing.js';

describe(`refused logins in the journal (${testDatabaseKind()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await setupTestApp();
  });
  afterAll(async () => t.close());

  const login = (username: string, remoteAddress: string) =>
    t.app.inject({ method: 'POST', url: '/auth/login', remoteAddress, payload: { username, password: 'not-the-password-at-all' } });

  it('sums refusals for names that are no account per address, one event a minute, and keeps one event per refusal of a real account', async () => {
    const head = await t.journalHead();
    for (let i = 0; i < 8; i += 1) expect((await login(`nobody-${i}`, '192.0.2.10')).statusCode).toBe(401);
    for (let i = 0; i < 3; i += 1) expect((await login(`ghost-${i}`, '192.0.2.11')).statusCode).toBe(401);
    const real = await t.login(['dispatcher']);
    expect((await login(real.username, '192.0.2.12')).statusCode).toBe(401);
    // Until the digest is written, the guesses added nothing to the journal; the real account's refusal is there.
    const written = await findEvents(t.core.db, { afterSeq: head, limit: 100 });
    expect(written.filter((e) => e.type === 'user.login_failed').map((e) => e.stream)).toEqual([`user/${real.username}`]);
    expect(written.some((e) => e.stream.startsWith('user/nobody') || e.stream.startsWith('user/ghost'))).toBe(false);

    await t.core.state.find(refusedLoginDigestKey)!.flush(t.core);
    const digests = await findEvents(t.core.db, { stream: 'security/logins', limit: 10 });
    expect(digests.map((e) => [e.type, e.actor, e.data.clientAddress, e.data.attempts, e.data.namesShown])).toEqual([
      ['security.logins_refused', 'system:login-guard', '192.0.2.10', 8, 8],
      ['security.logins_refused', 'system:login-guard', '192.0.2.11', 3, 3],
    ]);
    expect(digests[1]!.data.names).toEqual(['ghost-0', 'ghost-1', 'ghost-2']);
    // Nothing more to say: the next flush writes nothing.
    const after = await t.journalHead();
    await t.core.state.find(refusedLoginDigestKey)!.flush(t.core);
    expect(await t.journalHead()).toBe(after);
  });

  it('locks a name that is no account as it locks a real one, so the lock tells nothing', async () => {
    for (let i = 0; i < 5; i += 1) expect((await login('no-such-account', `198.51.100.${i}`)).statusCode).toBe(401);
    const locked = await login('no-such-account', '198.51.100.9');
    expect(locked.statusCode).toBe(429);
  });
});
