import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { roadCostsOn } from '../geo/roads/road-closures.js';
import { kNearestByRoad } from '../geo/roads/road-routing.js';
import { snapToRoad, type Snap } from '../geo/roads/road-snap.js';
import { getRoadGraph, MAX_SNAP_M } from '../geo/roads/road.service.js';
import type { Incident } from '../incidents/incident.js';
import { getIncident } from '../incidents/incident.service.js';
import { avlTracker } from '../units/avl.service.js';
import { UnitKind } from '../units/unit.js';
import { listStationRows, listUnitRows, type UnitTable } from '../units/unit.repository.js';
import { RecommendationReason, type Recommendation } from './dispatch.js';

/** Where each unit or station was put on the road, kept while the unit does not move. */
const snapCache = new WeakMap<RoadGraph, Map<string, { readonly key: string; readonly snap: Snap | undefined }>>();

function snapOnce(graph: RoadGraph, id: string, lat: number, lon: number): Snap | undefined {
  const key = `${lat},${lon}`;
  let cache = snapCache.get(graph);
  if (cache === undefined) snapCache.set(graph, (cache = new Map()));
  const known = cache.get(id);
  if (known !== undefined && known.key === key) return known.snap;
  const snap = snapToRoad(graph, { lat, lon }, { maxDistanceM: MAX_SNAP_M });
  cache.set(id, { key, snap });
  return snap;
}

interface Candidate {
  readonly unit: UnitTable;
  readonly snap: Snap;
  readonly fromStation: boolean;
  readonly divertFrom: Incident | undefined;
}

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
  const candidates = await eligibleUnits(core, graph, incident, options.divertible === true);
  const costs = roadCostsOn(graph, core.db, { forIncident: incident.number });
  const nearest = kNearestByRoad(graph, target, candidates.map((c, i) => ({ id: i, snap: c.snap })), options.k ?? 5, costs === undefined ? {} : { costs });
  return nearest.map(({ id, etaS, distanceM }) => {
    const { unit, fromStation, divertFrom } = candidates[id]!;
    return {
      callSign: unit.call_sign,
      kind: unit.kind,
      status: unit.status,
      station: unit.station_code,
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
  const wanted = new Set(callSigns);
  const placed = (await placeUnits(core, graph, (await listUnitRows(core.db)).filter((u) => wanted.has(u.call_sign)))).map((p, i) => ({ ...p, i }));
  const costs = roadCostsOn(graph, core.db, { forIncident: incident.number });
  const found = kNearestByRoad(graph, target, placed.map((p) => ({ id: p.i, snap: p.snap })), placed.length, costs === undefined ? {} : { costs });
  return new Map(found.map(({ id, etaS }) => [placed[id]!.unit.call_sign, Math.round(etaS * 10) / 10]));
}

async function eligibleUnits(core: Core, graph: RoadGraph, incident: Incident, divertible: boolean): Promise<Candidate[]> {
  const { needs, specialistKinds } = patrolNeeds(incident.capabilities);
  const rank = (priority: string) => Number(priority.slice(1));
  const rows = (await listUnitRows(core.db)).filter((unit) => {
    if (specialistKinds.has(unit.kind)) return false;
    const capabilities = JSON.parse(unit.capabilities) as string[];
    if (!needs.every((need) => capabilities.includes(need))) return false;
    if (unit.status === 'available') return true;
    return divertible && (unit.status === 'dispatched' || unit.status === 'en_route') && unit.incident_number !== null && unit.incident_number !== incident.number;
  });
  const diverting = new Map<string, Incident>();
  for (const row of rows) {
    if (row.status !== 'available' && !diverting.has(row.incident_number!)) diverting.set(row.incident_number!, await getIncident(core.db, row.incident_number!));
  }
  const eligible = rows.filter((row) => row.status === 'available' || rank(diverting.get(row.incident_number!)?.priority ?? 'P1') > rank(incident.priority));
  return (await placeUnits(core, graph, eligible)).map((placed) => ({
    ...placed,
    divertFrom: placed.unit.status === 'available' ? undefined : diverting.get(placed.unit.incident_number!),
  }));
}

/** Each unit on the road: at its live position when fresh, else at its station. */
async function placeUnits(core: Core, graph: RoadGraph, units: readonly UnitTable[]): Promise<{ unit: UnitTable; snap: Snap; fromStation: boolean }[]> {
  const tracker = avlTracker(core);
  await tracker.ready();
  const stations = new Map((await listStationRows(core.db)).map((s) => [s.code, s]));
  const freshAfter = core.clock.now().getTime() - core.config.positionStaleSeconds * 1_000;
  const placed: { unit: UnitTable; snap: Snap; fromStation: boolean }[] = [];
  for (const unit of units) {
    const fix = tracker.latest(unit.call_sign);
    let snap = fix !== undefined && fix.atMs >= freshAfter ? snapOnce(graph, `unit:${unit.call_sign}`, fix.lat, fix.lon) : undefined;
    const fromStation = snap === undefined;
    if (snap === undefined) {
      const station = stations.get(unit.station_code);
      if (station !== undefined) snap = snapOnce(graph, `station:${station.code}`, station.lat, station.lon);
    }
    if (snap !== undefined) placed.push({ unit, snap, fromStation });
  }
  return placed;
}
