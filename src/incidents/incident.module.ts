import type { AmaneModule } from '../core/module.js';
import { catalogueKey } from './incident-catalogue.service.js';
import { incidentMigrations } from './incident.migrations.js';
import { registerIncidentRoutes } from './incident.routes.js';

/** Incidents: the catalogue of types, the lifecycle, notes and timelines. */
export const incidentModule: AmaneModule = {
  name: 'incidents',
  migrations: incidentMigrations,
  registerRoutes(app, core) {
    registerIncidentRoutes(app, core);
  },
  stop(core) {
    core.state.delete(catalogueKey);
  },
};
