/**
 * The traffic room, in Arabic. The city's traffic centre reports a jam: the operator sees it on the map
 * and first among the slowest roads. A patrol is sent to an incident: its road is drawn; the operator
 * closes a segment of that road from the map, and the patrol's road is drawn another way, said to be
 * because of the closure; the operator reopens it and the usual road comes back. The tram network's
 * GTFS-realtime feed moves a tram on the map.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import bindings from 'gtfs-realtime-bindings';
import { generateDemoCity } from '../src/geo/roads/demo-city.js';
import { DEMO_TRANSIT_FEED, demoTransitFiles, demoTransitZip } from '../src/transit/demo-lines.js';
import { browserMissing, expectArabicOnly, expectNoConsoleErrors, login, openBrowser, screenshot, startCentre, type Browser, type Centre, type ConsoleWindow } from './harness.js';

const unitAt = { lat: 33.5652, lon: -7.6051 };
const sceneAt = { lat: 33.5801, lon: -7.5862 };
/** Two points of one road in the east of the demo city, away from the patrol's road: the jam. */
const jamFrom = { lat: 33.5731, lon: -7.5700 };
const jamTo = { lat: 33.5731, lon: -7.5640 };

interface Responding {
  callSign: string;
  cause: string;
  etaS: number;
  coordinates: [number, number][];
}

describe.skipIf(browserMissing)('the traffic room: a jam, a closure on a responding unit’s road, a tram', () => {
  let centre: Centre;
  let desk: Page;
  let traffic: ReturnType<Centre['api']>;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    centre = await startCentre();
    const admin = centre.api(await centre.adminToken());
    const supervisor = await centre.createUser(['supervisor']);
    const boss = centre.api(await centre.loginToken(supervisor.username, supervisor.password));
    await admin.post('/stations', { code: 'ST-WEST', name: 'West', location: unitAt });
    await admin.post('/units', { callSign: 'CASA-PC-7', kind: 'patrol_car', station: 'ST-WEST' });
    await boss.post('/units/CASA-PC-7/status', { status: 'available' });
    const operator = await centre.createUser(['traffic-operator']);
    traffic = centre.api(await centre.loginToken(operator.username, operator.password));
    const browser = await openBrowser({ operator: 'traffic-operator' });
    browsers.push(browser);
    desk = browser.page;
    await login(desk, centre, operator);
    await desk.getByTestId('language').selectOption('ar');
    await desk.locator('html[dir="rtl"] main.screen[data-screen="traffic"]').waitFor();
  });

  afterAll(async () => {
    for (const browser of browsers) await browser.close().catch(() => undefined);
    await centre?.close();
  });

  const mapFeatures = (source: string) =>
    desk.evaluate(async (id) => {
      const found = (globalThis as unknown as ConsoleWindow).amaneMap?.getSource(id);
      return found === undefined ? [] : (await found.getData()).features.map((f) => ({ properties: f.properties, coordinates: f.geometry.coordinates }));
    }, source);
  const settled = () => expect.poll(() => desk.evaluate(() => (globalThis as unknown as ConsoleWindow).amaneMap?.isMoving() === false)).toBe(true);

  it('shows a jam the traffic centre reports, on the map and among the slowest roads', async () => {
    const supervisor = await centre.createUser(['supervisor']);
    const boss = centre.api(await centre.loginToken(supervisor.username, supervisor.password));
    await boss.post('/traffic/feeds', { id: 'casa-tc', name: 'Centre de régulation du trafic' });
    const trafficCentre = centre.api(await centre.device('casa-tc', 'traffic-centre'));
    const at = new Date().toISOString();
    await trafficCentre.post('/traffic/feeds/casa-tc/data', { speeds: [{ from: jamFrom, to: jamTo, kmh: 6, at }] });
    // Republished every 20 s, read by the screen every 20 s.
    await expect.poll(async () => (await mapFeatures('congestion')).length, { timeout: 60_000 }).toBeGreaterThan(0);
    const slow = desk.locator('[data-slow-road]').first();
    await slow.waitFor({ timeout: 30_000 });
    expect(await slow.getAttribute('data-level')).not.toBe('free_flow');
    await screenshot(desk, 'traffic-jam-ar');
    await expectArabicOnly(desk);
  });

  it('draws the road of a patrol sent to an incident, another way while a segment of it is closed, and the usual way once reopened', async () => {
    const dispatcherCredentials = await centre.createUser(['dispatcher']);
    const dispatcher = centre.api(await centre.loginToken(dispatcherCredentials.username, dispatcherCredentials.password));
    const incident = await dispatcher.post<{ number: string }>('/incidents', { type: 'theft', answers: {}, location: sceneAt, summary: 'Vol à l’arraché' });
    await dispatcher.post(`/incidents/${incident.number}/assign`, { units: ['CASA-PC-7'] });
    const routeNow = async () => (await traffic.get<Responding[]>('/traffic/responding'))[0]!;
    const usual = await routeNow();
    expect(usual.cause).toBe('none');

    await desk.getByTestId('traffic-tab-units').click();
    const entry = desk.locator('[data-responding="CASA-PC-7"]');
    await entry.waitFor();
    expect(await entry.getAttribute('data-cause')).toBe('none');
    await expect.poll(async () => (await mapFeatures('routes')).length).toBe(1);

    // The operator closes the segment half-way along a stretch in the middle of the patrol's road.
    await desk.getByTestId('traffic-tab-closures').click();
    const middle = Math.floor(usual.coordinates.length / 2);
    const [a, b] = [usual.coordinates[middle - 1]!, usual.coordinates[middle]!];
    const point: [number, number] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    await desk.evaluate(([lon, lat]) => {
      const map = (globalThis as unknown as ConsoleWindow & { amaneMap?: { jumpTo(options: { center: [number, number]; zoom: number }): void } }).amaneMap;
      map?.jumpTo({ center: [lon!, lat!], zoom: 16 });
    }, point);
    await settled();
    const pixel = await desk.evaluate((position) => (globalThis as unknown as ConsoleWindow).amaneMap!.project(position), point);
    const box = (await desk.locator('.traffic-map canvas').first().boundingBox())!;
    await desk.mouse.click(box.x + pixel.x, box.y + pixel.y);
    await expect.poll(async () => (await desk.getByTestId('closure-point').textContent()) ?? '').toMatch(/\d/);
    await desk.getByTestId('closure-editor').locator('input[type="text"]').last().fill('عملية أمنية');
    await desk.getByTestId('closure-editor').locator('button[type="submit"]').click();
    const closed = desk.locator('[data-closure^="traffic:"][data-status="in_force"]');
    await closed.waitFor();

    await desk.getByTestId('traffic-tab-units').click();
    await expect.poll(() => entry.getAttribute('data-cause')).toBe('closure');
    await expect.poll(async () => JSON.stringify((await mapFeatures('routes'))[0]?.coordinates)).not.toBe(JSON.stringify(usual.coordinates));
    await settled();
    await screenshot(desk, 'traffic-closure-rerouted-ar');
    await expectArabicOnly(desk);

    await desk.getByTestId('traffic-tab-closures').click();
    await closed.locator('button.danger').click();
    await desk.locator('[data-closure^="traffic:"][data-status="in_force"]').waitFor({ state: 'detached' });
    await desk.getByTestId('traffic-tab-units').click();
    await expect.poll(() => entry.getAttribute('data-cause')).toBe('none');
    await expect.poll(async () => JSON.stringify((await mapFeatures('routes'))[0]?.coordinates)).toBe(JSON.stringify(usual.coordinates));
  });

  it('moves a tram on the map as the network’s GTFS-realtime feed reports it', async () => {
    const admin = await centre.adminToken();
    const graph = generateDemoCity();
    const year = new Date().getUTCFullYear();
    const zip = demoTransitZip(graph, year);
    const imported = await fetch(`${centre.url}/transit/feeds/${DEMO_TRANSIT_FEED}/gtfs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/zip' },
      body: Buffer.from(zip),
    });
    expect(imported.status, await imported.text()).toBe(200);
    const trips = demoTransitFiles(graph, year)['trips.txt']!.split(/\r?\n/).slice(1).filter((line) => line.length > 0);
    const tripId = trips[0]!.split(',')[2]!;
    const tram = await centre.device('tram-avl', 'transit');
    const push = async (position: { lat: number; lon: number }) => {
      const message = bindings.transit_realtime.FeedMessage.encode({
        header: { gtfsRealtimeVersion: '2.0', timestamp: Math.floor(Date.now() / 1000) },
        entity: [{ id: 'tram-1', vehicle: { trip: { tripId }, vehicle: { id: 'TRAM-01', label: 'T1-01' }, position: { latitude: position.lat, longitude: position.lon }, timestamp: Math.floor(Date.now() / 1000) } }],
      }).finish();
      const response = await fetch(`${centre.url}/transit/feeds/${DEMO_TRANSIT_FEED}/realtime/data`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tram}`, 'content-type': 'application/x-protobuf' },
        body: Buffer.from(message),
      });
      expect(response.status, await response.text()).toBe(200);
    };
    await push({ lat: 33.5731, lon: -7.5898 });
    // GTFS-realtime carries positions as 32-bit floats: a few centimetres off what was sent.
    const vehicles = async () => (await mapFeatures('transit-vehicles')).map((f) => (f.coordinates as [number, number]).map((degrees) => Math.round(degrees * 1e4) / 1e4));
    await expect.poll(vehicles, { timeout: 20_000 }).toEqual([[-7.5898, 33.5731]]);
    await push({ lat: 33.5731, lon: -7.5868 });
    await expect.poll(vehicles, { timeout: 20_000 }).toEqual([[-7.5868, 33.5731]]);
    await desk.getByTestId('traffic-tab-transit').click();
    await desk.getByTestId('transit-vehicles').waitFor();
    await screenshot(desk, 'traffic-transit-ar');
    await expectArabicOnly(desk);
    expectNoConsoleErrors();
  });
});
