import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceKind } from '../core/auth/device.js';
import { Permission, allRoles, devicePermissions, personRoles, rolePermissions, type RouteAccess } from '../core/auth/permission.js';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import type { AmaneModule } from '../core/module.js';
import { testDatabaseKind } from '../core/testing.js';
import { buildApp, routesOf, type RegisteredRoute } from './app.js';
import { refusedLoginDigestKey } from '../core/auth/refused-logins.js';
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

  it('lists every route with its declared permission, and only health, readiness, login, the session probe, the console files, the docs, card verification, the CSCA certificate and the road closure feeds are public', () => {
    const routes = routesOf(t.app);
    expect(routes.length).toBeGreaterThan(15);
    for (const route of routes) expect(route.permission, `${route.method} ${route.url}`).toBeDefined();
    const publicRoutes = routes.filter((r) => r.permission === 'public' && !r.url.startsWith('/docs')).map((r) => `${r.method} ${r.url}`);
    const withHead = (urls: string[]) => urls.flatMap((url) => [`GET ${url}`, `HEAD ${url}`]);
    expect(publicRoutes.sort()).toEqual(
      [
        ...withHead(['/', '/assets/*', '/auth/session', '/console/settings', '/favicon.svg', '/health', '/ready', '/identity/csca.pem', '/identity/verify', '/feeds/cifs.json', '/feeds/datex2/closures.xml']),
        'POST /auth/login',
        'POST /identity/verify',
        'POST /identity/seals/verify',
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

  /**
   * Every subject's bearer token and permissions: a logged-in person for each person role, and a
   * registered device of each kind (a device holds its kind's permissions only).
   */
  async function tokensOfEverySubject(): Promise<[string, string, readonly Permission[]][]> {
    const subjects: [string, string, readonly Permission[]][] = [];
    for (const role of personRoles) subjects.push([role, (await t.login([role])).token, rolePermissions[role]]);
    const { token: admin } = await t.login(['administrator']);
    for (const kind of Object.values(DeviceKind)) {
      const device = await t.app.inject({ method: 'POST', url: '/devices', headers: bearer(admin), payload: { name: `matrix-${kind}`, kind } });
      expect(device.statusCode).toBe(201);
      subjects.push([`device:${kind}`, (device.json() as { token: string }).token, devicePermissions[kind]]);
    }
    expect(allRoles.filter((role) => !subjects.some(([name]) => name === role || name.startsWith(`${role}:`)))).toEqual([]);
    return subjects;
  }

  // The whole matrix, every role and every kind of device against every route that names a permission: a
  // subject without the permission is refused with 403; one with it gets past the access check (the route
  // may then answer 400 or 404 to the made-up path and empty body, never 401 or 403).
  it('answers 403 to each role and each kind of device on every route outside its permissions, and lets it through on every other', async () => {
    const guarded = apiRoutes(t.app).filter((r) => isPermission(r.permission));
    expect(guarded.length).toBeGreaterThan(100);
    const refused: Record<string, number> = {};
    const allowed: Record<string, number> = {};
    const subjects = await tokensOfEverySubject();
    for (const [subject, token, permissions] of subjects) {
      for (const route of guarded) {
        const holds = permissions.includes(route.permission as Permission);
        const response = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), headers: bearer(token) });
        const what = `${subject} ${route.method} ${route.url} (${route.permission})`;
        if (holds) {
          expect([401, 403], `${what}: ${response.body.slice(0, 200)}`).not.toContain(response.statusCode);
          allowed[subject] = (allowed[subject] ?? 0) + 1;
        } else {
          expect(response.statusCode, what).toBe(403);
          expect(response.json()).toMatchObject({ code: 'forbidden' });
          refused[subject] = (refused[subject] ?? 0) + 1;
        }
      }
    }
    // Each subject is refused somewhere and let through somewhere: the matrix tested both sides of it.
    for (const [subject] of subjects) {
      expect(refused[subject], subject).toBeGreaterThan(0);
      expect(allowed[subject], subject).toBeGreaterThan(0);
      expect(refused[subject]! + allowed[subject]!).toBe(guarded.length);
    }
  });

  it("gives each kind of device its kind's routes and nothing else, and no device a person's route", async () => {
    const { token: admin } = await t.login(['administrator']);
    const guarded = apiRoutes(t.app).filter((r) => isPermission(r.permission));
    const reachedBy: Record<string, string[]> = {};
    for (const kind of Object.values(DeviceKind)) {
      const token = (await t.app.inject({ method: 'POST', url: '/devices', headers: bearer(admin), payload: { name: `only-${kind}`, kind } })).json<{ token: string }>().token;
      const reached: string[] = [];
      for (const route of guarded) {
        const response = await t.app.inject({ method: route.method as 'GET', url: concrete(route.url), headers: bearer(token) });
        if (response.statusCode !== 403) reached.push(`${route.method} ${route.url}`);
        else expect(response.json()).toMatchObject({ code: 'forbidden', detail: expect.stringContaining('a device') as string });
      }
      expect(reached.sort()).toEqual(guarded.filter((r) => devicePermissions[kind].includes(r.permission as Permission)).map((r) => `${r.method} ${r.url}`).sort());
      reachedBy[kind] = reached;
    }
    expect(reachedBy.telephony).toContain('POST /telephony/calls/:callId/hangup');
    for (const kind of ['vehicle', 'camera', 'recorder', 'other'] as const) expect(reachedBy[kind]).not.toContain('POST /telephony/calls/:callId/hangup');
    expect(reachedBy.vehicle).toContain('POST /avl/positions');
    expect(reachedBy.camera).not.toContain('POST /avl/positions');
    expect(reachedBy.other).toEqual(['GET /devices/me']);
    expect(reachedBy.transit!.sort()).toEqual(['GET /devices/me', 'GET /feeds/gtfs-rt/alerts.pb', 'POST /transit/feeds/:id/realtime/data']);
    for (const reached of Object.values(reachedBy)) expect(reached).not.toContain('GET /users');
  });

  it('revokes a device token: the device is unknown from then on', async () => {
    const { token: admin } = await t.login(['administrator']);
    const created = await t.app.inject({ method: 'POST', url: '/devices', headers: bearer(admin), payload: { name: 'car-18', kind: 'vehicle' } });
    expect(created.statusCode).toBe(201);
    const deviceToken = (created.json() as { token: string }).token;
    expect(deviceToken).toMatch(/^amd_/);
    const me = await t.app.inject({ url: '/devices/me', headers: bearer(deviceToken) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ name: 'car-18', kind: 'vehicle' });
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(admin) })).statusCode).toBe(403);
    const id = (created.json() as { device: { id: string } }).device.id;
    const revoked = await t.app.inject({ method: 'POST', url: `/devices/${id}/revoke`, headers: bearer(admin), payload: { reason: 'stolen' } });
    expect(revoked.statusCode).toBe(200);
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(deviceToken) })).statusCode).toBe(401);
  });

  it('rotates a device token: the old one is refused at once, the new one works, and the rotation is journaled', async () => {
    const { token: admin } = await t.login(['administrator']);
    const created = await t.app.inject({ method: 'POST', url: '/devices', headers: bearer(admin), payload: { name: 'cam-ctl-7', kind: 'camera' } });
    const { token: old, device } = created.json() as { token: string; device: { id: string } };
    expect((await t.app.inject({ method: 'POST', url: `/devices/${device.id}/token`, headers: bearer(admin), payload: {} })).json()).toMatchObject({ errors: [{ field: 'reason' }] });
    const rotated = await t.app.inject({ method: 'POST', url: `/devices/${device.id}/token`, headers: bearer(admin), payload: { reason: 'installer left the company' } });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const { token } = rotated.json() as { token: string };
    expect(token).toMatch(/^amd_/);
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(old) })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/devices/me', headers: bearer(token) })).json()).toMatchObject({ name: 'cam-ctl-7', kind: 'camera' });
    expect((await t.app.inject({ method: 'POST', url: `/devices/${device.id}/token`, headers: bearer(token), payload: { reason: 'itself' } })).statusCode).toBe(403);
    const journal = await t.core.db.selectFrom('journal').select(['type', 'data']).where('stream', '=', 'device/cam-ctl-7').orderBy('seq').execute();
    expect(journal.map((e) => [e.type, JSON.parse(e.data) as unknown])).toEqual([
      ['device.registered', { id: device.id, kind: 'camera' }],
      ['device.token_rotated', { reason: 'installer left the company' }],
    ]);
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

  it('answers a wrong password and an unknown user alike, and journals both (the unknown name in the minute’s digest)', async () => {
    const { username } = await t.login(['dispatcher']);
    // The digest may hold the names other tests of the file tried: written out first, it then holds this test's alone.
    await t.core.state.find(refusedLoginDigestKey)!.flush(t.core);
    const before = await t.journalHead();
    const wrong = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username, password: 'not-it-at-all' }, remoteAddress: '10.9.9.1' });
    const unknown = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'nobody-here', password: 'not-it-at-all' }, remoteAddress: '10.9.9.1' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(await t.journalHead()).toBe(before + 1);
    await t.core.state.find(refusedLoginDigestKey)!.flush(t.core);
    expect(await t.journalHead()).toBe(before + 2);
  });

  it('rate-limits login attempts from one address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/auth/login',
        // A name per attempt: the address's limit alone, no account's lock.
        payload: { username: `guesser-${i}`, password: `guess-${i}` },
        remoteAddress: '10.1.2.3',
      });
      statuses.push(response.statusCode);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const other = await t.app.inject({ method: 'POST', url: '/auth/login', payload: { username: 'guesser-other', password: 'x' }, remoteAddress: '10.1.2.4' });
    expect(other.statusCode).toBe(401);
  });

  const loginFrom = (address: string, username: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/auth/login', payload: { username, password }, remoteAddress: address });

  it('locks an account after five refused logins in a row from any addresses, even to the right password, for longer each time', async () => {
    const person = await t.login(['dispatcher']);
    const refusals = [];
    for (let i = 0; i < 5; i += 1) refusals.push((await loginFrom(`10.7.0.${i}`, person.username, `wrong-${i}`)).statusCode);
    expect(refusals).toEqual([401, 401, 401, 401, 401]);
    const locked = await loginFrom('10.7.1.1', person.username, person.password);
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('600');
    expect(locked.json()).toMatchObject({ code: 'rate_limited', retryAfterS: 600, detail: 'this account is locked after 5 refused attempts in a row; try again in 600 s' });
    t.clock.advance(601_000);
    // One more refusal after the lock ends locks it again, for twice as long.
    expect((await loginFrom('10.7.1.2', person.username, 'still-wrong')).statusCode).toBe(401);
    t.clock.advance(601_000);
    expect((await loginFrom('10.7.1.3', person.username, person.password)).json()).toMatchObject({ retryAfterS: 599 });
    t.clock.advance(600_000);
    expect((await loginFrom('10.7.1.4', person.username, person.password)).statusCode).toBe(200);
    // The good login forgot the refusals: one more wrong guess is just a refusal.
    expect((await loginFrom('10.7.1.5', person.username, 'wrong-again')).statusCode).toBe(401);
    expect((await loginFrom('10.7.1.6', person.username, person.password)).statusCode).toBe(200);
  });

  it('locks a name nobody has the same way, saying nothing of which accounts exist', async () => {
    for (let i = 0; i < 5; i += 1) expect((await loginFrom(`10.8.0.${i}`, 'no-such-person', `guess-${i}`)).statusCode).toBe(401);
    expect((await loginFrom('10.8.1.1', 'no-such-person', 'guess')).json()).toMatchObject({ code: 'rate_limited', retryAfterS: 600 });
  });

  it('refuses a guessable password, long as it may be, on creation and on change, and changes nothing', async () => {
    const { token: admin } = await t.login(['administrator']);
    const person = await t.login(['dispatcher']);
    for (const weak of ['aaaaaaaaaaaa', 'azerty123456', 'P@ssw0rd1234', `${person.username}2026!`]) {
      const changed = await t.app.inject({ method: 'POST', url: '/auth/password', headers: bearer(person.token), payload: { currentPassword: person.password, newPassword: weak } });
      expect(changed.statusCode, weak).toBe(400);
      expect(changed.json().errors).toEqual([{ field: 'newPassword', message: expect.stringContaining('too easy to guess') as string }]);
    }
    const created = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: bearer(admin),
      payload: { username: 'weakling', fullName: 'Weak Ling', roles: ['call-taker'], password: 'qwertyuiop12' },
    });
    expect(created.statusCode).toBe(400);
    expect(created.json().errors).toEqual([{ field: 'password', message: expect.stringContaining('too easy to guess') as string }]);
    expect((await t.app.inject({ url: '/users', headers: bearer(admin) })).json<{ username: string }[]>().map((u) => u.username)).not.toContain('weakling');
    // The old password still opens the account; a phrase of several words is taken.
    expect((await loginFrom('10.6.0.1', person.username, person.password)).statusCode).toBe(200);
    const strong = await t.app.inject({ method: 'POST', url: '/auth/password', headers: bearer(person.token), payload: { currentPassword: person.password, newPassword: 'tram lines cross at dawn' } });
    expect(strong.statusCode).toBe(204);
  });

  it('keeps duties apart: an administrator holds no other role, and nobody grants themselves one', async () => {
    const admin = await t.login(['administrator']);
    const mixed = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: bearer(admin.token),
      payload: { username: 'all-powerful', fullName: 'All Powerful', roles: ['administrator', 'auditor'] },
    });
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json().errors).toEqual([{ field: 'roles', message: 'an administrator holds no other role (separation of duties): give auditor to another account' }]);
    const selfAudit = await t.app.inject({ method: 'PATCH', url: `/users/${admin.id}`, headers: bearer(admin.token), payload: { roles: ['administrator', 'auditor'] } });
    expect(selfAudit.statusCode).toBe(400);
    const selfGrant = await t.app.inject({ method: 'PATCH', url: `/users/${admin.id}`, headers: bearer(admin.token), payload: { roles: ['auditor'] } });
    expect(selfGrant.statusCode).toBe(403);
    expect(selfGrant.json().detail).toBe('nobody grants themselves a role: another administrator must grant auditor');
    expect((await t.app.inject({ url: `/users/${admin.id}`, headers: bearer(admin.token) })).json()).toMatchObject({ roles: ['administrator'] });
    // Another administrator may ask for it for someone else; a third person approves it (role-grant.api.test.ts).
    const clerk = await t.login(['call-taker']);
    const granted = await t.app.inject({ method: 'PATCH', url: `/users/${clerk.id}`, headers: bearer(admin.token), payload: { roles: ['auditor'] } });
    expect(granted.json()).toMatchObject({ roles: [], pendingRoles: ['auditor'] });
  });

  it('counts wrong current passwords of a password change toward the lock, which an administrator lifts', async () => {
    const person = await t.login(['supervisor']);
    const change = (currentPassword: string) =>
      t.app.inject({ method: 'POST', url: '/auth/password', headers: bearer(person.token), payload: { currentPassword, newPassword: 'a-brand-new-passphrase' } });
    for (let i = 0; i < 5; i += 1) expect((await change(`not-it-${i}`)).statusCode).toBe(400);
    expect((await change(person.password)).statusCode).toBe(429);
    expect((await loginFrom('10.9.1.1', person.username, person.password)).statusCode).toBe(429);
    const { token: admin } = await t.login(['administrator']);
    expect((await t.app.inject({ method: 'POST', url: `/users/${person.id}/password-reset`, headers: bearer(admin) })).statusCode).toBe(200);
    expect((await loginFrom('10.9.1.2', person.username, person.password)).statusCode).toBe(401);
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

describe(`requests from another origin (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp();
  });
  afterAll(async () => t.close());

  const host = 'amane.police.example:8080';
  const cookieOf = (token: string) => ({ amane_session: token });
  const logout = (token: string, headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/auth/logout', cookies: cookieOf(token), headers: { host, ...headers } });

  it('refuses a write with the session cookie from another origin or a cross-site page, and changes nothing', async () => {
    const { token } = await t.login(['dispatcher']);
    const attempts: Record<string, string>[] = [{ origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site', origin: `https://other.${host}` }];
    for (const headers of attempts) {
      const refused = await logout(token, headers);
      expect(refused.statusCode, JSON.stringify(headers)).toBe(403);
      expect(refused.json()).toMatchObject({ code: 'forbidden', detail: expect.stringContaining('session cookie') as string });
    }
    // Still logged in: none of the refused logouts happened.
    expect((await t.app.inject({ url: '/auth/me', cookies: cookieOf(token) })).statusCode).toBe(200);
    expect((await logout(token, { origin: `http://${host}`, 'sec-fetch-site': 'same-origin' })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/auth/me', cookies: cookieOf(token) })).statusCode).toBe(401);
  });

  it('refuses a login posted from another origin, and lets a bearer token through whatever the origin', async () => {
    const person = await t.login(['dispatcher']);
    const login = await t.app.inject({
      method: 'POST',
      url: '/auth/login',
      headers: { host, origin: 'https://evil.example' },
      payload: { username: person.username, password: person.password },
    });
    expect(login.statusCode).toBe(403);
    expect(login.headers['set-cookie']).toBeUndefined();
    const api = await t.app.inject({ method: 'POST', url: '/auth/logout', headers: { host, origin: 'https://integrator.example', ...bearer(person.token) } });
    expect(api.statusCode).toBe(204);
  });

  it('refuses the live feed to a page of another origin holding the cookie, and opens it to the console', async () => {
    const { token } = await t.login(['dispatcher']);
    const base = (await t.app.listen({ host: '127.0.0.1', port: 0 })).replace('http://', 'ws://');
    const open = (origin: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`${base}/live`, { headers: { cookie: `amane_session=${token}` }, origin });
        socket.once('open', () => {
          socket.close();
          resolve(101);
        });
        socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.once('error', reject);
      });
    expect(await open('https://evil.example')).toBe(403);
    expect(await open(base.replace('ws://', 'http://'))).toBe(101);
  });
});
