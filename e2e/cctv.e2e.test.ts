/**
 * A camera alarm through the centre, as the CCTV operator and the dispatcher live it, in two browsers:
 * Frigate reports a person over MQTT (its own `frigate/events` message, on the embedded broker, with a
 * device token); the alarm reaches the operator's queue without a reload, goes on the video wall (a
 * journaled view) and becomes an incident; the dispatcher sees the incident arrive and, opening it, the
 * cameras that see its place, the one that raised the alarm first, and turns the PTZ one towards it.
 * Then the wall in every layout and an incident's cameras pulled up by its number, and a stolen-vehicle
 * plate read by Frigate made an incident. All in Arabic: every screen reached shows no Latin word but
 * data (camera ids and names, zones, plates, numbers), each isolated; the guide's French pictures are
 * taken by switching the language.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEvents } from '../src/core/journal.repository.js';
import type { CameraAlarm } from '../src/cameras/alarm.js';
import type { Incident } from '../src/incidents/incident.js';
import { browserMissing, expectArabicOnly, expectIsolatedValue, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Api, type Browser, type Centre, type ConsoleWindow } from './harness.js';

/** The scene, near the demo city's centre, and the cameras around it (metres → degrees at 33.57° N). */
const scene = { lat: 33.5731, lon: -7.5898 };
const north = (m: number) => m / 111_320;
const east = (m: number) => m / (111_320 * Math.cos((scene.lat * Math.PI) / 180));
const FRIGATE = 'http://frigate.cctv.local:5000';
const CONTROLLER = 'ptz-controller-e2e';
/** A time as the console shows it in Arabic (Western digits, the centre's clock). */
const arabicTime = new Intl.DateTimeFormat('ar-MA-u-nu-latn', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZone: 'Africa/Casablanca' });

/** A Frigate `frigate/events` message, as docs.frigate.video/integrations/mqtt documents it. */
function frigateEvent(type: 'new' | 'update' | 'end', camera: string, id: string, label: string, score: number) {
  const now = Date.now() / 1_000;
  const object = {
    id,
    camera,
    frame_time: now,
    snapshot: { frame_time: now, box: [424, 500, 536, 712], area: 23_744, region: [264, 450, 667, 853], score, attributes: [] },
    label,
    sub_label: null,
    top_score: score,
    false_positive: false,
    start_time: now - 1.5,
    end_time: type === 'end' ? now : null,
    score,
    box: [424, 500, 536, 712],
    area: 23_744,
    ratio: 2.113207,
    region: [264, 450, 667, 853],
    active: true,
    stationary: false,
    motionless_count: 0,
    position_changes: 2,
    current_zones: ['entrance'],
    entered_zones: ['entrance'],
    has_clip: false,
    has_snapshot: true,
    attributes: {},
    current_attributes: [],
  };
  return JSON.stringify({ type, before: { ...object, frame_time: now - 0.5, has_snapshot: false }, after: object });
}

describe.skipIf(browserMissing)('a camera alarm in the console', () => {
  let centre: Centre;
  let frigate: MqttClient;
  let controller: MqttClient;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    centre = await startCentre({ mqtt: true, env: { AMANE_FRIGATE_INSTANCES: `frigate=${FRIGATE}` } });
    const manager = centre.api(await centre.adminToken());
    // A recorder (the Frigate server) reports for every camera; a camera device only for its own.
    const frigateToken = await centre.device('frigate-e2e', 'recorder');
    const controllerToken = await centre.device(CONTROLLER, 'camera');
    // Registered in this order so that nearest-first cannot be mistaken for registration order.
    await manager.post('/cameras', {
      id: 'CAM-0102',
      name: 'place-nations-ptz',
      location: { lat: scene.lat, lon: scene.lon + east(150) },
      headingDeg: 270,
      fovDeg: 60,
      rangeM: 300,
      ptz: true,
      presets: [
        { name: 'boulevard', headingDeg: 265 },
        { name: 'square', headingDeg: 90 },
      ],
      streamWebrtc: 'https://media.cctv.local/api/webrtc?src=cam102',
      device: CONTROLLER,
    });
    await manager.post('/cameras', {
      id: 'CAM-0101',
      name: 'bd-anfa-north',
      location: { lat: scene.lat - north(100), lon: scene.lon },
      headingDeg: 0,
      fovDeg: 70,
      rangeM: 180,
      streamHls: 'https://media.cctv.local/cam101/index.m3u8',
      snapshotUrl: 'https://media.cctv.local/cam101/latest.jpg',
    });
    // Same origin: its snapshot is one the console may show.
    await manager.post('/cameras', {
      id: 'CAM-0103',
      name: 'gare-voyageurs',
      location: { lat: scene.lat + north(900), lon: scene.lon + east(400) },
      headingDeg: 45,
      fovDeg: 90,
      rangeM: 120,
      snapshotUrl: `${centre.url}/favicon.svg`,
    });
    await manager.post('/cameras', { id: 'CAM-0104', name: 'derb-omar-east', location: { lat: scene.lat - north(600), lon: scene.lon - east(700) }, headingDeg: 120, fovDeg: 50, rangeM: 150, status: 'maintenance' });
    frigate = await connectAsync(centre.mqttUrl!, { username: 'device', password: frigateToken, reconnectPeriod: 0, connectTimeout: 5_000 });
    controller = await connectAsync(centre.mqttUrl!, { username: 'device', password: controllerToken, reconnectPeriod: 0, connectTimeout: 5_000 });
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await frigate?.endAsync(true);
    await controller?.endAsync(true);
    await centre?.close();
  });

  /** An operator's browser, signed in and live, with the same operator's REST client. */
  async function open(operator: string, roles: Parameters<Centre['createUser']>[0]): Promise<{ page: Page; api: Api }> {
    const browser = await openBrowser({ operator });
    browsers.push(browser);
    const who = await centre.createUser(roles);
    await login(browser.page, centre, who);
    await expect.poll(() => browser.page.getByTestId('live-state').getAttribute('data-state')).toBe('live');
    return { page: browser.page, api: centre.api(await centre.loginToken(who.username, who.password)) };
  }

  async function chooseLanguage(page: Page, code: 'fr' | 'ar'): Promise<void> {
    await page.getByTestId('language').selectOption(code);
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { documentElement: { dir: string } } }).document.documentElement.dir)).toBe(code === 'ar' ? 'rtl' : 'ltr');
  }

  /** What the console last gave the map's `cameras` source. */
  const mapCameras = (page: Page) =>
    page.evaluate(async () => {
      const source = (globalThis as unknown as ConsoleWindow).amaneMap?.getSource('cameras');
      const data = source === undefined ? { features: [] } : await source.getData();
      return data.features.filter((f) => f.properties.alarm !== undefined && (f.geometry as unknown as { type: string }).type === 'Point').map((f) => ({ id: f.properties.id, status: f.properties.status, alarm: f.properties.alarm }));
    });

  /** The alarms the server has open, as it sends them to the console. */
  const activeAlarms = (api: Api) => api.get<CameraAlarm[]>('/camera-alarms?status=active');
  /** The camera ids of the rows `selector` finds, in order. */
  const cameraIds = (page: Page, selector: string) => page.locator(selector).evaluateAll((items) => items.map((item) => (item as unknown as { dataset: { camera: string } }).dataset.camera));

  it('takes a Frigate detection from the alarm queue to an incident the dispatcher sees with its cameras', async () => {
    const { page: cctv, api } = await open('cctv-operator', ['cctv-operator']);
    await chooseLanguage(cctv, 'ar');
    await expect.poll(() => cctv.locator('main.screen').getAttribute('data-screen')).toBe('cctv');
    await cctv.getByTestId('no-alarm').waitFor();
    await expect.poll(() => mapCameras(cctv), { timeout: 20_000 }).toHaveLength(4);
    // The empty queue, the empty wall and the camera list, in Arabic: ids and names typed in Latin isolated.
    await expectArabicOnly(cctv);
    await expectIsolatedValue(cctv, '[data-testid="camera-list"] tr[data-camera="CAM-0104"] [data-testid="camera-id"]', 'CAM-0104');
    expect(await cctv.locator('[data-testid="camera-list"] tr[data-camera="CAM-0104"] [data-camera-status]').textContent()).toBe('قيد الصيانة');

    const { page: dispatch } = await open('dispatcher', ['dispatcher']);
    await chooseLanguage(dispatch, 'ar');

    // Frigate sees a person in front of the northern camera: the alarm appears without a reload.
    await frigate.publishAsync('frigate/events', frigateEvent('new', 'bd-anfa-north', '1764410000.123456-e2e001', 'person', 0.86), { qos: 1 });
    const alarm = cctv.locator('[data-alarm][data-camera="CAM-0101"]');
    await alarm.waitFor({ timeout: 10_000 });
    expect(await alarm.getAttribute('data-severity')).toBe('medium');
    expect(await alarm.getByTestId('alarm-what').textContent()).toBe('رصد جسم: شخص');
    // The camera's id and the time it was seen read as the server sent them, isolated in the Arabic card.
    const [person] = await activeAlarms(api);
    await expectIsolatedValue(cctv, '[data-alarm][data-camera="CAM-0101"] [data-testid="alarm-camera"]', person!.camera);
    await expectIsolatedValue(cctv, '[data-alarm][data-camera="CAM-0101"] [data-testid="alarm-time"]', arabicTime.format(new Date(person!.firstSeenAt)));
    // Frigate's snapshot is on Frigate's server, which the console's security policy does not load from.
    await alarm.getByTestId('alarm-snapshot-blocked').waitFor();
    expect(await alarm.locator('a').getAttribute('href')).toMatch(new RegExp(`^${FRIGATE}/api/events/1764410000.123456-e2e001/snapshot.jpg`));
    // On the map, its field of view is edged in red, and Frigate's report was a sign of life: online.
    await expect.poll(() => mapCameras(cctv)).toContainEqual({ id: 'CAM-0101', status: 'online', alarm: true });

    // A knife, seen a moment later by the same camera, is more severe: it goes to the top of the queue.
    await frigate.publishAsync('frigate/events', frigateEvent('new', 'bd-anfa-north', '1764410002.654321-e2e002', 'knife', 0.71), { qos: 1 });
    await expect.poll(() => cctv.locator('[data-alarm]').evaluateAll((items) => items.map((item) => (item as unknown as { dataset: { severity: string } }).dataset.severity))).toEqual(['high', 'medium']);
    // It is a kitchen knife in a shop window: acknowledged (A), then dismissed with a reason (D).
    const knife = cctv.locator('[data-alarm][data-severity="high"]');
    await knife.getByTestId('alarm-what').click();
    await cctv.locator('body').press('a');
    await expect.poll(() => knife.getAttribute('data-status')).toBe('acknowledged');
    // The alarm's detail once acknowledged: who did, and when, with the toast naming the camera.
    await knife.getByTestId('alarm-acked').waitFor();
    await expectArabicOnly(cctv);
    await cctv.locator('body').press('d');
    await cctv.getByTestId('dismiss-form').waitFor();
    await expectArabicOnly(cctv);
    await cctv.getByTestId('dismiss-reason').fill('سكين معروض في واجهة محل تجاري');
    await cctv.getByTestId('dismiss-reason').press('Enter');
    await expect.poll(() => cctv.locator('[data-alarm]').count()).toBe(1);
    expect(await cctv.getByTestId('cctv-toast').textContent()).toBe('تم استبعاد إنذار bd-anfa-north.');

    // The person's camera goes on the wall (V): watched through a journaled view first.
    await cctv.locator('body').press('v');
    const firstTile = cctv.locator('[data-tile="0"]');
    await expect.poll(() => firstTile.getAttribute('data-camera')).toBe('CAM-0101');
    // Its HLS stream is on another server, which the console may not load from: the tile says where it is,
    // each stream by its kind in the operator's words.
    await expect.poll(() => firstTile.locator('[data-play]').getAttribute('data-play')).toBe('external');
    expect(await firstTile.locator('a').first().getAttribute('href')).toBe('https://media.cctv.local/cam101/index.m3u8');
    expect(await firstTile.locator('[data-stream]').allTextContents()).toEqual(['بث مباشر', 'لقطة']);
    expect(await firstTile.getByTestId('tile-camera-name').textContent()).toBe('bd-anfa-north');
    // Tile 2 (key 2), then a camera from the list whose snapshot the centre serves: the picture shows.
    await cctv.locator('body').press('2');
    await cctv.getByTestId('show-CAM-0103').click();
    const secondTile = cctv.locator('[data-tile="1"]');
    await expect.poll(() => secondTile.getAttribute('data-camera')).toBe('CAM-0103');
    await expect.poll(() => secondTile.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    const viewed = (await findEvents(centre.core.db, { stream: 'camera/CAM-0101', limit: 50 })).filter((event) => event.type === 'camera.viewed');
    expect(viewed.map((event) => event.actor)).toEqual([expect.stringMatching(/^user:/)]);
    // The wall is saved as the operator's own, called by its name in the operator's words.
    await expect.poll(() => cctv.getByTestId('wall-choice').inputValue()).toBe('own:main');
    expect(await cctv.getByTestId('wall-choice').locator('option:checked').textContent()).toBe('الجدار الرئيسي');

    // The selected alarm, the wall and the camera list: the operator guide's pictures, in Arabic and French.
    await alarm.getByTestId('alarm-what').click();
    await expectArabicOnly(cctv);
    await screenshot(cctv, 'cctv-ar');
    await chooseLanguage(cctv, 'fr');
    expect(await alarm.getByTestId('alarm-what').textContent()).toBe('Objet détecté : personne');
    expect(await firstTile.locator('[data-stream]').allTextContents()).toEqual(['Flux en direct', 'Image fixe']);
    expect(await cctv.getByTestId('wall-choice').locator('option:checked').textContent()).toBe('Mur principal');
    await screenshot(cctv, 'cctv-fr');
    await chooseLanguage(cctv, 'ar');

    // The operator makes an incident of it (I), placed where the person was seen.
    await alarm.getByTestId('alarm-what').click();
    await cctv.locator('body').press('i');
    await cctv.getByTestId('incident-type-choice').selectOption('assault');
    expect(await cctv.getByTestId('incident-at-object').isChecked()).toBe(true);
    await cctv.getByTestId('incident-summary').fill('شجار أمام المدخل، شخص ملقى على الأرض');
    await expectArabicOnly(cctv);
    await cctv.getByTestId('incident-create').click();
    await cctv.getByTestId('no-alarm').waitFor();
    const number = (await cctv.getByTestId('cctv-toast-incident').textContent()) ?? '';
    expect(number).toMatch(/^[A-Z]{2,8}-\d{4}-\d{6,}$/);
    await expectIsolatedValue(cctv, '[data-testid="cctv-toast-incident"]', number);
    expect(await cctv.getByTestId('cctv-toast').textContent()).toBe(`أُنشئ الحادث ${number} انطلاقًا من الإنذار.`);
    await expectArabicOnly(cctv);

    // The dispatcher sees it arrive and, opening it, the cameras on scene: the one that raised it first.
    const row = dispatch.locator(`tr[data-incident="${number}"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    const cameras = dispatch.getByTestId('incident-cameras');
    await expect.poll(() => cameraIds(dispatch, '[data-testid="incident-cameras"] [data-camera]')).toEqual(['CAM-0101', 'CAM-0102']);
    expect(await cameras.locator('[data-camera="CAM-0101"] [data-testid^="point-"]').count()).toBe(0);

    // The PTZ camera is turned towards the scene: its controller receives the command.
    await controller.subscribeAsync('amane/cameras/CAM-0102/ptz', { qos: 1 });
    const command = new Promise<Record<string, unknown>>((resolve) => controller.once('message', (_topic, payload) => resolve(JSON.parse(payload.toString()) as Record<string, unknown>)));
    await cameras.getByTestId('point-CAM-0102').click();
    expect(await command).toMatchObject({ type: 'point', incident: number, bearingDeg: expect.any(Number) });
    await expect.poll(() => cameras.getByTestId('camera-pointed').textContent()).toBe(`وُجّهت place-nations-ptz نحو ${number}.`);
    await expectIsolatedValue(dispatch, '[data-testid="camera-pointed-incident"]', number);
    await expectArabicOnly(dispatch);
    await cameras.scrollIntoViewIfNeeded();
    await screenshot(dispatch, 'dispatcher-cameras-ar');
    // The operator guide shows the panel in French.
    await chooseLanguage(dispatch, 'fr');
    expect(await cameras.getByTestId('camera-pointed').textContent()).toBe(`place-nations-ptz orientée vers ${number}.`);
    await cameras.scrollIntoViewIfNeeded();
    await screenshot(dispatch, 'dispatcher-cameras');

    expectNoConsoleErrors();
  });

  it('fills the wall with its tiles in every layout, and pulls up by its number the cameras that see an incident', async () => {
    const taker = await centre.createUser(['call-taker']);
    const incident = await centre.api(await centre.loginToken(taker.username, taker.password)).post<{ number: string }>('/incidents', { type: 'assault', location: scene, summary: 'شجار أمام المحطة' });
    const { page: cctv } = await open('cctv-wall', ['cctv-operator']);
    await chooseLanguage(cctv, 'ar');
    await expect.poll(() => mapCameras(cctv), { timeout: 20_000 }).toHaveLength(4);

    // Each layout's tiles share the wall below its bar: none shrinks to its header; each reads in Arabic.
    const viewport = cctv.viewportSize()!;
    for (const [layout, side] of [['1x1', 1], ['2x2', 2], ['3x3', 3], ['4x4', 4]] as const) {
      await cctv.getByTestId(`layout-${layout}`).click();
      await expect.poll(() => cctv.locator('[data-tile]').count()).toBe(side * side);
      const wall = (await cctv.getByTestId('video-wall').boundingBox())!;
      const bar = (await cctv.locator('.cctv-wall-bar').boundingBox())!;
      expect(wall.height).toBeGreaterThan(viewport.height / 2);
      const room = { width: wall.width, height: wall.height - bar.height };
      for (const index of [0, side * side - 1]) {
        const tile = (await cctv.locator(`[data-tile="${index}"]`).boundingBox())!;
        expect(tile.height, `${layout} tile ${index} height`).toBeGreaterThanOrEqual((0.8 * room.height) / side);
        expect(tile.width, `${layout} tile ${index} width`).toBeGreaterThanOrEqual((0.8 * room.width) / side);
        expect(tile.y + tile.height).toBeLessThanOrEqual(wall.y + wall.height + 1);
      }
      if (layout === '2x2') await cctv.getByTestId('show-CAM-0101').click();
      await expectArabicOnly(cctv);
    }
    await expect.poll(() => cctv.locator('[data-tile="0"]').getAttribute('data-camera')).toBe('CAM-0101');
    await screenshot(cctv, 'cctv-wall-4x4-ar');

    // One tile: a snapshot fills it without being stretched out of shape.
    await cctv.getByTestId('layout-1x1').click();
    await cctv.getByTestId('show-CAM-0103').click();
    const picture = cctv.locator('[data-tile="0"] img');
    await expect.poll(() => picture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await picture.evaluate((img) => (globalThis as unknown as { getComputedStyle(e: unknown): { objectFit: string } }).getComputedStyle(img).objectFit)).toBe('contain');
    const tile = (await cctv.locator('[data-tile="0"]').boundingBox())!;
    const shown = (await picture.boundingBox())!;
    expect(shown.height).toBeGreaterThan(tile.height * 0.8);
    await expectArabicOnly(cctv);

    // The incident's number, typed in the search (in any case): the cameras that see its place, nearest first.
    const search = cctv.getByTestId('camera-list').locator('input[type="search"]');
    await search.fill(incident.number.toLowerCase());
    const found = cctv.getByTestId('incident-search');
    await expect.poll(() => found.getAttribute('data-state')).toBe('found');
    expect(await found.getAttribute('data-incident')).toBe(incident.number);
    expect(await cameraIds(cctv, '[data-testid="incident-search"] [data-camera]')).toEqual(['CAM-0101', 'CAM-0102']);
    await expectIsolatedValue(cctv, '[data-testid="incident-search"] bdi', incident.number);
    await expectIsolatedValue(cctv, '[data-testid="incident-search"] tr[data-camera="CAM-0102"] bdi[dir="ltr"]', 'CAM-0102');
    await expectArabicOnly(cctv);
    await screenshot(cctv, 'cctv-incident-search-ar');
    await found.getByTestId('scene-show-CAM-0102').click();
    await expect.poll(() => cctv.locator('[data-tile="0"]').getAttribute('data-camera')).toBe('CAM-0102');

    // A number no incident has says so; a camera's name searches the registry again.
    const unknown = `${incident.number.slice(0, -6)}999999`;
    await search.fill(unknown);
    await expect.poll(() => found.getAttribute('data-state')).toBe('unknown');
    expect(await found.textContent()).toContain('لا يوجد حادث يحمل هذا الرقم.');
    await expectArabicOnly(cctv);
    await search.fill('gare');
    await expect.poll(() => cameraIds(cctv, '[data-testid="camera-list"] tr[data-camera]')).toEqual(['CAM-0103']);
    await expectArabicOnly(cctv);

    expectNoConsoleErrors({ allow: [new RegExp(`status of 404 .*/incidents/${unknown}/cameras`)] });
  });

  it('raises a stolen-vehicle plate read by Frigate as a critical alarm and makes it a P1 stolen-vehicle incident', async () => {
    const { page: cctv, api } = await open('cctv-hotlist', ['cctv-operator']);
    await chooseLanguage(cctv, 'ar');
    // A list of stolen vehicles at P1, named in Latin letters by whoever typed it.
    await api.post('/plate-hotlists', { name: 'Vols Anfa', reason: 'stolen_vehicle', priority: 'P1', entries: [{ plate: '12345 | أ | 6', note: 'داسيا لوغان رمادية' }] });
    await cctv.getByTestId('no-alarm').waitFor();

    // Frigate reads the Dacia's plate on the northern camera (`tracked_object_update`, type lpr).
    const read = { type: 'lpr', id: '1764410520.5-e2e-dacia', camera: 'bd-anfa-north', plate: '12345-A-6', score: 0.92, name: null, timestamp: Date.now() / 1_000 };
    await frigate.publishAsync('frigate/tracked_object_update', JSON.stringify(read), { qos: 1 });
    const hit = cctv.locator('[data-alarm][data-camera="CAM-0101"]');
    await hit.waitFor({ timeout: 10_000 });
    expect(await hit.getAttribute('data-severity')).toBe('critical');
    const [sent] = await activeAlarms(api);
    expect(sent).toMatchObject({ kind: 'plate_hit', plate: '12345A6', incidentType: 'stolen_vehicle' });
    expect(await hit.getByTestId('alarm-what').textContent()).toBe('لوحة مبحوث عنها');
    expect(await hit.getByTestId('alarm-hotlist').textContent()).toBe('12345A6 لائحة Vols Anfa: سيارة مسروقة · داسيا لوغان رمادية');
    // The plate, the camera and the time read as the server sent them, isolated in the Arabic card.
    await expectIsolatedValue(cctv, '[data-alarm][data-camera="CAM-0101"] [data-testid="alarm-plate"]', sent!.plate!);
    await expectIsolatedValue(cctv, '[data-alarm][data-camera="CAM-0101"] [data-testid="alarm-camera"]', 'CAM-0101');
    await expectIsolatedValue(cctv, '[data-alarm][data-camera="CAM-0101"] [data-testid="alarm-time"]', arabicTime.format(new Date(sent!.firstSeenAt)));
    await hit.getByTestId('alarm-what').click();
    await expectArabicOnly(cctv);

    // Made an incident (I): the stolen-vehicle type is already chosen, the list's priority goes with it.
    await cctv.locator('body').press('i');
    await cctv.getByTestId('incident-form').waitFor();
    expect(await cctv.getByTestId('incident-type-choice').inputValue()).toBe('stolen_vehicle');
    await expectArabicOnly(cctv);
    await screenshot(cctv, 'cctv-hotlist-ar');
    await cctv.getByTestId('incident-create').click();
    await cctv.getByTestId('no-alarm').waitFor();
    const number = (await cctv.getByTestId('cctv-toast-incident').textContent()) ?? '';
    // No summary typed: the console wrote the alarm in the operator's words, the plate and the list's name as they are.
    expect(await api.get<Incident>(`/incidents/${number}`)).toMatchObject({
      type: 'stolen_vehicle',
      priority: 'P1',
      summary: 'إنذار الكاميرا bd-anfa-north (CAM-0101): لوحة مبحوث عنها؛ اللوحة 12345A6 في لائحة Vols Anfa (سيارة مسروقة)',
    });
    await expectArabicOnly(cctv);

    expectNoConsoleErrors();
  });
});
