import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseMrz } from 'mrz';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../core/journal.repository.js';
import { openBytes } from '../core/sealing.js';
import { testDatabaseKind } from '../core/testing.js';
import type { PermitApplication, PermitReminder, ReceiptDocument, Resident } from '../contract/permit.schema.js';
import { setupTestApp } from '../server/testing.js';
import type { Card } from './card.js';
import { fromPem } from './icao/certificate.js';
import { encodeDg1 } from './icao/lds.js';
import { readLdsSecurityObject, sha256, sodContentInfo, verifyDataGroups } from './icao/sod.js';
import { CASA_DESK, RABAT, approvedApplication, foundIn, setupIdentityTest, storedBytes, tinyJpeg, type IdentityTest } from './identity.testing.js';
import type { BatchWithApplications, ScheduleResult } from './production.js';
import { personPlace } from './person-vault.js';
import { kekIdOf, registerKeys, unwrapPersonKey } from './register-keys.js';
import { startPermitReminderSweep } from './permit.service.js';
import { rewrapPersonDataKeys } from './person.service.js';
import { findResidentKey, findResidentRow } from './resident.repository.js';
import { verifySeal } from './seal.service.js';

const OPENSSL = '/usr/bin/openssl';
const hasOpenssl = fs.existsSync(OPENSSL);
const PDFTOTEXT = '/usr/bin/pdftotext';
const hasPdftotext = fs.existsSync(PDFTOTEXT);
if (!hasPdftotext && process.env.CI !== 'true') console.warn('pdftotext is missing (/usr/bin/pdftotext): the receipt PDF check is skipped');
if (!hasOpenssl && process.env.CI !== 'true') console.warn('openssl is missing (/usr/bin/openssl): the EF.SOD check with openssl cms -verify is skipped');

/** A foreign resident from Senegal, working in Casablanca. */
function residentBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    desk: 'CASA-ANFA',
    surname: 'Diallo',
    givenNames: 'Aminata',
    sex: 'F',
    birthDate: '1994-07-12',
    birthPlace: 'Dakar',
    nationality: 'SEN',
    passport: { number: 'A02468135', issuingState: 'SEN', expiry: '2030-05-01' },
    entryDate: '2026-01-15',
    address: '7 rue Moulay Youssef, Casablanca',
    activity: { kind: 'employer', name: 'Atlas Textiles SARL' },
    phone: '+212661234567',
    ...overrides,
  };
}

const FIRST_REGISTRATION_DOCUMENTS = ['passport', 'photos', 'proof_of_address', 'proof_of_means', 'criminal_record', 'medical_certificate', 'fee_stamp'];
const RESIDENCE_CARD_DOCUMENTS = ['current_permit', 'passport', 'photos', 'proof_of_address', 'proof_of_means', 'criminal_record', 'fee_stamp'];
const photo = { data: tinyJpeg(64, 80).toString('base64') };

describe(`residence permits for foreign residents (${testDatabaseKind()})`, () => {
  let c: IdentityTest;

  beforeEach(async () => {
    c = await setupIdentityTest(setupTestApp);
    await c.ok('/identity/centres', c.admin, RABAT, 201);
    await c.ok('/identity/desks', c.admin, { ...CASA_DESK, ninPrefix: 'BK' }, 201);
  });
  afterEach(async () => c.close());

  const register = (overrides: Record<string, unknown> = {}) => c.ok<Resident>('/identity/residents', c.clerk.token, residentBody(overrides), 201);
  const file = (resident: string, kind: string, documents: string[]) => c.ok<PermitApplication>('/identity/permit-applications', c.clerk.token, { resident, kind, desk: 'CASA-ANFA', documents, photo }, 201);
  const application = async (number: string, token = c.clerk.token) => (await c.get(`/identity/permit-applications/${number}`, token)).json() as PermitApplication;
  /**
   * The national ID card's production pipeline, run on whatever is approved: the day scheduled over the
   * centres, each batch produced and shipped by the operator, received at the desk. Returns the batches.
   */
  const produceApproved = async (tokens: { clerk: string; operator: string } = { clerk: c.clerk.token, operator: c.operator }) => {
    const schedule = await c.ok<ScheduleResult>('/identity/production/schedule', tokens.operator);
    const batches: BatchWithApplications[] = [];
    for (const batch of schedule.batches) {
      batches.push(await c.ok<BatchWithApplications>(`/identity/batches/${batch.id}/produce`, tokens.operator));
      await c.ok(`/identity/batches/${batch.id}/ship`, tokens.operator);
      await c.ok(`/identity/batches/${batch.id}/receive`, tokens.clerk);
    }
    return batches;
  };
  /** Files, approves, produces (at Rabat, nearest Casablanca) and hands over a first registration card: returns the application. */
  const issuedPermit = async (resident: Resident) => {
    const filed = await file(resident.number, 'first_registration', FIRST_REGISTRATION_DOCUMENTS);
    await c.ok(`/identity/permit-applications/${filed.number}/decision`, c.clerk.token, { decision: 'approve' });
    await produceApproved();
    return c.ok<PermitApplication>(`/identity/permit-applications/${filed.number}/handover`, c.clerk.token, { resident: resident.number, birthDate: resident.birthDate });
  };

  it('registers a foreign resident under a number of the desk, sealed at rest, each read journaled with its reason', async () => {
    const resident = await register();
    expect(resident).toMatchObject({ number: 'EBK00000001', nationality: 'SEN', passport: { number: 'A02468135' }, regularResidenceSince: null });
    expect((await register({ givenNames: 'Moussa', sex: 'M' })).number).toBe('EBK00000002');
    const read = await c.get('/identity/residents/EBK00000001?reason=file%20RP%20check', c.clerk.token);
    expect(read.json()).toMatchObject({ surname: 'Diallo', activity: { kind: 'employer', name: 'Atlas Textiles SARL' }, phone: '+212661234567' });
    expect((await c.get('/identity/residents/EBK00000001', c.clerk.token)).json()).toMatchObject({ errors: [{ field: 'reason' }] });
    expect((await c.stream('identity-resident/EBK00000001')).map((e) => [e.type, e.data.reason ?? null])).toEqual([
      ['identity_resident.registered', null],
      ['identity_resident.read', 'file RP check'],
    ]);
    expect((await c.get('/identity/residents/EBK00000001?reason=curious', c.operator)).statusCode).toBe(403);
    // Neither the table nor the journal holds the names, passport or phone in clear.
    expect(foundIn(await storedBytes(c.t.core, c.t.database), ['Diallo', 'A02468135', '+212661234567', 'Atlas Textiles'])).toEqual([]);
  });

  it('refuses a record or an application that breaks a rule, naming the field, and writes nothing', async () => {
    const head = await c.t.journalHead();
    const refused = async (body: Record<string, unknown>, field: string, status = 400) => {
      const response = await c.post('/identity/residents', c.clerk.token, residentBody(body));
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json()).toMatchObject({ errors: [{ field }] });
    };
    await refused({ nationality: 'XYZ' }, 'nationality');
    await refused({ nationality: 'sen' }, 'nationality');
    await refused({ passport: { number: 'A02468135', issuingState: 'ZZZ', expiry: '2030-05-01' } }, 'passport.issuingState');
    await refused({ entryDate: '2026-04-01' }, 'entryDate');
    await refused({ activity: { kind: 'school' } }, 'activity.name');
    await refused({ desk: 'NOWHERE' }, 'desk');
    expect(await c.t.journalHead()).toBe(head);
    expect(await c.count('identity_person')).toBe(0);

    const resident = await register();
    const before = await c.t.journalHead();
    const badDocument = await c.post('/identity/permit-applications', c.clerk.token, { resident: resident.number, kind: 'first_registration', desk: 'CASA-ANFA', documents: ['passport', 'tax_return'], photo });
    expect(badDocument.json()).toMatchObject({ status: 400, errors: [{ field: 'documents[1]' }] });
    const notJpeg = await c.post('/identity/permit-applications', c.clerk.token, { resident: resident.number, kind: 'first_registration', desk: 'CASA-ANFA', documents: [], photo: { data: Buffer.from('not a picture').toString('base64') } });
    expect(notJpeg.json()).toMatchObject({ status: 400, errors: [{ field: 'photo.data' }] });
    const nobody = await c.post('/identity/permit-applications', c.clerk.token, { resident: 'EBK00000099', kind: 'first_registration', desk: 'CASA-ANFA', documents: [], photo });
    expect(nobody.json()).toMatchObject({ status: 400, errors: [{ field: 'resident' }] });
    const tooSoon = await c.post('/identity/permit-applications', c.clerk.token, { resident: resident.number, kind: 'residence_card', desk: 'CASA-ANFA', documents: RESIDENCE_CARD_DOCUMENTS, photo });
    expect(tooSoon.json()).toMatchObject({ status: 409, errors: [{ field: 'kind' }] });
    const nothingToRenew = await c.post('/identity/permit-applications', c.clerk.token, { resident: resident.number, kind: 'renewal', desk: 'CASA-ANFA', documents: [], photo });
    expect(nothingToRenew.json()).toMatchObject({ status: 409, errors: [{ field: 'kind' }] });
    expect(await c.t.journalHead()).toBe(before);

    // Filed with two documents missing: it cannot be approved until they are presented.
    const filed = await file(resident.number, 'first_registration', ['passport', 'photos', 'proof_of_address', 'proof_of_means', 'fee_stamp']);
    expect(filed.missingDocuments).toEqual(['criminal_record', 'medical_certificate']);
    const early = await c.post(`/identity/permit-applications/${filed.number}/decision`, c.clerk.token, { decision: 'approve' });
    expect(early.json()).toMatchObject({ status: 409, errors: [{ field: 'documents' }] });
    expect(early.json().detail).toContain('criminal_record, medical_certificate');
    expect((await c.post(`/identity/permit-applications/${filed.number}/decision`, c.clerk.token, { decision: 'reject' })).json()).toMatchObject({ status: 400, errors: [{ field: 'reason' }] });
    expect((await application(filed.number)).status).toBe('filed');
    const second = await c.post('/identity/permit-applications', c.clerk.token, { resident: resident.number, kind: 'first_registration', desk: 'CASA-ANFA', documents: [], photo });
    expect(second.json()).toMatchObject({ status: 409, errors: [{ field: 'resident' }] });

    await c.ok(`/identity/permit-applications/${filed.number}/documents`, c.clerk.token, { documents: ['criminal_record', 'medical_certificate'] });
    expect(await c.ok<PermitApplication>(`/identity/permit-applications/${filed.number}/decision`, c.clerk.token, { decision: 'approve' })).toMatchObject({ status: 'approved', missingDocuments: [] });
  });

  it.skipIf(!hasPdftotext && process.env.CI !== 'true')('prints the receipt as a PDF in French and Arabic, day-first dates and its seal', async () => {
    const resident = await register({ surnameAr: 'ديالو', givenNamesAr: 'أميناتا' });
    const filed = await file(resident.number, 'first_registration', FIRST_REGISTRATION_DOCUMENTS);
    const response = await c.get(`/identity/permit-applications/${filed.number}/receipt.pdf`, c.clerk.token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    expect(response.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const pdfFile = path.join(c.dir, 'receipt.pdf');
    fs.writeFileSync(pdfFile, response.rawPayload);
    const text = spawnSync(PDFTOTEXT, ['-enc', 'UTF-8', pdfFile, '-'], { encoding: 'utf8' }).stdout;
    for (const expected of ['REC20260000001', 'Récépissé de demande de carte d’immatriculation', '02/06/2026', resident.number, 'Diallo', 'ديالو']) expect(text).toContain(expected);
    expect((await c.stream(`identity-resident/${resident.number}`)).at(-1)).toMatchObject({ type: 'identity_resident.read', data: { via: 'receipt' } });
  });

  it('closes the receipt when an application is rejected, with the reason journaled', async () => {
    const resident = await register();
    const filed = await file(resident.number, 'first_registration', ['passport']);
    const rejected = await c.ok<PermitApplication>(`/identity/permit-applications/${filed.number}/decision`, c.clerk.token, { decision: 'reject', reason: 'employment contract not approved by the ministry' });
    expect(rejected).toMatchObject({ status: 'rejected', decisionReason: 'employment contract not approved by the ministry', receipt: { status: 'closed', closedReason: 'application rejected' } });
    expect((await c.post(`/identity/permit-applications/${filed.number}/receipt/renew`, c.clerk.token)).statusCode).toBe(409);
    expect((await c.stream(`identity-permit/${filed.number}`)).map((e) => e.type)).toEqual([
      'identity_permit.filed',
      'identity_permit.receipt_issued',
      'identity_permit.rejected',
      'identity_permit.receipt_closed',
    ]);
  });

  it('a receipt is renewed twice, then the permit is issued and the receipt closes; an expiry reminder fires at 60 and 30 days on a manual clock', async () => {
    const resident = await register();
    const filed = await file(resident.number, 'first_registration', FIRST_REGISTRATION_DOCUMENTS);
    await approvedApplication(c, 'BE123456', 'CASA-ANFA');
    // Filed on Monday 2 March 2026: the receipt is issued the same day, valid three months.
    expect(filed).toMatchObject({ status: 'filed', validityYears: 1, receipt: { number: 'REC20260000001', status: 'open', issuedOn: '2026-03-02', validUntil: '2026-06-02', renewals: 0 } });
    const printed = (await c.get(`/identity/permit-applications/${filed.number}/receipt`, c.clerk.token)).json() as ReceiptDocument;
    expect(printed).toMatchObject({ kind: 'first_registration', desk: { code: 'CASA-ANFA', name: CASA_DESK.name }, holder: { number: resident.number, surname: 'Diallo', nationality: 'SEN', passportNumber: 'A02468135' }, sealNumber: 'REC20260000001' });
    // Its visible digital seal verifies, and says whose receipt it is and until when.
    const firstSeal = Buffer.from(printed.seal!, 'base64');
    expect(await verifySeal(c.t.core, firstSeal)).toMatchObject({ verdict: 'valid', document: { documentNumber: 'REC20260000001' } });
    expect(JSON.stringify(await verifySeal(c.t.core, firstSeal))).toContain('2026-06-02');

    // Months on, the people at work log in again (sessions last a week).
    const later = async (at: string) => {
      c.t.clock.set(at);
      return { clerk: (await c.t.login(['identity-clerk'])).token, operator: (await c.t.login(['issuance-operator'])).token };
    };
    let who = await later('2026-05-28T09:00:00.000Z');
    expect((await c.ok<PermitApplication>(`/identity/permit-applications/${filed.number}/receipt/renew`, who.clerk)).receipt).toMatchObject({ validUntil: '2026-09-02', renewals: 1 });
    await c.ok(`/identity/permit-applications/${filed.number}/decision`, who.clerk, { decision: 'approve' });
    who = await later('2026-08-31T09:00:00.000Z');
    expect((await c.ok<PermitApplication>(`/identity/permit-applications/${filed.number}/receipt/renew`, who.clerk)).receipt).toMatchObject({ validUntil: '2026-12-02', renewals: 2, status: 'open' });
    // Each renewal is printed with a seal of its own; the earlier ones read revoked.
    const renewed = (await c.get(`/identity/permit-applications/${filed.number}/receipt`, who.clerk)).json() as ReceiptDocument;
    expect(renewed.sealNumber).toBe('REC20260000001R2');
    const lastSeal = Buffer.from(renewed.seal!, 'base64');
    expect((await verifySeal(c.t.core, lastSeal)).verdict).toBe('valid');
    expect((await verifySeal(c.t.core, firstSeal)).verdict).toBe('revoked');

    // Through the national ID card's pipeline, in a batch at the Rabat centre with the CNIE approved in March.
    const [batch] = await produceApproved(who);
    expect(batch).toMatchObject({ centre: 'RABAT', desk: 'CASA-ANFA', size: 2 });
    expect([...batch!.applications].sort()).toEqual([expect.stringMatching(/^CNIE-/), filed.number]);
    expect(await application(filed.number, who.clerk)).toMatchObject({ status: 'received', centre: 'RABAT', documentNumber: expect.stringMatching(/^R0000000[12]$/), receipt: { status: 'open' } });
    const refused = await c.post(`/identity/permit-applications/${filed.number}/handover`, who.clerk, { resident: resident.number, birthDate: '1994-07-13' });
    expect(refused.json()).toMatchObject({ status: 409, errors: [{ field: 'birthDate' }] });
    const delivered = await c.ok<PermitApplication>(`/identity/permit-applications/${filed.number}/handover`, who.clerk, { resident: resident.number, birthDate: '1994-07-12' });
    expect(delivered).toMatchObject({ status: 'delivered', receipt: { status: 'closed', closedReason: 'permit handed over', renewals: 2 } });
    expect((await verifySeal(c.t.core, lastSeal)).verdict).toBe('revoked');
    expect((await c.post(`/identity/permit-applications/${filed.number}/receipt/renew`, who.clerk)).statusCode).toBe(409);
    const documentNumber = delivered.documentNumber!;
    const card = (await c.get(`/identity/cards/${documentNumber}`, who.clerk)).json() as Card;
    expect(card).toMatchObject({ nin: resident.number, status: 'active', dateOfIssue: '2026-08-31', dateOfExpiry: '2027-08-31' });

    // The permit expires on 31 August 2027: reminded on 2 July (60 days before), then on 1 August (30 days).
    const sweep = async (at: string) => {
      c.t.clock.set(at);
      const admin = (await c.t.login(['administrator'])).token;
      return c.ok<{ day: string; reminded: number }>('/identity/permits/reminders/sweep', admin);
    };
    expect(await sweep('2027-07-01T09:00:00.000Z')).toEqual({ day: '2027-07-01', reminded: 0 });
    expect(await sweep('2027-07-02T09:00:00.000Z')).toEqual({ day: '2027-07-02', reminded: 1 });
    expect(await sweep('2027-07-02T15:00:00.000Z')).toEqual({ day: '2027-07-02', reminded: 0 });
    expect(await sweep('2027-07-20T09:00:00.000Z')).toEqual({ day: '2027-07-20', reminded: 0 });
    expect(await sweep('2027-08-01T09:00:00.000Z')).toEqual({ day: '2027-08-01', reminded: 1 });
    expect(await sweep('2027-08-15T09:00:00.000Z')).toEqual({ day: '2027-08-15', reminded: 0 });

    const clerk = (await c.t.login(['identity-clerk'])).token;
    const reminders = (await c.get('/identity/permits/reminders?desk=CASA-ANFA', clerk)).json() as PermitReminder[];
    expect(reminders.map((r) => [r.days, r.dueOn, r.phone, r.documentNumber])).toEqual([
      [30, '2027-08-01', '+212661234567', documentNumber],
      [60, '2027-07-02', '+212661234567', documentNumber],
    ]);
    expect((await c.get('/identity/permits/reminders?desk=CASA-ANFA', (await c.t.login(['issuance-operator'])).token)).statusCode).toBe(403);
    expect((await c.get('/identity/permits/reminders?desk=NOWHERE', clerk)).json()).toMatchObject({ errors: [{ field: 'desk' }] });
    const events = (await c.stream(`identity-permit/${filed.number}`)).map((e) => e.type);
    expect(events).toEqual([
      'identity_permit.filed',
      'identity_permit.receipt_issued',
      'identity_permit.receipt_renewed',
      'identity_permit.approved',
      'identity_permit.receipt_renewed',
      'identity_permit.scheduled',
      'identity_permit.produced',
      'identity_permit.shipped',
      'identity_permit.received',
      'identity_permit.handover_refused',
      'identity_permit.delivered',
      'identity_permit.receipt_closed',
      'identity_permit.reminded',
      'identity_permit.reminded',
    ]);
    expect((await c.stream(`identity-resident/${resident.number}`)).at(-1)).toMatchObject({ type: 'identity_resident.read', data: { via: 'reminders' } });
    expect((await verifyChain(c.t.core.db)).ok).toBe(true);
  });

  it('grows the validity with the renewals, as the rules say, and opens the carte de résidence after four years of regular residence', async () => {
    const since2021 = await register({ regularResidenceSince: '2021-01-10' });
    const renewal = await file(since2021.number, 'renewal', ['current_permit', 'passport', 'photos', 'proof_of_address', 'proof_of_means', 'fee_stamp']);
    expect(renewal.validityYears).toBe(2);
    await c.ok(`/identity/permit-applications/${renewal.number}/decision`, c.clerk.token, { decision: 'reject', reason: 'applicant withdrew the request' });
    const card = await file(since2021.number, 'residence_card', RESIDENCE_CARD_DOCUMENTS);
    expect(card.validityYears).toBe(10);

    const since2024 = await register({ regularResidenceSince: '2024-01-10' });
    const tooSoon = await c.post('/identity/permit-applications', c.clerk.token, { resident: since2024.number, kind: 'residence_card', desk: 'CASA-ANFA', documents: RESIDENCE_CARD_DOCUMENTS, photo });
    expect(tooSoon.json()).toMatchObject({ status: 409, errors: [{ field: 'kind' }] });
    expect(tooSoon.json().detail).toContain('from 2028-01-10');

    // The growth of the validity is a setting: an administrator changes it, journaled; a clerk may not.
    const rules = { validityYears: [1, 3, 10], residenceCardAfterYears: 4, residenceCardValidityYears: 10, receiptMonths: 3, reminderDays: [30, 60] };
    expect((await c.send('PUT', '/identity/permits/rules', c.clerk.token, rules)).statusCode).toBe(403);
    const saved = await c.send('PUT', '/identity/permits/rules', c.admin, rules);
    expect(saved.json()).toMatchObject({ validityYears: [1, 3, 10], reminderDays: [60, 30] });
    expect((await c.send('PUT', '/identity/permits/rules', c.admin, { ...rules, validityYears: [2, 1] })).json()).toMatchObject({ errors: [{ field: 'validityYears[1]' }] });
    expect((await file(since2024.number, 'renewal', [])).validityYears).toBe(3);
    expect((await c.stream('identity-permit-rules/current')).map((e) => e.type)).toEqual(['identity_permit_rules.saved']);
  });

  it('holds each checklist as data that an administrator edits, journaled, and applies it to the next decisions', async () => {
    const checklist = (await c.get('/identity/permits/checklists/renewal', c.clerk.token)).json() as { documents: { code: string; required: boolean }[] };
    expect(checklist.documents.filter((d) => d.required).map((d) => d.code)).toEqual(['current_permit', 'passport', 'photos', 'proof_of_address', 'proof_of_means', 'fee_stamp']);
    const documents = [
      { code: 'current_permit', label: 'Carte en cours', labelAr: null, required: true },
      { code: 'passport', label: 'Passeport', labelAr: 'جواز السفر', required: true },
      { code: 'tax_certificate', label: 'Attestation fiscale', labelAr: null, required: false },
    ];
    expect((await c.send('PUT', '/identity/permits/checklists/renewal', c.clerk.token, { documents })).statusCode).toBe(403);
    expect((await c.send('PUT', '/identity/permits/checklists/renewal', c.admin, { documents: [...documents, documents[0]] })).json()).toMatchObject({ errors: [{ field: 'documents[3].code' }] });
    expect((await c.send('PUT', '/identity/permits/checklists/renewal', c.admin, { documents })).statusCode).toBe(200);
    expect((await c.stream('identity-permit-checklist/renewal')).map((e) => e.data)).toEqual([{ kind: 'renewal', documents }]);

    const resident = await register({ regularResidenceSince: '2023-06-01' });
    const filed = await file(resident.number, 'renewal', ['current_permit', 'passport']);
    expect(filed.missingDocuments).toEqual([]);
    expect((await c.ok<PermitApplication>(`/identity/permit-applications/${filed.number}/decision`, c.clerk.token, { decision: 'approve' })).status).toBe('approved');
  });

  it.skipIf(!hasOpenssl && process.env.CI !== 'true')('personalises a TD1 permit `AR` that an independent MRZ library reads, its EF.SOD verified by openssl against the CSCA, a changed data group failing', async () => {
    const resident = await register();
    const issued = await issuedPermit(resident);
    const card = (await c.get(`/identity/cards/${issued.documentNumber}`, c.clerk.token)).json() as Card;
    expect(card.mrz).toHaveLength(3);

    const parsed = parseMrz(card.mrz);
    expect(parsed.format).toBe('TD1');
    expect(parsed.valid).toBe(true);
    expect(parsed.fields).toMatchObject({
      documentCode: 'AR',
      issuingState: 'MAR',
      documentNumber: issued.documentNumber,
      nationality: 'SEN',
      lastName: 'DIALLO',
      firstName: 'AMINATA',
      sex: 'female',
      birthDate: '940712',
      expirationDate: '270302',
      optional1: resident.number,
    });

    // The EF.SOD, as the register keeps it sealed under the holder's key.
    const row = await c.t.core.db.selectFrom('identity_card').select(['sod']).where('document_number', '=', issued.documentNumber!).executeTakeFirstOrThrow();
    const key = (await findResidentKey(c.t.core.db, registerKeys(c.t.core), resident.number))!;
    const efSod = openBytes(key, row.sod, personPlace.cardSod(issued.documentNumber!));
    const cscaPem = (await c.get('/identity/csca.pem')).body;
    const verify = (sod: Uint8Array, name: string) => {
      const sodFile = path.join(c.dir, `${name}.der`);
      const caFile = path.join(c.dir, 'csca.pem');
      const out = path.join(c.dir, `${name}.bin`);
      fs.writeFileSync(sodFile, sodContentInfo(sod));
      fs.writeFileSync(caFile, cscaPem);
      const attime = String(Math.floor(c.t.clock.now().getTime() / 1000));
      const result = spawnSync(OPENSSL, ['cms', '-verify', '-inform', 'DER', '-in', sodFile, '-CAfile', caFile, '-purpose', 'any', '-attime', attime, '-out', out], { encoding: 'utf8' });
      return { status: result.status, stderr: result.stderr, content: result.status === 0 ? fs.readFileSync(out) : undefined };
    };
    const verified = verify(efSod, 'sod');
    expect(verified.stderr).toContain('Verification successful');
    expect(verified.status).toBe(0);
    const dg1 = encodeDg1(card.mrz);
    const signed = readLdsSecurityObject(verified.content!).hashes;
    expect(signed.map((h) => h.number)).toEqual([1, 2]);
    expect(Buffer.from(signed[0]!.hash).equals(Buffer.from(sha256(dg1)))).toBe(true);
    const csca = [fromPem(cscaPem)];
    expect(verifyDataGroups(efSod, new Map([[1, dg1]]), csca).signer.serialHex).toBe(card.signerSerial);
    // DG1 with another nationality no longer matches what the SOD signs.
    const changed = [card.mrz[0]!, card.mrz[1]!.replace('SEN', 'MLI'), card.mrz[2]!];
    expect(() => verifyDataGroups(efSod, new Map([[1, encodeDg1(changed)]]), csca)).toThrow('DG1 does not match its hash in EF.SOD');
    // A byte of the signed security object changed: openssl refuses it.
    const tampered = Buffer.from(efSod);
    const at = tampered.indexOf(Buffer.from(signed[0]!.hash));
    tampered[at] = tampered[at]! ^ 0xff;
    const refused = verify(tampered, 'tampered');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).not.toContain('Verification successful');

    // Register, status changes and public verification as for the ID card.
    expect((await c.get(`/identity/verify?documentNumber=${issued.documentNumber}`)).json()).toEqual({ valid: true, status: 'active' });
    const byMrz = await c.post('/identity/verify', undefined, { mrz: card.mrz });
    expect(byMrz.json()).toEqual({ valid: true, status: 'active' });
    // A verifying officer also gets the holder, and that read is journaled on the resident's stream.
    const officer = await c.get(`/identity/verify?documentNumber=${issued.documentNumber}`, c.clerk.token);
    expect(officer.json()).toMatchObject({ valid: true, holder: { nin: resident.number, surname: 'Diallo', givenNames: 'Aminata', dateOfBirth: '1994-07-12', sex: 'F' } });
    expect((await c.stream(`identity-resident/${resident.number}`)).at(-1)).toMatchObject({ type: 'identity_resident.read', data: { via: 'verification' } });
    await c.ok(`/identity/cards/${issued.documentNumber}/status`, c.clerk.token, { action: 'declare_lost', reason: 'declared lost at the Anfa station, PV 2026/77' });
    expect((await c.get(`/identity/verify?documentNumber=${issued.documentNumber}`)).json()).toEqual({ valid: false, status: 'lost' });
  });

  it('runs the reminder sweep at the server’s start as the system, marking each reminder once', async () => {
    const resident = await register();
    const issued = await issuedPermit(resident);
    c.t.clock.set('2027-01-15T09:00:00.000Z');
    const sweep = startPermitReminderSweep(c.t.core);
    // Stopping waits for the pass under way, the first one, run at once.
    await sweep.stop();
    expect((await c.stream(`identity-permit/${issued.number}`)).at(-1)).toMatchObject({ type: 'identity_permit.reminded', actor: 'system:identity-permit-reminders', data: { days: 60, dateOfExpiry: '2027-03-02' } });
    const again = startPermitReminderSweep(c.t.core);
    await again.stop();
    expect((await c.stream(`identity-permit/${issued.number}`)).filter((e) => e.type === 'identity_permit.reminded')).toHaveLength(1);
  });

  it('re-wraps the residents’ data keys with the persons’ when the key-encryption key rotates', async () => {
    const resident = await register();
    const keys = registerKeys(c.t.core);
    const next = randomBytes(32);
    expect(await rewrapPersonDataKeys(c.t.core.db, keys.kek, next)).toBe(1);
    const row = await c.t.core.db.selectFrom('identity_resident_key').selectAll().where('number', '=', resident.number).executeTakeFirstOrThrow();
    expect(row.kek_id).toBe(kekIdOf(next));
    const rotated = { ...keys, kek: next, kekId: kekIdOf(next) };
    expect(await findResidentRow(c.t.core.db, rotated, resident.number)).toMatchObject({ surname: 'Diallo', passport_number: 'A02468135' });
    expect(() => unwrapPersonKey(keys, resident.number, row.wrapped_key)).toThrow();
  });

  it('counts the year’s permits by kind, nationality and centre', async () => {
    await issuedPermit(await register());
    await issuedPermit(await register({ surname: 'Traoré', nationality: 'MLI', passport: { number: 'B1357911', issuingState: 'MLI', expiry: '2031-01-01' } }));
    const figures = await c.get('/identity/permits/statistics?year=2026', c.auditor);
    expect(figures.json()).toEqual({ year: 2026, total: 2, byKind: { first_registration: 2 }, byNationality: { MLI: 1, SEN: 1 }, byCentre: { RABAT: 2 } });
    expect((await c.get('/identity/permits/statistics?year=2025', c.auditor)).json()).toMatchObject({ total: 0 });
  });
});
