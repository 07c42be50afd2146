import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { coreMigrations } from '../../core/core.migrations.js';
import { DomainError } from '../../core/errors.js';
import type { App } from '../../core/http.js';
import { findEvents } from '../../core/journal.repository.js';
import { createValidator } from '../../core/validate.js';
import { setupTestCore, testDatabaseKind, type TestCore } from '../../core/testing.js';
import { geoModule } from '../geo.module.js';
import { demoCityWays } from './demo-city.js';
import { buildRoadGraph, type RoadGraph } from './road-graph.js';
import { roadOrigin, type RoadFeatureCollection } from './road-map.js';
import { getRoadGraph, importRoads, routeBetween } from './road.service.js';

/** The demo city's ways written out as Geofabrik-style GeoJSON: a file of a few thousand roads. */
function demoCityGeoJson(seed: number): string {
  return JSON.stringify({
    type: 'FeatureCollection',
    attribution: `test roads ${seed}`,
    features: demoCityWays(seed).map((w) => ({
      type: 'Feature',
      properties: { fclass: w.roadClass, oneway: w.oneWay, maxspeed: w.maxSpeedKmh, name: w.name },
      geometry: { type: 'LineString', coordinates: w.coordinates },
    })),
  });
}

const squareOsm = `<osm version="0.6">
  <node id="1" lat="33.59" lon="-7.6"/><node id="2" lat="33.59" lon="-7.601"/><node id="3" lat="33.591" lon="-7.601"/>
  <way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="1"/><tag k="highway" v="residential"/><tag k="name" v="Derb Test"/></way>
</osm>`;

describe(`the road network in the database (${testDatabaseKind()})`, () => {
  let t: TestCore;
  // Each test on a fresh database: one test's import must not replace the demo city another expects.
  beforeEach(async () => {
    t = await setupTestCore({ migrations: { ...coreMigrations, ...geoModule.migrations } });
  });
  afterEach(async () => t.close());

  it('serves the demo city before any import', async () => {
    const graph = await getRoadGraph(t.core);
    expect(graph.source).toBe('demo');
    expect(await getRoadGraph(t.core)).toBe(graph);
  });

  it('stores an imported network and reads back exactly the graph that was built, journaled without its data', async () => {
    const text = demoCityGeoJson(3);
    const summary = await importRoads(t.core, 'system:test', text, 'demo-3.geojson');
    const built = buildRoadGraph(demoCityWays(3).map((w) => ({ ...w, nodeKeys: undefined })), { attribution: 'test roads 3', source: 'demo-3.geojson' }).graph;
    expect(summary).toMatchObject({ format: 'geojson', nodes: built.nodeCount, edges: built.edgeCount, skippedWays: 0, attribution: 'test roads 3' });
    const loaded = await getRoadGraph(t.core);
    for (const key of Object.keys(built) as (keyof RoadGraph)[]) expect(loaded[key], key).toEqual(built[key]);
    const [event] = await findEvents(t.core.db, { stream: 'road/network', limit: 10 });
    expect(event).toMatchObject({ type: 'roads.imported', actor: 'system:test', data: { source: 'demo-3.geojson', nodes: built.nodeCount, edges: built.edgeCount, attribution: 'test roads 3' } });
    expect(JSON.stringify(event!.data).length).toBeLessThan(1_000);
  });

  it('keeps the loaded graph in memory, and reads the new one after another import', async () => {
    const first = await getRoadGraph(t.core);
    expect(await getRoadGraph(t.core)).toBe(first);
    const summary = await importRoads(t.core, 'system:test', squareOsm, 'square.osm');
    expect(summary).toMatchObject({ format: 'osm-xml', nodes: 3, edges: 6 });
    const second = await getRoadGraph(t.core);
    expect(second).not.toBe(first);
    expect([second.source, second.names[1], second.attribution]).toEqual(['square.osm', 'Derb Test', '© OpenStreetMap contributors, ODbL 1.0']);
  });

  it('tells where the streets come from: generated, OpenStreetMap, or another source named by the file', async () => {
    expect(roadOrigin(await getRoadGraph(t.core))).toBe('generated');
    await importRoads(t.core, 'system:test', squareOsm, 'square.osm');
    expect(roadOrigin(await getRoadGraph(t.core))).toBe('openstreetmap');
    await importRoads(t.core, 'system:test', demoCityGeoJson(3), 'demo-3.geojson');
    expect(roadOrigin(await getRoadGraph(t.core))).toBe('other');
  });

  it('refuses a file that is neither GeoJSON nor OSM XML, and changes nothing', async () => {
    const before = await getRoadGraph(t.core);
    await expect(importRoads(t.core, 'system:test', 'PBF\u0000\u0001', 'city.osm.pbf')).rejects.toThrow(/neither GeoJSON nor OSM XML/);
    await expect(importRoads(t.core, 'system:test', '{"type":"FeatureCollection","features":[]}', 'empty.geojson')).rejects.toThrow(DomainError);
    expect(await getRoadGraph(t.core)).toBe(before);
  });

  it('routes between two points on the roads, and refuses points far from any road', async () => {
    await importRoads(t.core, 'system:test', squareOsm, 'square.osm');
    // From just south of the street 1-2 to just west of the street 2-3: round the corner at node 2.
    const found = await routeBetween(t.core, { lat: 33.5899, lon: -7.6005 }, { lat: 33.5905, lon: -7.6012 });
    expect(found.from).toEqual({ lat: 33.59, lon: expect.closeTo(-7.6005, 9) as number, offsetM: 11.1 });
    expect(found.to.lon).toBeCloseTo(-7.601, 9);
    expect(found.coordinates).toEqual([[expect.closeTo(-7.6005, 9), 33.59], [-7.601, 33.59], [-7.601, expect.closeTo(33.5905, 9)]]);
    expect(found.distanceM).toBeCloseTo(46.3 + 55.6, 0);
    await expect(routeBetween(t.core, { lat: 33.7, lon: -7.6 }, { lat: 33.59, lon: -7.6 })).rejects.toThrow(/from: is more than 1000 m from any road/);
  });
});

describe(`the road network over HTTP (${testDatabaseKind()})`, () => {
  let t: TestCore;
  let app: App;
  const permissions = new Map<string, unknown>();
  beforeAll(async () => {
    t = await setupTestCore({ migrations: { ...coreMigrations, ...geoModule.migrations } });
    // The geo module's routes alone (the whole server's access checks are tested with the server).
    app = Fastify().withTypeProvider<TypeBoxTypeProvider>() as unknown as App;
    const validator = createValidator({ coerce: true });
    app.setValidatorCompiler(({ schema }) => validator.compile(schema));
    app.addHook('onRoute', (route) => void permissions.set(route.url, route.config?.permission));
    geoModule.registerRoutes(app, t.core);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await t.close();
  });

  it('declares who may ask', () => {
    expect(permissions.get('/roads')).toBe('authenticated');
    expect(permissions.get('/roads/route')).toBe('incident.read');
  });

  it('sends the network as GeoJSON lines with its attribution, gzipped, cacheable and revalidated by ETag', async () => {
    const response = await app.inject({ url: '/roads', headers: { 'accept-encoding': 'gzip, deflate' } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers['cache-control']).toBe('private, max-age=600');
    const map = JSON.parse(gunzipSync(response.rawPayload).toString('utf8')) as RoadFeatureCollection;
    expect([map.attribution, map.origin]).toEqual(['Amane demo city: generated streets over Casablanca, not map data', 'generated']);
    expect(map.features.some((f) => f.properties.class === 'motorway' && f.properties.name === 'Rocade')).toBe(true);
    expect(map.features.some((f) => f.properties.oneway)).toBe(true);
    const plain = await app.inject({ url: '/roads' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.json()).toEqual(map);
    const again = await app.inject({ url: '/roads', headers: { 'if-none-match': `"other", W/${String(response.headers.etag)}` } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers a route with its time, length and line', async () => {
    const response = await app.inject({ url: '/roads/route?fromLat=33.5731&fromLon=-7.5898&toLat=33.55&toLon=-7.62' });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { etaS: number; distanceM: number; coordinates: [number, number][]; from: { offsetM: number } };
    expect(body.distanceM).toBeGreaterThan(3_500);
    expect(body.etaS).toBeGreaterThan(body.distanceM / (100 / 3.6));
    expect(body.coordinates.length).toBeGreaterThan(5);
    expect(body.from.offsetM).toBeLessThan(50);
  });
});
