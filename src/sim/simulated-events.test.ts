import { afterEach, describe, expect, it } from 'vitest';
import { eventTypes } from '../contract/events.js';
import { loadConfig } from '../core/config.js';
import { createLogger } from '../core/logger.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../core/testing.js';
import { openCore } from '../server/open-core.js';
import { startServer } from '../server/server.js';
import { runSimulation } from './simulation.js';

describe(`the events of a simulated city (${testDatabaseKind()})`, () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('journals only event types the event catalogue names', async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      ...database.settings,
      AMANE_PORT: '0',
      AMANE_MQTT: 'embedded',
      AMANE_MQTT_PORT: '0',
      AMANE_LOG_LEVEL: 'warn',
      AMANE_SIM_SEED: '7',
      AMANE_SIM_CALLS_PER_DAY: '2400',
      AMANE_SIM_CALLTAKERS: '8',
    });
    // The demo city seeded, then a quarter of an hour of calls, incidents, units, cameras and identity work.
    await runSimulation(
      { openCore, startServer },
      { config, log: createLogger(config), start: new Date('2026-05-04T09:00:00+01:00'), durationMs: 900_000, pace: { kind: 'max' } },
    );
    const db = database.open();
    try {
      const types = (await db.selectFrom('journal').select('type').distinct().execute()).map((row) => row.type);
      expect(types).toEqual(expect.arrayContaining(['demo.seeded', 'call.ringing', 'incident.created', 'unit.status_changed']));
      expect(types.filter((type) => !(eventTypes as readonly string[]).includes(type))).toEqual([]);
    } finally {
      await db.destroy();
    }
  }, 120_000);
});
