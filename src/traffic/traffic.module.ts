import type { AmaneModule } from '../core/module.js';
import { trafficMigrations } from './traffic.migrations.js';

/**
 * Road traffic: live speeds from the fleet's own GPS (map-matched) and from the city's traffic feeds,
 * congestion, the traffic operator's road closures (with EOD cordons and major incidents shown as
 * closures too), and the closures published for other systems (Waze for Cities CIFS, DATEX II).
 */
export const trafficModule: AmaneModule = {
  name: 'traffic',
  migrations: trafficMigrations,
  registerRoutes() {},
};
