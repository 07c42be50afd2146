import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import type { Core } from '../core/context.js';
import { kNearestByRoad, overrideEdgeCosts } from '../geo/roads/road-routing.js';
import { snapToRoad } from '../geo/roads/road-snap.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { pointsNearRoads, seededRandom } from '../geo/roads/road.testing.js';
import { LiveBus } from '../core/live.js';
import { ModuleState } from '../core/module-state.js';
import { testDatabaseKind } from '../core/testing.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { unitIndex, type IndexedUnit, type UnitQuery } from './unit-index.js';
import { listUnitRows } from './unit.repository.js';
import { unitModule } from './unit.module.js';

/** What the index holds of each unit, in the shape of the unit rows, sorted by call sign. */
function held(units: Iterable<IndexedUnit | undefined>) {
  return [...units]
    .filter((u) => u !== undefined)
    .map((u) => ({ callSign: u.callSign, kind: u.kind, station: u.station, capabilities: [...u.capabilities].sort(), status: u.status, incident: u.incident }))
    .sort((a, b) => (a.callSign < b.callSign ? -1 : 1));
}

async function stored(core: Core) {
  return (await listUnitRows(core.db)).map((row) => ({
    callSign: row.call_sign,
    kind: row.kind,
    station: row.station_code,
    capabilities: (JSON.parse(row.capabilities) as string[]).sort(),
    status: row.status,
    incident: row.incident_number,
  }));
}

describe(`the unit index (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let supervisor: string;
  let dispatcher: string;

  beforeAll(async () => {
    t = await setupTestApp();
    supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    for (const [code, lat] of [['ST-ONE', 33.58], ['ST-TWO', 33.6]] as const) {
      expect((await send('POST', '/stations', supervisor, { code, name: code, location: { lat, lon: -7.6 } })).statusCode).toBe(201);
    }
  });
  afterAll(async () => t.close());

  const { send } = requestsTo(() => t.app);
  const ok = async (method: 'POST' | 'PATCH', url: string, token: string, payload: Record<string, unknown>) => {
    const response = await send(method, url, token, payload);
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
  };
  const incident = async (type: string) => {
    const response = await send('POST', '/incidents', dispatcher, { type, answers: {}, location: { lat: 33.59, lon: -7.61 }, summary: type });
    expect(response.statusCode, response.body).toBe(201);
    return (response.json() as { number: string }).number;
  };

  it('holds what the unit rows hold after each kind of command that changes a unit, whichever module runs it', async () => {
    const index = unitIndex(t.core);
    const calls = ['IDX-A', 'IDX-B', 'IDX-C', 'IDX-D'];
    for (const [i, callSign] of calls.entries()) {
      await ok('POST', '/units', supervisor, { callSign, kind: i === 3 ? 'motorcycle' : 'patrol_car', station: 'ST-ONE', capabilities: i === 0 ? ['armed'] : [] });
    }
    expect(held(calls.map((c) => index.find(c)))).toEqual((await stored(t.core)).filter((u) => calls.includes(u.callSign)));
    for (const callSign of calls) await ok('POST', `/units/${callSign}/status`, dispatcher, { status: 'available' });
    await ok('PATCH', '/units/IDX-B', supervisor, { kind: 'canine_unit', station: 'ST-TWO', capabilities: ['canine', 'armed'] });
    await ok('POST', '/units/IDX-D/status', dispatcher, { status: 'out_of_service', reason: 'engine' });
    const noise = await incident('noise');
    const robbery = await incident('robbery');
    await ok('POST', `/incidents/${noise}/assign`, dispatcher, { units: ['IDX-A', 'IDX-C'] });
    await ok('POST', '/units/IDX-C/status', dispatcher, { status: 'en_route' });
    await ok('POST', `/incidents/${robbery}/assign`, dispatcher, { units: ['IDX-A'], divert: true });
    await ok('POST', `/incidents/${noise}/release`, dispatcher, { unit: 'IDX-C', reason: 'the neighbours turned it down' });
    await ok('POST', '/units/IDX-A/status', dispatcher, { status: 'on_scene' });
    const expected = (await stored(t.core)).filter((u) => calls.includes(u.callSign));
    expect(expected.map((u) => [u.callSign, u.status, u.incident])).toEqual([
      ['IDX-A', 'on_scene', robbery],
      ['IDX-B', 'available', null],
      ['IDX-C', 'available', null],
      ['IDX-D', 'out_of_service', null],
    ]);
    expect(held(calls.map((c) => index.find(c)))).toEqual(expected);
  });

  it('selects by status, capability and kind exactly as a filter over every unit row would', async () => {
    for (const [i, kind] of ['patrol_car', 'canine_unit', 'eod_squad', 'patrol_car', 'motorcycle'].entries()) {
      const callSign = `SEL-${i}`;
      await ok('POST', '/units', supervisor, { callSign, kind, station: 'ST-TWO', capabilities: i % 2 === 0 ? ['armed'] : ['canine'] });
      if (i !== 4) await ok('POST', `/units/${callSign}/status`, dispatcher, { status: 'available' });
      if (i === 3) await ok('POST', `/units/${callSign}/status`, dispatcher, { status: 'busy' });
    }
    const index = unitIndex(t.core);
    const rows = await stored(t.core);
    const queries = [
      { statuses: ['available'] as const, needs: [] },
      { statuses: ['available'] as const, needs: ['armed'] },
      { statuses: ['available', 'busy'] as const, needs: ['armed'], excludeKinds: new Set(['eod_squad']) },
      { statuses: ['off_duty'] as const, needs: ['canine'] },
      { statuses: ['available'] as const, needs: ['robot'] },
    ];
    for (const query of queries) {
      const plain = rows.filter((u) => (query.statuses as readonly string[]).includes(u.status) && query.needs.every((n) => u.capabilities.includes(n)) && !query.excludeKinds?.has(u.kind));
      expect(held(index.select({ ...query, statuses: [...query.statuses] })), JSON.stringify({ ...query, excludeKinds: [...(query.excludeKinds ?? [])] })).toEqual(plain);
    }
    expect(held(index.select({ statuses: ['available'], needs: ['armed'] })).map((u) => u.callSign)).toEqual(expect.arrayContaining(['SEL-0', 'SEL-2']));
  });

  it('is built again from the database when the units module starts on another kernel', async () => {
    await ok('POST', '/units', supervisor, { callSign: 'IDX-LATE', kind: 'patrol_car', station: 'ST-ONE', capabilities: ['traffic'] });
    await ok('POST', '/units/IDX-LATE/status', dispatcher, { status: 'available' });
    await ok('POST', '/units/IDX-LATE/status', dispatcher, { status: 'busy' });
    const db = t.database.open();
    const other: Core = { ...t.core, db, bus: new LiveBus(), state: new ModuleState() };
    try {
      expect(() => unitIndex(other)).toThrow(/not started/);
      await unitModule.start!(other);
      const rebuilt = unitIndex(other);
      expect(rebuilt.size).toBe((await stored(other)).length);
      expect(held((await stored(other)).map((u) => rebuilt.find(u.callSign)))).toEqual(await stored(other));
      expect(rebuilt.find('IDX-LATE')).toMatchObject({ status: 'busy', station: 'ST-ONE' });
      await unitModule.stop!(other);
      expect(() => unitIndex(other)).toThrow(/not started/);
    } finally {
      await db.destroy();
    }
  });
});

describe(`the nearest units from the index's roads (${testDatabaseKind()}, demo city)`, () => {
  const UNITS = 300;
  const random = seededRandom(31);
  let t: TestApp;
  let supervisor: string;
  let dispatcher: string;
  let gateway: string;

  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set('2026-12-06T21:00:00.000Z');
    supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    gateway = (await registerDevice(t.core, 'system:test', { name: 'fleet-gateway', kind: 'vehicle' })).token;
    const graph = await getRoadGraph(t.core);
    const [north, south] = pointsNearRoads(graph, 2, random);
    for (const [code, location] of [['ST-N', north], ['ST-S', south]] as const) expect((await send('POST', '/stations', supervisor, { code, name: code, location })).statusCode).toBe(201);
    for (let i = 0; i < UNITS; i += 1) {
      const callSign = callSignOf(i);
      expect((await send('POST', '/units', supervisor, { callSign, kind: 'patrol_car', station: i % 2 === 0 ? 'ST-N' : 'ST-S', capabilities: i % 3 === 0 ? ['armed'] : [], device: 'fleet-gateway' })).statusCode).toBe(201);
      if (i % 10 !== 9) expect((await send('POST', `/units/${callSign}/status`, dispatcher, { status: 'available' })).statusCode).toBe(200);
    }
    // The last thirty never report a position: they stand at their station.
    await report(Array.from({ length: UNITS - 30 }, (_, i) => i), '2026-12-06T20:59:30.000Z');
  });
  afterAll(async () => t.close());

  const callSignOf = (i: number) => `NR-${String(i).padStart(3, '0')}`;
  const { send } = requestsTo(() => t.app);
  async function report(units: number[], at: string) {
    const places = pointsNearRoads(await getRoadGraph(t.core), units.length, random);
    const fixes = units.map((i, j) => ({ callSign: callSignOf(i), ...places[j], at }));
    expect((await send('POST', '/avl/positions', gateway, { fixes })).json()).toMatchObject({ accepted: units.length });
  }

  /** `nearest` against every selected unit placed and handed to `kNearestByRoad`, for random incidents. */
  async function expectSameAsEveryUnitPlaced(query: UnitQuery & { accept?: (unit: IndexedUnit) => boolean }, k: number, closures: boolean) {
    const graph = await getRoadGraph(t.core);
    const index = unitIndex(t.core);
    const freshAfter = t.clock.now().getTime() - t.core.config.positionStaleSeconds * 1_000;
    const selected = index.select(query).filter((unit) => query.accept?.(unit) ?? true);
    // Enough candidates that the index searches its roads rather than taking them all.
    expect(index.select(query).length).toBeGreaterThanOrEqual(256);
    for (const location of pointsNearRoads(graph, 15, random)) {
      const target = snapToRoad(graph, location)!;
      const options = closures ? { costs: overrideEdgeCosts(graph, { closed: Array.from({ length: 40 }, () => Math.floor(random() * graph.edgeCount)) }) } : {};
      const placed = index.place(graph, selected, freshAfter);
      const expected = kNearestByRoad(graph, target, placed, k, options).map(({ id, etaS, distanceM }) => ({ id, etaS, distanceM, fromStation: placed.find((p) => p.id === id)!.fromStation }));
      const found = index.nearest(graph, target, query, freshAfter, k, options).map(({ unit, etaS, distanceM, fromStation }) => ({ id: unit.callSign, etaS, distanceM, fromStation }));
      expect(found).toEqual(expected);
      expect(found.length).toBe(Math.min(k, placed.length));
    }
  }

  it('finds the same units, to the last bit, as a search handed every selected unit placed', async () => {
    await expectSameAsEveryUnitPlaced({ statuses: ['available'], needs: [] }, 5, false);
    await expectSameAsEveryUnitPlaced({ statuses: ['available', 'off_duty'], needs: [], accept: (unit) => Number(unit.callSign.slice(-1)) % 2 === 0 }, 12, true);
  });

  it('follows fixes, stale positions, statuses and stations as they change', async () => {
    // Ten minutes on: every earlier fix is stale; a quarter of the units report again, elsewhere.
    t.clock.set('2026-12-06T21:10:00.000Z');
    await report(Array.from({ length: UNITS / 4 }, (_, i) => i * 4), '2026-12-06T21:09:50.000Z');
    await expectSameAsEveryUnitPlaced({ statuses: ['available'], needs: [] }, 8, false);
    const found = unitIndex(t.core).nearest(await getRoadGraph(t.core), snapToRoad(await getRoadGraph(t.core), pointsNearRoads(await getRoadGraph(t.core), 1, random)[0]!)!, { statuses: ['available'], needs: [] }, t.clock.now().getTime() - 120_000, 300);
    expect(found.filter((u) => !u.fromStation).map((u) => Number(u.unit.callSign.slice(3)) % 4)).toEqual(found.filter((u) => !u.fromStation).map(() => 0));
    expect(found.some((u) => u.fromStation)).toBe(true);
    // Some go busy, some change station, some move again.
    for (let i = 1; i < 40; i += 4) if (i % 10 !== 9) expect((await send('POST', `/units/${callSignOf(i)}/status`, dispatcher, { status: 'busy' })).statusCode).toBe(200);
    for (let i = 2; i < 60; i += 4) expect((await send('PATCH', `/units/${callSignOf(i)}`, supervisor, { station: i % 8 === 2 ? 'ST-S' : 'ST-N' })).statusCode).toBe(200);
    await report(Array.from({ length: 50 }, (_, i) => i * 4 + 3), '2026-12-06T21:09:58.000Z');
    await expectSameAsEveryUnitPlaced({ statuses: ['available'], needs: [] }, 5, true);
    await expectSameAsEveryUnitPlaced({ statuses: ['available', 'busy'], needs: [] }, 3, false);
  });
});
