/**
 * A foreign resident's first residence permit, from the foreigners' desk to the hand-over, in Arabic.
 * The clerk registers the resident (a nationality that is no ISO code refused first, the field named),
 * the desk allocating the registration number; files a first registration card with the documents
 * presented ticked on the checklist, one missing: the receipt (récépissé) is issued at once, and the
 * decision waits. The clerk renews the receipt, shows it to print (bilingual), records the missing
 * document and approves. The issuance operator schedules, produces and ships the batch on the production
 * board, as for the CNIE (the permit rides in it); the clerk receives the batch in the ID desk's
 * deliveries and, back at the foreigners' desk, hands the card over, refusing first a wrong birth date;
 * the receipt closes and the card is active. The expiry reminders the sweep marks 60 and 30 days before
 * the card expires (run here in-process on those days: the centre's clock is the real one) show on the
 * desk's list with the holder's phone. An administrator then edits a checklist. Every screen reached is
 * checked to show no Latin word but data, and photographed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PermitApplication, PermitReminder } from '../src/contract/permit.schema.js';
import { addDays } from '../src/identity/identity.js';
import { sweepPermitReminders } from '../src/identity/permit.service.js';
import { browserMissing, expectArabicOnly, expectIsolatedValue, expectNoConsoleErrors, login, openBrowser, screenshot, screenshotDir, startCentre, type Browser, type Centre, type Credentials } from './harness.js';

const DESK = { code: 'CASA-ANFA', name: 'Arrondissement Anfa', location: { lat: 33.5883, lon: -7.6318 }, opens: '08:30', closes: '16:30', slotMinutes: 15, slotCapacity: 2, weekdays: [1, 2, 3, 4, 5, 6, 7], ninPrefix: 'BK' };
const RABAT = { code: 'RABAT', name: 'Centre de production de Rabat', prefix: 'R', location: { lat: 34.0209, lon: -6.8416 }, dailyCapacity: 12_000, stock: 5_000 };
const RESIDENT = 'EBK00000001';

/** A calendar date `YYYY-MM-DD` as a Moroccan office writes it, day first. */
function dayFirst(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

type Language = 'ar' | 'fr';

async function speak(page: Page, language: Language): Promise<void> {
  await page.getByTestId('language').selectOption(language);
  await expect.poll(() => page.locator('html').getAttribute('dir')).toBe(language === 'ar' ? 'rtl' : 'ltr');
}

/** Opens a screen from the menu and waits for it. */
async function go(page: Page, screen: string): Promise<void> {
  await page.locator(`a[href="#/${screen}"]`).click();
  await expect.poll(() => page.locator('main.screen').getAttribute('data-screen')).toBe(screen);
}

describe.skipIf(browserMissing)("a foreign resident's first residence permit, from the application to the hand-over, in the console", () => {
  let centre: Centre;
  let registrar: Credentials;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    centre = await startCentre();
    const admin = centre.api(await centre.adminToken());
    await admin.post('/identity/centres', RABAT);
    await admin.post('/identity/desks', DESK);
    registrar = await centre.createUser(['identity-clerk']);
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await centre?.close();
  });

  async function open(operator: string, roles: Parameters<Centre['createUser']>[0]): Promise<Page> {
    const browser = await openBrowser({ operator });
    browsers.push(browser);
    await login(browser.page, centre, await centre.createUser(roles));
    await expect.poll(() => browser.page.getByTestId('live-state').getAttribute('data-state')).toBe('live');
    await speak(browser.page, 'ar');
    return browser.page;
  }

  /** What the API says of an application (as a desk clerk): the values the screens must show. */
  async function served(number: string): Promise<PermitApplication> {
    return centre.api(await centre.loginToken(registrar.username, registrar.password)).get(`/identity/permit-applications/${number}`);
  }

  it('registers, files with its receipt, decides, produces in a batch, hands over, and lists the expiry reminders', async () => {
    const clerk = await open('identity-clerk', ['identity-clerk']);
    await go(clerk, 'foreigners');
    await clerk.getByTestId('permit-resident-find').waitFor();
    await expect.poll(() => clerk.getByTestId('permit-desk').inputValue()).toBe(DESK.code);
    await expectArabicOnly(clerk);

    // The resident is registered; a nationality that is no ISO 3166 code is refused, the field named.
    await clerk.getByTestId('permit-resident-mode').click();
    const fill = async (field: string, value: string) => clerk.getByTestId(`permit-resident-${field}`).fill(value);
    await fill('surname', 'Diallo');
    await fill('givenNames', 'Aminata');
    await fill('surnameAr', 'ديالو');
    await fill('givenNamesAr', 'أميناتا');
    await fill('birthDate', '12/07/1994');
    await fill('birthPlace', 'Dakar');
    await fill('nationality', 'xyz');
    await fill('passport.number', 'A02468135');
    await fill('passport.issuingState', 'SEN');
    await fill('passport.expiry', '01/05/2030');
    await fill('entryDate', '15/01/2026');
    await fill('address', '7 rue Moulay Youssef, Casablanca');
    await fill('phone', '+212661234567');
    await clerk.getByTestId('permit-resident-sex-f').check();
    await clerk.getByTestId('permit-resident-activity').selectOption('employer');
    await clerk.getByTestId('permit-resident-activity-name').fill('Atlas Textiles SARL');
    await expectArabicOnly(clerk);
    // The page keeps to the window's width (a hidden file input once stretched it sideways).
    expect(await clerk.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement.scrollWidth <= (globalThis as unknown as { document: { documentElement: { clientWidth: number } } }).document.documentElement.clientWidth)).toBe(true);
    await screenshot(clerk, 'permit-register-ar');
    await clerk.getByTestId('permit-resident-register-submit').click();
    await expect.poll(() => clerk.getByTestId('permit-resident-nationality').getAttribute('aria-invalid')).toBe('true');
    expect(await clerk.getByTestId('permit-resident-error').textContent()).toBe('أحد الحقول غير صالح: راجع الحقول المشار إليها.');
    await expectArabicOnly(clerk);
    await fill('nationality', 'sen');
    await clerk.getByTestId('permit-resident-register-submit').click();
    await expect.poll(() => clerk.getByTestId('permit-resident-record').getAttribute('data-number')).toBe(RESIDENT);
    expect(await clerk.getByTestId('id-toast').textContent()).toBe(`سُجّل المقيم تحت الرقم ${RESIDENT}.`);
    await expectIsolatedValue(clerk, '[data-testid="permit-resident-birth-date"]', '12/07/1994');
    await expectIsolatedValue(clerk, '[data-testid="permit-resident-record-number"]', RESIDENT);
    await expectArabicOnly(clerk);
    await screenshot(clerk, 'permit-resident-ar');

    // The application: a first registration card, every document presented but the medical certificate.
    await clerk.getByTestId('permit-resident-open').click();
    expect(await clerk.getByTestId('permit-open-resident').inputValue()).toBe(RESIDENT);
    await clerk.getByTestId('permit-doc-passport').waitFor();
    for (const code of ['passport', 'photos', 'proof_of_address', 'proof_of_means', 'criminal_record', 'fee_stamp']) await clerk.getByTestId(`permit-doc-${code}`).check();
    await expect.poll(() => clerk.getByTestId('permit-missing').getAttribute('data-missing')).toBe('1');
    expect(await clerk.getByTestId('permit-missing').textContent()).toBe('تنقص وثيقة إلزامية واحدة.');
    await expectArabicOnly(clerk);
    await screenshot(clerk, 'permit-open-ar');
    await clerk.getByTestId('permit-open-submit').click();
    const detail = clerk.getByTestId('permit-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('filed');
    const number = (await detail.getAttribute('data-application'))!;
    expect(number).toMatch(/^RP-\d{4}-0000001$/);
    let application = await served(number);
    expect(application).toMatchObject({ resident: RESIDENT, kind: 'first_registration', missingDocuments: ['medical_certificate'], validityYears: 1, receipt: { status: 'open', renewals: 0 } });
    const receipt = application.receipt.number;
    expect(await clerk.getByTestId('id-toast').textContent()).toBe(`أُودع الطلب ${number}؛ سُلّم الوصل ${receipt}.`);
    await expectIsolatedValue(clerk, '[data-testid="permit-receipt-number"]', receipt);
    await expectIsolatedValue(clerk, '[data-testid="permit-receipt-valid-until"]', dayFirst(application.receipt.validUntil));
    // The decision waits for the missing document.
    expect(await clerk.getByTestId('permit-approve').isDisabled()).toBe(true);
    await expectArabicOnly(clerk);

    // The receipt is renewed (three months more) and shown to print, in Arabic and French.
    const before = application.receipt.validUntil;
    await clerk.getByTestId('permit-receipt-renew').click();
    await expect.poll(() => clerk.getByTestId('permit-receipt').getAttribute('data-renewals')).toBe('1');
    application = await served(number);
    expect(application.receipt.validUntil > before).toBe(true);
    await expectIsolatedValue(clerk, '[data-testid="permit-receipt-valid-until"]', dayFirst(application.receipt.validUntil));
    expect(await clerk.getByTestId('id-toast').textContent()).toBe(`جُدّد وصل الطلب ${number} إلى غاية ${dayFirst(application.receipt.validUntil)}.`);
    await clerk.getByTestId('permit-receipt-show').click();
    await expectIsolatedValue(clerk, '[data-testid="permit-print-receipt"]', receipt);
    await expectIsolatedValue(clerk, '[data-testid="permit-print-valid-until"]', dayFirst(application.receipt.validUntil));
    const printed = (await clerk.getByTestId('permit-receipt-print').textContent()) ?? '';
    for (const words of ['وصل إيداع طلب سند الإقامة', 'Récépissé de demande de titre de séjour', 'بطاقة التسجيل الأولى', 'Première carte d’immatriculation', 'أميناتا ديالو', 'Aminata Diallo']) expect(printed).toContain(words);
    // The French half of the receipt is the document's, marked left to right: it is not the screen's words.
    await expectArabicOnly(clerk);
    await clerk.getByTestId('permit-receipt-print').scrollIntoViewIfNeeded();
    await screenshot(clerk, 'permit-receipt-ar');
    // The server's PDF of it, with its seal, opens from the same session.
    const pdfPath = (await clerk.getByTestId('permit-receipt-pdf').getAttribute('href'))!;
    const pdf = await clerk.context().request.get(`${centre.url}${pdfPath}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const pdfBytes = await pdf.body();
    expect(pdfBytes.subarray(0, 5).toString()).toBe('%PDF-');
    fs.mkdirSync(screenshotDir, { recursive: true });
    fs.writeFileSync(path.join(screenshotDir, 'permit-receipt.pdf'), pdfBytes);
    await speak(clerk, 'fr');
    await screenshot(clerk, 'permit-receipt-fr');
    await speak(clerk, 'ar');

    // The certificate is brought: recorded, the application can be approved.
    await clerk.getByTestId('permit-doc-medical_certificate').check();
    await clerk.getByTestId('permit-record-documents').click();
    await expect.poll(() => clerk.getByTestId('permit-missing').getAttribute('data-missing')).toBe('0');
    await expect.poll(() => clerk.getByTestId('permit-approve').isDisabled()).toBe(false);
    await clerk.getByTestId('permit-approve').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('approved');
    expect(await clerk.getByTestId('id-toast').textContent()).toBe(`${number}: مقبول.`);
    await clerk.locator(`[data-testid="permit-desk-applications"] [data-application="${number}"][data-status="approved"]`).waitFor();
    await expectArabicOnly(clerk);
    await screenshot(clerk, 'permit-approved-ar');

    // The issuance centre: the permit waits in the CNIE's queue; the day is scheduled, the batch produced and shipped.
    const operator = await open('issuance-operator', ['issuance-operator']);
    await expect.poll(() => operator.locator('main.screen').getAttribute('data-screen')).toBe('issuance');
    await expectArabicOnly(operator);
    await operator.getByTestId('schedule').click();
    const batch = operator.locator('[data-batch][data-status="scheduled"]');
    await batch.waitFor();
    const batchId = (await batch.getAttribute('data-batch'))!;
    await operator.getByTestId(`produce-${batchId}`).click();
    await operator.locator(`[data-batch="${batchId}"][data-status="produced"]`).waitFor();
    await operator.getByTestId(`ship-${batchId}`).click();
    await operator.locator(`[data-batch="${batchId}"][data-status="shipped"]`).waitFor();
    await expectArabicOnly(operator);
    await screenshot(operator, 'permit-issuance-ar');

    // The clerk's application followed through /live: on its way to the desk, with its document number.
    await expect.poll(() => detail.getAttribute('data-status')).toBe('shipped');
    const documentNumber = (await served(number)).documentNumber!;
    expect(documentNumber).toMatch(/^R\d{8}$/);
    await expectIsolatedValue(clerk, '[data-testid="permit-document-number"]', documentNumber);
    await clerk.locator(`[data-testid="permit-coming"] [data-coming="${number}"]`).waitFor();
    await expectArabicOnly(clerk);

    // The parcel reaches the desk: received in the ID desk's deliveries, with the CNIE's.
    await go(clerk, 'identity');
    await clerk.getByTestId(`receive-${batchId}`).click();
    await clerk.locator(`[data-testid="id-deliveries"] [data-batch="${batchId}"][data-status="received"]`).waitFor();
    await go(clerk, 'foreigners');
    await clerk.locator(`[data-testid="permit-ready"] [data-ready="${number}"][data-document="${documentNumber}"]`).waitFor();
    await expectArabicOnly(clerk);

    // Hand-over against a check of the holder: a wrong birth date is refused, the field named.
    await clerk.getByTestId(`permit-handover-${number}`).click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('received');
    await clerk.getByTestId('permit-handover-resident').fill(RESIDENT);
    await clerk.getByTestId('permit-handover-birth').fill('13/07/1994');
    await clerk.getByTestId('permit-handover-submit').click();
    await clerk.getByTestId('permit-handover-refusal').waitFor();
    expect(await clerk.getByTestId('permit-handover-refusal').textContent()).toBe('ليس صاحب البطاقة: تاريخ الازدياد غير مطابقة.');
    expect(await clerk.getByTestId('permit-handover-birth').getAttribute('aria-invalid')).toBe('true');
    expect(await detail.getAttribute('data-status')).toBe('received');
    await expectArabicOnly(clerk);
    await screenshot(clerk, 'permit-handover-ar');
    await clerk.getByTestId('permit-handover-birth').fill('12/07/1994');
    await clerk.getByTestId('permit-handover-submit').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('delivered');
    expect(await clerk.getByTestId('id-toast').textContent()).toBe(`سُلّمت البطاقة ${documentNumber}؛ أُغلق الوصل.`);
    await expect.poll(() => clerk.getByTestId('permit-receipt').getAttribute('data-status')).toBe('closed');
    expect(await clerk.getByTestId('permit-receipt-renew').count()).toBe(0);
    await clerk.getByTestId('permit-ready').getByText('لا بطاقة في انتظار صاحبها.').waitFor();
    const desk = centre.api(await centre.loginToken(registrar.username, registrar.password));
    const card = await desk.get<{ nin: string; status: string; dateOfExpiry: string }>(`/identity/cards/${documentNumber}`);
    expect(card).toMatchObject({ nin: RESIDENT, status: 'active' });
    await expectArabicOnly(clerk);
    await screenshot(clerk, 'permit-delivered-ar');

    // The expiry reminders: the sweep (the server's, hourly) run on the 60th and the 30th day before the
    // card's expiry; the desk's list shows both, with the holder's phone, without a reload (/live).
    expect(await sweepPermitReminders(centre.core, 'system:e2e', addDays(card.dateOfExpiry, -60))).toMatchObject({ reminded: 1 });
    expect(await sweepPermitReminders(centre.core, 'system:e2e', addDays(card.dateOfExpiry, -30))).toMatchObject({ reminded: 1 });
    const reminders = clerk.getByTestId('permit-reminders');
    await reminders.locator(`[data-reminder="${documentNumber}"][data-days="30"]`).waitFor();
    await reminders.locator(`[data-reminder="${documentNumber}"][data-days="60"]`).waitFor();
    const listed = await desk.get<PermitReminder[]>(`/identity/permits/reminders?desk=${DESK.code}`);
    expect(listed.map((r) => [r.days, r.phone])).toEqual([
      [30, '+212661234567'],
      [60, '+212661234567'],
    ]);
    expect(await reminders.locator(`[data-days="30"]`).textContent()).toContain('+212661234567');
    expect(await reminders.locator(`[data-days="60"]`).textContent()).toContain('قبل 60 يوما');
    expect(await reminders.locator(`[data-days="30"]`).textContent()).toContain('قبل 30 يوما');
    await expectArabicOnly(clerk);
    await reminders.scrollIntoViewIfNeeded();
    await screenshot(clerk, 'permit-reminders-ar');

    // The errors the browser logs are the refusals the journey asked for.
    expectNoConsoleErrors({ allow: [/status of 400 .*\/identity\/residents/, new RegExp(`status of 409 .*/identity/permit-applications/${number}/handover`)] });
  });

  it("lets an administrator add a document to a kind's checklist, in Arabic; the desk asks for it next", async () => {
    const admin = await open('administrator', ['administrator']);
    await expect.poll(() => admin.locator('main.screen').getAttribute('data-screen')).toBe('admin');
    await admin.getByTestId('admin-tab-settings').click();
    const panel = admin.getByTestId('admin-permit-checklists');
    await panel.waitFor();
    await admin.getByTestId('admin-permit-kind').selectOption('residence_card');
    await panel.locator('[data-document="current_permit"]').waitFor();
    await admin.getByTestId('admin-permit-add').click();
    const row = panel.locator('tbody tr').last();
    await row.locator('input').nth(0).fill('tax_certificate');
    await row.locator('input').nth(1).fill('Attestation de situation fiscale');
    await row.locator('input').nth(2).fill('شهادة الوضعية الجبائية');
    await admin.getByTestId('admin-permit-save').click();
    await expect.poll(() => admin.getByTestId('admin-permit-notice').textContent()).toBe('حُفظت لائحة الوثائق «بطاقة الإقامة (10 سنوات)».');
    await expectArabicOnly(admin, { within: '[data-testid="admin-permit-checklists"]' });
    await panel.scrollIntoViewIfNeeded();
    await screenshot(admin, 'permit-checklist-admin-ar');
    const desk = centre.api(await centre.loginToken(registrar.username, registrar.password));
    const checklist = await desk.get<{ documents: { code: string; labelAr: string | null; required: boolean }[] }>('/identity/permits/checklists/residence_card');
    expect(checklist.documents.at(-1)).toEqual({ code: 'tax_certificate', label: 'Attestation de situation fiscale', labelAr: 'شهادة الوضعية الجبائية', required: true });
    expectNoConsoleErrors();
  });
});
