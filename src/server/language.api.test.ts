import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { findEvents } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

describe(`the console language each person chooses (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_SESSION_TTL_SECONDS: '3600' } });
  });
  afterAll(async () => t.close());

  const me = async (token: string) => (await t.app.inject({ url: '/auth/me', headers: bearer(token) })).json();
  const choose = (token: string, payload: unknown) =>
    t.app.inject({ method: 'PUT', url: '/auth/me/language', headers: bearer(token), payload: payload as Record<string, unknown> });
  const languageEvents = async (username: string) =>
    (await findEvents(t.core.db, { stream: `user/${username}`, limit: 100 }))
      .filter((e) => e.type === 'user.language_changed')
      .map((e) => [e.actor, e.data]);

  it('has no language until the person chooses one', async () => {
    const { token } = await t.login(['dispatcher']);
    expect((await me(token)).user).toMatchObject({ locale: 'fr', language: null });
  });

  it('remembers the chosen language, shows it in /auth/me and at the next login, and journals each change once', async () => {
    const person = await t.login(['call-taker']);
    const chosen = await choose(person.token, { language: 'ar' });
    expect(chosen.statusCode, chosen.body).toBe(200);
    expect(chosen.json()).toEqual({ language: 'ar' });
    expect((await me(person.token)).user.language).toBe('ar');

    // The same choice again changes nothing and writes nothing.
    const head = await t.journalHead();
    expect((await choose(person.token, { language: 'ar' })).json()).toEqual({ language: 'ar' });
    expect(await t.journalHead()).toBe(head);

    expect((await choose(person.token, { language: 'en' })).statusCode).toBe(200);
    expect(await languageEvents(person.username)).toEqual([
      [`user:${person.username}`, { from: null, to: 'ar' }],
      [`user:${person.username}`, { from: 'ar', to: 'en' }],
    ]);
    const again = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: person.username, password: person.password } });
    expect(again.json().user.language).toBe('en');
  });

  it('refuses anything but ar, fr or en, naming the field and storing nothing', async () => {
    const person = await t.login(['supervisor']);
    const head = await t.journalHead();
    for (const payload of [{ language: 'de' }, { language: 'AR' }, { language: null }, { language: 1 }, {}]) {
      const refused = await choose(person.token, payload);
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      expect(refused.json().errors.map((e: { field: string }) => e.field), JSON.stringify(payload)).toEqual(['language']);
    }
    expect(await t.journalHead()).toBe(head);
    expect((await me(person.token)).user.language).toBeNull();
  });

  it('is for people: a device gets 403, a caller without a session 401', async () => {
    const { token: device } = await registerDevice(t.core, 'system:test', { name: 'pbx-lang-1', kind: 'telephony' });
    const refused = await choose(device, { language: 'fr' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    expect((await t.app.inject({ method: 'PUT', url: '/auth/me/language', payload: { language: 'fr' } })).statusCode).toBe(401);
  });

  it('can be chosen before a temporary password is changed (the password screen is shown in it)', async () => {
    const { token: admin } = await t.login(['administrator']);
    const created = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: bearer(admin),
      payload: { username: 'salma', fullName: 'Salma Tazi', roles: ['call-taker'], password: 'given-by-the-admin' },
    });
    expect(created.statusCode).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'salma', password: 'given-by-the-admin' } });
    const token = (login.json() as { token: string }).token;
    expect((await choose(token, { language: 'ar' })).statusCode).toBe(200);
    expect((await me(token)).user).toMatchObject({ username: 'salma', mustChangePassword: true, language: 'ar' });
  });
});

describe(`GET /auth/session: logged in or not, without a 401 (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_SESSION_TTL_SECONDS: '3600' } });
  });
  afterAll(async () => t.close());

  const session = (options: { token?: string; cookie?: string } = {}) =>
    t.app.inject({
      url: '/auth/session',
      ...(options.token === undefined ? {} : { headers: bearer(options.token) }),
      ...(options.cookie === undefined ? {} : { cookies: { amane_session: options.cookie } }),
    });

  it('answers {authenticated: false} to a visitor who sends nothing', async () => {
    const response = await session();
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ authenticated: false });
  });

  it('answers {authenticated: false} to an unknown or malformed token, by header or cookie', async () => {
    for (const options of [{ token: 'ams_not-a-real-session-token' }, { token: 'amd_not-a-real-device' }, { cookie: 'garbage' }, { cookie: '' }]) {
      const response = await session(options);
      expect(response.statusCode, JSON.stringify(options)).toBe(200);
      expect(response.json(), JSON.stringify(options)).toEqual({ authenticated: false });
    }
  });

  it('answers with what /auth/me says to a logged-in person, by cookie or bearer token', async () => {
    const person = await t.login(['dispatcher']);
    await t.app.inject({ method: 'PUT', url: '/auth/me/language', headers: bearer(person.token), payload: { language: 'fr' } });
    const me = (await t.app.inject({ url: '/auth/me', headers: bearer(person.token) })).json();
    expect(me.user).toMatchObject({ username: person.username, language: 'fr' });
    const byCookie = await session({ cookie: person.token });
    expect(byCookie.statusCode).toBe(200);
    expect(byCookie.json()).toEqual({ authenticated: true, user: me });
    expect((await session({ token: person.token })).json()).toEqual({ authenticated: true, user: me });
  });

  it('answers with the device to a device token', async () => {
    const { token } = await registerDevice(t.core, 'system:test', { name: 'car-session-1', kind: 'vehicle' });
    const body = (await session({ token })).json();
    expect(body).toMatchObject({ authenticated: true, user: { device: { name: 'car-session-1', kind: 'vehicle' } } });
    expect(body.user.user).toBeUndefined();
  });

  it('answers {authenticated: false} once the session expired, was revoked or was closed', async () => {
    const { token: admin } = await t.login(['administrator']);
    const revokedPerson = await t.login(['supervisor']);
    const [open] = (await t.app.inject({ url: `/users/${revokedPerson.id}/sessions`, headers: bearer(admin) })).json() as { id: string }[];
    expect((await t.app.inject({ method: 'POST', url: `/sessions/${open!.id}/revoke`, headers: bearer(admin), payload: { reason: 'left the room' } })).statusCode).toBe(204);
    expect((await session({ cookie: revokedPerson.token })).json()).toEqual({ authenticated: false });

    const leaving = await t.login(['call-taker']);
    expect((await t.app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(leaving.token) })).statusCode).toBe(204);
    expect((await session({ cookie: leaving.token })).json()).toEqual({ authenticated: false });

    const expiring = await t.login(['dispatcher']);
    expect((await session({ cookie: expiring.token })).json()).toMatchObject({ authenticated: true });
    t.clock.advance(3_600_000);
    const expired = await session({ cookie: expiring.token });
    expect(expired.statusCode).toBe(200);
    expect(expired.json()).toEqual({ authenticated: false });
  });

  it('writes nothing to the journal', async () => {
    const person = await t.login(['auditor']);
    const head = await t.journalHead();
    await session();
    await session({ cookie: person.token });
    await session({ token: 'ams_nope' });
    expect(await t.journalHead()).toBe(head);
  });
});
