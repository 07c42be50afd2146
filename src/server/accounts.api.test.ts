import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Device } from '../core/auth/device.js';
import { totpCode } from '../core/auth/totp.js';
import type { UserAccount } from '../core/auth/user.js';
import { findEvents } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { requestsTo, setupTestApp, type TestApp } from './testing.js';

// What the administrator's screen reads of accounts and devices, beyond their names and roles.
describe(`accounts and devices as administrators see them (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let admin: { id: string; token: string };

  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_LOGIN_LOCKOUT_FAILURES: '3', AMANE_LOGIN_LOCKOUT_SECONDS: '600' } });
    admin = await t.login(['administrator']);
  });
  afterAll(async () => t.close());

  const { send } = requestsTo(() => t.app);
  const accounts = async (query = '') => {
    const response = await send('GET', `/users${query}`, admin.token);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as UserAccount[];
  };
  const account = async (id: string, query = '') => (await accounts(query)).find((each) => each.id === id);

  it('says which accounts refused sign-ins have locked, and until when', async () => {
    const person = await t.login(['call-taker']);
    expect(await account(person.id)).toMatchObject({ lockedUntil: null });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const refused = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: person.username, password: 'not-the-password' } });
      expect(refused.statusCode).toBe(401);
    }
    const lockEnds = new Date(t.clock.now().getTime() + 600_000).toISOString();
    expect(await account(person.id)).toMatchObject({ lockedUntil: lockEnds });
    // A password reset lifts the lock.
    expect((await send('POST', `/users/${person.id}/password-reset`, admin.token)).statusCode).toBe(200);
    expect(await account(person.id)).toMatchObject({ lockedUntil: null });
  });

  it('no longer calls an account locked once its lock has run out', async () => {
    const person = await t.login(['dispatcher']);
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: person.username, password: 'not-the-password' } });
    }
    expect((await account(person.id))?.lockedUntil).not.toBeNull();
    t.clock.advance(601_000);
    expect(await account(person.id)).toMatchObject({ lockedUntil: null });
  });

  it("says whether each person's second factor is none, pending or active", async () => {
    const person = await t.login(['supervisor']);
    expect(await account(person.id)).toMatchObject({ secondFactor: 'none' });
    const { secret } = (await send('POST', '/auth/totp/enrolment', person.token)).json() as { secret: string };
    expect(await account(person.id)).toMatchObject({ secondFactor: 'pending' });
    expect((await send('POST', '/auth/totp/enrolment/confirm', person.token, { code: totpCode(secret, t.clock.now()) })).statusCode).toBe(204);
    expect(await account(person.id)).toMatchObject({ secondFactor: 'active' });
    expect((await send('POST', `/users/${person.id}/totp/reset`, admin.token, { reason: 'phone lost' })).statusCode).toBe(204);
    expect(await account(person.id)).toMatchObject({ secondFactor: 'none' });
  });

  it('lists disabled accounts only when asked, and enables one again only with a reason, journaled', async () => {
    const person = await t.login(['field-officer']);
    expect((await send('POST', `/users/${person.id}/disable`, admin.token, { reason: 'left the service' })).statusCode).toBe(200);
    expect(await account(person.id)).toBeUndefined();
    expect(await account(person.id, '?includeDisabled=true')).toMatchObject({ disabledAt: t.clock.now().toISOString() });

    const silent = await send('POST', `/users/${person.id}/enable`, admin.token, {});
    expect(silent.statusCode).toBe(400);
    expect(silent.json()).toMatchObject({ errors: [{ field: 'reason' }] });
    const enabled = await send('POST', `/users/${person.id}/enable`, admin.token, { reason: 'back from leave' });
    expect(enabled.statusCode, enabled.body).toBe(200);
    expect(enabled.json()).toMatchObject({ disabledAt: null });
    const last = (await findEvents(t.core.db, { stream: `user/${person.username}`, limit: 20 })).at(-1);
    expect(last).toMatchObject({ type: 'user.enabled', data: { reason: 'back from leave' } });
  });

  it('leaves the list to those who read users', async () => {
    const callTaker = await t.login(['call-taker']);
    expect((await send('GET', '/users', callTaker.token)).statusCode).toBe(403);
    const supervisor = await t.login(['supervisor']);
    const listed = (await send('GET', '/users', supervisor.token)).json() as UserAccount[];
    expect(listed.find((each) => each.id === supervisor.id)).toMatchObject({ lockedUntil: null, secondFactor: 'none' });
  });

  it("says when a device's token in use was issued: at registration, then at each rotation", async () => {
    const registeredAt = t.clock.now().toISOString();
    const registered = (await send('POST', '/devices', admin.token, { name: 'car-77', kind: 'vehicle' })).json() as { device: Device };
    expect(registered.device).toMatchObject({ createdAt: registeredAt, tokenIssuedAt: registeredAt });
    t.clock.advance(3_600_000);
    const rotated = await send('POST', `/devices/${registered.device.id}/token`, admin.token, { reason: 'tracker replaced' });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const rotatedAt = t.clock.now().toISOString();
    expect((rotated.json() as { device: Device }).device).toMatchObject({ createdAt: registeredAt, tokenIssuedAt: rotatedAt });
    const listed = (await send('GET', '/devices', admin.token)).json() as Device[];
    expect(listed.find((device) => device.name === 'car-77')).toMatchObject({ tokenIssuedAt: rotatedAt, revokedAt: null });
    const refused = await send('POST', `/devices/${registered.device.id}/token`, admin.token, {});
    expect(refused.json()).toMatchObject({ errors: [{ field: 'reason' }] });
  });
});
