/**
 * A camera alarm through the centre, as the CCTV operator and the dispatcher live it, in two browsers:
 * Frigate reports a person over MQTT (its own `frigate/events` message, on the embedded broker, with a
 * device token); the alarm reaches the operator's queue without a reload, goes on the video wall (a
 * journaled view) and becomes an incident; the dispatcher sees the incident arrive and, opening it, the
 * cameras that see its place, the one that raised the alarm first, and turns the PTZ one towards it.
 */
import { connectAsync, type MqttClient } from 'mqtt';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEvents } from '../src/core/journal.repository.js';
import { browserMissing, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Browser, type Centre, type ConsoleWindow } from './harness.js';
import { expectArabicOnly } from './harness.js';

/** The scene, near the demo city's centre, and the cameras around it (metres → degrees at 33.57° N). */
const scene = { lat: 33.5731, lon: -7.5898 };
const north = (m: number) => m / 111_320;
const east = (m: number) => m / (111_320 * Math.cos((scene.lat * Math.PI) / 180));
const FRIGATE = 'http://frigate.cctv.local:5000';
const CONTROLLER = 'ptz-controller-e2e';

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

  async function open(operator: string, roles: Parameters<Centre['createUser']>[0]): Promise<Page> {
    const browser = await openBrowser({ operator });
    browsers.push(browser);
    await login(browser.page, centre, await centre.createUser(roles));
    await expect.poll(() => browser.page.getByTestId('live-state').getAttribute('data-state')).toBe('live');
    return browser.page;
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

  it('takes a Frigate detection from the alarm queue to an incident the dispatcher sees with its cameras', async () => {
    const cctv = await open('cctv-operator', ['cctv-operator']);
    await chooseLanguage(cctv, 'fr');
    await expect.poll(() => cctv.locator('main.screen').getAttribute('data-screen')).toBe('cctv');
    await cctv.getByTestId('no-alarm').waitFor();
    await expect.poll(() => mapCameras(cctv), { timeout: 20_000 }).toHaveLength(4);

    const dispatch = await open('dispatcher', ['dispatcher']);
    await chooseLanguage(dispatch, 'fr');

    // Frigate sees a person in front of the northern camera: the alarm appears without a reload.
    await frigate.publishAsync('frigate/events', frigateEvent('new', 'bd-anfa-north', '1764410000.123456-e2e001', 'person', 0.86), { qos: 1 });
    const alarm = cctv.locator('[data-alarm][data-camera="CAM-0101"]');
    await alarm.waitFor({ timeout: 10_000 });
    expect(await alarm.getAttribute('data-severity')).toBe('medium');
    expect(await alarm.getByTestId('alarm-what').textContent()).toBe('Objet détecté : personne');
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
    await cctv.locator('body').press('d');
    await cctv.getByTestId('dismiss-reason').fill('Couteau exposé en vitrine');
    await cctv.getByTestId('dismiss-reason').press('Enter');
    await expect.poll(() => cctv.locator('[data-alarm]').count()).toBe(1);

    // The person's camera goes on the wall (V): watched through a journaled view first.
    await cctv.locator('body').press('v');
    const firstTile = cctv.locator('[data-tile="0"]');
    await expect.poll(() => firstTile.getAttribute('data-camera')).toBe('CAM-0101');
    // Its HLS stream is on another server, which the console may not load from: the tile says where it is.
    await expect.poll(() => firstTile.locator('[data-play]').getAttribute('data-play')).toBe('external');
    expect(await firstTile.locator('a').first().getAttribute('href')).toBe('https://media.cctv.local/cam101/index.m3u8');
    // Tile 2 (key 2), then a camera from the list whose snapshot the centre serves: the picture shows.
    await cctv.locator('body').press('2');
    await cctv.getByTestId('show-CAM-0103').click();
    const secondTile = cctv.locator('[data-tile="1"]');
    await expect.poll(() => secondTile.getAttribute('data-camera')).toBe('CAM-0103');
    await expect.poll(() => secondTile.locator('img').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    const viewed = (await findEvents(centre.core.db, { stream: 'camera/CAM-0101', limit: 50 })).filter((event) => event.type === 'camera.viewed');
    expect(viewed.map((event) => event.actor)).toEqual([expect.stringMatching(/^user:/)]);
    // The wall is saved as the operator's own.
    await expect.poll(() => cctv.getByTestId('wall-choice').inputValue()).toBe('own:main');

    await alarm.getByTestId('alarm-what').click();
    await screenshot(cctv, 'cctv-fr');
    await chooseLanguage(cctv, 'ar');
    expect(await alarm.getByTestId('alarm-what').textContent()).toBe('رصد جسم: شخص');
    await screenshot(cctv, 'cctv-ar');
    await expectArabicOnly(cctv, {
      allow: [
        // Camera names, ids and zones are data, not isolated by the CCTV screens (AlarmQueue.tsx, VideoWall.tsx, the camera list, the toast).
        { word: /bd|anfa|north|gare|voyageurs|place|nations|ptz|derb|omar|east|CAM|entrance/, within: '[data-testid="alarm-queue"], [data-testid="video-wall"], [data-testid="camera-list"], [data-testid="cctv-toast"]', because: 'camera names and ids not in <bdi>' },
        // VideoWall.tsx shows the tile's source as `source.toUpperCase()` instead of words of the bundle.
        { word: /HLS|SNAPSHOT/, within: '[data-testid="video-wall"]', because: 'tile source untranslated' },
        { within: '.maplibregl-ctrl-attrib', because: 'the road data attribution, in English, shown as is by OpsMap.tsx' },
      ],
    });
    await chooseLanguage(cctv, 'fr');

    // The operator makes an incident of it (I), placed where the person was seen.
    await alarm.getByTestId('alarm-what').click();
    await cctv.locator('body').press('i');
    await cctv.getByTestId('incident-type-choice').selectOption('assault');
    expect(await cctv.getByTestId('incident-at-object').isChecked()).toBe(true);
    await cctv.getByTestId('incident-summary').fill('Rixe devant l’entrée, une personne au sol');
    await cctv.getByTestId('incident-create').click();
    await cctv.getByTestId('no-alarm').waitFor();
    const number = /[A-Z]{2,8}-\d{4}-\d{6,}/.exec((await cctv.getByTestId('cctv-toast').textContent()) ?? '')?.[0];
    expect(number).toBeDefined();

    // The dispatcher sees it arrive and, opening it, the cameras on scene: the one that raised it first.
    const row = dispatch.locator(`tr[data-incident="${number}"]`);
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    const cameras = dispatch.getByTestId('incident-cameras');
    await expect.poll(() => cameras.locator('[data-camera]').evaluateAll((items) => items.map((item) => (item as unknown as { dataset: { camera: string } }).dataset.camera))).toEqual(['CAM-0101', 'CAM-0102']);
    expect(await cameras.locator('[data-camera="CAM-0101"] [data-testid^="point-"]').count()).toBe(0);

    // The PTZ camera is turned towards the scene: its controller receives the command.
    await controller.subscribeAsync('amane/cameras/CAM-0102/ptz', { qos: 1 });
    const command = new Promise<Record<string, unknown>>((resolve) => controller.once('message', (_topic, payload) => resolve(JSON.parse(payload.toString()) as Record<string, unknown>)));
    await cameras.getByTestId('point-CAM-0102').click();
    expect(await command).toMatchObject({ type: 'point', incident: number, bearingDeg: expect.any(Number) });
    await expect.poll(() => cameras.getByTestId('camera-pointed').textContent()).toBe(`place-nations-ptz orientée vers ${number}.`);
    await cameras.scrollIntoViewIfNeeded();
    await screenshot(dispatch, 'dispatcher-cameras');

    expectNoConsoleErrors();
  });

  it('fills the wall with its tiles in every layout, and pulls up by its number the cameras that see an incident', async () => {
    const taker = await centre.createUser(['call-taker']);
    const incident = await centre.api(await centre.loginToken(taker.username, taker.password)).post<{ number: string }>('/incidents', { type: 'assault', location: scene, summary: 'Rixe devant la gare' });
    const cctv = await open('cctv-wall', ['cctv-operator']);
    await chooseLanguage(cctv, 'ar');
    await expect.poll(() => mapCameras(cctv), { timeout: 20_000 }).toHaveLength(4);

    // Each layout's tiles share the wall below its bar: none shrinks to its header.
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
    }

    // One tile: a snapshot fills it without being stretched out of shape.
    await cctv.getByTestId('layout-1x1').click();
    await cctv.getByTestId('show-CAM-0103').click();
    const picture = cctv.locator('[data-tile="0"] img');
    await expect.poll(() => picture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
    expect(await picture.evaluate((img) => (globalThis as unknown as { getComputedStyle(e: unknown): { objectFit: string } }).getComputedStyle(img).objectFit)).toBe('contain');
    const tile = (await cctv.locator('[data-tile="0"]').boundingBox())!;
    const shown = (await picture.boundingBox())!;
    expect(shown.height).toBeGreaterThan(tile.height * 0.8);

    // The incident's number, typed in the search (in any case): the cameras that see its place, nearest first.
    const search = cctv.getByTestId('camera-list').locator('input[type="search"]');
    await search.fill(incident.number.toLowerCase());
    const found = cctv.getByTestId('incident-search');
    await expect.poll(() => found.getAttribute('data-state')).toBe('found');
    expect(await found.getAttribute('data-incident')).toBe(incident.number);
    expect(await found.locator('[data-camera]').evaluateAll((items) => items.map((item) => (item as unknown as { dataset: { camera: string } }).dataset.camera))).toEqual(['CAM-0101', 'CAM-0102']);
    expect(await found.locator('bdi').first().textContent()).toBe(incident.number);
    await screenshot(cctv, 'cctv-incident-search-ar');
    await found.getByTestId('scene-show-CAM-0102').click();
    await expect.poll(() => cctv.locator('[data-tile="0"]').getAttribute('data-camera')).toBe('CAM-0102');

    // A number no incident has says so; a camera's name searches the registry again.
    const unknown = `${incident.number.slice(0, -6)}999999`;
    await search.fill(unknown);
    await expect.poll(() => found.getAttribute('data-state')).toBe('unknown');
    expect(await found.textContent()).toContain('لا يوجد حادث يحمل هذا الرقم.');
    await search.fill('gare');
    await expect.poll(() => cctv.getByTestId('camera-list').locator('tr[data-camera]').evaluateAll((rows) => rows.map((row) => (row as unknown as { dataset: { camera: string } }).dataset.camera))).toEqual(['CAM-0103']);

    expectNoConsoleErrors({ allow: [new RegExp(`status of 404 .*/incidents/${unknown}/cameras`)] });
  });
});
