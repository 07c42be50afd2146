import type { HotlistPriority, HotlistReason } from '../contract/camera.js';
import { lockForUpdate, type Db, type Trx } from '../core/database.js';

/** A row of `plate_hotlist`: a list of wanted plates. */
export interface PlateHotlistTable {
  id: string;
  name: string;
  reason: HotlistReason;
  priority: HotlistPriority;
  description: string | null;
  /** 1 while the list raises alarms, 0 when paused. */
  active: number;
  expires_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of `plate_hotlist_entry`: a plate (normalised) on a list. */
export interface PlateHotlistEntryTable {
  hotlist_id: string;
  plate: string;
  text: string;
  note: string | null;
  expires_at: string | null;
  added_at: string;
  added_by: string;
}

declare module '../core/database.js' {
  interface Database {
    plate_hotlist: PlateHotlistTable;
    plate_hotlist_entry: PlateHotlistEntryTable;
  }
}

export async function insertHotlist(trx: Trx, row: PlateHotlistTable): Promise<void> {
  await trx.insertInto('plate_hotlist').values(row).execute();
}

export async function findHotlistRow(db: Db | Trx, id: string, options: { lock?: boolean } = {}): Promise<PlateHotlistTable | undefined> {
  const query = db.selectFrom('plate_hotlist').selectAll().where('id', '=', id);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function findHotlistByName(db: Db | Trx, name: string): Promise<PlateHotlistTable | undefined> {
  return db.selectFrom('plate_hotlist').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listHotlistRows(db: Db | Trx): Promise<(PlateHotlistTable & { entry_count: number })[]> {
  const rows = await db
    .selectFrom('plate_hotlist')
    .leftJoin('plate_hotlist_entry', 'plate_hotlist_entry.hotlist_id', 'plate_hotlist.id')
    .selectAll('plate_hotlist')
    .select((eb) => eb.fn.count<number>('plate_hotlist_entry.plate').as('entry_count'))
    .groupBy(['plate_hotlist.id', 'plate_hotlist.name', 'plate_hotlist.reason', 'plate_hotlist.priority', 'plate_hotlist.description', 'plate_hotlist.active', 'plate_hotlist.expires_at', 'plate_hotlist.created_at', 'plate_hotlist.updated_at'])
    .orderBy('plate_hotlist.name')
    .execute();
  return rows.map((row) => ({ ...row, entry_count: Number(row.entry_count) }));
}

export async function updateHotlistRow(trx: Trx, id: string, change: Partial<Omit<PlateHotlistTable, 'id' | 'created_at'>>): Promise<void> {
  await trx.updateTable('plate_hotlist').set(change).where('id', '=', id).execute();
}

export async function deleteHotlistRow(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('plate_hotlist_entry').where('hotlist_id', '=', id).execute();
  await trx.deleteFrom('plate_hotlist').where('id', '=', id).execute();
}

export async function listEntryRows(db: Db | Trx, hotlistId?: string): Promise<PlateHotlistEntryTable[]> {
  let query = db.selectFrom('plate_hotlist_entry').selectAll();
  if (hotlistId !== undefined) query = query.where('hotlist_id', '=', hotlistId);
  return query.orderBy('hotlist_id').orderBy('plate').execute();
}

/** Adds plates to a list; a plate already on it gets the new note and expiry. */
export async function upsertEntries(trx: Trx, rows: readonly PlateHotlistEntryTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 100) {
    await trx
      .insertInto('plate_hotlist_entry')
      .values(rows.slice(i, i + 100))
      .onConflict((c) =>
        c.columns(['hotlist_id', 'plate']).doUpdateSet((eb) => ({ text: eb.ref('excluded.text'), note: eb.ref('excluded.note'), expires_at: eb.ref('excluded.expires_at') })),
      )
      .execute();
  }
}

export async function deleteEntryRow(trx: Trx, hotlistId: string, plate: string): Promise<boolean> {
  const result = await trx.deleteFrom('plate_hotlist_entry').where('hotlist_id', '=', hotlistId).where('plate', '=', plate).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
