import type { Core } from './context.js';
import type { App } from './http.js';
import type { Migrations } from './migrate.js';

/** What a module brings to the server: its tables, its routes, and what it starts (MQTT subscriptions). */
export interface AmaneModule {
  readonly name: string;
  readonly migrations: Migrations;
  registerRoutes(app: App, core: Core): void;
  /**
   * Called by the server once every module's routes are registered, before devices can connect to the
   * MQTT broker and before HTTP requests are served: the place to subscribe (`core.mqtt?.subscribe`)
   * and to register authorization rules (`core.mqtt?.authorize`), and to build the module's in-memory
   * state into `core.state` (listed in docs/architecture.md). The test app (`setupTestApp`) calls it too.
   */
  start?(core: Core): void | Promise<void>;
  /** Called when the server closes, before the database: stops what `start` left running (timers) and takes its state out of `core.state`. */
  stop?(core: Core): void | Promise<void>;
}
