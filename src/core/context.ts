import type { Logger } from 'pino';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './database.js';
import type { LiveBus } from './live.js';
import type { Metrics } from './metrics.js';
import type { ModuleState } from './module-state.js';
import type { MqttHub } from './mqtt/mqtt-hub.js';

/** What every service needs from the kernel: handed in, never imported as a global. */
export interface Core {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly bus: LiveBus;
  readonly metrics: Metrics;
  readonly log: Logger;
  /** What the modules keep in memory for this kernel, from their `start` to their `stop`. */
  readonly state: ModuleState;
  /**
   * Devices' MQTT traffic (AVL, camera events, dispatch orders), set by the server when it runs a broker
   * or reaches one; absent when AMANE_MQTT=off, in the CLI's other commands and in most tests.
   */
  readonly mqtt?: MqttHub;
}
