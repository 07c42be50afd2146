import type { AmaneModule } from '../core/module.js';
import { registerStationRoutes } from './station.routes.js';

/**
 * Police stations: premises that operations (a unit's home station) and identity (where a citizen
 * applies) both use. Its table is created by the units module's first migration, kept there so that
 * existing databases keep their migration history.
 */
export const stationModule: AmaneModule = {
  name: 'stations',
  migrations: {},
  registerRoutes(app, core) {
    registerStationRoutes(app, core);
  },
};
