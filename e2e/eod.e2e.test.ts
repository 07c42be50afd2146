/**
 * A suspicious object, in Arabic: the call-taker answers the call and classifies it (object type and
 * place), the incident needs an EOD squad; the dispatcher sees the class from the call, sets the cordon
 * (its two circles drawn on the map, its perimeter and cameras in the panel), sends the squad ranked
 * first, logs the device neutralised, lifts the cordon (the public alert is cancelled) and the squad
 * clears the incident. A squad sent from Rabat, far from the city's road network, gets a straight-line
 * estimate, said as such, on the dispatcher's screen and on its officer's phone, asked again only as it
 * moves.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserMissing, expectArabicOnly, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Browser, type Centre, type ConsoleWindow } from './harness.js';

/** The centre of the generated demo city: a junction of its grid. */
const scene = { lat: 33.5731, lon: -7.5898 };
const squadBase = { lat: 33.5801, lon: -7.6102 };
const patrolBase = { lat: 33.5752, lon: -7.5861 };
/** The EOD base of Rabat, 87 km from the scene, where no road of the centre's network goes. */
const rabatBase = { lat: 34.0209, lon: -6.8416 };

describe.skipIf(browserMissing)('a suspicious object from the call to the cleared scene, in the console', () => {
  let centre: Centre;
  /** The squad's own officer, its crew: the squad's moves are theirs, from their own session. */
  let squadOfficer: { username: string; password: string };
  const browsers: Browser[] = [];

  beforeAll(async () => {
    centre = await startCentre();
    const admin = centre.api(await centre.adminToken());
    squadOfficer = await centre.createUser(['eod-officer']);
    await admin.post('/stations', { code: 'ST-EOD', name: 'EOD base', location: squadBase });
    await admin.post('/stations', { code: 'ST-NEAR', name: 'Near station', location: patrolBase });
    await admin.post('/eod/squads', {
      callSign: 'CASA-EOD-1',
      city: 'Casablanca',
      station: 'ST-EOD',
      crew: [squadOfficer.username],
      equipment: [
        { kind: 'robot', label: 'tEODor robot' },
        { kind: 'x_ray', label: 'Portable x-ray' },
        { kind: 'bomb_suit', label: 'EOD 10 suit' },
      ],
    });
    await admin.post('/units', { callSign: 'P-EOD-1', kind: 'patrol_car', station: 'ST-NEAR' });
    const supervisor = await centre.createUser(['supervisor']);
    const boss = centre.api(await centre.loginToken(supervisor.username, supervisor.password));
    for (const unit of ['CASA-EOD-1', 'P-EOD-1']) await boss.post(`/units/${unit}/status`, { status: 'available' });
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await centre?.close();
  });

  async function open(operator: string, roles: Parameters<Centre['createUser']>[0]): Promise<Page> {
    const who = await centre.createUser(roles);
    const browser = await openBrowser({ operator });
    browsers.push(browser);
    await login(browser.page, centre, who);
    await browser.page.getByTestId('language').selectOption('ar');
    await expect.poll(() => browser.page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dir: string } } }).document.documentElement.dir)).toBe('rtl');
    return browser.page;
  }

  /** The zones of the cordons the map draws (its `cordons` source). */
  const cordonZones = (page: Page) =>
    page.evaluate(async () => {
      const source = (globalThis as unknown as ConsoleWindow).amaneMap?.getSource('cordons');
      if (source === undefined) return [];
      return (await source.getData()).features.map((f) => `${String(f.properties.zone)}:${String(f.properties.radiusM)}`);
    });

  it('takes the call, draws the cordon, sends the squad, and clears the scene', async () => {
    const telephony = await centre.device('pbx-eod', 'telephony');
    const dispatch = await open('dispatcher-eod', ['dispatcher']);
    await expect.poll(() => dispatch.getByTestId('live-state').getAttribute('data-state')).toBe('live');
    const calls = await open('call-taker-eod', ['call-taker']);
    await calls.getByTestId('go-ready').click();
    await expect.poll(() => calls.getByTestId('my-state').getAttribute('data-state')).toBe('ready');

    // The call: a suitcase left at a bus stop; the call-taker classifies it and says where it lies.
    const callId = `e2e-eod-${Date.now()}`;
    await centre.api(telephony).post('/telephony/calls', { callId, callerNumber: '+212522000333', trunk: 'T1', location: { ...scene, radiusM: 30 } });
    await calls.locator(`[data-call="${callId}"]`).waitFor();
    await calls.keyboard.press('F2');
    await calls.getByTestId('current-call').waitFor();
    await calls.getByTestId('type').selectOption('suspicious_object');
    await calls.locator('select[name="q-object_type"]').selectOption('package');
    await calls.locator('select[name="q-object_position"]').selectOption('street');
    await calls.getByTestId('summary').fill('حقيبة متروكة في محطة الحافلات');
    await calls.keyboard.press('F4');
    await calls.getByTestId('call-done').waitFor();
    const number = /[A-Z]{2,8}-\d{4}-\d{6,}/.exec((await calls.getByTestId('call-done').textContent()) ?? '')?.[0];
    expect(number).toBeDefined();
    await centre.api(telephony).post(`/telephony/calls/${callId}/hangup`);

    // The dispatcher opens it: the EOD panel, the class from the call, the squad first.
    const row = dispatch.locator(`tr[data-incident="${number}"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    const panel = dispatch.getByTestId('eod-panel');
    await panel.waitFor();
    await expect.poll(() => panel.getByTestId('eod-class-state').getAttribute('data-class')).toBe('briefcase_suitcase');
    expect(await panel.getByTestId('eod-class-state').getAttribute('data-confirmed')).toBe('false');
    await panel.locator('[data-squad="CASA-EOD-1"]').waitFor();
    expect(await panel.locator('[data-squad="CASA-EOD-1"]').getAttribute('data-degraded')).toBe('false');
    // Patrols are still recommended beside the squad (the EOD need is the squad's).
    await dispatch.locator('[data-recommended="P-EOD-1"]').waitFor();

    // The cordon: two circles on the map, its perimeter and state in the panel.
    await panel.getByTestId('eod-set-cordon').click();
    await expect.poll(() => panel.getByTestId('eod-cordon').getAttribute('data-state')).toBe('active');
    await expect.poll(() => cordonZones(dispatch)).toEqual(['preferred:564', 'mandatory:46']);
    await expect.poll(async () => Number(await panel.getByTestId('eod-closed').getAttribute('data-count'))).toBeGreaterThan(0);
    expect(await panel.getByTestId('eod-perimeter').locator('[data-perimeter]').count()).toBeGreaterThan(3);
    expect(await panel.getByTestId('eod-cap').getAttribute('data-msg-type')).toBe('Alert');
    expect(await panel.textContent()).toContain('الطوق الأمني');
    await screenshot(dispatch, 'eod-cordon-ar');
    // Distances, road classes, the alert's kind and the squads' names in the panel read in Arabic.
    await expectArabicOnly(dispatch);

    // The squad is sent, reaches the scene and neutralises the device.
    await panel.getByTestId('eod-send-CASA-EOD-1').click();
    await dispatch.locator('[data-assigned="CASA-EOD-1"]').waitFor();
    await expect.poll(() => dispatch.getByTestId('incident-status').locator('[data-status]').getAttribute('data-status')).toBe('dispatched');
    const eodCrew = centre.api(await centre.loginToken(squadOfficer.username, squadOfficer.password));
    // An EOD officer who is not of the squad's crew cannot move it: the squad moves by its own crew only.
    const outsider = centre.api(await centre.loginToken(...(await credentials(centre, ['eod-officer']))));
    expect((await outsider.request('POST', '/units/CASA-EOD-1/status', { status: 'en_route' })).status).toBe(403);
    expect(await eodCrew.post('/units/CASA-EOD-1/status', { status: 'en_route' })).toMatchObject({ callSign: 'CASA-EOD-1', status: 'en_route' });
    expect(await eodCrew.post('/units/CASA-EOD-1/status', { status: 'on_scene' })).toMatchObject({ callSign: 'CASA-EOD-1', status: 'on_scene' });
    await expect.poll(() => dispatch.getByTestId('incident-status').locator('[data-status]').getAttribute('data-status')).toBe('on_scene');
    await panel.getByTestId('eod-neutralised-CASA-EOD-1').click();
    await expect.poll(() => panel.locator('[data-deployment="CASA-EOD-1"]').getAttribute('data-outcome')).toBe('neutralised');

    // The cordon is lifted (the public alert cancelled, the circles gone), the squad leaves: cleared.
    await panel.getByTestId('eod-lift-reason').fill('تم تحييد العبوة');
    await panel.getByTestId('eod-lift-cordon').click();
    await expect.poll(() => panel.getByTestId('eod-cordon').getAttribute('data-state')).toBe('lifted');
    await expect.poll(() => panel.getByTestId('eod-cap').getAttribute('data-msg-type')).toBe('Cancel');
    await expect.poll(() => cordonZones(dispatch)).toEqual([]);
    expect(await eodCrew.post('/units/CASA-EOD-1/status', { status: 'available' })).toMatchObject({ callSign: 'CASA-EOD-1', status: 'available' });
    await expect.poll(() => dispatch.getByTestId('incident-status').locator('[data-status]').getAttribute('data-status')).toBe('cleared');
    await expect.poll(() => panel.locator('[data-deployment="CASA-EOD-1"]').getAttribute('data-cleared')).toBe('true');
    await expectArabicOnly(dispatch);

    expectNoConsoleErrors();
  });

  it('estimates in a straight line, said as such, the way of a squad coming from another city, and asks no more than it moves', async () => {
    const admin = centre.api(await centre.adminToken());
    const rabatOfficer = await centre.createUser(['eod-officer']);
    await admin.post('/stations', { code: 'ST-RABAT', name: 'Rabat', location: rabatBase });
    await admin.post('/eod/squads', { callSign: 'RABAT-EOD-1', city: 'Rabat', station: 'ST-RABAT', crew: [rabatOfficer.username], equipment: [{ kind: 'robot', label: 'tEODor robot' }] });
    const crew = centre.api(await centre.loginToken(rabatOfficer.username, rabatOfficer.password));
    const fix = (place: { lat: number; lon: number }) => crew.post('/avl/positions', { fixes: [{ callSign: 'RABAT-EOD-1', ...place, at: new Date().toISOString() }] });
    expect(await crew.post('/units/RABAT-EOD-1/status', { status: 'available' })).toMatchObject({ status: 'available' });
    expect(await fix(rabatBase)).toMatchObject({ accepted: 1 });
    const dispatcher = await centre.createUser(['dispatcher']);
    const desk = centre.api(await centre.loginToken(dispatcher.username, dispatcher.password));
    const incident = await desk.post<{ number: string }>('/incidents', { type: 'suspicious_object', answers: { object_type: 'package', object_position: 'street' }, location: scene, summary: 'حقيبة متروكة قرب المحطة' });
    await desk.post(`/incidents/${incident.number}/eod/assign`, { squad: 'RABAT-EOD-1' });

    /** Every answer to a route request a page got. */
    const routeAnswers = (page: Page) => {
      const answers: number[] = [];
      page.on('response', (response) => {
        if (new URL(response.url()).pathname === '/roads/route') answers.push(response.status());
      });
      return answers;
    };

    // The dispatcher, in Arabic: the squad's way is a straight-line estimate, labelled, no error.
    const dispatch = await open('dispatcher-intercity', ['dispatcher']);
    const desksAnswers = routeAnswers(dispatch);
    const row = dispatch.locator(`tr[data-incident="${incident.number}"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    const estimate = dispatch.getByTestId('straight-line-RABAT-EOD-1');
    await estimate.waitFor();
    expect(await estimate.textContent()).toContain('في خط مستقيم');
    expect(await estimate.textContent()).toContain('خارج شبكة الطرق');
    await screenshot(dispatch, 'eod-intercity-estimate-ar');
    await expectArabicOnly(dispatch);

    // The squad's officer, on a phone in French: the same, on the squad board.
    const phoneBrowser = await openBrowser({ operator: 'eod-officer-rabat' });
    browsers.push(phoneBrowser);
    const phone = phoneBrowser.page;
    await phone.setViewportSize({ width: 390, height: 844 });
    const phoneAnswers = routeAnswers(phone);
    await login(phone, centre, rabatOfficer);
    await phone.getByTestId('language').selectOption('fr');
    const route = phone.getByTestId('eod-my-route');
    await expect.poll(() => route.getAttribute('data-state')).toBe('ready');
    await phone.getByTestId('eod-my-route-estimate').waitFor();
    expect(await route.textContent()).toContain('vol d’oiseau');
    await route.scrollIntoViewIfNeeded();
    await screenshot(phone, 'eod-intercity-estimate-fr');

    // Standing still, neither asks again (the 15 s between two asks have passed); once the squad has
    // driven on, each asks once more. Every answer is a 200: nothing for the browser to log.
    const asked = [desksAnswers.length, phoneAnswers.length];
    expect(Math.min(...asked)).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 17_000));
    expect([desksAnswers.length, phoneAnswers.length]).toEqual(asked);
    // 500 m nearer, at a believable speed since the first fix.
    expect(await fix({ lat: rabatBase.lat - 0.0045, lon: rabatBase.lon })).toMatchObject({ accepted: 1 });
    await expect.poll(() => desksAnswers.length, { timeout: 20_000 }).toBe(asked[0]! + 1);
    await expect.poll(() => phoneAnswers.length, { timeout: 20_000 }).toBe(asked[1]! + 1);
    expect([...desksAnswers, ...phoneAnswers].every((status) => status === 200)).toBe(true);
    expectNoConsoleErrors();
  }, 180_000);
});

async function credentials(centre: Centre, roles: Parameters<Centre['createUser']>[0]): Promise<[string, string]> {
  const user = await centre.createUser(roles);
  return [user.username, user.password];
}
