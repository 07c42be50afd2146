/**
 * An operator who reads Arabic-Indic digits gets them everywhere a figure of ours is written: the
 * supervisor's tiles, charts and tables, the dispatcher's times, distances and counts. The check fails
 * on a Latin figure planted in the screen and leaves data tokens (call signs, incident numbers) alone.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, expectArabicIndicDigits, expectArabicOnly, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Browser, type Centre, type Credentials } from './harness.js';

const SCENE = { lat: 33.5731, lon: -7.5898 };

describe.skipIf(browserMissing)('Arabic-Indic digits, when the operator reads them', () => {
  let centre: Centre;
  let number: string;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    centre = await startCentre();
    const admin = centre.api(await centre.adminToken());
    await admin.post('/stations', { code: 'ST-DIGITS', name: 'Digits station', location: { lat: 33.5752, lon: -7.5861 } });
    const supervisor = await centre.createUser(['supervisor']);
    const supervisorApi = centre.api(await centre.loginToken(supervisor.username, supervisor.password));
    await supervisorApi.post('/units', { callSign: 'P-D1', kind: 'patrol_car', station: 'ST-DIGITS' });
    await supervisorApi.post('/units/P-D1/status', { status: 'available' });
    // A call answered and an incident opened from it: the supervisor's figures have something to show.
    const telephony = await centre.device('pbx-digits', 'telephony');
    const calltaker = await centre.createUser(['call-taker']);
    const takerApi = centre.api(await centre.loginToken(calltaker.username, calltaker.password));
    await takerApi.post('/call-takers/me/state', { state: 'ready' });
    await centre.api(telephony).post('/telephony/calls', { callId: 'digits-1', callerNumber: '+212522000444', trunk: 'T1', location: { ...SCENE, radiusM: 60 } });
    await takerApi.post('/calls/next');
    const created = await takerApi.post<{ incidentNumber: string }>('/calls/digits-1/incident', { type: 'assault', answers: {}, summary: 'شجار أمام المقهى' });
    number = created.incidentNumber;
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await centre?.close();
  });

  /** Signs `who` in, in Arabic, and turns Arabic-Indic digits on from the shell's own switch. */
  async function openInArabicDigits(operator: string, who: Credentials): Promise<Page> {
    await centre.api(await centre.loginToken(who.username, who.password)).put('/auth/me/language', { language: 'ar' });
    const browser = await openBrowser({ operator, locale: 'ar-MA' });
    browsers.push(browser);
    await login(browser.page, centre, who);
    await expect.poll(() => browser.page.getByTestId('live-state').getAttribute('data-state')).toBe('live');
    await browser.page.locator('label.digits input[type="checkbox"]').check();
    return browser.page;
  }

  it('writes every figure of the supervisor’s screen in Arabic-Indic digits', async () => {
    const page = await openInArabicDigits('supervisor-digits', await centre.createUser(['supervisor']));
    await page.getByTestId('district-heat').waitFor();
    await expect.poll(() => page.getByTestId('kpi-answer15').getAttribute('data-value'), { timeout: 10_000 }).toBe('100');
    await screenshot(page, 'supervisor-arabic-digits');
    await expectArabicIndicDigits(page);
    await expectArabicOnly(page);
  });

  it('writes the dispatcher’s times, distances and counts in Arabic-Indic digits, data tokens as they are', async () => {
    const page = await openInArabicDigits('dispatcher-digits', await centre.createUser(['dispatcher']));
    const row = page.locator(`tr[data-incident="${number}"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    await page.locator('[data-recommended="P-D1"]').waitFor();
    await screenshot(page, 'dispatcher-arabic-digits');
    await expectArabicIndicDigits(page);
    // The timeline's numbers are the style sheet's list markers, not text: they follow the digits too.
    const markers = await page.locator('ol.timeline').first().evaluate((list) => {
      const view = (list as unknown as { ownerDocument: { defaultView: { getComputedStyle(e: unknown): { listStyleType: string } } } }).ownerDocument.defaultView;
      return view.getComputedStyle(list).listStyleType;
    });
    expect(markers).toBe('arabic-indic');

    // A Latin figure planted among ours is found, with where it is; a call sign beside it is not.
    await page.getByTestId('incident-panel').evaluate((element) => {
      (element as unknown as { insertAdjacentHTML(where: string, html: string): void }).insertAdjacentHTML('beforeend', '<p data-testid="planted">المسافة 42 كم <bdi>P-D1</bdi></p>');
    });
    await expect(expectArabicIndicDigits(page)).rejects.toThrow('"42" <p> in [data-testid="planted"]');
    await expect(expectArabicIndicDigits(page)).rejects.not.toThrow('"1"');
    expectNoConsoleErrors();
  });
});
