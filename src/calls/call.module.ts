import type { AmaneModule } from '../core/module.js';
import { callMigrations } from './call.migrations.js';
import { registerCallRoutes } from './call.routes.js';

/** Line 19: calls, the queue, call-takers, KPIs. */
export const callModule: AmaneModule = {
  name: 'calls',
  migrations: callMigrations,
  registerRoutes(app, core) {
    registerCallRoutes(app, core);
  },
};
