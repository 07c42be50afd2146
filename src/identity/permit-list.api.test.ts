import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import type { PermitApplication, Resident } from '../contract/permit.schema.js';
import { setupTestApp } from '../server/testing.js';
import { CASA_DESK, RABAT, setupIdentityTest, tinyJpeg, type IdentityTest } from './identity.testing.js';

/** The lists the foreigners' desk works from: a desk's applications, by status, a resident's. */
const AGDAL = { ...CASA_DESK, code: 'RABAT-AGDAL', name: 'Arrondissement Agdal', ninPrefix: 'RG' };
const DOCUMENTS = ['passport', 'photos', 'proof_of_address', 'proof_of_means', 'criminal_record', 'medical_certificate', 'fee_stamp'];
const photo = { data: tinyJpeg(64, 80).toString('base64') };

describe(`the residence-permit applications' lists (${testDatabaseKind()})`, () => {
  let c: IdentityTest;

  beforeEach(async () => {
    c = await setupIdentityTest(setupTestApp);
    await c.ok('/identity/centres', c.admin, RABAT, 201);
    await c.ok('/identity/desks', c.admin, { ...CASA_DESK, ninPrefix: 'BK' }, 201);
    await c.ok('/identity/desks', c.admin, AGDAL, 201);
  });
  afterEach(async () => c.close());

  const fileAt = async (desk: string, surname: string, passport: string) => {
    const resident = await c.ok<Resident>(
      '/identity/residents',
      c.clerk.token,
      {
        desk,
        surname,
        givenNames: 'Awa',
        sex: 'F',
        birthDate: '1993-02-11',
        birthPlace: 'Dakar',
        nationality: 'SEN',
        passport: { number: passport, issuingState: 'SEN', expiry: '2031-01-01' },
        entryDate: '2026-01-10',
        address: '3 avenue Hassan II',
        activity: { kind: 'school', name: 'Université Mohammed V' },
      },
      201,
    );
    return c.ok<PermitApplication>('/identity/permit-applications', c.clerk.token, { resident: resident.number, kind: 'first_registration', desk, documents: DOCUMENTS, photo }, 201);
  };
  const list = async (query: string, token = c.clerk.token) => {
    const response = await c.get(`/identity/permit-applications${query}`, token);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as PermitApplication[]).map((a) => [a.number, a.desk, a.status]);
  };

  it("lists a desk's applications, latest change first, by status and by resident, as they go through production", async () => {
    const first = await fileAt('CASA-ANFA', 'Ndiaye', 'A1111111');
    const second = await fileAt('CASA-ANFA', 'Sow', 'A2222222');
    const elsewhere = await fileAt('RABAT-AGDAL', 'Fall', 'A3333333');
    c.t.clock.advance(60_000);
    await c.ok(`/identity/permit-applications/${first.number}/decision`, c.clerk.token, { decision: 'approve' });

    expect(await list('?desk=CASA-ANFA')).toEqual([
      [first.number, 'CASA-ANFA', 'approved'],
      [second.number, 'CASA-ANFA', 'filed'],
    ]);
    expect(await list('?desk=CASA-ANFA&status=filed')).toEqual([[second.number, 'CASA-ANFA', 'filed']]);
    expect(await list(`?resident=${elsewhere.resident}`)).toEqual([[elsewhere.number, 'RABAT-AGDAL', 'filed']]);
    expect(await list('?desk=CASA-ANFA&limit=1')).toEqual([[first.number, 'CASA-ANFA', 'approved']]);

    // The issuance operator does not read the desks' lists; the approved permit goes through the batches.
    expect((await c.get('/identity/permit-applications?desk=CASA-ANFA', c.operator)).statusCode).toBe(403);
    const schedule = await c.ok<{ batches: { id: string }[] }>('/identity/production/schedule', c.operator);
    await c.ok(`/identity/batches/${schedule.batches[0]!.id}/produce`, c.operator);
    await c.ok(`/identity/batches/${schedule.batches[0]!.id}/ship`, c.operator);
    expect(await list('?desk=CASA-ANFA&status=shipped')).toEqual([[first.number, 'CASA-ANFA', 'shipped']]);
    await c.ok(`/identity/batches/${schedule.batches[0]!.id}/receive`, c.clerk.token);
    expect(await list('?status=received')).toEqual([[first.number, 'CASA-ANFA', 'received']]);
  });

  it('lets the administrator who edits a checklist read it, as the desks do; not a stranger', async () => {
    for (const token of [c.admin, c.clerk.token]) {
      const response = await c.get('/identity/permits/checklists/residence_card', token);
      expect(response.statusCode).toBe(200);
      expect((response.json() as { documents: { code: string }[] }).documents.map((d) => d.code)).toContain('current_permit');
    }
    expect((await c.get('/identity/permits/checklists/residence_card')).statusCode).toBe(401);
  });

  it('refuses a bad filter, naming it', async () => {
    for (const [query, field] of [
      ['?status=lost', 'status'],
      ['?resident=BK0001', 'resident'],
      ['?limit=0', 'limit'],
      ['?desk=casa anfa', 'desk'],
    ] as const) {
      const response = await c.get(`/identity/permit-applications${query}`, c.clerk.token);
      expect(response.statusCode, query).toBe(400);
      expect(JSON.stringify(response.json()), query).toContain(field);
    }
  });
});
