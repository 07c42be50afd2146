import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from '../core/auth/secret.js';
import { endIdleSessionsNow } from '../core/auth/session.service.js';
import { findEvents } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { LiveClient } from './live-client.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

// This describe's own centre: its clock is moved by hours, which no other test shares.
describe(`the idle lock (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_SESSION_IDLE_MINUTES: '30' } });
  });
  afterAll(async () => t.close());

  const MINUTE = 60_000;
  const me = (token: string) => t.app.inject({ url: '/auth/me', headers: bearer(token) });
  const sessionRow = (token: string) => t.core.db.selectFrom('session').selectAll().where('token_hash', '=', tokenHash(token)).executeTakeFirstOrThrow();
  const userEvents = async (username: string) => (await findEvents(t.core.db, { stream: `user/${username}`, limit: 100 })).map((e) => [e.type, e.actor, e.data]);

  it('ends a session unused for 30 minutes: its next request gets 401 session_idle, the row is ended and the journal says so', async () => {
    const person = await t.login(['dispatcher']);
    t.clock.advance(29 * MINUTE);
    expect((await me(person.token)).statusCode).toBe(200);
    t.clock.advance(30 * MINUTE);
    const refused = await me(person.token);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: 'session_idle', detail: 'the session went unused for 30 minutes and was ended; log in again' });
    const row = await sessionRow(person.token);
    expect(row.revoked_at).toBe(t.clock.now().toISOString());
    expect(row.idle_expired_at).toBe(t.clock.now().toISOString());
    const ended = (await userEvents(person.username)).filter(([type]) => type === 'session.idle_expired');
    expect(ended).toEqual([['session.idle_expired', 'system:idle-lock', { sessionId: row.id, lastSeenAt: new Date(t.clock.now().getTime() - 30 * MINUTE).toISOString() }]]);
    // It stays ended, and says why, however it is used next; the session probe answers as for a visitor.
    t.clock.advance(MINUTE);
    expect((await t.app.inject({ url: '/users', headers: bearer(person.token) })).json()).toMatchObject({ status: 401, code: 'session_idle' });
    expect((await t.app.inject({ url: '/auth/session', headers: bearer(person.token) })).json()).toEqual({ authenticated: false });
    expect((await userEvents(person.username)).filter(([type]) => type === 'session.idle_expired')).toHaveLength(1);
    // Logging in again opens a new session.
    const again = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: person.username, password: person.password } });
    expect((await me((again.json() as { token: string }).token)).statusCode).toBe(200);
  });

  it('keeps a session in use open past the idle time, recording its use at most once a minute', async () => {
    const person = await t.login(['call-taker']);
    const opened = (await sessionRow(person.token)).last_seen_at;
    // Requests within the minute write nothing.
    t.clock.advance(20_000);
    expect((await me(person.token)).statusCode).toBe(200);
    t.clock.advance(20_000);
    expect((await me(person.token)).statusCode).toBe(200);
    expect((await sessionRow(person.token)).last_seen_at).toBe(opened);
    // A request after a minute records its time; used every 25 minutes, the session lives on.
    t.clock.advance(25_000);
    expect((await me(person.token)).statusCode).toBe(200);
    expect((await sessionRow(person.token)).last_seen_at).toBe(t.clock.now().toISOString());
    for (let i = 0; i < 4; i += 1) {
      t.clock.advance(25 * MINUTE);
      expect((await me(person.token)).statusCode).toBe(200);
    }
    // The sweep (ending the earlier tests' sessions, idle by now) leaves it open.
    await endIdleSessionsNow(t.core);
    expect((await me(person.token)).statusCode).toBe(200);
  });

  it('does not count the requests a console makes on its own while nobody touches it', async () => {
    const person = await t.login(['dispatcher']);
    const background = { ...bearer(person.token), 'x-amane-background': '1' };
    for (let i = 0; i < 5; i += 1) {
      t.clock.advance(5 * MINUTE);
      expect((await t.app.inject({ url: '/incidents', headers: background })).statusCode).toBe(200);
    }
    t.clock.advance(5 * MINUTE);
    expect((await t.app.inject({ url: '/incidents', headers: background })).json()).toMatchObject({ status: 401, code: 'session_idle' });
  });

  it("closes an open live feed when the sweep ends its idle session, with the idle lock's close code", async () => {
    const base = (await t.app.listen({ host: '127.0.0.1', port: 0 })).replace('http://', 'ws://');
    const idle = await t.login(['supervisor']);
    const busy = await t.login(['supervisor']);
    const idleFeed = await LiveClient.connect(`${base}/live`, idle.token);
    const busyFeed = await LiveClient.connect(`${base}/live`, busy.token);
    await Promise.all([idleFeed, busyFeed].map((c) => c.waitFor((x) => x.messages.some((m) => m.type === 'hello'))));
    // An open feed is no use of the session: only requests are.
    t.clock.advance(20 * MINUTE);
    expect((await me(busy.token)).statusCode).toBe(200);
    t.clock.advance(10 * MINUTE);
    expect(await endIdleSessionsNow(t.core)).toBeGreaterThanOrEqual(1);
    await idleFeed.waitFor((c) => c.closeCode !== undefined);
    expect(idleFeed.closeCode).toBe(4002);
    expect((await me(idle.token)).json()).toMatchObject({ code: 'session_idle' });
    // The session in use keeps its feed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(busyFeed.closeCode).toBeUndefined();
    expect((await me(busy.token)).statusCode).toBe(200);
    busyFeed.close();
  });

  it('leaves device tokens alone, however long they go unused', async () => {
    const admin = await t.login(['administrator']);
    const created = await t.app.inject({ method: 'POST', url: '/devices', headers: bearer(admin.token), payload: { name: 'car-idle-1', kind: 'vehicle' } });
    const deviceToken = (created.json() as { token: string }).token;
    t.clock.advance(6 * 60 * MINUTE);
    await endIdleSessionsNow(t.core);
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(deviceToken) })).statusCode).toBe(200);
    expect((await me(admin.token)).json()).toMatchObject({ code: 'session_idle' });
  });

  it('lists only sessions still open, idle ones left out, with their last use', async () => {
    const admin = await t.login(['administrator']);
    const person = await t.login(['dispatcher']);
    t.clock.advance(31 * MINUTE);
    const relogged = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: admin.username, password: admin.password } });
    const adminToken = (relogged.json() as { token: string }).token;
    expect((await t.app.inject({ url: `/users/${person.id}/sessions`, headers: bearer(adminToken) })).json()).toEqual([]);
    const fresh = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: person.username, password: person.password } });
    const sessions = (await t.app.inject({ url: `/users/${person.id}/sessions`, headers: bearer(adminToken) })).json() as { id: string; lastSeenAt: string }[];
    expect(sessions).toEqual([expect.objectContaining({ id: (fresh.json() as { session: { id: string } }).session.id, lastSeenAt: t.clock.now().toISOString() })]);
  });
});
