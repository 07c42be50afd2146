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
   * and to register authorization rules (`core.mqtt?.authorize`). Tests that build the app alone do
   * not call it.
   */
  start?(core: Core): void | Promise<void>;
  /** Called when the server closes, before the database: stops what `start` left running (timers). */
  stop?(core: Core): void | Promise<void>;
}
