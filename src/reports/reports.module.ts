import type { AmaneModule } from '../core/module.js';
import { registerLiveKpiRoutes } from './live-kpi.routes.js';
import { firstTimesKey } from './live-kpi.service.js';

/** Reports: figures read across the other modules (the supervisor's live KPIs); no tables of its own. */
export const reportsModule: AmaneModule = {
  name: 'reports',
  migrations: {},
  registerRoutes(app, core) {
    registerLiveKpiRoutes(app, core);
  },
  stop(core) {
    core.state.delete(firstTimesKey);
  },
};
