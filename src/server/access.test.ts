import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Permission, personRoles, rolePermissions, type RouteAccess } from '../core/auth/permission.js';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import type { AmaneModule } from '../core/module.js';
import { testDatabaseKind } from '../core/testing.js';
import { buildApp, routesOf, type RegisteredRoute } from './app.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

const isPermission = (access: RouteAccess): access is Permission => (Object.values(Permission) as string[]).includes(access);

/** A concrete URL for a route pattern: path parameters become a fresh UUID. */
const concrete = (url: string) => url.replace(/:[a-zA-Z]+/g, randomUUID());

/** The routes a test can call over plain HTTP (the WebSocket and the docs viewer aside). */
function apiRoutes(app: App): RegisteredRoute[] {
  return routesOf(app).filter((r) => r.method !== 'HEAD' && r.url !== '/live' && !r.url.startsWith('/docs'));
}

describe(`access control (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp();
  });
  afterAll(async () => t.close());

  it('lists every route with its declared permission, and only health, readiness, login, the session probe, the console files, the docs, card verification and the CSCA certificate are public', () => {
    const routes = routesOf(t.app);
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) expect(route.permission, `${route.method} ${route.url}`).toBeDefined();
    const publicRoutes = routes.filter((r) => r.permission === 'public' && !r.url.startsWith('/docs')).map((r) => `${r.method} ${r.url}`);
    const withHead = (urls: string[]) => urls.flatMap((url) => [`GET ${url}`, `HEAD ${url}`]);
    expect(publicRoutes.sort()).toEqual(
      [
        ...withHead(['/', '/assets/*', '/auth/session', '/console/settings', '/favicon.svg', '/health', '/ready', '/identity/csca.pem', '/identity/verify']),
        'POST /auth/login',
        'POST /identity/verify',
      ].sort(),
    );
  });

  it('refuses to start with a route that declares no permission', async () => {
    const careless: AmaneModule = {
      name: 'careless',
      migrations: {},
      registerRoutes(app: App, _core: Core) {
        app.get('/careless', async () => ({ ok: true }));
      },
    };
    await expect(buildApp(t.core, [careless])).rejects.toThrow('route GET /careless declares no permission');
  });

  it('answers 401 to an unauthenticated call on every route that is not public', async () => {
    const guarded = apiRoutes(t.app).filter((r) => r.permission !== 'public' && r.permission !== 'metrics');
    expect(guarded.length).toBeGreaterThan(10);
    for (const route of guarded) {
      const response = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url) });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ status: 401, code: 'unauthenticated' });
    }
  });

  it('answers 403 to each role on every route outside its permissions', async () => {
    const guarded = apiRoutes(t.app).filter((r) => isPermission(r.permission));
    let refusals = 0;
    for (const role of personRoles) {
      const { token } = await t.login([role]);
      for (const route of guarded) {
        if (rolePermissions[role].includes(route.permission as Permission)) continue;
        const response = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), headers: bearer(token) });
        expect(response.statusCode, `${role} ${route.method} ${route.url}`).toBe(403);
        expect(response.json()).toMatchObject({ code: 'forbidden' });
        refusals += 1;
      }
    }
    expect(refusals).toBeGreaterThan(personRoles.length * 5);
  });

  it('lets a role through on a route it holds the permission for', async () => {
    const { token: admin } = await t.login(['administrator']);
    const { token: auditor } = await t.login(['auditor']);
    expect((await t.app.inject({ url: '/users', headers: bearer(admin) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/journal', headers: bearer(auditor) })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/journal', headers: bearer(admin) })).statusCode).toBe(403);
  });

  it('gives a device token its device routes and nothing else', async () => {
    const { token: admin } = await t.login(['administrator']);
    const created = await t.app.inject({ method: 'POST', url: '/devices', headers: bearer(admin), payload: { name: 'car-17', kind: 'vehicle' } });
    expect(created.statusCode).toBe(201);
    const deviceToken = (created.json() as { token: string }).token;
    expect(deviceToken).toMatch(/^amd_/);
    const me = await t.app.inject({ url: '/devices/me', headers: bearer(deviceToken) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ name: 'car-17', kind: 'vehicle' });
    expect((await t.app.inject({ url: '/users', headers: bearer(deviceToken) })).statusCode).toBe(403);
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(admin) })).statusCode).toBe(403);

    const id = (created.json() as { device: { id: string } }).device.id;
    const revoked = await t.app.inject({ method: 'POST', url: `/devices/${id}/revoke`, headers: bearer(admin), payload: { reason: 'stolen' } });
    expect(revoked.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(deviceToken) })).statusCode).toBe(401);
  });
});

describe(`sessions (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_SESSION_TTL_SECONDS: '3600', AMANE_LOGIN_ATTEMPTS_PER_MINUTE: '5' } });
  });
  afterAll(async () => t.close());

  it('refuses an expired session', async () => {
    const { token } = await t.login(['supervisor']);
    expect((await t.app.inject({ url: '/users', headers: bearer(token) })).statusCode).toBe(200);
    t.clock.advance(3_600_000);
    const response = await t.app.inject({ url: '/users', headers: bearer(token) });
    expect(response.statusCode).toBe(401);
    expect(response.json().detail).toContain('expired or revoked');
  });

  it('refuses a revoked session at once', async () => {
    const { token: admin } = await t.login(['administrator']);
    const supervisor = await t.login(['supervisor']);
    const sessions = await t.app.inject({ url: `/users/${supervisor.id}/sessions`, headers: bearer(admin) });
    const [session] = sessions.json() as { id: string }[];
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/sessions/${session!.id}/revoke`,
      headers: bearer(admin),
      payload: { reason: 'left the room' },
    });
    expect(revoke.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/users', headers: bearer(supervisor.token) })).statusCode).toBe(401);
    const again = await t.app.inject({ method: 'POST', url: `/sessions/${session!.id}/revoke`, headers: bearer(admin), payload: { reason: 'x' } });
    expect(again.statusCode).toBe(409);
  });

  it('closes a session at logout', async () => {
    const { token } = await t.login(['supervisor']);
    expect((await t.app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(token) })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/auth/me', headers: bearer(token) })).statusCode).toBe(401);
  });

  it("closes every session of a disabled user, and refuses the user's login", async () => {
    const { token: admin } = await t.login(['administrator']);
    const dispatcher = await t.login(['dispatcher']);
    const disabled = await t.app.inject({
      method: 'POST',
      url: `/users/${dispatcher.id}/disable`,
      headers: bearer(admin),
      payload: { reason: 'transferred' },
    });
    expect(disabled.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/auth/me', headers: bearer(dispatcher.token) })).statusCode).toBe(401);
    const login = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: dispatcher.username, password: dispatcher.password } });
    expect(login.statusCode).toBe(401);
  });

  it('sets the session as an HttpOnly, SameSite=Strict cookie the console can use', async () => {
    const { token: admin } = await t.login(['administrator']);
    const created = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: bearer(admin),
      payload: { username: 'nadia', fullName: 'Nadia Benali', fullNameAr: 'نادية بنعلي', roles: ['call-taker'], password: 'a-long-temporary-pass' },
    });
    expect(created.statusCode).toBe(201);
    const login = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'nadia', password: 'a-long-temporary-pass' } });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/^amane_session=ams_/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const me = await t.app.inject({ url: '/auth/me', cookies: { amane_session: (login.json() as { token: string }).token } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { username: 'nadia', mustChangePassword: true, fullNameAr: 'نادية بنعلي' } });
  });

  it('holds a user with a temporary password to changing it before anything else', async () => {
    const { token: admin } = await t.login(['administrator']);
    await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: bearer(admin),
      payload: { username: 'omar', fullName: 'Omar Idrissi', roles: ['supervisor'], password: 'given-by-the-admin' },
    });
    const login = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'omar', password: 'given-by-the-admin' } });
    const token = (login.json() as { token: string }).token;
    const refused = await t.app.inject({ url: '/users', headers: bearer(token) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'password_change_required' });
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/auth/password',
      headers: bearer(token),
      payload: { currentPassword: 'not-the-password', newPassword: 'my-own-secret-phrase' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([{ field: 'currentPassword', message: 'is not your current password' }]);
    const changed = await t.app.inject({
      method: 'POST',
      url: '/auth/password',
      headers: bearer(token),
      payload: { currentPassword: 'given-by-the-admin', newPassword: 'my-own-secret-phrase' },
    });
    expect(changed.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/users', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('answers a wrong password and an unknown user alike, and journals both', async () => {
    const { username } = await t.login(['dispatcher']);
    const before = await t.journalHead();
    const wrong = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username, password: 'not-it-at-all' }, remoteAddress: '10.9.9.1' });
    const unknown = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'nobody-here', password: 'not-it-at-all' }, remoteAddress: '10.9.9.1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(await t.journalHead()).toBe(before + 2);
  });

  it('rate-limits login attempts from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: 'guesser', password: `guess-${i}` },
        remoteAddress: '10.1.2.3',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const other = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'guesser', password: 'x' }, remoteAddress: '10.1.2.4' });
    expect(other.statusCode).toBe(401);
  });

  it('will not disable the last enabled administrator', async () => {
    const fresh = await setupTestApp();
    try {
      const admin = await fresh.login(['administrator']);
      const response = await fresh.app.inject({
        method: 'POST',
        url: `/users/${admin.id}/disable`,
        headers: bearer(admin.token),
        payload: { reason: 'oops' },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().detail).toContain('last enabled administrator');
    } finally {
      await fresh.close();
    }
  });
});
