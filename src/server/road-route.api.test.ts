import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { distanceM } from '../geo/geometry.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

/** A junction near the demo city's centre, and the EOD base of Rabat, 87 km away. */
const scene = { lat: 33.5731, lon: -7.5898 };
const rabat = { lat: 34.0209, lon: -6.8416 };

describe(`routes for units coming from off the road network (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let dispatcher: string;
  /** The network's northernmost point: places north of it are that far from every road. */
  let north: { lat: number; lon: number };
  beforeAll(async () => {
    t = await setupTestApp();
    dispatcher = (await t.login(['dispatcher'])).token;
    const graph = await getRoadGraph(t.core);
    let top = 0;
    for (let v = 1; v < graph.lat.length; v += 1) if (graph.lat[v]! > graph.lat[top]!) top = v;
    north = { lat: graph.lat[top]!, lon: graph.lon[top]! };
  });
  afterAll(async () => t.close());

  const route = (from: { lat: number; lon: number }, to: { lat: number; lon: number }, extra = '') =>
    t.app.inject({ url: `/roads/route?fromLat=${from.lat}&fromLon=${from.lon}&toLat=${to.lat}&toLon=${to.lon}${extra}`, headers: bearer(dispatcher) });
  /** `metres` due north of the network's northernmost point. */
  const northOf = (metres: number) => ({ lat: north.lat + metres / 111_195, lon: north.lon });

  it('routes from the nearest road a start within 1 km of the network', async () => {
    const start = northOf(600);
    const response = await route(start, scene);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { kind: string; outside: string[]; from: { offsetM: number }; coordinates: [number, number][]; distanceM: number };
    expect(body).toMatchObject({ kind: 'road', outside: [] });
    expect(body.from.offsetM).toBeGreaterThan(550);
    expect(body.from.offsetM).toBeLessThanOrEqual(600.1);
    expect(body.coordinates.length).toBeGreaterThan(2);
  });

  it('answers 422 outside_road_network, naming the end, for a start far from every road', async () => {
    const response = await route(rabat, scene);
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      status: 422,
      code: 'outside_road_network',
      detail: 'from: is more than 1000 m from any road',
      errors: [{ field: 'from', message: 'is more than 1000 m from any road' }],
    });
    expect((await route(scene, northOf(2_000))).json()).toMatchObject({ code: 'outside_road_network', errors: [{ field: 'to' }] });
    expect((await route(rabat, northOf(2_000))).json()).toMatchObject({ errors: [{ field: 'from' }, { field: 'to' }] });
  });

  it('estimates along a straight line when asked to, saying which end is off the network', async () => {
    const response = await route(rabat, scene, '&offNetwork=estimate');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { kind: string; outside: string[]; distanceM: number; etaS: number; coordinates: [number, number][] };
    const straight = distanceM(rabat, scene);
    expect(straight).toBeGreaterThan(85_000);
    expect(body).toMatchObject({ kind: 'straight_line', outside: ['from'], distanceM: Math.round(straight) });
    // Timed as the intercity estimate is: a road 1.3 times the line (AMANE_EOD_ROAD_FACTOR) at 90 km/h (AMANE_EOD_INTERCITY_KMH).
    expect(body.etaS).toBe(Math.round((straight * t.core.config.eodRoadFactor) / (t.core.config.eodIntercityKmh / 3.6)));
    expect([t.core.config.eodRoadFactor, t.core.config.eodIntercityKmh]).toEqual([1.3, 90]);
    expect(body.coordinates).toEqual([
      [rabat.lon, rabat.lat],
      [scene.lon, scene.lat],
    ]);
    // Both ends on the network: the road route, as without the option.
    expect((await route(scene, northOf(600), '&offNetwork=estimate')).json()).toMatchObject({ kind: 'road', outside: [] });
  });

  it('refuses an unknown choice for an end off the network, naming the field', async () => {
    const response = await route(rabat, scene, '&offNetwork=guess');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ field: 'offNetwork' }] });
  });
});
