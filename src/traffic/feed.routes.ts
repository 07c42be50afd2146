import type { IncomingMessage } from 'node:http';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { principalOf, type App } from '../core/http.js';
import { FeedAccepted, NewTrafficFeed, TrafficEvent, TrafficFeed, TrafficFeedChange, TrafficFeedParams } from '../contract/traffic-feed.schema.js';
import { DATEX_MAX_BYTES } from './feed-datex.js';
import { acceptFeedDocument, changeFeed, configureFeed, getFeed, listFeeds, listTrafficEvents, removeFeed } from './feed.service.js';

const tags = ['traffic'];

/** The documents pushed to a feed, beside their request (read above). */
const feedDocuments = new WeakMap<IncomingMessage, unknown>();

/**
 * The traffic feeds in: configured by the traffic room's supervisor side (`traffic.operate`: the feeds
 * are the traffic picture's sources, as closures are its edits), pushed by the city traffic centre's
 * device (`traffic.report`), and the events they bring (`traffic.read`).
 */
export function registerFeedRoutes(app: App, core: Core): void {
  app.get('/traffic/feeds', { config: { permission: 'traffic.read' }, schema: { tags, summary: 'The traffic feeds in, each with its status: last document taken, last refused, what it held', response: { 200: Type.Array(TrafficFeed) } } }, async () =>
    listFeeds(core),
  );

  app.post(
    '/traffic/feeds',
    {
      config: { permission: 'traffic.operate' },
      schema: { tags, summary: "Configure a traffic feed: pushed by the traffic centre's device, and polled from `url` when given; journaled", body: NewTrafficFeed, response: { 201: TrafficFeed } },
    },
    async (request, reply) => reply.code(201).send(await configureFeed(core, actorOf(principalOf(request)), request.body)),
  );

  app.get('/traffic/feeds/:id', { config: { permission: 'traffic.read' }, schema: { tags, summary: 'One traffic feed and its status', params: TrafficFeedParams, response: { 200: TrafficFeed } } }, async (request) =>
    getFeed(core, request.params.id),
  );

  app.patch(
    '/traffic/feeds/:id',
    { config: { permission: 'traffic.operate' }, schema: { tags, summary: "Change a feed's name, URL (null: pushed only) or poll interval; journaled", params: TrafficFeedParams, body: TrafficFeedChange, response: { 200: TrafficFeed } } },
    async (request) => changeFeed(core, actorOf(principalOf(request)), request.params.id, request.body),
  );

  app.delete(
    '/traffic/feeds/:id',
    { config: { permission: 'traffic.operate' }, schema: { tags, summary: 'Remove a feed, its sites and events; the closures it brought end; journaled', params: TrafficFeedParams } },
    async (request, reply) => {
      await removeFeed(core, actorOf(principalOf(request)), request.params.id);
      return reply.code(204).send();
    },
  );

  app.get(
    '/traffic/events',
    { config: { permission: 'traffic.read' }, schema: { tags, summary: "The traffic centre's events not over (accidents, roadworks, closures, abnormal traffic), by start; those closing a road are in the closures too", response: { 200: Type.Array(TrafficEvent) } } },
    async () => listTrafficEvents(core),
  );

  // The push, in a context of its own whose parsers keep the document beside the request (XML as text,
  // JSON parsed) and hand Fastify no body: the document is checked by the service, by its content type,
  // not by a route schema, and the server's refusal of bodies a route does not declare stays in force.
  void app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scoped.removeContentTypeParser('application/json');
    scoped.addContentTypeParser(['application/xml', 'text/xml', 'application/json'], { parseAs: 'string', bodyLimit: DATEX_MAX_BYTES }, (request, body, done) => {
      const text = String(body);
      if (!(request.headers['content-type'] ?? '').toLowerCase().includes('json')) {
        feedDocuments.set(request.raw, text);
        return done(null, undefined);
      }
      try {
        feedDocuments.set(request.raw, JSON.parse(text) as unknown);
        done(null, undefined);
      } catch {
        done(new DomainError('validation', 'body: not JSON', { errors: [{ field: 'body', message: 'must be a JSON document (the feed\'s JSON form)' }] }), undefined);
      }
    });
    scoped.post(
      '/traffic/feeds/:id/data',
      {
        config: { permission: 'traffic.report' },
        bodyLimit: DATEX_MAX_BYTES,
        schema: {
          tags,
          summary: 'Push a feed document: DATEX II v3 (application/xml: site table, measured data, situations) or the JSON form (application/json, schema FeedDocument); a malformed one is refused naming the field, recorded on the status, and changes nothing',
          params: TrafficFeedParams,
          response: { 200: FeedAccepted },
        },
      },
      async (request) => acceptFeedDocument(core, actorOf(principalOf(request)), request.params.id, feedDocuments.get(request.raw), request.headers['content-type'] ?? ''),
    );
  });
}
