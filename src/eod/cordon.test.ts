import { describe, expect, it } from 'vitest';
import { ModuleState } from '../core/module-state.js';
import { distanceM } from '../geo/geometry.js';
import { closedEdgesWithin, roadCostsOn, setRoadClosures } from '../geo/roads/road-closures.js';
import { buildRoadGraph, type RoadGraph } from '../geo/roads/road-graph.js';
import { route } from '../geo/roads/road-routing.js';
import { snapToRoad } from '../geo/roads/road-snap.js';
import { way } from '../geo/roads/road.testing.js';
import { circleRing, isInside, perimeterPoints } from './cordon.js';

// A ladder of two parallel streets 200 m apart (Main Street and Back Street) joined by rungs every 100 m.
// Going along Main Street is the fastest way east, until a cordon closes its middle.
const LAT = 33.59;
const LON = -7.62;
const M_LAT = 1 / 111_195;
const M_LON = 1 / (111_195 * Math.cos((LAT * Math.PI) / 180));
const at = (xM: number, yM: number): [number, number] => [LON + xM * M_LON, LAT + yM * M_LAT];
const xs = [0, 100, 200, 300, 400, 500, 600];

function ladder(): RoadGraph {
  const ways = [
    way(xs.map((x) => at(x, 0)), 'both', 'secondary', 'Main Street'),
    way(xs.map((x) => at(x, 200)), 'both', 'residential', 'Back Street'),
    ...xs.map((x) => way([at(x, 0), at(x, 200)], 'both', 'residential', `Rung ${x}`)),
  ];
  return buildRoadGraph(ways, { attribution: 'test', source: 'test', keep: 'all' }).graph;
}

/** Any object stands for a database: closures are kept per database, by identity. */
/** A kernel's in-memory state alone: closures live there, and nothing else is read. */
const kernelState = () => ({ state: new ModuleState() });

describe('a cordon on the roads', () => {
  const graph = ladder();
  const device = { lat: LAT, lon: LON + 300 * M_LON };
  const west = snapToRoad(graph, { lat: LAT, lon: LON + 10 * M_LON })!;
  const east = snapToRoad(graph, { lat: LAT, lon: LON + 590 * M_LON })!;

  it('closes both ways of every segment that passes inside the mandatory circle, and no other', () => {
    const closed = closedEdgesWithin(graph, device, 46);
    // Main Street 200-300 and 300-400 pass through the device; the rung at 300 starts there: three segments, two ways each.
    expect(closed).toHaveLength(6);
    for (const edge of closed) {
      const a = { lat: graph.lat[graph.sources[edge]!]!, lon: graph.lon[graph.sources[edge]!]! };
      const b = { lat: graph.lat[graph.targets[edge]!]!, lon: graph.lon[graph.targets[edge]!]! };
      expect(Math.min(distanceM(a, device), distanceM(b, device))).toBeLessThan(101);
    }
    // A circle between the streets that touches neither closes nothing.
    expect(closedEdgesWithin(graph, { lat: LAT + 100 * M_LAT, lon: LON + 350 * M_LON }, 40)).toEqual([]);
  });

  it('sends a route that used a closed segment around it, and leaves routes to the cordon’s own incident alone', () => {
    const core = kernelState();
    const before = route(graph, west, east)!;
    const closed = new Set(closedEdgesWithin(graph, device, 46));
    expect(before.edges.some((e) => closed.has(e))).toBe(true);

    setRoadClosures(core, 'eod', [{ id: 'CASA-2026-000001', centre: device, radiusM: 46, incident: 'CASA-2026-000001' }]);
    const costs = roadCostsOn(graph, core)!;
    const after = route(graph, west, east, { costs })!;
    expect(after.edges.some((e) => closed.has(e))).toBe(false);
    // Round by Back Street: two rungs of 200 m more.
    expect(after.distanceM).toBeGreaterThan(before.distanceM + 350);
    for (const [lon, lat] of after.coordinates) expect(distanceM({ lat, lon }, device)).toBeGreaterThan(46);

    expect(roadCostsOn(graph, core, { forIncident: 'CASA-2026-000001' })).toBeUndefined();
    setRoadClosures(core, 'eod', []);
    expect(roadCostsOn(graph, core)).toBeUndefined();
  });

  it('lists where roads cross the outer circle, round it from north, with each road’s name and class', () => {
    const points = perimeterPoints(graph, device, 150);
    // Main Street crosses at 150 m west and east; Back Street (200 m north) is outside; the rung at 300
    // crosses 150 m north, those at 200 and 400 at sqrt(150² - 100²) = 112 m north.
    expect(points.map((p) => p.road)).toEqual(['Rung 300', 'Rung 400', 'Main Street', 'Main Street', 'Rung 200']);
    const [rung300, rung400, mainEast, mainWest] = points;
    expect(rung300!.bearingDeg).toBe(0);
    expect(mainEast).toMatchObject({ roadClass: 'secondary', bearingDeg: 90 });
    expect(mainWest!.bearingDeg).toBe(270);
    expect(distanceM(mainEast!, { lat: LAT, lon: LON + 450 * M_LON })).toBeLessThan(1);
    expect(distanceM(rung400!, device)).toBeCloseTo(150, 0);
    expect(rung400!.bearingDeg).toBeCloseTo((Math.atan2(100, Math.sqrt(150 ** 2 - 100 ** 2)) * 180) / Math.PI, 0);
  });

  it('draws circles of the right radius for the map, and tells inside from outside', () => {
    const ring = circleRing(device, 564);
    expect(ring).toHaveLength(65);
    expect(ring[0]).toEqual(ring[64]);
    for (const [lon, lat] of ring) expect(distanceM({ lat, lon }, device)).toBeCloseTo(564, -1);
    expect(isInside({ lat: LAT, lon: LON + 330 * M_LON }, device, 46)).toBe(true);
    expect(isInside({ lat: LAT, lon: LON + 350 * M_LON }, device, 46)).toBe(false);
  });
});
