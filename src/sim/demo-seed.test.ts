import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listCameras } from '../cameras/camera.service.js';
import { listHotlists } from '../cameras/hotlist.service.js';
import { listUsers } from '../core/auth/user.service.js';
import { findEvents, findLastEvent } from '../core/journal.repository.js';
import { createTestUser, setupTestCore, testDatabaseKind, type TestCore } from '../core/testing.js';
import { distanceM } from '../geo/geometry.js';
import { allMigrations } from '../server/modules.js';
import { listStations } from '../stations/index.js';
import { listUnits } from '../units/unit.service.js';
import { demoHotPlates } from './demo-cameras.js';
import { demoPeople, demoWanted, seedDemo } from './demo-seed.js';

describe(`the demo city's seeding (${testDatabaseKind()})`, () => {
  let test: TestCore;
  beforeEach(async () => {
    test = await setupTestCore({ migrations: allMigrations });
  });
  afterEach(async () => test.close());

  it('lays out districts, stations, the fleet and the people once; a second seeding creates nothing', async () => {
    const first = await seedDemo(test.core, { password: 'demo-password-for-tests' });
    expect(first.firstTime).toBe(true);
    expect(first.counts).toEqual({ districts: 16, stations: 18, units: 148, cameras: 210, callTakers: 20 });
    expect(first.people.map((p) => [p.username, p.password])).toEqual(demoPeople.map((p) => [p.username, 'demo-password-for-tests']));
    const head = (await findLastEvent(test.core.db)).seq;
    const users = (await listUsers(test.core.db, { includeDisabled: true })).length;
    // The people, the call-takers, and the simulator's dispatcher, supervisor, clerk, issuance and traffic operators.
    expect(users).toBe(demoPeople.length + 20 + 5);

    const second = await seedDemo(test.core, { password: 'demo-password-for-tests' });
    expect(second.firstTime).toBe(false);
    expect(second.counts).toEqual(first.counts);
    expect(second.people.every((p) => p.password === undefined)).toBe(true);
    expect(second.passwords.size).toBe(0);
    expect((await findLastEvent(test.core.db)).seq).toBe(head);
    expect((await listUsers(test.core.db, { includeDisabled: true })).length).toBe(users);
  });

  it('journals every step as system:demo, and the people need no password change', async () => {
    await seedDemo(test.core);
    const rows = await findEvents(test.core.db, { limit: 100_000 });
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(['system:demo']));
    expect(rows.filter((r) => r.type === 'demo.seeded')).toHaveLength(1);
    expect(rows.filter((r) => r.type === 'unit.created')).toHaveLength(148);
    expect(rows.filter((r) => r.type === 'camera.registered')).toHaveLength(210);
    const people = await listUsers(test.core.db, { includeDisabled: false });
    expect(people.every((p) => !p.mustChangePassword)).toBe(true);
  });

  it('has 120 patrol cars, 20 motorcycles, 4 intervention brigades and EOD squads in Casablanca, Rabat and Fez', async () => {
    await seedDemo(test.core);
    const units = await listUnits(test.core);
    const count = (kind: string) => units.filter((u) => u.kind === kind).length;
    expect([count('patrol_car'), count('motorcycle'), count('intervention_brigade'), count('eod_squad')]).toEqual([120, 20, 4, 4]);
    expect(units.filter((u) => u.kind === 'eod_squad').map((u) => u.station)).toEqual(expect.arrayContaining(['ST-RABAT', 'ST-FES']));
    const stations = await listStations(test.core.db);
    expect(stations.find((s) => s.code === 'ST-RABAT')?.location).toEqual({ lat: 34.0209, lon: -6.8416 });
    expect(stations.find((s) => s.code === 'ST-FES')?.location).toEqual({ lat: 34.0331, lon: -5.0003 });
    // Every district's station has cars; the field officer crews the first one.
    expect(stations.filter((s) => s.area !== null).every((s) => units.filter((u) => u.station === s.code && u.kind === 'patrol_car').length >= 3)).toBe(true);
    expect(units.find((u) => u.callSign === 'CASA-PC-001')?.crew).toEqual(['officer']);
    expect(units.every((u) => u.status === 'off_duty' && u.device === null)).toBe(true);
  });

  it('puts 210 cameras on the main roads, at least 250 m apart, and a hotlist of stolen vehicles', async () => {
    await seedDemo(test.core);
    const cameras = await listCameras(test.core.db);
    expect(cameras).toHaveLength(210);
    expect(new Set(cameras.map((c) => c.name)).size).toBe(210);
    for (const [i, a] of cameras.entries()) {
      for (const b of cameras.slice(i + 1)) expect(distanceM(a.location, b.location)).toBeGreaterThanOrEqual(250);
    }
    expect(cameras.filter((c) => c.ptz)).toHaveLength(42);
    const hotlists = await listHotlists(test.core.db);
    expect(hotlists.map((h) => [h.reason, h.entryCount])).toEqual([['stolen_vehicle', demoHotPlates.length]]);
  });

  it('is wanted on an empty database or one holding the demo, never on another centre nor in production', async () => {
    const wanted = (env: Record<string, string>) => demoWanted({ ...test.core, config: { ...test.core.config, ...env } });
    expect(await wanted({})).toBe(true);
    expect(await wanted({ demo: 'off' })).toBe(false);
    expect(await demoWanted({ ...test.core, config: { ...test.core.config, production: true } })).toBe(false);
    await createTestUser(test.core, ['dispatcher']);
    expect(await wanted({})).toBe(false);
    expect(await wanted({ demo: 'on' })).toBe(true);
    await seedDemo(test.core);
    expect(await wanted({})).toBe(true);
  });
});
