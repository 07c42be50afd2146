import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from 'pino';
import { ManualClock, type Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Core } from '../core/context.js';
import type { JournalVerdict } from '../core/journal.js';
import { verifyChain } from '../core/journal.repository.js';
import { seedDemo } from './demo-seed.js';
import type { Pace } from './sim-scheduler.js';
import { collectKpis, type SimKpis } from './sim-report.js';
import type { SimJam } from './road-jams.js';
import type { SimCentre, SimStats } from './sim.js';
import { Simulator } from './simulator.js';

/**
 * How the simulation starts the centre. The simulator is a domain module and never imports the server;
 * whoever runs it (the `amane` command, the benchmark, a test) hands these in.
 */
export interface CentreLauncher {
  /** The kernel alone, migrated (for the demo's seeding before the server starts). */
  openCore(config: Config, options: { clock: Clock; log: Logger; collectDefaultMetrics: boolean }): Promise<Core>;
  /** The whole server: HTTP, the MQTT broker, the modules. */
  startServer(config: Config, options: { clock: Clock; log: Logger; collectDefaultMetrics: boolean }): Promise<SimCentre & { close(): Promise<void> }>;
}

export interface SimulationOptions {
  /** The database, the seed, calls a day, call-takers (AMANE_* settings). */
  readonly config: Config;
  readonly log: Logger;
  /** Simulated time at the start. */
  readonly start: Date;
  readonly durationMs: number;
  readonly pace: Pace;
  /** Progress lines, every simulated hour (or tenth of the run, when shorter). */
  readonly print?: (line: string) => void;
}

export interface SimulationResult {
  readonly kpis: SimKpis;
  readonly stats: SimStats;
  readonly simulatedS: number;
  /** Wall seconds of the run itself (seeding and figures apart). */
  readonly wallS: number;
  readonly seedS: number;
  readonly journal: JournalVerdict;
}

/**
 * A simulation on a manual clock: the demo seeded (idempotent), the server started on that clock, the
 * simulator run for `durationMs` of simulated time at `pace`, the figures read from the centre, and the
 * journal verified.
 */
export async function runSimulation(launcher: CentreLauncher, options: SimulationOptions): Promise<SimulationResult> {
  const { config, log } = options;
  const clock = new ManualClock(options.start);
  const seedStarted = performance.now();
  const seedCore = await launcher.openCore(config, { clock, log, collectDefaultMetrics: false });
  let passwords: ReadonlyMap<string, string>;
  try {
    passwords = (await seedDemo(seedCore, { ...optional('password', config.demoPassword), ...optional('roadsFile', config.roadsFile), callTakers: config.simCallTakers })).passwords;
  } finally {
    await seedCore.db.destroy();
  }
  const server = await launcher.startServer(config, { clock, log, collectDefaultMetrics: false });
  try {
    const from = clock.now().toISOString();
    const simulator = await Simulator.start(server, {
      seed: config.simSeed,
      callsPerDay: config.simCallsPerDay,
      callTakers: config.simCallTakers,
      jamsPerDay: config.simJamsPerDay,
      closuresPerDay: config.simClosuresPerDay,
      pace: options.pace,
      passwords,
      ...optional('password', config.demoPassword),
      log,
      recordIncidents: true,
      ...(options.print === undefined ? {} : { progress: { everyMs: Math.min(3_600_000, Math.max(60_000, options.durationMs / 10)), print: options.print } }),
    });
    const seedS = (performance.now() - seedStarted) / 1_000;
    const until = options.start.getTime() + options.durationMs;
    const wallStarted = performance.now();
    await simulator.run(until);
    const wallS = (performance.now() - wallStarted) / 1_000;
    await simulator.close();
    const kpis = { ...(await collectKpis(simulator.supervisor, from, new Date(until).toISOString(), simulator.incidents, simulator.identityReader)), jams: jamsOf(simulator.jams.jams, until) };
    return { kpis, stats: simulator.stats, simulatedS: options.durationMs / 1_000, wallS, seedS, journal: await verifyChain(server.core.db) };
  } finally {
    await server.close();
  }
}

/** The jams that started before the run's end, for its report. */
function jamsOf(jams: readonly SimJam[], untilMs: number): SimKpis['jams'] {
  return jams
    .filter((jam) => jam.startMs < untilMs)
    .map((jam) => ({ road: jam.road, kmh: jam.kmh, lengthM: jam.lengthM, from: new Date(jam.startMs).toISOString(), to: new Date(jam.endMs).toISOString() }));
}

/** A fresh folder for a simulation's throwaway database (about 100 MB for a day of 4,000 calls). */
export function temporaryDatabaseDir(prefix = 'amane-simulate-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
