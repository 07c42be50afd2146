import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './database.js';
import type { LiveBus } from './live.js';
import type { Metrics } from './metrics.js';

/** What every service needs from the kernel: handed in, never imported as a global. */
export interface Core {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly bus: LiveBus;
  readonly metrics: Metrics;
  readonly log: Logger;
}
