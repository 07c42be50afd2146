import { execFileSync } from 'node:child_process';
import { X509Certificate, verify as verifySignature, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp } from '../server/testing.js';
import type { Certificate, OwnCertificate } from './certificate.js';
import { CASA_DESK, RABAT, approvedApplication, personBody, setupIdentityTest, type IdentityTest } from './identity.testing.js';
import { identityKeystore } from './identity-keystore.js';
import { judicialRecordsKey, useJudicialRecords, type JudicialRecord, type JudicialRecords } from './judicial-record.js';
import { readSealImage } from './seal-image.js';
import { registeredSeal } from './seal.service.js';

/** Whether a poppler tool is installed; with CI=true a missing one fails the test instead of skipping it. */
function hasTool(name: string): boolean {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const popplerMissing = ['pdftotext', 'pdftoppm'].filter((tool) => !hasTool(tool));
const skipPoppler = popplerMissing.length > 0 && process.env.CI !== 'true';
const skippedNote = skipPoppler ? ` (skipped: ${popplerMissing.join(', ')} missing)` : '';

/** The text of a PDF as poppler extracts it, in logical order, whitespace runs made one space. */
function pdfText(file: string): string {
  // Poppler marks the direction of each run (LRE, RLE, PDF, RLM): invisible, and not part of the text's order.
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
    .replace(/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, '')
    .replace(/\s+/gu, ' ');
}

/** The pages of a PDF rasterised by poppler at 200 dpi, as PNG files. */
function pagesOf(file: string): Buffer[] {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file, '.pdf')}-page`;
  execFileSync('pdftoppm', ['-png', '-r', '200', file, path.join(dir, prefix)]);
  return fs
    .readdirSync(dir)
    .filter((name) => name.startsWith(prefix) && name.endsWith('.png'))
    .sort()
    .map((name) => fs.readFileSync(path.join(dir, name)));
}

/** A seal's signed part and its signature (Part 13: the signature zone closes the seal, 0xFF, length 64, r || s). */
function splitSeal(seal: Buffer): { signed: Buffer; signature: Buffer } {
  expect(seal[0]).toBe(0xdc);
  expect(seal[seal.length - 66]).toBe(0xff);
  expect(seal[seal.length - 65]).toBe(64);
  return { signed: seal.subarray(0, seal.length - 66), signature: seal.subarray(seal.length - 64) };
}

const verifies = (key: KeyObject, signed: Buffer, signature: Buffer) => verifySignature('sha256', signed, { key, dsaEncoding: 'ieee-p1363' }, signature);

/** The second card holder of the fixture; in the judicial records tests, a person of the register. */
const SALMA = { givenNames: 'Salma', givenNamesAr: 'سلمى', sex: 'F', birthDate: '1992-08-30' };
const JUDGMENT = { nin: 'BE654321', court: 'Tribunal de première instance de Casablanca', judgmentDate: '2019-04-02', caseReference: 'TPI-CASA/2019/1187', offence: 'Vol simple', sentence: 'Six mois avec sursis' };

// Each test starts from a fresh app and builds what it needs with the helpers below; a story whose steps
// act on what the steps before made (a request, then its decision, its PDF, its revocation) is one test.
describe(`administrative certificates (${testDatabaseKind()})`, () => {
  let c: IdentityTest;
  let workDir: string;

  beforeEach(async () => {
    c = await setupIdentityTest(setupTestApp);
    workDir = fs.mkdtempSync(path.join(c.dir, 'pdf-'));
  });
  afterEach(async () => c.close());

  /** Rows of the certificates' table, to prove a refusal wrote nothing. */
  const certificateRows = async () => Number((await c.t.core.db.selectFrom('identity_certificate').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const problemFields = (body: string) => (JSON.parse(body) as { errors?: { field: string }[] }).errors?.map((e) => e.field) ?? [];

  /**
   * Two card holders (BE123456 the citizen online, BE654321 Salma at the desk) and a person without a card
   * (BE777777); the citizen's account linked, a certificate officer who decides. The clock then stands on
   * 4 March 2026, 09:00, within the week the sessions last.
   */
  async function cardHolders(): Promise<{ citizen: { token: string; username: string }; officer: { token: string; username: string } }> {
    await c.ok('/identity/centres', c.admin, RABAT, 201);
    await c.ok('/identity/desks', c.admin, CASA_DESK, 201);
    const first = await approvedApplication(c, 'BE123456', 'CASA-ANFA');
    const second = await approvedApplication(c, 'BE654321', 'CASA-ANFA', { person: SALMA, seed: 'salma' });
    await c.ok('/identity/persons', c.clerk.token, personBody('BE777777', { givenNames: 'Karim', givenNamesAr: 'كريم', birthDate: '1988-01-09' }), 201);
    c.t.clock.set('2026-03-03T08:00:00.000Z');
    const schedule = await c.ok<{ batches: { id: string }[] }>('/identity/production/schedule', c.operator);
    const batch = schedule.batches[0]!;
    await c.ok(`/identity/batches/${batch.id}/produce`, c.operator);
    await c.ok(`/identity/batches/${batch.id}/ship`, c.operator);
    await c.ok(`/identity/batches/${batch.id}/receive`, c.clerk.token);
    await c.ok(`/identity/applications/${first.number}/handover`, c.clerk.token, { nin: 'BE123456', birthDate: '1990-05-14' });
    await c.ok(`/identity/applications/${second.number}/handover`, c.clerk.token, { nin: 'BE654321', birthDate: '1992-08-30' });
    const citizen = await c.t.login(['citizen']);
    expect((await c.send('PUT', '/identity/persons/BE123456/account', c.clerk.token, { username: citizen.username })).statusCode).toBe(200);
    const officer = await c.t.login(['certificate-officer']);
    c.t.clock.set('2026-03-04T09:00:00.000Z');
    return { citizen, officer };
  }

  /** The citizen's own police record certificate, requested online and approved by the officer. */
  async function issuedOnline(citizen: { token: string }, officer: { token: string }): Promise<{ own: OwnCertificate; issued: Certificate }> {
    const own = await c.ok<OwnCertificate>('/identity/me/certificates', citizen.token, { nin: 'BE123456', kind: 'police-record' }, 201);
    const issued = await c.ok<Certificate>(`/identity/certificates/${own.number}/decision`, officer.token, { decision: 'approve' });
    return { own, issued };
  }

  describe('the judicial records', () => {
    beforeEach(async () => {
      await c.ok('/identity/persons', c.clerk.token, personBody('BE654321', SALMA), 201);
    });

    it('are entered by an administrator (identity.records.manage), sealed under the person’s key, journaled', async () => {
      const record = await c.ok<JudicialRecord>('/identity/judicial-records', c.admin, JUDGMENT, 201);
      expect(record).toMatchObject({ nin: 'BE654321', status: 'in_force', version: 1, offence: 'Vol simple' });
      const row = await c.t.core.db.selectFrom('identity_judicial_record').selectAll().where('id', '=', record.id).executeTakeFirstOrThrow();
      expect(row.record).toMatch(/^v1\./u);
      expect(row.record).not.toContain('Vol simple');
      const events = await c.stream(`judicial-record/${record.id}`);
      expect(events).toMatchObject([{ type: 'judicial_record.entered', actor: expect.stringMatching(/^user:/u) as unknown, data: { nin: 'BE654321', status: 'in_force' } }]);
      expect(JSON.stringify(events[0]!.data)).not.toContain('Vol simple');
    });

    it('are refused to a clerk and an officer (403), and a bad entry names its field and writes nothing', async () => {
      const officer = await c.t.login(['certificate-officer']);
      const body = { nin: 'BE654321', court: 'Tribunal de Rabat', judgmentDate: '2020-01-01', caseReference: 'TPI-RABAT/2020/1', offence: 'Outrage', sentence: 'Amende' };
      expect((await c.post('/identity/judicial-records', c.clerk.token, body)).statusCode).toBe(403);
      expect((await c.post('/identity/judicial-records', officer.token, body)).statusCode).toBe(403);
      const head = await c.t.journalHead();
      const unknown = await c.post('/identity/judicial-records', c.admin, { ...body, nin: 'ZZ999999' });
      expect(unknown.statusCode).toBe(400);
      expect(problemFields(unknown.body)).toEqual(['nin']);
      const future = await c.post('/identity/judicial-records', c.admin, { ...body, judgmentDate: '2027-01-01' });
      expect(future.statusCode).toBe(400);
      expect(problemFields(future.body)).toEqual(['judgmentDate']);
      expect(await c.t.journalHead()).toBe(head);
    });

    it('are corrected with a reason, the fields changed journaled; the read of a person’s records is journaled too', async () => {
      const record = await c.ok<JudicialRecord>('/identity/judicial-records', c.admin, JUDGMENT, 201);
      const corrected = await c.send('PATCH', `/identity/judicial-records/${record.id}`, c.admin, { sentence: 'Six mois avec sursis et amende', reason: 'rectification TPI 2026/55' });
      expect(corrected.statusCode, corrected.body).toBe(200);
      expect(corrected.json()).toMatchObject({ version: 2, sentence: 'Six mois avec sursis et amende', status: 'in_force' });
      expect((await c.stream(`judicial-record/${record.id}`)).at(-1)).toMatchObject({ type: 'judicial_record.corrected', data: { fields: ['sentence'], reason: 'rectification TPI 2026/55', version: 2 } });
      const list = await c.get('/identity/judicial-records?nin=BE654321&reason=checking+a+file', c.admin);
      expect(list.statusCode, list.body).toBe(200);
      expect((list.json() as JudicialRecord[]).map((r) => r.id)).toEqual([record.id]);
      expect((await c.stream('identity-person/BE654321')).at(-1)).toMatchObject({ type: 'identity_person.read', data: { reason: 'checking a file', via: 'judicial-records' } });
    });
  });

  it('refuses a request of a citizen for someone else (403), for an unknown number, without a valid card (409 nin), of a bad kind (400 kind): nothing written', async () => {
    const { citizen, officer } = await cardHolders();
    const head = await c.t.journalHead();
    const rows = await certificateRows();
    const other = await c.post('/identity/me/certificates', citizen.token, { nin: 'BE654321', kind: 'police-record' });
    expect(other.statusCode, other.body).toBe(403);
    const unknown = await c.post('/identity/certificates', c.clerk.token, { nin: 'ZZ999999', kind: 'police-record', desk: 'CASA-ANFA' });
    expect(unknown.statusCode, unknown.body).toBe(400);
    expect(problemFields(unknown.body)).toEqual(['nin']);
    const noCard = await c.post('/identity/certificates', c.clerk.token, { nin: 'BE777777', kind: 'residence', desk: 'CASA-ANFA' });
    expect(noCard.statusCode, noCard.body).toBe(409);
    expect(problemFields(noCard.body)).toEqual(['nin']);
    const badKind = await c.post('/identity/me/certificates', citizen.token, { nin: 'BE123456', kind: 'birth' });
    expect(badKind.statusCode).toBe(400);
    expect(problemFields(badKind.body)).toEqual(['kind']);
    const residenceOnPolice = await c.post('/identity/certificates', c.clerk.token, { nin: 'BE654321', kind: 'police-record', desk: 'CASA-ANFA', residence: { address: '3 rue Tarik, Casablanca', documentReference: 'LEASE-2026-1' } });
    expect(residenceOnPolice.statusCode).toBe(400);
    expect(problemFields(residenceOnPolice.body)).toEqual(['residence']);
    const unknownDesk = await c.post('/identity/certificates', c.clerk.token, { nin: 'BE654321', kind: 'police-record', desk: 'NOWHERE' });
    expect(unknownDesk.statusCode).toBe(400);
    expect(problemFields(unknownDesk.body)).toEqual(['desk']);
    // A citizen does not use the desk's route, nor an officer.
    expect((await c.post('/identity/certificates', citizen.token, { nin: 'BE123456', kind: 'police-record', desk: 'CASA-ANFA' })).statusCode).toBe(403);
    expect((await c.post('/identity/certificates', officer.token, { nin: 'BE123456', kind: 'police-record', desk: 'CASA-ANFA' })).statusCode).toBe(403);
    expect(await certificateRows()).toBe(rows);
    expect(await c.t.journalHead()).toBe(head);
  });

  describe('at the desk', () => {
    it('checks a police record request against the records and shows the entries in force to the officer, who rejects it with a reason', async () => {
      const { officer } = await cardHolders();
      await c.ok<JudicialRecord>('/identity/judicial-records', c.admin, { ...JUDGMENT, sentence: 'Six mois avec sursis et amende' }, 201);
      const requested = await c.ok<Certificate>('/identity/certificates', c.clerk.token, { nin: 'BE654321', kind: 'police-record', desk: 'CASA-ANFA' }, 201);
      expect(requested).toMatchObject({
        kind: 'police-record',
        channel: 'desk',
        desk: 'CASA-ANFA',
        status: 'pending',
        holder: { surname: 'El Idrissi', givenNames: 'Salma', givenNamesAr: 'سلمى' },
        recordsCheck: { source: 'amane-register', clean: false, entries: [{ offence: 'Vol simple', sentence: 'Six mois avec sursis et amende', judgmentDate: '2019-04-02' }] },
        allowedActions: ['approve', 'reject'],
      });
      expect(requested.number).toMatch(/^CERT-2026-\d{7}$/u);
      // The read of the records is journaled on the person's stream, with the request's number.
      expect((await c.stream('identity-person/BE654321')).at(-1)).toMatchObject({ data: { reason: `police record certificate ${requested.number}`, via: 'judicial-records' } });
      expect((await c.stream(`identity-certificate/${requested.number}`)).map((e) => e.type)).toEqual(['identity_certificate.requested']);
      // A second request of the same kind waits for the first.
      const twice = await c.post('/identity/certificates', c.clerk.token, { nin: 'BE654321', kind: 'police-record', desk: 'CASA-ANFA' });
      expect(twice.statusCode).toBe(409);
      expect(problemFields(twice.body)).toEqual(['kind']);

      const desk = (await c.get('/identity/certificates?desk=CASA-ANFA&status=pending', c.clerk.token)).json() as { number: string }[];
      expect(desk.map((r) => r.number)).toContain(requested.number);
      const queue = (await c.get('/identity/certificate-queue', officer.token)).json() as Certificate[];
      expect(queue.find((r) => r.number === requested.number)?.recordsCheck?.clean).toBe(false);
      // Opening a request is a read of the person's data, journaled like a read of the record.
      expect((await c.stream('identity-person/BE654321')).at(-1)).toMatchObject({ actor: `user:${officer.username}`, data: { reason: 'certificate queue', via: 'certificate-queue' } });
      expect(((await c.get(`/identity/certificates/${requested.number}`, c.clerk.token)).json() as Certificate).holder?.birthDate).toBe('1992-08-30');
      expect((await c.stream('identity-person/BE654321')).at(-1)).toMatchObject({ actor: `user:${c.clerk.username}`, data: { reason: `certificate ${requested.number}`, via: 'certificate' } });
      // The clerk does not decide; the officer must give a reason to reject.
      expect((await c.post(`/identity/certificates/${requested.number}/decision`, c.clerk.token, { decision: 'approve' })).statusCode).toBe(403);
      const noReason = await c.post(`/identity/certificates/${requested.number}/decision`, officer.token, { decision: 'reject' });
      expect(noReason.statusCode).toBe(400);
      expect(problemFields(noReason.body)).toEqual(['reason']);
      const rejected = await c.ok<Certificate>(`/identity/certificates/${requested.number}/decision`, officer.token, { decision: 'reject', reason: 'the applicant asked for it to be withdrawn' });
      expect(rejected).toMatchObject({ status: 'rejected', decisionReason: 'the applicant asked for it to be withdrawn', decidedBy: `user:${officer.username}`, documentNumber: null, allowedActions: [] });
      const again = await c.post(`/identity/certificates/${requested.number}/decision`, officer.token, { decision: 'approve' });
      expect(again.statusCode).toBe(409);
      expect((await c.get(`/identity/certificates/${requested.number}/pdf`, c.clerk.token)).statusCode).toBe(409);
    });

    it('does not let whoever made a request decide on it; another officer issues the certificate of residence at the declared address, sealed, its PDF saying so', async () => {
      const { officer } = await cardHolders();
      const both = await c.t.login(['identity-clerk', 'certificate-officer']);
      const requested = await c.ok<Certificate>('/identity/certificates', both.token, { nin: 'BE654321', kind: 'residence', desk: 'CASA-ANFA', residence: { address: '3 rue Tarik Ibn Ziad, Casablanca', documentReference: 'LEASE-2026-77' } }, 201);
      expect(requested).toMatchObject({ residence: { source: 'declared', address: '3 rue Tarik Ibn Ziad, Casablanca', documentReference: 'LEASE-2026-77' }, recordsCheck: null });
      const head = await c.t.journalHead();
      expect((await c.post(`/identity/certificates/${requested.number}/decision`, both.token, { decision: 'approve' })).statusCode).toBe(403);
      expect(await c.t.journalHead()).toBe(head);
      // Another officer issues it: a certificate of residence at the declared address, its seal saying so.
      const issued = await c.ok<Certificate>(`/identity/certificates/${requested.number}/decision`, officer.token, { decision: 'approve' });
      expect(issued).toMatchObject({ status: 'issued', issuedOn: '2026-03-04', expiresOn: '2026-06-03' });
      expect(issued.documentNumber).toMatch(/^CR2026\d{6}$/u);
      const seal = Buffer.from((await registeredSeal(c.t.core, issued.documentNumber!))!);
      expect((await c.post('/identity/seals/verify', undefined, { seal: seal.toString('base64') })).json()).toMatchObject({
        verdict: 'valid',
        document: { kind: 'residence-certificate', documentNumber: issued.documentNumber, holderName: 'SALMA EL IDRISSI', personNumber: 'BE654321', outcome: 'resident' },
      });
      if (!skipPoppler) {
        const pdf = await c.get(`/identity/certificates/${requested.number}/pdf`, c.clerk.token);
        expect(pdf.statusCode).toBe(200);
        const file = path.join(workDir, 'residence.pdf');
        fs.writeFileSync(file, pdf.rawPayload);
        const text = pdfText(file);
        for (const expected of ['Certificat de résidence', 'شهادة السكنى', '3 rue Tarik Ibn Ziad, Casablanca', 'LEASE-2026-77', 'سلمى', 'Salma', '30/08/1992', issued.documentNumber!]) expect(text, expected).toContain(expected);
      }
    });

    it('asks the records system plugged in, and refuses the request (503, nothing written) when it cannot answer', async () => {
      const { officer } = await cardHolders();
      const courts: JudicialRecords = {
        source: 'courts-registry',
        recordsOf: async (nin) => (nin === 'BE123456' ? { clean: false, entries: [{ court: 'Cour d’appel de Rabat', judgmentDate: '2015-06-01', caseReference: 'CA-RABAT/2015/9', offence: 'Faux', sentence: 'Un an' }] } : { clean: true, entries: [] }),
      };
      useJudicialRecords(c.t.core, courts);
      try {
        const answered = await c.ok<Certificate>('/identity/certificates', c.clerk.token, { nin: 'BE123456', kind: 'police-record', desk: 'CASA-ANFA' }, 201);
        expect(answered.recordsCheck).toMatchObject({ source: 'courts-registry', clean: false, entries: [{ caseReference: 'CA-RABAT/2015/9' }] });
        // Issued, it lists the conviction in force, and its seal says there is a record.
        const issued = await c.ok<Certificate>(`/identity/certificates/${answered.number}/decision`, officer.token, { decision: 'approve' });
        const seal = Buffer.from((await registeredSeal(c.t.core, issued.documentNumber!))!);
        expect((await c.post('/identity/seals/verify', undefined, { seal: seal.toString('base64') })).json()).toMatchObject({ verdict: 'valid', document: { outcome: 'record', personNumber: 'BE123456' } });
        if (!skipPoppler) {
          const file = path.join(workDir, 'record.pdf');
          fs.writeFileSync(file, (await c.get(`/identity/certificates/${answered.number}/pdf`, c.clerk.token)).rawPayload);
          const text = pdfText(file);
          for (const expected of ['Condamnation 1', 'حكم 1', '01/06/2015 - Cour d’appel de Rabat', '(CA-RABAT/2015/9) - Faux - Un an', '01/06/2015 - CA-RABAT/2015/9']) expect(text, expected).toContain(expected);
          expect(text).not.toContain('Néant');
        }
        useJudicialRecords(c.t.core, { source: 'courts-registry', recordsOf: async () => Promise.reject(new Error('connection refused')) });
        const [head, rows] = [await c.t.journalHead(), await certificateRows()];
        const down = await c.post('/identity/certificates', c.clerk.token, { nin: 'BE123456', kind: 'police-record', desk: 'CASA-ANFA' });
        expect(down.statusCode, down.body).toBe(503);
        expect([await c.t.journalHead(), await certificateRows()]).toEqual([head, rows]);
      } finally {
        c.t.core.state.delete(judicialRecordsKey);
      }
    });
  });

  describe('online', () => {
    it('takes the citizen’s own request, checked against the records (clean), into the officer’s queue; on approval issues it with a document number, valid three months, and the citizen sees it', async () => {
      const { citizen, officer } = await cardHolders();
      // An earlier police record certificate of the same person, asked for at the desk and issued.
      const atDesk = await c.ok<Certificate>('/identity/certificates', c.clerk.token, { nin: 'BE123456', kind: 'police-record', desk: 'CASA-ANFA' }, 201);
      await c.ok<Certificate>(`/identity/certificates/${atDesk.number}/decision`, officer.token, { decision: 'approve' });

      const own = await c.ok<OwnCertificate>('/identity/me/certificates', citizen.token, { nin: 'BE123456', kind: 'police-record' }, 201);
      expect(own).toMatchObject({ kind: 'police-record', status: 'pending', documentNumber: null });
      expect(own).not.toHaveProperty('recordsCheck');
      const queue = (await c.get('/identity/certificate-queue', officer.token)).json() as Certificate[];
      expect(queue.find((r) => r.number === own.number)).toMatchObject({ channel: 'online', desk: null, nin: 'BE123456', recordsCheck: { clean: true, entries: [] }, holder: { surnameAr: 'الإدريسي' } });
      const mine = (await c.get('/identity/me/certificates', citizen.token)).json() as OwnCertificate[];
      expect(mine[0]).toMatchObject({ number: own.number, status: 'pending' });
      // The desk's earlier request for the same person, issued, is among them.
      expect(mine.map((r) => r.status)).toEqual(['pending', 'issued']);

      const issued = await c.ok<Certificate>(`/identity/certificates/${own.number}/decision`, officer.token, { decision: 'approve' });
      expect(issued).toMatchObject({ status: 'issued', issuedOn: '2026-03-04', expiresOn: '2026-06-03', allowedActions: ['revoke'] });
      expect(issued.documentNumber).toMatch(/^FA2026\d{6}$/u);
      expect((await c.stream(`identity-certificate/${own.number}`)).map((e) => e.type)).toEqual(['identity_certificate.requested', 'identity_certificate.issued']);
      expect(((await c.get('/identity/me/certificates', citizen.token)).json() as OwnCertificate[])[0]).toMatchObject({ number: own.number, status: 'issued', documentNumber: issued.documentNumber });
      // Not out of the queue's reach: it has left the queue.
      expect(((await c.get('/identity/certificate-queue', officer.token)).json() as Certificate[]).map((r) => r.number)).not.toContain(own.number);
    });

    it.skipIf(skipPoppler)(`gives the citizen a PDF whose text holds the Arabic and French fields in logical order${skippedNote}`, async () => {
      const { citizen, officer } = await cardHolders();
      const { own, issued } = await issuedOnline(citizen, officer);
      const response = await c.get(`/identity/me/certificates/${own.number}/pdf`, citizen.token);
      expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const file = path.join(workDir, 'certificate.pdf');
      fs.writeFileSync(file, response.rawPayload);
      const text = pdfText(file);
      for (const expected of ['Fiche anthropométrique', 'البطاقة الأنثروبومترية', 'El Idrissi', 'Mohammed Amine', 'الإدريسي', 'محمد أمين', 'Néant', 'لا شيء', '14/05/1990', '04/03/2026', '03/06/2026', 'BE123456', issued.documentNumber!]) {
        expect(text, expected).toContain(expected);
      }
      // The download is journaled on the person's stream.
      expect((await c.stream('identity-person/BE123456')).at(-1)).toMatchObject({ actor: `user:${citizen.username}`, data: { via: 'certificate-pdf', reason: `certificate ${own.number}` } });
      // Another citizen does not get it; staff do.
      const stranger = await c.t.login(['citizen']);
      expect((await c.get(`/identity/me/certificates/${own.number}/pdf`, stranger.token)).statusCode).toBe(404);
      expect((await c.get(`/identity/certificates/${own.number}/pdf`, c.clerk.token)).statusCode).toBe(200);
    });

    it.skipIf(skipPoppler)(
      `carries a seal that an independent reader takes from the rasterised page, that the public check reads valid from the picture of the whole page, and whose signature verifies with the Barcode Signer’s key; one byte changed fails${skippedNote}`,
      async () => {
        const { citizen, officer } = await cardHolders();
        const { own, issued } = await issuedOnline(citizen, officer);
        const file = path.join(workDir, 'certificate.pdf');
        fs.writeFileSync(file, (await c.get(`/identity/me/certificates/${own.number}/pdf`, citizen.token)).rawPayload);
        const pages = pagesOf(file);
        expect(pages.length).toBeGreaterThan(0);
        // zxing reads the page: the whole picture first, then the block that looks like a DataMatrix.
        const read = pages.map((png) => ({ png, bytes: readSealImage(png, 'image/png') })).find((r) => r.bytes !== undefined);
        expect(read, 'a DataMatrix on one of the pages').toBeDefined();
        const [page, seal] = [read!.png, Buffer.from(read!.bytes!)];
        // The register keeps the same bytes, and the public check reads them as valid.
        expect(seal.equals(Buffer.from((await registeredSeal(c.t.core, issued.documentNumber!))!))).toBe(true);
        const verdict = await c.post('/identity/seals/verify', undefined, { seal: seal.toString('base64') });
        expect(verdict.statusCode, verdict.body).toBe(200);
        const document = { kind: 'police-record-certificate', documentNumber: issued.documentNumber, personNumber: 'BE123456', birthDate: '1990-05-14', outcome: 'no-record', expiresOn: '2026-06-03' };
        expect(verdict.json()).toMatchObject({ verdict: 'valid', document });
        // What a third party does: the picture of the whole page sent as it is.
        const fromPage = await c.t.app.inject({ method: 'POST', url: '/identity/seals/verify', headers: { 'content-type': 'image/png' }, payload: page });
        expect(fromPage.statusCode, fromPage.body).toBe(200);
        expect(fromPage.json()).toMatchObject({ verdict: 'valid', document });

        // The Barcode Signer's certificate chains to the CSCA that anyone can fetch; its key verifies the seal.
        const csca = new X509Certificate((await c.get('/identity/csca.pem')).body);
        const signers = (await identityKeystore(c.t.core)).barcodeSignerCertificatesPem().map((pem) => new X509Certificate(pem));
        const signer = signers.find((certificate) => certificate.verify(csca.publicKey));
        expect(signer).toBeDefined();
        const { signed, signature } = splitSeal(seal);
        expect(verifies(signer!.publicKey, signed, signature)).toBe(true);
        const changed = Buffer.from(signed);
        const at = changed.length - 3;
        changed[at] = changed[at]! ^ 0x01;
        expect(verifies(signer!.publicKey, changed, signature)).toBe(false);
        const tampered = Buffer.concat([changed, seal.subarray(seal.length - 66)]);
        expect((await c.post('/identity/seals/verify', undefined, { seal: tampered.toString('base64') })).json()).toMatchObject({ verdict: 'changed' });
      },
    );

    it('is revoked by an officer with a reason: the seal then reads revoked, and the PDF is no longer given', async () => {
      const { citizen, officer } = await cardHolders();
      const { own, issued } = await issuedOnline(citizen, officer);
      const seal = Buffer.from((await registeredSeal(c.t.core, issued.documentNumber!))!);
      expect((await c.post(`/identity/certificates/${own.number}/revocation`, c.clerk.token, { reason: 'issued on a stolen card' })).statusCode).toBe(403);
      const revoked = await c.ok<Certificate>(`/identity/certificates/${own.number}/revocation`, officer.token, { reason: 'issued on a card declared stolen since' });
      expect(revoked).toMatchObject({ status: 'revoked', revocationReason: 'issued on a card declared stolen since', allowedActions: [] });
      expect((await c.stream(`identity-certificate/${own.number}`)).at(-1)).toMatchObject({ type: 'identity_certificate.revoked', data: { documentNumber: issued.documentNumber } });
      expect((await c.stream(`sealed-document/${issued.documentNumber}`)).map((e) => e.type)).toEqual(['identity_seal.issued', 'identity_seal.revoked']);
      expect((await c.post('/identity/seals/verify', undefined, { seal: seal.toString('base64') })).json()).toMatchObject({ verdict: 'revoked' });
      expect((await c.get(`/identity/me/certificates/${own.number}/pdf`, citizen.token)).statusCode).toBe(409);
      expect((await c.post(`/identity/certificates/${own.number}/revocation`, officer.token, { reason: 'twice' })).statusCode).toBe(409);
    });
  });
});
