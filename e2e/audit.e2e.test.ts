/**
 * The auditor's screen, in Arabic: an identity clerk has read a person's record twice, each time with a
 * reason; the auditor finds who read it, when and why, searches the journal by the clerk's name and
 * saves the page as CSV, and verifies the chain. Then the same screen in French.
 */
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personBody } from '../src/identity/identity.testing.js';
import { browserMissing, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Browser, type Centre, type Credentials } from './harness.js';
import { expectArabicOnly } from './harness.js';
import { expectIsolatedValue } from './harness.js';

const NIN = 'BE123456';
const READS = ['تجديد البطاقة الوطنية', 'vérification d’adresse'] as const;

/** The text of an element without its data tokens and fields: the words the console wrote itself. */
async function ownWords(page: Page, testId: string): Promise<string> {
  return page.getByTestId(testId).evaluate((element) => {
    // The page's DOM, typed here without the DOM library.
    type Node = { cloneNode(deep: boolean): Node; querySelectorAll(selector: string): ArrayLike<{ remove(): void }>; textContent: string | null };
    const copy = (element as unknown as Node).cloneNode(true);
    for (const token of Array.from(copy.querySelectorAll('bdi, input, pre, option'))) token.remove();
    return copy.textContent ?? '';
  });
}

describe.skipIf(browserMissing)("the auditor's screen, in the console", () => {
  let centre: Centre;
  let clerk: Credentials;
  let browser: Browser | undefined;
  const readAt: string[] = [];

  beforeAll(async () => {
    centre = await startCentre();
    const admin = centre.api(await centre.adminToken());
    clerk = await centre.createUser(['identity-clerk']);
    await admin.patch(`/users/${clerk.id}`, { fullName: 'Khadija Benali', fullNameAr: 'خديجة بنعلي' });
    // The clerk registers the person, then reads the record twice, each time saying why.
    const desk = centre.api(await centre.loginToken(clerk.username, clerk.password));
    await desk.post('/identity/persons', personBody(NIN));
    for (const reason of READS) await desk.get(`/identity/persons/${NIN}?reason=${encodeURIComponent(reason)}`);
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await centre?.close();
  });

  it('shows an auditor in Arabic who read a record and why, the journal by actor, and the chain intact; then in French', async () => {
    const auditor = await centre.createUser(['auditor']);
    const auditorApi = centre.api(await centre.loginToken(auditor.username, auditor.password));
    // The auditor works in Arabic: the console opens in Arabic at sign-in.
    await auditorApi.put('/auth/me/language', { language: 'ar' });
    for (const event of await auditorApi.get<{ at: string; type: string }[]>(`/journal?stream=identity-person/${NIN}`)) {
      if (event.type === 'identity_person.read') readAt.push(event.at);
    }
    expect(readAt).toHaveLength(2);

    browser = await openBrowser({ operator: 'auditor', locale: 'ar-MA' });
    const { page } = browser;
    await login(page, centre, auditor);
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    // An auditor lands on the audit screen.
    await expect.poll(() => page.locator('main.screen').getAttribute('data-screen')).toBe('audit');
    expect(await page.locator('header.topbar nav a.active').textContent()).toBe('التدقيق');

    // Who read the record: the number, why the auditor looks, Enter.
    await page.getByTestId('audit-reads-nin').fill(NIN.toLowerCase());
    await page.getByTestId('audit-reads-reason').fill('شكاية رقم 17 لسنة 2026');
    await page.getByTestId('audit-reads-reason').press('Enter');
    const result = page.getByTestId('audit-reads-result');
    await expect.poll(() => result.getAttribute('data-count')).toBe('2');
    expect(await result.getAttribute('data-nin')).toBe(NIN);
    const rows = result.locator('tbody tr');
    const centreTime = new Intl.DateTimeFormat('ar-MA-u-nu-latn', { dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23', timeZone: 'Africa/Casablanca' });
    for (const [index, reason] of READS.entries()) {
      const row = rows.nth(index);
      expect(await row.getAttribute('data-actor')).toBe(`user:${clerk.username}`);
      const text = (await row.textContent()) ?? '';
      expect(text).toContain('خديجة بنعلي');
      expect(text).toContain(reason);
      expect(text).toContain(centreTime.format(new Date(readAt[index]!)));
      expect(text).toContain('السجل، في الشباك');
    }
    expect(await ownWords(page, 'audit-reads')).not.toMatch(/[A-Za-z]/);
    await screenshot(page, 'audit-reads-ar');
    await expectArabicOnly(page);
    // The time of the first read, as the centre's clock gives it, isolated in the Arabic row.
    await expectIsolatedValue(page, '[data-testid="audit-reads-result"] tbody tr:first-child .audit-when', centreTime.format(new Date(readAt[0]!)));
    // The lookup itself is journaled on the person's stream, with the auditor's reason.
    const stream = await auditorApi.get<{ type: string; actor: string; data: { reason?: string } }[]>(`/journal?stream=identity-person/${NIN}`);
    expect(stream.at(-1)).toMatchObject({ type: 'identity_person.reads_listed', actor: `user:${auditor.username}`, data: { reason: 'شكاية رقم 17 لسنة 2026' } });

    // The journal by actor: the clerk's sign-in, the registration and the two reads, in order.
    await page.getByTestId('audit-search-actor').fill(clerk.username);
    await page.getByTestId('audit-search-actor').press('Enter');
    const search = page.getByTestId('audit-search-result');
    await search.waitFor();
    const types = await search.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-type')));
    expect(types.filter((type) => type === 'identity_person.read')).toHaveLength(2);
    expect(types).toContain('identity_person.registered');
    expect(new Set(await search.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-actor'))))).toEqual(new Set([`user:${clerk.username}`]));
    const firstRead = search.locator('tbody tr[data-type="identity_person.read"]').first();
    expect(await firstRead.textContent()).toContain('اطلاع على السجل');
    await firstRead.locator('summary').click();
    expect(await firstRead.locator('pre').getAttribute('dir')).toBe('ltr');
    expect(await firstRead.locator('pre').textContent()).toContain(READS[0]);
    expect(await ownWords(page, 'audit-search')).not.toMatch(/[A-Za-z]/);
    await screenshot(page, 'audit-search-ar');
    await expectArabicOnly(page);

    // The page shown, saved as CSV for an inquiry: a header, then one line per event shown.
    const [saved] = await Promise.all([page.waitForEvent('download'), page.getByTestId('audit-export-csv').click()]);
    const csv = fs.readFileSync((await saved.path())!, 'utf8');
    const lines = csv.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor,type,stream,data,prev_hash,hash');
    expect(lines).toHaveLength(types.length + 1);
    expect(lines.filter((line) => line.includes(',identity_person.read,'))).toHaveLength(2);

    // A date that is not one is refused in Arabic, naming the format; a day-first range finds today's events.
    await page.getByTestId('audit-search-from').fill('2026-03-02');
    await page.getByTestId('audit-search-from').press('Enter');
    await expect.poll(() => page.getByTestId('audit-search-error').textContent()).toContain('اكتب التاريخ بدءا باليوم');
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Casablanca', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date(readAt[0]!));
    await page.getByTestId('audit-search-from').fill(today);
    await page.getByTestId('audit-search-to').fill(today);
    await page.getByTestId('audit-search-type').fill('identity_person.read');
    await page.getByTestId('audit-search-to').press('Enter');
    await expect.poll(() => search.getAttribute('data-count')).toBe('2');
    expect(await page.getByTestId('audit-search-error').count()).toBe(0);

    // The chain, verified: intact up to the last event, the signed anchors checked. The centre signs an
    // anchor every few seconds while events arrive: until one covers the latest events, the chain is
    // reported unanchored, rightly.
    await expect.poll(async () => (await auditorApi.get<{ ok: boolean }>('/journal/verify')).ok, { timeout: 20_000 }).toBe(true);
    await page.getByTestId('audit-verify').click();
    const verdict = page.getByTestId('audit-verdict');
    await expect.poll(() => verdict.getAttribute('data-ok')).toBe('true');
    expect(Number(await verdict.getAttribute('data-head'))).toBeGreaterThanOrEqual(Math.max(...(await auditorApi.get<{ seq: number }[]>(`/journal?stream=identity-person/${NIN}`)).map((e) => e.seq)));
    expect(await verdict.textContent()).toContain('السلسلة سليمة حتى الحدث رقم');
    expect(Number(await page.getByTestId('audit-anchors').getAttribute('data-anchors'))).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('audit-anchors').textContent()).toContain('نقاط الإرساء الموقّعة التي تم التحقق منها');
    expect(await ownWords(page, 'audit-chain')).not.toMatch(/[A-Za-z]/);
    await screenshot(page, 'audit-chain-ar');
    await expectArabicOnly(page);

    // The same screen in French.
    await page.getByTestId('language').selectOption('fr');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.getByTestId('audit-reads-result').textContent()).toContain('Consultations de la fiche');
    expect(await verdict.textContent()).toContain('Chaîne intacte jusqu');
    await screenshot(page, 'audit-fr');

    expectNoConsoleErrors();
  });
});
