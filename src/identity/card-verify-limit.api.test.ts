import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Permission, personRoles, rolePermissions } from '../core/auth/permission.js';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from '../server/testing.js';

describe(`public card verification, limited per address (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_PUBLIC_VERIFY_PER_MINUTE: '3' } });
  });
  afterAll(async () => t.close());

  const verify = (address: string, headers: Record<string, string> = {}) =>
    t.app.inject({ url: '/identity/verify?documentNumber=R00000001', remoteAddress: address, headers });

  it('answers an address its quota a minute, then 429 with when to come back; other addresses and officers go on', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await verify('10.20.0.1')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await verify('10.20.0.1');
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.json()).toMatchObject({ code: 'rate_limited', detail: 'too many card verifications from this address: at most 3 a minute; try again in 60 s' });
    const byMrz = await t.app.inject({ method: 'POST', url: '/identity/verify', remoteAddress: '10.20.0.1', payload: { mrz: ['I<MAR' + '<'.repeat(25), '<'.repeat(30), '<'.repeat(30)] } });
    expect(byMrz.statusCode).toBe(429);
    expect((await verify('10.20.0.2')).statusCode).toBe(200);
    // An officer holding identity.verify behind the same address is not counted.
    const officerRole = personRoles.find((role) => rolePermissions[role].includes(Permission.identityVerify))!;
    const officer = await t.login([officerRole]);
    for (let i = 0; i < 5; i += 1) expect((await verify('10.20.0.1', bearer(officer.token))).statusCode).toBe(200);
    t.clock.advance(60_000);
    expect((await verify('10.20.0.1')).statusCode).toBe(200);
  });
});
