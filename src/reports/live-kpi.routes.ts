import { Type } from 'typebox';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import { Closed, Timestamp } from '../core/schema.js';
import { LiveKpis } from './live-kpi.js';
import { getLiveKpis } from './live-kpi.service.js';

const LiveKpiQuery = Closed({ since: Type.Optional(Timestamp) });

/** The supervisor's live figures. */
export function registerLiveKpiRoutes(app: App, core: Core): void {
  app.get(
    '/kpis/live',
    {
      config: { permission: 'call.kpi' },
      schema: {
        tags: ['reports'],
        summary: "Calls and incidents since `since` (default: the start of Casablanca's day), and the queue, open incidents, call-takers and units now",
        querystring: LiveKpiQuery,
        response: { 200: LiveKpis },
      },
    },
    async (request) => getLiveKpis(core, request.query.since),
  );
}
