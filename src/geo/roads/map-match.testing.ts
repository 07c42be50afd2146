import type { TraceFix } from './map-match.js';
import type { RoadGraph } from './road-graph.js';
import { route } from './road-routing.js';
import { snapToRoad, type Snap } from './road-snap.js';

const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;

/** A source of uniform numbers in [0, 1), seeded (`seededRandom` in road.testing.ts, or the simulator's streams). */
export type Random = () => number;

/** A simulated drive: the fixes a vehicle's GPS gave, and the edges it truly drove meanwhile. */
export interface SimulatedTrace {
  readonly fixes: TraceFix[];
  /** The edges driven from the first fix's edge to the last fix's, in order (the first and last in part). */
  readonly truePath: number[];
  /** Each fix's true edge. */
  readonly trueFixEdges: number[];
  /** How far along the true path's first edge the first fix was taken (0 to 1). */
  readonly firstFixFraction: number;
}

export interface TraceSettings {
  /** Seconds between fixes (default 10). */
  readonly intervalS?: number;
  /** Standard deviation of the GPS error on each axis, east and north, metres (default 20). */
  readonly noiseM?: number;
  /** The straight-line length of a trip at least, metres (default 2,000). */
  readonly minTripM?: number;
  /** The first fix's time (default 2026-01-01T08:00Z). */
  readonly startMs?: number;
}

/** One standard normal number (Box-Muller; 1 - random() keeps the logarithm finite). */
function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** A place at the tail of a random edge. */
function randomPlace(graph: RoadGraph, random: Random): Snap {
  const edge = Math.floor(random() * graph.edgeCount);
  const node = graph.sources[edge]!;
  return { edge, fraction: 0, lat: graph.lat[node]!, lon: graph.lon[node]!, distanceM: 0 };
}

/**
 * A vehicle driving the fastest route between two random places at least `minTripM` apart, at each
 * edge's own speed (its length over its travel time), its GPS sampled every `intervalS` seconds from a
 * random moment of the first interval, each fix off its true place by a Gaussian error on each axis.
 * Seeded: the same random stream gives the same trace.
 * @example simulateTrace(graph, seededRandom(7))
 */
export function simulateTrace(graph: RoadGraph, random: Random, settings: TraceSettings = {}): SimulatedTrace {
  const intervalS = settings.intervalS ?? 10;
  const noiseM = settings.noiseM ?? 20;
  const minTripM = settings.minTripM ?? 2_000;
  const startMs = settings.startMs ?? Date.UTC(2026, 0, 1, 8);
  for (let attempt = 0; attempt < 1_000; attempt += 1) {
    const from = randomPlace(graph, random);
    const to = randomPlace(graph, random);
    if (Math.hypot((from.lat - to.lat) * METRES_PER_DEGREE, (from.lon - to.lon) * METRES_PER_DEGREE * Math.cos((from.lat * Math.PI) / 180)) < minTripM) continue;
    const driven = route(graph, from, to);
    if (driven === undefined || driven.edges.length < 2) continue;
    const fixes: TraceFix[] = [];
    const trueFixEdges: number[] = [];
    const fixEdgeIndex: number[] = [];
    const fixFractions: number[] = [];
    let clockS = random() * intervalS;
    let edgeStartS = 0;
    driven.edges.forEach((edge, index) => {
      const durationS = graph.timeS[edge]!;
      while (clockS < edgeStartS + durationS) {
        const fraction = (clockS - edgeStartS) / durationS;
        const a = graph.sources[edge]!;
        const b = graph.targets[edge]!;
        const lat = graph.lat[a]! + (graph.lat[b]! - graph.lat[a]!) * fraction;
        const lon = graph.lon[a]! + (graph.lon[b]! - graph.lon[a]!) * fraction;
        const north = gaussian(random) * noiseM;
        const east = gaussian(random) * noiseM;
        fixes.push({
          lat: lat + north / METRES_PER_DEGREE,
          lon: lon + east / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180)),
          atMs: Math.round(startMs + clockS * 1_000),
        });
        trueFixEdges.push(edge);
        fixFractions.push(fraction);
        fixEdgeIndex.push(index);
        clockS += intervalS;
      }
      edgeStartS += durationS;
    });
    if (fixes.length < 2) continue;
    const truePath = driven.edges.slice(fixEdgeIndex[0], fixEdgeIndex[fixEdgeIndex.length - 1]! + 1);
    return { fixes, truePath, trueFixEdges, firstFixFraction: fixFractions[0]! };
  }
  throw new Error(`no route of ${minTripM} m or more found on this road graph`);
}

/** How a matched path compares with the true one. */
export interface PathScore {
  /** Distinct edges of the true path. */
  readonly trueEdges: number;
  /** Distinct edges of the matched path. */
  readonly matchedEdges: number;
  /** Distinct true edges that the matched path holds. */
  readonly hits: number;
}

/**
 * Counts, over directed edges (a two-way street driven the wrong way is a miss), each counted once
 * however often a path drives it: the true path's edges, the matched path's, and the true edges the
 * matched path holds. Accuracy (recall) is hits / trueEdges: the share of the edges truly driven
 * that the matcher found; precision is hits / matchedEdges: the share of the matched edges truly
 * driven. Summed over traces with `addScores`, they weigh each edge alike.
 */
export function scorePath(truePath: readonly number[], matchedPath: readonly number[]): PathScore {
  const truth = new Set(truePath);
  const matched = new Set(matchedPath);
  let hits = 0;
  for (const edge of matched) if (truth.has(edge)) hits += 1;
  return { trueEdges: truth.size, matchedEdges: matched.size, hits };
}

export function addScores(scores: readonly PathScore[]): PathScore & { recall: number; precision: number } {
  let trueEdges = 0;
  let matchedEdges = 0;
  let hits = 0;
  for (const score of scores) {
    trueEdges += score.trueEdges;
    matchedEdges += score.matchedEdges;
    hits += score.hits;
  }
  return { trueEdges, matchedEdges, hits, recall: trueEdges > 0 ? hits / trueEdges : Number.NaN, precision: matchedEdges > 0 ? hits / matchedEdges : Number.NaN };
}

/**
 * The baseline a matcher is measured against: each fix snapped to its nearest road, consecutive
 * snaps joined by the fastest route between them (`route`), the path their concatenation.
 */
export function nearestEdgePath(graph: RoadGraph, fixes: readonly TraceFix[]): number[] {
  const path: number[] = [];
  let previous: Snap | undefined;
  const add = (edge: number) => {
    if (path[path.length - 1] !== edge) path.push(edge);
  };
  for (const fix of fixes) {
    const snap = snapToRoad(graph, fix);
    if (snap === undefined) continue;
    if (previous === undefined) add(snap.edge);
    else {
      const joined = route(graph, previous, snap);
      if (joined === undefined || joined.edges.length === 0) add(snap.edge);
      else for (const edge of joined.edges) add(edge);
    }
    previous = snap;
  }
  return path;
}
