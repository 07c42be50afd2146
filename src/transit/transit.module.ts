import type { AmaneModule } from '../core/module.js';
import { transitMigrations } from './transit.migrations.js';

/**
 * Public transport: GTFS timetables imported (agencies, routes, stops, trips, shapes, calendars), the
 * GTFS-realtime feeds polled (vehicle positions, trip updates, alerts), trams and buses with their delay,
 * a stop's next arrivals, and warnings when an incident or a cordon stands near a line.
 */
export const transitModule: AmaneModule = {
  name: 'transit',
  migrations: transitMigrations,
  registerRoutes() {},
};
