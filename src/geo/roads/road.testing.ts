import type { LatLon } from '../geometry.js';
import { mulberry32 } from './demo-city.js';
import type { RoadGraph } from './road-graph.js';
import { etaOneToOne, type NearestSource } from './road-routing.js';
import type { Snap } from './road-snap.js';
import type { OneWay, RoadClassName, RoadWay } from './road.js';

/** Test and benchmark support for the road network (not used by the product). */

/** A way for hand-made networks. */
export const way = (coordinates: [number, number][], oneWay: OneWay = 'both', roadClass: RoadClassName = 'residential', name = ''): RoadWay => ({
  coordinates,
  oneWay,
  roadClass,
  maxSpeedKmh: 0,
  name,
});

/** A small seeded generator, for reproducible random places. */
export const seededRandom = mulberry32;

/**
 * Points where units and incidents are: on a road picked in proportion to its length (so busy
 * districts with many streets get more), moved up to `jitterM` off it (a car park, a building).
 */
export function pointsNearRoads(graph: RoadGraph, count: number, random: () => number, jitterM = 40): LatLon[] {
  const cumulative = new Float64Array(graph.edgeCount);
  let total = 0;
  for (let e = 0; e < graph.edgeCount; e += 1) cumulative[e] = total += graph.lengthM[e]!;
  const degreesPerMetre = 1 / 111_195;
  return Array.from({ length: count }, () => {
    const wanted = random() * total;
    let low = 0;
    let high = graph.edgeCount - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < wanted) low = middle + 1;
      else high = middle;
    }
    const a = graph.sources[low]!;
    const b = graph.targets[low]!;
    const f = random();
    return {
      lat: graph.lat[a]! + (graph.lat[b]! - graph.lat[a]!) * f + (random() - 0.5) * 2 * jitterM * degreesPerMetre,
      lon: graph.lon[a]! + (graph.lon[b]! - graph.lon[a]!) * f + (random() - 0.5) * 2 * jitterM * degreesPerMetre * 1.2,
    };
  });
}

/** Every reachable source, nearest first, the slow and obvious way: one plain Dijkstra from each source. */
export function bruteForceRanking<Id extends string | number>(graph: RoadGraph, target: Snap, sources: readonly { id: Id; snap: Snap }[]): NearestSource<Id>[] {
  const all: NearestSource<Id>[] = [];
  for (const source of sources) {
    const found = etaOneToOne(graph, source.snap, target);
    if (found !== undefined) all.push({ id: source.id, etaS: found.etaS, distanceM: found.distanceM });
  }
  return sortNearest(all);
}

/** Nearest first, ties by id. */
export function sortNearest<T extends { id: string | number; etaS: number }>(list: T[]): T[] {
  return list.sort((a, b) => a.etaS - b.etaS || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Why a top-k answer differs from the first k of a full ranking, or undefined when it agrees: the
 * same ETAs in order (within `toleranceS`), and the same ids except among ETAs tied within the
 * tolerance (a path summed forwards or backwards may differ in its last bits, and near-ties swap).
 */
export function topKDifference(actual: readonly NearestSource<unknown>[], ranking: readonly NearestSource<unknown>[], k: number, toleranceS = 1e-3): string | undefined {
  const expected = ranking.slice(0, k);
  if (actual.length !== expected.length) return `${actual.length} answers, expected ${expected.length}`;
  for (let i = 0; i < expected.length; i += 1) {
    const eta = expected[i]!.etaS;
    if (Math.abs(actual[i]!.etaS - eta) > toleranceS) return `#${i}: eta ${actual[i]!.etaS} s, expected ${eta} s`;
    if (actual[i]!.id === expected[i]!.id) continue;
    const tied = ranking.filter((each) => Math.abs(each.etaS - eta) <= toleranceS).map((each) => each.id);
    if (!tied.includes(actual[i]!.id)) return `#${i}: ${String(actual[i]!.id)}, expected ${String(expected[i]!.id)} (eta ${eta} s)`;
  }
  if (new Set(actual.map((each) => each.id)).size !== actual.length) return 'the same source twice';
  return undefined;
}
