import type { CordonStatus, DeploymentOutcome, EquipmentKind, Readiness } from '../contract/eod.js';
import type { StandoffTable } from '../contract/eod.schema.js';
import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';

/** A squad: a unit of kind `eod_squad` (units module), with its city. */
export interface EodSquadRow {
  call_sign: string;
  city: string;
  created_at: string;
  updated_at: string;
}

/** One item of a squad's equipment. */
export interface EodEquipmentRow {
  id: string;
  call_sign: string;
  kind: EquipmentKind;
  label: string;
  readiness: Readiness;
  /** YYYY-MM-DD. */
  next_maintenance: string | null;
  updated_at: string;
}

/** The stand-off table an administrator saved (one row, id 1); absent: the shipped one. */
export interface EodStandoffTableRow {
  id: number;
  /** Validated again when read. */
  document: JsonText<StandoffTable>;
  updated_at: string;
  updated_by: string;
}

/** An incident's device class as set on scene (or by an EOD officer); before that, the call's answer stands. */
export interface EodIncidentRow {
  incident_number: string;
  device_class: string;
  /** 1 once confirmed by someone on scene or an EOD officer. */
  confirmed: number;
  set_by: string;
  /** The unit whose crew set it, when it was a unit on scene. */
  set_unit: string | null;
  set_at: string;
}

export interface EodCordonRow {
  id: string;
  incident_number: string;
  status: CordonStatus;
  device_class: string;
  lat: number;
  lon: number;
  mandatory_m: number;
  preferred_m: number;
  version: number;
  set_at: string;
  set_by: string;
  updated_at: string;
  lifted_at: string | null;
  lift_reason: string | null;
  /** The units told to withdraw, in order. */
  withdrawn: JsonText<WithdrawnUnit[]>;
}

/** A unit told to leave a cordon's ring: when, and how far it was from the centre. */
export interface WithdrawnUnit {
  readonly callSign: string;
  readonly at: string;
  readonly distanceM: number;
}

/** A CAP message as issued: kept as sent, never rebuilt. */
export interface EodCapMessageRow {
  identifier: string;
  incident_number: string;
  cordon_id: string;
  /** 1, 2, 3... per incident. */
  n: number;
  msg_type: string;
  sender: string;
  /** CAP's date-time, as in the message. */
  sent: string;
  at: string;
  xml: string;
}

export interface EodDeploymentRow {
  id: string;
  call_sign: string;
  incident_number: string;
  device_class: string | null;
  alerted_at: string;
  departed_at: string | null;
  on_scene_at: string | null;
  neutralised_at: string | null;
  cleared_at: string | null;
  /** Equipment ids. */
  equipment_used: JsonText<string[]>;
  outcome: DeploymentOutcome | null;
  notes: string | null;
  distance_km: number | null;
  updated_at: string;
}

declare module '../core/database.js' {
  interface Database {
    eod_squad: EodSquadRow;
    eod_equipment: EodEquipmentRow;
    eod_standoff_table: EodStandoffTableRow;
    eod_incident: EodIncidentRow;
    eod_cordon: EodCordonRow;
    eod_cap_message: EodCapMessageRow;
    eod_deployment: EodDeploymentRow;
  }
}

// --- Squads and equipment ------------------------------------------------------------------------

export async function findSquadRow(db: Db | Trx, callSign: string, options: { lock?: boolean } = {}): Promise<EodSquadRow | undefined> {
  const query = db.selectFrom('eod_squad').selectAll().where('call_sign', '=', callSign);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function listSquadRows(db: Db | Trx): Promise<EodSquadRow[]> {
  return db.selectFrom('eod_squad').selectAll().orderBy('call_sign').execute();
}

export async function insertSquadRow(trx: Trx, row: EodSquadRow): Promise<void> {
  await trx.insertInto('eod_squad').values(row).execute();
}

export async function updateSquadRow(trx: Trx, callSign: string, change: Partial<Omit<EodSquadRow, 'call_sign'>>): Promise<void> {
  await trx.updateTable('eod_squad').set(change).where('call_sign', '=', callSign).execute();
}

export async function listEquipmentRows(db: Db | Trx, callSign?: string): Promise<EodEquipmentRow[]> {
  let query = db.selectFrom('eod_equipment').selectAll();
  if (callSign !== undefined) query = query.where('call_sign', '=', callSign);
  return query.orderBy('call_sign').orderBy('kind').orderBy('label').orderBy('id').execute();
}

export async function findEquipmentRow(db: Db | Trx, id: string): Promise<EodEquipmentRow | undefined> {
  return db.selectFrom('eod_equipment').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertEquipmentRows(trx: Trx, rows: readonly EodEquipmentRow[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('eod_equipment').values([...rows]).execute();
}

export async function updateEquipmentRow(trx: Trx, id: string, change: Partial<Omit<EodEquipmentRow, 'id' | 'call_sign'>>): Promise<void> {
  await trx.updateTable('eod_equipment').set(change).where('id', '=', id).execute();
}

// --- The stand-off table -------------------------------------------------------------------------

const TABLE_ROW = 1;

export async function findStandoffTableRow(db: Db | Trx): Promise<EodStandoffTableRow | undefined> {
  return db.selectFrom('eod_standoff_table').selectAll().where('id', '=', TABLE_ROW).executeTakeFirst();
}

export async function saveStandoffTableRow(trx: Trx, row: Omit<EodStandoffTableRow, 'id'>): Promise<void> {
  await trx
    .insertInto('eod_standoff_table')
    .values({ id: TABLE_ROW, ...row })
    .onConflict((c) => c.column('id').doUpdateSet({ document: row.document, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}

// --- Incidents' device class ---------------------------------------------------------------------

export async function findEodIncidentRow(db: Db | Trx, number: string): Promise<EodIncidentRow | undefined> {
  return db.selectFrom('eod_incident').selectAll().where('incident_number', '=', number).executeTakeFirst();
}

export async function saveEodIncidentRow(trx: Trx, row: EodIncidentRow): Promise<void> {
  const { incident_number: _number, ...change } = row;
  await trx
    .insertInto('eod_incident')
    .values(row)
    .onConflict((c) => c.column('incident_number').doUpdateSet(change))
    .execute();
}

// --- Cordons and CAP messages --------------------------------------------------------------------

/** The incident's cordon in force, if any (locked with `lock`). */
export async function findActiveCordonRow(db: Db | Trx, number: string, options: { lock?: boolean } = {}): Promise<EodCordonRow | undefined> {
  const query = db.selectFrom('eod_cordon').selectAll().where('incident_number', '=', number).where('status', '=', 'active');
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

/** The incident's latest cordon, in force or lifted. */
export async function findLatestCordonRow(db: Db | Trx, number: string): Promise<EodCordonRow | undefined> {
  return db.selectFrom('eod_cordon').selectAll().where('incident_number', '=', number).orderBy('set_at', 'desc').orderBy('id').executeTakeFirst();
}

export async function listActiveCordonRows(db: Db | Trx): Promise<EodCordonRow[]> {
  return db.selectFrom('eod_cordon').selectAll().where('status', '=', 'active').orderBy('set_at').execute();
}

export async function insertCordonRow(trx: Trx, row: EodCordonRow): Promise<void> {
  await trx.insertInto('eod_cordon').values(row).execute();
}

export async function updateCordonRow(trx: Trx, id: string, change: Partial<Omit<EodCordonRow, 'id' | 'incident_number'>>): Promise<void> {
  await trx.updateTable('eod_cordon').set(change).where('id', '=', id).execute();
}

export async function listCapMessageRows(db: Db | Trx, number: string): Promise<EodCapMessageRow[]> {
  return db.selectFrom('eod_cap_message').selectAll().where('incident_number', '=', number).orderBy('n').execute();
}

export async function insertCapMessageRow(trx: Trx, row: EodCapMessageRow): Promise<void> {
  await trx.insertInto('eod_cap_message').values(row).execute();
}

// --- Deployments ---------------------------------------------------------------------------------

/** The squad's deployment to an incident that is not cleared yet. */
export async function findOpenDeploymentRow(db: Db | Trx, callSign: string, number: string): Promise<EodDeploymentRow | undefined> {
  return db
    .selectFrom('eod_deployment')
    .selectAll()
    .where('call_sign', '=', callSign)
    .where('incident_number', '=', number)
    .where('cleared_at', 'is', null)
    .orderBy('alerted_at', 'desc')
    .executeTakeFirst();
}

export async function findDeploymentRow(db: Db | Trx, id: string, options: { lock?: boolean } = {}): Promise<EodDeploymentRow | undefined> {
  const query = db.selectFrom('eod_deployment').selectAll().where('id', '=', id);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

/** A squad's deployments alerted in [from, to), oldest first. */
export async function listDeploymentRows(db: Db | Trx, filter: { callSign?: string; incident?: string; from?: string; to?: string }): Promise<EodDeploymentRow[]> {
  let query = db.selectFrom('eod_deployment').selectAll();
  if (filter.callSign !== undefined) query = query.where('call_sign', '=', filter.callSign);
  if (filter.incident !== undefined) query = query.where('incident_number', '=', filter.incident);
  if (filter.from !== undefined) query = query.where('alerted_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('alerted_at', '<', filter.to);
  return query.orderBy('alerted_at').orderBy('id').execute();
}

export async function insertDeploymentRow(trx: Trx, row: EodDeploymentRow): Promise<void> {
  await trx.insertInto('eod_deployment').values(row).execute();
}

export async function updateDeploymentRow(trx: Trx, id: string, change: Partial<Omit<EodDeploymentRow, 'id' | 'call_sign' | 'incident_number'>>): Promise<void> {
  await trx.updateTable('eod_deployment').set(change).where('id', '=', id).execute();
}

/** Sets the device class of an incident's deployments not cleared yet. */
export async function classifyOpenDeploymentRows(trx: Trx, number: string, deviceClass: string): Promise<void> {
  await trx.updateTable('eod_deployment').set({ device_class: deviceClass }).where('incident_number', '=', number).where('cleared_at', 'is', null).execute();
}
