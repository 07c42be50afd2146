import { isOpen, priorityRank } from '../contract/incident.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { roadCostsOn } from '../geo/roads/road-closures.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { kNearestByRoad } from '../geo/roads/road-routing.js';
import { snapToRoad, type Snap } from '../geo/roads/road-snap.js';
import { getRoadGraph, MAX_SNAP_M } from '../geo/roads/road.service.js';
import { getIncident, type Incident } from '../incidents/index.js';
import { unitIndex, UnitKind, UnitStatus } from '../units/index.js';
import { RecommendationReason, type Recommendation } from './dispatch.js';

/**
 * Needs that one specialised unit brings to the scene, beside the patrols, rather than each unit: an
 * EOD squad brings `eod` and `robot`. The patrols recommended for such an incident are asked for its
 * other needs only, and squads are not offered among them: the EOD module ranks squads, across cities
 * (`GET /incidents/{number}/eod/recommendation`).
 */
export const specialistNeeds: Readonly<Record<string, UnitKind>> = { eod: UnitKind.eodSquad, robot: UnitKind.eodSquad };

/** What the patrols of an incident must have: its needs less those a specialised unit brings. */
export function patrolNeeds(capabilities: readonly string[]): { needs: string[]; specialistKinds: Set<string> } {
  const specialistKinds = new Set(capabilities.flatMap((need) => (specialistNeeds[need] === undefined ? [] : [specialistNeeds[need]])));
  return { needs: capabilities.filter((need) => specialistNeeds[need] === undefined), specialistKinds };
}

/**
 * The k units to send, fastest by road first. Eligible: available units, and with `divertible` those
 * dispatched or en route to a lower-priority incident; each must have every capability the incident
 * needs (less the specialist needs, whose units are not offered here: see `specialistNeeds`). A unit is
 * placed where its tracker last put it, or at its station when that position is missing or stale
 * (reason `from_station`, flagged). Roads closed by a cordon are avoided, except the incident's own
 * cordon: units are sent to its edge. Road times use the live speeds where there are some; a unit whose
 * time they changed is flagged `liveTraffic`.
 */
export async function recommendUnits(core: Core, number: string, options: { k?: number; divertible?: boolean } = {}): Promise<Recommendation[]> {
  const incident = await getIncident(core.db, number);
  if (!isOpen(incident.status)) {
    throw new DomainError('invalid_transition', `incident ${number} is \`${incident.status}\`; no unit is sent to it`, { allowed: incident.allowedActions });
  }
  const graph = await getRoadGraph(core);
  const target = snapToRoad(graph, incident.location, { maxDistanceM: MAX_SNAP_M });
  if (target === undefined) throw new DomainError('conflict', `incident ${number} is more than ${MAX_SNAP_M} m from any road; no road time can be given`);
  const { needs, specialistKinds } = patrolNeeds(incident.capabilities);
  const divertible = options.divertible === true;
  const diverting = divertible ? await divertingIncidents(core, incident, needs, specialistKinds) : new Map<string, Incident>();
  const costs = roadCostsOn(graph, core, { forIncident: incident.number });
  // Nothing is awaited from here on: the units are judged and placed as the index holds them now.
  const nearest = unitIndex(core).nearest(
    graph,
    target,
    {
      statuses: divertible ? [UnitStatus.available, UnitStatus.dispatched, UnitStatus.enRoute] : [UnitStatus.available],
      needs,
      excludeKinds: specialistKinds,
      // A busy unit may be diverted from an incident of lower priority only (read above).
      accept: (unit) => unit.status === UnitStatus.available || (unit.incident !== null && unit.incident !== incident.number && priorityRank(diverting.get(unit.incident)?.priority ?? 'P1') > priorityRank(incident.priority)),
    },
    freshAfterMs(core),
    options.k ?? 5,
    costs === undefined ? {} : { costs },
  );
  const usual = usualEtas(core, graph, target, incident.number, nearest);
  return nearest.map(({ unit, fromStation, etaS, distanceM }) => {
    const divertFrom = unit.status === UnitStatus.available ? undefined : diverting.get(unit.incident!);
    return {
      callSign: unit.callSign,
      kind: unit.kind,
      status: unit.status,
      station: unit.station,
      etaS: Math.round(etaS * 10) / 10,
      distanceM: Math.round(distanceM),
      reason: divertFrom !== undefined ? RecommendationReason.divertible : fromStation ? RecommendationReason.fromStation : RecommendationReason.nearestByRoad,
      positionStale: fromStation,
      divertFrom: divertFrom?.number ?? null,
      liveTraffic: usual !== undefined && Math.abs((usual.get(unit.callSign) ?? Infinity) - etaS) > LIVE_DIFFERENCE_S,
    };
  });
}

/** A road time that live speeds change by less than this is said to be as usual. */
const LIVE_DIFFERENCE_S = 1;

/**
 * The road times of the recommended units without live speeds (closures still applied), to tell which
 * times live traffic changed; undefined when no live speed is in force (nothing to compare). One more
 * search over the k units only.
 */
function usualEtas(core: Core, graph: RoadGraph, target: Snap, incident: string, nearest: readonly { unit: { callSign: string } }[]): Map<string, number> | undefined {
  if (nearest.length === 0 || roadCostsOn(graph, core, { forIncident: incident }) === roadCostsOn(graph, core, { forIncident: incident, live: false })) return undefined;
  const index = unitIndex(core);
  const units = nearest.flatMap(({ unit }) => index.find(unit.callSign) ?? []);
  const placed = index.place(graph, units, freshAfterMs(core));
  const costs = roadCostsOn(graph, core, { forIncident: incident, live: false });
  return new Map(kNearestByRoad(graph, target, placed, placed.length, costs === undefined ? {} : { costs }).map(({ id, etaS }) => [id, etaS]));
}

/** Road times of some units to an incident (for the assignment's record); units with no road time are left out. */
export async function etasTo(core: Core, incident: Incident, callSigns: readonly string[]): Promise<Map<string, number>> {
  const graph = await getRoadGraph(core);
  const target = snapToRoad(graph, incident.location, { maxDistanceM: MAX_SNAP_M });
  if (target === undefined) return new Map();
  const index = unitIndex(core);
  const units = [...new Set(callSigns)].flatMap((callSign) => index.find(callSign) ?? []);
  const placed = index.place(graph, units, freshAfterMs(core));
  const costs = roadCostsOn(graph, core, { forIncident: incident.number });
  const found = kNearestByRoad(graph, target, placed, placed.length, costs === undefined ? {} : { costs });
  return new Map(found.map(({ id, etaS }) => [id, Math.round(etaS * 10) / 10]));
}

/**
 * The incidents that busy units with every need are on, other than this one: a unit may be diverted
 * from one of lower priority (`divertible`). Reads as many incidents as such units are on.
 */
async function divertingIncidents(core: Core, incident: Incident, needs: readonly string[], specialistKinds: ReadonlySet<string>): Promise<Map<string, Incident>> {
  const diverting = new Map<string, Incident>();
  for (const unit of unitIndex(core).select({ statuses: [UnitStatus.dispatched, UnitStatus.enRoute], needs, excludeKinds: specialistKinds })) {
    if (unit.incident !== null && unit.incident !== incident.number && !diverting.has(unit.incident)) diverting.set(unit.incident, await getIncident(core.db, unit.incident));
  }
  return diverting;
}

/** A position taken before this is stale: the unit is placed at its station. */
function freshAfterMs(core: Core): number {
  return core.clock.now().getTime() - core.config.positionStaleSeconds * 1_000;
}
