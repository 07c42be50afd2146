/**
 * An administrative certificate from the citizen's request to a stranger's check of its seal, in three
 * browsers: the citizen (their card delivered, their account linked) asks online for a police record
 * certificate; the officer sees it in the approval queue with the records check and approves it; the
 * citizen downloads the PDF. A third party, not signed in, opens the public seal verification page from
 * the sign-in page and uploads a picture of the printed page (the PDF rasterised by poppler's pdftoppm at
 * 200 dpi): the seal reads valid, with what it says. The officer revokes the certificate with a reason,
 * and the same picture then reads revoked. Everyone works in Arabic: every screen reached shows no Latin
 * word but data (numbers, codes, names typed in Latin).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingTools } from '../src/core/testing.js';
import { enrolmentBody, personBody } from '../src/identity/identity.testing.js';
import { browserMissing, expectArabicOnly, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Api, type Browser, type Centre, type Credentials } from './harness.js';

const NIN = 'BE123456';
/** A second card holder, with a conviction in force: asked for at the desk. */
const OTHER_NIN = 'BE654321';
const PEOPLE: readonly Record<string, unknown>[] = [{}, { givenNames: 'Salma', givenNamesAr: 'سلمى', sex: 'F', birthDate: '1992-08-30' }];
const DESK = { code: 'CASA-ANFA', name: 'Arrondissement Anfa', location: { lat: 33.5883, lon: -7.6318 }, opens: '08:30', closes: '16:30', slotMinutes: 15, slotCapacity: 2, weekdays: [1, 2, 3, 4, 5, 6, 7], ninPrefix: 'BK' };
const RABAT = { code: 'RABAT', name: 'Centre de production de Rabat', prefix: 'R', location: { lat: 34.0209, lon: -6.8416 }, dailyCapacity: 12_000, stock: 5_000 };

const pdftoppmMissing = missingTools('pdftoppm').length > 0;
if (pdftoppmMissing) console.warn('skipping the certificate journey: pdftoppm is missing (install it with: apt-get install -y poppler-utils)');

/** Chooses Arabic and waits for the page to follow it. */
async function inArabic(page: Page): Promise<void> {
  await page.getByTestId('language').selectOption('ar');
  await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
}

describe.skipIf(browserMissing || pdftoppmMissing)('a police record certificate, requested online, approved, downloaded, verified from its printed seal, revoked', () => {
  let centre: Centre;
  let clerk: Api;
  let citizenAccount: Credentials;
  let workDir: string;
  const browsers: Browser[] = [];

  /** People of the register holding a delivered card each, as the desk and the issuance centre make them (through the API). */
  async function cardHolders(nins: readonly string[]): Promise<void> {
    const operator = centre.api(await centre.loginToken(...credentials(await centre.createUser(['issuance-operator']))));
    const rules = await clerk.get<{ fees: { underAge: number | null; mad: number }[] }>('/identity/rules');
    const fee = rules.fees.find((band) => band.underAge === null)!.mad;
    const applications: string[] = [];
    for (const [index, nin] of nins.entries()) {
      await clerk.post('/identity/persons', personBody(nin, PEOPLE[index]));
      const opened = await clerk.post<{ number: string }>('/identity/applications', { nin, kind: 'first_card', desk: DESK.code, payment: { amountMad: fee, reference: `PAY-${nin}` } });
      const enrolled = await clerk.post<{ status: string }>(`/identity/applications/${opened.number}/enrolment`, enrolmentBody(nin));
      expect(enrolled.status).toBe('approved');
      applications.push(opened.number);
    }
    const schedule = await operator.post<{ batches: { id: string }[] }>('/identity/production/schedule');
    for (const batch of schedule.batches) {
      await operator.post(`/identity/batches/${batch.id}/produce`);
      await operator.post(`/identity/batches/${batch.id}/ship`);
      await clerk.post(`/identity/batches/${batch.id}/receive`);
    }
    for (const [index, nin] of nins.entries()) {
      await clerk.post(`/identity/applications/${applications[index]}/handover`, { nin, birthDate: personBody(nin, PEOPLE[index]).birthDate });
    }
  }

  const credentials = (user: Credentials): [string, string] => [user.username, user.password];

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-certificates-'));
    centre = await startCentre();
    const admin = centre.api(await centre.adminToken());
    await admin.post('/identity/centres', RABAT);
    await admin.post('/identity/desks', DESK);
    clerk = centre.api(await centre.loginToken(...credentials(await centre.createUser(['identity-clerk']))));
    await cardHolders([NIN, OTHER_NIN]);
    citizenAccount = await centre.createUser(['citizen']);
    await clerk.put(`/identity/persons/${NIN}/account`, { username: citizenAccount.username });
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await centre?.close();
    if (workDir !== undefined) fs.rmSync(workDir, { recursive: true, force: true });
  });

  async function open(operator: string, who: Credentials): Promise<Page> {
    const browser = await openBrowser({ operator });
    browsers.push(browser);
    await login(browser.page, centre, who);
    await inArabic(browser.page);
    return browser.page;
  }

  it('goes from the online request to a seal read valid, then revoked', async () => {
    // --- The citizen asks for a police record certificate online.
    const citizen = await open('citizen', citizenAccount);
    const requests = citizen.getByTestId('citizen-certificates');
    await requests.waitFor();
    await expectArabicOnly(citizen);
    await requests.getByTestId('cert-own-kind').selectOption('police-record');
    await requests.getByTestId('cert-own-submit').click();
    const row = requests.locator('[data-testid="cert-own-row"]').first();
    await expect.poll(() => row.getAttribute('data-status')).toBe('pending');
    const number = (await row.getAttribute('data-number'))!;
    expect(number).toMatch(/^CERT-\d{4}-\d{7,}$/u);
    expect(await citizen.getByTestId('id-toast').textContent()).toContain('تم إرسال طلبك');
    await expectArabicOnly(citizen);
    await screenshot(citizen, 'certificate-citizen-request');

    // --- The officer (a supervisor: not the desk) sees it in the queue with the records check, and approves it.
    const officer = await open('officer', await centre.createUser(['certificate-officer']));
    await officer.goto(`${centre.url}/#/certificates`);
    await expect.poll(() => officer.locator('main.screen').getAttribute('data-screen')).toBe('certificates');
    const queued = officer.locator(`[data-testid="cert-queue-item"][data-number="${number}"]`);
    await queued.waitFor();
    expect(await queued.getByTestId('cert-records').getAttribute('data-clean')).toBe('true');
    expect(await queued.getByTestId('cert-records').textContent()).toContain('لا توجد سوابق');
    await expectArabicOnly(officer);
    await screenshot(officer, 'certificate-officer-queue');
    // A rejection without a reason is refused on the spot, and nothing is sent.
    await queued.getByTestId('cert-reject').click();
    await expect.poll(() => queued.getByTestId('cert-reason').getAttribute('aria-invalid')).toBe('true');
    await queued.getByTestId('cert-approve').click();
    const decided = officer.locator(`[data-testid="cert-decided"][data-number="${number}"]`);
    await expect.poll(() => decided.getAttribute('data-status')).toBe('issued');
    await expect.poll(() => officer.locator(`[data-testid="cert-queue-item"][data-number="${number}"]`).count()).toBe(0);
    await expectArabicOnly(officer);

    // --- The citizen sees it issued and downloads the PDF.
    await requests.getByTestId('cert-own-refresh').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('issued');
    const link = row.getByTestId('cert-own-pdf');
    expect(await link.getAttribute('href')).toBe(`/identity/me/certificates/${number}/pdf`);
    await expectArabicOnly(citizen);
    await screenshot(citizen, 'certificate-citizen-issued');
    const [download] = await Promise.all([citizen.waitForEvent('download'), link.click()]);
    const pdfFile = path.join(workDir, 'certificate.pdf');
    await download.saveAs(pdfFile);
    expect(fs.readFileSync(pdfFile).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // Printed, and the page that carries the seal (the last: the seal closes the document) photographed: at 200 dpi.
    execFileSync('pdftoppm', ['-png', '-r', '200', pdfFile, path.join(workDir, 'page')]);
    const pages = fs.readdirSync(workDir).filter((file) => /^page-\d+\.png$/u.test(file)).sort((a, b) => Number(/\d+/u.exec(a)![0]) - Number(/\d+/u.exec(b)![0]));
    expect(pages.length).toBeGreaterThan(0);
    const pageImage = path.join(workDir, pages.at(-1)!);

    // --- A third party, not signed in, checks the seal from the sign-in page's link.
    const strangerBrowser = await openBrowser({ operator: 'third-party' });
    browsers.push(strangerBrowser);
    const stranger = strangerBrowser.page;
    await stranger.goto(`${centre.url}/`);
    await stranger.locator('input[name="username"]').waitFor();
    await stranger.getByTestId('login-lang-ar').click();
    await expect.poll(() => stranger.locator('html').getAttribute('dir')).toBe('rtl');
    await stranger.getByTestId('verify-seal-link').click();
    const verifier = stranger.getByTestId('seal-verify');
    await verifier.waitFor();
    await expectArabicOnly(stranger);
    // A picture that is no seal: said clearly, in Arabic.
    await verifier.getByTestId('seal-file').setInputFiles({ name: 'blank.png', mimeType: 'image/png', buffer: blankPng() });
    await expect.poll(() => verifier.getByTestId('seal-verdict').getAttribute('data-verdict')).toBe('unreadable');
    expect(await verifier.getByTestId('seal-verdict-title').textContent()).toBe('تعذّرت قراءة أي ختم');
    await expectArabicOnly(stranger);
    await screenshot(stranger, 'certificate-seal-unreadable');
    await verifier.getByTestId('seal-file').setInputFiles(pageImage);
    await expect.poll(() => verifier.getByTestId('seal-verdict').getAttribute('data-verdict'), { timeout: 30_000 }).toBe('valid');
    expect(await verifier.getByTestId('seal-verdict-title').textContent()).toBe('ختم صالح');
    expect(await verifier.getByTestId('seal-field-personNumber').textContent()).toBe(NIN);
    expect(await verifier.getByTestId('seal-field-kind').textContent()).toBe('البطاقة الأنثروبومترية (بطاقة السوابق)');
    await expectArabicOnly(stranger);
    await screenshot(stranger, 'certificate-seal-valid');

    // --- The officer revokes it with a reason; the same picture now reads revoked.
    await decided.getByTestId('cert-revoke-reason').fill('وثيقة سُلّمت بناءً على معلومات خاطئة');
    await decided.getByTestId('cert-revoke').click();
    await expect.poll(() => decided.getAttribute('data-status')).toBe('revoked');
    await expectArabicOnly(officer);
    await screenshot(officer, 'certificate-officer-revoked');
    await verifier.getByTestId('seal-file').setInputFiles(pageImage);
    await expect.poll(() => verifier.getByTestId('seal-verdict').getAttribute('data-verdict'), { timeout: 30_000 }).toBe('revoked');
    expect(await verifier.getByTestId('seal-verdict-title').textContent()).toBe('ختم مُلغى');
    await expectArabicOnly(stranger);
    await screenshot(stranger, 'certificate-seal-revoked');
    // The page speaks the visitor's language: the same answer in French and in English.
    await verifier.getByTestId('seal-lang-fr').click();
    await expect.poll(() => verifier.getByTestId('seal-verdict-title').textContent()).toBe('Cachet révoqué');
    expect(await verifier.getByTestId('seal-field-kind').textContent()).toBe('Fiche anthropométrique');
    await verifier.getByTestId('seal-lang-en').click();
    await expect.poll(() => verifier.getByTestId('seal-verdict-title').textContent()).toBe('Revoked seal');

    // The citizen's list says so too.
    await requests.getByTestId('cert-own-refresh').click();
    await expect.poll(() => row.getAttribute('data-status')).toBe('revoked');
    await expectArabicOnly(citizen);
    expectNoConsoleErrors();
  });

  it('keeps the judicial records; the desk requests for a person with a conviction; the officer reads it and rejects with a reason', async () => {
    // --- The administration enters a judgment for the second card holder.
    const admin = await open('administrator', await centre.createUser(['administrator']));
    await admin.goto(`${centre.url}/#/certificates`);
    const records = admin.getByTestId('judicial-records');
    await records.waitFor();
    await expect.poll(() => admin.getByTestId('cert-desk').count()).toBe(0);
    await expectArabicOnly(admin);
    await records.getByTestId('records-nin').fill(OTHER_NIN);
    await records.getByTestId('records-court').fill('المحكمة الابتدائية بالدار البيضاء');
    await records.getByTestId('records-judgmentDate').fill('02/04/2019');
    await records.getByTestId('records-caseReference').fill('TPI-CASA/2019/1187');
    await records.getByTestId('records-offence').fill('سرقة');
    await records.getByTestId('records-sentence').fill('ستة أشهر موقوفة التنفيذ');
    await records.getByTestId('records-submit').click();
    await expect.poll(() => admin.getByTestId('id-toast').textContent()).toBe(`قُيّد الحكم في سجل ${OTHER_NIN}.`);
    await records.getByTestId('records-find-nin').fill(OTHER_NIN);
    await records.getByTestId('records-find-reason').fill('مراقبة القيد');
    await records.getByTestId('records-find').locator('button[type="submit"]').click();
    await expect.poll(() => records.getByTestId('records-entry').getAttribute('data-status')).toBe('in_force');
    await expectArabicOnly(admin);
    await screenshot(admin, 'certificate-judicial-records');

    // --- The desk requests a police record certificate for the person in front of the clerk.
    const desk = await open('identity-clerk', await centre.createUser(['identity-clerk']));
    await desk.goto(`${centre.url}/#/certificates`);
    const form = desk.getByTestId('cert-desk-form');
    await form.waitFor();
    await expect.poll(() => desk.getByTestId('cert-desk-desk').inputValue()).toBe(DESK.code);
    await expectArabicOnly(desk);
    // A number of no one in the register: the server names the field.
    await form.getByTestId('cert-desk-nin').fill('ZZ99999');
    await form.getByTestId('cert-desk-submit').click();
    await expect.poll(() => form.getByTestId('cert-desk-nin').getAttribute('aria-invalid')).toBe('true');
    await form.getByTestId('cert-desk-nin').fill(OTHER_NIN);
    await form.getByTestId('cert-desk-kind').selectOption('police-record');
    await form.getByTestId('cert-desk-submit').click();
    const detail = desk.getByTestId('cert-desk-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('pending');
    const number = (await detail.getAttribute('data-number'))!;
    expect(await detail.getByTestId('cert-records').getAttribute('data-clean')).toBe('false');
    expect(await detail.getByTestId('cert-records').textContent()).toContain('سرقة');
    await expect.poll(() => desk.locator(`[data-testid="cert-desk-row"][data-number="${number}"]`).getAttribute('data-status')).toBe('pending');
    await expectArabicOnly(desk);
    await screenshot(desk, 'certificate-desk');

    // --- The officer reads the conviction in force and rejects the request, giving the reason.
    const officer = await open('officer-2', await centre.createUser(['certificate-officer']));
    await officer.goto(`${centre.url}/#/certificates`);
    const queued = officer.locator(`[data-testid="cert-queue-item"][data-number="${number}"]`);
    await queued.waitFor();
    expect(await queued.getByTestId('cert-records').getAttribute('data-clean')).toBe('false');
    expect(await queued.getByTestId('cert-records').textContent()).toContain('TPI-CASA/2019/1187');
    await queued.getByTestId('cert-reason').fill('يجب على المعني بالأمر الحضور شخصيا');
    await queued.getByTestId('cert-reject').click();
    await expect.poll(() => officer.locator(`[data-testid="cert-decided"][data-number="${number}"]`).getAttribute('data-status')).toBe('rejected');
    await expectArabicOnly(officer);

    // --- The desk's list follows, live.
    await expect.poll(() => desk.locator(`[data-testid="cert-desk-row"][data-number="${number}"]`).getAttribute('data-status')).toBe('rejected');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('rejected');
    expect(await detail.textContent()).toContain('يجب على المعني بالأمر الحضور شخصيا');
    await expectArabicOnly(desk);
    expectNoConsoleErrors({ allow: [/status of 400 .*\/identity\/certificates/] });
  });
});

/** A white 40 x 40 PNG: an image that holds no seal. */
function blankPng(): Buffer {
  const png = new PNG({ width: 40, height: 40 });
  png.data.fill(255);
  return PNG.sync.write(png);
}
