import type { AmaneModule } from '../core/module.js';
import { refreshCordons, watchCordons } from './cordon.service.js';
import { startFollowingSquads } from './deployment.service.js';
import { eodMigrations } from './eod.migrations.js';
import { registerEodRoutes } from './eod.routes.js';

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
    const stopFollowing = startFollowingSquads(core);
    const stopWatching = watchCordons(core);
    app.addHook('onClose', async () => {
      stopFollowing();
      stopWatching();
    });
  },
  async start(core) {
    // Cordons in force before a restart keep their roads closed.
    await refreshCordons(core);
  },
};
