import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenHash } from '../core/auth/secret.js';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

// The owners of tokens are kept for AMANE_AUTH_CACHE_MS between reads (src/core/auth/principal-cache.ts).
// What the centre itself changes is seen at the next request; what another process writes (the command
// line, another node), once the entry is that old.
const CACHE_MS = 300;

describe(`who a token belongs to, between requests (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_AUTH_CACHE_MS: String(CACHE_MS) } });
  });
  afterAll(async () => t.close());

  const me = (token: string) => t.app.inject({ url: '/auth/me', headers: bearer(token) });
  const reason = { reason: 'left the service' };
  /** A write made without this centre's bus, as the command line or another node makes it. */
  const revokeBehindTheBus = (token: string) =>
    t.core.db.updateTable('session').set({ revoked_at: t.clock.now().toISOString() }).where('token_hash', '=', tokenHash(token)).execute();

  it('refuses a session at the very next request once the centre ends it: logout, revocation, a disabled account', async () => {
    const admin = await t.login(['administrator']);
    const leaving = await t.login(['dispatcher']);
    expect((await me(leaving.token)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(leaving.token) })).statusCode).toBe(204);
    expect((await me(leaving.token)).json()).toMatchObject({ status: 401, code: 'unauthenticated' });

    const revoked = await t.login(['call-taker']);
    expect((await me(revoked.token)).statusCode).toBe(200);
    const [session] = (await t.app.inject({ url: `/users/${revoked.id}/sessions`, headers: bearer(admin.token) })).json() as { id: string }[];
    expect((await t.app.inject({ method: 'POST', url: `/sessions/${session!.id}/revoke`, headers: bearer(admin.token), payload: reason })).statusCode).toBe(204);
    expect((await me(revoked.token)).statusCode).toBe(401);

    const disabled = await t.login(['supervisor']);
    expect((await me(disabled.token)).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: `/users/${disabled.id}/disable`, headers: bearer(admin.token), payload: reason })).statusCode).toBe(200);
    expect((await me(disabled.token)).statusCode).toBe(401);
  });

  it('applies a change of roles at the very next request', async () => {
    const admin = await t.login(['administrator']);
    const person = await t.login(['dispatcher']);
    expect((await me(person.token)).json()).toMatchObject({ user: { roles: ['dispatcher'] }, permissions: expect.arrayContaining(['incident.dispatch']) as unknown });
    const changed = await t.app.inject({ method: 'PATCH', url: `/users/${person.id}`, headers: bearer(admin.token), payload: { roles: ['cctv-operator'] } });
    expect(changed.statusCode).toBe(200);
    // The permissions come from the session's owner as authenticated, not from a fresh read of the user.
    const after = (await me(person.token)).json() as { user: { roles: string[] }; permissions: string[] };
    expect(after.user.roles).toEqual(['cctv-operator']);
    expect(after.permissions).not.toContain('incident.dispatch');
    expect(after.permissions).toContain('camera.alarm');
  });

  it("refuses a device's token at the very next request once it is revoked or rotated", async () => {
    const admin = await t.login(['administrator']);
    const register = async (name: string) =>
      (await t.app.inject({ method: 'POST', url: '/devices', headers: bearer(admin.token), payload: { name, kind: 'vehicle' } })).json() as {
        device: { id: string };
        token: string;
      };
    const revoked = await register('car-cache-1');
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(revoked.token) })).statusCode).toBe(200);
    await t.app.inject({ method: 'POST', url: `/devices/${revoked.device.id}/revoke`, headers: bearer(admin.token), payload: reason });
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(revoked.token) })).statusCode).toBe(401);

    const rotated = await register('car-cache-2');
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(rotated.token) })).statusCode).toBe(200);
    const fresh = (await t.app.inject({ method: 'POST', url: `/devices/${rotated.device.id}/token`, headers: bearer(admin.token), payload: reason })).json() as {
      token: string;
    };
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(rotated.token) })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(fresh.token) })).statusCode).toBe(200);
  });

  it('sees a revocation written by another process once the owner it read is AMANE_AUTH_CACHE_MS old, and not before', async () => {
    const person = await t.login(['dispatcher']);
    expect((await me(person.token)).statusCode).toBe(200);
    await revokeBehindTheBus(person.token);
    const written = performance.now();
    // Read less than the cache's age ago: still the owner read then (this is what spares the reads).
    expect((await me(person.token)).statusCode).toBe(200);
    expect(performance.now() - written).toBeLessThan(CACHE_MS);
    await new Promise((resolve) => setTimeout(resolve, CACHE_MS + 20));
    expect((await me(person.token)).statusCode).toBe(401);
  });
});

describe(`who a token belongs to, with AMANE_AUTH_CACHE_MS=0 (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_AUTH_CACHE_MS: '0' } });
  });
  afterAll(async () => t.close());

  it('reads the owner on every request, so a write by another process is seen at once', async () => {
    const person = await t.login(['dispatcher']);
    const me = () => t.app.inject({ url: '/auth/me', headers: bearer(person.token) });
    expect((await me()).statusCode).toBe(200);
    await t.core.db.updateTable('session').set({ revoked_at: t.clock.now().toISOString() }).where('token_hash', '=', tokenHash(person.token)).execute();
    expect((await me()).statusCode).toBe(401);
  });
});
