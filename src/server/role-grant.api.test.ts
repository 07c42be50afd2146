import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleGrant } from '../core/auth/role-grant.js';
import type { User } from '../core/auth/user.js';
import { findEvents } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { requestsTo, setupTestApp, type TestApp } from './testing.js';

describe(`the two-person rule for powerful roles (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let first: { id: string; token: string };
  let second: { id: string; token: string };

  beforeAll(async () => {
    t = await setupTestApp();
    first = await t.login(['administrator']);
    second = await t.login(['administrator']);
  });
  afterAll(async () => t.close());

  const { send } = requestsTo(() => t.app);
  const pendingFor = async (username: string) =>
    ((await send('GET', '/role-grants?status=pending', first.token)).json() as RoleGrant[]).filter((grant) => grant.username === username);

  it('holds an auditor role asked for by one administrator until a second one approves it', async () => {
    const created = await send('POST', '/users', first.token, { username: 'samira', fullName: 'Samira Alaoui', roles: ['auditor'] });
    expect(created.statusCode, created.body).toBe(201);
    const samira = (created.json() as { user: User }).user;
    expect(samira).toMatchObject({ roles: [], pendingRoles: ['auditor'] });
    const [grant] = await pendingFor('samira');
    expect(grant).toMatchObject({ role: 'auditor', status: 'pending', requestedBy: expect.stringMatching(/^user:administrator-/) as string, decidedBy: null });

    // The one who asked cannot approve; nothing changes.
    const alone = await send('POST', `/role-grants/${grant!.id}/approve`, first.token);
    expect(alone.statusCode).toBe(403);
    expect(alone.json()).toMatchObject({ detail: expect.stringContaining('two-person rule') as string });
    expect((await send('GET', `/users/${samira.id}`, first.token)).json()).toMatchObject({ roles: [], pendingRoles: ['auditor'] });

    const approved = await send('POST', `/role-grants/${grant!.id}/approve`, second.token);
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', decidedBy: expect.stringMatching(/^user:administrator-/) as string });
    const after = (await send('GET', `/users/${samira.id}`, first.token)).json() as User;
    expect(after.roles).toEqual(['auditor']);
    expect(after.pendingRoles).toBeUndefined();
    expect((await send('POST', `/role-grants/${grant!.id}/approve`, second.token)).statusCode).toBe(409);
    const history = await findEvents(t.core.db, { stream: 'user/samira', limit: 10 });
    const firstActor = `user:${await usernameOf(first.id)}`;
    expect(history.map((e) => [e.type, e.actor === firstActor ? 'first' : 'second'])).toEqual([
      ['user.created', 'first'],
      ['user.role_requested', 'first'],
      ['user.role_granted', 'second'],
    ]);
  });

  it('gives the other roles of a change at once, and asks for the identity and administrator ones', async () => {
    const clerk = await t.login(['call-taker']);
    const changed = await send('PATCH', `/users/${clerk.id}`, first.token, { roles: ['dispatcher', 'identity-clerk'] });
    expect(changed.json()).toMatchObject({ roles: ['dispatcher'], pendingRoles: ['identity-clerk'] });
    // Asked again: still one grant.
    await send('PATCH', `/users/${clerk.id}`, first.token, { roles: ['dispatcher', 'identity-clerk'] });
    const [grant] = await pendingFor(clerk.username);
    expect((await pendingFor(clerk.username)).length).toBe(1);
    // Refused with a reason by the second administrator: the role is not held, and the refusal is journaled.
    expect((await send('POST', `/role-grants/${grant!.id}/refuse`, second.token, {})).json()).toMatchObject({ errors: [{ field: 'reason' }] });
    const refused = await send('POST', `/role-grants/${grant!.id}/refuse`, second.token, { reason: 'not trained for the register' });
    expect(refused.json()).toMatchObject({ status: 'refused', reason: 'not trained for the register' });
    expect((await send('GET', `/users/${clerk.id}`, first.token)).json()).toMatchObject({ roles: ['dispatcher'] });
    expect((await findEvents(t.core.db, { stream: `user/${clerk.username}`, limit: 10 })).at(-1)).toMatchObject({
      type: 'user.role_refused',
      data: { role: 'identity-clerk', reason: 'not trained for the register', withdrawn: false },
    });
  });

  it('lets nobody but administrators decide, and nobody approve a grant to themselves', async () => {
    const supervisor = await t.login(['supervisor']);
    const created = await send('POST', '/users', first.token, { username: 'new-admin', fullName: 'New Admin', roles: ['administrator'] });
    const newAdmin = (created.json() as { user: User }).user;
    const [grant] = await pendingFor('new-admin');
    expect((await send('POST', `/role-grants/${grant!.id}/approve`, supervisor.token)).statusCode).toBe(403);
    expect((await send('GET', '/role-grants', supervisor.token)).statusCode).toBe(200);
    expect(newAdmin.roles).toEqual([]);
    // Withdrawn by the one who asked.
    expect((await send('POST', `/role-grants/${grant!.id}/refuse`, first.token, { reason: 'wrong person' })).json()).toMatchObject({ status: 'refused' });
    expect((await findEvents(t.core.db, { stream: 'user/new-admin', limit: 10 })).at(-1)).toMatchObject({ data: { withdrawn: true } });
  });

  async function usernameOf(id: string): Promise<string> {
    return ((await send('GET', `/users/${id}`, first.token)).json() as User).username;
  }
});
