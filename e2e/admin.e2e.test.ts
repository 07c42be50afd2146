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
import { browserMissing, expectNoConsoleErrors, openBrowser, screenshot, startCentre, type Browser, type Centre, type Credentials } from './harness.js';
import { expectArabicOnly } from './harness.js';

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
    // The call-taker's map shows the road data's English attribution as is (web/src/map/OpsMap.tsx).
    await expectArabicOnly(other, { allow: [{ within: '.maplibregl-ctrl-attrib', because: 'road data attribution in English (OpsMap.tsx)' }] });
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
