import type { ClosureDirection, ClosureKind, ClosureReason } from '../contract/traffic.js';
import type { Db, Trx } from '../core/database.js';
import { sql } from 'kysely';
import { dialectOf, lockForUpdate } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';

/** What a closure's row holds: active (scheduled or in force, by the clock), reopened or ended. */
export type StoredClosureStatus = 'active' | 'reopened' | 'ended';

export interface TrafficClosureRow {
  id: number;
  kind: ClosureKind;
  status: StoredClosureStatus;
  point_lat: number | null;
  point_lon: number | null;
  street: string | null;
  near_m: number | null;
  area: JsonText<{ lat: number; lon: number }[]> | null;
  direction: ClosureDirection;
  heading_deg: number | null;
  reason: ClosureReason;
  reason_text: string | null;
  starts_at: string;
  ends_at: string | null;
  set_by: string;
  set_at: string;
  updated_at: string;
  reopened_by: string | null;
  reopened_at: string | null;
  ended_at: string | null;
  version: number;
}

declare module '../core/database.js' {
  interface Database {
    traffic_closure: TrafficClosureRow;
  }
}

// Any number: the PostgreSQL advisory lock under which one command at a time numbers a closure.
const NUMBERING_LOCK_KEY = 7_212_026;

/**
 * The next closure number: one more than the highest. Two closures set at once take turns (an advisory
 * lock to the end of the transaction on PostgreSQL; SQLite's writers already do), so neither gets the
 * other's number.
 */
export async function nextClosureId(trx: Trx): Promise<number> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${NUMBERING_LOCK_KEY})`.execute(trx);
  const row = await trx.selectFrom('traffic_closure').select((eb) => eb.fn.max('id').as('last')).executeTakeFirst();
  return Number(row?.last ?? 0) + 1;
}

export async function insertClosureRow(trx: Trx, row: TrafficClosureRow): Promise<void> {
  await trx.insertInto('traffic_closure').values(row).execute();
}

export async function updateClosureRow(trx: Trx, id: number, change: Partial<Omit<TrafficClosureRow, 'id'>>): Promise<void> {
  await trx.updateTable('traffic_closure').set(change).where('id', '=', id).execute();
}

/** One closure; inside a command, `lock` keeps its row locked to the commit (PostgreSQL). */
export async function findClosureRow(db: Db | Trx, id: number, options: { lock?: boolean } = {}): Promise<TrafficClosureRow | undefined> {
  const query = db.selectFrom('traffic_closure').selectAll().where('id', '=', id);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

/** Closures not reopened nor ended (scheduled or in force), oldest start first. */
export async function listActiveClosureRows(db: Db | Trx): Promise<TrafficClosureRow[]> {
  return db.selectFrom('traffic_closure').selectAll().where('status', '=', 'active').orderBy('starts_at').orderBy('id').execute();
}

/** Active closures whose end is at or before `now`: the sweep ends them. */
export async function listDueClosureRows(trx: Trx, now: string): Promise<TrafficClosureRow[]> {
  return lockForUpdate(trx, trx.selectFrom('traffic_closure').selectAll().where('status', '=', 'active').where('ends_at', 'is not', null).where('ends_at', '<=', now).orderBy('id')).execute();
}
