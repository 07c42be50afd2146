import type { Migrations } from '../core/migrate.js';

/** Road closures set by the traffic operator; live speed observations. */
export const trafficMigrations: Migrations = {};
