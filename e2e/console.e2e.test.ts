import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, expectNoConsoleErrors, type ConsoleWindow, login, openBrowser, screenshot, startCentre, type Centre } from './harness.js';

describe('the web console', () => {
  let centre: Centre;
  beforeAll(async () => {
    centre = await startCentre();
  });
  afterAll(async () => {
    await centre?.close();
  });

  it('is served at / from the build, with its settings, and no file outside the build', async () => {
    const index = await fetch(`${centre.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await index.text();
    const script = /<script type="module" crossorigin src="(\/assets\/[\w.-]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    // Bodies are read to the end: an unread one keeps its connection busy, and the server's close waits for it.
    const asset = await fetch(`${centre.url}${script}`);
    expect([asset.status, asset.headers.get('content-type'), (await asset.text()).length > 1_000]).toEqual([200, 'text/javascript; charset=utf-8', true]);

    const unknown = await fetch(`${centre.url}/assets/x.js`);
    expect([unknown.status, (await unknown.json()) as unknown]).toMatchObject([404, { code: 'not_found' }]);
    const settings = await fetch(`${centre.url}/console/settings`);
    expect(settings.status).toBe(200);
    expect(await settings.json()).toMatchObject({ cityCode: 'CASA', timeZone: 'Africa/Casablanca', map: { rasterTiles: null, styleUrl: null } });
  });

  it.skipIf(browserMissing)('shows the login page, then a dispatcher the top bar and the map', async () => {
    const dispatcher = await centre.createUser(['dispatcher']);
    const browser = await openBrowser({ operator: 'dispatcher' });
    try {
      const { page } = browser;
      await page.goto(`${centre.url}/`);
      await page.locator('input[name="username"]').waitFor();
      await screenshot(page, 'login');
      expectNoConsoleErrors();

      await login(page, centre, dispatcher);
      await expect.poll(() => page.getByTestId('who').textContent()).toContain('Test Person');
      await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as ConsoleWindow).amaneMap?.loaded() ?? false), { timeout: 20_000 }).toBe(true);
      await expect.poll(() => page.getByTestId('live-state').getAttribute('data-state')).toBe('live');
      expectNoConsoleErrors();
    } finally {
      await browser.close();
    }
  });

  it.skipIf(browserMissing)('says in Arabic why a sign-in is refused: a wrong password, then a locked account', async () => {
    const clerk = await centre.createUser(['call-taker']);
    const browser = await openBrowser({ operator: 'locked-out' });
    try {
      const { page } = browser;
      await page.goto(`${centre.url}/`);
      await page.getByRole('button', { name: 'العربية' }).click();
      await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
      const attempt = async (password: string) => {
        await page.locator('input[name="username"]').fill(clerk.username);
        await page.locator('input[name="password"]').fill(password);
        await page.locator('form button[type="submit"]').click();
      };
      await attempt('not-the-password');
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('اسم المستخدم أو كلمة المرور غير صحيحة، أو الحساب معطّل.');
      for (let i = 0; i < 4; i += 1) {
        await attempt(`still-not-it-${i}`);
        await page.waitForResponse((response) => response.url().endsWith('/auth/login'));
      }
      await attempt(clerk.password);
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('إنه مقفل');
      const shown = (await page.getByRole('alert').textContent()) ?? '';
      // Arabic only: no Latin word of a server message slipped in.
      expect(shown).not.toMatch(/[A-Za-z]/);
      expect(shown).toContain('الدقائق المتبقية قبل إعادة المحاولة: 10');
      await screenshot(page, 'login-locked-ar');
      expect(page.url()).toBe(`${centre.url}/`);
      // The browser reports each refused request; nothing else went wrong.
      expectNoConsoleErrors({ allow: [/status of 401/, /status of 429/] });
    } finally {
      await browser.close();
    }
  });

  it.skipIf(browserMissing)('shows the API description at /docs under its strict CSP without a console error', async () => {
    const browser = await openBrowser({ operator: 'api-reader' });
    try {
      const { page } = browser;
      const response = await page.goto(`${centre.url}/docs`);
      expect(response?.status()).toBe(200);
      // Strict, not silenced: no inline script or style is allowed on the viewer's page either.
      expect(response?.headers()['content-security-policy']).toMatch(/style-src 'self'[^;]*;/);
      expect(response?.headers()['content-security-policy']).not.toContain('unsafe-inline');
      await page.locator('.opblock').first().waitFor();
      expect(await page.locator('.info .title').textContent()).toContain('Amane API');
      // Opening an operation and trying it renders its form and highlighted answer: more of the viewer's code.
      await page.locator('.opblock-summary', { hasText: '/health' }).first().click();
      await page.locator('.try-out__btn').first().click();
      await page.locator('.execute').first().click();
      await expect.poll(() => page.locator('.live-responses-table tr.response .response-col_status').first().textContent()).toContain('200');
      // A round trip to the page: every console message sent before it has reached the test.
      await page.evaluate(() => 0);
      expectNoConsoleErrors();
    } finally {
      await browser.close();
    }
  });
});
