import type { AmaneModule } from '../core/module.js';
import { dispatchMigrations } from './dispatch.migrations.js';
import { registerDispatchRoutes } from './dispatch.routes.js';

/** Dispatch: which units go where, recommended by road travel time. */
export const dispatchModule: AmaneModule = {
  name: 'dispatch',
  migrations: dispatchMigrations,
  registerRoutes(app, core) {
    registerDispatchRoutes(app, core);
  },
};
