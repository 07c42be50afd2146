import type { Db, Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';
import type { TrafficEventKind } from '../contract/traffic-feed.js';

export interface TrafficFeedRow {
  id: string;
  name: string;
  url: string | null;
  poll_s: number;
  configured_at: string;
  updated_at: string;
}

/** A DATEX II measurement site of a feed: one point (with its bearing when given) or a line start to end. */
export interface TrafficFeedSiteRow {
  feed_id: string;
  site_id: string;
  points: JsonText<{ lat: number; lon: number }[]>;
  bearing_deg: number | null;
}

export interface TrafficFeedEventRow {
  feed_id: string;
  event_id: string;
  kind: TrafficEventKind;
  description: string | null;
  points: JsonText<{ lat: number; lon: number }[]>;
  bearing_deg: number | null;
  starts_at: string;
  ends_at: string | null;
  closes_road: number;
  received_at: string;
  closure: 'started' | null;
}

declare module '../core/database.js' {
  interface Database {
    traffic_feed: TrafficFeedRow;
    traffic_feed_site: TrafficFeedSiteRow;
    traffic_feed_event: TrafficFeedEventRow;
  }
}

export async function listFeedRows(db: Db | Trx): Promise<TrafficFeedRow[]> {
  return db.selectFrom('traffic_feed').selectAll().orderBy('id').execute();
}

export async function findFeedRow(db: Db | Trx, id: string): Promise<TrafficFeedRow | undefined> {
  return db.selectFrom('traffic_feed').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertFeedRow(trx: Trx, row: TrafficFeedRow): Promise<void> {
  await trx.insertInto('traffic_feed').values(row).execute();
}

export async function updateFeedRow(trx: Trx, id: string, change: Partial<Omit<TrafficFeedRow, 'id'>>): Promise<void> {
  await trx.updateTable('traffic_feed').set(change).where('id', '=', id).execute();
}

/** Removes a feed with its sites and events. */
export async function deleteFeedRows(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('traffic_feed_event').where('feed_id', '=', id).execute();
  await trx.deleteFrom('traffic_feed_site').where('feed_id', '=', id).execute();
  await trx.deleteFrom('traffic_feed').where('id', '=', id).execute();
}

export async function listSiteRows(db: Db | Trx, feedId: string): Promise<TrafficFeedSiteRow[]> {
  return db.selectFrom('traffic_feed_site').selectAll().where('feed_id', '=', feedId).execute();
}

export async function countSiteRows(db: Db | Trx): Promise<Map<string, number>> {
  const rows = await db.selectFrom('traffic_feed_site').select(['feed_id', (eb) => eb.fn.countAll<number>().as('sites')]).groupBy('feed_id').execute();
  return new Map(rows.map((row) => [row.feed_id, Number(row.sites)]));
}

/** Writes sites (a site table replaces the rows of the sites it names; others stay). */
export async function upsertSiteRows(trx: Trx, rows: readonly TrafficFeedSiteRow[]): Promise<void> {
  for (const row of rows) {
    await trx.deleteFrom('traffic_feed_site').where('feed_id', '=', row.feed_id).where('site_id', '=', row.site_id).execute();
    await trx.insertInto('traffic_feed_site').values(row).execute();
  }
}

/** Every feed's events, or one feed's. */
export async function listEventRows(db: Db | Trx, feedId?: string): Promise<TrafficFeedEventRow[]> {
  let query = db.selectFrom('traffic_feed_event').selectAll();
  if (feedId !== undefined) query = query.where('feed_id', '=', feedId);
  return query.orderBy('starts_at').orderBy('feed_id').orderBy('event_id').execute();
}

export async function insertEventRow(trx: Trx, row: TrafficFeedEventRow): Promise<void> {
  await trx.insertInto('traffic_feed_event').values(row).execute();
}

export async function deleteEventRow(trx: Trx, feedId: string, eventId: string): Promise<void> {
  await trx.deleteFrom('traffic_feed_event').where('feed_id', '=', feedId).where('event_id', '=', eventId).execute();
}

export async function markEventClosure(trx: Trx, feedId: string, eventId: string, closure: 'started' | null): Promise<void> {
  await trx.updateTable('traffic_feed_event').set({ closure }).where('feed_id', '=', feedId).where('event_id', '=', eventId).execute();
}
