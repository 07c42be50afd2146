import { sql } from 'kysely';
import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { BatchStatus } from './production.js';

/** A row of `identity_centre`: an issuance centre. */
export interface IdentityCentreTable {
  code: string;
  name: string;
  /** One letter: the first character of the document numbers it allocates. */
  prefix: string;
  lat: number;
  lon: number;
  daily_capacity: number;
  /** Blank cards on hand. */
  stock: number;
  online: number;
  created_at: string;
  updated_at: string;
}

/** A row of `identity_batch`: cards one centre produces on one day for one desk. */
export interface IdentityBatchTable {
  /** `RABAT-20260302-0001`. */
  id: string;
  centre_code: string;
  day: string;
  desk_code: string;
  size: number;
  status: BatchStatus;
  created_at: string;
  produced_at: string | null;
  shipped_at: string | null;
  received_at: string | null;
}

declare module '../core/database.js' {
  interface Database {
    identity_centre: IdentityCentreTable;
    identity_batch: IdentityBatchTable;
  }
}

export async function findCentreRow(db: Db | Trx, code: string, options: { lock?: boolean } = {}): Promise<IdentityCentreTable | undefined> {
  const query = db.selectFrom('identity_centre').selectAll().where('code', '=', code);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

/** Every centre; with `lock`, all of them stay locked (PostgreSQL) so one scheduling runs at a time. */
export async function listCentreRows(db: Db | Trx, options: { lock?: boolean } = {}): Promise<IdentityCentreTable[]> {
  const query = db.selectFrom('identity_centre').selectAll().orderBy('code');
  return (options.lock === true ? lockForUpdate(db, query) : query).execute();
}

export async function insertCentreRow(trx: Trx, row: IdentityCentreTable): Promise<void> {
  await trx.insertInto('identity_centre').values(row).execute();
}

export async function updateCentreRow(trx: Trx, code: string, change: Partial<Omit<IdentityCentreTable, 'code' | 'created_at'>>): Promise<void> {
  await trx.updateTable('identity_centre').set(change).where('code', '=', code).execute();
}

/** Takes `count` blank cards from a centre's stock if it holds them; returns whether it did. */
export async function takeStock(trx: Trx, code: string, count: number, at: string): Promise<boolean> {
  const result = await trx
    .updateTable('identity_centre')
    .set({ stock: sql`stock - ${count}`, updated_at: at })
    .where('code', '=', code)
    .where('stock', '>=', count)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Cards scheduled at each centre on a day (batches not cancelled). */
export async function scheduledOnDay(db: Db | Trx, day: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('identity_batch')
    .select(['centre_code', (eb) => eb.fn.sum<number>('size').as('cards')])
    .where('day', '=', day)
    .where('status', '<>', 'cancelled')
    .groupBy('centre_code')
    .execute();
  return new Map(rows.map((row) => [row.centre_code, Number(row.cards)]));
}

/** Blank cards promised to each centre's batches not yet produced (any day). */
export async function reservedStock(db: Db | Trx): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('identity_batch')
    .select(['centre_code', (eb) => eb.fn.sum<number>('size').as('cards')])
    .where('status', '=', 'scheduled')
    .groupBy('centre_code')
    .execute();
  return new Map(rows.map((row) => [row.centre_code, Number(row.cards)]));
}

export async function findBatchRow(db: Db | Trx, id: string, options: { lock?: boolean } = {}): Promise<IdentityBatchTable | undefined> {
  const query = db.selectFrom('identity_batch').selectAll().where('id', '=', id);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function listBatchRows(db: Db | Trx, filter: { centre?: string; desk?: string; day?: string; status?: BatchStatus | readonly BatchStatus[] }): Promise<IdentityBatchTable[]> {
  let query = db.selectFrom('identity_batch').selectAll();
  if (filter.centre !== undefined) query = query.where('centre_code', '=', filter.centre);
  if (filter.desk !== undefined) query = query.where('desk_code', '=', filter.desk);
  if (filter.day !== undefined) query = query.where('day', '=', filter.day);
  if (typeof filter.status === 'string') query = query.where('status', '=', filter.status);
  else if (filter.status !== undefined) query = query.where('status', 'in', filter.status);
  return query.orderBy('day').orderBy('id').limit(1_000).execute();
}

export async function insertBatchRows(trx: Trx, rows: readonly IdentityBatchTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('identity_batch').values(rows.slice(i, i + 500)).execute();
}

export async function updateBatchRow(trx: Trx, id: string, change: Partial<Omit<IdentityBatchTable, 'id' | 'centre_code' | 'created_at'>>): Promise<void> {
  await trx.updateTable('identity_batch').set(change).where('id', '=', id).execute();
}
