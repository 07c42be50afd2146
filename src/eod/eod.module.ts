import type { AmaneModule } from '../core/module.js';
import { StateKey } from '../core/module-state.js';
import { activeCordonsKey, refreshCordons, watchCordons } from './cordon.service.js';
import { startFollowingSquads } from './deployment.service.js';
import { eodMigrations } from './eod.migrations.js';
import { registerEodRoutes } from './eod.routes.js';
import { standoffTableKey } from './standoff.service.js';

/** What the EOD module's `start` follows: squads' statuses and the positions near cordons. */
const followingKey = new StateKey<() => void>('eod: the squads and cordons followed');

/**
 * Bomb disposal: squads (units of kind `eod_squad`) with their equipment and deployment log,
 * suspicious-object scenes with their stand-off cordons (closed roads, withdrawn units, cameras,
 * traffic perimeter), the public CAP alert, and squads ranked across cities.
 */
export const eodModule: AmaneModule = {
  name: 'eod',
  migrations: eodMigrations,
  registerRoutes(app, core) {
    registerEodRoutes(app, core);
  },
  async start(core) {
    const stopFollowing = startFollowingSquads(core);
    const stopWatching = watchCordons(core);
    core.state.set(followingKey, () => {
      stopFollowing();
      stopWatching();
    });
    // Cordons in force before a restart keep their roads closed.
    await refreshCordons(core);
  },
  stop(core) {
    core.state.find(followingKey)?.();
    core.state.delete(followingKey);
    core.state.delete(activeCordonsKey);
    core.state.delete(standoffTableKey);
  },
};
