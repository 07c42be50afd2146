import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { testDatabaseKind } from '../core/testing.js';
import { snapToRoad } from '../geo/roads/road-snap.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { bruteForceRanking, pointsNearRoads, seededRandom, topKDifference } from '../geo/roads/road.testing.js';
import type { Incident } from '../incidents/incident.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import type { Unit } from '../units/unit.js';
import type { Assignment, Recommendation } from './dispatch.js';

const UNITS = 60;

describe(`recommendation by road time (${testDatabaseKind()}, demo city)`, () => {
  let t: TestApp;
  let dispatcher: string;
  const random = seededRandom(7);

  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set('2026-11-29T21:00:00.000Z');
    const supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    const gateway = (await registerDevice(t.core, 'system:test', { name: 'fleet-gateway', kind: 'vehicle' })).token;
    const graph = await getRoadGraph(t.core);
    const [north, south] = pointsNearRoads(graph, 2, random);
    await post('/stations', supervisor, { code: 'ST-NORTH', name: 'North', location: north });
    await post('/stations', supervisor, { code: 'ST-SOUTH', name: 'South', location: south });
    const places = pointsNearRoads(graph, UNITS, random);
    const fixes: Record<string, unknown>[] = [];
    for (let i = 0; i < UNITS; i += 1) {
      const callSign = `CASA-PC-${String(i).padStart(2, '0')}`;
      const created = await post('/units', supervisor, {
        callSign,
        kind: 'patrol_car',
        station: i % 2 === 0 ? 'ST-NORTH' : 'ST-SOUTH',
        capabilities: i % 3 === 0 ? ['armed'] : [],
        device: 'fleet-gateway',
      });
      expect(created.statusCode, created.body).toBe(201);
      // Most at work; some busy, some off duty; the last ten without a position (placed at their station).
      const status = i % 10 === 7 ? 'busy' : i % 10 === 8 ? null : 'available';
      if (status !== null) await post(`/units/${callSign}/status`, dispatcher, { status: 'available' });
      if (status === 'busy') await post(`/units/${callSign}/status`, dispatcher, { status: 'busy' });
      if (i < UNITS - 10) fixes.push({ callSign, ...places[i], at: '2026-11-29T20:59:30.000Z' });
    }
    expect((await post('/avl/positions', gateway, { fixes })).json()).toMatchObject({ accepted: UNITS - 10 });
  });
  afterAll(async () => t.close());

  const { get, post } = requestsTo(() => t.app);
  const createIncident = async (location: { lat: number; lon: number }, type = 'theft', answers: Record<string, unknown> = {}) => {
    const response = await post('/incidents', dispatcher, { type, answers, location, summary: `A ${type}` });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Incident;
  };

  /** What a dispatcher should be offered, computed the slow way: a route from every eligible unit. */
  async function expected(incident: Incident, k: number) {
    const graph = await getRoadGraph(t.core);
    const units = (await get('/units', dispatcher)).json() as Unit[];
    const stations = new Map(((await get('/stations', dispatcher)).json() as { code: string; location: { lat: number; lon: number } }[]).map((s) => [s.code, s.location]));
    const sources = units
      .filter((u) => u.status === 'available' && incident.capabilities.every((c) => u.capabilities.includes(c)))
      .map((u) => ({ id: u.callSign, snap: snapToRoad(graph, u.position !== null && !u.positionStale ? u.position : stations.get(u.station)!)! }));
    return { ranking: bruteForceRanking(graph, snapToRoad(graph, incident.location)!, sources), k };
  }

  it('offers the same k units as routing from every eligible unit, for random incidents', async () => {
    const graph = await getRoadGraph(t.core);
    for (const location of pointsNearRoads(graph, 20, random)) {
      const incident = await createIncident(location);
      const response = await get(`/incidents/${incident.number}/recommendation?k=5`, dispatcher);
      expect(response.statusCode, response.body).toBe(200);
      const offered = response.json() as Recommendation[];
      const { ranking } = await expected(incident, 5);
      const difference = topKDifference(offered.map((r) => ({ id: r.callSign, etaS: r.etaS, distanceM: r.distanceM })), ranking, 5, 0.06);
      expect(difference, incident.number).toBeUndefined();
      for (const r of offered) {
        expect(r.status).toBe('available');
        expect(r.reason).toBe(Number(r.callSign.slice(-2)) >= UNITS - 10 ? 'from_station' : 'nearest_by_road');
      }
    }
  });

  it('offers only units with the capabilities the incident needs', async () => {
    const incident = await createIncident(pointsNearRoads(await getRoadGraph(t.core), 1, random)[0]!, 'assault', { weapon_seen: true });
    expect(incident.capabilities).toEqual(['armed']);
    const offered = (await get(`/incidents/${incident.number}/recommendation?k=10`, dispatcher)).json() as Recommendation[];
    expect(offered.length).toBeGreaterThan(0);
    for (const r of offered) expect(Number(r.callSign.slice(-2)) % 3, r.callSign).toBe(0);
    const { ranking } = await expected(incident, 10);
    expect(topKDifference(offered.map((r) => ({ id: r.callSign, etaS: r.etaS, distanceM: r.distanceM })), ranking, 10, 0.06)).toBeUndefined();
  });

  it('offers a unit on a lower-priority incident only when diversion is asked for, and keeps the ETA with the assignment', async () => {
    const graph = await getRoadGraph(t.core);
    const [here] = pointsNearRoads(graph, 1, random);
    const noise = await createIncident(here!, 'noise');
    const first = ((await get(`/incidents/${noise.number}/recommendation?k=1`, dispatcher)).json() as Recommendation[])[0]!;
    const sent = (await post(`/incidents/${noise.number}/assign`, dispatcher, { units: [first.callSign] })).json() as Assignment[];
    expect(sent[0]!.etaS).toBeCloseTo(first.etaS, 0);
    const theft = await createIncident(here!, 'theft');
    expect(theft.capabilities).toEqual([]);
    const plain = (await get(`/incidents/${theft.number}/recommendation?k=20`, dispatcher)).json() as Recommendation[];
    expect(plain.map((r) => r.callSign)).not.toContain(first.callSign);
    const divertible = (await get(`/incidents/${theft.number}/recommendation?k=20&divertible=true`, dispatcher)).json() as Recommendation[];
    expect(divertible.find((r) => r.callSign === first.callSign)).toMatchObject({ reason: 'divertible', divertFrom: noise.number, status: 'dispatched' });
    // Not from an incident of the same priority either.
    const lower = await createIncident(here!, 'lost_property');
    const notFromHigher = (await get(`/incidents/${lower.number}/recommendation?k=20&divertible=true`, dispatcher)).json() as Recommendation[];
    expect(notFromHigher.map((r) => r.callSign)).not.toContain(first.callSign);
  });

  it('offers patrols for a suspicious object without asking them for the EOD squad\'s needs, and never offers a squad among them', async () => {
    const supervisor = (await t.login(['supervisor'])).token;
    const created = await post('/units', supervisor, { callSign: 'CASA-EOD-1', kind: 'eod_squad', station: 'ST-NORTH', capabilities: ['eod', 'robot'] });
    expect(created.statusCode, created.body).toBe(201);
    await post('/units/CASA-EOD-1/status', dispatcher, { status: 'available' });
    const incident = await createIncident(pointsNearRoads(await getRoadGraph(t.core), 1, random)[0]!, 'suspicious_object', { object_type: 'package', wires_or_smell: true });
    expect(incident.capabilities).toEqual(['eod', 'robot']);
    const offered = (await get(`/incidents/${incident.number}/recommendation?k=20`, dispatcher)).json() as Recommendation[];
    expect(offered.length).toBe(20);
    for (const r of offered) expect(r.kind, r.callSign).toBe('patrol_car');
    const { ranking } = await expected({ ...incident, capabilities: [] }, 20);
    expect(topKDifference(offered.map((r) => ({ id: r.callSign, etaS: r.etaS, distanceM: r.distanceM })), ranking.filter((r) => r.id !== 'CASA-EOD-1'), 20, 0.06)).toBeUndefined();
    await post('/units/CASA-EOD-1/status', dispatcher, { status: 'off_duty' });
  });

  it('refuses to recommend for a closed incident, and to those who do not dispatch', async () => {
    const incident = await createIncident(pointsNearRoads(await getRoadGraph(t.core), 1, random)[0]!, 'noise');
    expect((await get(`/incidents/${incident.number}/recommendation`, (await t.login(['call-taker'])).token)).statusCode).toBe(403);
    await post(`/incidents/${incident.number}/close`, dispatcher, { reason: 'neighbours asked to lower the music by phone' });
    expect((await get(`/incidents/${incident.number}/recommendation`, dispatcher)).statusCode).toBe(409);
    expect((await get(`/incidents/${incident.number}/recommendation?k=0`, dispatcher)).json()).toMatchObject({ errors: [{ field: 'k' }] });
  });
});
