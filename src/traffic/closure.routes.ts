import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { principalOf, type App } from '../core/http.js';
import { Closure, ClosureChange, ClosureEntry, ClosureParams, NewClosure } from '../contract/traffic.schema.js';
import { cifsFeed, datexSituationPublication } from './closure-feeds.js';
import { changeClosure, getClosure, listClosureEntries, listPublishedClosures, reopenClosure, setClosure } from './closure.service.js';

const tags = ['traffic'];

/** How long a feed reader may keep a copy: partners poll every minute or two; a closure is news within this. */
const FEED_MAX_AGE_S = 30;

/**
 * The traffic operator's closures (`/traffic/closures`) and the published feeds (`/feeds/...`). The
 * feeds are public: a closure is public road information (signed on the street, meant for every
 * driver and every navigation service), holds no personal data, and its free text is written to be
 * published (the editor says so); a partner token would only keep it from the drivers it is for.
 */
export function registerClosureRoutes(app: App, core: Core): void {
  app.get(
    '/traffic/closures',
    {
      config: { permission: 'traffic.read' },
      schema: {
        tags,
        summary: "Every closure in force for the traffic room: the operator's own (in force and scheduled), EOD cordons' and major incidents' (read-only), each with its roads as GeoJSON",
        response: { 200: Type.Array(ClosureEntry) },
      },
    },
    async () => listClosureEntries(core),
  );

  app.post(
    '/traffic/closures',
    {
      config: { permission: 'traffic.operate' },
      schema: {
        tags,
        summary: 'Close a segment (the point on a road), a street (by name, optionally near a point) or an area (a polygon), now or from `startsAt`, until `endsAt` or reopened; routing avoids it from its start',
        body: NewClosure,
        response: { 201: Closure },
      },
    },
    async (request, reply) => reply.code(201).send(await setClosure(core, actorOf(principalOf(request)), request.body)),
  );

  app.get('/traffic/closures/:id', { config: { permission: 'traffic.read' }, schema: { tags, summary: 'One closure, with the roads it closes on the current network', params: ClosureParams, response: { 200: Closure } } }, async (request) =>
    getClosure(core, request.params.id),
  );

  app.patch(
    '/traffic/closures/:id',
    { config: { permission: 'traffic.operate' }, schema: { tags, summary: "Move a closure's end (null: until reopened); the end must be after its start and now", params: ClosureParams, body: ClosureChange, response: { 200: Closure } } },
    async (request) => changeClosure(core, actorOf(principalOf(request)), request.params.id, request.body),
  );

  app.post(
    '/traffic/closures/:id/reopen',
    { config: { permission: 'traffic.operate' }, schema: { tags, summary: 'Reopen the roads now (or cancel a scheduled closure); journaled with who did', params: ClosureParams, response: { 200: Closure } } },
    async (request) => reopenClosure(core, actorOf(principalOf(request)), request.params.id),
  );

  app.get(
    '/feeds/cifs.json',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['feeds'],
        summary: 'Road closures as a Waze for Cities CIFS feed (JSON): the traffic operator’s (in force and scheduled) and EOD cordons’, one incident per closed line',
      },
    },
    async (_request, reply) => reply.header('cache-control', `public, max-age=${FEED_MAX_AGE_S}`).type('application/json; charset=utf-8').send(cifsFeed(await listPublishedClosures(core))),
  );

  app.get(
    '/feeds/datex2/closures.xml',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['feeds'],
        summary: 'Road closures as a DATEX II v3 SituationPublication (XML): one RoadOrCarriagewayOrLaneManagement record (roadClosed) per closed line',
      },
    },
    async (_request, reply) =>
      reply
        .header('cache-control', `public, max-age=${FEED_MAX_AGE_S}`)
        .type('application/xml; charset=utf-8')
        .send(datexSituationPublication(await listPublishedClosures(core), { at: core.clock.now(), publisher: core.config.agencyId, country: 'ma' })),
  );
}
