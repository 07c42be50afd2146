import { Type, type Static } from 'typebox';
import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { DomainError, invalidField } from '../core/errors.js';
import { Closed } from '../core/schema.js';
import { Assignment, assignUnits, recommendUnits, type Recommendation } from '../dispatch/index.js';
import { distanceM, type LatLon } from '../geo/geometry.js';
import { roadCostsOn } from '../geo/roads/road-closures.js';
import { kNearestByRoad } from '../geo/roads/road-routing.js';
import { snapToRoad, type Snap } from '../geo/roads/road-snap.js';
import { getRoadGraph, MAX_SNAP_M } from '../geo/roads/road.service.js';
import { getIncident, isOpen } from '../incidents/index.js';
import { listUnits, UnitKind } from '../units/index.js';
import { listStations } from '../stations/index.js';
import { Deployment } from './eod.js';
import { EtaMethod } from '../contract/eod.js';
import type { EodRecommendation, SquadRecommendation } from '../contract/eod.schema.js';

// How a squad is priced, and the recommendation as answered, are the contract's, shared with the console.
export { EtaMethod } from '../contract/eod.js';
export { EodRecommendation, SquadRecommendation } from '../contract/eod.schema.js';
import { ensureDeployment, getDeployment } from './deployment.service.js';
import { listSquads } from './squad.service.js';

/**
 * Which EOD squad to send, across cities. Every available squad is priced: by road where the road graph
 * reaches both the squad and the scene, otherwise by an intercity estimate (great-circle distance times
 * AMANE_EOD_ROAD_FACTOR, at AMANE_EOD_INTERCITY_KMH). Squads not available (deployed, busy, off duty)
 * are skipped, and said so. Ready squads come first, fastest first; degraded squads (no robot ready)
 * follow them, fastest first: a degraded squad never ranks before a ready one, however near.
 */


/** Seconds to cover a great-circle distance by road between cities: distance × factor at a speed. */
export function intercityEstimate(from: LatLon, to: LatLon, settings: { roadFactor: number; kmh: number }): { etaS: number; distanceM: number } {
  const road = distanceM(from, to) * settings.roadFactor;
  return { etaS: road / (settings.kmh / 3.6), distanceM: road };
}

/** The squads to send to an incident, in order, with the patrols to hold its cordon meanwhile. */
export async function recommendSquads(core: Core, number: string, options: { patrols?: number } = {}): Promise<EodRecommendation> {
  const incident = await getIncident(core.db, number);
  if (!isOpen(incident.status)) throw new DomainError('invalid_transition', `incident ${number} is \`${incident.status}\`; no unit is sent to it`, { allowed: incident.allowedActions });
  const squads = await listSquads(core);
  const stations = new Map((await listStations(core.db)).map((s) => [s.code, s.location]));
  const available = squads.filter((s) => s.status === 'available');
  const graph = await getRoadGraph(core);
  const target = snapToRoad(graph, incident.location, { maxDistanceM: MAX_SNAP_M });
  const units = new Map((await listUnits(core, { kind: UnitKind.eodSquad })).map((u) => [u.callSign, u]));

  const placed = available.flatMap((squad) => {
    const unit = units.get(squad.callSign);
    const fresh = unit !== undefined && unit.position !== null && !unit.positionStale;
    const place = fresh ? { lat: unit.position!.lat, lon: unit.position!.lon } : stations.get(squad.station);
    return place === undefined ? [] : [{ squad, place, fromStation: !fresh }];
  });
  const priced = new Map<string, { etaS: number; distanceM: number; method: EtaMethod }>();
  if (target !== undefined) {
    const onRoads: { id: number; snap: Snap }[] = [];
    placed.forEach((p, id) => {
      const snap = snapToRoad(graph, p.place, { maxDistanceM: MAX_SNAP_M });
      if (snap !== undefined) onRoads.push({ id, snap });
    });
    const costs = roadCostsOn(graph, core, { forIncident: number });
    for (const found of kNearestByRoad(graph, target, onRoads, onRoads.length, costs === undefined ? {} : { costs })) {
      priced.set(placed[found.id]!.squad.callSign, { etaS: found.etaS, distanceM: found.distanceM, method: EtaMethod.road });
    }
  }
  const settings = { roadFactor: core.config.eodRoadFactor, kmh: core.config.eodIntercityKmh };
  const ranked: SquadRecommendation[] = placed.map(({ squad, place, fromStation }) => {
    const eta = priced.get(squad.callSign) ?? { ...intercityEstimate(place, incident.location, settings), method: EtaMethod.estimate };
    return {
      callSign: squad.callSign,
      city: squad.city,
      station: squad.station,
      etaS: Math.round(eta.etaS),
      distanceM: Math.round(eta.distanceM),
      method: eta.method,
      degraded: squad.degraded,
      degradedReasons: squad.degradedReasons,
      fromStation,
    };
  });
  ranked.sort((a, b) => Number(a.degraded) - Number(b.degraded) || a.etaS - b.etaS || (a.callSign < b.callSign ? -1 : 1));

  let patrols: Recommendation[] = [];
  let patrolsNote: string | null = null;
  try {
    patrols = await recommendUnits(core, number, { k: options.patrols ?? 3 });
    if (patrols.length === 0) patrolsNote = 'no patrol is available';
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    patrolsNote = error.message;
  }
  return {
    incident: number,
    squads: ranked,
    skipped: squads.filter((s) => s.status !== 'available').map((s) => ({ callSign: s.callSign, city: s.city, status: s.status, incident: s.incident })),
    patrols,
    patrolsNote,
  };
}

export const SquadAssignment = Closed({ assignments: Type.Array(Assignment), deployment: Deployment });
export type SquadAssignment = Static<typeof SquadAssignment>;

/**
 * Sends a squad to an incident: assigned as any unit (dispatch; its device gets the order), with the
 * travel time recommended for it, and its deployment opened (alerted at the assignment).
 */
export async function assignSquad(core: Core, actor: Actor, number: string, callSign: string): Promise<SquadAssignment> {
  const recommendation = await recommendSquads(core, number, { patrols: 1 });
  const offered = recommendation.squads.find((s) => s.callSign === callSign);
  if (offered === undefined) {
    const skipped = recommendation.skipped.find((s) => s.callSign === callSign);
    if (skipped !== undefined) throw invalidField('squad', `${callSign} is \`${skipped.status}\`${skipped.incident === null ? '' : ` on ${skipped.incident}`}; available squads: ${recommendation.squads.map((s) => s.callSign).join(', ') || 'none'}`, 'conflict');
    throw invalidField('squad', `${callSign} is not an EOD squad`);
  }
  const assignments = await assignUnits(core, actor, number, [callSign], { etas: new Map([[callSign, offered.etaS]]) });
  const assigned = assignments.filter((a) => a.callSign === callSign && a.releasedAt === null).at(-1)!;
  const deployment = await runCommand(core, actor, (scope) => ensureDeployment(scope, callSign, number, assigned.assignedAt));
  return { assignments, deployment: await getDeployment(core.db, deployment.id) };
}
