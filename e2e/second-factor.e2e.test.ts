import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endIdleSessionsNow } from '../src/core/auth/session.service.js';
import { totpCode } from '../src/core/auth/totp.js';
import { browserMissing, expectNoConsoleErrors, openBrowser, screenshot, startCentre, type Centre } from './harness.js';
import { expectArabicOnly } from './harness.js';

/** Waits for the next 30-second step of the codes: a code is taken once, so the next sign-in needs a new one. */
async function nextCodeStep(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 30_000 - (Date.now() % 30_000) + 300));
}

describe('two-step sign-in and the idle lock in the console', () => {
  let centre: Centre;
  beforeAll(async () => {
    centre = await startCentre({ env: { AMANE_TOTP_REQUIRED: 'on' } });
  });
  afterAll(async () => {
    await centre?.close();
  });

  it.skipIf(browserMissing)('leads a supervisor in Arabic to enrol a second factor from the key shown as text, then signs them out and in with a code', async () => {
    const supervisor = await centre.createUser(['supervisor']);
    // A person who works in Arabic: their console opens in Arabic at every sign-in.
    await centre.api(await centre.loginToken(supervisor.username, supervisor.password)).put('/auth/me/language', { language: 'ar' });
    const browser = await openBrowser({ operator: 'supervisor-totp', locale: 'ar-MA' });
    try {
      const { page } = browser;
      await page.goto(`${centre.url}/`);
      await page.getByRole('button', { name: 'العربية' }).click();
      await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
      await page.locator('input[name="username"]').fill(supervisor.username);
      await page.locator('input[name="password"]').fill(supervisor.password);
      await page.locator('form button[type="submit"]').click();

      // The role requires a second factor: the console shows nothing but the enrolment.
      const enrolment = page.getByTestId('totp-enrolment');
      await enrolment.waitFor();
      await page.getByTestId('totp-qr').waitFor();
      await expect.poll(() => page.getByTestId('totp-secret').textContent()).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
      expect(await page.locator('header.topbar').count()).toBe(0);
      const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/ /g, '');
      // Arabic only, the key aside: no English word on the screen.
      const words = ((await enrolment.textContent()) ?? '').replace(/[A-Z2-7]{4}( [A-Z2-7]{4}){7}/, '');
      expect(words).not.toMatch(/[A-Za-z]/);
      expect(words).toContain('دورك يستلزم الدخول على خطوتين');
      await screenshot(page, 'totp-enrol-ar');
      await expectArabicOnly(page);

      // A wrong code first, then the app's code: the console opens the supervisor's screens.
      await page.getByTestId('totp-code').fill('000000');
      await page.getByRole('button', { name: 'تفعيل الدخول على خطوتين' }).click();
      await expect.poll(() => enrolment.getByRole('alert').last().textContent()).toContain('هذا ليس الرمز الذي يعرضه التطبيق الآن');
      await page.getByTestId('totp-code').fill(totpCode(secret, new Date()));
      await page.getByRole('button', { name: 'تفعيل الدخول على خطوتين' }).click();
      await page.locator('header.topbar').waitFor();
      await expect.poll(() => page.getByTestId('totp-menu').getAttribute('data-state')).toBe('active');
      await expect.poll(() => page.getByTestId('live-state').getAttribute('data-state')).toBe('live');
      // The top bar leads to the factor's page, which says since when it is on.
      await page.getByTestId('totp-menu').click();
      const active = page.getByTestId('totp-active');
      await active.waitFor();
      expect((await active.textContent()) ?? '').not.toMatch(/[A-Za-z]/);
      expect(await active.textContent()).toContain('الدخول على خطوتين مفعّل لحسابك منذ');
      await screenshot(page, 'totp-active-ar');
      await expectArabicOnly(page);

      await page.getByRole('button', { name: 'تسجيل الخروج' }).click();
      await page.locator('input[name="username"]').waitFor();
      await nextCodeStep();
      await page.locator('input[name="username"]').fill(supervisor.username);
      await page.locator('input[name="password"]').fill(supervisor.password);
      await page.locator('form button[type="submit"]').click();
      // The password was right: the console asks for the code, in Arabic.
      const codeField = page.getByTestId('login-code');
      await codeField.waitFor();
      expect(await codeField.getAttribute('dir')).toBe('ltr');
      const form = (await page.locator('.login form').textContent()) ?? '';
      expect(form.replace(/(Français|English)/g, '')).not.toMatch(/[A-Za-z]/);
      expect(form).toContain('حسابك محمي بالدخول على خطوتين');
      await codeField.fill(totpCode(secret, new Date()));
      await screenshot(page, 'totp-login-code-ar');
      await expectArabicOnly(page);
      await page.locator('form button[type="submit"]').click();
      await page.locator('header.topbar').waitFor();
      await expect.poll(() => page.getByTestId('who').getAttribute('data-roles')).toBe('supervisor');
      // The page itself reported only the refusals the journey asked for (the wrong code, the code asked).
      expectNoConsoleErrors({ allow: [/status of 400/, /status of 401/] });
    } finally {
      await browser.close();
    }
  });

  it.skipIf(browserMissing)('sends a console left unused back to the sign-in page, saying why in Arabic', async () => {
    const dispatcher = await centre.createUser(['dispatcher']);
    await centre.api(await centre.loginToken(dispatcher.username, dispatcher.password)).put('/auth/me/language', { language: 'ar' });
    const browser = await openBrowser({ operator: 'idle-dispatcher', locale: 'ar-MA' });
    try {
      const { page } = browser;
      await page.goto(`${centre.url}/`);
      await page.locator('input[name="username"]').fill(dispatcher.username);
      await page.locator('input[name="password"]').fill(dispatcher.password);
      await page.locator('form button[type="submit"]').click();
      await expect.poll(() => page.getByTestId('live-state').getAttribute('data-state')).toBe('live');
      // Half an hour without a request, as the database records it; then the minute's sweep runs.
      const longAgo = new Date(Date.now() - 31 * 60_000).toISOString();
      await centre.core.db.updateTable('session').set({ last_seen_at: longAgo }).where('revoked_at', 'is', null).execute();
      // (A request of the console still loading may find it idle first: it is then ended by that request.)
      await endIdleSessionsNow(centre.core);
      const notice = page.getByTestId('signed-out-notice');
      await notice.waitFor();
      expect(await notice.textContent()).toBe('سُجّل خروجك لأن الواجهة بقيت دون نشاط مدة طويلة. سجّل الدخول من جديد.');
      expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
      await screenshot(page, 'session-idle-ar');
      await expectArabicOnly(page);
      // A request still loading when the session ended is refused, and the browser reports it.
      expectNoConsoleErrors({ allow: [/status of 401/] });
    } finally {
      await browser.close();
    }
  });
});
