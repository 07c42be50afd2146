import type { IncomingMessage } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../core/auth/principal.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { principalOf, type App } from '../core/http.js';
import {
  Arrival,
  EmitAlert,
  FeedImported,
  FeedParams,
  RealtimeChange,
  RealtimeConfig,
  RealtimeStatus,
  StopParams,
  StopsQuery,
  TransitAlert,
  TransitFeed,
  TransitRoute,
  TransitStop,
  TransitVehicle,
  TransitWarning,
} from '../contract/transit.schema.js';
import { Closed } from '../core/schema.js';
import { importGtfs } from './gtfs.service.js';
import { acceptRealtime, changeRealtime, configureRealtime, listAlerts, listVehicles } from './realtime.service.js';
import { getNetwork } from './transit-network.js';
import { listFeeds, listStops, stopArrivals } from './transit.service.js';
import { alertFeed, emitAlert, listWarnings } from './transit-warnings.js';

const tags = ['transit'];
const ZIP_BODY_LIMIT = 64 * 1024 * 1024;
const PROTOBUF_BODY_LIMIT = 20 * 1024 * 1024;

/**
 * The binary bodies (a GTFS zip, a protocol buffer) these routes take, beside the request: the
 * server's checks of JSON bodies (a schema, or none at all) do not apply to them, so the parser hands
 * Fastify no body and the handler reads it here.
 */
const binaryBodies = new WeakMap<IncomingMessage, Buffer>();

function binaryBody(request: { raw: IncomingMessage }, expected: string): Buffer {
  const body = binaryBodies.get(request.raw);
  if (body === undefined || body.length === 0) throw new DomainError('validation', `body: send ${expected}`, { errors: [{ field: 'body', message: `must be ${expected}` }] });
  return body;
}

/** Feeds (import, realtime configuration and push), lines, vehicles, stops and arrivals, alerts and warnings. */
export function registerTransitRoutes(app: App, core: Core): void {
  app.get('/transit/feeds', { config: { permission: 'traffic.read' }, schema: { tags, summary: 'Imported GTFS feeds with their counts, and each realtime feed\'s last success and last error', response: { 200: Type.Array(TransitFeed) } } }, async () =>
    listFeeds(core),
  );

  app.post(
    '/transit/feeds/:id/realtime',
    {
      config: { permission: 'transit.manage' },
      schema: { tags, summary: "Set the feed's GTFS-realtime source: a URL polled every pollIntervalS (null: pushed only); journaled", params: FeedParams, body: RealtimeConfig, response: { 200: RealtimeStatus } },
    },
    async (request) => configureRealtime(core, actorOf(principalOf(request)), request.params.id, request.body),
  );

  app.patch(
    '/transit/feeds/:id/realtime',
    {
      config: { permission: 'transit.manage' },
      schema: { tags, summary: "Change the feed's GTFS-realtime URL or poll interval; journaled", params: FeedParams, body: RealtimeChange, response: { 200: RealtimeStatus } },
    },
    async (request) => changeRealtime(core, actorOf(principalOf(request)), request.params.id, request.body),
  );

  app.get('/transit/routes', { config: { permission: 'traffic.read' }, schema: { tags, summary: 'Every line: mode (tram, bus, rail), colour, and its shapes as a GeoJSON MultiLineString', response: { 200: Type.Array(TransitRoute) } } }, async () =>
    [...(await getNetwork(core)).routes],
  );

  app.get('/transit/vehicles', { config: { permission: 'traffic.read' }, schema: { tags, summary: 'Vehicles of every realtime feed: position, trip, line and delay', response: { 200: Type.Array(TransitVehicle) } } }, async () =>
    listVehicles(core),
  );

  app.get(
    '/transit/stops',
    { config: { permission: 'traffic.read' }, schema: { tags, summary: 'Stops; with near=lat,lon those within radiusM (default 500), nearest first', querystring: StopsQuery, response: { 200: Type.Array(TransitStop) } } },
    async (request) => {
      const { near, radiusM } = request.query;
      const point = near === undefined ? undefined : { lat: Number(near.split(',')[0]), lon: Number(near.split(',')[1]) };
      if (point !== undefined && (Math.abs(point.lat) > 90 || Math.abs(point.lon) > 180)) throw new DomainError('validation', 'near: not a latitude and longitude', { errors: [{ field: 'near', message: 'must be lat,lon within -90..90 and -180..180' }] });
      return listStops(core, point, radiusM);
    },
  );

  app.get(
    '/transit/stops/:id/arrivals',
    {
      config: { permission: 'traffic.read' },
      schema: { tags, summary: "A stop's next arrivals today (the centre's time zone): the timetable, its calendars, and the trip updates' delays", params: StopParams, response: { 200: Type.Array(Arrival) } },
    },
    async (request) => stopArrivals(core, request.params.id),
  );

  app.get('/transit/alerts', { config: { permission: 'traffic.read' }, schema: { tags, summary: 'Service alerts read from the realtime feeds', response: { 200: Type.Array(TransitAlert) } } }, async () =>
    listAlerts(core),
  );

  app.get(
    '/transit/warnings',
    { config: { permission: 'traffic.read' }, schema: { tags, summary: 'Open incidents and EOD cordons within 150 m of a tram or bus line, with the lines and whether an alert was emitted', response: { 200: Type.Array(TransitWarning) } } },
    async () => listWarnings(core),
  );

  app.post(
    '/transit/alerts',
    {
      config: { permission: 'traffic.operate' },
      schema: { tags, summary: "Emit a warning's GTFS-realtime Alert on its lines, for the network's operator (GET /feeds/gtfs-rt/alerts.pb); journaled", body: EmitAlert, response: { 201: TransitWarning } },
    },
    async (request, reply) => reply.code(201).send(await emitAlert(core, actorOf(principalOf(request)), request.body)),
  );

  // The binary routes, in a context of their own so that only they take zip and protobuf bodies.
  void app.register(async (plugin) => {
    const scoped = plugin.withTypeProvider<TypeBoxTypeProvider>();
    scoped.addContentTypeParser(['application/zip', 'application/x-protobuf', 'application/protobuf', 'application/octet-stream'], { parseAs: 'buffer' }, (request, body, done) => {
      binaryBodies.set(request.raw, body as Buffer);
      done(null, undefined);
    });

    scoped.post(
      '/transit/feeds/:id/gtfs',
      {
        config: { permission: 'transit.manage' },
        bodyLimit: ZIP_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Import a GTFS zip (body: application/zip) under this feed id, replacing its timetable at once; a malformed feed is refused naming the file, line and field, and changes nothing',
          params: FeedParams,
          response: { 200: FeedImported },
        },
      },
      async (request) => importGtfs(core, actorOf(principalOf(request)), request.params.id, binaryBody(request, 'a GTFS zip as application/zip'), `upload:${request.params.id}.zip`),
    );

    scoped.post(
      '/transit/feeds/:id/realtime/data',
      {
        config: { permission: 'transit.report' },
        bodyLimit: PROTOBUF_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Push a GTFS-realtime FeedMessage (body: application/x-protobuf): vehicles, trip updates, alerts; a malformed one is refused, recorded on the feed\'s status, and the last good state stays',
          params: FeedParams,
          response: { 200: RealtimeStatus },
        },
      },
      async (request) => acceptRealtime(core, request.params.id, binaryBody(request, 'a GTFS-realtime FeedMessage as application/x-protobuf')),
    );
  });

  app.get(
    '/feeds/gtfs-rt/alerts.pb',
    {
      config: { permission: 'transit.report' },
      schema: { tags, summary: "The Alerts the centre emitted on tram and bus lines (GTFS-realtime FeedMessage, protocol buffer), for the networks' operators", querystring: Closed({}) },
    },
    async (_request, reply) => reply.type('application/x-protobuf').send(Buffer.from(await alertFeed(core))),
  );
}
