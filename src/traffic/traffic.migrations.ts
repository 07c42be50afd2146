import type { Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

/** Road closures set by the traffic operator; live speed observations. */
export const trafficMigrations: Migrations = {
  // The traffic operator's closures: what they close kept as geometry and names (edge numbers change at
  // each import of the roads), the edges derived against the graph of the day.
  '2026-12-07-100-traffic-closures': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('traffic_closure')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        // active (scheduled or in force, by the clock), reopened, ended.
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('point_lat', 'double precision')
        .addColumn('point_lon', 'double precision')
        .addColumn('street', 'text')
        .addColumn('near_m', 'integer')
        // JSON array of { lat, lon }: an area's corners.
        .addColumn('area', 'text')
        .addColumn('direction', 'text', (c) => c.notNull())
        .addColumn('heading_deg', 'integer')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('reason_text', 'text')
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text')
        .addColumn('set_by', 'text', (c) => c.notNull())
        .addColumn('set_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('reopened_by', 'text')
        .addColumn('reopened_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('traffic_closure_status').on('traffic_closure').columns(['status', 'starts_at']).execute();
    },
  },
  // Live speed estimates, saved every minute so a restart keeps the recent ones (telemetry: not journaled).
  '2026-12-07-200-traffic-speeds': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('traffic_speed')
        .addColumn('edge', 'integer', (c) => c.primaryKey())
        // The edge's ends: a row whose edge number now names another segment (a new road import) is dropped.
        .addColumn('tail_lat', 'double precision', (c) => c.notNull())
        .addColumn('tail_lon', 'double precision', (c) => c.notNull())
        .addColumn('head_lat', 'double precision', (c) => c.notNull())
        .addColumn('head_lon', 'double precision', (c) => c.notNull())
        .addColumn('pace_sum', 'double precision', (c) => c.notNull())
        .addColumn('weight', 'double precision', (c) => c.notNull())
        .addColumn('observed_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
  // Traffic feeds in: the feeds configured, their DATEX II measurement sites, and their events (kept so a
  // closure they bring survives a restart and is journaled once when it starts and once when it ends).
  '2026-12-07-300-traffic-feeds': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('traffic_feed')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('poll_s', 'integer', (c) => c.notNull())
        .addColumn('configured_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('traffic_feed_site')
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('site_id', 'text', (c) => c.notNull())
        // JSON array of { lat, lon }: one point, or a line from the site's start to its end.
        .addColumn('points', 'text', (c) => c.notNull())
        .addColumn('bearing_deg', 'double precision')
        .addPrimaryKeyConstraint('traffic_feed_site_pk', ['feed_id', 'site_id'])
        .execute();
      await db.schema
        .createTable('traffic_feed_event')
        .addColumn('feed_id', 'text', (c) => c.notNull())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('points', 'text', (c) => c.notNull())
        .addColumn('bearing_deg', 'double precision')
        .addColumn('starts_at', 'text', (c) => c.notNull())
        .addColumn('ends_at', 'text')
        // 1 when the event closes the road (routing avoids it while in force).
        .addColumn('closes_road', 'integer', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        // For a closing event: null until journaled as started, then 'started'.
        .addColumn('closure', 'text')
        .addPrimaryKeyConstraint('traffic_feed_event_pk', ['feed_id', 'event_id'])
        .execute();
    },
  },
  // Named corridors whose travel time the traffic room watches.
  '2026-12-07-310-traffic-corridors': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('traffic_corridor')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('name_ar', 'text', (c) => c.notNull())
        .addColumn('name_fr', 'text', (c) => c.notNull())
        .addColumn('name_en', 'text', (c) => c.notNull())
        // JSON array of { lat, lon }, in the order travelled.
        .addColumn('waypoints', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .execute();
    },
  },
};
