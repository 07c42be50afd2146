import { lockForUpdate, type Db, type Trx } from '../core/database.js';

export interface StationTable {
  code: string;
  name: string;
  name_ar: string | null;
  area_code: string | null;
  lat: number;
  lon: number;
}

export interface UnitTable {
  id: string;
  call_sign: string;
  kind: string;
  station_code: string;
  /** JSON array of capability names. */
  capabilities: string;
  /** JSON array of usernames. */
  crew: string;
  device_name: string | null;
  status: string;
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
    station: StationTable;
    unit: UnitTable;
    unit_position: UnitPositionTable;
  }
}

export async function insertStation(trx: Trx, row: StationTable): Promise<void> {
  await trx.insertInto('station').values(row).execute();
}

export async function listStationRows(db: Db | Trx): Promise<StationTable[]> {
  return db.selectFrom('station').selectAll().orderBy('code').execute();
}

export async function findStation(db: Db | Trx, code: string): Promise<StationTable | undefined> {
  return db.selectFrom('station').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function insertUnit(trx: Trx, row: UnitTable): Promise<void> {
  await trx.insertInto('unit').values(row).execute();
}

export async function findUnitByCallSign(db: Db | Trx, callSign: string, options: { lock?: boolean } = {}): Promise<UnitTable | undefined> {
  const query = db.selectFrom('unit').selectAll().where('call_sign', '=', callSign);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function listUnitRows(db: Db | Trx, filter: { station?: string; kind?: string; status?: string } = {}): Promise<UnitTable[]> {
  let query = db.selectFrom('unit').selectAll();
  if (filter.station !== undefined) query = query.where('station_code', '=', filter.station);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return query.orderBy('call_sign').execute();
}

export async function updateUnitRow(trx: Trx, id: string, change: Partial<Omit<UnitTable, 'id' | 'call_sign'>>): Promise<void> {
  await trx.updateTable('unit').set(change).where('id', '=', id).execute();
}

/** Writes the latest positions of many units in one go. */
export async function saveLatestPositions(trx: Trx, rows: readonly (Pick<UnitTable, 'id'> & Pick<UnitPositionTable, 'lat' | 'lon' | 'speed_kmh' | 'heading' | 'accuracy_m' | 'at'>)[]): Promise<void> {
  for (const row of rows) {
    await trx
      .updateTable('unit')
      .set({ lat: row.lat, lon: row.lon, speed_kmh: row.speed_kmh, heading: row.heading, accuracy_m: row.accuracy_m, position_at: row.at })
      .where('id', '=', row.id)
      .execute();
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
