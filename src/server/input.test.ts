import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

describe(`bad input (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let admin: string;
  // Never created: each refusal is for the field it names, not for a username taken by another test.
  const valid = { username: 'youssef', fullName: 'Youssef El Amrani', roles: ['dispatcher'] };

  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_BODY_LIMIT_BYTES: '2048' } });
    admin = (await t.login(['administrator'])).token;
  });
  afterAll(async () => t.close());

  async function userCount(): Promise<number> {
    const rows = await t.core.db.selectFrom('app_user').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(rows.n);
  }

  /** Sends a request that must be refused: a 4xx problem naming `field`, and nothing written. */
  async function expectRefused(
    request: { method?: 'POST' | 'PATCH' | 'GET'; url?: string; payload?: unknown; headers?: Record<string, string> },
    status: number,
    field: string,
  ) {
    const [headBefore, usersBefore] = [await t.journalHead(), await userCount()];
    const response = await t.app.inject({
      method: request.method ?? 'POST',
      url: request.url ?? '/users',
      headers: { ...bearer(admin), ...request.headers },
      ...(request.payload === undefined ? {} : { payload: request.payload as string }),
    });
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json() as { errors?: { field: string; message: string }[]; detail: string; type: string };
    expect(problem.type).toMatch(/^urn:amane:problem:/);
    expect(problem.errors?.map((e) => e.field)).toContain(field);
    expect(problem.detail).toContain(field);
    expect(response.body).not.toMatch(/at .*\.ts:\d+|sqlite|select |insert /i);
    expect(await t.journalHead()).toBe(headBefore);
    expect(await userCount()).toBe(usersBefore);
    return problem;
  }

  it('refuses malformed JSON', async () => {
    await expectRefused({ payload: '{"username": "youssef", ', headers: { 'content-type': 'application/json' } }, 400, 'body');
  });

  it('refuses a body that is not JSON', async () => {
    await expectRefused({ payload: 'username=youssef', headers: { 'content-type': 'text/plain' } }, 415, 'body');
  });

  it('refuses wrong types, naming each field', async () => {
    const problem = await expectRefused({ payload: { ...valid, fullName: 42, roles: 'dispatcher' } }, 400, 'fullName');
    expect(problem.errors?.map((e) => e.field).sort()).toEqual(['fullName', 'roles']);
  });

  it('refuses unknown fields instead of dropping them', async () => {
    const problem = await expectRefused({ payload: { ...valid, isAdmin: true } }, 400, 'isAdmin');
    expect(problem.errors).toEqual([{ field: 'isAdmin', message: 'is not a known field' }]);
  });

  it('refuses a role that does not exist, and says which exist', async () => {
    const problem = await expectRefused({ payload: { ...valid, roles: ['dispatcher', 'superuser'] } }, 400, 'roles.1');
    expect(problem.errors?.[0]?.message).toContain('one of call-taker, dispatcher');
  });

  it('refuses a missing field', async () => {
    const { username: _omit, ...rest } = valid;
    const problem = await expectRefused({ payload: rest }, 400, 'username');
    expect(problem.errors).toEqual([{ field: 'username', message: 'is required' }]);
  });

  it('refuses a body over the configured limit', async () => {
    await expectRefused({ payload: { ...valid, fullName: 'A'.repeat(3_000) } }, 413, 'body');
  });

  it('refuses control characters', async () => {
    await expectRefused({ payload: { ...valid, fullName: 'Youssef\u0000El Amrani' } }, 400, 'fullName');
    await expectRefused({ payload: { ...valid, username: 'yous\u0007sef' } }, 400, 'username');
  });

  it('refuses Arabic and Latin mixed in one name field', async () => {
    await expectRefused({ payload: { ...valid, fullName: 'Youssef يوسف' } }, 400, 'fullName');
    await expectRefused({ payload: { ...valid, fullNameAr: 'يوسف Youssef' } }, 400, 'fullNameAr');
  });

  it('refuses SQL injection attempts', async () => {
    await expectRefused({ payload: { ...valid, username: "admin'; DROP TABLE app_user;--" } }, 400, 'username');
    await expectRefused({ payload: { ...valid, fullName: "Robert'); DROP TABLE app_user;--" } }, 400, 'fullName');
    await expectRefused({ method: 'GET', url: "/users/1' OR '1'='1" }, 400, 'id');
  });

  it('refuses HTML injection attempts', async () => {
    await expectRefused({ payload: { ...valid, fullName: '<script>alert(1)</script>' } }, 400, 'fullName');
    await expectRefused({ payload: { ...valid, fullNameAr: '<img src=x onerror=alert(1)>' } }, 400, 'fullNameAr');
  });

  it('refuses a bad query parameter by name', async () => {
    const auditor = (await t.login(['auditor'])).token;
    const response = await t.app.inject({ url: '/journal?limit=lots', headers: bearer(auditor) });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'limit', message: 'must be a whole number from 1 to 1000' }]);
  });

  it('refuses a body on a route that takes none', async () => {
    const { token } = await t.login(['dispatcher']);
    const response = await t.app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(token), payload: { everything: true } });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: 'body', message: 'this route takes no body' }]);
    expect((await t.app.inject({ url: '/auth/me', headers: bearer(token) })).statusCode).toBe(200);
  });

  it('accepts a well-formed user with names in both scripts, and stores them verbatim', async () => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: bearer(admin),
      payload: { ...valid, username: 'youssef.amrani', fullName: "Youssef El-Amrani O'Neil", fullNameAr: 'يوسف العمراني', locale: 'ar' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ user: { fullName: "Youssef El-Amrani O'Neil", fullNameAr: 'يوسف العمراني', locale: 'ar' } });
    expect(response.json().oneTimePassword).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(response.json().user.passwordHash).toBeUndefined();
  });

  it('answers a duplicate username with a conflict naming the field', async () => {
    const first = await t.app.inject({ method: 'POST', url: '/users', headers: bearer(admin), payload: { ...valid, username: 'karim' } });
    expect(first.statusCode, first.body).toBe(201);
    await expectRefused({ payload: { ...valid, username: 'karim', fullName: 'Karim Bennani' } }, 409, 'username');
  });
});
