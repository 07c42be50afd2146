import type { Db, Trx } from '../core/database.js';

export interface TrafficSpeedTable {
  edge: number;
  tail_lat: number;
  tail_lon: number;
  head_lat: number;
  head_lon: number;
  pace_sum: number;
  weight: number;
  observed_at: string;
}

declare module '../core/database.js' {
  interface Database {
    traffic_speed: TrafficSpeedTable;
  }
}

/** Replaces the saved estimates with the current set (a few thousand rows at most: the edges driven in the last half hour). */
export async function replaceTrafficSpeeds(trx: Trx, rows: readonly TrafficSpeedTable[]): Promise<void> {
  await trx.deleteFrom('traffic_speed').execute();
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('traffic_speed').values(rows.slice(i, i + 500)).execute();
}

/** The saved estimates observed at or after `since` (ISO). */
export async function listTrafficSpeeds(db: Db, since: string): Promise<TrafficSpeedTable[]> {
  return db.selectFrom('traffic_speed').selectAll().where('observed_at', '>=', since).execute();
}
