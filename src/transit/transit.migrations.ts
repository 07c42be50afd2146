import type { Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

type AnyDb = Kysely<unknown>;

/** GTFS timetables and the realtime feeds' configuration. */
export const transitMigrations: Migrations = {
  '2026-12-07-100-transit': {
    async up(db: AnyDb) {
      // One row per imported feed; a new import of the same id replaces every row below that carries it.
      await db.schema
        .createTable('transit_feed')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        // JSON object: the counts of what was imported.
        .addColumn('counts', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'text', (c) => c.notNull())
        .addColumn('imported_by', 'text', (c) => c.notNull())
        .addColumn('realtime_url', 'text')
        .addColumn('realtime_poll_s', 'integer')
        .addColumn('realtime_updated_at', 'text')
        .execute();
      await db.schema
        .createTable('transit_agency')
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('transit_agency_pk', ['feed_id', 'agency_id'])
        .execute();
      await db.schema
        .createTable('transit_route')
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('route_id', 'text', (c) => c.notNull())
        .addColumn('agency_id', 'text', (c) => c.notNull())
        .addColumn('short_name', 'text', (c) => c.notNull())
        .addColumn('long_name', 'text', (c) => c.notNull())
        .addColumn('route_type', 'integer', (c) => c.notNull())
        .addColumn('color', 'text')
        .addColumn('text_color', 'text')
        .addPrimaryKeyConstraint('transit_route_pk', ['feed_id', 'route_id'])
        .execute();
      await db.schema
        .createTable('transit_stop')
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('stop_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .addColumn('location_type', 'integer', (c) => c.notNull())
        .addColumn('parent_station', 'text')
        .addPrimaryKeyConstraint('transit_stop_pk', ['feed_id', 'stop_id'])
        .execute();
      await db.schema
        .createTable('transit_trip')
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('trip_id', 'text', (c) => c.notNull())
        .addColumn('route_id', 'text', (c) => c.notNull())
        .addColumn('service_id', 'text', (c) => c.notNull())
        .addColumn('headsign', 'text', (c) => c.notNull())
        .addColumn('direction_id', 'integer')
        .addColumn('shape_id', 'text')
        .addPrimaryKeyConstraint('transit_trip_pk', ['feed_id', 'trip_id'])
        .execute();
      await db.schema
        .createTable('transit_stop_time')
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('trip_id', 'text', (c) => c.notNull())
        .addColumn('stop_sequence', 'integer', (c) => c.notNull())
        .addColumn('stop_id', 'text', (c) => c.notNull())
        .addColumn('arrival_s', 'integer', (c) => c.notNull())
        .addColumn('departure_s', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('transit_stop_time_pk', ['feed_id', 'trip_id', 'stop_sequence'])
        .execute();
      await db.schema.createIndex('transit_stop_time_stop').on('transit_stop_time').columns(['feed_id', 'stop_id']).execute();
      await db.schema
        .createTable('transit_calendar')
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('service_id', 'text', (c) => c.notNull())
        // Seven flags, Monday first (`1111100`); null for a service defined by calendar_dates alone.
        .addColumn('days', 'text')
        .addColumn('start_date', 'text')
        .addColumn('end_date', 'text')
        // JSON object: YYYYMMDD → 1 (added) or 2 (removed), from calendar_dates.txt.
        .addColumn('exceptions', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('transit_calendar_pk', ['feed_id', 'service_id'])
        .execute();
      await db.schema
        .createTable('transit_shape')
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('shape_id', 'text', (c) => c.notNull())
        // JSON array of [lon, lat], in sequence.
        .addColumn('points', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('transit_shape_pk', ['feed_id', 'shape_id'])
        .execute();
    },
  },
};
