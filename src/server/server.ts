import type { Logger } from 'pino';
import { ensureAdministrator } from '../core/auth/user.service.js';
import { systemClock, type Clock } from '../core/clock.js';
import type { Config } from '../core/config.js';
import type { Core } from '../core/context.js';
import { openDatabase } from '../core/database.js';
import { LiveBus } from '../core/live.js';
import { createLogger } from '../core/logger.js';
import { Metrics } from '../core/metrics.js';
import { migrateToLatest } from '../core/migrate.js';
import type { App } from '../core/http.js';
import { buildApp } from './app.js';
import { allMigrations, modules } from './modules.js';

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
  };
}

export interface RunningServer {
  readonly app: App;
  readonly core: Core;
  readonly url: string;
  /** Credentials of the administrator created at this start, to show once. */
  readonly bootstrapAdmin: { username: string; password: string; generated: boolean } | undefined;
  close(): Promise<void>;
}

/** Starts the centre: migrations, the first administrator if none, the HTTP server. */
export async function startServer(config: Config, options: OpenCoreOptions = {}): Promise<RunningServer> {
  const core = await openCore(config, options);
  const bootstrapAdmin = await ensureAdministrator(core);
  const app = await buildApp(core, modules);
  const address = await app.listen({ host: config.host, port: config.port });
  let closed = false;
  return {
    app,
    core,
    url: address,
    bootstrapAdmin,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await core.db.destroy();
    },
  };
}
