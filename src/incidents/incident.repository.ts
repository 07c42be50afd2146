import type { IncidentTypeCatalogue } from '../contract/incident-type.schema.js';
import { closedIncidentStatuses, type IncidentStatus, type Priority } from '../contract/incident.js';
import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';

export interface IncidentTable {
  id: string;
  number: string;
  type_code: string;
  priority: Priority;
  status: IncidentStatus;
  lat: number;
  lon: number;
  address: string | null;
  district: string | null;
  summary: string;
  /** The capability names the incident needs. */
  capabilities: JsonText<string[]>;
  flag_weapons: number;
  flag_hazards: number;
  flag_children: number;
  created_at: string;
  updated_at: string;
}

export interface IncidentCounterTable {
  city: string;
  year: number;
  last: number;
}

export interface IncidentNoteTable {
  incident_id: string;
  /** 1, 2, 3... per incident: notes keep the order they were written in. */
  n: number;
  author: string;
  at: string;
  text: string;
}

export interface IncidentTypeCatalogueTable {
  id: number;
  /** The catalogue a supervisor saved; validated again when read. */
  document: JsonText<IncidentTypeCatalogue>;
  updated_at: string;
  updated_by: string;
}

declare module '../core/database.js' {
  interface Database {
    incident_type_catalogue: IncidentTypeCatalogueTable;
    incident: IncidentTable;
    incident_counter: IncidentCounterTable;
    incident_note: IncidentNoteTable;
  }
}

/** The next number of the city's year; the counter row is locked until the transaction ends. */
export async function nextSequence(trx: Trx, city: string, year: number): Promise<number> {
  const row = await trx
    .insertInto('incident_counter')
    .values({ city, year, last: 1 })
    .onConflict((oc) => oc.columns(['city', 'year']).doUpdateSet((eb) => ({ last: eb('incident_counter.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export async function insertIncident(trx: Trx, row: IncidentTable): Promise<void> {
  await trx.insertInto('incident').values(row).execute();
}

/**
 * The incident with this number. Inside a command, pass `lock`: on PostgreSQL the row stays locked to
 * the end of the transaction, so two dispatchers changing one incident at once take turns and neither
 * change is lost (SQLite's writers already take turns).
 */
export async function findIncidentByNumber(db: Db | Trx, number: string, options: { lock?: boolean } = {}): Promise<IncidentTable | undefined> {
  const query = db.selectFrom('incident').selectAll().where('number', '=', number);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function updateIncidentRow(trx: Trx, id: string, change: Partial<Omit<IncidentTable, 'id' | 'number'>>): Promise<void> {
  await trx.updateTable('incident').set(change).where('id', '=', id).execute();
}

export async function listIncidentRows(db: Db, options: { open: boolean; limit: number }): Promise<IncidentTable[]> {
  let query = db.selectFrom('incident').selectAll().orderBy('priority').orderBy('created_at').limit(options.limit);
  if (options.open) query = query.where('status', 'not in', closedIncidentStatuses);
  return query.execute();
}

/** Incidents inside a box, optionally only open ones and only those created since a time. */
export async function findIncidentsInBox(
  db: Db,
  box: { minLat: number; maxLat: number; minLon: number; maxLon: number },
  options: { openOnly: boolean; since?: string; until?: string; limit: number },
): Promise<IncidentTable[]> {
  let query = db
    .selectFrom('incident')
    .selectAll()
    .where('lat', '>=', box.minLat)
    .where('lat', '<=', box.maxLat)
    .where('lon', '>=', box.minLon)
    .where('lon', '<=', box.maxLon)
    .orderBy('created_at', 'desc')
    .limit(options.limit);
  if (options.openOnly) query = query.where('status', 'not in', closedIncidentStatuses);
  if (options.since !== undefined) query = query.where('created_at', '>=', options.since);
  if (options.until !== undefined) query = query.where('created_at', '<=', options.until);
  return query.execute();
}

/** Appends a note after the incident's last (call with the incident locked); returns its number. */
export async function appendNote(trx: Trx, row: Omit<IncidentNoteTable, 'n'>): Promise<number> {
  const { last } = await trx
    .selectFrom('incident_note')
    .select((eb) => eb.fn.max<number | null>('n').as('last'))
    .where('incident_id', '=', row.incident_id)
    .executeTakeFirstOrThrow();
  const n = Number(last ?? 0) + 1;
  await trx.insertInto('incident_note').values({ ...row, n }).execute();
  return n;
}

export async function listNotes(db: Db, incidentId: string): Promise<IncidentNoteTable[]> {
  return db.selectFrom('incident_note').selectAll().where('incident_id', '=', incidentId).orderBy('n').execute();
}

export async function findCatalogueRow(db: Db): Promise<IncidentTypeCatalogueTable | undefined> {
  return db.selectFrom('incident_type_catalogue').selectAll().where('id', '=', 1).executeTakeFirst();
}

export async function saveCatalogueRow(trx: Trx, row: Omit<IncidentTypeCatalogueTable, 'id'>): Promise<void> {
  await trx
    .insertInto('incident_type_catalogue')
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet({ document: row.document, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}
