import type { Logger } from 'pino';
import { systemClock, type Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Core } from '../core/context.js';
import { openDatabase } from '../core/database.js';
import { LiveBus } from '../core/live.js';
import { createLogger } from '../core/logger.js';
import { Metrics } from '../core/metrics.js';
import { migrateToLatest } from '../core/migrate.js';
import { ModuleState } from '../core/module-state.js';
import { allMigrations } from './modules.js';

export interface OpenCoreOptions {
  readonly clock?: Clock;
  readonly log?: Logger;
  readonly schema?: string;
  readonly collectDefaultMetrics?: boolean;
}

/** Opens the database, brings its schema up to date, and assembles the kernel services. */
export async function openCore(config: Config, options: OpenCoreOptions = {}): Promise<Core> {
  const log = options.log ?? createLogger(config);
  const db = openDatabase(config.database, options.schema === undefined ? {} : { schema: options.schema });
  try {
    await migrateToLatest(db, allMigrations);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return {
    config,
    db,
    clock: options.clock ?? systemClock,
    bus: new LiveBus((error) => log.error({ err: error }, 'a live listener failed')),
    metrics: new Metrics({ collectDefault: options.collectDefaultMetrics ?? true }),
    log,
    state: new ModuleState(),
  };
}

