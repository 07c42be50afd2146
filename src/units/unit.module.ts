import type { AmaneModule } from '../core/module.js';
import { unitMigrations } from './unit.migrations.js';
import { startUnitMqtt } from './unit.mqtt.js';
import { registerUnitRoutes } from './unit.routes.js';

/** Units and stations: the unit board, statuses, positions (AVL). */
export const unitModule: AmaneModule = {
  name: 'units',
  migrations: unitMigrations,
  registerRoutes(app, core) {
    registerUnitRoutes(app, core);
  },
  async start(core) {
    if (core.mqtt !== undefined) await startUnitMqtt(core, core.mqtt);
  },
};
