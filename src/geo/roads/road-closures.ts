import type { Db } from '../../core/database.js';
import type { LatLon } from '../geometry.js';
import type { RoadGraph } from './road-graph.js';
import { overrideEdgeCosts, type EdgeCostOverrides } from './road-routing.js';

/**
 * Roads closed to routing for a while: a circle around a place (an EOD cordon's mandatory-evacuation
 * zone). Every road segment that passes inside the circle is closed, both ways. The closures live in
 * memory, per database, set by the module that owns them (which keeps them in its own tables and sets
 * them again at start and after each change); routing reads them here, so the kernel knows no domain.
 */
export interface RoadClosure {
  /** Unique within its source: `CASA-2026-000123`. */
  readonly id: string;
  readonly centre: LatLon;
  readonly radiusM: number;
  /**
   * The incident the closure protects, when there is one: routes *to* that incident ignore the closure
   * (units are sent to the cordon's edge, and the scene is inside it); every other route avoids it.
   */
  readonly incident?: string;
}

interface ClosureState {
  version: number;
  readonly bySource: Map<string, readonly RoadClosure[]>;
}

const states = new WeakMap<Db, ClosureState>();

function stateOf(db: Db): ClosureState {
  let state = states.get(db);
  if (state === undefined) states.set(db, (state = { version: 0, bySource: new Map() }));
  return state;
}

/** Replaces every closure of one source (`eod`): the source's whole current set, not a change. */
export function setRoadClosures(db: Db, source: string, closures: readonly RoadClosure[]): void {
  const state = stateOf(db);
  state.bySource.set(source, [...closures]);
  state.version += 1;
}

/** Every closure in force, all sources together. */
export function roadClosures(db: Db): RoadClosure[] {
  return [...stateOf(db).bySource.values()].flat();
}

const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;

/**
 * The edges of segments that pass within `radiusM` of `centre` (both edges of a two-way segment). On a
 * local plane around the centre: well under a metre off at a cordon's scale.
 * @example closedEdgesWithin(graph, { lat: 33.5731, lon: -7.5898 }, 46) // the segments within 46 m
 */
export function closedEdgesWithin(graph: RoadGraph, centre: LatLon, radiusM: number): number[] {
  const cosLat = Math.cos((centre.lat * Math.PI) / 180);
  const x = (node: number) => (graph.lon[node]! - centre.lon) * METRES_PER_DEGREE * cosLat;
  const y = (node: number) => (graph.lat[node]! - centre.lat) * METRES_PER_DEGREE;
  const r2 = radiusM * radiusM;
  const closed: number[] = [];
  for (let e = 0; e < graph.edgeCount; e += 1) {
    const a = graph.sources[e]!;
    const b = graph.targets[e]!;
    const [ax, ay, bx, by] = [x(a), y(a), x(b), y(b)];
    // Cheap refusal first: both ends on the same far side of the circle.
    if ((ax > radiusM && bx > radiusM) || (ax < -radiusM && bx < -radiusM) || (ay > radiusM && by > radiusM) || (ay < -radiusM && by < -radiusM)) continue;
    const dx = bx - ax;
    const dy = by - ay;
    const squared = dx * dx + dy * dy;
    let t = squared > 0 ? (-ax * dx - ay * dy) / squared : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    const px = ax + t * dx;
    const py = ay + t * dy;
    if (px * px + py * py <= r2) closed.push(e);
  }
  return closed;
}

const costCache = new WeakMap<RoadGraph, Map<string, { readonly version: number; readonly costs: EdgeCostOverrides | undefined }>>();

/**
 * The travel times routing should use now on `graph`: its own with every closure's segments closed, or
 * undefined when nothing is closed. `forIncident` leaves out the closures made for that incident.
 * Built once per graph, set of closures and incident.
 */
export function roadCostsOn(graph: RoadGraph, db: Db, options: { forIncident?: string } = {}): EdgeCostOverrides | undefined {
  const state = stateOf(db);
  const closures = roadClosures(db).filter((c) => options.forIncident === undefined || c.incident !== options.forIncident);
  if (closures.length === 0) return undefined;
  let cache = costCache.get(graph);
  if (cache === undefined) costCache.set(graph, (cache = new Map()));
  const key = options.forIncident ?? '';
  const known = cache.get(key);
  if (known !== undefined && known.version === state.version) return known.costs;
  const closed = closures.flatMap((c) => closedEdgesWithin(graph, c.centre, c.radiusM));
  const costs = closed.length === 0 ? undefined : overrideEdgeCosts(graph, { closed });
  // One entry per incident asked about: a busy day's few hundred at most, dropped with the next change.
  if (known === undefined && cache.size > 1_000) cache.clear();
  cache.set(key, { version: state.version, costs });
  return costs;
}
