import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { testDatabaseKind } from '../core/testing.js';
import type { RespondingRoute } from '../contract/traffic-responding.schema.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';

/** Two junction areas of the demo city about 2.5 km apart, with many roads between them. */
const unitAt = { lat: 33.5652, lon: -7.6051 };
const sceneAt = { lat: 33.5801, lon: -7.5862 };

describe(`the roads responding units drive, for the traffic room (${testDatabaseKind()}, demo city)`, () => {
  let t: TestApp;
  let traffic: string;
  let dispatcher: string;
  let incident: string;

  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set('2026-12-07T10:00:00.000Z');
    const supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    traffic = (await t.login(['traffic-operator'])).token;
    const gateway = (await registerDevice(t.core, 'system:test', { name: 'fleet-gateway', kind: 'vehicle' })).token;
    expect((await post('/stations', supervisor, { code: 'ST-WEST', name: 'West', location: unitAt })).statusCode).toBe(201);
    expect((await post('/units', supervisor, { callSign: 'CASA-PC-1', kind: 'patrol_car', station: 'ST-WEST', device: 'fleet-gateway' })).statusCode).toBe(201);
    expect((await post('/units', supervisor, { callSign: 'CASA-PC-2', kind: 'patrol_car', station: 'ST-WEST', device: 'fleet-gateway' })).statusCode).toBe(201);
    for (const unit of ['CASA-PC-1', 'CASA-PC-2']) await post(`/units/${unit}/status`, dispatcher, { status: 'available' });
    const fixes = await post('/avl/positions', gateway, { fixes: [{ callSign: 'CASA-PC-1', ...unitAt, at: '2026-12-07T09:59:50.000Z' }] });
    expect(fixes.json()).toMatchObject({ accepted: 1 });
    const created = await post('/incidents', dispatcher, { type: 'theft', answers: {}, location: sceneAt, summary: 'A theft' });
    expect(created.statusCode, created.body).toBe(201);
    incident = (created.json() as { number: string }).number;
  });
  afterAll(async () => t.close());

  const { get, post } = requestsTo(() => t.app);
  const responding = async () => {
    const response = await get('/traffic/responding', traffic);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as RespondingRoute[];
  };

  it('lists no unit before one is sent, then the unit sent with its road to the incident', async () => {
    expect(await responding()).toEqual([]);
    const assigned = await post(`/incidents/${incident}/assign`, dispatcher, { units: ['CASA-PC-1'] });
    expect(assigned.statusCode, assigned.body).toBe(200);
    const [route, ...others] = await responding();
    expect(others).toEqual([]);
    expect(route).toMatchObject({ callSign: 'CASA-PC-1', status: 'dispatched', incident, fromStation: false, cause: 'none' });
    expect(route!.usualEtaS).toBe(route!.etaS);
    expect(route!.distanceM).toBeGreaterThan(2_000);
    const [lon, lat] = route!.coordinates[0]!;
    expect(Math.abs(lat - unitAt.lat) + Math.abs(lon - unitAt.lon)).toBeLessThan(0.002);
  });

  it('sends the unit another way when the traffic operator closes a road on its route, and back when it reopens', async () => {
    const [before] = await responding();
    // Half-way along a stretch in the middle of the road it drives (not at a junction, where the nearest
    // segment could be a crossing street's): that segment, closed both ways.
    const middle = Math.floor(before!.coordinates.length / 2);
    const [[lonA, latA], [lonB, latB]] = [before!.coordinates[middle - 1]!, before!.coordinates[middle]!];
    const [lat, lon] = [(latA + latB) / 2, (lonA + lonB) / 2];
    const closed = await post('/traffic/closures', traffic, { kind: 'segment', point: { lat, lon }, reason: 'police_operation', reasonText: 'Checkpoint' });
    expect(closed.statusCode, closed.body).toBe(201);
    const [during] = await responding();
    expect(during).toMatchObject({ callSign: 'CASA-PC-1', cause: 'closure', usualEtaS: before!.etaS });
    expect(during!.etaS).toBeGreaterThan(before!.etaS);
    expect(during!.coordinates).not.toEqual(before!.coordinates);

    const reopened = await post(`/traffic/closures/${(closed.json() as { id: number }).id}/reopen`, traffic, {});
    expect(reopened.statusCode, reopened.body).toBe(200);
    const [after] = await responding();
    expect(after).toMatchObject({ cause: 'none', etaS: before!.etaS });
    expect(after!.coordinates).toEqual(before!.coordinates);
  });

  it('draws a unit without a recent fix from its station, and leaves out units that are not on their way', async () => {
    await post(`/incidents/${incident}/assign`, dispatcher, { units: ['CASA-PC-2'] });
    const routes = await responding();
    expect(routes.map((r) => [r.callSign, r.fromStation])).toEqual(
      expect.arrayContaining([
        ['CASA-PC-1', false],
        ['CASA-PC-2', true],
      ]),
    );
    await post('/units/CASA-PC-2/status', dispatcher, { status: 'on_scene' });
    expect((await responding()).map((r) => r.callSign)).toEqual(['CASA-PC-1']);
  });

  it('is the traffic room’s and the dispatch floor’s, not the call-takers’', async () => {
    const callTaker = (await t.login(['call-taker'])).token;
    expect((await get('/traffic/responding', callTaker)).statusCode).toBe(403);
    expect((await get('/traffic/responding', dispatcher)).statusCode).toBe(200);
  });
});
