import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/auth/principal.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import type { DeploymentLogged } from '../contract/eod.events.js';
import { localYear } from '../core/time-zone.js';
import { distanceM } from '../geo/geometry.js';
import { findIncident } from '../incidents/index.js';
import { findUnitInCommand, followUnitStatus, UnitKind, type UnitStatus } from '../units/index.js';
import { findStationByCode } from '../stations/index.js';
import {
  INTERCITY_KM,
  deviceDealtWith,
  squadStream,
  type Deployment,
  type DeploymentLog,
  type SquadFigures,
} from './eod.js';
import {
  findDeploymentRow,
  findEodIncidentRow,
  findOpenDeploymentRow,
  findSquadRow,
  insertDeploymentRow,
  listDeploymentRows,
  listEquipmentRows,
  updateDeploymentRow,
  type EodDeploymentRow,
  type EodEquipmentRow,
} from './eod.repository.js';

/**
 * The deployment log of each squad: when it was alerted, left, reached the scene, dealt with the device
 * and was cleared, what it used, and how it ended. The times of the squad's own status moves are taken
 * in the command that moves it (a status follower); the rest is logged by an EOD officer.
 */

export function deploymentRowToDeployment(row: EodDeploymentRow, equipment: ReadonlyMap<string, EodEquipmentRow>): Deployment {
  return {
    id: row.id,
    squad: row.call_sign,
    incident: row.incident_number,
    deviceClass: row.device_class,
    alertedAt: row.alerted_at,
    departedAt: row.departed_at,
    onSceneAt: row.on_scene_at,
    neutralisedAt: row.neutralised_at,
    clearedAt: row.cleared_at,
    equipmentUsed: fromJsonText(row.equipment_used).map((id) => ({ id, kind: equipment.get(id)?.kind ?? 'unknown', label: equipment.get(id)?.label ?? id })),
    outcome: row.outcome,
    notes: row.notes,
    distanceKm: row.distance_km,
  };
}

/**
 * The squad's open deployment to an incident, opened now when there is none: alerted at `alertedAt`,
 * with the incident's device class as it stands and the distance from the squad's station. Runs in the
 * caller's command (only `trx` is read: a command must not wait on another connection).
 */
export async function ensureDeployment(scope: CommandScope, callSign: string, number: string, alertedAt: string): Promise<EodDeploymentRow> {
  const { trx, at, record } = scope;
  const open = await findOpenDeploymentRow(trx, callSign, number);
  if (open !== undefined) return open;
  const row: EodDeploymentRow = {
    id: randomUUID(),
    call_sign: callSign,
    incident_number: number,
    device_class: (await findEodIncidentRow(trx, number))?.device_class ?? null,
    alerted_at: alertedAt,
    departed_at: null,
    on_scene_at: null,
    neutralised_at: null,
    cleared_at: null,
    equipment_used: toJsonText<string[]>([]),
    outcome: null,
    notes: null,
    distance_km: await distanceKm(scope, callSign, number),
    updated_at: at,
  };
  await insertDeploymentRow(trx, row);
  record(squadStream(callSign), 'eod_squad.deployment_opened', { deployment: row.id, incident: number, alertedAt, deviceClass: row.device_class, distanceKm: row.distance_km });
  return row;
}

/** Great-circle km from the squad's station to the incident, to a tenth; null when either is unknown. */
async function distanceKm(scope: CommandScope, callSign: string, number: string): Promise<number | null> {
  const unit = await findUnitInCommand(scope, callSign, { lock: false });
  const station = unit === undefined ? undefined : await findStationByCode(scope.trx, unit.station);
  const incident = await findIncident(scope.trx, number);
  if (station === undefined || incident === undefined) return null;
  return Math.round(distanceM(station.location, incident.location) / 100) / 10;
}

/** The deployment time a squad's status move stands for. */
const stepOfStatus: Partial<Record<UnitStatus, 'departed_at' | 'on_scene_at'>> = { en_route: 'departed_at', on_scene: 'on_scene_at' };

/**
 * Keeps squads' deployment logs as their status moves, in the command that moves them: a squad on an
 * incident gets its deployment (alerted when it was dispatched), `en_route` stamps its departure,
 * `on_scene` its arrival, and leaving the scene (back to available, busy or off duty) clears it.
 */
export function startFollowingSquads(core: Pick<Core, 'state'>): () => void {
  return followUnitStatus(core, async (scope, unit, from, to) => {
    if (unit.kind !== UnitKind.eodSquad || unit.incident === null) return;
    if ((await findSquadRow(scope.trx, unit.callSign)) === undefined) return;
    const alertedAt = from === 'dispatched' ? unit.statusSince : scope.at;
    const deployment = await ensureDeployment(scope, unit.callSign, unit.incident, alertedAt);
    const column = stepOfStatus[to];
    const change: Partial<Pick<EodDeploymentRow, 'departed_at' | 'on_scene_at' | 'cleared_at'>> = {};
    if (column !== undefined && deployment[column] === null) change[column] = scope.at;
    if (from === 'on_scene' && to !== 'on_scene' && deployment.cleared_at === null) change.cleared_at = scope.at;
    if (Object.keys(change).length === 0) return;
    await updateDeploymentRow(scope.trx, deployment.id, { ...change, updated_at: scope.at });
    scope.record(squadStream(unit.callSign), 'eod_squad.deployment_logged', { deployment: deployment.id, incident: unit.incident, ...change });
  });
}

const timeFields = [
  ['alertedAt', 'alerted_at'],
  ['departedAt', 'departed_at'],
  ['onSceneAt', 'on_scene_at'],
  ['neutralisedAt', 'neutralised_at'],
  ['clearedAt', 'cleared_at'],
] as const;

/**
 * An EOD officer logs a deployment: times (which must stay in order: alerted, departed, on scene,
 * neutralised, cleared), the equipment used (the squad's own items), the outcome and notes.
 */
export async function logDeployment(core: Core, actor: Actor, id: string, log: DeploymentLog): Promise<Deployment> {
  const equipment = new Map<string, EodEquipmentRow>();
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await findDeploymentRow(trx, id, { lock: true });
    if (row === undefined) throw new DomainError('not_found', `no EOD deployment has id ${id}`);
    for (const item of await listEquipmentRows(trx, row.call_sign)) equipment.set(item.id, item);
    const next: EodDeploymentRow = { ...row };
    const changed: Omit<DeploymentLogged, 'deployment' | 'incident'> = {};
    for (const [field, column] of timeFields) {
      const value = field === 'alertedAt' ? undefined : log[field];
      if (value === undefined) continue;
      const iso = new Date(value).toISOString();
      if (iso !== row[column]) [next[column], changed[field]] = [iso, iso];
    }
    // Each time no earlier than the one before it.
    let previous: { field: string; at: string } | undefined;
    for (const [field, column] of timeFields) {
      const value = next[column];
      if (value === null) continue;
      if (previous !== undefined && value < previous.at) throw invalidField(field, `${value} is before ${previous.field} (${previous.at}); the times go alerted, departed, on scene, neutralised, cleared`);
      previous = { field, at: value };
    }
    if (log.equipmentUsed !== undefined) {
      const unknown = log.equipmentUsed.filter((item) => !equipment.has(item));
      if (unknown.length > 0) throw invalidField('equipmentUsed', `squad ${row.call_sign} has no equipment ${unknown.join(', ')}`);
      const used = toJsonText(log.equipmentUsed);
      if (used !== row.equipment_used) [next.equipment_used, changed.equipmentUsed] = [used, log.equipmentUsed.map((item) => equipment.get(item)!.kind)];
    }
    if (log.outcome !== undefined && log.outcome !== row.outcome) [next.outcome, changed.outcome] = [log.outcome, log.outcome];
    if (log.notes !== undefined && log.notes !== row.notes) [next.notes, changed.notes] = [log.notes, log.notes];
    if (Object.keys(changed).length === 0) return;
    const { id: _id, call_sign: _squad, incident_number: _incident, ...columns } = next;
    await updateDeploymentRow(trx, id, { ...columns, updated_at: at });
    record(squadStream(row.call_sign), 'eod_squad.deployment_logged', { deployment: id, incident: row.incident_number, ...changed });
  });
  return getDeployment(core.db, id);
}

export async function getDeployment(db: Db, id: string): Promise<Deployment> {
  const row = await findDeploymentRow(db, id);
  if (row === undefined) throw new DomainError('not_found', `no EOD deployment has id ${id}`);
  return deploymentRowToDeployment(row, new Map((await listEquipmentRows(db, row.call_sign)).map((item) => [item.id, item])));
}

/** The instants a local (Casablanca) year starts and ends. */
function yearBounds(year: number): { from: string; to: string } {
  // Casablanca is at UTC+0 or UTC+1: a day's margin each side, then the local year decides.
  return { from: new Date(Date.UTC(year, 0, 1) - 86_400_000).toISOString(), to: new Date(Date.UTC(year + 1, 0, 1) + 86_400_000).toISOString() };
}

export async function listDeployments(db: Db, filter: { callSign?: string; incident?: string; year?: number }): Promise<Deployment[]> {
  const bounds = filter.year === undefined ? {} : yearBounds(filter.year);
  const rows = (await listDeploymentRows(db, { ...filter, ...bounds })).filter((row) => filter.year === undefined || localYear(new Date(row.alerted_at)) === filter.year);
  const equipment = new Map((await listEquipmentRows(db)).map((item) => [item.id, item]));
  return rows.map((row) => deploymentRowToDeployment(row, equipment));
}

/** Mean and median of some minutes, to a tenth; null for none. */
function summary(minutes: readonly number[]): { mean: number | null; median: number | null } {
  if (minutes.length === 0) return { mean: null, median: null };
  const sorted = [...minutes].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  const round = (value: number) => Math.round(value * 10) / 10;
  return { mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length), median: round(median) };
}

const minutesBetween = (from: string | null, to: string | null) => (from === null || to === null ? undefined : (Date.parse(to) - Date.parse(from)) / 60_000);

/** A squad's figures for one year (by the date it was alerted, Casablanca time): the annual report's. */
export async function squadFigures(db: Db, callSign: string, year: number): Promise<SquadFigures> {
  const squad = await findSquadRow(db, callSign);
  if (squad === undefined) throw new DomainError('not_found', `no EOD squad has call sign ${callSign}`);
  const deployments = await listDeployments(db, { callSign, year });
  const count = (keys: readonly string[]) => {
    const counts: Record<string, number> = {};
    for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  };
  const present = <T>(values: readonly (T | undefined)[]) => values.filter((v): v is T => v !== undefined);
  return {
    squad: callSign,
    city: squad.city,
    year,
    deployments: deployments.length,
    devicesDealtWith: deployments.filter((d) => d.outcome !== null && deviceDealtWith.has(d.outcome)).length,
    byOutcome: count(deployments.map((d) => d.outcome ?? 'open')),
    byDeviceClass: count(deployments.map((d) => d.deviceClass ?? 'unknown')),
    equipmentUse: count(deployments.flatMap((d) => d.equipmentUsed.map((item) => item.kind))),
    responseMinutes: summary(present(deployments.map((d) => minutesBetween(d.alertedAt, d.onSceneAt)))),
    onSceneMinutes: summary(present(deployments.map((d) => minutesBetween(d.onSceneAt, d.clearedAt)))),
    intercity: deployments.filter((d) => (d.distanceKm ?? 0) > INTERCITY_KM).length,
    totalDistanceKm: Math.round(deployments.reduce((sum, d) => sum + (d.distanceKm ?? 0), 0) * 10) / 10,
  };
}
