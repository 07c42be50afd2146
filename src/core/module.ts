import type { Core } from './context.js';
import type { App } from './http.js';
import type { Migrations } from './migrate.js';

/** What a module brings to the server: its tables and its routes. */
export interface AmaneModule {
  readonly name: string;
  readonly migrations: Migrations;
  registerRoutes(app: App, core: Core): void;
}
