import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import type { Core } from '../core/context.js';
import { findEvents } from '../core/journal.repository.js';
import { LiveBus } from '../core/live.js';
import { ModuleState } from '../core/module-state.js';
import { testDatabaseKind } from '../core/testing.js';
import type { Recommendation } from '../contract/dispatch.schema.js';
import type { Closure, ClosureEntry } from '../contract/traffic.schema.js';
import { type LatLon } from '../geo/geometry.js';
import { closedEdgesWithin } from '../geo/roads/road-closures.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import type { Incident } from '../incidents/incident.js';
import { buildApp } from '../server/app.js';
import { modules } from '../server/modules.js';
import { bearer, requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { closureEdges } from './closure.js';
import { sweepClosures } from './closure.service.js';

const NOW = '2026-12-07T09:00:00.000Z';
/** Two places of the demo city's street grid about a kilometre apart. */
const from = { lat: 33.5672, lon: -7.5995 };
const to = { lat: 33.5731, lon: -7.5898 };

interface RouteAnswer {
  readonly distanceM: number;
  readonly etaS: number;
  readonly coordinates: [number, number][];
}

/** The shortest distance from `point` to the segment a–b ([lon, lat]), metres, on a local plane. */
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

/** Whether the route drives along the closed lines: the middle of one of its steps lies on one. */
function drivesAlong(route: RouteAnswer, closure: Pick<Closure, 'geometry'>): boolean {
  for (let i = 0; i + 1 < route.coordinates.length; i += 1) {
    const [a, b] = [route.coordinates[i]!, route.coordinates[i + 1]!];
    const middle = { lon: (a[0] + b[0]) / 2, lat: (a[1] + b[1]) / 2 };
    for (const line of closure.geometry.coordinates) {
      for (let j = 0; j + 1 < line.length; j += 1) if (distanceToSegmentM(middle, line[j]!, line[j + 1]!) < 1) return true;
    }
  }
  return false;
}

/**
 * The published CIFS field list (Waze for Cities, "CIFS specification", section "CIFS Elements",
 * https://developers.google.com/waze/data-feed/cifs-specification): `id`, `type` and `polyline` are
 * required of every item; a ROAD_CLOSED also requires `street` and `starttime`; `subtype` must be one
 * of its type's subtypes; times are ISO 8601 with the offset (YYYY-MM-DDThh:mm:ss±hh:mm); `polyline`
 * is blank-separated "lat lon" pairs (decimal degrees, WGS 84; at least 6 decimals asked for);
 * `direction` is ONE_DIRECTION or BOTH_DIRECTIONS. Optional elements we publish are checked for form too.
 */
const CIFS_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?([+-]\d{2}:\d{2}|Z)$/;
const cifsFields: Record<string, { required: boolean; check: (value: unknown) => boolean }> = {
  id: { required: true, check: (v) => typeof v === 'string' && v.length > 0 },
  type: { required: true, check: (v) => ['ROAD_CLOSED', 'ACCIDENT', 'HAZARD', 'POLICE', 'CHIT_CHAT', 'JAM'].includes(v as string) },
  subtype: { required: false, check: (v) => ['ROAD_CLOSED_HAZARD', 'ROAD_CLOSED_CONSTRUCTION', 'ROAD_CLOSED_EVENT'].includes(v as string) },
  polyline: {
    required: true,
    check: (v) => {
      if (typeof v !== 'string') return false;
      const numbers = v.split(' ');
      if (numbers.length < 4 || numbers.length % 2 !== 0) return false;
      return numbers.every((n, i) => /^-?\d{1,3}\.\d{6,}$/.test(n) && Math.abs(Number(n)) <= (i % 2 === 0 ? 90 : 180));
    },
  },
  street: { required: true, check: (v) => typeof v === 'string' && v.length > 0 },
  starttime: { required: true, check: (v) => typeof v === 'string' && CIFS_TIME.test(v) },
  endtime: { required: false, check: (v) => typeof v === 'string' && CIFS_TIME.test(v) },
  creationtime: { required: false, check: (v) => typeof v === 'string' && CIFS_TIME.test(v) },
  updatetime: { required: false, check: (v) => typeof v === 'string' && CIFS_TIME.test(v) },
  description: { required: false, check: (v) => typeof v === 'string' && v.length > 0 },
  direction: { required: false, check: (v) => v === 'ONE_DIRECTION' || v === 'BOTH_DIRECTIONS' },
};

/** The problems of one CIFS item against the field list: empty when it conforms. */
function cifsProblems(item: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [field, rule] of Object.entries(cifsFields)) {
    if (!(field in item)) {
      if (rule.required) problems.push(`${field} missing`);
    } else if (!rule.check(item[field])) problems.push(`${field} malformed: ${JSON.stringify(item[field])}`);
  }
  for (const field of Object.keys(item)) if (!(field in cifsFields)) problems.push(`${field} is not a CIFS element`);
  if (item.type === 'ROAD_CLOSED' && typeof item.subtype === 'string' && !item.subtype.startsWith('ROAD_CLOSED')) problems.push('subtype does not match type');
  return problems;
}

describe(`road closures by the traffic operator (${testDatabaseKind()}, demo city)`, () => {
  let t: TestApp;
  let traffic: string;
  let dispatcher: string;
  let incident: Incident;

  const { get, post, send } = requestsTo(() => t.app);
  const route = async (app = t.app): Promise<RouteAnswer> => {
    const response = await app.inject({ url: `/roads/route?fromLat=${from.lat}&fromLon=${from.lon}&toLat=${to.lat}&toLon=${to.lon}`, headers: bearer(dispatcher) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as RouteAnswer;
  };
  const recommendation = async (app = t.app): Promise<Recommendation> => {
    const response = await app.inject({ url: `/incidents/${incident.number}/recommendation?k=1`, headers: bearer(dispatcher) });
    expect(response.statusCode, response.body).toBe(200);
    const [first] = response.json() as Recommendation[];
    expect(first?.callSign).toBe('CASA-PC-01');
    return first!;
  };
  const close = async (body: Record<string, unknown>): Promise<Closure> => {
    const response = await post('/traffic/closures', traffic, body);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as Closure;
  };
  /** A point in the middle of the route's middle step: on a road the route drives along. */
  const onRoute = (answer: RouteAnswer): LatLon => {
    const i = Math.floor(answer.coordinates.length / 2);
    const [a, b] = [answer.coordinates[i - 1]!, answer.coordinates[i]!];
    return { lon: (a[0] + b[0]) / 2, lat: (a[1] + b[1]) / 2 };
  };

  beforeEach(async () => {
    t = await setupTestApp();
    t.clock.set(NOW);
    const supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    traffic = (await t.login(['traffic-operator'])).token;
    const gateway = (await registerDevice(t.core, 'system:test', { name: 'fleet-gateway', kind: 'vehicle' })).token;
    expect((await post('/stations', supervisor, { code: 'ST-WEST', name: 'West', location: from })).statusCode).toBe(201);
    const unit = await post('/units', supervisor, { callSign: 'CASA-PC-01', kind: 'patrol_car', station: 'ST-WEST', capabilities: [], device: 'fleet-gateway' });
    expect(unit.statusCode, unit.body).toBe(201);
    await post('/units/CASA-PC-01/status', dispatcher, { status: 'available' });
    expect((await post('/avl/positions', gateway, { fixes: [{ callSign: 'CASA-PC-01', ...from, at: NOW }] })).json()).toMatchObject({ accepted: 1 });
    const created = await post('/incidents', dispatcher, { type: 'theft', answers: {}, location: to, summary: 'Bag snatched at the tram stop' });
    expect(created.statusCode, created.body).toBe(201);
    incident = created.json() as Incident;
  });
  afterEach(async () => t.close());

  it('closes the segment at once: the next recommendation and the road route go round it', async () => {
    const before = await route();
    const recommended = await recommendation();
    const closure = await close({ kind: 'segment', point: onRoute(before), reason: 'works', reasonText: 'Réfection de la chaussée' });
    expect(closure).toMatchObject({ id: 1, kind: 'segment', status: 'in_force', direction: 'both', reason: 'works', startsAt: NOW, endsAt: null, allowedActions: ['change', 'reopen'] });
    expect(closure.closedEdges).toBeGreaterThanOrEqual(2);
    expect(drivesAlong(before, closure)).toBe(true);

    const after = await route();
    expect(drivesAlong(after, closure)).toBe(false);
    expect(after.distanceM).toBeGreaterThan(before.distanceM);
    const rerouted = await recommendation();
    expect(rerouted.etaS).toBeGreaterThan(recommended.etaS);
    expect(rerouted.distanceM).toBeGreaterThan(recommended.distanceM);

    // Journaled on its stream, with what it closes as geometry and names.
    const [set] = await findEvents(t.core.db, { stream: 'road-closure/1', limit: 10 });
    expect(set).toMatchObject({ type: 'road_closure.set', data: { kind: 'segment', reason: 'works', startsAt: NOW, endsAt: null } });
    // In the traffic room's list, editable.
    const entries = (await get('/traffic/closures', traffic)).json() as ClosureEntry[];
    expect(entries.map((e) => [e.source, e.id, e.status, e.closesRouting])).toEqual([['traffic', '1', 'in_force', true]]);
    expect(entries[0]!.geometry).toEqual(closure.geometry);
  });

  it('closes a street by name (near a point) and an area, each with its roads drawn', async () => {
    // A named street passing near the place, written as an operator would type it.
    const graph = await getRoadGraph(t.core);
    const name = closedEdgesWithin(graph, to, 400).map((e) => graph.names[graph.nameIndex[e]!]!).find((n) => n !== '')!;
    expect(name).toBeDefined();
    const street = await close({ kind: 'street', street: `  ${name.toUpperCase().replace(' ', '   ')} `, point: to, nearM: 500, reason: 'event' });
    expect(street.roads).toEqual([name]);
    expect(street.geometry.coordinates.length).toBeGreaterThan(0);
    // Only the parts near the point: each closed step passes within 500 m of it.
    for (const line of street.geometry.coordinates) for (let i = 0; i + 1 < line.length; i += 1) expect(distanceToSegmentM(to, line[i]!, line[i + 1]!)).toBeLessThanOrEqual(500.5);
    const whole = closureEdges(graph, { kind: 'street', street: name, near: null });
    expect(street.closedEdges).toBeLessThan(whole.edges.length);
    const d = 0.002;
    const area = await close({ kind: 'area', area: [{ lat: to.lat - d, lon: to.lon - d }, { lat: to.lat - d, lon: to.lon + d }, { lat: to.lat + d, lon: to.lon + d }, { lat: to.lat + d, lon: to.lon - d }], reason: 'police_operation' });
    expect(area.closedEdges).toBeGreaterThan(4);
    const entries = (await get('/traffic/closures', traffic)).json() as ClosureEntry[];
    expect(entries.map((e) => e.id)).toEqual(['1', '2']);
  });

  it('publishes the closure in the CIFS feed, valid against the published field list, and in the DATEX II feed', async () => {
    const closure = await close({ kind: 'street', street: 'Rue 8', reason: 'works', reasonText: 'Pose de canalisations', endsAt: '2026-12-07T18:00:00.000Z' });
    const cifs = await t.app.inject({ url: '/feeds/cifs.json' });
    expect(cifs.statusCode, cifs.body).toBe(200);
    expect(cifs.headers['content-type']).toMatch(/^application\/json/);
    const { incidents } = cifs.json() as { incidents: Record<string, unknown>[] };
    expect(incidents.length).toBe(closure.geometry.coordinates.length);
    for (const item of incidents) expect(cifsProblems(item), JSON.stringify(item)).toEqual([]);
    expect(incidents[0]).toMatchObject({
      id: 'closure-1-1',
      type: 'ROAD_CLOSED',
      subtype: 'ROAD_CLOSED_CONSTRUCTION',
      street: 'Rue 8',
      // Casablanca time (UTC+1).
      starttime: '2026-12-07T10:00:00+01:00',
      endtime: '2026-12-07T19:00:00+01:00',
      description: 'Pose de canalisations',
      direction: 'BOTH_DIRECTIONS',
    });
    // The polyline is the closed line, "lat lon" in that order.
    const pairs = (incidents[0]!.polyline as string).split(' ').map(Number);
    const line = closure.geometry.coordinates[0]!;
    expect(pairs.length).toBe(line.length * 2);
    expect(pairs[0]).toBeCloseTo(line[0]![1], 6);
    expect(pairs[1]).toBeCloseTo(line[0]![0], 6);

    const datex = await t.app.inject({ url: '/feeds/datex2/closures.xml' });
    expect(datex.statusCode).toBe(200);
    expect(datex.headers['content-type']).toMatch(/^application\/xml/);
    expect(datex.body).toContain('xsi:type="sit:SituationPublication"');
    expect(datex.body).toContain('<sit:situation id="closure-1">');
    expect(datex.body).toContain('xsi:type="sit:RoadOrCarriagewayOrLaneManagement" id="closure-1-1" version="1"');
    expect(datex.body).toContain('<sit:roadOrCarriagewayOrLaneManagementType>roadClosed</sit:roadOrCarriagewayOrLaneManagementType>');
    expect(datex.body).toContain('<com:overallStartTime>2026-12-07T09:00:00.000Z</com:overallStartTime>');
    expect(datex.body).toContain('<com:overallEndTime>2026-12-07T18:00:00.000Z</com:overallEndTime>');
    expect(datex.body).toContain('<sit:causeType>roadMaintenance</sit:causeType>');
    expect(datex.body).toContain(`<loc:posList>${incidents[0]!.polyline as string}</loc:posList>`);

    // Reopened: gone from both.
    expect((await post('/traffic/closures/1/reopen', traffic)).statusCode).toBe(200);
    expect(((await t.app.inject({ url: '/feeds/cifs.json' })).json() as { incidents: unknown[] }).incidents).toEqual([]);
    expect((await t.app.inject({ url: '/feeds/datex2/closures.xml' })).body).not.toContain('<sit:situation ');
  });

  it('reopens at its end time: the sweep ends it, journaled by the system, and routing drives through again', async () => {
    const before = await route();
    const closure = await close({ kind: 'segment', point: onRoute(before), reason: 'accident', endsAt: '2026-12-07T10:00:00.000Z' });
    expect(drivesAlong(await route(), closure)).toBe(false);

    t.clock.set('2026-12-07T09:59:59.000Z');
    expect(await sweepClosures(t.core)).toEqual({ ended: 0 });
    expect(drivesAlong(await route(), closure)).toBe(false);

    t.clock.set('2026-12-07T10:00:00.000Z');
    expect(await sweepClosures(t.core)).toEqual({ ended: 1 });
    expect((await route()).distanceM).toBe(before.distanceM);
    expect((await get('/traffic/closures/1', traffic)).json()).toMatchObject({ status: 'ended', endedAt: '2026-12-07T10:00:00.000Z', allowedActions: [] });
    expect((await get('/traffic/closures', traffic)).json()).toEqual([]);
    const events = await findEvents(t.core.db, { stream: 'road-closure/1', limit: 10 });
    expect(events.map((e) => [e.type, e.actor])).toEqual([
      ['road_closure.set', expect.stringMatching(/^user:/)],
      ['road_closure.ended', 'system:traffic-closures'],
    ]);
  });

  it('moves the end and reopens on demand, journaled with who reopened', async () => {
    await close({ kind: 'street', street: 'Rue 8', reason: 'event', endsAt: '2026-12-07T12:00:00.000Z' });
    const moved = await send('PATCH', '/traffic/closures/1', traffic, { endsAt: '2026-12-07T14:00:00.000Z' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ endsAt: '2026-12-07T14:00:00.000Z', version: 2 });
    const reopened = await post('/traffic/closures/1/reopen', traffic);
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ status: 'reopened', reopenedAt: NOW, allowedActions: [] });
    const again = await post('/traffic/closures/1/reopen', traffic);
    expect(again.statusCode).toBe(409);
    const events = await findEvents(t.core.db, { stream: 'road-closure/1', limit: 10 });
    expect(events.map((e) => e.type)).toEqual(['road_closure.set', 'road_closure.changed', 'road_closure.reopened']);
    expect(events[2]!.data).toEqual({ by: events[2]!.actor, endsAt: '2026-12-07T14:00:00.000Z' });
  });

  it('starts a future closure on time, not before', async () => {
    const before = await route();
    const closure = await close({ kind: 'segment', point: onRoute(before), reason: 'event', startsAt: '2026-12-07T11:00:00.000Z', endsAt: '2026-12-07T13:00:00.000Z' });
    expect(closure.status).toBe('scheduled');
    expect((await route()).distanceM).toBe(before.distanceM);
    // Published ahead, as planned closures are.
    expect((await t.app.inject({ url: '/feeds/datex2/closures.xml' })).body).toContain('<com:overallStartTime>2026-12-07T11:00:00.000Z</com:overallStartTime>');

    t.clock.set('2026-12-07T10:59:59.000Z');
    await sweepClosures(t.core);
    expect((await route()).distanceM).toBe(before.distanceM);
    t.clock.set('2026-12-07T11:00:00.000Z');
    await sweepClosures(t.core);
    expect(drivesAlong(await route(), closure)).toBe(false);
    expect((await get('/traffic/closures/1', traffic)).json()).toMatchObject({ status: 'in_force' });
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const head = await t.journalHead();
    const refusals: [Record<string, unknown>, string][] = [
      [{ kind: 'street', street: 'Rue 8', reason: 'works', startsAt: '2026-12-07T12:00:00.000Z', endsAt: '2026-12-07T11:00:00.000Z' }, 'endsAt'],
      [{ kind: 'area', area: [to, from], reason: 'works' }, 'area'],
      [{ kind: 'area', area: [to, from, { lat: (to.lat + from.lat) / 2, lon: (to.lon + from.lon) / 2 }], reason: 'works' }, 'area'],
      [{ kind: 'street', street: 'Boulevard Inexistant', reason: 'works' }, 'street'],
      [{ kind: 'segment', point: { lat: 33.75, lon: -7.3 }, reason: 'works' }, 'point'],
      [{ kind: 'segment', point: to, direction: 'one_way', reason: 'works' }, 'headingDeg'],
      [{ kind: 'segment', point: to, reason: 'roadworks' }, 'reason'],
    ];
    for (const [body, field] of refusals) {
      const response = await post('/traffic/closures', traffic, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect((response.json() as { errors: { field: string }[] }).errors.map((e) => e.field), JSON.stringify(body)).toContain(field);
    }
    expect(await t.journalHead()).toBe(head);
    expect((await get('/traffic/closures', traffic)).json()).toEqual([]);
  });

  it('lets a dispatcher read the closures but not close a road (403)', async () => {
    const refused = await post('/traffic/closures', dispatcher, { kind: 'street', street: 'Rue 8', reason: 'works' });
    expect(refused.statusCode).toBe(403);
    expect((await get('/traffic/closures', dispatcher)).statusCode).toBe(200);
    expect((await get('/traffic/closures', traffic)).json()).toEqual([]);
  });

  it('keeps closures in force across a restart: a new app on the same database routes round them', async () => {
    const before = await route();
    const closure = await close({ kind: 'segment', point: onRoute(before), reason: 'flooding' });
    // A new kernel: its own memory, the same database and clock.
    const core: Core = { ...t.core, state: new ModuleState(), bus: new LiveBus() };
    const app = await buildApp(core, modules);
    for (const module of modules) await module.start?.(core);
    try {
      const after = await route(app);
      expect(drivesAlong(after, closure)).toBe(false);
      expect(after.distanceM).toBeGreaterThan(before.distanceM);
    } finally {
      await app.close();
      for (const module of [...modules].reverse()) await module.stop?.(core);
    }
  });

  it('lists EOD cordons and major traffic incidents beside the operator’s closures, read-only', async () => {
    const eodOfficer = (await t.login(['eod-officer'])).token;
    const suspicious = await post('/incidents', dispatcher, { type: 'suspicious_object', answers: { object_type: 'package', object_position: 'street', wires_or_smell: false }, location: to, summary: 'Unattended suitcase' });
    expect(suspicious.statusCode, suspicious.body).toBe(201);
    const number = (suspicious.json() as Incident).number;
    expect((await post(`/incidents/${number}/cordon`, eodOfficer, {})).statusCode).toBe(200);
    const crash = await post('/incidents', dispatcher, { type: 'traffic_accident_injuries', answers: { road_blocked: true }, location: from, summary: 'Two cars, one driver hurt' });
    expect(crash.statusCode, crash.body).toBe(201);
    const accident = crash.json() as Incident;
    expect(accident).toMatchObject({ priority: 'P1' });
    // A theft is no traffic matter: not listed.
    const entries = (await get('/traffic/closures', traffic)).json() as ClosureEntry[];
    expect(entries.map((e) => [e.source, e.id, e.closesRouting])).toEqual([
      ['eod', number, true],
      ['incident', accident.number, false],
    ]);
    for (const entry of entries) {
      expect(entry.closure).toBeNull();
      expect(entry.geometry.coordinates.length).toBeGreaterThan(0);
    }
    // The cordon's roads are published too.
    const { incidents } = (await t.app.inject({ url: '/feeds/cifs.json' })).json() as { incidents: Record<string, unknown>[] };
    expect(incidents.some((i) => String(i.id).startsWith(`cordon-${number}`))).toBe(true);
    for (const item of incidents) expect(cifsProblems(item)).toEqual([]);
  });
});
