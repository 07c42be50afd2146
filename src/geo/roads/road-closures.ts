import type { Core } from '../../core/context.js';
import { StateKey } from '../../core/module-state.js';
import { localPlane, segmentWithin, type LatLon } from '../geometry.js';
import type { RoadGraph } from './road-graph.js';
import { overrideEdgeCosts, type EdgeCostOverrides } from './road-routing.js';

/**
 * Roads closed to routing for a while: a circle around a place (an EOD cordon's mandatory-evacuation
 * zone). Every road segment that passes inside the circle is closed, both ways. The closures live in
 * memory, per kernel (`core.state`), set by the module that owns them (which keeps them in its own tables and sets
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
  /** The travel times with the closures applied, per graph and incident asked about, at `version`. */
  readonly costs: WeakMap<RoadGraph, Map<string, { readonly version: number; readonly costs: EdgeCostOverrides | undefined }>>;
}

/**
 * The closures in force on this kernel, by source, and the travel times built from them. Made at the
 * first use; each source sets its closures again at its start (EOD: from the cordons in force).
 */
export const roadClosuresKey = new StateKey<ClosureState>('geo: road closures and their travel times');

function stateOf(core: Pick<Core, 'state'>): ClosureState {
  return core.state.obtain(roadClosuresKey, () => ({ version: 0, bySource: new Map(), costs: new WeakMap() }));
}

/** Replaces every closure of one source (`eod`): the source's whole current set, not a change. */
export function setRoadClosures(core: Pick<Core, 'state'>, source: string, closures: readonly RoadClosure[]): void {
  const state = stateOf(core);
  state.bySource.set(source, [...closures]);
  state.version += 1;
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
 * The travel times routing should use now on `graph`: its own with every closure's segments closed, or
 * undefined when nothing is closed. `forIncident` leaves out the closures made for that incident.
 * Built once per graph, set of closures and incident.
 */
export function roadCostsOn(graph: RoadGraph, core: Pick<Core, 'state'>, options: { forIncident?: string } = {}): EdgeCostOverrides | undefined {
  const state = stateOf(core);
  const closures = roadClosures(core).filter((c) => options.forIncident === undefined || c.incident !== options.forIncident);
  if (closures.length === 0) return undefined;
  let cache = state.costs.get(graph);
  if (cache === undefined) state.costs.set(graph, (cache = new Map()));
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
