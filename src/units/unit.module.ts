import type { AmaneModule } from '../core/module.js';
import { RateLimit } from '../core/rate-limit.js';
import { avlTracker, avlTrackerKey } from './avl.service.js';
import { UnitIndex, unitIndexKey } from './unit-index.js';
import { unitMigrations } from './unit.migrations.js';
import { startUnitMqtt } from './unit.mqtt.js';
import { registerUnitRoutes } from './unit.routes.js';
import { deviceStatusLimitKey, statusFollowersKey, unitListenersKey } from './unit.service.js';

/** Units and stations: the unit board, statuses, positions (AVL), and the unit index recommendations read. */
export const unitModule: AmaneModule = {
  name: 'units',
  migrations: unitMigrations,
  registerRoutes(app, core) {
    registerUnitRoutes(app, core);
  },
  async start(core) {
    // Saves positions every second and publishes them twice a second.
    avlTracker(core).start();
    core.state.set(unitIndexKey, await UnitIndex.start(core));
    core.state.set(deviceStatusLimitKey, new RateLimit(core.config.deviceStatusPerMinute, core.clock, 'status reports for this unit from this device'));
    if (core.mqtt !== undefined) await startUnitMqtt(core, core.mqtt);
  },
  async stop(core) {
    core.state.find(unitIndexKey)?.stop();
    core.state.delete(unitIndexKey);
    core.state.delete(deviceStatusLimitKey);
    // Writes the positions not yet saved.
    await core.state.find(avlTrackerKey)?.stop();
    core.state.delete(avlTrackerKey);
    // Callbacks only; the modules that registered them took theirs out in their own stop.
    core.state.delete(statusFollowersKey);
    core.state.delete(unitListenersKey);
  },
};
