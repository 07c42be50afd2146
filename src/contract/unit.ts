import { lifecycle, movesTable } from './lifecycle.js';

/** A unit's kinds and statuses, and the moves between statuses that the server and the console share. */

/** What a unit is; the console draws each kind with its own icon. */
export const UnitKind = {
  patrolCar: 'patrol_car',
  motorcycle: 'motorcycle',
  footPatrol: 'foot_patrol',
  trafficUnit: 'traffic_unit',
  interventionBrigade: 'intervention_brigade',
  eodSquad: 'eod_squad',
  canineUnit: 'canine_unit',
} as const;
export type UnitKind = (typeof UnitKind)[keyof typeof UnitKind];

/** Where a unit stands. */
export const UnitStatus = {
  available: 'available',
  dispatched: 'dispatched',
  enRoute: 'en_route',
  onScene: 'on_scene',
  /** On other duty (an arrest, a report, a break): not available for calls. */
  busy: 'busy',
  outOfService: 'out_of_service',
  offDuty: 'off_duty',
} as const;
export type UnitStatus = (typeof UnitStatus)[keyof typeof UnitStatus];

const S = UnitStatus;

/**
 * The statuses a unit may move to from each status, in one table. `dispatched` is reached only through
 * an assignment (the dispatch module); the others are set by the unit's crew or the console.
 */
export const unitTransitions: Readonly<Record<UnitStatus, readonly UnitStatus[]>> = {
  available: [S.dispatched, S.busy, S.outOfService, S.offDuty],
  dispatched: [S.enRoute, S.onScene, S.available],
  en_route: [S.onScene, S.available],
  on_scene: [S.available, S.busy],
  busy: [S.available, S.dispatched, S.outOfService, S.offDuty],
  out_of_service: [S.available, S.offDuty],
  off_duty: [S.available],
};

/** Statuses that are expected to end: held longer than the stale setting, the unit is flagged. */
export const statusesThatGoStale: ReadonlySet<UnitStatus> = new Set([S.dispatched, S.enRoute, S.onScene, S.busy]);

/** Statuses that take a unit off its incident: moving to one ends the assignment. */
export const statusesOffIncident: ReadonlySet<UnitStatus> = new Set([S.available, S.offDuty, S.outOfService]);

/** Statuses of units at work, whose position is expected to be fresh. */
export const onDutyStatuses: ReadonlySet<UnitStatus> = new Set([S.available, S.dispatched, S.enRoute, S.onScene, S.busy]);

/**
 * The moves a person makes by hand (the crew on the field screen, a dispatcher on the board): every move
 * of the table but `dispatched`, which comes only with an assignment.
 */
export function manualUnitMoves(status: UnitStatus): readonly ManualUnitStatus[] {
  return unitTransitions[status].filter((to): to is ManualUnitStatus => to !== S.dispatched);
}

/** The statuses a person may set by hand. */
export type ManualUnitStatus = Exclude<UnitStatus, typeof S.dispatched>;

// A unit's actions are the statuses it moves to, so a refusal lists statuses: "allowed: available".
const unitLifecycle = lifecycle(movesTable(unitTransitions), { allowedWord: 'allowed' });

/**
 * The next status, or a refusal naming the allowed ones:
 * "unit CASA-PC-12 is `off_duty`; en_route is not allowed; allowed: available".
 */
export function checkUnitTransition(callSign: string, from: UnitStatus, to: UnitStatus): void {
  unitLifecycle.check(`unit ${callSign}`, from, to);
}
