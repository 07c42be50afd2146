import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import type { Corridor, CorridorTime } from '../contract/traffic-feed.schema.js';
import { DEMO_CITY_CENTRE } from '../geo/roads/demo-city.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { bearer, requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { between, streetEdge } from './feed.testing.js';
import { liveSpeeds } from './speed.service.js';

const NOW = '2026-12-07T08:00:00.000Z';

describe(`corridors and their travel times (${testDatabaseKind()}, demo city)`, () => {
  let t: TestApp;
  let operator: string;
  let supervisor: string;
  let centre: string;
  let graph: RoadGraph;
  let street: ReturnType<typeof streetEdge>;
  const { get, post, send } = requestsTo(() => t.app);

  const times = async () => {
    const response = await get('/traffic/corridors/times', operator);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as CorridorTime[];
  };
  const push = (body: object) => t.app.inject({ method: 'POST', url: '/traffic/feeds/casa-tc/data', headers: { ...bearer(centre), 'content-type': 'application/json' }, payload: JSON.stringify(body) });

  beforeEach(async () => {
    t = await setupTestApp();
    t.clock.set(NOW);
    operator = (await t.login(['traffic-operator'])).token;
    supervisor = (await t.login(['supervisor'])).token;
    const admin = (await t.login(['administrator'])).token;
    centre = ((await post('/devices', admin, { name: 'casa-tc', kind: 'traffic-centre' })).json() as { token: string }).token;
    expect((await post('/traffic/feeds', operator, { id: 'casa-tc', name: 'Casablanca' })).statusCode).toBe(201);
    graph = await getRoadGraph(t.core);
    street = streetEdge(graph, DEMO_CITY_CENTRE);
    const created = await post('/traffic/corridors', operator, {
      nameAr: 'المحور التجريبي',
      nameFr: 'Axe d’essai',
      nameEn: 'Test corridor',
      // From before the street's segment to beyond it, along the same avenue: a closure of the segment leaves a way round.
      waypoints: [between(street.tail, street.head, -0.2), between(street.tail, street.head, 1.2)],
    });
    expect(created.statusCode, created.body).toBe(201);
  });
  afterEach(async () => t.close());

  it('takes the usual time on free roads, and lists the cameras within 60 m of its line only', async () => {
    for (const [id, sideM] of [['CAM-NEAR', 20], ['CAM-FAR', 300]] as const) {
      const camera = await post('/cameras', supervisor, { id, name: id.toLowerCase(), location: between(street.tail, street.head, 0.5, sideM), headingDeg: 90, fovDeg: 90, rangeM: 150 });
      expect(camera.statusCode, camera.body).toBe(201);
    }
    const [time, ...others] = await times();
    expect(others).toEqual([]);
    expect(time!.corridor).toMatchObject({ id: 1, nameEn: 'Test corridor', version: 1 });
    expect(time!.nowS).toBe(time!.usualS);
    expect(time!.ratio).toBe(1);
    expect(time!.usualS).toBeGreaterThan(0);
    expect(time!.distanceM).toBeGreaterThan(150);
    expect(time!.line.coordinates.length).toBeGreaterThanOrEqual(2);
    expect(time!.cameras.map((c) => c.id)).toEqual(['CAM-NEAR']);
    expect(time!.cameras[0]!.distanceM).toBeGreaterThan(15);
    expect(time!.cameras[0]!.distanceM).toBeLessThan(25);
  });

  it('takes longer now than usual when a feed says the corridor is slow', async () => {
    expect((await push({ speeds: [{ from: between(street.tail, street.head, 0.05), to: between(street.tail, street.head, 0.95), kmh: 8, at: NOW }] })).statusCode).toBe(200);
    await liveSpeeds(t.core).republish();
    const [time] = await times();
    expect(time!.nowS!).toBeGreaterThan(time!.usualS!);
    expect(time!.ratio!).toBeGreaterThan(1.5);
  });

  it('takes longer now than usual when the corridor is closed: the way round the block', async () => {
    expect((await push({ events: [{ id: 'x', kind: 'road_closed', point: between(street.tail, street.head, 0.5), start: NOW, closesRoad: true }] })).statusCode).toBe(200);
    const [time] = await times();
    expect(time!.nowS).not.toBeNull();
    expect(time!.nowS!).toBeGreaterThan(time!.usualS!);
    expect(time!.ratio!).toBeGreaterThan(1);
  });

  it('is edited by the traffic operator (journaled) and read by traffic readers; others may not edit', async () => {
    const patched = await send('PATCH', '/traffic/corridors/1', operator, { nameEn: 'Renamed corridor' });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ nameEn: 'Renamed corridor', nameFr: 'Axe d’essai', version: 2 });
    expect((await send('PATCH', '/traffic/corridors/1', operator, { waypoints: [street.tail] })).statusCode).toBe(400);
    const dispatcher = (await t.login(['dispatcher'])).token;
    expect((await get('/traffic/corridors', dispatcher)).statusCode).toBe(200);
    expect((await send('DELETE', '/traffic/corridors/1', dispatcher)).statusCode).toBe(403);
    expect((await send('DELETE', '/traffic/corridors/1', operator)).statusCode).toBe(204);
    expect((await get('/traffic/corridors', operator)).json() as Corridor[]).toEqual([]);
    const journal = await t.core.db.selectFrom('journal').select('type').where('stream', '=', 'corridor/1').orderBy('seq').execute();
    expect(journal.map((e) => e.type)).toEqual(['corridor.created', 'corridor.changed', 'corridor.removed']);
  });
});
