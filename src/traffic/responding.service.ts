import type { Core } from '../core/context.js';
import { RerouteCause, type RespondingRoute } from '../contract/traffic-responding.schema.js';
import { roadCostsOn } from '../geo/roads/road-closures.js';
import { route, type RoadRoute } from '../geo/roads/road-routing.js';
import { snapToRoad } from '../geo/roads/road-snap.js';
import { getRoadGraph, MAX_SNAP_M } from '../geo/roads/road.service.js';
import { findIncident } from '../incidents/index.js';
import { unitIndex, UnitStatus } from '../units/index.js';

/** Statuses of a unit on its way to an incident. */
const responding = [UnitStatus.dispatched, UnitStatus.enRoute] as const;

/**
 * The units on their way to an incident and the road each is expected to drive now, from its latest fix
 * (or its station when the fix is stale), closed roads avoided and live speeds used as the
 * recommendation does, against the road it would drive on a usual day. The traffic operator sees where
 * responding units go, and which of them a closure or a jam sends another way. A unit whose incident has
 * no road near it, or that no open road reaches, is left out. Nearest incident first.
 */
export async function respondingRoutes(core: Core): Promise<RespondingRoute[]> {
  const graph = await getRoadGraph(core);
  const index = unitIndex(core);
  const units = index.select({ statuses: responding, needs: [] }).filter((unit) => unit.incident !== null);
  const placed = index.place(graph, units, core.clock.now().getTime() - core.config.positionStaleSeconds * 1_000);
  const incidents = new Map<string, Awaited<ReturnType<typeof findIncident>>>();
  for (const { unit } of placed) if (!incidents.has(unit.incident!)) incidents.set(unit.incident!, await findIncident(core.db, unit.incident!));
  const routes: RespondingRoute[] = [];
  for (const { unit, snap, fromStation } of placed) {
    const status = unit.status;
    if (status !== UnitStatus.dispatched && status !== UnitStatus.enRoute) continue;
    const incident = incidents.get(unit.incident!);
    if (incident === undefined) continue;
    const target = snapToRoad(graph, incident.location, { maxDistanceM: MAX_SNAP_M });
    if (target === undefined) continue;
    const costs = roadCostsOn(graph, core, { forIncident: incident.number });
    const now = route(graph, snap, target, costs === undefined ? {} : { costs });
    if (now === undefined) continue;
    const usual = costs === undefined ? now : route(graph, snap, target);
    routes.push({
      callSign: unit.callSign,
      kind: unit.kind,
      status,
      incident: incident.number,
      fromStation,
      etaS: Math.round(now.etaS * 10) / 10,
      distanceM: Math.round(now.distanceM),
      usualEtaS: usual === undefined ? null : Math.round(usual.etaS * 10) / 10,
      cause: causeOf(now, usual, costs?.timeS),
      coordinates: now.coordinates,
    });
  }
  return routes.sort((a, b) => a.etaS - b.etaS || (a.callSign < b.callSign ? -1 : 1));
}

/**
 * Why the road now differs from the usual one: `closure` when the usual road crosses a closed edge,
 * `traffic` when live speeds made another road faster (or the same road more than a few seconds
 * slower), `none` when it is the usual road at the usual time.
 */
function causeOf(now: RoadRoute, usual: RoadRoute | undefined, liveTimes: Float32Array | undefined): RerouteCause {
  if (usual === undefined) return RerouteCause.closure;
  if (liveTimes !== undefined && usual.edges.some((edge) => !Number.isFinite(liveTimes[edge]!))) return RerouteCause.closure;
  const sameRoad = now.edges.length === usual.edges.length && now.edges.every((edge, i) => edge === usual.edges[i]);
  return sameRoad && Math.abs(now.etaS - usual.etaS) < SAME_TIME_S ? RerouteCause.none : RerouteCause.traffic;
}

/** Road times closer than this are said to be as usual (rounding of live speeds). */
const SAME_TIME_S = 5;
