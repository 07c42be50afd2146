import { sql } from 'kysely';
import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';
import type { UnitKind, UnitStatus } from './unit.js';

export interface UnitTable {
  id: string;
  call_sign: string;
  kind: UnitKind;
  station_code: string;
  /** Capability names. */
  capabilities: JsonText<string[]>;
  /** Usernames. */
  crew: JsonText<string[]>;
  device_name: string | null;
  status: UnitStatus;
  status_since: string;
  incident_number: string | null;
  lat: number | null;
  lon: number | null;
  speed_kmh: number | null;
  heading: number | null;
  accuracy_m: number | null;
  position_at: string | null;
}

export interface UnitPositionTable {
  unit_id: string;
  at: string;
  lat: number;
  lon: number;
  speed_kmh: number | null;
  heading: number | null;
  accuracy_m: number | null;
}

declare module '../core/database.js' {
  interface Database {
    unit: UnitTable;
    unit_position: UnitPositionTable;
  }
}

export async function insertUnit(trx: Trx, row: UnitTable): Promise<void> {
  await trx.insertInto('unit').values(row).execute();
}

export async function findUnitByCallSign(db: Db | Trx, callSign: string, options: { lock?: boolean } = {}): Promise<UnitTable | undefined> {
  const query = db.selectFrom('unit').selectAll().where('call_sign', '=', callSign);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function listUnitRows(db: Db | Trx, filter: { station?: string; kind?: UnitKind; status?: UnitStatus } = {}): Promise<UnitTable[]> {
  let query = db.selectFrom('unit').selectAll();
  if (filter.station !== undefined) query = query.where('station_code', '=', filter.station);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return query.orderBy('call_sign').execute();
}

export async function updateUnitRow(trx: Trx, id: string, change: Partial<Omit<UnitTable, 'id' | 'call_sign'>>): Promise<void> {
  await trx.updateTable('unit').set(change).where('id', '=', id).execute();
}

/**
 * Writes the latest positions of many units, 500 to a statement: one UPDATE per unit took longer than
 * the second between two saves with 10,000 units on PostgreSQL. The casts type the values for
 * PostgreSQL, which would read them as text; SQLite takes them as they are.
 */
export async function saveLatestPositions(trx: Trx, rows: readonly (Pick<UnitTable, 'id'> & Pick<UnitPositionTable, 'lat' | 'lon' | 'speed_kmh' | 'heading' | 'accuracy_m' | 'at'>)[]): Promise<void> {
  const real = (value: number | null) => sql`cast(${value} as double precision)`;
  for (let i = 0; i < rows.length; i += 500) {
    const values = rows
      .slice(i, i + 500)
      .map((row) => sql`(cast(${row.id} as text), ${real(row.lat)}, ${real(row.lon)}, ${real(row.speed_kmh)}, ${real(row.heading)}, ${real(row.accuracy_m)}, cast(${row.at} as text))`);
    await sql`
      with fix (id, lat, lon, speed_kmh, heading, accuracy_m, at) as (values ${sql.join(values)})
      update unit set lat = fix.lat, lon = fix.lon, speed_kmh = fix.speed_kmh, heading = fix.heading, accuracy_m = fix.accuracy_m, position_at = fix.at
      from fix where unit.id = fix.id`.execute(trx);
  }
}

/** Appends history fixes; a fix already stored (same unit, same time) is kept as it was. */
export async function insertPositionHistory(trx: Trx, rows: readonly UnitPositionTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    await trx
      .insertInto('unit_position')
      .values(rows.slice(i, i + 500))
      .onConflict((c) => c.columns(['unit_id', 'at']).doNothing())
      .execute();
  }
}

export async function listPositionHistory(db: Db, unitId: string, from: string, to: string, limit: number): Promise<UnitPositionTable[]> {
  return db.selectFrom('unit_position').selectAll().where('unit_id', '=', unitId).where('at', '>=', from).where('at', '<', to).orderBy('at').limit(limit).execute();
}
