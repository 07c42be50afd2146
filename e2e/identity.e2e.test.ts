/**
 * A CNIE from the desk to the issuance centre, in two browsers: the clerk registers a person in the
 * national register (a bad surname refused first), books an appointment for them, opens their application (fee paid) and enrols them; the checks run and, the
 * automatic approval being off, the application waits in the review queue where the clerk approves it.
 * The issuance operator sees it in the queue of the production board, schedules the day, produces the
 * batch and ships it; the clerk's application follows without a reload, and the citizen, on their own
 * page, sees their card on its way to the desk. The desk receives the batch and hands the card over,
 * refusing first a person whose birth date is not the holder's; the card is then valid, until the clerk
 * records it stolen and verification says so.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personBody } from '../src/identity/identity.testing.js';
import { browserMissing, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Browser, type Centre, type Credentials } from './harness.js';
import { expectArabicOnly } from './harness.js';

const NIN = 'BE123456';
const DESK = { code: 'CASA-ANFA', name: 'Arrondissement Anfa', location: { lat: 33.5883, lon: -7.6318 }, opens: '08:30', closes: '16:30', slotMinutes: 15, slotCapacity: 2, weekdays: [1, 2, 3, 4, 5, 6, 7], ninPrefix: 'BK' };
const RABAT = { code: 'RABAT', name: 'Centre de production de Rabat', prefix: 'R', location: { lat: 34.0209, lon: -6.8416 }, dailyCapacity: 12_000, stock: 5_000 };

/** Tomorrow in Casablanca: a day whose slots are all ahead, whatever the hour the test runs. */
function tomorrow(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + 86_400_000));
}

describe.skipIf(browserMissing)('a CNIE application from the desk to the issuance centre, in the console', () => {
  let centre: Centre;
  let registrar: Credentials;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    centre = await startCentre();
    const admin = centre.api(await centre.adminToken());
    await admin.post('/identity/centres', RABAT);
    await admin.post('/identity/desks', DESK);
    // An officer decides every application: the review queue is part of the journey.
    const rules = await admin.get<Record<string, unknown>>('/identity/rules');
    await admin.put('/identity/rules', { ...rules, autoApprove: false });
    // Who links the citizen's account to the record, later.
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
    await browser.page.getByTestId('language').selectOption('fr');
    return browser.page;
  }

  it('books, opens, enrols and approves at the desk; the centre produces and ships the card', async () => {
    const clerk = await open('identity-clerk', ['identity-clerk']);
    await expect.poll(() => clerk.locator('main.screen').getAttribute('data-screen')).toBe('identity');

    // The person is not in the national register yet: the clerk registers them. A surname with a digit
    // is refused by the server, which names the field; corrected, the record is created.
    const person = personBody(NIN) as Record<string, string>;
    await clerk.getByTestId('id-person-nin').fill(NIN);
    await clerk.getByTestId('id-person-find-submit').click();
    await clerk.getByTestId('id-person-error').waitFor();
    await clerk.getByTestId('id-person-mode').click();
    for (const field of ['nin', 'surname', 'givenNames', 'surnameAr', 'givenNamesAr', 'birthDate', 'birthPlace', 'fatherName', 'motherName', 'address', 'phone']) {
      await clerk.getByTestId(`id-person-${field}`).fill(person[field]!);
    }
    await clerk.getByTestId('id-person-sex-m').check();
    await clerk.getByTestId('id-person-surname').fill('El Idrissi 2');
    await clerk.getByTestId('id-person-register-submit').click();
    await expect.poll(() => clerk.getByTestId('id-person-surname').getAttribute('aria-invalid')).toBe('true');
    // The message reads in the operator's language; the field refused is the one flagged.
    expect(await clerk.getByTestId('id-person-error').textContent()).toBe('Un champ n’est pas valide : vérifiez les champs signalés.');
    await clerk.getByTestId('id-person-surname').fill(person.surname!);
    await clerk.getByTestId('id-person-register-submit').click();
    await expect.poll(() => clerk.getByTestId('id-person-record').getAttribute('data-nin')).toBe(NIN);
    expect(await clerk.getByTestId('id-toast').textContent()).toContain(`${NIN} inscrit au registre national`);

    // Their daughter has no number yet: registered without one, the desk gives the first of its letters.
    await clerk.getByTestId('id-person-mode').click();
    const daughter: Record<string, string> = { ...person, givenNames: 'Salma', givenNamesAr: 'سلمى', birthDate: '2016-09-01', phone: '' };
    for (const field of ['surname', 'givenNames', 'surnameAr', 'givenNamesAr', 'birthDate', 'birthPlace', 'fatherName', 'motherName', 'address']) {
      await clerk.getByTestId(`id-person-${field}`).fill(daughter[field]!);
    }
    await clerk.locator('[data-testid="id-person-register"] input[name="sex"][value="F"]').check();
    await clerk.getByTestId('id-person-register-submit').click();
    await expect.poll(() => clerk.getByTestId('id-person-record').getAttribute('data-nin')).toBe('BK000001');

    // The appointment, tomorrow, in the first free slot.
    await clerk.getByTestId('id-day').fill(tomorrow());
    await clerk.getByTestId('id-book-time').locator('option').first().waitFor({ state: 'attached' });
    await clerk.getByTestId('id-book-nin').fill(NIN);
    await clerk.getByTestId('id-book').click();
    await clerk.locator(`[data-appointment="${NIN}"][data-status="booked"]`).waitFor();
    expect(await clerk.getByTestId('id-toast').textContent()).toContain(`Rendez-vous réservé pour ${NIN}`);

    // The person came: the application, the adult fee already filled in.
    await clerk.getByTestId(`id-open-${NIN}`).click();
    expect(await clerk.getByTestId('id-open-nin').inputValue()).toBe(NIN);
    // Filled in once the fee rules have arrived.
    await expect.poll(() => clerk.getByTestId('id-open-fee').inputValue()).toBe('75');
    await clerk.getByTestId('id-open-reference').fill('PAY-2026-0001');
    await clerk.getByTestId('id-open-submit').click();
    const detail = clerk.getByTestId('id-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('submitted');
    await clerk.locator(`[data-appointment="${NIN}"][data-status="attended"]`).waitFor();

    // Enrolment with the console's placeholder portrait and fingerprints; the checks find nobody alike.
    await clerk.getByTestId('id-enrol').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('checked');
    const number = (await detail.getAttribute('data-application'))!;
    await clerk.locator(`[data-testid="id-review"] [data-application="${number}"]`).waitFor();
    await clerk.getByTestId('id-decision').waitFor();
    await screenshot(clerk, 'identity-clerk-fr');
    await clerk.getByTestId('id-approve').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('approved');
    await expect.poll(() => clerk.locator('[data-testid="id-history"] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-to')))).toEqual(['submitted', 'enrolled', 'checked', 'approved']);
    await clerk.getByTestId('id-review').getByText('Aucune demande n’attend de décision.').waitFor();

    // The issuance centre: one approved application waiting; scheduled, produced, shipped.
    const operator = await open('issuance-operator', ['issuance-operator']);
    await expect.poll(() => operator.locator('main.screen').getAttribute('data-screen')).toBe('issuance');
    await expect.poll(() => operator.getByTestId('tile-queue').getAttribute('data-queue')).toBe('1');
    expect(await operator.getByTestId('centre-online').getAttribute('data-online')).toBe('true');
    // Nothing scheduled yet at Rabat while an application waits: the board says what to do.
    await expect.poll(() => operator.getByTestId('board-empty').getAttribute('data-why')).toBe('notScheduled');
    expect(await operator.getByTestId('board-empty').textContent()).toContain('Planifier la journée');
    await operator.getByTestId('language').selectOption('ar');
    await expect.poll(() => operator.getByTestId('board-empty').textContent()).toContain('برمجة اليوم');
    await screenshot(operator, 'identity-issuance-empty-ar');
    await operator.getByTestId('language').selectOption('fr');
    await operator.getByTestId('schedule').click();
    const batch = operator.locator('[data-batch][data-status="scheduled"]');
    await batch.waitFor();
    const batchId = (await batch.getAttribute('data-batch'))!;
    expect(batchId).toMatch(/^RABAT-\d{8}-0001$/);
    await expect.poll(() => operator.getByTestId('tile-queue').getAttribute('data-queue')).toBe('0');
    expect(await operator.getByTestId('board-empty').count()).toBe(0);
    await operator.getByTestId(`produce-${batchId}`).click();
    await operator.locator(`[data-batch="${batchId}"][data-status="produced"]`).waitFor();
    await operator.getByTestId(`ship-${batchId}`).click();
    await operator.locator(`[data-batch="${batchId}"][data-status="shipped"]`).waitFor();
    // The figures count the card produced this year at Rabat, and the wait before each step.
    await expect.poll(() => operator.getByTestId('stats-total').getAttribute('data-total')).toBe('1');
    expect(await operator.locator('[data-testid="stats-produced"] td[data-centre="RABAT"]').first().textContent()).toBe('1');
    expect(await operator.locator('[data-testid="stats-waiting"] tr[data-to="produced"]').count()).toBe(1);
    await screenshot(operator, 'identity-issuance-fr');

    // The clerk's application followed, through /live: on its way to the desk, with its document number.
    await expect.poll(() => detail.getAttribute('data-status')).toBe('sent_to_station');
    const documentNumber = (await clerk.getByTestId('id-document-number').textContent())!.trim();
    expect(documentNumber).toMatch(/^R\d{8}$/);
    await clerk.getByTestId('id-verify').locator('input').fill(documentNumber);
    await clerk.getByTestId('id-verify').locator('button').click();
    await expect.poll(() => clerk.getByTestId('id-verdict').textContent()).toContain('en attente de remise');

    // The citizen, their account linked at the desk, follows their application (in Arabic, right to left).
    const citizenAccount = await centre.createUser(['citizen']);
    await centre.api(await centre.loginToken(registrar.username, registrar.password)).put(`/identity/persons/${NIN}/account`, { username: citizenAccount.username });
    const citizenBrowser = await openBrowser({ operator: 'citizen' });
    browsers.push(citizenBrowser);
    const citizen = citizenBrowser.page;
    await login(citizen, centre, citizenAccount);
    await citizen.getByTestId('language').selectOption('ar');
    await expect.poll(() => citizen.getByTestId('citizen-status').getAttribute('data-status')).toBe('sent_to_station');
    expect(await citizen.getByTestId('citizen-status').textContent()).toContain('بطاقتك في الطريق إلى شباكك.');
    expect(await citizen.evaluate(() => (globalThis as unknown as { document: { documentElement: { dir: string } } }).document.documentElement.dir)).toBe('rtl');
    await screenshot(citizen, 'identity-citizen-ar');
    // ApplicationPanel.tsx writes the flat fee's currency as "MAD" in every language.
    // The citizen's screen shows the NIN and the application number outside <bdi> (CitizenScreen.tsx).
    await expectArabicOnly(citizen, {
      allow: [
        { word: /MAD/, within: '[data-testid="id-open-form"]', because: 'currency code hard-coded (ApplicationPanel.tsx)' },
        { word: /BE|CNIE/, within: '[data-testid="citizen"]', because: 'NIN and application number not isolated (CitizenScreen.tsx)' },
      ],
    });

    // The batch reaches the desk: received, its card waits for its holder.
    const deliveries = clerk.getByTestId('id-deliveries');
    await deliveries.locator(`[data-batch="${batchId}"][data-status="shipped"]`).waitFor();
    await clerk.getByTestId(`receive-${batchId}`).click();
    await deliveries.locator(`[data-ready="${number}"][data-document="${documentNumber}"]`).waitFor();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('ready');

    // Hand-over against a check of the person: a wrong birth date is refused and names the field.
    await clerk.getByTestId(`handover-${number}`).click();
    await clerk.getByTestId('id-handover-nin').fill(NIN);
    await clerk.getByTestId('id-handover-birth').fill('1990-05-15');
    await clerk.getByTestId('id-handover-submit').click();
    await clerk.getByTestId('id-handover-refusal').waitFor();
    expect(await clerk.getByTestId('id-handover-refusal').textContent()).toBe('Carte non remise : ne correspond pas au titulaire — Date de naissance.');
    expect(await clerk.getByTestId('id-handover-birth').getAttribute('aria-invalid')).toBe('true');
    expect(await clerk.getByTestId('id-handover-nin').getAttribute('aria-invalid')).toBe('false');
    expect(await detail.getAttribute('data-status')).toBe('ready');
    await clerk.getByTestId('id-handover-birth').fill('1990-05-14');
    await screenshot(clerk, 'identity-handover-fr');
    await clerk.getByTestId('id-handover-submit').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('delivered');
    expect(await clerk.getByTestId('id-toast').textContent()).toContain(`Carte ${documentNumber} remise`);
    await deliveries.getByText('Aucune carte n’attend son titulaire.').waitFor();
    await clerk.getByTestId('id-verify').locator('button').click();
    await expect.poll(() => clerk.getByTestId('id-verdict').getAttribute('data-valid')).toBe('true');

    // The holder reports it stolen: the clerk records it, with the reason, and verification says so.
    await clerk.getByTestId('id-card-number').fill(documentNumber);
    await clerk.getByTestId('id-card-find').click();
    await expect.poll(() => clerk.getByTestId('id-card-detail').getAttribute('data-status')).toBe('active');
    expect(await clerk.getByTestId('card-reinstate').count()).toBe(0);
    await clerk.getByTestId('card-declare_stolen').click();
    await clerk.getByTestId('id-card-reason').fill('Déclaration de vol, commissariat Anfa, PV 2026/1187');
    await clerk.getByTestId('id-card-submit').click();
    await expect.poll(() => clerk.getByTestId('id-card-detail').getAttribute('data-status')).toBe('stolen');
    expect(await clerk.getByTestId('card-declare_stolen').count()).toBe(0);
    await clerk.getByTestId('id-verify').locator('button').click();
    await expect.poll(() => clerk.getByTestId('id-verdict').textContent()).toContain('déclarée volée');
    expect(await clerk.getByTestId('id-verdict').getAttribute('data-valid')).toBe('false');

    // The errors the browser logs are the refusals the journey asked for: the person not found, then
    // refused, and the hand-over refused.
    expectNoConsoleErrors({ allow: [new RegExp(`status of 409 .*/identity/applications/${number}/handover`), new RegExp(`status of 404 .*/identity/persons/${NIN}`), /status of 400 .*\/identity\/persons/] });
  });

  it('shows a citizen with no appointment nor application yet what they have, with no error in the browser', async () => {
    const nin = 'BE700777';
    const desk = centre.api(await centre.loginToken(registrar.username, registrar.password));
    await desk.post('/identity/persons', personBody(nin));
    const account = await centre.createUser(['citizen']);
    await desk.put(`/identity/persons/${nin}/account`, { username: account.username });
    const browser = await openBrowser({ operator: 'citizen-new' });
    browsers.push(browser);
    const citizen = browser.page;
    await login(citizen, centre, account);
    await citizen.getByTestId('language').selectOption('ar');
    await expect.poll(() => citizen.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => citizen.getByTestId('citizen-no-appointment').textContent()).not.toBe('');
    await expect.poll(() => citizen.getByTestId('citizen-no-application').textContent()).not.toBe('');
    // The booking form has its desks and slots: every first request answered.
    await expect.poll(() => citizen.getByTestId('citizen-slots').locator('option').count()).toBeGreaterThan(1);
    await screenshot(citizen, 'identity-citizen-new-ar');
    expect(browser.errors.map((error) => error.text)).toEqual([]);
  });

  it('shows a person erased from the register as erased, in Arabic: when, under which text, and no personal data', async () => {
    const erasedNin = 'BE654321';
    const desk = centre.api(await centre.loginToken(registrar.username, registrar.password));
    await desk.post('/identity/persons', personBody(erasedNin));
    await desk.post(`/identity/persons/${erasedNin}/erasure`, { reason: 'Décision CNDP n° 2026-114', legalBasis: 'loi 09-08, article 8' });

    const clerk = await open('identity-clerk-ar', ['identity-clerk']);
    await clerk.getByTestId('language').selectOption('ar');
    await expect.poll(() => clerk.locator('html').getAttribute('dir')).toBe('rtl');
    await clerk.getByTestId('id-person-nin').fill(erasedNin);
    await clerk.getByTestId('id-person-find-submit').click();
    const erased = clerk.getByTestId('id-person-erased');
    await expect.poll(() => erased.getAttribute('data-nin')).toBe(erasedNin);
    const text = (await erased.textContent()) ?? '';
    expect(text).toContain('loi 09-08, article 8');
    // Nothing of the person is shown, nor anything to act on.
    const person = personBody(erasedNin) as Record<string, string>;
    for (const value of [person.surname!, person.surnameAr!, person.address!, person.birthPlace!]) expect(text).not.toContain(value);
    expect(await clerk.getByTestId('id-person-open').count()).toBe(0);
    await screenshot(clerk, 'identity-erased-ar');
    // The erased record shows the legal basis as the server stored it (French) and the NIN outside a <bdi>.
    await expectArabicOnly(clerk, {
      allow: [
        { word: /loi|article|BE/, within: '[data-testid="id-person-erased"]', because: 'legal basis untranslated, NIN not isolated (identity screens)' },
        // The desk's lists show application numbers, NINs and delivery numbers outside <bdi> (ClerkScreen's lists).
        { word: /CNIE|BE|RABAT/, within: '[data-testid="id-desk-applications"], [data-testid="id-deliveries"]', because: 'numbers not isolated (identity desk lists)' },
      ],
    });
  });
});
