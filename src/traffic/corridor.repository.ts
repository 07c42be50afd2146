import type { Db, Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';

export interface TrafficCorridorRow {
  id: number;
  name_ar: string;
  name_fr: string;
  name_en: string;
  waypoints: JsonText<{ lat: number; lon: number }[]>;
  created_at: string;
  updated_at: string;
  version: number;
}

declare module '../core/database.js' {
  interface Database {
    traffic_corridor: TrafficCorridorRow;
  }
}

export async function listCorridorRows(db: Db | Trx): Promise<TrafficCorridorRow[]> {
  return db.selectFrom('traffic_corridor').selectAll().orderBy('id').execute();
}

export async function findCorridorRow(db: Db | Trx, id: number): Promise<TrafficCorridorRow | undefined> {
  return db.selectFrom('traffic_corridor').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The next corridor number: one more than the highest (the journal's append orders concurrent commands). */
export async function nextCorridorId(trx: Trx): Promise<number> {
  const row = await trx.selectFrom('traffic_corridor').select((eb) => eb.fn.max('id').as('last')).executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function insertCorridorRow(trx: Trx, row: TrafficCorridorRow): Promise<void> {
  await trx.insertInto('traffic_corridor').values(row).execute();
}

export async function updateCorridorRow(trx: Trx, id: number, change: Partial<Omit<TrafficCorridorRow, 'id'>>): Promise<void> {
  await trx.updateTable('traffic_corridor').set(change).where('id', '=', id).execute();
}

export async function deleteCorridorRow(trx: Trx, id: number): Promise<void> {
  await trx.deleteFrom('traffic_corridor').where('id', '=', id).execute();
}
