/**
 * A suspicious object seen by the two roles that work around the dispatcher: the EOD officer of the squad
 * sent, on a phone in Arabic, lands on the squad board with the assignment first (class, distances,
 * cordon, route) and moves the deployment on scene; the traffic operator, at a desk in Arabic, sees the
 * roads the cordon closes on the map and in the list of closures, with the incident number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserMissing, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Browser, type Centre, type ConsoleWindow, type Credentials } from './harness.js';
import { expectArabicOnly } from './harness.js';

/** A junction of the generated demo city's grid, and two bases near it. */
const scene = { lat: 33.5731, lon: -7.5898 };
const squadBase = { lat: 33.5801, lon: -7.6102 };
const trafficBase = { lat: 33.5752, lon: -7.5861 };
/** Where the squad is on its way, inside the city's streets (its base lies off the demo city's roads). */
const squadOnTheWay = { lat: 33.5672, lon: -7.5995 };

describe.skipIf(browserMissing)('a suspicious object on the squad board and on the traffic screen', () => {
  let centre: Centre;
  let squadOfficer: Credentials;
  let number: string;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    centre = await startCentre();
    const admin = centre.api(await centre.adminToken());
    squadOfficer = await centre.createUser(['eod-officer']);
    const trafficOfficer = await centre.createUser(['field-officer']);
    await admin.post('/stations', { code: 'ST-EOD', name: 'EOD base', location: squadBase });
    await admin.post('/stations', { code: 'ST-TRF', name: 'Traffic base', location: trafficBase });
    await admin.post('/eod/squads', {
      callSign: 'CASA-EOD-1',
      city: 'Casablanca',
      station: 'ST-EOD',
      crew: [squadOfficer.username],
      equipment: [
        { kind: 'robot', label: 'tEODor robot' },
        { kind: 'x_ray', label: 'Portable x-ray', readiness: 'maintenance' },
        { kind: 'bomb_suit', label: 'EOD 10 suit' },
      ],
    });
    await admin.post('/units', { callSign: 'TRF-1', kind: 'traffic_unit', station: 'ST-TRF', crew: [trafficOfficer.username] });
    const supervisor = await centre.createUser(['supervisor']);
    const boss = centre.api(await centre.loginToken(supervisor.username, supervisor.password));
    for (const unit of ['CASA-EOD-1', 'TRF-1']) await boss.post(`/units/${unit}/status`, { status: 'available' });

    // Each crew reports its own unit's position.
    const at = new Date().toISOString();
    await centre.api(await centre.loginToken(squadOfficer.username, squadOfficer.password)).post('/avl/positions', { fixes: [{ callSign: 'CASA-EOD-1', ...squadOnTheWay, at }] });
    await centre.api(await centre.loginToken(trafficOfficer.username, trafficOfficer.password)).post('/avl/positions', { fixes: [{ callSign: 'TRF-1', lat: 33.5745, lon: -7.5905, at }] });

    // The incident as the call-taker would have made it, its cordon set and the squad sent by the dispatcher.
    const dispatcher = await centre.createUser(['dispatcher']);
    const desk = centre.api(await centre.loginToken(dispatcher.username, dispatcher.password));
    const incident = await desk.post<{ number: string }>('/incidents', {
      type: 'suspicious_object',
      answers: { object_type: 'package', object_position: 'street', wires_or_smell: false },
      location: scene,
      address: 'Boulevard de la Liberté',
      summary: 'حقيبة متروكة قرب محطة الحافلات',
    });
    number = incident.number;
    const picture = await desk.post<{ cordon: { status: string; closedSegments: number } }>(`/incidents/${number}/cordon`, {});
    expect(picture.cordon).toMatchObject({ status: 'active' });
    expect(picture.cordon.closedSegments).toBeGreaterThan(0);
    await desk.post(`/incidents/${number}/eod/assign`, { squad: 'CASA-EOD-1' });
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await centre?.close();
  });

  async function open(operator: string, who: Credentials, viewport?: { width: number; height: number }): Promise<Page> {
    const browser = await openBrowser({ operator });
    browsers.push(browser);
    if (viewport !== undefined) await browser.page.setViewportSize(viewport);
    await login(browser.page, centre, who);
    await inLanguage(browser.page, 'ar');
    return browser.page;
  }

  async function inLanguage(page: Page, language: 'ar' | 'fr'): Promise<void> {
    await page.getByTestId('language').selectOption(language);
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dir: string } } }).document.documentElement.dir)).toBe(language === 'ar' ? 'rtl' : 'ltr');
  }

  it("lands the squad's officer, on a phone, on the squad board with the assignment first, and moves the deployment on scene", async () => {
    const phone = await open('eod-officer', squadOfficer, { width: 390, height: 844 });
    await expect.poll(() => phone.locator('main.screen').getAttribute('data-screen')).toBe('eod');
    const board = phone.getByTestId('eod-board');
    await expect.poll(() => board.getAttribute('data-squad')).toBe('CASA-EOD-1');

    // The assignment comes first: the incident, its class and distances, the cordon in force, the road there.
    const mine = phone.getByTestId('eod-my-squad');
    expect(await phone.locator('.board-scroll > *').first().getAttribute('data-testid')).toBe('eod-my-squad');
    await expect.poll(() => mine.getByTestId('eod-my-assignment').getAttribute('data-incident')).toBe(number);
    await expect.poll(() => mine.getByTestId('eod-my-class').getAttribute('data-class')).toBe('briefcase_suitcase');
    await expect.poll(() => mine.getByTestId('eod-my-cordon').getAttribute('data-state')).toBe('active');
    await expect.poll(() => mine.getByTestId('eod-my-route').getAttribute('data-state')).toBe('ready');
    const text = (await mine.textContent()) ?? '';
    expect(text).toContain('الطوق الأمني');
    expect(text).toContain('Boulevard de la Liberté');
    expect(text).toContain('46 م');
    expect(text).toContain('564 م');
    // Every squad, its kit with each item's state, the cordon with its closed roads.
    const squad = phone.locator('[data-squad-card="CASA-EOD-1"]');
    expect(await squad.locator('[data-equipment="x_ray"]').getAttribute('data-readiness')).toBe('maintenance');
    expect(await squad.textContent()).toContain(squadOfficer.username);
    await expect.poll(async () => Number(await phone.getByTestId('eod-cordons').locator(`[data-closure="${number}"]`).getAttribute('data-roads'))).toBeGreaterThan(0);
    // Nothing sticks out sideways on a 390 px phone.
    expect(await phone.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone, 'eod-board-assignment-ar');
    await expectArabicOnly(phone);

    // On scene, from the big button under the thumb: the unit moves, and the deployment's step with it.
    await phone.getByTestId('field-status-on_scene').click();
    await expect.poll(() => mine.getAttribute('data-status')).toBe('on_scene');
    await expect.poll(() => mine.getByTestId('eod-my-steps').getAttribute('data-step')).toBe('on_scene');
    await mine.getByTestId('eod-my-steps').scrollIntoViewIfNeeded();
    await screenshot(phone, 'eod-board-on-scene-ar');
    await expectArabicOnly(phone);

    // The device is neutralised: logged on the deployment.
    await mine.getByTestId('eod-my-neutralised').click();
    await expect.poll(() => mine.getByTestId('eod-my-steps').getAttribute('data-outcome')).toBe('neutralised');
    expect(await mine.getByTestId('eod-my-steps').getAttribute('data-step')).toBe('neutralised');
    await screenshot(phone, 'eod-board-neutralised-ar');
    await expectArabicOnly(phone);

    await inLanguage(phone, 'fr');
    await phone.locator('.board-scroll').evaluate((element) => ((element as unknown as { scrollTop: number }).scrollTop = 0));
    await expect.poll(async () => (await mine.textContent()) ?? '').toContain('Périmètre de sécurité');
    await screenshot(phone, 'eod-board-fr');
    expectNoConsoleErrors();
  });

  it('shows the traffic operator, at a desk, the closed roads on the map and in the list with the incident number', async () => {
    const traffic = await centre.createUser(['traffic-operator']);
    const desk = await open('traffic-operator', traffic);
    await expect.poll(() => desk.locator('main.screen').getAttribute('data-screen')).toBe('traffic');
    // The closures' tab says how many are in force before it is opened.
    await expect.poll(async () => desk.getByTestId('traffic-tab-closures').locator('.count').textContent()).toBe('1');
    await desk.getByTestId('traffic-tab-closures').click();

    const closure = desk.locator(`[data-closure="${number}"]`);
    await closure.waitFor();
    expect(await closure.textContent()).toContain(number);
    expect(Number(await closure.getAttribute('data-roads'))).toBeGreaterThan(0);
    expect(await closure.locator('[data-road]').count()).toBe(Number(await closure.getAttribute('data-roads')));
    expect(await closure.textContent()).toContain('46 م');

    // On the map: the closed segments, the two circles, the traffic unit with its call sign.
    const features = (source: string) =>
      desk.evaluate(async (id) => {
        const map = (globalThis as unknown as ConsoleWindow).amaneMap;
        const found = map?.getSource(id);
        return found === undefined ? -1 : (await found.getData()).features.length;
      }, source);
    await expect.poll(() => features('closures')).toBe(Number(await closure.getAttribute('data-segments')));
    await expect.poll(() => features('cordons')).toBe(2);
    await desk.locator('[data-unit-label="TRF-1"]').waitFor();
    await desk.getByTestId(`closure-show-${number}`).click();
    await desk.getByTestId('traffic-tab-units').click();
    await desk.locator('[data-traffic-unit="TRF-1"]').waitFor();
    // The map's flight ends before the picture.
    await expect.poll(() => desk.evaluate(() => (globalThis as unknown as ConsoleWindow & { amaneMap?: { isMoving(): boolean } }).amaneMap?.isMoving() === false)).toBe(true);
    await screenshot(desk, 'traffic-closures-ar');
    await expectArabicOnly(desk);

    await inLanguage(desk, 'fr');
    await desk.getByTestId('traffic-tab-closures').click();
    await expect.poll(async () => (await desk.getByTestId('traffic-closures').textContent()) ?? '').toContain('Voies fermées');
    await screenshot(desk, 'traffic-closures-fr');
    expectNoConsoleErrors();
  });
});
