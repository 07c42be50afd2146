import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';
import type { BBox } from '../geo/geometry.js';
import type { TransitFeedCounts } from '../contract/transit.events.js';

/** Counts of what a feed's import held, as journaled and shown. */
export type FeedCounts = TransitFeedCounts;

export interface TransitFeedRow {
  id: string;
  source: string;
  sha256: string;
  counts: JsonText<FeedCounts>;
  imported_at: string;
  imported_by: string;
  realtime_url: string | null;
  realtime_poll_s: number | null;
  realtime_updated_at: string | null;
}
export interface TransitAgencyRow { feed_id: string; agency_id: string; name: string; url: string; timezone: string }
export interface TransitRouteRow {
  feed_id: string;
  route_id: string;
  agency_id: string;
  short_name: string;
  long_name: string;
  route_type: number;
  color: string | null;
  text_color: string | null;
}
export interface TransitStopRow { feed_id: string; stop_id: string; name: string; lat: number; lon: number; location_type: number; parent_station: string | null }
export interface TransitTripRow { feed_id: string; trip_id: string; route_id: string; service_id: string; headsign: string; direction_id: number | null; shape_id: string | null }
export interface TransitStopTimeRow { feed_id: string; trip_id: string; stop_sequence: number; stop_id: string; arrival_s: number; departure_s: number }
export interface TransitCalendarRow {
  feed_id: string;
  service_id: string;
  days: string | null;
  start_date: string | null;
  end_date: string | null;
  exceptions: JsonText<Record<string, 1 | 2>>;
}
export interface TransitShapeRow { feed_id: string; shape_id: string; points: JsonText<[number, number][]> }

declare module '../core/database.js' {
  interface Database {
    transit_feed: TransitFeedRow;
    transit_agency: TransitAgencyRow;
    transit_route: TransitRouteRow;
    transit_stop: TransitStopRow;
    transit_trip: TransitTripRow;
    transit_stop_time: TransitStopTimeRow;
    transit_calendar: TransitCalendarRow;
    transit_shape: TransitShapeRow;
  }
}

/** The tables that hold a feed's timetable, emptied for that feed before a new import. */
const TIMETABLE_TABLES = ['transit_agency', 'transit_route', 'transit_stop', 'transit_trip', 'transit_stop_time', 'transit_calendar', 'transit_shape'] as const;

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters and SQLite's 32,766 at seven columns. */
const BATCH = 500;

export async function findFeedRow(db: Db | Trx, id: string, options: { lock?: boolean } = {}): Promise<TransitFeedRow | undefined> {
  const query = db.selectFrom('transit_feed').selectAll().where('id', '=', id);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function listFeedRows(db: Db | Trx): Promise<TransitFeedRow[]> {
  return db.selectFrom('transit_feed').selectAll().orderBy('id').execute();
}

export async function upsertFeedRow(trx: Trx, row: TransitFeedRow): Promise<void> {
  const { id: _id, ...rest } = row;
  await trx.insertInto('transit_feed').values(row).onConflict((oc) => oc.column('id').doUpdateSet(rest)).execute();
}

export async function updateFeedRealtime(trx: Trx, id: string, change: Pick<TransitFeedRow, 'realtime_url' | 'realtime_poll_s' | 'realtime_updated_at'>): Promise<void> {
  await trx.updateTable('transit_feed').set(change).where('id', '=', id).execute();
}

/** Empties a feed's timetable (its feed row stays). */
export async function deleteTimetable(trx: Trx, feedId: string): Promise<void> {
  for (const table of TIMETABLE_TABLES) await trx.deleteFrom(table).where('feed_id', '=', feedId).execute();
}

export interface TimetableRows {
  agencies: TransitAgencyRow[];
  routes: TransitRouteRow[];
  stops: TransitStopRow[];
  trips: TransitTripRow[];
  stopTimes: TransitStopTimeRow[];
  calendars: TransitCalendarRow[];
  shapes: TransitShapeRow[];
}

export async function insertTimetable(trx: Trx, rows: TimetableRows): Promise<void> {
  await insertBatches(trx, 'transit_agency', rows.agencies);
  await insertBatches(trx, 'transit_route', rows.routes);
  await insertBatches(trx, 'transit_stop', rows.stops);
  await insertBatches(trx, 'transit_trip', rows.trips);
  await insertBatches(trx, 'transit_stop_time', rows.stopTimes);
  await insertBatches(trx, 'transit_calendar', rows.calendars);
  // Shapes are long (one row holds every point): fewer per statement.
  for (let i = 0; i < rows.shapes.length; i += 20) await trx.insertInto('transit_shape').values(rows.shapes.slice(i, i + 20)).execute();
}

async function insertBatches<T extends (typeof TIMETABLE_TABLES)[number]>(trx: Trx, table: T, rows: readonly object[]): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    // The rows are those of `table` (TimetableRows types them); Kysely's generic insert cannot see that through the union.
    await trx.insertInto(table).values(rows.slice(i, i + BATCH) as never).execute();
  }
}

export async function listRouteRows(db: Db, feedId?: string): Promise<TransitRouteRow[]> {
  let query = db.selectFrom('transit_route').selectAll();
  if (feedId !== undefined) query = query.where('feed_id', '=', feedId);
  return query.orderBy('feed_id').orderBy('route_id').execute();
}

export async function listShapeRows(db: Db): Promise<TransitShapeRow[]> {
  return db.selectFrom('transit_shape').selectAll().orderBy('feed_id').orderBy('shape_id').execute();
}

/** Which shapes each route's trips follow. */
export async function listRouteShapes(db: Db): Promise<{ feed_id: string; route_id: string; shape_id: string }[]> {
  const rows = await db
    .selectFrom('transit_trip')
    .select(['feed_id', 'route_id', 'shape_id'])
    .where('shape_id', 'is not', null)
    .distinct()
    .orderBy('feed_id')
    .orderBy('route_id')
    .orderBy('shape_id')
    .execute();
  return rows.map((row) => ({ feed_id: row.feed_id, route_id: row.route_id, shape_id: row.shape_id! }));
}

export async function listStopRows(db: Db, box?: BBox): Promise<TransitStopRow[]> {
  let query = db.selectFrom('transit_stop').selectAll();
  if (box !== undefined) query = query.where('lat', '>=', box.minLat).where('lat', '<=', box.maxLat).where('lon', '>=', box.minLon).where('lon', '<=', box.maxLon);
  return query.orderBy('feed_id').orderBy('stop_id').execute();
}

export async function findStopRow(db: Db, feedId: string, stopId: string): Promise<TransitStopRow | undefined> {
  return db.selectFrom('transit_stop').selectAll().where('feed_id', '=', feedId).where('stop_id', '=', stopId).executeTakeFirst();
}

/** The stops whose parent station is `stopId` (a station's platforms). */
export async function listChildStopIds(db: Db, feedId: string, stopId: string): Promise<string[]> {
  const rows = await db.selectFrom('transit_stop').select('stop_id').where('feed_id', '=', feedId).where('parent_station', '=', stopId).execute();
  return rows.map((row) => row.stop_id);
}

/** Every call at these stops, with its trip's route, service and headsign. */
export async function listCallsAt(db: Db, feedId: string, stopIds: readonly string[]) {
  return db
    .selectFrom('transit_stop_time as st')
    .innerJoin('transit_trip as t', (join) => join.onRef('t.feed_id', '=', 'st.feed_id').onRef('t.trip_id', '=', 'st.trip_id'))
    .select(['st.trip_id', 'st.stop_id', 'st.stop_sequence', 'st.arrival_s', 'st.departure_s', 't.route_id', 't.service_id', 't.headsign'])
    .where('st.feed_id', '=', feedId)
    .where('st.stop_id', 'in', stopIds)
    .execute();
}

export async function listCalendarRows(db: Db, feedId: string): Promise<TransitCalendarRow[]> {
  return db.selectFrom('transit_calendar').selectAll().where('feed_id', '=', feedId).execute();
}

export async function listTripRows(db: Db, feedId: string): Promise<TransitTripRow[]> {
  return db.selectFrom('transit_trip').selectAll().where('feed_id', '=', feedId).execute();
}

export async function listStopTimeRows(db: Db, feedId: string, tripIds: readonly string[]): Promise<TransitStopTimeRow[]> {
  if (tripIds.length === 0) return [];
  return db.selectFrom('transit_stop_time').selectAll().where('feed_id', '=', feedId).where('trip_id', 'in', tripIds).orderBy('trip_id').orderBy('stop_sequence').execute();
}
