import type { Db, Trx } from '../core/database.js';

/** The `station` table (created by the units module's first migration, which its `unit` rows reference). */
export interface StationTable {
  code: string;
  name: string;
  name_ar: string | null;
  area_code: string | null;
  lat: number;
  lon: number;
}

declare module '../core/database.js' {
  interface Database {
    station: StationTable;
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
