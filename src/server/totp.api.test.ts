import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonRole } from '../core/auth/permission.js';
import { totpCode } from '../core/auth/totp.js';
import { findEvents } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

const STEP = 30_000;

// Each describe has its own centre: the clock moves by code steps and lock times, shared with no other test.
describe(`the second factor, required for the roles that need it (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_TOTP_REQUIRED: 'on' } });
  });
  afterAll(async () => t.close());

  const loginWith = (username: string, password: string, code?: string, remoteAddress = '10.20.0.1') =>
    t.app.inject({ method: 'POST', url: '/auth/login', payload: { username, password, ...(code === undefined ? {} : { code }) }, remoteAddress });
  const startEnrolment = (token: string) => t.app.inject({ method: 'POST', url: '/auth/totp/enrolment', headers: bearer(token) });
  const confirm = (token: string, code: string) => t.app.inject({ method: 'POST', url: '/auth/totp/enrolment/confirm', headers: bearer(token), payload: { code } });
  const me = async (token: string) => (await t.app.inject({ url: '/auth/me', headers: bearer(token) })).json();

  /** A person with their second factor enrolled (the clock then moves on a step, so the confirming code is spent). */
  async function enrolled(roles: readonly PersonRole[]) {
    const person = await t.login(roles);
    const { secret } = (await startEnrolment(person.token)).json() as { secret: string };
    expect((await confirm(person.token, totpCode(secret, t.clock.now()))).statusCode).toBe(204);
    t.clock.advance(STEP);
    return { ...person, secret };
  }

  it('enrols a factor: a secret shown once as text and URI, stored encrypted, active once a current code confirms it, journaled without the secret', async () => {
    const person = await t.login(['dispatcher']);
    expect((await me(person.token)).secondFactor).toEqual({ state: 'none', enrolledAt: null, mustEnrol: false });
    const started = await startEnrolment(person.token);
    expect(started.statusCode).toBe(201);
    const enrolment = started.json() as { secret: string; uri: string };
    expect(enrolment).toMatchObject({ secret: expect.stringMatching(/^[A-Z2-7]{32}$/) as string, algorithm: 'SHA1', digits: 6, period: 30 });
    expect(enrolment.uri).toBe(`otpauth://totp/Amane:${person.username}%40casablanca.police.ma?issuer=Amane&secret=${enrolment.secret}&algorithm=SHA1&digits=6&period=30`);
    expect((await me(person.token)).secondFactor).toMatchObject({ state: 'pending' });
    const row = await t.core.db.selectFrom('user_totp').selectAll().where('user_id', '=', person.id).executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^v1\./);
    expect(row.secret).not.toContain(enrolment.secret);
    expect(row.confirmed_at).toBeNull();

    // A code of another secret, or of a minute ago, confirms nothing.
    const wrong = await confirm(person.token, totpCode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', t.clock.now()));
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ field: 'code', message: "is not the code the app shows now: check the phone's time, or wait for the next code" }]);
    expect((await confirm(person.token, totpCode(enrolment.secret, new Date(t.clock.now().getTime() - 2 * STEP)))).statusCode).toBe(400);
    expect((await confirm(person.token, totpCode(enrolment.secret, t.clock.now()))).statusCode).toBe(204);
    expect((await me(person.token)).secondFactor).toEqual({ state: 'active', enrolledAt: t.clock.now().toISOString(), mustEnrol: false });
    // Once active, a new enrolment is refused: an administrator resets it first.
    expect((await startEnrolment(person.token)).json()).toMatchObject({ status: 409, code: 'invalid_transition' });

    const events = await findEvents(t.core.db, { stream: `user/${person.username}`, limit: 100 });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['user.totp_enrolment_started', 'user.totp_enrolled']));
    expect(JSON.stringify(events)).not.toContain(enrolment.secret);
  });

  it('asks an enrolled person for the code at login, and opens the session with the right one', async () => {
    const person = await enrolled(['dispatcher']);
    const withoutCode = await loginWith(person.username, person.password);
    expect(withoutCode.statusCode).toBe(401);
    expect(withoutCode.json()).toMatchObject({ code: 'second_factor_required' });
    expect(withoutCode.headers['set-cookie']).toBeUndefined();
    const login = await loginWith(person.username, person.password, totpCode(person.secret, t.clock.now()));
    expect(login.statusCode, login.body).toBe(200);
    expect((await me((login.json() as { token: string }).token)).user.username).toBe(person.username);
  });

  it('refuses a wrong code, and a right code used a second time, and journals both', async () => {
    const person = await enrolled(['call-taker']);
    const wrongCode = String((Number(totpCode(person.secret, t.clock.now())) + 1) % 1_000_000).padStart(6, '0');
    const wrong = await loginWith(person.username, person.password, wrongCode);
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'unauthenticated', errors: [{ field: 'code' }] });
    const code = totpCode(person.secret, t.clock.now());
    expect((await loginWith(person.username, person.password, code)).statusCode).toBe(200);
    // The same code again, seconds later and within its step: refused.
    t.clock.advance(5_000);
    const replay = await loginWith(person.username, person.password, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ errors: [{ field: 'code' }] });
    // So is the code of the step before, once a later one was taken; the next step's code is good.
    expect((await loginWith(person.username, person.password, totpCode(person.secret, new Date(t.clock.now().getTime() - STEP)))).statusCode).toBe(401);
    t.clock.advance(STEP);
    expect((await loginWith(person.username, person.password, totpCode(person.secret, t.clock.now()))).statusCode).toBe(200);
    const failures = (await findEvents(t.core.db, { stream: `user/${person.username}`, limit: 100 })).filter((e) => e.type === 'user.login_failed');
    expect(failures.map((e) => e.data.reason)).toEqual(['wrong_code', 'wrong_code', 'wrong_code']);
  });

  it('counts wrong codes toward the account lock, as wrong passwords, from any address', async () => {
    const person = await enrolled(['dispatcher']);
    for (let i = 0; i < 5; i += 1) expect((await loginWith(person.username, person.password, '000000', `10.21.0.${i}`)).statusCode).toBe(401);
    const locked = await loginWith(person.username, person.password, totpCode(person.secret, t.clock.now()), '10.21.1.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.json()).toMatchObject({ code: 'rate_limited', retryAfterS: 600 });
    t.clock.advance(601_000);
    expect((await loginWith(person.username, person.password, totpCode(person.secret, t.clock.now()), '10.21.1.2')).statusCode).toBe(200);
  });

  it('holds a supervisor without a second factor to enrolling one, then opens the session to their rights and closes their other sessions', async () => {
    const supervisor = await t.login(['supervisor']);
    const other = await loginWith(supervisor.username, supervisor.password);
    const otherToken = (other.json() as { token: string }).token;
    const refused = await t.app.inject({ url: '/users', headers: bearer(supervisor.token) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'second_factor_enrolment_required' });
    expect((await me(supervisor.token)).secondFactor).toEqual({ state: 'none', enrolledAt: null, mustEnrol: true });
    // Signing out, the language and the password stay open to it; the live feed does not.
    expect((await t.app.inject({ method: 'PUT', url: '/auth/me/language', headers: bearer(supervisor.token), payload: { language: 'ar' } })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/live', headers: bearer(supervisor.token) })).statusCode).toBe(403);

    const { secret } = (await startEnrolment(supervisor.token)).json() as { secret: string };
    expect((await confirm(supervisor.token, totpCode(secret, t.clock.now()))).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/users', headers: bearer(supervisor.token) })).statusCode).toBe(200);
    expect((await me(supervisor.token)).secondFactor).toMatchObject({ state: 'active', mustEnrol: false });
    expect((await t.app.inject({ url: '/auth/me', headers: bearer(otherToken) })).statusCode).toBe(401);
  });

  it('holds every role that needs a second factor, and no other', async () => {
    const held: Record<string, number> = {};
    for (const role of ['administrator', 'auditor', 'supervisor', 'issuance-operator', 'dispatcher', 'identity-clerk', 'call-taker'] as const) {
      const { token } = await t.login([role]);
      held[role] = (await t.app.inject({ url: '/auth/me', headers: bearer(token) })).json<{ secondFactor: { mustEnrol: boolean } }>().secondFactor.mustEnrol ? 1 : 0;
    }
    expect(held).toEqual({ administrator: 1, auditor: 1, supervisor: 1, 'issuance-operator': 1, dispatcher: 0, 'identity-clerk': 0, 'call-taker': 0 });
  });

  it("lets an administrator reset another person's factor with a reason, closing their sessions, but never their own", async () => {
    const admin = await enrolled(['administrator']);
    const adminLogin = await loginWith(admin.username, admin.password, totpCode(admin.secret, t.clock.now()));
    const adminToken = (adminLogin.json() as { token: string }).token;
    const person = await enrolled(['auditor']);
    const reset = (id: string, token: string) => t.app.inject({ method: 'POST', url: `/users/${id}/totp/reset`, headers: bearer(token), payload: { reason: 'phone lost on duty' } });

    const own = await reset(admin.id, adminToken);
    expect(own.statusCode).toBe(403);
    expect(own.json().detail).toBe('nobody resets their own second factor: another administrator must');
    expect((await reset(person.id, person.token)).statusCode).toBe(403);

    expect((await reset(person.id, adminToken)).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/auth/me', headers: bearer(person.token) })).statusCode).toBe(401);
    const event = (await findEvents(t.core.db, { stream: `user/${person.username}`, limit: 100 })).find((e) => e.type === 'user.totp_reset');
    expect(event).toMatchObject({ actor: `user:${admin.username}`, data: { reason: 'phone lost on duty', revokedSessions: [expect.any(String)] } });
    expect(await t.core.db.selectFrom('user_totp').select('user_id').where('user_id', '=', person.id).executeTakeFirst()).toBeUndefined();
    // They sign in with their password alone, to a session that must enrol again.
    const again = await loginWith(person.username, person.password);
    expect(again.statusCode).toBe(200);
    expect((await me((again.json() as { token: string }).token)).secondFactor).toEqual({ state: 'none', enrolledAt: null, mustEnrol: true });
    expect((await reset(person.id, adminToken)).json()).toMatchObject({ status: 409, code: 'invalid_transition' });
  });
});

describe(`the second factor, not required (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_TOTP_REQUIRED: 'off' } });
  });
  afterAll(async () => t.close());

  it('opens a supervisor without one to their rights, and still asks those who enrolled one for codes', async () => {
    const supervisor = await t.login(['supervisor']);
    expect((await t.app.inject({ url: '/users', headers: bearer(supervisor.token) })).statusCode).toBe(200);
    const { secret } = (await t.app.inject({ method: 'POST', url: '/auth/totp/enrolment', headers: bearer(supervisor.token) })).json() as { secret: string };
    const confirmed = await t.app.inject({ method: 'POST', url: '/auth/totp/enrolment/confirm', headers: bearer(supervisor.token), payload: { code: totpCode(secret, t.clock.now()) } });
    expect(confirmed.statusCode).toBe(204);
    t.clock.advance(STEP);
    const login = (code?: string) => t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: supervisor.username, password: supervisor.password, ...(code === undefined ? {} : { code }) } });
    expect((await login()).json()).toMatchObject({ status: 401, code: 'second_factor_required' });
    expect((await login(totpCode(secret, t.clock.now()))).statusCode).toBe(200);
  });
});
