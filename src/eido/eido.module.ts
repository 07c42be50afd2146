import type { AmaneModule } from '../core/module.js';
import { eidoMigrations } from './eido.migrations.js';
import { registerEidoRoutes } from './eido.routes.js';

/** NENA EIDO 1.0: incidents exported to, and received from, other centres. */
export const eidoModule: AmaneModule = {
  name: 'eido',
  migrations: eidoMigrations,
  registerRoutes(app, core) {
    registerEidoRoutes(app, core);
  },
};
