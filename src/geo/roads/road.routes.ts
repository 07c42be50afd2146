import { Type } from 'typebox';
import type { Core } from '../../core/context.js';
import type { App } from '../../core/http.js';
import { Closed } from '../../core/schema.js';
import { LineStringPosition, RoadRoute } from '../../contract/road.schema.js';
import { RoadOrigin, type RoadFeatureCollection } from './road-map.js';
import { describePlace, getRoadMap, routeBetween } from './road.service.js';

const Latitude = Type.Number({ minimum: -90, maximum: 90, 'x-expected': 'a latitude from -90 to 90' });
const Longitude = Type.Number({ minimum: -180, maximum: 180, 'x-expected': 'a longitude from -180 to 180' });
/**
 * The network is the same for everyone and changes only when roads are imported: browsers keep it
 * ten minutes, then ask again with its ETag and usually get a bodiless 304.
 */
const ROAD_MAP_CACHE = 'private, max-age=600';

/** The road network for the map, and routes on it. */
export function registerRoadRoutes(app: App, core: Core): void {
  app.get(
    '/roads',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['map'],
        summary: 'The road network as GeoJSON LineStrings (class, name, one-way), with its attribution',
        description: 'Several megabytes: sent gzipped to clients that accept it, with an ETag for revalidation.',
        response: {
          200: Type.Object({
            type: Type.Literal('FeatureCollection'),
            attribution: Type.String(),
            origin: Type.Enum(Object.values(RoadOrigin), {
              description: 'where the streets come from: the generated demo city, OpenStreetMap data (credited as the ODbL asks), or another source credited by `attribution`',
            }),
            features: Type.Array(
              Type.Object({
                type: Type.Literal('Feature'),
                properties: Type.Object({ class: Type.String(), name: Type.String(), oneway: Type.Boolean() }),
                geometry: Type.Object({ type: Type.Literal('LineString'), coordinates: Type.Array(LineStringPosition) }),
              }),
            ),
          }),
          // No body at all (not even `null`): Node's server sends none with a 304.
          304: Type.Unsafe<undefined>({ description: 'not modified since the ETag given in If-None-Match' }),
        },
      },
    },
    async (request, reply) => {
      const map = await getRoadMap(core);
      void reply.header('cache-control', ROAD_MAP_CACHE).header('etag', map.etag).header('vary', 'accept-encoding');
      if (matchesEtag(request.headers['if-none-match'], map.etag)) return reply.code(304).send();
      void reply.type('application/geo+json; charset=utf-8');
      const gzip = /\bgzip\b/.test(request.headers['accept-encoding'] ?? '');
      if (gzip) void reply.header('content-encoding', 'gzip');
      // Serialised once per graph (road.service.ts): a Buffer goes out as it is, past the serialiser.
      return reply.send((gzip ? map.gzip : map.json) as unknown as RoadFeatureCollection);
    },
  );

  app.get(
    '/places/describe',
    {
      config: { permission: 'incident.create' },
      schema: {
        tags: ['map'],
        summary: "A point in words, for an incident's address: the nearest named road (within 150 m) and the district",
        querystring: Closed({ lat: Latitude, lon: Longitude }),
        response: {
          200: Type.Object({
            street: Type.Union([Type.String(), Type.Null()]),
            streetDistanceM: Type.Union([Type.Number(), Type.Null()]),
            district: Type.Union([Type.Object({ code: Type.String(), name: Type.String(), nameAr: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
          }),
        },
      },
    },
    async (request) => describePlace(core, { lat: request.query.lat, lon: request.query.lon }),
  );

  app.get(
    '/roads/route',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags: ['map'],
        summary:
          'The fastest route by road between two points (each put on its nearest road, within 1 km), closed roads avoided except those of `incident`; an end further from every road is 422 `outside_road_network`, or a straight-line estimate with offNetwork=estimate',
        querystring: Closed({
          fromLat: Latitude,
          fromLon: Longitude,
          toLat: Latitude,
          toLon: Longitude,
          /** Going to this incident: roads closed for its own cordon stay open (the scene is inside it). */
          incident: Type.Optional(Type.String({ minLength: 1, maxLength: 40, 'x-expected': 'an incident number such as CASA-2026-000123' })),
          /** What to answer for an end off the network: refuse it (422, the default), or estimate along a straight line. */
          offNetwork: Type.Optional(Type.Enum(['refuse', 'estimate'], { 'x-expected': 'refuse or estimate' })),
        }),
        response: { 200: RoadRoute },
      },
    },
    async (request) => {
      const { fromLat, fromLon, toLat, toLon, incident, offNetwork } = request.query;
      const found = await routeBetween(core, { lat: fromLat, lon: fromLon }, { lat: toLat, lon: toLon }, {
        ...(incident === undefined ? {} : { forIncident: incident }),
        ...(offNetwork === undefined ? {} : { offNetwork }),
      });
      return { kind: found.kind, outside: [...found.outside], etaS: found.etaS, distanceM: found.distanceM, from: found.from, to: found.to, coordinates: found.coordinates };
    },
  );
}

/** Whether an If-None-Match header names this ETag (a list, weak or not, or `*`). */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  return header.split(',').some((each) => {
    const tag = each.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}
