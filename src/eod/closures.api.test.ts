import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { distanceM, type LatLon } from '../geo/geometry.js';
import type { Incident } from '../incidents/incident.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import type { EodPicture, RoadClosure } from './cordon.js';

const NOW = '2026-11-29T10:00:00.000Z';
/** A junction of the demo city's street grid, near its centre. */
const scene = { lat: 33.5731, lon: -7.5898 };

/** The shortest distance from `point` to the segment a–b, metres, on a local plane (plenty at this scale). */
function distanceToSegmentM(point: LatLon, a: readonly [number, number], b: readonly [number, number]): number {
  const cos = Math.cos((point.lat * Math.PI) / 180);
  const metres = 111_195;
  const [ax, ay] = [(a[0] - point.lon) * cos * metres, (a[1] - point.lat) * metres];
  const [bx, by] = [(b[0] - point.lon) * cos * metres, (b[1] - point.lat) * metres];
  const [dx, dy] = [bx - ax, by - ay];
  const squared = dx * dx + dy * dy;
  const t = squared === 0 ? 0 : Math.min(1, Math.max(0, (-ax * dx - ay * dy) / squared));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

describe(`the roads closed by cordons, for the traffic room (${testDatabaseKind()}, demo city)`, () => {
  let t: TestApp;
  let dispatcher: string;
  let eodOfficer: string;
  let traffic: string;
  let incident: Incident;

  const { get, post } = requestsTo(() => t.app);
  const closures = async () => {
    const response = await get('/eod/closures', traffic);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as RoadClosure[];
  };

  beforeEach(async () => {
    t = await setupTestApp();
    t.clock.set(NOW);
    dispatcher = (await t.login(['dispatcher'])).token;
    eodOfficer = (await t.login(['eod-officer'])).token;
    traffic = (await t.login(['traffic-operator'])).token;
    const created = await post('/incidents', dispatcher, {
      type: 'suspicious_object',
      answers: { object_type: 'package', object_position: 'street', wires_or_smell: false },
      location: scene,
      address: 'Boulevard de la Liberté',
      summary: 'Unattended suitcase at the bus stop',
    });
    expect(created.statusCode, created.body).toBe(201);
    incident = created.json() as Incident;
  });
  afterEach(async () => t.close());

  it('lists nothing while no cordon is in force', async () => {
    expect(await closures()).toEqual([]);
  });

  it('gives each cordon in force with its closed segments, the names of their roads and the perimeter, and drops it once lifted', async () => {
    const set = await post(`/incidents/${incident.number}/cordon`, eodOfficer, {});
    expect(set.statusCode, set.body).toBe(200);
    const { cordon } = set.json() as EodPicture;

    const [closure, ...others] = await closures();
    expect(others).toEqual([]);
    expect(closure).toMatchObject({ incident: incident.number, deviceClass: 'briefcase_suitcase', centre: scene, mandatoryM: 46, preferredM: 564, version: 1, setAt: NOW, updatedAt: NOW });
    // The same segments routing avoids: as many as the cordon counts, each passing inside the mandatory circle.
    expect(closure!.segments.length).toBe(cordon!.closedSegments);
    expect(closure!.segments.length).toBeGreaterThan(0);
    for (const segment of closure!.segments) expect(distanceToSegmentM(scene, segment.line[0]!, segment.line[1]!)).toBeLessThanOrEqual(46.5);
    // Roads by name, each counting its own segments; the demo city's grid names its streets.
    expect(closure!.roads.reduce((sum, road) => sum + road.segments, 0)).toBe(closure!.segments.length);
    const named = closure!.roads.filter((road) => road.road !== '').map((road) => road.road);
    expect(named.length).toBeGreaterThan(0);
    expect(named).toEqual([...named].sort(new Intl.Collator('fr', { numeric: true }).compare));
    for (const road of closure!.roads) expect(road.segments).toBe(closure!.segments.filter((s) => s.road === road.road && s.roadClass === road.roadClass).length);
    // The points to hold are those of the incident's own picture.
    expect(closure!.perimeter).toEqual(cordon!.perimeter);
    for (const point of closure!.perimeter) expect(distanceM(point, scene)).toBeCloseTo(564, -1);

    // A redraw to a bigger class closes more roads and counts a new version.
    t.clock.set('2026-11-29T10:05:00.000Z');
    const redrawn = await post(`/incidents/${incident.number}/cordon`, eodOfficer, { deviceClass: 'semi_trailer' });
    expect(redrawn.statusCode, redrawn.body).toBe(200);
    const [wider] = await closures();
    expect(wider).toMatchObject({ mandatoryM: 479, version: 2, setAt: NOW, updatedAt: '2026-11-29T10:05:00.000Z' });
    expect(wider!.segments.length).toBeGreaterThan(closure!.segments.length);

    const lifted = await post(`/incidents/${incident.number}/cordon/lift`, eodOfficer, { reason: 'not explosive' });
    expect(lifted.statusCode, lifted.body).toBe(200);
    expect(await closures()).toEqual([]);
  });

  it("routes to the cordon's own incident through its closed roads, and refuses every other route into them", async () => {
    const set = await post(`/incidents/${incident.number}/cordon`, eodOfficer, {});
    expect(set.statusCode, set.body).toBe(200);
    const from = { lat: 33.5672, lon: -7.5995 };
    const url = `/roads/route?fromLat=${from.lat}&fromLon=${from.lon}&toLat=${scene.lat}&toLon=${scene.lon}`;
    expect((await get(url, dispatcher)).statusCode).toBe(404);
    const toIncident = await get(`${url}&incident=${incident.number}`, dispatcher);
    expect(toIncident.statusCode, toIncident.body).toBe(200);
    const { coordinates } = toIncident.json() as { coordinates: [number, number][] };
    expect(coordinates.some(([lon, lat]) => distanceM({ lat, lon }, scene) < 46)).toBe(true);
  });

  it('is read with eod.read: the traffic operator may, the call-taker may not', async () => {
    const callTaker = (await t.login(['call-taker'])).token;
    const refused = await get('/eod/closures', callTaker);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'forbidden' });
    expect((await get('/eod/closures', traffic)).statusCode).toBe(200);
  });
});
