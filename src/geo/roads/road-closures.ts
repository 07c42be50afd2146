import type { Core } from '../../core/context.js';
import { StateKey } from '../../core/module-state.js';
import { localPlane, segmentWithin, type LatLon } from '../geometry.js';
import type { RoadGraph } from './road-graph.js';
import { overrideEdgeCosts, type EdgeCostOverrides } from './road-routing.js';

/**
 * Roads closed to routing for a while: a circle around a place (an EOD cordon's mandatory-evacuation
 * zone), every road segment that passes inside it closed both ways; or a set of edges (the traffic
 * operator's closures of a segment, a street or an area). The closures live in memory, per kernel
 * (`core.state`), set by the module that owns them (which keeps them in its own tables and sets them
 * again at start and after each change); routing reads them here, so the kernel knows no domain.
 */
export type RoadClosure = CircleClosure | EdgeClosure;

interface ClosureBase {
  /** Unique within its source: `CASA-2026-000123`, `12`. */
  readonly id: string;
  /**
   * The incident the closure protects, when there is one: routes *to* that incident ignore the closure
   * (units are sent to the cordon's edge, and the scene is inside it); every other route avoids it.
   */
  readonly incident?: string;
}

export interface CircleClosure extends ClosureBase {
  readonly centre: LatLon;
  readonly radiusM: number;
}

/**
 * Closed edges, derived by the owner from what it stores (geometry and names, never edge numbers: they
 * change when the roads are imported again), for whichever graph routing is on.
 */
export interface EdgeClosure extends ClosureBase {
  edgesOn(graph: RoadGraph): readonly number[];
}

/** The directed edges a closure closes on `graph`. */
export function closedEdgesOf(graph: RoadGraph, closure: RoadClosure): readonly number[] {
  return 'edgesOn' in closure ? closure.edgesOn(graph) : closedEdgesWithin(graph, closure.centre, closure.radiusM);
}

interface ClosureState {
  version: number;
  readonly bySource: Map<string, readonly RoadClosure[]>;
  /** Live speeds (km/h) by edge of one graph, as last republished; routing plans on them where set. */
  live: { readonly graph: RoadGraph; readonly speedKmh: ReadonlyMap<number, number> } | undefined;
  /** The travel times with the closures applied, per graph and incident asked about, at `version`. */
  readonly costs: WeakMap<RoadGraph, Map<string, { readonly version: number; readonly costs: EdgeCostOverrides | undefined }>>;
}

/**
 * The closures in force on this kernel, by source, and the travel times built from them. Made at the
 * first use; each source sets its closures again at its start (EOD: from the cordons in force).
 */
export const roadClosuresKey = new StateKey<ClosureState>('geo: road closures and their travel times');

function stateOf(core: Pick<Core, 'state'>): ClosureState {
  return core.state.obtain(roadClosuresKey, () => ({ version: 0, bySource: new Map(), live: undefined, costs: new WeakMap() }));
}

/** Replaces every closure of one source (`eod`): the source's whole current set, not a change. */
export function setRoadClosures(core: Pick<Core, 'state'>, source: string, closures: readonly RoadClosure[]): void {
  const state = stateOf(core);
  state.bySource.set(source, [...closures]);
  state.version += 1;
}

/**
 * Replaces the live speeds routing plans on (the traffic module's estimates, republished every few
 * seconds rather than at each observation, so the travel times below are rebuilt that often at most);
 * an empty map or undefined goes back to the graph's own times.
 */
export function setLiveRoadSpeeds(core: Pick<Core, 'state'>, graph: RoadGraph, speedKmh: ReadonlyMap<number, number> | undefined): void {
  const state = stateOf(core);
  state.live = speedKmh === undefined || speedKmh.size === 0 ? undefined : { graph, speedKmh };
  state.version += 1;
}

/** The live speeds (km/h by edge) routing plans on for `graph`, if any. */
export function liveRoadSpeedsOn(graph: RoadGraph, core: Pick<Core, 'state'>): ReadonlyMap<number, number> | undefined {
  const live = stateOf(core).live;
  return live?.graph === graph ? live.speedKmh : undefined;
}

/** Every closure in force, all sources together. */
export function roadClosures(core: Pick<Core, 'state'>): RoadClosure[] {
  return [...stateOf(core).bySource.values()].flat();
}

/**
 * The edges of segments that pass within `radiusM` of `centre` (both edges of a two-way segment). On a
 * local plane around the centre: well under a metre off at a cordon's scale.
 * @example closedEdgesWithin(graph, { lat: 33.5731, lon: -7.5898 }, 46) // the segments within 46 m
 */
export function closedEdgesWithin(graph: RoadGraph, centre: LatLon, radiusM: number): number[] {
  const plane = localPlane(centre);
  const closed: number[] = [];
  for (let e = 0; e < graph.edgeCount; e += 1) {
    const a = graph.sources[e]!;
    const b = graph.targets[e]!;
    if (segmentWithin(plane.x(graph.lon[a]!), plane.y(graph.lat[a]!), plane.x(graph.lon[b]!), plane.y(graph.lat[b]!), radiusM)) closed.push(e);
  }
  return closed;
}

/**
 * The travel times routing should use now on `graph`: its own with every closure's segments closed and
 * the live speeds where there are some (`setLiveRoadSpeeds`), or undefined when nothing is closed or
 * live. `forIncident` leaves out the closures made for that incident; `live: false` leaves out the live
 * speeds (to tell what they changed). Built once per graph, set of closures and speeds, and incident.
 */
export function roadCostsOn(graph: RoadGraph, core: Pick<Core, 'state'>, options: { forIncident?: string; live?: boolean } = {}): EdgeCostOverrides | undefined {
  const state = stateOf(core);
  const closures = roadClosures(core).filter((c) => options.forIncident === undefined || c.incident !== options.forIncident);
  const speedKmh = options.live === false ? undefined : liveRoadSpeedsOn(graph, core);
  if (closures.length === 0 && speedKmh === undefined) return undefined;
  let cache = state.costs.get(graph);
  if (cache === undefined) state.costs.set(graph, (cache = new Map()));
  const key = `${options.forIncident ?? ''}${speedKmh === undefined ? '' : ' live'}`;
  const known = cache.get(key);
  if (known !== undefined && known.version === state.version) return known.costs;
  const closed = closures.flatMap((c) => closedEdgesOf(graph, c));
  const costs = closed.length === 0 && speedKmh === undefined ? undefined : overrideEdgeCosts(graph, { closed, ...(speedKmh === undefined ? {} : { speedKmh }) });
  // One entry per incident asked about: a busy day's few hundred at most, dropped with the next change.
  if (known === undefined && cache.size > 1_000) cache.clear();
  cache.set(key, { version: state.version, costs });
  return costs;
}
