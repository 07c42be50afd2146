import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../core/testing.js';
import { openCore } from '../server/open-core.js';
import { startServer } from '../server/server.js';
import { runSimulation, type SimulationResult } from './simulation.js';

describe(`the city simulator (${testDatabaseKind()})`, () => {
  const databases: TestDatabase[] = [];
  afterEach(async () => {
    for (const database of databases.splice(0)) await database.drop();
  });

  /** One simulated hour at full speed, on a fresh database, with the embedded broker on a free port. */
  async function simulateHour(seed: number): Promise<SimulationResult> {
    const database = await createTestDatabase();
    databases.push(database);
    const config = loadConfig({
      ...database.settings,
      AMANE_PORT: '0',
      AMANE_MQTT: 'embedded',
      AMANE_MQTT_PORT: '0',
      AMANE_LOG_LEVEL: 'warn',
      AMANE_SIM_SEED: String(seed),
      AMANE_SIM_CALLS_PER_DAY: '2400',
      AMANE_SIM_CALLTAKERS: '8',
    });
    return runSimulation(
      { openCore, startServer },
      { config, log: createLogger(config), start: new Date('2026-05-04T09:00:00+01:00'), durationMs: 3_600_000, pace: { kind: 'max' } },
    );
  }

  it('runs an hour of the city through the public interfaces, the same for the same seed, and the journal verifies', async () => {
    const first = await simulateHour(42);
    const second = await simulateHour(42);

    expect(first.journal).toMatchObject({ ok: true });
    expect(second.journal).toMatchObject({ ok: true });
    expect(first.stats.failures).toBe(0);
    // Calls rang and were answered, incidents opened, units sent and moving (AVL over MQTT).
    expect(first.kpis.calls.calls).toBeGreaterThan(40);
    expect(first.kpis.calls.answered).toBeGreaterThan(0.9 * first.kpis.calls.calls);
    expect(first.kpis.incidents.created).toBeGreaterThan(15);
    expect(first.stats.dispatched).toBeGreaterThan(10);
    expect(first.stats.fixes).toBeGreaterThan(1_000);
    expect(first.kpis.incidents.medianToOnSceneS).not.toBeNull();
    expect(first.kpis.byDistrict.length).toBeGreaterThan(8);
    // Reproducible: the same seed gives the same figures, to the second.
    expect(second.kpis).toEqual(first.kpis);
    expect({ ...second.stats, events: 0 }).toEqual({ ...first.stats, events: 0 });
  }, 120_000);
});
