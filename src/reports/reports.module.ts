import type { AmaneModule } from '../core/module.js';
import { registerLiveKpiRoutes } from './live-kpi.routes.js';

/** Reports: figures read across the other modules (the supervisor's live KPIs); no tables of its own. */
export const reportsModule: AmaneModule = {
  name: 'reports',
  migrations: {},
  registerRoutes(app, core) {
    registerLiveKpiRoutes(app, core);
  },
};
