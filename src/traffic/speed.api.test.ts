import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { testDatabaseKind } from '../core/testing.js';
import type { LatLon } from '../geo/geometry.js';
import { liveRoadSpeedsOn, roadCostsOn } from '../geo/roads/road-closures.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { route } from '../geo/roads/road-routing.js';
import { snapToRoad, type Snap } from '../geo/roads/road-snap.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { seededRandom } from '../geo/roads/road.testing.js';
import type { Recommendation } from '../dispatch/dispatch.js';
import type { Incident } from '../incidents/incident.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { RoadJams, type SimJam } from '../sim/road-jams.js';
import { legAlong, positionOn, type Leg } from '../sim/unit-motion.js';
import type { SlowRoad, SpeedMap } from '../contract/traffic-speed.schema.js';
import { flushTrafficSpeeds, liveSpeeds } from './speed.service.js';

const START = Date.parse('2026-12-07T09:00:00.000Z');
const MINUTE = 60_000;
const TICK_MS = 10_000;
const NOISE_M = 20;
const SHUTTLES = 18;
/** Patrols drive at 70% of the road's speed (as the simulator's do), except where a jam holds them. */
const PATROL_PACE = 0.7;
const JAM_KMH = 10;
const JAM_FROM = START + 5 * MINUTE;
const JAM_TO = JAM_FROM + 20 * MINUTE;

/**
 * The acceptance of live speeds: a simulated jam on a secondary street of the demo city, patrol cars
 * shuttling along the street through it (each leg planned on usual road times, as the simulator's
 * fleet plans them, and driven at the jam's speed where the jam holds), their trackers reporting every
 * 10 s with 20 m of noise through `POST /avl/positions`, the manual clock moved tick by tick.
 */
describe(`live road speeds from the fleet (${testDatabaseKind()}, demo city)`, () => {
  let t: TestApp;
  let graph: RoadGraph;
  let dispatcher: string;
  let operator: string;
  let gateway: string;
  let jam: SimJam;
  let ends: { a: Snap; b: Snap };
  const random = seededRandom(11);
  const shuttles: { callSign: string; leg: Leg; towardsB: boolean }[] = [];
  const { get, post } = requestsTo(() => t.app);

  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set(new Date(START));
    const supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    operator = (await t.login(['traffic-operator'])).token;
    gateway = (await registerDevice(t.core, 'system:test', { name: 'traffic-gateway', kind: 'vehicle' })).token;
    graph = await getRoadGraph(t.core);
    const jams = new RoadJams(graph, 5, 0);
    jam = jams.jam({ road: 'Rue 40', kmh: JAM_KMH, startMs: JAM_FROM, durationMs: JAM_TO - JAM_FROM, lengthM: 700 });
    ends = shuttleEnds(graph, jam);
    expect((await post('/stations', supervisor, { code: 'ST-TRAFFIC', name: 'Traffic', location: { lat: ends.a.lat, lon: ends.a.lon } })).statusCode).toBe(201);
    for (const callSign of [...Array.from({ length: SHUTTLES }, (_, i) => `CASA-PC-${i + 10}`), 'CASA-PC-99']) {
      const created = await post('/units', supervisor, { callSign, kind: 'patrol_car', station: 'ST-TRAFFIC', capabilities: [], device: 'traffic-gateway' });
      expect(created.statusCode, created.body).toBe(201);
      expect((await post(`/units/${callSign}/status`, dispatcher, { status: 'available' })).statusCode).toBe(200);
    }
    // Staggered: one car sets off every 20 s, half of them from each end.
    for (let i = 0; i < SHUTTLES; i += 1) {
      const towardsB = i % 2 === 0;
      shuttles.push({ callSign: `CASA-PC-${i + 10}`, towardsB, leg: drive(towardsB, START + i * 20_000, jams) });
    }
    const drives = async (untilMs: number) => {
      while (t.clock.now().getTime() < untilMs) {
        t.clock.advance(TICK_MS);
        const now = t.clock.now().getTime();
        const fixes: Record<string, unknown>[] = [];
        for (const shuttle of shuttles) {
          if (now >= shuttle.leg.endMs) {
            shuttle.towardsB = !shuttle.towardsB;
            shuttle.leg = drive(shuttle.towardsB, now, jams);
          }
          if (now < shuttle.leg.startMs) continue;
          fixes.push({ callSign: shuttle.callSign, ...noisy(positionOn(shuttle.leg, now)), at: new Date(now).toISOString() });
        }
        // The unit the recommendation is asked about stands at the shuttles' first end.
        fixes.push({ callSign: 'CASA-PC-99', lat: ends.a.lat, lon: ends.a.lon, at: new Date(now).toISOString() });
        const sent = await post('/avl/positions', gateway, { fixes });
        expect(sent.json(), sent.body).toMatchObject({ accepted: fixes.length });
        await flushTrafficSpeeds(t.core);
      }
    };
    driveUntil = drives;
  }, 60_000);
  afterAll(async () => t.close());

  let driveUntil: (untilMs: number) => Promise<void>;

  function drive(towardsB: boolean, startMs: number, jams: RoadJams): Leg {
    const found = towardsB ? route(graph, ends.a, ends.b)! : route(graph, ends.b, ends.a)!;
    return legAlong(graph, found, startMs, PATROL_PACE, jams.trafficAt);
  }

  /** A tracker's reading: the true place moved by Gaussian noise of `NOISE_M` on each axis. */
  function noisy(point: LatLon): LatLon {
    const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return { lat: round6(point.lat + (gauss() * NOISE_M) / 111_195), lon: round6(point.lon + (gauss() * NOISE_M) / (111_195 * Math.cos((point.lat * Math.PI) / 180))) };
  }

  /** The class speed over the same edges as `jamEstimate`. */
  function jamUsualKmh(): number {
    const edges = jamEstimate().edges.map(({ edge }) => edge);
    return (edges.reduce((sum, edge) => sum + graph.lengthM[edge]!, 0) / edges.reduce((sum, edge) => sum + graph.timeS[edge]!, 0)) * 3.6;
  }

  /** The jam's edges the shuttles drive whole, and their estimated speed as published (km/h; the class speed when none). */
  function jamEstimate(): { kmh: number; edges: { edge: number; kmh: number }[] } {
    const driven = new Set([...route(graph, ends.a, ends.b)!.edges, ...route(graph, ends.b, ends.a)!.edges]);
    const live = liveRoadSpeedsOn(graph, t.core) ?? new Map<number, number>();
    const edges = jam.edges.filter((edge) => driven.has(edge)).map((edge) => ({ edge, kmh: live.get(edge) ?? (graph.lengthM[edge]! / graph.timeS[edge]!) * 3.6 }));
    const metres = edges.reduce((sum, { edge }) => sum + graph.lengthM[edge]!, 0);
    const seconds = edges.reduce((sum, { edge, kmh }) => sum + graph.lengthM[edge]! / (kmh / 3.6), 0);
    return { kmh: (metres / seconds) * 3.6, edges };
  }

  it('sees nothing slow before the jam: the street is driven at patrol pace, which reads as free flow', async () => {
    expect(jam.lengthM).toBeGreaterThan(700);
    await driveUntil(JAM_FROM);
    expect(liveSpeeds(t.core).current!.size).toBeGreaterThan(10);
    expect(jamEstimate().edges.length).toBeGreaterThanOrEqual(6);
    expect(liveRoadSpeedsOn(graph, t.core)).toBeUndefined();
    expect(((await get('/traffic/speeds', operator)).json() as SpeedMap).features).toEqual([]);
  });

  it('estimates the jammed edges within 20% of the jam speed within five minutes of its start', async () => {
    await driveUntil(JAM_FROM + 5 * MINUTE);
    const estimate = jamEstimate();
    expect(Math.abs(estimate.kmh - JAM_KMH) / JAM_KMH, JSON.stringify(estimate)).toBeLessThanOrEqual(0.2);
    // Each edge driven whole is slowed too (not only their mean): congested or worse, under twice the jam speed.
    for (const { kmh } of estimate.edges) expect(kmh).toBeLessThan(2 * JAM_KMH);

    const speeds = (await get('/traffic/speeds', operator)).json() as SpeedMap;
    const jammed = speeds.features.filter((f) => jam.edges.includes(f.properties.edge));
    expect(jammed.length).toBeGreaterThanOrEqual(estimate.edges.length);
    expect(jammed.every((f) => f.properties.road === 'Rue 40' && f.properties.level !== 'free_flow' && f.properties.usualKmh > 40)).toBe(true);
    const slowest = (await get('/traffic/roads/slowest?limit=3', operator)).json() as SlowRoad[];
    expect(slowest[0]).toMatchObject({ road: 'Rue 40' });
    expect(slowest[0]!.ratio).toBeLessThan(0.6);
    expect((await get('/traffic/roads/slowest?limit=0', operator)).statusCode).toBe(400);
    // Traffic is read with traffic.read: a call-taker does not have it.
    expect((await get('/traffic/speeds', (await t.login(['call-taker'])).token)).statusCode).toBe(403);
  });

  it('recommends around the jam when the way round is faster, and says live traffic was used', async () => {
    const response = await post('/incidents', dispatcher, { type: 'theft', answers: {}, location: { lat: ends.b.lat, lon: ends.b.lon }, summary: 'A theft past the jam' });
    expect(response.statusCode, response.body).toBe(201);
    const incident = response.json() as Incident;
    const offered = (await get(`/incidents/${incident.number}/recommendation?k=20`, dispatcher)).json() as Recommendation[];
    const standing = offered.find((r) => r.callSign === 'CASA-PC-99')!;
    expect(standing).toMatchObject({ liveTraffic: true, reason: 'nearest_by_road' });

    const usual = route(graph, ends.a, ends.b)!;
    const live = route(graph, ends.a, ends.b, { costs: roadCostsOn(graph, t.core, { forIncident: incident.number })! })!;
    // The usual route runs down the jammed street; the live one goes round, and is what the ETA says.
    expect(usual.edges.some((edge) => jam.edges.includes(edge))).toBe(true);
    expect(live.edges.some((edge) => jam.edges.includes(edge))).toBe(false);
    expect(standing.etaS).toBeCloseTo(live.etaS, 0);
    // Through the jam it would take longer than the way round.
    const throughJam = usual.edges.reduce((sum, edge) => sum + (jam.edges.includes(edge) ? graph.lengthM[edge]! / (JAM_KMH / 3.6) : graph.timeS[edge]!), 0);
    expect(live.etaS).toBeLessThan(throughJam);
    expect(live.etaS).toBeGreaterThan(usual.etaS);
  });

  it('returns to the class speed after the jam ends: free flow while the patrols drive on, nothing left once they stop', async () => {
    await driveUntil(JAM_TO + 15 * MINUTE);
    const estimator = liveSpeeds(t.core).current!;
    expect(jam.edges.map((edge) => estimator.estimate(edge, t.clock.now().getTime())?.level ?? 'free_flow')).toEqual(jam.edges.map(() => 'free_flow'));
    // Routing plans on the class speed again.
    expect(jamEstimate().kmh).toBeCloseTo(jamUsualKmh(), 6);
    expect(((await get('/traffic/speeds', operator)).json() as SpeedMap).features.filter((f) => jam.edges.includes(f.properties.edge))).toEqual([]);
    // A recommendation now says nothing of live traffic for the unit at the jam's end.
    const response = await post('/incidents', dispatcher, { type: 'theft', answers: {}, location: { lat: ends.b.lat, lon: ends.b.lon }, summary: 'Another theft past the old jam' });
    const incident = response.json() as Incident;
    const offered = (await get(`/incidents/${incident.number}/recommendation?k=20`, dispatcher)).json() as Recommendation[];
    expect(offered.find((r) => r.callSign === 'CASA-PC-99')).toMatchObject({ liveTraffic: false });
  }, 60_000);

  it('keeps recent estimates over a restart of the module', async () => {
    const before = liveSpeeds(t.core).current!.sums();
    expect(before.length).toBeGreaterThan(0);
    const speeds = liveSpeeds(t.core);
    await speeds.stop();
    await speeds.start();
    expect(byEdge(speeds.current!.sums())).toEqual(byEdge(before));
  });

  it('forgets every estimate half an hour after the last patrol drove by', async () => {
    shuttles.splice(0);
    await driveUntil(t.clock.now().getTime() + 31 * MINUTE);
    await liveSpeeds(t.core).republish();
    expect(liveSpeeds(t.core).current!.size).toBe(0);
    expect(liveRoadSpeedsOn(graph, t.core)).toBeUndefined();
  }, 60_000);
});

/**
 * Where the shuttles turn: on the jammed street, half the jam's length beyond each end of it (the
 * demo city's streets are straight), snapped to the street.
 */
function shuttleEnds(graph: RoadGraph, jam: SimJam): { a: Snap; b: Snap } {
  const degree = new Map<number, number>();
  for (const edge of jam.edges) for (const node of [graph.sources[edge]!, graph.targets[edge]!]) degree.set(node, (degree.get(node) ?? 0) + 1);
  // A two-way street: inner nodes touch four of the jam's edges, the two ends two.
  const [first, last] = [...degree.entries()].filter(([, n]) => n === 2).map(([node]) => node);
  const at = (node: number) => ({ lat: graph.lat[node]!, lon: graph.lon[node]! });
  const p = at(first!);
  const q = at(last!);
  const beyond = (from: LatLon, away: LatLon) => snapToRoad(graph, { lat: from.lat + (from.lat - away.lat) * 0.5, lon: from.lon + (from.lon - away.lon) * 0.5 })!;
  return { a: beyond(p, q), b: beyond(q, p) };
}

function byEdge<T extends { edge: number }>(rows: T[]): T[] {
  return rows.sort((a, b) => a.edge - b.edge);
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
