import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import type { TransitVehicle } from '../contract/transit.schema.js';
import { bearer, requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { DEMO_TRANSIT_FEED, demoTransitFiles, demoTransitZip, importGtfs, readGtfsFiles } from '../transit/index.js';
import { tramMessage, tramTrips, tripDelayS } from './trams.actor.js';

/** Monday 7 December 2026, 10:00 in Casablanca. */
const NOW = '2026-12-07T09:00:00.000Z';

describe(`the simulated tram company (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set(NOW);
  }, 120_000);
  afterAll(async () => t.close());

  it("pushes its trams, late as each trip's delay says, and the centre shows them on the demo lines", async () => {
    const graph = await getRoadGraph(t.core);
    await importGtfs(t.core, 'system:test', DEMO_TRANSIT_FEED, demoTransitZip(graph, 2026), 'demo city lines');
    const { post } = requestsTo(() => t.app);
    const admin = (await t.login(['administrator'])).token;
    const device = await post('/devices', admin, { name: 'trams-test', kind: 'transit' });
    const token = (device.json() as { token: string }).token;
    const trips = tramTrips(readGtfsFiles(new Map(Object.entries(demoTransitFiles(graph, 2026)))));
    const pushed = await t.app.inject({
      method: 'POST',
      url: `/transit/feeds/${DEMO_TRANSIT_FEED}/realtime/data`,
      headers: { ...bearer(token), 'content-type': 'application/x-protobuf' },
      payload: Buffer.from(tramMessage(trips, Date.parse(NOW), 7)),
    });
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect(pushed.json()).toMatchObject({ unknownTrips: 0, lastError: null });
    const traffic = (await t.login(['traffic-operator'])).token;
    const vehicles = (await t.app.inject({ url: '/transit/vehicles', headers: bearer(traffic) })).json() as TransitVehicle[];
    // Every 8 minutes each way on two lines of 10 to 15 minutes' run: at least two trams each way on each.
    expect(vehicles.length).toBeGreaterThanOrEqual(8);
    expect(new Set(vehicles.map((v) => v.routeId))).toEqual(new Set(['T1', 'T2']));
    for (const vehicle of vehicles) {
      expect(vehicle.mode).toBe('tram');
      expect(vehicle.delayS).toBe(tripDelayS(vehicle.tripId!, 7));
    }
  });
});
