import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { roadCostsOn } from '../geo/roads/road-closures.js';
import { kNearestByRoad } from '../geo/roads/road-routing.js';
import { snapToRoad } from '../geo/roads/road-snap.js';
import { getRoadGraph, MAX_SNAP_M } from '../geo/roads/road.service.js';
import type { Incident } from '../incidents/incident.js';
import { getIncident } from '../incidents/incident.service.js';
import { unitIndex, type PlacedUnit } from '../units/unit-index.js';
import { UnitKind, UnitStatus } from '../units/unit.js';
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
 * cordon: units are sent to its edge.
 */
export async function recommendUnits(core: Core, number: string, options: { k?: number; divertible?: boolean } = {}): Promise<Recommendation[]> {
  const incident = await getIncident(core.db, number);
  if (incident.status === 'closed' || incident.status === 'cancelled') {
    throw new DomainError('invalid_transition', `incident ${number} is \`${incident.status}\`; no unit is sent to it`, { allowed: incident.allowedActions });
  }
  const graph = await getRoadGraph(core);
  const target = snapToRoad(graph, incident.location, { maxDistanceM: MAX_SNAP_M });
  if (target === undefined) throw new DomainError('conflict', `incident ${number} is more than ${MAX_SNAP_M} m from any road; no road time can be given`);
  const freshAfter = freshAfterMs(core);
  const { candidates, diverting } = await eligibleUnits(core, graph, incident, options.divertible === true, freshAfter);
  const costs = roadCostsOn(graph, core.db, { forIncident: incident.number });
  // Ids are call signs: units equally far are offered in call-sign order, whatever order the index keeps.
  const nearest = kNearestByRoad(graph, target, candidates, options.k ?? 5, costs === undefined ? {} : { costs });
  const index = unitIndex(core);
  return nearest.map(({ id, etaS, distanceM }) => {
    // Placed again, the k chosen only: nothing was awaited since, so each lands where it was found.
    const { unit, fromStation } = index.place(graph, [index.find(id)!], freshAfter)[0]!;
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
    };
  });
}

/** Road times of some units to an incident (for the assignment's record); units with no road time are left out. */
export async function etasTo(core: Core, incident: Incident, callSigns: readonly string[]): Promise<Map<string, number>> {
  const graph = await getRoadGraph(core);
  const target = snapToRoad(graph, incident.location, { maxDistanceM: MAX_SNAP_M });
  if (target === undefined) return new Map();
  const index = unitIndex(core);
  const units = [...new Set(callSigns)].flatMap((callSign) => index.find(callSign) ?? []);
  const placed = index.place(graph, units, freshAfterMs(core));
  const costs = roadCostsOn(graph, core.db, { forIncident: incident.number });
  const found = kNearestByRoad(graph, target, placed, placed.length, costs === undefined ? {} : { costs });
  return new Map(found.map(({ id, etaS }) => [id, Math.round(etaS * 10) / 10]));
}

/**
 * The units that may go, from the units module's index (no unit row is read): available ones, and with
 * `divertible` those dispatched or en route to an incident of lower priority (read, with the others
 * they are on); each with every need, placed on the road.
 */
async function eligibleUnits(core: Core, graph: RoadGraph, incident: Incident, divertible: boolean, freshAfter: number): Promise<{ candidates: PlacedUnit[]; diverting: Map<string, Incident> }> {
  const { needs, specialistKinds } = patrolNeeds(incident.capabilities);
  const index = unitIndex(core);
  const diverting = new Map<string, Incident>();
  if (!divertible) return { candidates: index.place(graph, index.select({ statuses: [UnitStatus.available], needs, excludeKinds: specialistKinds }), freshAfter), diverting };
  const rank = (priority: string) => Number(priority.slice(1));
  const units = index
    .select({ statuses: [UnitStatus.available, UnitStatus.dispatched, UnitStatus.enRoute], needs, excludeKinds: specialistKinds })
    .filter((unit) => unit.status === UnitStatus.available || (unit.incident !== null && unit.incident !== incident.number));
  for (const unit of units) {
    if (unit.status !== UnitStatus.available && !diverting.has(unit.incident!)) diverting.set(unit.incident!, await getIncident(core.db, unit.incident!));
  }
  const eligible = units.filter((unit) => unit.status === UnitStatus.available || rank(diverting.get(unit.incident!)?.priority ?? 'P1') > rank(incident.priority));
  return { candidates: index.place(graph, eligible, freshAfter), diverting };
}

/** A position taken before this is stale: the unit is placed at its station. */
function freshAfterMs(core: Core): number {
  return core.clock.now().getTime() - core.config.positionStaleSeconds * 1_000;
}
