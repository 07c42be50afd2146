import type { Core } from './context.js';
import type { App } from './http.js';
import type { Migrations } from './migrate.js';

/**
 * What a module brings to the server: its tables, its routes, and what it starts and keeps in memory
 * (docs/architecture.md, "Module lifecycle").
 */
export interface AmaneModule {
  readonly name: string;
  readonly migrations: Migrations;
  /** Routes only: no timer, subscription or follower starts here (that is `start`'s work). */
  registerRoutes(app: App, core: Core): void;
  /**
   * Called by the server once every module's routes are registered, before devices can connect to the
   * MQTT broker and before HTTP requests are served: the place to subscribe (`core.mqtt?.subscribe`)
   * and to register authorization rules (`core.mqtt?.authorize`), to follow other modules' ports, to
   * start the module's timers (`startSweep`), and to build its in-memory state into `core.state` (listed
   * in docs/architecture.md). The test app (`setupTestApp`) calls it too.
   */
  start?(core: Core): void | Promise<void>;
  /**
   * Called when the server closes, in the reverse order of `start`, before the database: stops what
   * `start` left running (timers, waiting for a pass under way; followers), writes what is pending, and
   * takes every key the module holds out of `core.state`, those built at first use included.
   */
  stop?(core: Core): void | Promise<void>;
}
