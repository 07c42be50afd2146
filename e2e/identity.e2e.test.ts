/**
 * A CNIE from the desk to the issuance centre, in two browsers: the clerk registers a person in the
 * national register (a bad surname refused first), books an appointment for them, opens their application (fee paid) and enrols them; the checks run and, the
 * automatic approval being off, the application waits in the review queue where the clerk approves it.
 * The issuance operator sees it in the queue of the production board, schedules the day, produces the
 * batch and ships it; the clerk's application follows without a reload, and the citizen, on their own
 * page, sees their card on its way to the desk. The desk receives the batch and hands the card over,
 * refusing first a person whose birth date is not the holder's; the card is then valid, until the clerk
 * records it stolen and verification says so. The clerk, the operator and the citizen work in Arabic:
 * every screen they reach shows no Latin word but data (numbers, codes, names typed in Latin), and
 * dates, amounts and document numbers read as the server sent them; the operator guide's French
 * screenshots are taken on the way, the language switched for a moment.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personBody } from '../src/identity/identity.testing.js';
import { browserMissing, expectArabicIndicDigits, expectArabicOnly, expectIsolatedValue, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Browser, type Centre, type Credentials } from './harness.js';

const NIN = 'BE123456';
const DESK = { code: 'CASA-ANFA', name: 'Arrondissement Anfa', location: { lat: 33.5883, lon: -7.6318 }, opens: '08:30', closes: '16:30', slotMinutes: 15, slotCapacity: 2, weekdays: [1, 2, 3, 4, 5, 6, 7], ninPrefix: 'BK' };
const RABAT = { code: 'RABAT', name: 'Centre de production de Rabat', prefix: 'R', location: { lat: 34.0209, lon: -6.8416 }, dailyCapacity: 12_000, stock: 5_000 };

/** Tomorrow in Casablanca: a day whose slots are all ahead, whatever the hour the test runs. */
function tomorrow(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Casablanca', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + 86_400_000));
}

/** A calendar date `YYYY-MM-DD` as a Moroccan office writes it, day first: 1990-05-14 is 14/05/1990. */
function dayFirst(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}/${month}/${year}`;
}

/** Latin digits as Arabic-Indic ones (٠ to ٩), as the console writes them for an operator who asks. */
function arabicIndic(text: string): string {
  return text.replace(/[0-9]/g, (digit) => String.fromCharCode(0x0660 + Number(digit)));
}

type Language = 'ar' | 'fr';

/** Chooses the console's language and waits for the page to follow it. */
async function speak(page: Page, language: Language): Promise<void> {
  await page.getByTestId('language').selectOption(language);
  await expect.poll(() => page.locator('html').getAttribute('dir')).toBe(language === 'ar' ? 'rtl' : 'ltr');
}

/** Does `work` with the console in French (the operator guide's screenshots), then back in Arabic. */
async function inFrench(page: Page, work: () => Promise<void>): Promise<void> {
  await speak(page, 'fr');
  await work();
  await speak(page, 'ar');
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
    await speak(browser.page, 'ar');
    return browser.page;
  }

  /** What the register's API says of an application (as a desk clerk): the values the screens must show. */
  async function served(number: string): Promise<{ feeMad: number; documentNumber: string | null }> {
    return centre.api(await centre.loginToken(registrar.username, registrar.password)).get(`/identity/applications/${number}`);
  }

  it('books, opens, enrols and approves at the desk; the centre produces and ships the card', async () => {
    const clerk = await open('identity-clerk', ['identity-clerk']);
    await expect.poll(() => clerk.locator('main.screen').getAttribute('data-screen')).toBe('identity');
    await clerk.getByTestId('id-free').waitFor();
    await expectArabicOnly(clerk);

    // The person is not in the national register yet: the clerk registers them. A surname with a digit
    // is refused by the server, which names the field; corrected, the record is created.
    const person = personBody(NIN) as Record<string, string>;
    await clerk.getByTestId('id-person-nin').fill(NIN);
    await clerk.getByTestId('id-person-find-submit').click();
    await expect.poll(() => clerk.getByTestId('id-person-error').textContent()).toBe('غير موجود: ربما حُذف أو لم يوجد قط.');
    await clerk.getByTestId('id-person-mode').click();
    for (const field of ['nin', 'surname', 'givenNames', 'surnameAr', 'givenNamesAr', 'birthPlace', 'fatherName', 'motherName', 'address', 'phone']) {
      await clerk.getByTestId(`id-person-${field}`).fill(person[field]!);
    }
    // The birth date is typed day first, whatever the browser's locale; a day the calendar lacks shows as wrong.
    const birthDate = clerk.getByTestId('id-person-birthDate');
    await birthDate.fill('31/02/1990');
    await expect.poll(() => birthDate.getAttribute('aria-invalid')).toBe('true');
    await birthDate.fill(dayFirst(person.birthDate!));
    await expect.poll(() => birthDate.getAttribute('aria-invalid')).toBe('false');
    await clerk.getByTestId('id-person-sex-m').check();
    await clerk.getByTestId('id-person-surname').fill('El Idrissi 2');
    await clerk.getByTestId('id-person-register-submit').click();
    await expect.poll(() => clerk.getByTestId('id-person-surname').getAttribute('aria-invalid')).toBe('true');
    // The message reads in the operator's language, and follows a change of it; the field refused is the one flagged.
    expect(await clerk.getByTestId('id-person-error').textContent()).toBe('أحد الحقول غير صالح: راجع الحقول المشار إليها.');
    await expectArabicOnly(clerk);
    await inFrench(clerk, async () => {
      expect(await clerk.getByTestId('id-person-error').textContent()).toBe('Un champ n’est pas valide : vérifiez les champs signalés.');
    });
    await clerk.getByTestId('id-person-surname').fill(person.surname!);
    await clerk.getByTestId('id-person-register-submit').click();
    await expect.poll(() => clerk.getByTestId('id-person-record').getAttribute('data-nin')).toBe(NIN);
    expect(await clerk.getByTestId('id-toast').textContent()).toBe(`تم تسجيل ${NIN} في السجل الوطني.`);
    // The birth date as the register holds it, day first, not moved by any time zone.
    await expectIsolatedValue(clerk, '[data-testid="id-person-birth-date"]', dayFirst(person.birthDate!));
    await expectArabicOnly(clerk);

    // Their daughter has no number yet: registered without one, the desk gives the first of its letters.
    await clerk.getByTestId('id-person-mode').click();
    const daughter: Record<string, string> = { ...person, givenNames: 'Salma', givenNamesAr: 'سلمى', birthDate: '2016-09-01', phone: '' };
    for (const field of ['surname', 'givenNames', 'surnameAr', 'givenNamesAr', 'birthPlace', 'fatherName', 'motherName', 'address']) {
      await clerk.getByTestId(`id-person-${field}`).fill(daughter[field]!);
    }
    await clerk.getByTestId('id-person-birthDate').fill(dayFirst(daughter.birthDate!));
    await clerk.locator('[data-testid="id-person-register"] input[name="sex"][value="F"]').check();
    await clerk.getByTestId('id-person-register-submit').click();
    await expect.poll(() => clerk.getByTestId('id-person-record').getAttribute('data-nin')).toBe('BK000001');
    await expectIsolatedValue(clerk, '[data-testid="id-person-birth-date"]', '01/09/2016');

    // The appointment, tomorrow, in the first free slot: the day typed day first. The places left are
    // counted as Arabic counts them (one, two, three to ten, eleven and more).
    await clerk.getByTestId('id-day').fill(dayFirst(tomorrow()));
    await expect.poll(() => clerk.getByTestId('id-free').textContent()).toBe('64 مكانا شاغرا في 32 فترة');
    await clerk.getByTestId('id-book-time').locator('option').first().waitFor({ state: 'attached' });
    await clerk.getByTestId('id-book-nin').fill(NIN);
    await clerk.getByTestId('id-book').click();
    await expect.poll(() => clerk.getByTestId('id-toast').textContent()).toBe(`تم حجز موعد لـ ${NIN} على الساعة 08:30.`);
    await clerk.locator(`[data-appointment="${NIN}"][data-status="booked"]`).waitFor();
    await expect.poll(() => clerk.getByTestId('id-free').textContent()).toBe('63 مكانا شاغرا في 32 فترة');
    await expect.poll(() => clerk.getByTestId('id-book-time').locator('option').first().textContent()).toBe('08:30 · مكان شاغر واحد');
    await expectArabicOnly(clerk);

    // The person came: the application, the adult fee already filled in.
    await clerk.getByTestId(`id-open-${NIN}`).click();
    expect(await clerk.getByTestId('id-open-nin').inputValue()).toBe(NIN);
    // Filled in once the fee rules have arrived.
    await expect.poll(() => clerk.getByTestId('id-open-fee').inputValue()).toBe('75');
    await clerk.getByTestId('id-open-reference').fill('PAY-2026-0001');
    await expectArabicOnly(clerk);
    await clerk.getByTestId('id-open-submit').click();
    const detail = clerk.getByTestId('id-detail');
    await expect.poll(() => detail.getAttribute('data-status')).toBe('submitted');
    await clerk.locator(`[data-appointment="${NIN}"][data-status="attended"]`).waitFor();
    const number = (await detail.getAttribute('data-application'))!;
    // The fee paid, as the server recorded it, in dirhams.
    const fee = (await served(number)).feeMad;
    expect(fee).toBe(75);
    await expectIsolatedValue(clerk, '[data-testid="id-fee-amount"]', String(fee));
    expect(await clerk.getByTestId('id-fee-amount').locator('..').textContent()).toContain('75 درهما');
    await expectIsolatedValue(clerk, '[data-testid="id-detail-number"]', number);

    // Enrolment with the console's placeholder portrait and fingerprints; the checks find nobody alike.
    await clerk.getByTestId('id-enrol').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('checked');
    await clerk.locator(`[data-testid="id-review"] [data-application="${number}"]`).waitFor();
    await clerk.getByTestId('id-decision').waitFor();
    await expectArabicOnly(clerk);
    await screenshot(clerk, 'identity-clerk-ar');
    await inFrench(clerk, async () => {
      expect(await clerk.getByTestId('id-fee-amount').locator('..').textContent()).toContain('75 DH');
      await screenshot(clerk, 'identity-clerk-fr');
    });
    await clerk.getByTestId('id-approve').click();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('approved');
    await expect.poll(() => clerk.locator('[data-testid="id-history"] li').evaluateAll((items) => items.map((li) => li.getAttribute('data-to')))).toEqual(['submitted', 'enrolled', 'checked', 'approved']);
    await clerk.getByTestId('id-review').getByText('لا طلب ينتظر قرارا.').waitFor();

    // The issuance centre: one approved application waiting; scheduled, produced, shipped.
    const operator = await open('issuance-operator', ['issuance-operator']);
    await expect.poll(() => operator.locator('main.screen').getAttribute('data-screen')).toBe('issuance');
    await expect.poll(() => operator.getByTestId('tile-queue').getAttribute('data-queue')).toBe('1');
    expect(await operator.getByTestId('centre-online').getAttribute('data-online')).toBe('true');
    // Nothing scheduled yet at Rabat while an application waits: the board says what to do.
    await expect.poll(() => operator.getByTestId('board-empty').getAttribute('data-why')).toBe('notScheduled');
    expect(await operator.getByTestId('board-empty').textContent()).toContain('«برمجة اليوم»');
    await expectArabicOnly(operator);
    await screenshot(operator, 'identity-issuance-empty-ar');
    await inFrench(operator, async () => {
      expect(await operator.getByTestId('board-empty').textContent()).toContain('« Planifier la journée »');
    });
    await operator.getByTestId('schedule').click();
    const batch = operator.locator('[data-batch][data-status="scheduled"]');
    await batch.waitFor();
    const batchId = (await batch.getAttribute('data-batch'))!;
    expect(batchId).toMatch(/^RABAT-\d{8}-0001$/);
    // One card in one batch, in the singular Arabic uses for one.
    await expect.poll(() => operator.getByTestId('id-toast').textContent()).toBe('بُرمجت بطاقة واحدة في دفعة واحدة؛ ما زال في الانتظار: 0.');
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
    await expectIsolatedValue(operator, `[data-batch="${batchId}"] td:first-child bdi`, batchId);
    await expectArabicOnly(operator);
    await screenshot(operator, 'identity-issuance-ar');
    // One card of 12,000 a day: its share, and its percent sign in Arabic-Indic digits when asked.
    const share = operator.getByTestId('capacity-share');
    expect(await share.textContent()).toBe('0,01% من الطاقة اليومية');
    const arabicDigits = operator.locator('header.topbar input[type="checkbox"]');
    await arabicDigits.check();
    await expect.poll(() => share.textContent()).toBe('٠٫٠١٪ من الطاقة اليومية');
    await expectArabicIndicDigits(operator);
    await arabicDigits.uncheck();
    await inFrench(operator, async () => {
      expect(await share.textContent()).toBe('0,01\u00a0% de la capacité du jour');
      await screenshot(operator, 'identity-issuance-fr');
    });

    // The clerk's application followed, through /live: on its way to the desk, with its document number.
    await expect.poll(() => detail.getAttribute('data-status')).toBe('sent_to_station');
    const documentNumber = (await served(number)).documentNumber!;
    expect(documentNumber).toMatch(/^R\d{8}$/);
    await expectIsolatedValue(clerk, '[data-testid="id-document-number"]', documentNumber);
    await clerk.getByTestId('id-verify').locator('input').fill(documentNumber);
    await clerk.getByTestId('id-verify').locator('button').click();
    await expect.poll(() => clerk.getByTestId('id-verdict').textContent()).toContain('في انتظار التسليم');
    await expectIsolatedValue(clerk, '[data-testid="id-verdict-birth-date"]', dayFirst(person.birthDate!));
    await expectArabicOnly(clerk);

    // The citizen, their account linked at the desk, follows their application (in Arabic, right to left).
    const citizenAccount = await centre.createUser(['citizen']);
    await centre.api(await centre.loginToken(registrar.username, registrar.password)).put(`/identity/persons/${NIN}/account`, { username: citizenAccount.username });
    const citizenBrowser = await openBrowser({ operator: 'citizen' });
    browsers.push(citizenBrowser);
    const citizen = citizenBrowser.page;
    await login(citizen, centre, citizenAccount);
    await speak(citizen, 'ar');
    await expect.poll(() => citizen.getByTestId('citizen-status').getAttribute('data-status')).toBe('sent_to_station');
    expect(await citizen.getByTestId('citizen-status').textContent()).toContain('بطاقتك في الطريق إلى شباكك.');
    // The appointment they came to, its day as they booked it.
    await expectIsolatedValue(citizen, '[data-testid="citizen-appointment-day"]', dayFirst(tomorrow()));
    await expectArabicOnly(citizen);
    await screenshot(citizen, 'identity-citizen-ar');
    await inFrench(citizen, async () => {
      await expect.poll(() => citizen.getByTestId('citizen-status').textContent()).not.toContain('بطاقتك');
      await screenshot(citizen, 'identity-citizen-fr');
    });

    // The batch reaches the desk: received, its card waits for its holder ("one card", not "1 cards").
    const deliveries = clerk.getByTestId('id-deliveries');
    await deliveries.locator(`[data-batch="${batchId}"][data-status="shipped"]`).waitFor();
    await clerk.getByTestId(`receive-${batchId}`).click();
    await expect.poll(() => clerk.getByTestId('id-toast').textContent()).toBe(`تم استلام الدفعة ${batchId}: بطاقة واحدة جاهزة للتسليم.`);
    await deliveries.locator(`[data-ready="${number}"][data-document="${documentNumber}"]`).waitFor();
    await expect.poll(() => detail.getAttribute('data-status')).toBe('ready');

    // Hand-over against a check of the person: a birth date the calendar lacks is not even sent; a wrong
    // one is refused and names the field.
    await clerk.getByTestId(`handover-${number}`).click();
    await clerk.getByTestId('id-handover-nin').fill(NIN);
    const handoverBirth = clerk.getByTestId('id-handover-birth');
    await handoverBirth.fill('30/02/1990');
    await expect.poll(() => handoverBirth.getAttribute('aria-invalid')).toBe('true');
    expect(await handoverBirth.evaluate((input) => (input as unknown as { validity: { valid: boolean } }).validity.valid)).toBe(false);
    await handoverBirth.fill('15/05/1990');
    await expect.poll(() => handoverBirth.getAttribute('aria-invalid')).toBe('false');
    await clerk.getByTestId('id-handover-submit').click();
    await clerk.getByTestId('id-handover-refusal').waitFor();
    expect(await clerk.getByTestId('id-handover-refusal').textContent()).toBe('لم تُسلَّم البطاقة: لا يطابق صاحبها — تاريخ الازدياد.');
    expect(await handoverBirth.getAttribute('aria-invalid')).toBe('true');
    expect(await clerk.getByTestId('id-handover-nin').getAttribute('aria-invalid')).toBe('false');
    expect(await detail.getAttribute('data-status')).toBe('ready');
    await expectArabicOnly(clerk);
    await screenshot(clerk, 'identity-handover-ar');
    await inFrench(clerk, async () => {
      expect(await clerk.getByTestId('id-handover-refusal').textContent()).toBe('Carte non remise : ne correspond pas au titulaire — Date de naissance.');
      await handoverBirth.fill(dayFirst(person.birthDate!));
      await screenshot(clerk, 'identity-handover-fr');
    });
    await clerk.getByTestId('id-handover-submit').click();
    await expect.poll(() => clerk.getByTestId('id-toast').textContent()).toBe(`تم تسليم البطاقة ${documentNumber}؛ أصبحت سارية.`);
    await expect.poll(() => detail.getAttribute('data-status')).toBe('delivered');
    await deliveries.getByText('لا توجد بطاقة في انتظار صاحبها.').waitFor();
    await clerk.getByTestId('id-verify').locator('button').click();
    await expect.poll(() => clerk.getByTestId('id-verdict').getAttribute('data-valid')).toBe('true');

    // The holder reports it stolen: the clerk records it, with the reason, and verification says so.
    await clerk.getByTestId('id-card-number').fill(documentNumber);
    await clerk.getByTestId('id-card-find').click();
    await expect.poll(() => clerk.getByTestId('id-card-detail').getAttribute('data-status')).toBe('active');
    expect(await clerk.getByTestId('card-reinstate').count()).toBe(0);
    await expectArabicOnly(clerk);
    await clerk.getByTestId('card-declare_stolen').click();
    await clerk.getByTestId('id-card-reason').fill('Déclaration de vol, commissariat Anfa, PV 2026/1187');
    await clerk.getByTestId('id-card-submit').click();
    await expect.poll(() => clerk.getByTestId('id-card-detail').getAttribute('data-status')).toBe('stolen');
    expect(await clerk.getByTestId('card-declare_stolen').count()).toBe(0);
    await clerk.getByTestId('id-verify').locator('button').click();
    await expect.poll(() => clerk.getByTestId('id-verdict').textContent()).toContain('مصرح بسرقتها');
    expect(await clerk.getByTestId('id-verdict').getAttribute('data-valid')).toBe('false');
    await expectArabicOnly(clerk);

    // The errors the browser logs are the refusals the journey asked for: the person not found, then
    // refused, and the hand-over refused.
    expectNoConsoleErrors({ allow: [new RegExp(`status of 409 .*/identity/applications/${number}/handover`), new RegExp(`status of 404 .*/identity/persons/${NIN}`), /status of 400 .*\/identity\/persons/] });
  });

  it('lets a citizen with no appointment nor application yet book one, in Arabic, with no error in the browser', async () => {
    const nin = 'BE700777';
    const desk = centre.api(await centre.loginToken(registrar.username, registrar.password));
    await desk.post('/identity/persons', personBody(nin));
    const account = await centre.createUser(['citizen']);
    await desk.put(`/identity/persons/${nin}/account`, { username: account.username });
    const browser = await openBrowser({ operator: 'citizen-new' });
    browsers.push(browser);
    const citizen = browser.page;
    await login(citizen, centre, account);
    await speak(citizen, 'ar');
    await expect.poll(() => citizen.getByTestId('citizen-no-appointment').textContent()).not.toBe('');
    await expect.poll(() => citizen.getByTestId('citizen-no-application').textContent()).not.toBe('');
    // The booking form has its desks and slots: every first request answered.
    await expect.poll(() => citizen.getByTestId('citizen-slots').locator('option').count()).toBeGreaterThan(1);
    await expectArabicOnly(citizen);
    await screenshot(citizen, 'identity-citizen-new-ar');

    // Tomorrow, typed day first, at the first free slot (where the first journey's appointment may be).
    const day = tomorrow();
    const slots = await desk.get<{ slots: { time: string; free: number }[] }>(`/identity/desks/${DESK.code}/slots?day=${day}`);
    expect(slots.slots[0]).toMatchObject({ time: '08:30' });
    const places = { 1: 'مكان شاغر واحد', 2: 'مكانان شاغران' }[slots.slots[0]!.free];
    await citizen.getByTestId('citizen-day').fill(dayFirst(day));
    await expect.poll(() => citizen.locator('[data-testid="citizen-slots"] select[name="time"] option').first().textContent()).toBe(`08:30 · ${places}`);
    await citizen.locator('[data-testid="citizen-slots"] button[type="submit"]').click();
    await expect.poll(() => citizen.getByTestId('id-toast').textContent()).toBe(`حُجز موعدك يوم ${dayFirst(day)} على الساعة 08:30.`);
    await expectIsolatedValue(citizen, '[data-testid="citizen-appointment-day"]', dayFirst(day));
    await expectIsolatedValue(citizen, '[data-testid="citizen-appointment-time"]', '08:30');
    // With Arabic-Indic digits, the day reads in them, still day first and isolated.
    await citizen.locator('header.topbar input[type="checkbox"]').check();
    await expectIsolatedValue(citizen, '[data-testid="citizen-appointment-day"]', arabicIndic(dayFirst(day)));
    await expect.poll(() => citizen.getByTestId('citizen-day').inputValue()).toBe(arabicIndic(dayFirst(day)));
    await expectArabicIndicDigits(citizen);
    const booked = await centre.api(await centre.loginToken(account.username, account.password)).get<{ day: string; time: string }[]>('/identity/me/appointments');
    expect(booked.map((appointment) => [appointment.day, appointment.time])).toEqual([[day, '08:30']]);
    await expectArabicOnly(citizen);
    expect(browser.errors.map((error) => error.text)).toEqual([]);
  });

  it('shows a person erased from the register as erased, in Arabic: when, under which text, and no personal data', async () => {
    const erasedNin = 'BE654321';
    const desk = centre.api(await centre.loginToken(registrar.username, registrar.password));
    await desk.post('/identity/persons', personBody(erasedNin));
    await desk.post(`/identity/persons/${erasedNin}/erasure`, { reason: 'Décision CNDP n° 2026-114', legalBasis: 'loi 09-08, article 8' });

    const clerk = await open('identity-clerk-ar', ['identity-clerk']);
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
    // The legal basis is quoted as the server stored it (French), isolated as a text typed by a person.
    await expectArabicOnly(clerk);
  });
});
