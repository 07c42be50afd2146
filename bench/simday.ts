// A simulated day of Casablanca at full speed: the demo city seeded on a fresh database, the server
// started in this process on a manual clock, and the simulator playing 4,000 calls through the public
// interfaces (HTTP routes through Fastify's inject, positions over the embedded MQTT broker), every
// action journaled. Figures: the wall time, and `x_real_time`, the simulated day over that wall time (how
// many times faster than real time; the day's length is configured, so this is the wall time restated,
// not a comparison with another implementation), requests' worth of work (calls, incidents, fixes,
// journal events), the day's KPIs, and the journal verified at the end. Goal: the day in under 5 minutes.
// BENCH_CALLS (calls a day), BENCH_SEED, BENCH_CALLTAKERS change the day; AMANE_DATABASE_URL another
// database (the default is a SQLite file in a temporary folder).
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/core/config.js';
import { describeVerdict } from '../src/core/journal.js';
import { createLogger } from '../src/core/logger.js';
import { openCore } from '../src/server/open-core.js';
import { startServer } from '../src/server/server.js';
import { formatKpis } from '../src/sim/sim-report.js';
import { runSimulation, temporaryDatabaseDir } from '../src/sim/simulation.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 4_000);
const SEED = Number(process.env.BENCH_SEED ?? 1);
const CALLTAKERS = Number(process.env.BENCH_CALLTAKERS ?? 20);
// A day outside Ramadan, from local midnight (UTC+1).
const START = new Date('2026-05-04T00:00:00+01:00');

const dir = process.env.AMANE_DATABASE_URL === undefined ? temporaryDatabaseDir('amane-bench-simday-') : undefined;
try {
  const config = loadConfig({
    ...process.env,
    AMANE_DATABASE_URL: process.env.AMANE_DATABASE_URL ?? path.join(dir!, 'amane.db'),
    AMANE_PORT: '0',
    AMANE_MQTT: 'embedded',
    AMANE_MQTT_PORT: '0',
    AMANE_LOG_LEVEL: process.env.AMANE_LOG_LEVEL ?? 'warn',
    AMANE_SIM_SEED: String(SEED),
    AMANE_SIM_CALLS_PER_DAY: String(CALLS),
    AMANE_SIM_CALLTAKERS: String(CALLTAKERS),
  });
  const where = config.database.kind === 'sqlite' ? `SQLite ${config.database.path}` : 'PostgreSQL';
  console.log(`simday bench: one day from ${START.toISOString()}, ${CALLS} calls, seed ${SEED}, ${CALLTAKERS} call-takers, full speed (${where})`);
  const result = await runSimulation(
    { openCore, startServer },
    { config, log: createLogger(config), start: START, durationMs: 86_400_000, pace: { kind: 'max' }, print: (line) => console.log(line) },
  );
  for (const line of formatKpis(result.kpis)) console.log(line);
  const { stats, journal } = result;
  // Times faster than real time: the simulated day over the wall time it took.
  const xRealTime = result.simulatedS / result.wallS;
  console.log(describeVerdict(journal));
  console.log(
    `simulated 24 h in ${result.wallS.toFixed(1)} s of wall time: ${xRealTime.toFixed(0)}x real time ` +
      `(${(stats.events / result.wallS).toFixed(0)} simulated actions/s, ${(stats.fixes / result.wallS).toFixed(0)} fixes/s); seeding and credentials ${result.seedS.toFixed(1)} s`,
  );
  console.log(`work: ${stats.calls} calls, ${stats.incidents} incidents (+${stats.linked} calls linked), ${stats.dispatched} dispatches, ${stats.closed} closed, ${stats.fixes} fixes; ${stats.failures} failed actions`);
  console.log(`goal: the day in under 300 s: ${result.wallS < 300 ? 'met' : 'NOT met'}`);
  console.log(`RESULT simday wall_s=${result.wallS.toFixed(1)} x_real_time=${xRealTime.toFixed(0)} fixes=${stats.fixes} events=${journal.count} verified=${journal.ok}`);
} finally {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
}
