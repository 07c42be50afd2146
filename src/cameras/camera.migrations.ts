import type { Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

type AnyDb = Kysely<unknown>;

/** The camera registry's tables (names start 2026-11-29-1xx so they run before the alarms'). */
export const cameraMigrations: Migrations = {
  '2026-11-29-100-cameras': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('camera')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .addColumn('height_m', 'double precision')
        .addColumn('heading_deg', 'double precision', (c) => c.notNull())
        .addColumn('fov_deg', 'double precision', (c) => c.notNull())
        .addColumn('range_m', 'double precision', (c) => c.notNull())
        .addColumn('ptz', 'integer', (c) => c.notNull())
        .addColumn('presets', 'text', (c) => c.notNull())
        .addColumn('stream_main', 'text')
        .addColumn('stream_sub', 'text')
        .addColumn('stream_hls', 'text')
        .addColumn('stream_webrtc', 'text')
        .addColumn('snapshot_url', 'text')
        .addColumn('onvif_url', 'text')
        .addColumn('device', 'text')
        .addColumn('district', 'text')
        .addColumn('owner', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('last_seen_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('camera_district').on('camera').column('district').execute();
      await db.schema.createIndex('camera_device').on('camera').column('device').execute();
      await db.schema.createIndex('camera_updated').on('camera').column('updated_at').execute();
    },
  },
  '2026-11-29-110-video-walls': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('video_wall')
        .addColumn('owner', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('layout', 'text', (c) => c.notNull())
        .addColumn('tiles', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('video_wall_pk', ['owner', 'name'])
        .execute();
    },
  },
  '2026-12-07-100-camera-credentials': {
    async up(db: AnyDb) {
      // The URLs' users and passwords, sealed apart from the URLs; rows written before are sealed at start.
      await db.schema.alterTable('camera').addColumn('credentials', 'text').execute();
    },
  },
};
