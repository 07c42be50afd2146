import type { AmaneModule } from '../core/module.js';
import { pollingKey, realtimeKey, startPolling, stopPolling } from './realtime.service.js';
import { networkKey } from './transit-network.js';
import { transitMigrations } from './transit.migrations.js';
import { registerTransitRoutes } from './transit.routes.js';
import { followHazards, followingKey, hazardsKey } from './transit-warnings.js';

/**
 * Public transport: GTFS timetables imported (agencies, routes, stops, trips, shapes, calendars), the
 * GTFS-realtime feeds polled (vehicle positions, trip updates, alerts), trams and buses with their delay,
 * a stop's next arrivals, and warnings when an incident or a cordon stands near a line.
 */
export const transitModule: AmaneModule = {
  name: 'transit',
  migrations: transitMigrations,
  registerRoutes(app, core) {
    registerTransitRoutes(app, core);
  },
  start(core) {
    followHazards(core);
    startPolling(core);
  },
  async stop(core) {
    await stopPolling(core);
    core.state.find(followingKey)?.();
    core.state.delete(followingKey);
    core.state.delete(hazardsKey);
    core.state.delete(realtimeKey);
    core.state.delete(networkKey);
    core.state.delete(pollingKey);
  },
};
