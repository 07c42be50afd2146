/**
 * The administrator's day, in Arabic: signed in with a second factor, they create a call-taker's account
 * and read its one-time password off the screen; the new call-taker signs in with it in another browser,
 * chooses their own password and reaches the Calls screen. The administrator asks for a role of the
 * two-person rule, is refused when approving their own request (said in Arabic), and refuses it with a
 * reason; registers a tracker, sees its token once, and revokes it after a confirmation.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/core/auth/totp.js';
import { listUsers } from '../src/core/auth/user.service.js';
import { browserMissing, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Browser, type Centre, type Credentials } from './harness.js';
import { expectArabicOnly, expectIsolatedValue } from './harness.js';

/** The text a panel shows, without its data tokens (user names, dates, passwords, tokens) nor language names. */
async function wordsOf(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((element) => {
    const copy = element.cloneNode(true) as typeof element;
    for (const data of copy.querySelectorAll('bdi, code, option')) data.remove();
    return copy.textContent ?? '';
  });
}

describe.skipIf(browserMissing)("the administrator's screen, in Arabic", () => {
  let centre: Centre;
  let admin: Credentials & { secret: string };
  const browsers: Browser[] = [];

  beforeAll(async () => {
    centre = await startCentre({ env: { AMANE_TOTP_REQUIRED: 'on' } });
    const created = await centre.createUser(['administrator']);
    // The administrator's phone: a second factor enrolled through the API, as the enrolment page would.
    const api = centre.api(await centre.loginToken(created.username, created.password));
    const { secret } = await api.post<{ secret: string }>('/auth/totp/enrolment');
    await api.post('/auth/totp/enrolment/confirm', { code: totpCode(secret, new Date()) });
    await api.put('/auth/me/language', { language: 'ar' });
    admin = { ...created, secret };
  });
  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await centre?.close();
  });

  it('creates a call-taker who signs in with the one-time password, and a device whose token shows once', async () => {
    const browser = await openBrowser({ operator: 'administrator', locale: 'ar-MA' });
    browsers.push(browser);
    const { page } = browser;
    await page.goto(`${centre.url}/#/admin`);
    await page.getByRole('button', { name: 'العربية' }).click();
    await page.locator('input[name="username"]').fill(admin.username);
    await page.locator('input[name="password"]').fill(admin.password);
    await page.locator('form button[type="submit"]').click();
    // The code of the step after the enrolment's: the server takes a code once, and one step ahead.
    await page.getByTestId('login-code').fill(totpCode(admin.secret, new Date(Date.now() + 30_000)));
    await page.locator('form button[type="submit"]').click();
    await page.locator('header.topbar').waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.locator('main[data-screen="admin"]').waitFor();
    await page.getByTestId('admin-user-list').waitFor();
    expect(await page.locator('header.topbar nav').textContent()).toContain('الإدارة');
    await expect.poll(() => page.getByTestId('admin-user-list').locator(`tr[data-username="${admin.username}"]`).count()).toBe(1);
    expect(await page.getByTestId('admin-user-list').locator(`tr[data-username="${admin.username}"]`).textContent()).toContain('مدير النظام');
    expect(await wordsOf(page, 'admin')).not.toMatch(/[A-Za-z]/);
    await screenshot(page, 'admin-users-ar');
    await expectArabicOnly(page);

    // A new call-taker: the form is typed and sent with Enter.
    await page.getByTestId('admin-new').click();
    const form = page.getByTestId('admin-new-account');
    await page.getByTestId('admin-new-username').fill('nadia.bennani');
    await form.getByLabel('الاسم الكامل بالعربية', { exact: false }).fill('نادية بناني');
    await form.getByRole('checkbox', { name: 'متلقي المكالمات' }).check();
    await page.getByTestId('admin-new-fullname').fill('Nadia Bennani');
    expect(await wordsOf(page, 'admin-new-account')).not.toMatch(/[A-Za-z]/);
    await screenshot(page, 'admin-new-account-ar');
    await expectArabicOnly(page);
    await page.getByTestId('admin-new-fullname').press('Enter');

    const secret = page.getByTestId('admin-otp');
    await secret.waitFor();
    const oneTimePassword = ((await page.getByTestId('admin-otp-value').textContent()) ?? '').trim();
    expect(oneTimePassword.length).toBeGreaterThanOrEqual(12);
    expect(await secret.textContent()).toContain('لن تُعرض إلا هذه المرة');
    expect(await wordsOf(page, 'admin-otp')).not.toMatch(/[A-Za-z]/);
    await expect.poll(() => page.getByTestId('admin-users-notice').textContent()).toContain('تم إنشاء الحساب nadia.bennani.');
    const row = page.getByTestId('admin-user-list').locator('tr[data-username="nadia.bennani"]');
    await expect.poll(() => row.textContent()).toContain('متلقي المكالمات');
    expect(await row.textContent()).toContain('كلمة مرور مؤقتة');
    await screenshot(page, 'admin-one-time-password-ar');
    await expectArabicOnly(page);
    // Handed over: the password is gone from the screen for good.
    await secret.getByRole('button', { name: 'تمّ التسليم: إخفاء' }).click();
    await expect.poll(() => secret.count()).toBe(0);
    expect(await page.locator('body').textContent()).not.toContain(oneTimePassword);

    // The call-taker, on their own computer: the temporary password, then their own.
    const operator = await openBrowser({ operator: 'new-call-taker', locale: 'ar-MA' });
    browsers.push(operator);
    const other = operator.page;
    await other.goto(`${centre.url}/`);
    await other.locator('input[name="username"]').fill('nadia.bennani');
    await other.locator('input[name="password"]').fill(oneTimePassword);
    await other.locator('form button[type="submit"]').click();
    await other.locator('input[name="next"]').waitFor();
    expect(await other.locator('html').getAttribute('dir')).toBe('rtl');
    await screenshot(other, 'admin-new-operator-password-ar');
    await expectArabicOnly(other);
    await other.locator('input[name="current"]').fill(oneTimePassword);
    await other.locator('input[name="next"]').fill('sept chameaux traversent Anfa');
    await other.locator('input[name="next"]').press('Enter');
    await other.locator('main[data-screen="calls"]').waitFor();
    expect(await other.getByTestId('who').getAttribute('data-roles')).toBe('call-taker');
    await screenshot(other, 'admin-new-operator-calls-ar');
    await expectArabicOnly(other);
    // The administrator's list follows: the password is the operator's own now.
    await expect.poll(() => row.textContent()).not.toContain('كلمة مرور مؤقتة');

    // An auditor's role for her waits for a second administrator; approving one's own request is refused, in Arabic.
    await row.getByRole('button', { name: 'nadia.bennani' }).click();
    const account = page.getByTestId('admin-account');
    await account.waitFor();
    await expect.poll(() => account.getByTestId('admin-sessions').locator('tbody tr').count()).toBe(1);
    await account.getByRole('checkbox', { name: 'مدقق' }).check();
    await account.getByRole('button', { name: 'حفظ الأدوار' }).click();
    await expect.poll(() => page.getByTestId('admin-account-notice').textContent()).toContain('في انتظار موافقة مدير نظام ثانٍ');
    const grant = page.getByTestId('admin-grants').locator('tr[data-username="nadia.bennani"][data-role="auditor"]');
    await grant.waitFor();
    expect(await grant.textContent()).toContain('طلبك أنت');
    await grant.getByTestId('admin-approve').click();
    const refusal = page.getByTestId('admin-grants-notice');
    await expect.poll(() => refusal.getAttribute('data-tone')).toBe('refused');
    expect(await refusal.textContent()).toBe('مرفوض: يجب أن يوافق مدير نظام آخر على هذا الدور. لا يوافق أحد على طلبه بنفسه ولا على دور لنفسه (قاعدة الشخصين).');
    expect(await wordsOf(page, 'admin')).not.toMatch(/[A-Za-z]/);
    await screenshot(page, 'admin-grant-refused-ar');
    await expectArabicOnly(page);
    // Withdrawn with a reason: nothing waits any more.
    await grant.getByTestId('admin-refuse').click();
    await grant.getByLabel('السبب (إلزامي)').fill('خطأ في الطلب');
    await grant.getByLabel('السبب (إلزامي)').press('Enter');
    await expect.poll(() => page.getByTestId('admin-grants').textContent()).toContain('لا شيء في انتظار الموافقة.');
    const held = (await listUsers(centre.core.db, { includeDisabled: false })).find((user) => user.username === 'nadia.bennani');
    expect(held).toMatchObject({ roles: ['call-taker'] });
    expect(held?.pendingRoles).toBeUndefined();
    await expect.poll(() => row.textContent()).not.toContain('في انتظار الموافقة');

    // A tracker: registered with Enter, its token shown once.
    await page.getByTestId('admin-device-name').fill('car-12');
    await page.getByTestId('admin-device-kind').selectOption('vehicle');
    await page.getByTestId('admin-device-name').press('Enter');
    const token = ((await page.getByTestId('admin-token-value').textContent()) ?? '').trim();
    expect(token).toMatch(/^amd_/);
    expect(await page.getByTestId('admin-token').textContent()).toContain('لن يُعرض إلا هذه المرة');
    expect(await centre.api(token).get('/devices/me')).toMatchObject({ name: 'car-12', kind: 'vehicle' });
    const device = page.getByTestId('admin-device-list').locator('tr[data-device="car-12"]');
    await device.waitFor();
    expect(await device.textContent()).toContain('جهاز تتبع المركبة');
    expect(await wordsOf(page, 'admin-devices')).not.toMatch(/[A-Za-z]/);
    await screenshot(page, 'admin-device-token-ar');
    await expectArabicOnly(page);
    await page.getByTestId('admin-token').getByRole('button', { name: 'تمّ التسليم: إخفاء' }).click();
    expect(await page.locator('body').textContent()).not.toContain(token);

    // Revoked after a confirmation that says what it does, with the reason.
    await device.getByTestId('admin-device-revoke').click();
    const confirm = device.getByTestId('admin-device-revoke-confirm');
    expect(await confirm.textContent()).toContain('إبطال الجهاز car-12 نهائيا');
    await confirm.getByLabel('السبب (إلزامي)').fill('الجهاز مفقود');
    await screenshot(page, 'admin-device-revoke-confirm-ar');
    await expectArabicOnly(page);
    await confirm.getByLabel('السبب (إلزامي)').press('Enter');
    await expect.poll(() => device.getAttribute('data-revoked')).toBe('true');
    expect(await device.textContent()).toContain('أُبطل في');
    expect((await centre.api(token).request('GET', '/devices/me')).status).toBe(401);
    await screenshot(page, 'admin-device-revoked-ar');
    await expectArabicOnly(page);

    // The same screen in French, once.
    await page.getByTestId('language').selectOption('fr');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
    await expect.poll(() => page.getByTestId('admin-devices').locator('h2').textContent()).toContain('Équipements');
    await screenshot(page, 'admin-fr');

    // The refusals the journey asked for: the code asked at sign-in, the approval of one's own request.
    expectNoConsoleErrors({ allow: [/status of 401/, /status of 403/] });
  });
});

interface DeskAnswer {
  readonly code: string;
  readonly station: string | null;
  readonly opens: string;
  readonly closes: string;
  readonly slotMinutes: number;
  readonly slotCapacity: number;
  readonly weekdays: readonly number[];
  readonly ninPrefix: string | null;
  readonly location: { readonly lat: number; readonly lon: number };
}

describe.skipIf(browserMissing)("the administrator's desks, centres and identity rules, in Arabic", () => {
  let centre: Centre;
  let admin: Credentials;
  let browser: Browser | undefined;

  beforeAll(async () => {
    centre = await startCentre();
    admin = await centre.createUser(['administrator']);
    const api = centre.api(await centre.loginToken(admin.username, admin.password));
    await api.put('/auth/me/language', { language: 'ar' });
    // A station for the desk to stand in, and a centre opened earlier: the administrator knows its code.
    await api.post('/stations', { code: 'ST-ANFA', name: 'Anfa', nameAr: 'مفوضية أنفا', location: { lat: 33.5899, lon: -7.632 } });
    await api.post('/identity/centres', { code: 'RABAT', name: 'Centre de Rabat', prefix: 'R', location: { lat: 34.0209, lon: -6.8416 }, dailyCapacity: 12000, stock: 50000 });
  });
  afterAll(async () => {
    await browser?.close();
    await centre?.close();
  });

  it('opens a desk and changes its hours, changes a centre’s daily capacity and turns automatic approval off', async () => {
    // The production staff read the centres' list (identity.report); the checks below read it as an auditor.
    const auditor = await centre.createUser(['auditor']);
    const reader = centre.api(await centre.loginToken(auditor.username, auditor.password));
    browser = await openBrowser({ operator: 'administrator', locale: 'ar-MA' });
    const { page } = browser;
    await page.goto(`${centre.url}/#/admin`);
    await login(page, centre, admin);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByTestId('admin-tab-sites').click();
    const desks = page.getByTestId('admin-desks');
    await expect.poll(() => desks.textContent()).toContain('لم يُفتح أي مكتب بعد.');

    // A desk at the Anfa station: its place comes from the station's; Enter opens it.
    await page.getByTestId('admin-desk-new').click();
    const editor = page.getByTestId('admin-desk-editor');
    await page.getByTestId('admin-desk-code').fill('ANFA-1');
    await page.getByTestId('admin-desk-name').fill('مكتب التسجيل بأنفا');
    await page.getByTestId('admin-desk-station').fill('ST-ANFA');
    expect(await page.getByTestId('admin-desk-lat').inputValue()).toBe('33.5899');
    await page.getByTestId('admin-desk-opens').fill('08:30');
    await page.getByTestId('admin-desk-closes').fill('16:30');
    await page.getByTestId('admin-desk-slot-minutes').fill('20');
    await page.getByTestId('admin-desk-slot-capacity').fill('3');
    await page.getByTestId('admin-desk-nin-prefix').fill('BE');
    await expectArabicOnly(page);
    await page.getByTestId('admin-desk-nin-prefix').press('Enter');
    await expect.poll(() => page.getByTestId('admin-desks-notice').textContent()).toBe('تم فتح المكتب ANFA-1.');
    const row = page.getByTestId('admin-desk-list').locator('tr[data-desk="ANFA-1"]');
    await expectIsolatedValue(page, '[data-desk="ANFA-1"] [data-testid="admin-desk-hours"]', '08:30–16:30');
    expect(await row.textContent()).toContain('20 دقيقة، 3 أشخاص في كل موعد');
    await expect.poll(() => editor.getAttribute('data-desk')).toBe('ANFA-1');

    // Closing before it opens is refused by the centre, which names the field; then the new hours.
    await page.getByTestId('admin-desk-opens').fill('09:00');
    await page.getByTestId('admin-desk-closes').fill('08:00');
    await page.getByTestId('admin-desk-closes').press('Enter');
    const refusal = page.getByTestId('admin-desk-error');
    await expect.poll(() => refusal.textContent()).toBe('تحقق من الحقل «ساعة الإغلاق».');
    expect(await page.getByTestId('admin-desk-closes').getAttribute('aria-invalid')).toBe('true');
    await expectArabicOnly(page);
    await page.getByTestId('admin-desk-closes').fill('18:00');
    await page.getByTestId('admin-desk-closes').press('Enter');
    await expect.poll(() => page.getByTestId('admin-desks-notice').textContent()).toBe('تم تعديل المكتب ANFA-1.');
    await expectIsolatedValue(page, '[data-desk="ANFA-1"] [data-testid="admin-desk-hours"]', '09:00–18:00');
    expect(await refusal.count()).toBe(0);
    const desk = (await reader.get<DeskAnswer[]>('/identity/desks')).find((d) => d.code === 'ANFA-1');
    expect(desk).toMatchObject({ station: 'ST-ANFA', opens: '09:00', closes: '18:00', slotMinutes: 20, slotCapacity: 3, weekdays: [1, 2, 3, 4, 5], ninPrefix: 'BE', location: { lat: 33.5899, lon: -7.632 } });

    // The centre of Rabat, from the list of centres as they stand: its daily capacity changes, the rest stays.
    await page.getByTestId('admin-centre-list').locator('tr[data-centre="RABAT"] button').click();
    const centreForm = page.getByTestId('admin-centre-form');
    await expect.poll(() => centreForm.getAttribute('data-centre')).toBe('RABAT');
    await page.getByTestId('admin-centre-capacity').fill('15000');
    await page.getByTestId('admin-centre-capacity').press('Enter');
    await expect.poll(() => page.getByTestId('admin-centres-notice').textContent()).toBe('تم تعديل المركز RABAT.');
    await expect.poll(() => page.getByTestId('admin-centre-list').locator('tr[data-centre="RABAT"]').getAttribute('data-capacity')).toBe('15000');
    expect(await page.getByTestId('admin-centre-capacity').inputValue()).toBe('15000');
    const centres = await reader.get<{ code: string; name: string; dailyCapacity: number; stock: number }[]>('/identity/centres');
    expect(centres.find((c) => c.code === 'RABAT')).toMatchObject({ name: 'Centre de Rabat', dailyCapacity: 15000, stock: 50000 });
    await expectArabicOnly(page);
    await desks.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-desks-ar');

    // Automatic approval off: the confirmation says what changes; Escape goes back, Enter confirms.
    await page.getByTestId('admin-tab-settings').click();
    const autoApprove = page.getByTestId('admin-rules-auto-approve');
    await expect.poll(() => autoApprove.isChecked()).toBe(true);
    await autoApprove.uncheck();
    await page.getByTestId('admin-rules-save').click();
    const confirm = page.getByTestId('admin-rules-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('الموافقة التلقائية: مفعّلة ← غير مفعّلة');
    await expectArabicOnly(page);
    await screenshot(page, 'admin-rules-ar');
    await page.keyboard.press('Escape');
    await expect.poll(() => confirm.count()).toBe(0);
    expect(await reader.get<{ autoApprove: boolean }>('/identity/rules')).toMatchObject({ autoApprove: true });
    await page.getByTestId('admin-rules-save').press('Enter');
    await confirm.waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('admin-rules-notice').textContent()).toBe('تم حفظ القواعد: تسري ابتداء من الآن.');
    const rules = await reader.get<{ autoApprove: boolean; fees: unknown; validity: unknown }>('/identity/rules');
    expect(rules).toMatchObject({ autoApprove: false, fees: [{ underAge: 12, mad: 50 }, { underAge: null, mad: 75 }], validity: [{ underAge: 12, years: 5 }, { underAge: null, years: 10 }] });
    await expect.poll(() => autoApprove.isChecked()).toBe(false);
    await page.getByTestId('admin-station-list').locator('tr[data-station="ST-ANFA"]').waitFor();
    expect(await page.getByTestId('admin-station-list').locator('tr[data-station="ST-ANFA"]').textContent()).toContain('مفوضية أنفا');
    await expectArabicOnly(page);

    // The desks in French, once.
    await page.getByTestId('language').selectOption('fr');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
    await page.getByTestId('admin-tab-sites').click();
    await expect.poll(() => desks.locator('h2').textContent()).toContain('Bureaux d’enrôlement');
    expect(await page.getByTestId('admin-centre-list').locator('tr[data-centre="RABAT"]').count()).toBe(1);
    await desks.scrollIntoViewIfNeeded();
    await screenshot(page, 'admin-desks-fr');

    // The refusal the test asked for: closing before opening.
    expectNoConsoleErrors({ allow: [/status of 400/] });
  });
});
