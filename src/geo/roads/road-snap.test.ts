import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceM } from '../geometry.js';
import { generateDemoCity } from './demo-city.js';
import { buildRoadGraph, isCanonicalEdge, type RoadGraph } from './road-graph.js';
import { RoadSnapIndex, nearestOnSegment, snapToRoad } from './road-snap.js';
import { way } from './road.testing.js';

/** The nearest segment by looking at every one of them, measured as the index measures. */
function bruteForce(index: RoadSnapIndex, graph: RoadGraph, lat: number, lon: number): { edge: number; distance2: number } {
  const [px, py] = index.project(lat, lon);
  let best = { edge: -1, distance2: Infinity };
  for (let e = 0; e < graph.edgeCount; e += 1) {
    if (!isCanonicalEdge(graph, e)) continue;
    const a = graph.sources[e]!;
    const b = graph.targets[e]!;
    const { distance2 } = nearestOnSegment(px, py, index.x[a]!, index.y[a]!, index.x[b]!, index.y[b]!);
    if (distance2 < best.distance2) best = { edge: e, distance2 };
  }
  return best;
}

describe('snapping a point to the nearest road', () => {
  const graph = generateDemoCity();
  const index = new RoadSnapIndex(graph);

  it('finds the same nearest segment as looking at every segment, inside the city and far outside it', () => {
    fc.assert(
      fc.property(fc.double({ min: 33.45, max: 33.70, noNaN: true }), fc.double({ min: -7.75, max: -7.42, noNaN: true }), (lat, lon) => {
        const snap = index.nearest({ lat, lon })!;
        const expected = bruteForce(index, graph, lat, lon);
        const [px, py] = index.project(lat, lon);
        const a = graph.sources[snap.edge]!;
        const b = graph.targets[snap.edge]!;
        expect(nearestOnSegment(px, py, index.x[a]!, index.y[a]!, index.x[b]!, index.y[b]!).distance2).toBe(expected.distance2);
        expect(isCanonicalEdge(graph, snap.edge)).toBe(true);
      }),
      { numRuns: 300, seed: 4 },
    );
  });

  it('returns the point on the road, its place along the edge, and how far the point was from it', () => {
    const { graph: street } = buildRoadGraph([way([[-7.6, 33.59], [-7.59, 33.59]])], { attribution: '', source: 'test', keep: 'all' });
    const snap = snapToRoad(street, { lat: 33.591, lon: -7.5975 })!;
    expect(snap.fraction).toBeCloseTo(0.25, 9);
    expect(snap.lat).toBeCloseTo(33.59, 9);
    expect(snap.lon).toBeCloseTo(-7.5975, 9);
    expect(snap.distanceM).toBeCloseTo(distanceM({ lat: 33.591, lon: -7.5975 }, { lat: 33.59, lon: -7.5975 }), 6);
    // Beyond the end of the street: its end.
    expect(snapToRoad(street, { lat: 33.59, lon: -7.5 })!.fraction).toBe(1);
  });

  it('lists the segments within a radius, nearest first, at most the number asked for: the same as looking at every segment', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 33.5, max: 33.65, noNaN: true }),
        fc.double({ min: -7.7, max: -7.5, noNaN: true }),
        fc.integer({ min: 10, max: 300 }),
        fc.integer({ min: 1, max: 12 }),
        (lat, lon, radiusM, count) => {
          const [px, py] = index.project(lat, lon);
          const all: { edge: number; distance2: number }[] = [];
          for (let e = 0; e < graph.edgeCount; e += 1) {
            if (!isCanonicalEdge(graph, e)) continue;
            const { distance2 } = nearestOnSegment(px, py, index.x[graph.sources[e]!]!, index.y[graph.sources[e]!]!, index.x[graph.targets[e]!]!, index.y[graph.targets[e]!]!);
            if (distance2 <= radiusM * radiusM) all.push({ edge: e, distance2 });
          }
          all.sort((a, b) => a.distance2 - b.distance2 || a.edge - b.edge);
          const found = index.within({ lat, lon }, radiusM, count);
          expect(found.map((snap) => snap.edge)).toEqual(all.slice(0, count).map((x) => x.edge));
          for (const snap of found) expect(snap.distanceM).toBeLessThanOrEqual(radiusM * 1.003);
        },
      ),
      { numRuns: 200, seed: 9 },
    );
  });

  it('finds nothing beyond the distance asked for', () => {
    const far = { lat: 33.8, lon: -7.6 };
    expect(snapToRoad(graph, far, { maxDistanceM: 1_000 })).toBeUndefined();
    expect(snapToRoad(graph, far)!.distanceM).toBeGreaterThan(10_000);
  });
});
