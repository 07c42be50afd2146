import { randomUUID } from 'node:crypto';
import type { Actor, Principal } from '../core/auth/principal.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { EventData } from '../contract/events.js';
import type { Config } from '../core/config.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { StateKey } from '../core/module-state.js';
import type { RateLimit } from '../core/rate-limit.js';
import { findStationByCode, listStations } from '../stations/index.js';
import {
  checkUnitTransition,
  onDutyStatuses,
  statusesOffIncident,
  statusesThatGoStale,
  unitStream,
  unitTransitions,
  type NewUnit,
  type Unit,
  type UnitChange,
  type UnitKind,
  type UnitStatus,
} from './unit.js';
import { findUnitByCallSign, insertUnit, listPositionHistory, listUnitRows, updateUnitRow, type UnitTable } from './unit.repository.js';

// --- Units ---------------------------------------------------------------------------------------

export function unitRowToUnit(row: UnitTable, now: Date, config: Pick<Config, 'unitStatusStaleMinutes' | 'positionStaleSeconds'>): Unit {
  const status = row.status;
  const position =
    row.lat === null || row.lon === null || row.position_at === null
      ? null
      : { lat: row.lat, lon: row.lon, speedKmh: row.speed_kmh, heading: row.heading, accuracyM: row.accuracy_m, at: row.position_at };
  const nowMs = now.getTime();
  return {
    id: row.id,
    callSign: row.call_sign,
    kind: row.kind,
    station: row.station_code,
    capabilities: fromJsonText(row.capabilities),
    crew: fromJsonText(row.crew),
    device: row.device_name,
    status,
    statusSince: row.status_since,
    incident: row.incident_number,
    position,
    statusStale: statusesThatGoStale.has(status) && nowMs - Date.parse(row.status_since) > config.unitStatusStaleMinutes * 60_000,
    positionStale: onDutyStatuses.has(status) && (position === null || nowMs - Date.parse(position.at) > config.positionStaleSeconds * 1_000),
  };
}

export async function getUnit(core: Pick<Core, 'db' | 'clock' | 'config'>, callSign: string): Promise<Unit> {
  const row = await findUnitByCallSign(core.db, callSign);
  if (row === undefined) throw new DomainError('not_found', `no unit has call sign ${callSign}`);
  return unitRowToUnit(row, core.clock.now(), core.config);
}

/** The unit of that call sign, or undefined. */
export async function findUnit(core: Pick<Core, 'db' | 'clock' | 'config'>, callSign: string): Promise<Unit | undefined> {
  const row = await findUnitByCallSign(core.db, callSign);
  return row === undefined ? undefined : unitRowToUnit(row, core.clock.now(), core.config);
}

/** Where a unit went between `from` and `to`: its position history (one fix per 10 s), at most `limit` points. */
export async function getTrack(
  db: Db,
  callSign: string,
  from: string,
  to: string,
  limit: number,
): Promise<{ at: string; lat: number; lon: number; speedKmh: number | null; heading: number | null }[]> {
  const row = await findUnitByCallSign(db, callSign);
  if (row === undefined) throw new DomainError('not_found', `no unit has call sign ${callSign}`);
  const points = await listPositionHistory(db, row.id, from, to, limit);
  return points.map((p) => ({ at: p.at, lat: p.lat, lon: p.lon, speedKmh: p.speed_kmh, heading: p.heading }));
}

export interface UnitFilter {
  readonly station?: string;
  readonly kind?: UnitKind;
  readonly status?: UnitStatus;
  /** The district a unit's station answers for. */
  readonly area?: string;
  readonly stale?: boolean;
}

/** The unit board: every unit with its status, position and stale flags, filtered. */
export async function listUnits(core: Pick<Core, 'db' | 'clock' | 'config'>, filter: UnitFilter = {}): Promise<Unit[]> {
  const now = core.clock.now();
  let units = (await listUnitRows(core.db, filter)).map((row) => unitRowToUnit(row, now, core.config));
  if (filter.area !== undefined) {
    const stations = new Set((await listStations(core.db)).filter((s) => s.area === filter.area).map((s) => s.code));
    units = units.filter((u) => stations.has(u.station));
  }
  if (filter.stale !== undefined) units = units.filter((u) => (u.statusStale || u.positionStale) === filter.stale);
  return units;
}

/** Adds a unit, off duty until its crew starts the shift. */
export async function createUnit(core: Core, actor: Actor, input: NewUnit): Promise<Unit> {
  if ((await findStationByCode(core.db, input.station)) === undefined) throw invalidField('station', `no station has code ${input.station}`);
  const at = core.clock.now().toISOString();
  const row: UnitTable = {
    id: randomUUID(),
    call_sign: input.callSign,
    kind: input.kind,
    station_code: input.station,
    capabilities: toJsonText(input.capabilities ?? []),
    crew: toJsonText(input.crew ?? []),
    device_name: input.device ?? null,
    status: 'off_duty',
    status_since: at,
    incident_number: null,
    lat: null,
    lon: null,
    speed_kmh: null,
    heading: null,
    accuracy_m: null,
    position_at: null,
  };
  try {
    await runCommand(core, actor, async ({ trx, at: now, record }) => {
      row.status_since = now;
      await insertUnit(trx, row);
      record(unitStream(row.call_sign), 'unit.created', {
        kind: row.kind,
        station: row.station_code,
        capabilities: input.capabilities ?? [],
        crew: input.crew ?? [],
        device: row.device_name,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('callSign', `unit ${input.callSign} already exists`, 'conflict');
    throw error;
  }
  notifyUnitChanged(core, row.call_sign);
  return getUnit(core, row.call_sign);
}

/** Changes a unit's make-up (kind, station, capabilities, crew, tracker); journals what changed. */
export async function changeUnit(core: Core, actor: Actor, callSign: string, change: UnitChange): Promise<Unit> {
  if (change.station !== undefined && (await findStationByCode(core.db, change.station)) === undefined) {
    throw invalidField('station', `no station has code ${change.station}`);
  }
  await runCommand(core, actor, async ({ trx, record }) => {
    const row = await lockedUnit(trx, callSign);
    const next: Partial<UnitTable> = {};
    const changed: EventData<'unit.changed'> = {};
    if (change.kind !== undefined && change.kind !== row.kind) [next.kind, changed.kind] = [change.kind, change.kind];
    if (change.station !== undefined && change.station !== row.station_code) [next.station_code, changed.station] = [change.station, change.station];
    if (change.capabilities !== undefined && toJsonText(change.capabilities) !== row.capabilities) {
      [next.capabilities, changed.capabilities] = [toJsonText(change.capabilities), change.capabilities];
    }
    if (change.crew !== undefined && toJsonText(change.crew) !== row.crew) [next.crew, changed.crew] = [toJsonText(change.crew), change.crew];
    if (change.device !== undefined && change.device !== row.device_name) [next.device_name, changed.device] = [change.device, change.device];
    if (Object.keys(changed).length === 0) return;
    await updateUnitRow(trx, row.id, next);
    record(unitStream(callSign), 'unit.changed', changed);
  });
  notifyUnitChanged(core, callSign);
  return getUnit(core, callSign);
}

/**
 * Who may act for a unit: dispatchers and supervisors for any (`unit.dispatch`); a crew member for
 * their own unit; a device for the unit it tracks.
 */
export function mayActFor(principal: Principal, row: Pick<UnitTable, 'crew' | 'device_name'>): boolean {
  return mayActForUnit(principal, { crew: fromJsonText(row.crew), device: row.device_name });
}

/** The same, for a unit read through a port. */
export function mayActForUnit(principal: Principal, unit: Pick<UnitInCommand, 'crew' | 'device'>): boolean {
  if (principal.permissions.has('unit.dispatch')) return true;
  if (principal.kind === 'device') return unit.device !== null && unit.device === principal.name;
  return unit.crew.includes(principal.username);
}

/**
 * Moves a unit to another status along the transition table. `dispatched` comes only with an
 * assignment; leaving an assignment (back to available) ends it.
 */
/** How many status reports a device may make per unit per minute (each is a journaled command). */
export const deviceStatusLimitKey = new StateKey<RateLimit>('units: status reports per device and unit');

export async function changeUnitStatus(core: Core, principal: Principal, actor: Actor, callSign: string, to: UnitStatus, reason?: string): Promise<Unit> {
  if (to === 'dispatched') throw invalidField('status', 'dispatched comes with an assignment to an incident (dispatch), not by itself');
  // A device stuck in a loop (or a stolen token) must not fill the journal, which keeps every event.
  if (principal.kind === 'device') core.state.find(deviceStatusLimitKey)?.take(`${principal.name}\n${callSign}`);
  await runCommand(core, actor, async (scope) => {
    const { trx, at, record } = scope;
    const row = await lockedUnit(trx, callSign);
    if (!mayActFor(principal, row)) throw new DomainError('forbidden', `you may change the status of your own unit only, not ${callSign}`);
    const from = row.status;
    if (from === to) return;
    checkUnitTransition(callSign, from, to);
    const leaves = statusesOffIncident.has(to);
    await updateUnitRow(trx, row.id, { status: to, status_since: at, ...(leaves ? { incident_number: null } : {}) });
    record(unitStream(callSign), 'unit.status_changed', {
      from,
      to,
      ...(row.incident_number === null ? {} : { incident: row.incident_number }),
      ...(reason === undefined ? {} : { reason }),
    });
    for (const follow of core.state.find(statusFollowersKey) ?? []) await follow(scope, unitInCommand(row), from, to);
  });
  return getUnit(core, callSign);
}

/** A unit's row, locked for the rest of the command. */
export async function lockedUnit(trx: Parameters<typeof findUnitByCallSign>[0], callSign: string): Promise<UnitTable> {
  const row = await findUnitByCallSign(trx, callSign, { lock: true });
  if (row === undefined) throw new DomainError('not_found', `no unit has call sign ${callSign}`);
  return row;
}

// --- Ports: what other modules' commands do to a unit, in their own transaction ----------------------

/** A unit as another module's command sees it, read with its row locked for the rest of that command. */
export interface UnitInCommand {
  readonly id: string;
  readonly callSign: string;
  readonly kind: UnitKind;
  readonly station: string;
  readonly status: UnitStatus;
  readonly statusSince: string;
  /** The incident it is on, if any. */
  readonly incident: string | null;
  readonly crew: readonly string[];
  readonly device: string | null;
}

function unitInCommand(row: UnitTable): UnitInCommand {
  return {
    id: row.id,
    callSign: row.call_sign,
    kind: row.kind,
    station: row.station_code,
    status: row.status,
    statusSince: row.status_since,
    incident: row.incident_number,
    crew: fromJsonText(row.crew),
    device: row.device_name,
  };
}

/**
 * Reads a unit inside the caller's command, its row locked for the rest of it unless `lock` is false;
 * undefined when no unit has that call sign.
 */
export async function findUnitInCommand(scope: CommandScope, callSign: string, options: { lock?: boolean } = {}): Promise<UnitInCommand | undefined> {
  const row = await findUnitByCallSign(scope.trx, callSign, { lock: options.lock ?? true });
  return row === undefined ? undefined : unitInCommand(row);
}

/** The same, refused (not_found) when no unit has that call sign. */
export async function getUnitInCommand(scope: CommandScope, callSign: string): Promise<UnitInCommand> {
  return unitInCommand(await lockedUnit(scope.trx, callSign));
}

/**
 * Sends a unit to an incident inside the caller's command (the dispatch module's assignment): the move
 * to `dispatched` must be one the unit's transition table allows (from available or busy; a unit on
 * another incident is released first, and `divertedFrom` is the status it had there, journaled as where
 * it came from). Journals `unit.dispatched`.
 */
export async function dispatchUnitInCommand(
  scope: CommandScope,
  unit: UnitInCommand,
  incident: { readonly number: string; readonly priority: string },
  options: { readonly etaS: number | null; readonly divertedFrom?: UnitStatus },
): Promise<UnitInCommand> {
  checkUnitTransition(unit.callSign, unit.status, 'dispatched');
  const { etaS } = options;
  await updateUnitRow(scope.trx, unit.id, { status: 'dispatched', status_since: scope.at, incident_number: incident.number });
  scope.record(unitStream(unit.callSign), 'unit.dispatched', {
    incident: incident.number,
    priority: incident.priority,
    from: options.divertedFrom ?? unit.status,
    ...(etaS === null ? {} : { etaS }),
  });
  return { ...unit, status: 'dispatched', statusSince: scope.at, incident: incident.number };
}

/**
 * Takes a unit off its incident inside the caller's command: it becomes available (a move its transition
 * table must allow). Journals `unit.released` with the reason.
 */
export async function releaseUnitInCommand(scope: CommandScope, unit: UnitInCommand, reason: string): Promise<UnitInCommand> {
  return leaveIncident(scope, unit, 'available', reason);
}

/**
 * Undoes a unit's dispatch inside the caller's command: a unit still `dispatched` goes back to the status
 * it had before (available or busy), which is not a move of the table but its reversal.
 */
export async function undoDispatchInCommand(scope: CommandScope, unit: UnitInCommand, back: UnitStatus, reason: string): Promise<UnitInCommand> {
  if (unit.status !== 'dispatched' || !unitTransitions[back].includes('dispatched')) {
    throw new DomainError('invalid_transition', `unit ${unit.callSign} is \`${unit.status}\`; only a dispatch from available or busy is undone`, { allowed: [] });
  }
  return leaveIncident(scope, unit, back, reason, { reversal: true });
}

async function leaveIncident(scope: CommandScope, unit: UnitInCommand, to: UnitStatus, reason: string, options: { reversal?: boolean } = {}): Promise<UnitInCommand> {
  if (unit.incident === null) throw new DomainError('conflict', `${unit.callSign} is on no incident`);
  if (options.reversal !== true) checkUnitTransition(unit.callSign, unit.status, to);
  await updateUnitRow(scope.trx, unit.id, { status: to, status_since: scope.at, incident_number: null });
  scope.record(unitStream(unit.callSign), 'unit.released', { incident: unit.incident, from: unit.status, to, reason });
  return { ...unit, status: to, statusSince: scope.at, incident: null };
}

/**
 * What else moves when a unit's status moves, in the same transaction (the dispatch module moves the
 * unit's incident along). Called with the unit as it was before the change.
 */
export type StatusFollower = (scope: CommandScope, unit: UnitInCommand, from: UnitStatus, to: UnitStatus) => Promise<void>;
/** The followers other modules registered in their `start` (callbacks, no data). */
export const statusFollowersKey = new StateKey<Set<StatusFollower>>('units: unit status followers');

/** Registers `follower` for this kernel; returns its removal (for the registering module's `stop`). */
export function followUnitStatus(core: Pick<Core, 'state'>, follower: StatusFollower): () => void {
  const set = core.state.obtain(statusFollowersKey, () => new Set());
  set.add(follower);
  return () => set.delete(follower);
}

/** Listeners told when a unit's make-up changes (the AVL tracker re-reads who may report for it). */
export const unitListenersKey = new StateKey<Set<(callSign: string) => void>>('units: unit change listeners');

export function onUnitChanged(core: Pick<Core, 'state'>, listener: (callSign: string) => void): () => void {
  const set = core.state.obtain(unitListenersKey, () => new Set());
  set.add(listener);
  return () => set.delete(listener);
}

function notifyUnitChanged(core: Pick<Core, 'state'>, callSign: string): void {
  for (const listener of core.state.find(unitListenersKey) ?? []) listener(callSign);
}
