import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp } from '../server/testing.js';
import { personBody, setupIdentityTest, type IdentityTest } from './identity.testing.js';
import type { PersonReads } from './person.js';

describe(`who read a person's record, for auditors (${testDatabaseKind()})`, () => {
  let c: IdentityTest;
  let reader: { token: string; username: string };

  beforeAll(async () => {
    c = await setupIdentityTest(setupTestApp);
    await c.ok('/identity/persons', c.clerk.token, personBody('BE123456'), 201);
    await c.ok('/identity/persons', c.clerk.token, personBody('BE654321', { givenNames: 'Salma', givenNamesAr: 'سلمى', sex: 'F' }), 201);
    // A clerk with a name in both scripts, as the user list has it.
    const clerk = await c.t.login(['identity-clerk']);
    const users = (await c.get('/users', c.admin)).json() as { id: string; username: string }[];
    const id = users.find((user) => user.username === clerk.username)!.id;
    const named = await c.send('PATCH', `/users/${id}`, c.admin, { fullName: 'Khadija Benali', fullNameAr: 'خديجة بنعلي' });
    expect(named.statusCode, named.body).toBe(200);
    reader = clerk;
  });
  afterAll(async () => c.close());

  const reads = (nin: string, query: string, token = c.auditor) => c.get(`/identity/persons/${nin}/reads?${query}`, token);

  it("lists each read of the person's record with who, when, why and through what, and no other person's", async () => {
    expect((await c.get('/identity/persons/BE123456?reason=renewal+at+the+desk', reader.token)).statusCode).toBe(200);
    c.t.clock.advance(60_000);
    expect((await c.get('/identity/persons?birthDate=1990-05-14&name=Mohammed+Amine+El+Idrissi&reason=checking+a+duplicate', c.clerk.token)).statusCode).toBe(200);
    expect((await c.get('/identity/persons/BE654321?reason=another+person', reader.token)).statusCode).toBe(200);

    const response = await reads('BE123456', 'reason=complaint+2026-17');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as PersonReads;
    expect(body.nin).toBe('BE123456');
    expect(body.next).toBeNull();
    expect(body.reads.map(({ actor, name, nameAr, reason, via, application }) => ({ actor, name, nameAr, reason, via, application }))).toEqual([
      { actor: `user:${reader.username}`, name: 'Khadija Benali', nameAr: 'خديجة بنعلي', reason: 'renewal at the desk', via: 'record', application: null },
      { actor: `user:${c.clerk.username}`, name: 'Test Person', nameAr: null, reason: 'checking a duplicate', via: 'search', application: null },
    ]);
    expect(body.reads[0]!.at).toBe('2026-03-02T08:00:00.000Z');
    expect(body.reads[1]!.at).toBe('2026-03-02T08:01:00.000Z');
    expect(body.reads[0]!.seq).toBeLessThan(body.reads[1]!.seq);
  });

  it("journals the auditor's lookup on the person's stream, with its reason, and does not count it as a read", async () => {
    const before = (await c.stream('identity-person/BE654321')).length;
    const response = await reads('BE654321', 'reason=inquiry+IGSN-42');
    expect(response.statusCode, response.body).toBe(200);
    expect((response.json() as PersonReads).reads.map((read) => read.reason)).toEqual(['another person']);
    const stream = await c.stream('identity-person/BE654321');
    expect(stream).toHaveLength(before + 1);
    expect(stream.at(-1)).toMatchObject({ type: 'identity_person.reads_listed', actor: expect.stringMatching(/^user:auditor-/) as unknown, data: { reason: 'inquiry IGSN-42', count: 1, after: 0 } });
    // Listed again, the lookup is not among the reads.
    expect(((await reads('BE654321', 'reason=inquiry+IGSN-42')).json() as PersonReads).reads).toHaveLength(1);
  });

  it('pages through the reads with after and limit', async () => {
    for (const reason of ['first of three', 'second of three', 'third of three']) {
      expect((await c.get(`/identity/persons/BE654321?reason=${encodeURIComponent(reason)}`, reader.token)).statusCode).toBe(200);
    }
    const first = (await reads('BE654321', 'reason=paging&limit=2')).json() as PersonReads;
    expect(first.reads.map((read) => read.reason)).toEqual(['another person', 'first of three']);
    expect(first.next).toBe(first.reads[1]!.seq);
    const second = (await reads('BE654321', `reason=paging&limit=2&after=${first.next}`)).json() as PersonReads;
    expect(second.reads.map((read) => read.reason)).toEqual(['second of three', 'third of three']);
    expect(second.next).toBeNull();
  });

  it('refuses a lookup without a reason, a malformed number or limit, naming the field, and journals nothing', async () => {
    const head = await c.t.journalHead();
    const cases: [string, string, string][] = [
      ['BE123456', '', 'reason'],
      ['BE123456', 'reason=no', 'reason'],
      ['be123456', 'reason=inquiry', 'nin'],
      ['BE123456', 'reason=inquiry&limit=5000', 'limit'],
      ['BE123456', 'reason=inquiry&who=everyone', 'who'],
    ];
    for (const [nin, query, field] of cases) {
      const response = await reads(nin, query);
      expect(response.statusCode, `${nin}?${query}`).toBe(400);
      expect((response.json() as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    }
    const unknown = await reads('BE999999', 'reason=inquiry');
    expect(unknown.statusCode).toBe(404);
    expect(await c.t.journalHead()).toBe(head);
  });

  it('is for those who read the journal: a clerk, who reads records, may not list who read them', async () => {
    expect((await reads('BE123456', 'reason=curiosity', c.clerk.token)).statusCode).toBe(403);
    expect((await reads('BE123456', 'reason=curiosity', c.operator)).statusCode).toBe(403);
    expect((await c.get('/identity/persons/BE123456/reads?reason=curiosity')).statusCode).toBe(401);
  });
});
