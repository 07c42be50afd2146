import type { AmaneModule } from '../core/module.js';
import { registerClosureRoutes } from './closure.routes.js';
import { registerCorridorRoutes } from './corridor.routes.js';
import { registerFeedRoutes } from './feed.routes.js';
import { startTrafficFeeds, stopTrafficFeeds } from './feed.service.js';
import { startClosures, stopClosures } from './closure.service.js';
import { trafficMigrations } from './traffic.migrations.js';
import { registerRespondingRoutes } from './responding.routes.js';
import { registerSpeedRoutes } from './speed.routes.js';
import { LiveSpeeds, liveSpeedsKey } from './speed.service.js';

/**
 * Road traffic: live speeds from the fleet's own GPS (map-matched) and from the city's traffic feeds,
 * congestion, the traffic operator's road closures (with EOD cordons and major incidents shown as
 * closures too), and the closures published for other systems (Waze for Cities CIFS, DATEX II).
 */
export const trafficModule: AmaneModule = {
  name: 'traffic',
  migrations: trafficMigrations,
  registerRoutes(app, core) {
    registerSpeedRoutes(app, core);
    registerClosureRoutes(app, core);
    registerRespondingRoutes(app, core);
    registerFeedRoutes(app, core);
    registerCorridorRoutes(app, core);
  },
  async start(core) {
    // Closures: those in force close their roads at once; the sweep starts and ends them on time.
    await startClosures(core);
    // Live speeds: follows the fleet's fixes, republishes every 20 s, saves every minute.
    const speeds = new LiveSpeeds(core);
    core.state.set(liveSpeedsKey, speeds);
    await speeds.start();
    // Feeds in: their closures in force close their roads; the sweep polls the feeds due and starts and ends closures on time.
    await startTrafficFeeds(core);
  },
  async stop(core) {
    await stopTrafficFeeds(core);
    await stopClosures(core);
    await core.state.find(liveSpeedsKey)?.stop();
    core.state.delete(liveSpeedsKey);
  },
};
