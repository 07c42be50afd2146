import type { AmaneModule } from '../core/module.js';
import { RateLimit } from '../core/rate-limit.js';
import { UnitIndex, unitIndexKey } from './unit-index.js';
import { unitMigrations } from './unit.migrations.js';
import { startUnitMqtt } from './unit.mqtt.js';
import { registerUnitRoutes } from './unit.routes.js';
import { deviceStatusLimitKey } from './unit.service.js';

/** Units and stations: the unit board, statuses, positions (AVL), and the unit index recommendations read. */
export const unitModule: AmaneModule = {
  name: 'units',
  migrations: unitMigrations,
  registerRoutes(app, core) {
    registerUnitRoutes(app, core);
  },
  async start(core) {
    core.state.set(unitIndexKey, await UnitIndex.start(core));
    core.state.set(deviceStatusLimitKey, new RateLimit(core.config.deviceStatusPerMinute, core.clock, 'status reports for this unit from this device'));
    if (core.mqtt !== undefined) await startUnitMqtt(core, core.mqtt);
  },
  stop(core) {
    core.state.find(unitIndexKey)?.stop();
    core.state.delete(unitIndexKey);
    core.state.delete(deviceStatusLimitKey);
  },
};
