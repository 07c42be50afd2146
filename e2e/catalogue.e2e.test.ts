/**
 * The supervisor's incident type catalogue, in Arabic: a type's base priority, Arabic name, a required
 * capability and a question's French wording are changed and saved after a confirmation, and reach
 * `GET /incident-types`; an empty name is refused by the centre, which names the field, and nothing of it
 * is saved; Escape leaves a confirmation without saving. Then the same screen in French.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserMissing, expectArabicOnly, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Api, type Browser, type Centre, type Credentials } from './harness.js';

interface Labels {
  readonly ar: string;
  readonly fr: string;
  readonly en: string;
}
interface TypeAnswer {
  readonly code: string;
  readonly labels: Labels;
  readonly commonType?: string;
  readonly defaultPriority: string;
  readonly capabilities: readonly string[];
  readonly questions: readonly { readonly id: string; readonly labels: Labels }[];
}

describe.skipIf(browserMissing)("the supervisor's incident type catalogue, in Arabic", () => {
  let centre: Centre;
  let supervisor: Credentials;
  let api: Api;
  let browser: Browser | undefined;

  beforeAll(async () => {
    centre = await startCentre();
    supervisor = await centre.createUser(['supervisor']);
    api = centre.api(await centre.loginToken(supervisor.username, supervisor.password));
    await api.put('/auth/me/language', { language: 'ar' });
  });
  afterAll(async () => {
    await browser?.close();
    await centre?.close();
  });

  it('changes a type’s priority, names and capabilities, shows the refusal of an empty name with its field, and saves only what was confirmed', async () => {
    const typeOf = async (code: string) => (await api.get<TypeAnswer[]>('/incident-types')).find((type) => type.code === code);
    const before = await api.get<TypeAnswer[]>('/incident-types');
    const noise = before.find((type) => type.code === 'noise')!;
    expect(noise).toMatchObject({ defaultPriority: 'P4', labels: { ar: 'الإزعاج / الضوضاء', fr: 'Tapage' }, capabilities: [] });

    browser = await openBrowser({ operator: 'supervisor', locale: 'ar-MA' });
    const { page } = browser;
    await page.goto(`${centre.url}/#/catalogue`);
    await login(page, centre, supervisor);
    await page.locator('main[data-screen="catalogue"]').waitFor();
    expect(await page.locator('header.topbar nav').textContent()).toContain('أنواع الحوادث');
    const list = page.getByTestId('catalogue-list');
    await expect.poll(() => list.locator('tbody tr').count()).toBe(before.length);
    await expectArabicOnly(page);

    // The noise type: P4 becomes P3, a new Arabic name, the intervention brigade, a question reworded in French.
    const row = list.locator('tr[data-type="noise"]');
    await row.getByRole('button', { name: 'الإزعاج / الضوضاء' }).click();
    const editor = page.getByTestId('catalogue-editor');
    await expect.poll(() => editor.getAttribute('data-type')).toBe('noise');
    await page.getByTestId('catalogue-priority').selectOption('P3');
    await page.getByTestId('catalogue-capability-intervention').check();
    await page.getByTestId('catalogue-questions.0.labels.fr').fill('Entre 22 h et 6 h du matin ?');
    await page.getByTestId('catalogue-labels.ar').fill('الإزعاج الليلي / الضوضاء');
    await page.getByTestId('catalogue-labels.ar').press('Enter');
    const confirm = page.getByTestId('catalogue-confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('حفظ النوع الإزعاج الليلي / الضوضاء: يعتمده متلقو المكالمات ابتداء من مكالمتهم الموالية.');
    await expectArabicOnly(page);
    await screenshot(page, 'catalogue-ar');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('catalogue-notice').textContent()).toBe('تم حفظ النوع الإزعاج الليلي / الضوضاء: يعتمده متلقو المكالمات ابتداء من مكالمتهم الموالية.');
    await expect.poll(() => row.getAttribute('data-priority')).toBe('P3');
    expect(await row.textContent()).toContain('فرقة التدخل');

    const saved = await typeOf('noise');
    expect(saved).toMatchObject({ defaultPriority: 'P3', labels: { ar: 'الإزعاج الليلي / الضوضاء', fr: 'Tapage', en: 'Noise' }, capabilities: ['intervention'], commonType: 'NOISE' });
    expect(saved?.questions[0]?.labels).toEqual({ ...noise.questions[0]!.labels, fr: 'Entre 22 h et 6 h du matin ?' });
    // The other types went back as they were.
    const after = await api.get<TypeAnswer[]>('/incident-types');
    expect(after.filter((type) => type.code !== 'noise')).toEqual(before.filter((type) => type.code !== 'noise'));

    // An empty French name: the centre refuses the catalogue and names the field; the cursor goes there.
    await page.getByTestId('catalogue-labels.fr').fill('');
    await page.getByTestId('catalogue-labels.fr').press('Enter');
    await confirm.waitFor();
    await page.keyboard.press('Enter');
    const refusal = page.getByTestId('catalogue-error');
    await expect.poll(() => refusal.textContent()).toBe('مرفوض: تحقق من الحقل «التسمية بالفرنسية» في النوع «الإزعاج الليلي / الضوضاء».');
    expect(await refusal.getAttribute('data-field')).toBe('labels.fr');
    expect(await page.getByTestId('catalogue-labels.fr').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(name: string): string | null } | null } }).document.activeElement?.getAttribute('name'))).toBe('labels.fr');
    expect((await typeOf('noise'))?.labels.fr).toBe('Tapage');
    await expectArabicOnly(page);
    await screenshot(page, 'catalogue-refused-ar');

    // A confirmation left with Escape saves nothing; the changes are then undone.
    await page.getByTestId('catalogue-labels.fr').fill('Tapage nocturne');
    await page.getByTestId('catalogue-labels.fr').press('Enter');
    await confirm.waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => confirm.count()).toBe(0);
    expect((await typeOf('noise'))?.labels.fr).toBe('Tapage');
    await editor.getByRole('button', { name: 'التراجع عن التغييرات' }).click();
    expect(await page.getByTestId('catalogue-labels.fr').inputValue()).toBe('Tapage');

    // The same screen in French.
    await page.getByTestId('language').selectOption('fr');
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('ltr');
    await expect.poll(() => page.getByTestId('catalogue-types').locator('h2').textContent()).toContain('Catalogue des types d’incidents');
    expect(await editor.textContent()).toContain('Questionnaire');
    await screenshot(page, 'catalogue-fr');

    // The refusal the test asked for.
    expectNoConsoleErrors({ allow: [/status of 400/] });
  });
});
