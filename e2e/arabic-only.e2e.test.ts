/**
 * The check that an Arabic screen shows no stray Latin word: it passes on the auditor's screen in
 * Arabic, and fails, naming the word and where it is, when an English label is planted in it; data
 * tokens, keys, typed values and hidden text planted beside it are not read.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, expectArabicOnly, expectIsolatedValue, expectNoConsoleErrors, login, openBrowser, startCentre, type Browser, type Centre } from './harness.js';

/** Adds `html` at the end of the element with test id `testId` (the page's DOM, typed without the DOM library). */
async function plant(page: Page, testId: string, html: string): Promise<void> {
  await page.getByTestId(testId).evaluate((element, markup) => {
    (element as unknown as { insertAdjacentHTML(where: string, html: string): void }).insertAdjacentHTML('beforeend', markup);
  }, html);
}

describe.skipIf(browserMissing)('the check that an Arabic screen reads in Arabic alone', () => {
  let centre: Centre;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    centre = await startCentre();
    const auditor = await centre.createUser(['auditor'], { username: 'auditor07' });
    await centre.api(await centre.loginToken(auditor.username, auditor.password)).put('/auth/me/language', { language: 'ar' });
    browser = await openBrowser({ operator: 'auditor', locale: 'ar-MA' });
    page = browser.page;
    await login(page, centre, auditor);
    await page.getByTestId('audit').waitFor();
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await centre?.close();
  });

  it('passes on the Arabic screen, whose user name is isolated as data', async () => {
    await expectArabicOnly(page);
  });

  it('fails on an English label planted in the screen, naming the words and where they are', async () => {
    await plant(
      page,
      'audit',
      [
        '<p data-testid="planted"><span>Dispatch now</span> ',
        '<bdi>CASA-2026-000123</bdi> <span dir="ltr">CASA-PC-12</span> <span data-token>calltaker04</span> ',
        '<kbd>Enter</kbd> <input value="Typed Latin"> <span hidden>Hidden words</span> <span style="visibility:hidden">Invisible</span></p>',
      ].join(''),
    );
    const failure = await expectArabicOnly(page).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(Error);
    const message = (failure as Error).message;
    expect(message).toContain('"Dispatch" <span> in [data-testid="planted"]: "Dispatch now"');
    expect(message).toContain('"now" <span> in [data-testid="planted"]: "Dispatch now"');
    for (const data of ['CASA', 'calltaker', 'Enter', 'Typed', 'Hidden', 'Invisible']) expect(message).not.toContain(data);
  });

  it('lets a word through only where it is allowed', async () => {
    await expectArabicOnly(page, { allow: [{ word: /Dispatch|now/, within: '[data-testid="planted"]', because: 'planted by this test' }] });
    await expect(expectArabicOnly(page, { allow: [{ word: /Dispatch/, within: '[data-testid="planted"]', because: 'one word only' }] })).rejects.toThrow(/"now"/);
    await expect(expectArabicOnly(page, { allow: [{ word: /Dispatch|now/, within: 'header.topbar', because: 'elsewhere' }] })).rejects.toThrow(/"Dispatch"/);
  });

  it('checks that a value keeps its logical order, isolated from the right-to-left text', async () => {
    await plant(page, 'planted', '<bdi data-testid="planted-coordinates">33.58912, -7.60340</bdi><span data-testid="planted-loose">33.58912, -7.60340</span>');
    await expectIsolatedValue(page, '[data-testid="planted-coordinates"]', '33.58912, -7.60340');
    await expect(expectIsolatedValue(page, '[data-testid="planted-loose"]', '33.58912, -7.60340')).rejects.toThrow(/not isolated/);
    expectNoConsoleErrors();
  });
});
