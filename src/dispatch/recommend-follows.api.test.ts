import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { testDatabaseKind } from '../core/testing.js';
import type { LatLon } from '../geo/geometry.js';
import { etaOneToOne } from '../geo/roads/road-routing.js';
import { snapToRoad } from '../geo/roads/road-snap.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { pointsNearRoads, seededRandom } from '../geo/roads/road.testing.js';
import type { Incident } from '../incidents/incident.js';
import { bearer, requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import type { Recommendation } from './dispatch.js';

// The recommendation reads the units module's index, not the unit rows: these show that the index
// follows each command the moment it is committed. Each test makes its own units and incident, and
// asks for all the units that could go (fewer than 20 in this app), so none depends on another.
describe(`the recommendation follows the units as they change (${testDatabaseKind()}, demo city)`, () => {
  let t: TestApp;
  let supervisor: string;
  let dispatcher: string;
  let gateway: string;
  let count = 0;
  const random = seededRandom(23);

  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set('2026-12-02T10:00:00.000Z');
    supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    gateway = (await registerDevice(t.core, 'system:test', { name: 'follow-gateway', kind: 'vehicle' })).token;
    const [east, west] = pointsNearRoads(await getRoadGraph(t.core), 2, random);
    expect((await post('/stations', supervisor, { code: 'ST-EAST', name: 'East', location: east })).statusCode).toBe(201);
    expect((await post('/stations', supervisor, { code: 'ST-WEST', name: 'West', location: west })).statusCode).toBe(201);
  });
  afterAll(async () => t.close());

  const { post } = requestsTo(() => t.app);

  async function places(n: number): Promise<LatLon[]> {
    return pointsNearRoads(await getRoadGraph(t.core), n, random);
  }

  /** A patrol car, made available, at `place` (reported now) or at its station when no place is given. */
  async function unitAt(place: LatLon | undefined, extra: Record<string, unknown> = {}): Promise<string> {
    count += 1;
    const callSign = `FOLLOW-${count}`;
    const created = await post('/units', supervisor, { callSign, kind: 'patrol_car', station: 'ST-EAST', device: 'follow-gateway', ...extra });
    expect(created.statusCode, created.body).toBe(201);
    expect((await post(`/units/${callSign}/status`, dispatcher, { status: 'available' })).statusCode).toBe(200);
    if (place !== undefined) await report(callSign, place);
    return callSign;
  }

  async function report(callSign: string, place: LatLon): Promise<void> {
    // Ten minutes between fixes: no move across the city looks like an impossible jump.
    t.clock.advance(10 * 60_000);
    const response = await post('/avl/positions', gateway, { fixes: [{ callSign, ...place, at: t.clock.now().toISOString() }] });
    expect(response.json(), response.body).toEqual({ accepted: 1, dropped: [] });
  }

  async function incidentAt(place: LatLon, type = 'theft', answers: Record<string, unknown> = {}): Promise<Incident> {
    const response = await post('/incidents', dispatcher, { type, answers, location: place, summary: `A ${type}` });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Incident;
  }

  async function offered(incident: Incident): Promise<Map<string, Recommendation>> {
    const response = await t.app.inject({ url: `/incidents/${incident.number}/recommendation?k=20`, headers: bearer(dispatcher) });
    expect(response.statusCode, response.body).toBe(200);
    return new Map((response.json() as Recommendation[]).map((r) => [r.callSign, r]));
  }

  /** The road time from a place to an incident, by a plain search, as the recommendation rounds it. */
  async function etaFrom(place: LatLon, incident: Incident): Promise<number> {
    const graph = await getRoadGraph(t.core);
    const found = etaOneToOne(graph, snapToRoad(graph, place)!, snapToRoad(graph, incident.location)!);
    return Math.round(found!.etaS * 10) / 10;
  }

  it('drops a unit that goes out of service from the very next recommendation, and offers it again once back', async () => {
    const [here, near] = await places(2);
    const callSign = await unitAt(near);
    const incident = await incidentAt(here!);
    expect((await offered(incident)).get(callSign)).toMatchObject({ status: 'available', reason: 'nearest_by_road' });
    expect((await post(`/units/${callSign}/status`, dispatcher, { status: 'out_of_service', reason: 'flat tyre' })).statusCode).toBe(200);
    expect((await offered(incident)).has(callSign)).toBe(false);
    expect((await post(`/units/${callSign}/status`, dispatcher, { status: 'available' })).statusCode).toBe(200);
    expect((await offered(incident)).get(callSign)).toMatchObject({ status: 'available' });
  });

  it('offers a unit added a moment ago, from its station until its first position, then from there', async () => {
    const [here, near] = await places(2);
    const incident = await incidentAt(here!);
    const before = await offered(incident);
    const callSign = await unitAt(undefined);
    expect(before.has(callSign)).toBe(false);
    const fromStation = (await offered(incident)).get(callSign);
    const east = ((await t.app.inject({ url: '/stations', headers: bearer(dispatcher) })).json() as { code: string; location: LatLon }[]).find((s) => s.code === 'ST-EAST')!;
    expect(fromStation).toMatchObject({ reason: 'from_station', positionStale: true, station: 'ST-EAST', etaS: await etaFrom(east.location, incident) });
    await report(callSign, near!);
    expect((await offered(incident)).get(callSign)).toMatchObject({ reason: 'nearest_by_road', positionStale: false, etaS: await etaFrom(near!, incident) });
  });

  it('gives a unit that moved the road time from where it is now', async () => {
    const [here, far, near] = await places(3);
    const incident = await incidentAt(here!);
    const callSign = await unitAt(far);
    const fromFar = await etaFrom(far!, incident);
    const fromNear = await etaFrom(near!, incident);
    expect(fromNear).not.toBe(fromFar);
    expect((await offered(incident)).get(callSign)?.etaS).toBe(fromFar);
    await report(callSign, near!);
    expect((await offered(incident)).get(callSign)?.etaS).toBe(fromNear);
  });

  it('places a unit whose position went stale at the station it was moved to', async () => {
    const [here, near] = await places(2);
    const incident = await incidentAt(here!);
    const callSign = await unitAt(near);
    t.clock.advance((t.core.config.positionStaleSeconds + 1) * 1_000);
    const west = ((await t.app.inject({ url: '/stations', headers: bearer(dispatcher) })).json() as { code: string; location: LatLon }[]).find((s) => s.code === 'ST-WEST')!;
    const moved = await t.app.inject({ method: 'PATCH', url: `/units/${callSign}`, headers: bearer(supervisor), payload: { station: 'ST-WEST' } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await offered(incident)).get(callSign)).toMatchObject({ station: 'ST-WEST', reason: 'from_station', etaS: await etaFrom(west.location, incident) });
  });

  it('offers a unit for an armed incident as soon as it is given the capability, and no longer once it loses it', async () => {
    const [here, near] = await places(2);
    const callSign = await unitAt(near);
    const incident = await incidentAt(here!, 'assault', { weapon_seen: true });
    expect(incident.capabilities).toEqual(['armed']);
    expect((await offered(incident)).has(callSign)).toBe(false);
    const change = (capabilities: string[]) => t.app.inject({ method: 'PATCH', url: `/units/${callSign}`, headers: bearer(supervisor), payload: { capabilities } });
    expect((await change(['armed'])).statusCode).toBe(200);
    expect((await offered(incident)).get(callSign)).toMatchObject({ reason: 'nearest_by_road' });
    expect((await change([])).statusCode).toBe(200);
    expect((await offered(incident)).has(callSign)).toBe(false);
  });

  it('stops offering a unit once it is sent elsewhere, and offers it again when released', async () => {
    const [here, there, near] = await places(3);
    const callSign = await unitAt(near);
    const incident = await incidentAt(here!);
    const other = await incidentAt(there!);
    const sent = await post(`/incidents/${other.number}/assign`, dispatcher, { units: [callSign] });
    expect(sent.statusCode, sent.body).toBe(200);
    expect((await offered(incident)).has(callSign)).toBe(false);
    const released = await post(`/incidents/${other.number}/release`, dispatcher, { unit: callSign, reason: 'not needed after all' });
    expect(released.statusCode, released.body).toBe(200);
    expect((await offered(incident)).get(callSign)).toMatchObject({ status: 'available' });
  });
});
