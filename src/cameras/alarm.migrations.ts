import type { Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

type AnyDb = Kysely<unknown>;

/** Alarms, hotlists and health tables (names start 2026-11-29-2xx, after the registry's). */
export const alarmMigrations: Migrations = {
  '2026-11-29-200-camera-alarms': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('camera_alarm')
        .addColumn('id', 'text', (c) => c.primaryKey())
        // What the alarm is about, for de-duplication: `frigate:event:<id>`, `onvif:<camera>:<kind>:<rule>:<ms>`...
        .addColumn('source_key', 'text', (c) => c.notNull().unique())
        .addColumn('camera_id', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        // 0 low .. 3 critical: the queue sorts on it.
        .addColumn('severity_rank', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('label', 'text')
        .addColumn('sub_label', 'text')
        .addColumn('score', 'double precision')
        .addColumn('top_score', 'double precision')
        .addColumn('plate', 'text')
        .addColumn('hotlist_id', 'text')
        .addColumn('hotlist_name', 'text')
        .addColumn('hotlist_reason', 'text')
        .addColumn('hotlist_priority', 'text')
        .addColumn('hotlist_note', 'text')
        .addColumn('zones', 'text', (c) => c.notNull())
        .addColumn('snapshot_url', 'text')
        .addColumn('clip', 'text')
        .addColumn('object_lat', 'double precision')
        .addColumn('object_lon', 'double precision')
        .addColumn('object_accuracy_m', 'double precision')
        .addColumn('first_seen_at', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text', (c) => c.notNull())
        .addColumn('ended_at', 'text')
        .addColumn('updates', 'integer', (c) => c.notNull())
        .addColumn('incident_number', 'text')
        .addColumn('acted_by', 'text')
        .addColumn('acted_at', 'text')
        .addColumn('dismiss_reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('camera_alarm_queue').on('camera_alarm').columns(['status', 'severity_rank', 'first_seen_at']).execute();
      await db.schema.createIndex('camera_alarm_camera').on('camera_alarm').columns(['camera_id', 'first_seen_at']).execute();
    },
  },
  '2026-11-29-210-camera-health': {
    async up(db: AnyDb) {
      // The online/offline transitions journaled on `camera/<id>` (and the registry's moves in and out of
      // maintenance), kept by camera and time so that uptime over a period is one indexed range read.
      await db.schema
        .createTable('camera_health_change')
        .addColumn('camera_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addPrimaryKeyConstraint('camera_health_change_pk', ['camera_id', 'at'])
        .execute();
    },
  },
  '2026-11-29-220-plate-hotlists': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('plate_hotlist')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('description', 'text')
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('expires_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('plate_hotlist_entry')
        .addColumn('hotlist_id', 'text', (c) => c.notNull().references('plate_hotlist.id').onDelete('cascade'))
        .addColumn('plate', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('added_at', 'text', (c) => c.notNull())
        .addColumn('added_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('plate_hotlist_entry_pk', ['hotlist_id', 'plate'])
        .execute();
      await db.schema.createIndex('plate_hotlist_entry_plate').on('plate_hotlist_entry').column('plate').execute();
    },
  },
};
