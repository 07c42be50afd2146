import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp } from '../server/testing.js';
import { CASA_DESK, personBody, setupIdentityTest, type IdentityTest } from './identity.testing.js';
import type { Person } from './person.js';

describe(`the national register (${testDatabaseKind()})`, () => {
  let c: IdentityTest;
  let citizen: { token: string; username: string };

  beforeAll(async () => {
    c = await setupIdentityTest(setupTestApp);
    citizen = await c.t.login(['citizen']);
    await c.ok('/identity/persons', c.clerk.token, personBody('BE123456'), 201);
  });
  afterAll(async () => c.close());

  /** Sends a request that must be refused naming `field`, and proves nothing was written. */
  async function refused(request: () => ReturnType<IdentityTest['post']>, status: number, field: string): Promise<{ detail: string; errors: { field: string; message: string }[] }> {
    const [head, people] = [await c.t.journalHead(), await c.count('identity_person')];
    const response = await request();
    expect(response.statusCode, response.body).toBe(status);
    const problem = response.json() as { detail: string; errors: { field: string; message: string }[] };
    expect(problem.errors.map((e) => e.field)).toContain(field);
    expect(await c.t.journalHead()).toBe(head);
    expect(await c.count('identity_person')).toBe(people);
    return problem;
  }
  const register = (over: Record<string, unknown>) => () => c.post('/identity/persons', c.clerk.token, personBody('BK500500', over));

  it('refuses dates that do not exist, naming the field, and writes nothing', async () => {
    expect((await refused(register({ birthDate: '1990-02-31' }), 400, 'birthDate')).errors[0]!.message).toContain('a date YYYY-MM-DD that exists');
    await refused(register({ birthDate: '1990-13-01' }), 400, 'birthDate');
    await refused(register({ birthDate: '2023-02-29' }), 400, 'birthDate');
    await refused(register({ birthDate: '14/05/1990' }), 400, 'birthDate');
    expect((await refused(register({ birthDate: '2026-03-03' }), 400, 'birthDate')).detail).toContain('is after today (2026-03-02)');
    await refused(register({ birthDate: '1899-12-31' }), 400, 'birthDate');
  });

  it('refuses names with digits or mixed scripts, bad numbers and unknown fields, naming each', async () => {
    await refused(register({ surname: 'Alaoui2' }), 400, 'surname');
    await refused(register({ givenNamesAr: 'محمد 2' }), 400, 'givenNamesAr');
    await refused(register({ givenNames: 'Youssef يوسف' }), 400, 'givenNames');
    await refused(register({ fatherName: 'Abdel1' }), 400, 'fatherName');
    await refused(register({ birthPlace: 'Casa 2' }), 400, 'birthPlace');
    await refused(() => c.post('/identity/persons', c.clerk.token, personBody('be123456')), 400, 'nin');
    await refused(() => c.post('/identity/persons', c.clerk.token, personBody('B12')), 400, 'nin');
    await refused(register({ phone: 'call me' }), 400, 'phone');
    await refused(register({ sex: 'X' }), 400, 'sex');
    await refused(register({ religion: 'none of your business' }), 400, 'religion');
    const many = await refused(register({ surname: '', birthDate: '1990-02-30', sex: 'male' }), 400, 'surname');
    expect(many.errors.map((e) => e.field).sort()).toEqual(['birthDate', 'sex', 'surname']);
  });

  it('allocates the next national ID number of a desk’s letters to a person registered without one', async () => {
    await c.ok('/identity/desks', c.admin, { ...CASA_DESK, code: 'CASA-MAARIF', ninPrefix: 'BK' }, 201);
    await c.ok('/identity/desks', c.admin, { ...CASA_DESK, code: 'CASA-SIDI-BELYOUT' }, 201);
    // Other people than the register's BE123456 (a search by name and birth date must not find them).
    const { nin: _given, ...unnumbered } = personBody('BK000000', { givenNames: 'Omar', givenNamesAr: 'عمر', fatherName: 'Ali', birthDate: '1992-03-04' });
    const first = await c.ok<Person>('/identity/persons', c.clerk.token, { ...unnumbered, desk: 'CASA-MAARIF' }, 201);
    expect(first.nin).toBe('BK000001');
    expect((await c.stream('identity-person/BK000001'))[0]).toMatchObject({ type: 'identity_person.registered', data: { allocatedBy: 'CASA-MAARIF' } });
    // A number given by hand is passed over.
    await c.ok('/identity/persons', c.clerk.token, personBody('BK000002', { givenNames: 'Hamza', givenNamesAr: 'حمزة', fatherName: 'Driss', birthDate: '1993-04-05' }), 201);
    const third = await c.ok<Person>('/identity/persons', c.clerk.token, { ...unnumbered, givenNames: 'Ilyas', givenNamesAr: 'إلياس', fatherName: 'Said', desk: 'CASA-MAARIF' }, 201);
    expect(third.nin).toBe('BK000003');
    // Neither a number nor a desk, a desk that allocates none, a desk that does not exist: refused, nothing written.
    await refused(() => c.post('/identity/persons', c.clerk.token, unnumbered), 400, 'nin');
    await refused(() => c.post('/identity/persons', c.clerk.token, { ...unnumbered, desk: 'CASA-SIDI-BELYOUT' }), 409, 'desk');
    await refused(() => c.post('/identity/persons', c.clerk.token, { ...unnumbered, desk: 'NOWHERE' }), 400, 'desk');
    expect((await c.post('/identity/desks', c.admin, { ...CASA_DESK, code: 'CASA-AIN-SEBAA', ninPrefix: 'bk1' })).json()).toMatchObject({ errors: [{ field: 'ninPrefix' }] });
  });

  it('refuses a national ID number already in the register (409), and a clerk without identity.enrol (403)', async () => {
    await refused(() => c.post('/identity/persons', c.clerk.token, personBody('BE123456')), 409, 'nin');
    const operator = await c.post('/identity/persons', c.operator, personBody('BK500501'));
    expect(operator.statusCode).toBe(403);
  });

  it('refuses an MRZ with wrong characters or check digits, and a malformed document number, naming the field', async () => {
    const head = await c.t.journalHead();
    const good = ['IDMARR000000010BE123456<<<<<<<', '9005145M3603033MAR<<<<<<<<<<<8', 'EL<IDRISSI<<MOHAMMED<AMINE<<<<'];
    const lower = await c.post('/identity/verify', undefined, { mrz: [good[0]!.toLowerCase(), good[1], good[2]] });
    expect(lower.statusCode).toBe(400);
    expect(lower.json()).toMatchObject({ errors: [{ field: 'mrz.0', message: expect.stringContaining('A-Z, 0-9 and <') as string }] });
    expect((await c.post('/identity/verify', undefined, { mrz: [good[0], good[1]] })).json()).toMatchObject({ errors: [{ field: 'mrz' }] });
    expect((await c.post('/identity/verify', undefined, { mrz: [good[0], `${good[1]!.slice(0, 6)}4${good[1]!.slice(7)}`, good[2]] })).json()).toMatchObject({
      errors: [{ field: 'mrz.line2', message: expect.stringContaining('date of birth check digit') as string }],
    });
    expect((await c.post('/identity/verify', undefined, { mrz: good })).json()).toEqual({ valid: false, status: 'unknown' });
    expect((await c.get('/identity/verify?documentNumber=R0000-001')).json()).toMatchObject({ errors: [{ field: 'documentNumber' }] });
    expect(await c.t.journalHead()).toBe(head);
  });

  it('journals every read of a record with who read it and why; a read without a reason is refused', async () => {
    const head = await c.t.journalHead();
    const noReason = await c.get('/identity/persons/BE123456', c.clerk.token);
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ errors: [{ field: 'reason' }] });
    expect((await c.get('/identity/persons/BE999999?reason=checking+a+name', c.clerk.token)).statusCode).toBe(404);
    expect(await c.t.journalHead()).toBe(head);

    const read = await c.get('/identity/persons/BE123456?reason=renewal+at+the+desk', c.clerk.token);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ nin: 'BE123456', fatherName: 'Abdelkader', cards: [] });
    expect((await c.stream('identity-person/BE123456')).at(-1)).toMatchObject({
      type: 'identity_person.read',
      actor: `user:${c.clerk.username}`,
      data: { reason: 'renewal at the desk', via: 'record' },
    });
    // The auditor sees it in the journal; nobody else reads the person streams live.
    const journal = await c.get('/journal?stream=identity-person/BE123456&limit=10', c.auditor);
    expect(journal.statusCode, journal.body).toBe(200);
  });

  it('finds a person by birth date and a name however it is spelt, journaling each one found', async () => {
    const search = async (name: string) =>
      ((await c.get(`/identity/persons?birthDate=1990-05-14&name=${encodeURIComponent(name)}&reason=identity+check`, c.clerk.token)).json() as Person[]).map((p) => p.nin);
    expect(await search('Mohamed Amine Idrissi')).toEqual(['BE123456']);
    expect(await search('مُحَمَّد امين الادريسي')).toEqual(['BE123456']);
    expect(await search('Ahmed Idrissi')).toEqual([]);
    const reads = (await c.stream('identity-person/BE123456')).filter((e) => e.type === 'identity_person.read' && e.data.via === 'search');
    expect(reads).toHaveLength(2);
  });

  it('links a citizen account to one record only, and a citizen sees only their own', async () => {
    expect((await c.get('/identity/me', citizen.token)).statusCode).toBe(404);
    const notCitizen = await c.send('PUT', '/identity/persons/BE123456/account', c.clerk.token, { username: c.clerk.username });
    expect(notCitizen.statusCode).toBe(400);
    expect(notCitizen.json()).toMatchObject({ errors: [{ field: 'username', message: expect.stringContaining('citizen role') as string }] });
    expect((await c.send('PUT', '/identity/persons/BE123456/account', c.clerk.token, { username: citizen.username })).statusCode).toBe(200);
    await c.ok('/identity/persons', c.clerk.token, personBody('BK700700', { givenNames: 'Salma', givenNamesAr: 'سلمى', sex: 'F' }), 201);
    const twice = await c.send('PUT', '/identity/persons/BK700700/account', c.clerk.token, { username: citizen.username });
    expect(twice.statusCode).toBe(409);
    expect((await c.get('/identity/me', citizen.token)).json()).toMatchObject({ nin: 'BE123456', account: citizen.username });
    for (const url of ['/identity/persons/BK700700?reason=x+y+z', '/identity/applications', '/identity/appointments?desk=CASA-ANFA&day=2026-03-03']) {
      expect((await c.get(url, citizen.token)).statusCode, url).toBe(403);
    }
  });
});
