import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coreMigrations } from '../../core/core.migrations.js';
import { setupTestCore, sharedDataFile, testDatabaseKind, type TestCore } from '../../core/testing.js';
import { geoModule } from '../geo.module.js';
import { buildRoadGraph, stronglyConnectedComponents, weaklyConnectedComponents, type RoadGraph } from './road-graph.js';
import { roadFeatureCollection } from './road-map.js';
import { kNearestByRoad, route } from './road-routing.js';
import { snapToRoad, type Snap } from './road-snap.js';
import { getRoadGraph, importRoads, parseRoadFile, type RoadImport } from './road.service.js';
import { bruteForceRanking, pointsNearRoads, seededRandom, topKDifference } from './road.testing.js';
import { roadClassNames, roadClassSpeeds } from './road.js';

const file = sharedDataFile('casablanca-roads.geojson');

/** The edge drawn from one [lon, lat] of the file to the next. */
function edgeBetween(graph: RoadGraph, from: [number, number], to: [number, number]): number | undefined {
  for (let e = 0; e < graph.edgeCount; e += 1) {
    const a = graph.sources[e]!;
    const b = graph.targets[e]!;
    if (graph.lon[a] === from[0] && graph.lat[a] === from[1] && graph.lon[b] === to[0] && graph.lat[b] === to[1]) return e;
  }
  return undefined;
}

/** A snap exactly at the tail of the edge nearest to a point: a route from or to it drives whole edges only. */
function atJunctionNear(graph: RoadGraph, lat: number, lon: number): Snap {
  const snap = snapToRoad(graph, { lat, lon }, { maxDistanceM: 200 })!;
  return { ...snap, fraction: 0 };
}

describe.skipIf(file === undefined)(`Casablanca's roads, 2018 (${testDatabaseKind()}; needs ../shared/data/casablanca-roads.geojson)`, () => {
  let t: TestCore;
  let graph: RoadGraph;
  let imported: RoadImport;
  let text: string;
  beforeAll(async () => {
    t = await setupTestCore({ migrations: { ...coreMigrations, ...geoModule.migrations } });
    text = fs.readFileSync(file!, 'utf8');
    imported = await importRoads(t.core, 'system:test', text, 'casablanca-roads.geojson');
    graph = await getRoadGraph(t.core);
  }, 60_000);
  afterAll(async () => t.close());

  it('keeps the largest strongly connected part: 44,014 of the 45,051 junctions and shape points cars use', () => {
    // Measured on the whole drivable network: 44,914 nodes are joined by some road (weakly
    // connected), 44,014 of them can all drive to each other (strongly connected).
    const parsed = parseRoadFile(text, 'casablanca-roads.geojson');
    const all = buildRoadGraph(parsed.ways, { attribution: parsed.attribution, source: 'casablanca-roads.geojson', keep: 'all' }).graph;
    expect(all.nodeCount).toBe(45_051);
    expect(Math.max(...weaklyConnectedComponents(all).sizes)).toBe(44_914);
    expect(Math.max(...stronglyConnectedComponents(all).sizes)).toBe(44_014);
    expect(imported).toMatchObject({ format: 'geojson', ways: 13_992, skippedWays: 281, nodes: 44_014, droppedNodes: 1_037 });
    expect(graph.nodeCount).toBe(44_014);
    expect(graph.edgeCount).toBe(imported.edges);
    expect(graph.attribution).toMatch(/^© OpenStreetMap contributors, ODbL 1.0/);
  });

  it('never routes against a one-way street: Boulevard de la Résistance, driven north only', () => {
    const south: [number, number] = [-7.604002, 33.588254];
    const north: [number, number] = [-7.60391, 33.588725];
    const edge = edgeBetween(graph, south, north)!;
    expect(graph.names[graph.nameIndex[edge]!]).toBe('Boulevard de la Résistance');
    expect(edgeBetween(graph, north, south)).toBeUndefined();
    const tail = { edge, fraction: 0, lat: south[1], lon: south[0], distanceM: 0 };
    const head = { edge, fraction: 1, lat: north[1], lon: north[0], distanceM: 0 };
    expect(route(graph, tail, head)!.distanceM).toBeCloseTo(graph.lengthM[edge]!, 3);
    const back = route(graph, head, tail)!;
    expect(back.edges).not.toContain(edge);
    expect(back.distanceM).toBeGreaterThan(2 * graph.lengthM[edge]!);
    expect(back.etaS).toBeGreaterThan(2 * graph.timeS[edge]!);
  });

  it('drives a backward one-way street against its drawing: Boulevard Ziraoui', () => {
    const drawnFrom: [number, number] = [-7.629118, 33.597687];
    const drawnTo: [number, number] = [-7.62819, 33.598431];
    expect(edgeBetween(graph, drawnFrom, drawnTo)).toBeUndefined();
    expect(graph.names[graph.nameIndex[edgeBetween(graph, drawnTo, drawnFrom)!]!]).toBe('Boulevard Ziraoui');
  });

  it('gives plausible times across the city: within 20% of each road class speed along the route', () => {
    const trips = [
      // Casa-Port station to the Twin Center; place Mohammed V to Casa-Voyageurs; Ain Diab to Sidi Moumen.
      [[33.5996, -7.6127], [33.5867, -7.6331]],
      [[33.5928, -7.6190], [33.5898, -7.5913]],
      [[33.5920, -7.6800], [33.5800, -7.5150]],
    ] as const;
    for (const [[fromLat, fromLon], [toLat, toLon]] of trips) {
      const found = route(graph, atJunctionNear(graph, fromLat, fromLon), atJunctionNear(graph, toLat, toLon))!;
      const atClassSpeed = found.edges.reduce((sum, e) => sum + graph.lengthM[e]! / (roadClassSpeeds[roadClassNames[graph.roadClass[e]!]!].kmh / 3.6), 0);
      const driven = found.edges.reduce((sum, e) => sum + graph.lengthM[e]!, 0);
      expect(found.distanceM).toBeCloseTo(driven, 3);
      expect(found.etaS / atClassSpeed, `${fromLat},${fromLon} -> ${toLat},${toLon}: ${found.etaS} s for ${found.distanceM} m`).toBeGreaterThan(0.8);
      expect(found.etaS / atClassSpeed).toBeLessThan(1.2);
      // And in absolute terms: between 15 and 60 km/h on average, door to door across town.
      expect(found.distanceM / found.etaS).toBeGreaterThan(15 / 3.6);
      expect(found.distanceM / found.etaS).toBeLessThan(60 / 3.6);
    }
  });

  it('finds the same k nearest units as one plain search per unit, for random places (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 25 }), fc.integer({ min: 1, max: 6 }), (seed, count, k) => {
        const [incident, ...units] = pointsNearRoads(graph, count + 1, seededRandom(seed)).map((point) => snapToRoad(graph, point)!);
        const sources = units.map((snap, i) => ({ id: i, snap }));
        expect(topKDifference(kNearestByRoad(graph, incident!, sources, k), bruteForceRanking(graph, incident!, sources), k)).toBeUndefined();
      }),
      { numRuns: 15, seed: 33_573 },
    );
  });

  it('draws the network for the map as streets, each segment once, one-way streets in their driving direction', () => {
    const map = roadFeatureCollection(graph);
    // Measured: 24,344 lines, 4.97 MB of JSON (0.52 MB gzipped), for 13,992 ways in the file.
    expect(map.features.length).toBeLessThan(25_000);
    expect(Buffer.byteLength(JSON.stringify(map))).toBeLessThan(5_500_000);
    const edges = new Set(Array.from({ length: graph.edgeCount }, (_, e) => `${graph.lon[graph.sources[e]!]},${graph.lat[graph.sources[e]!]}>${graph.lon[graph.targets[e]!]},${graph.lat[graph.targets[e]!]}`));
    let segments = 0;
    let wrongWay = 0;
    for (const feature of map.features) {
      const line = feature.geometry.coordinates;
      segments += line.length - 1;
      for (let i = 1; i < line.length; i += 1) if (!edges.has(`${line[i - 1]!.join(',')}>${line[i]!.join(',')}`)) wrongWay += 1;
    }
    expect(wrongWay).toBe(0);
    expect(segments).toBe(Array.from(graph.twin).filter((twin, e) => twin < 0 || e < twin).length);
  });
});
