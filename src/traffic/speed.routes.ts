import { Type } from 'typebox';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import { Closed } from '../core/schema.js';
import { SlowRoad, SpeedMap } from '../contract/traffic-speed.schema.js';
import { liveSpeeds } from './speed.service.js';

const SlowestQuery = Closed({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, 'x-expected': 'a whole number from 1 to 50' })),
});

/** Live speeds: the congested edges for the map, and the slowest named roads. */
export function registerSpeedRoutes(app: App, core: Core): void {
  app.get(
    '/traffic/speeds',
    {
      config: { permission: 'traffic.read' },
      schema: {
        tags: ['traffic'],
        summary: 'Road segments slower than free flow, as GeoJSON lines with live and usual speed, level, road name and age',
        description: 'As last republished (every 20 s): one feature per direction driven. Segments flowing freely, or with no live estimate, are left out.',
        response: { 200: SpeedMap },
      },
    },
    () => liveSpeeds(core).speedMap(),
  );

  app.get<{ Querystring: { limit?: number } }>(
    '/traffic/roads/slowest',
    {
      config: { permission: 'traffic.read' },
      schema: {
        tags: ['traffic'],
        summary: 'The named roads slowest against their usual speed, worst first',
        querystring: SlowestQuery,
        response: { 200: Type.Array(SlowRoad) },
      },
    },
    (request) => liveSpeeds(core).slowestRoads(request.query.limit ?? 10),
  );
}
