import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findEvents } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp } from '../server/testing.js';
import type { Application, ApplicationSummary } from './application.js';
import { CASA_DESK, approvedApplication, enrolmentBody, personBody, setupIdentityTest, tinyJpeg, type IdentityTest } from './identity.testing.js';
import { fingerprintTemplate } from './specimen.js';

describe(`enrolment, checks and review (${testDatabaseKind()})`, () => {
  let c: IdentityTest;
  let citizen: { token: string; username: string };
  let submitted: string;

  // Every test on a fresh register holding one submitted application: the checks compare an enrolment
  // with every other, so one test's people must not become another's matches.
  beforeEach(async () => {
    c = await setupIdentityTest(setupTestApp);
    citizen = await c.t.login(['citizen']);
    await c.ok('/identity/desks', c.admin, CASA_DESK, 201);
    await c.ok('/identity/persons', c.clerk.token, personBody('BE100001'), 201);
    await c.send('PUT', '/identity/persons/BE100001/account', c.clerk.token, { username: citizen.username });
    submitted = (await c.ok<Application>('/identity/applications', c.clerk.token, { nin: 'BE100001', kind: 'first_card', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'PAY-0001' } }, 201)).number;
  });
  afterEach(async () => c.close());

  /** The same man as BE100001, registered again with his names spelt otherwise: same birth date and parents. */
  const referTwin = () =>
    approvedApplication(c, 'BK300003', 'CASA-ANFA', { person: { surname: 'Idrissi', givenNames: 'Mohamed Amin', givenNamesAr: 'مُحَمَّد الأمين', fatherName: 'Abd El Kader', motherName: 'Fatimazahra' } });
  /** Enrols BE100001's submitted application (approved: no one else is enrolled yet). */
  const enrolSubmitted = async () => expect((await c.ok<Application>(`/identity/applications/${submitted}/enrolment`, c.clerk.token, enrolmentBody('BE100001'))).status).toBe('approved');
  /** Another man whose fingers are those of BE100001 (enrolled first). */
  const referImpostor = () =>
    approvedApplication(c, 'BK400004', 'CASA-ANFA', { person: { surname: 'Bennani', givenNames: 'Karim', surnameAr: 'بناني', givenNamesAr: 'كريم', birthDate: '1985-01-20' }, seed: 'BE100001' });

  async function refused(body: Record<string, unknown> | string, status: number, field: string): Promise<{ detail: string; errors: { field: string; message: string }[] }> {
    const before = [await c.t.journalHead(), await c.count('identity_enrolment'), await c.count('identity_fingerprint')];
    const response = await c.t.app.inject({
      method: 'POST',
      url: `/identity/applications/${submitted}/enrolment`,
      headers: { authorization: `Bearer ${c.clerk.token}`, 'content-type': 'application/json' },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(status);
    const problem = response.json() as { detail: string; errors: { field: string; message: string }[] };
    expect(problem.errors.map((e) => e.field)).toContain(field);
    expect([await c.t.journalHead(), await c.count('identity_enrolment'), await c.count('identity_fingerprint')]).toEqual(before);
    expect(((await c.get(`/identity/applications/${submitted}`, c.clerk.token)).json() as Application).status).toBe('submitted');
    return problem;
  }

  it('refuses the wrong fee, a replacement without its declaration, and an unknown desk; nothing is written', async () => {
    const head = await c.t.journalHead();
    await c.ok('/identity/persons', c.clerk.token, personBody('BK200002', { givenNames: 'Salma', givenNamesAr: 'سلمى', sex: 'F' }), 201);
    const before = [await c.t.journalHead(), await c.count('identity_application')];
    const fee = await c.post('/identity/applications', c.clerk.token, { nin: 'BK200002', kind: 'first_card', desk: 'CASA-ANFA', payment: { amountMad: 50, reference: 'PAY-0002' } });
    expect(fee.statusCode).toBe(400);
    expect(fee.json()).toMatchObject({ errors: [{ field: 'payment.amountMad', message: 'is 50 MAD; the fee for an applicant aged 35 is 75 MAD' }] });
    expect((await c.post('/identity/applications', c.clerk.token, { nin: 'BK200002', kind: 'renewal', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'PAY-0002' } })).json()).toMatchObject({ errors: [{ field: 'kind' }] });
    expect((await c.post('/identity/applications', c.clerk.token, { nin: 'BK200002', kind: 'first_card', desk: 'NOWHERE', payment: { amountMad: 75, reference: 'PAY-0002' } })).json()).toMatchObject({ errors: [{ field: 'desk' }] });
    expect((await c.post('/identity/applications', c.clerk.token, { nin: 'BK200009', kind: 'first_card', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'PAY-0002' } })).json()).toMatchObject({ errors: [{ field: 'nin' }] });
    const twice = await c.post('/identity/applications', c.clerk.token, { nin: 'BE100001', kind: 'first_card', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'PAY-0003' } });
    expect(twice.statusCode).toBe(409);
    expect([await c.t.journalHead(), await c.count('identity_application')]).toEqual(before);
    expect(head).toBeLessThan(before[0]!);
    const metrics = await c.t.core.metrics.registry.metrics();
    expect(metrics).toContain('amane_identity_applications_total{kind="first_card",result="refused"} 4');
    expect(metrics).toContain('amane_identity_applications_total{kind="renewal",result="refused"} 1');
  });

  it('refuses an oversized or non-image photo, bad quality scores and doubled fingers, naming the field; nothing is written', async () => {
    const huge = Buffer.alloc(600 * 1_024, 7).toString('base64');
    expect((await refused(enrolmentBody('x', { photo: { data: huge, quality: 80 } }), 400, 'photo.data')).errors[0]!.message).toContain('at most 512 KiB');
    await refused(JSON.stringify(enrolmentBody('x', { photo: { data: Buffer.alloc(1_700_000).toString('base64'), quality: 80 } })), 413, 'body');
    expect((await refused(enrolmentBody('x', { photo: { data: Buffer.from('GIF89a, not a portrait').toString('base64'), quality: 80 } }), 400, 'photo.data')).errors[0]!.message).toBe('is not a JPEG or JPEG 2000 image');
    await refused(enrolmentBody('x', { photo: { data: tinyJpeg().toString('base64'), quality: 101 } }), 400, 'photo.quality');
    expect((await refused(enrolmentBody('x', { photo: { data: tinyJpeg().toString('base64'), quality: 12 } }), 400, 'photo.quality')).errors[0]!.message).toContain('at least 40');
    const doubled = [
      { position: 2, template: fingerprintTemplate('a'), quality: 80 },
      { position: 2, template: fingerprintTemplate('b'), quality: 80 },
    ];
    await refused(enrolmentBody('x', { fingerprints: doubled }), 400, 'fingerprints.1.position');
    await refused(enrolmentBody('x', { fingerprints: [{ position: 2, template: fingerprintTemplate('a'), quality: 80 }] }), 400, 'fingerprints');
    await refused(enrolmentBody('x', { fingerprints: [{ position: 11, template: '!!not base64!!', quality: 80 }] }), 400, 'fingerprints.0.template');
  });

  it('stores the biometrics encrypted: no column holds a template or the photo, and no list returns them', async () => {
    const body = enrolmentBody('BE100001');
    const enrolled = await c.ok<Application>(`/identity/applications/${submitted}/enrolment`, c.clerk.token, body);
    expect(enrolled.status).toBe('approved');
    const templates = (body.fingerprints as { template: string }[]).map((f) => f.template);
    const photo = (body.photo as { data: string }).data;
    const stored = await c.t.core.db.selectFrom('identity_fingerprint').selectAll().where('application_number', '=', submitted).execute();
    expect(stored).toHaveLength(2);
    for (const row of stored) {
      for (const template of templates) {
        expect(row.template).not.toContain(template);
        expect(row.template).not.toContain(Buffer.from(template, 'base64').toString('hex'));
        expect(row.template).not.toContain(template.slice(8, 40));
      }
      expect(row.template).toMatch(/^v1\./);
      expect(row.template_hmac).toMatch(/^[0-9a-f]{64}$/);
      // A keyed hash: not the template's bare SHA-256, which anyone could compute from a stolen template.
      for (const template of templates) expect(row.template_hmac).not.toBe(createHash('sha256').update(Buffer.from(template, 'base64')).digest('hex'));
    }
    const enrolment = await c.t.core.db.selectFrom('identity_enrolment').selectAll().where('application_number', '=', submitted).executeTakeFirstOrThrow();
    expect(enrolment.photo).not.toContain(photo.slice(0, 40));
    expect(enrolment.signature).toMatch(/^v1\./);
    const pages = [
      `/identity/applications/${submitted}`,
      '/identity/applications?nin=BE100001',
      '/identity/applications?status=approved',
      '/identity/review-queue',
    ];
    for (const url of pages) {
      const response = await c.get(url, c.clerk.token);
      expect(response.statusCode, url).toBe(200);
      for (const secret of [...templates, photo]) expect(response.body, url).not.toContain(secret.slice(0, 40));
    }
    const own = await c.get('/identity/me/application', citizen.token);
    expect(own.json()).toMatchObject({ number: submitted, status: 'approved' });
    const journal = JSON.stringify(await findEvents(c.t.core.db, { limit: 10_000 }));
    for (const secret of [...templates, photo]) expect(journal).not.toContain(secret.slice(0, 40));
  });

  it('refers the same person registered again under other spellings (demographic) to review, and clears a namesake', async () => {
    const twin = await referTwin();
    expect(twin.status).toBe('referred');
    const referred = (await c.get(`/identity/applications/${twin.number}`, c.clerk.token)).json() as Application;
    expect(referred.flags).toEqual([{ check: 'demographic', nin: 'BE100001', application: null, detail: 'same names, birth date and parents' }]);
    expect(referred.history.at(-1)).toMatchObject({ from: 'checked', to: 'referred', actor: 'system:identity-checks', reason: expect.stringContaining('demographic') as string });
    // A namesake born the same day, son of other parents: not flagged.
    const namesake = await approvedApplication(c, 'BK300004', 'CASA-ANFA', { person: { fatherName: 'Brahim', motherName: 'Khadija' } });
    expect(namesake.status).toBe('approved');
  });

  it('refers an enrolment whose fingerprints are already enrolled for someone else (biometric)', async () => {
    await enrolSubmitted();
    const impostor = await referImpostor();
    expect(impostor.status).toBe('referred');
    const flags = ((await c.get(`/identity/applications/${impostor.number}`, c.clerk.token)).json() as Application).flags;
    expect(flags).toEqual([{ check: 'biometric', nin: 'BE100001', application: submitted, detail: 'finger(s) 2, 7 match (template-hmac, score 100)' }]);
  });

  it('lets an officer decide on the review queue: a reason to reject, approval otherwise', async () => {
    await enrolSubmitted();
    expect((await referTwin()).status).toBe('referred');
    expect((await referImpostor()).status).toBe('referred');
    const queue = (await c.get('/identity/review-queue', c.clerk.token)).json() as ApplicationSummary[];
    expect(queue.map((a) => [a.nin, a.status])).toEqual([
      ['BK300003', 'referred'],
      ['BK400004', 'referred'],
    ]);
    const [twin, impostor] = queue as [ApplicationSummary, ApplicationSummary];
    const head = await c.t.journalHead();
    const noReason = await c.post(`/identity/applications/${twin.number}/decision`, c.clerk.token, { decision: 'reject' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json()).toMatchObject({ errors: [{ field: 'reason' }] });
    expect((await c.post(`/identity/applications/${twin.number}/decision`, c.operator, { decision: 'approve' })).statusCode).toBe(403);
    expect(await c.t.journalHead()).toBe(head);
    const rejected = await c.ok<Application>(`/identity/applications/${twin.number}/decision`, c.clerk.token, { decision: 'reject', reason: 'second registration of BE100001' });
    expect(rejected).toMatchObject({ status: 'rejected', decisionReason: 'second registration of BE100001', allowedActions: [] });
    const late = await c.post(`/identity/applications/${twin.number}/decision`, c.clerk.token, { decision: 'approve' });
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ code: 'invalid_transition', detail: expect.stringContaining('is `rejected`') as string });
    const approved = await c.ok<Application>(`/identity/applications/${impostor.number}/decision`, c.clerk.token, { decision: 'approve', reason: 'identical twin, checked by the officer' });
    expect(approved).toMatchObject({ status: 'approved' });
    expect((await c.get('/identity/review-queue', c.clerk.token)).json()).toEqual([]);
  });

  it('keeps the rules as data: an administrator changes the fee, refused when the bands are out of order', async () => {
    const rules = (await c.get('/identity/rules', c.clerk.token)).json() as Record<string, unknown>;
    const head = await c.t.journalHead();
    const bad = await c.send('PUT', '/identity/rules', c.admin, { ...rules, fees: [{ underAge: null, mad: 75 }, { underAge: 12, mad: 50 }] });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['fees.0.underAge', 'fees.1.underAge']);
    expect((await c.send('PUT', '/identity/rules', c.clerk.token, rules)).statusCode).toBe(403);
    expect(await c.t.journalHead()).toBe(head);
    const saved = await c.send('PUT', '/identity/rules', c.admin, { ...rules, fees: [{ underAge: 12, mad: 50 }, { underAge: null, mad: 100 }] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await c.stream('identity-rules/current')).at(-1)).toMatchObject({ type: 'identity_rules.saved', data: { fees: [{ underAge: 12, mad: 50 }, { underAge: null, mad: 100 }] } });
    await c.ok('/identity/persons', c.clerk.token, personBody('BK600006', { givenNames: 'Nadia', givenNamesAr: 'نادية', sex: 'F', birthDate: '1970-01-01' }), 201);
    const opened = await c.post('/identity/applications', c.clerk.token, { nin: 'BK600006', kind: 'first_card', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'PAY-0010' } });
    expect(opened.json()).toMatchObject({ errors: [{ field: 'payment.amountMad', message: expect.stringContaining('is 100 MAD') as string }] });
  });
});
