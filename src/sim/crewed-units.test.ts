import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { loadConfig } from '../core/config.js';
import { findEvents } from '../core/journal.repository.js';
import { createLogger } from '../core/logger.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../core/testing.js';
import type { Assignment } from '../dispatch/dispatch.js';
import type { Incident } from '../incidents/incident.js';
import { openCore } from '../server/open-core.js';
import { startServer } from '../server/server.js';
import type { Unit } from '../units/unit.js';
import { seedDemo } from './demo-seed.js';
import type { SimCentre } from './sim.js';
import { SimClient } from './sim-http.js';
import { Simulator } from './simulator.js';

const PASSWORD = 'crewed-units-demo-password';
/** The demo's field officer crews the first patrol car. */
const OFFICER_CAR = 'CASA-PC-001';

describe(`the simulator leaves units with a crew to their people (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  let clock: ManualClock;
  let server: SimCentre & { close(): Promise<void> };
  let passwords: ReadonlyMap<string, string>;
  const log = createLogger({ logLevel: 'warn' });

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({ ...database.settings, AMANE_PORT: '0', AMANE_MQTT: 'embedded', AMANE_MQTT_PORT: '0', AMANE_LOG_LEVEL: 'warn', AMANE_SIM_SEED: '11' });
    clock = new ManualClock(new Date('2026-05-04T09:00:00+01:00'));
    const seedCore = await openCore(config, { clock, log, collectDefaultMetrics: false });
    try {
      passwords = (await seedDemo(seedCore, { password: PASSWORD, callTakers: 4 })).passwords;
    } finally {
      await seedCore.db.destroy();
    }
    server = await startServer(config, { clock, log, collectDefaultMetrics: false });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await database?.drop();
  });

  const start = () => Simulator.start(server, { seed: 11, callsPerDay: 2_400, callTakers: 4, pace: { kind: 'max' }, passwords, log });
  const person = async (username: string) => {
    const client = SimClient.user(server.app, username, PASSWORD);
    await client.login();
    return client;
  };
  /** The events of a unit's stream written by a device (a tracker): the simulator's gateway, here. */
  const deviceEventsOf = async (callSign: string) =>
    (await findEvents(server.core.db, { limit: 1_000_000 })).filter((e) => e.stream === `unit/${callSign}` && e.actor.startsWith('device:')).map((e) => e.type);

  it("neither drives, answers for nor moves the officer's car, whose phone is its tracker", async () => {
    const simulator = await start();
    try {
      const officer = await person('officer');
      const dispatcher = await person('dispatcher');
      // The simulator took every other unit's tracker and started its shift; not the officer's car.
      const board = await dispatcher.get<Unit[]>('/units');
      expect(board.find((u) => u.callSign === OFFICER_CAR)).toMatchObject({ crew: ['officer'], device: null, status: 'off_duty' });
      const others = board.filter((u) => u.callSign !== OFFICER_CAR);
      expect(others.every((u) => u.crew.length === 0 && u.device === 'sim-avl-1' && u.status === 'available')).toBe(true);

      // The officer starts the shift and shares the phone's position; a person at the console sends the car.
      expect(await officer.post<Unit>(`/units/${OFFICER_CAR}/status`, { status: 'available' })).toMatchObject({ status: 'available' });
      const phone = { lat: 33.5733, lon: -7.5901 };
      const first = clock.now().toISOString();
      expect(await officer.post('/avl/positions', { fixes: [{ callSign: OFFICER_CAR, ...phone, accuracy: 10, at: first }] })).toEqual({ accepted: 1, dropped: [] });
      const incident = await dispatcher.post<Incident>('/incidents', { type: 'theft', answers: {}, location: { lat: 33.5731, lon: -7.5898 }, summary: 'A bag snatched' });
      await dispatcher.post(`/incidents/${incident.number}/assign`, { units: [OFFICER_CAR] });

      // Ten minutes of the city: calls, dispatches, every other unit moving.
      const fixesBefore = simulator.stats.fixes;
      await simulator.run(clock.now().getTime() + 600_000);
      expect(simulator.stats.fixes - fixesBefore).toBeGreaterThan(100);
      expect(simulator.stats.failures).toBe(0);

      // The car is where the phone said, still waiting for its crew: no acknowledgement, no status, no fix
      // from the simulator's gateway.
      const car = await dispatcher.get<Unit>(`/units/${OFFICER_CAR}`);
      expect(car).toMatchObject({ status: 'dispatched', incident: incident.number, position: { ...phone, at: first } });
      const [assignment] = await dispatcher.get<Assignment[]>(`/incidents/${incident.number}/units`);
      expect(assignment).toMatchObject({ callSign: OFFICER_CAR, acknowledgedAt: null });
      expect(await deviceEventsOf(OFFICER_CAR)).toEqual([]);

      // The phone's next fixes are taken as they come, and its crew answers for it.
      const later = clock.now().toISOString();
      expect(await officer.post('/avl/positions', { fixes: [{ callSign: OFFICER_CAR, lat: 33.5736, lon: -7.5905, accuracy: 10, at: later }] })).toEqual({ accepted: 1, dropped: [] });
      expect(await officer.post<Assignment>(`/units/${OFFICER_CAR}/acknowledge`)).toMatchObject({ acknowledgedAt: later });
      expect(await officer.post<Unit>(`/units/${OFFICER_CAR}/status`, { status: 'en_route' })).toMatchObject({ status: 'en_route' });
      expect((await dispatcher.get<Unit>(`/units/${OFFICER_CAR}`)).position).toMatchObject({ lat: 33.5736, lon: -7.5905, at: later });
    } finally {
      await simulator.close();
    }
  }, 180_000);

  it('lets go of a unit given a crew since its last run', async () => {
    const admin = await person('admin');
    // A car the simulator drove gets a crew: at the next start, its gateway is no longer the car's tracker.
    const crewed = await admin.request<Unit>('PATCH', '/units/CASA-PC-002', { crew: ['officer'] });
    expect(crewed.device).toBe('sim-avl-1');
    const simulator = await start();
    try {
      const car = await admin.get<Unit>('/units/CASA-PC-002');
      expect(car.device).toBeNull();
      expect((await admin.get<Unit>('/units/CASA-PC-003')).device).toBe('sim-avl-2');
    } finally {
      await simulator.close();
    }
  }, 120_000);
});
