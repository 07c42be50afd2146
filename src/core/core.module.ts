import { registerDeviceRoutes } from './auth/device.routes.js';
import { registerSessionRoutes } from './auth/session.routes.js';
import { registerUserRoutes } from './auth/user.routes.js';
import { coreMigrations } from './core.migrations.js';
import { registerHealthRoutes } from './health.routes.js';
import { registerJournalRoutes } from './journal.routes.js';
import { registerLiveRoutes } from './live.routes.js';
import type { AmaneModule } from './module.js';

/** The kernel as a module: health, auth, users, devices, journal and the live feed. */
export const coreModule: AmaneModule = {
  name: 'core',
  migrations: coreMigrations,
  registerRoutes(app, core) {
    registerHealthRoutes(app, core);
    registerSessionRoutes(app, core);
    registerUserRoutes(app, core);
    registerDeviceRoutes(app, core);
    registerJournalRoutes(app, core);
    registerLiveRoutes(app, core);
  },
};
