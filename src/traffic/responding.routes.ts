import { Type } from 'typebox';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import { RespondingRoute } from '../contract/traffic-responding.schema.js';
import { respondingRoutes } from './responding.service.js';

/** The roads responding units are expected to drive, for the traffic room's map. */
export function registerRespondingRoutes(app: App, core: Core): void {
  app.get(
    '/traffic/responding',
    {
      config: { permission: 'traffic.read' },
      schema: {
        tags: ['traffic'],
        summary: 'Units on their way to an incident, each with the road it is expected to drive now and why it differs from the usual one',
        description:
          'From the latest fix (or the station when it is stale), closed roads avoided and live speeds used as the recommendation does; `cause` says whether a closure or live traffic changed the road against a usual day. Nearest to its incident first.',
        response: { 200: Type.Array(RespondingRoute) },
      },
    },
    () => respondingRoutes(core),
  );
}
