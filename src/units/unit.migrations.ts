import type { Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

type AnyDb = Kysely<unknown>;

/** Stations, units with their latest position, and the down-sampled position history. */
export const unitMigrations: Migrations = {
  '2026-11-30-040-units': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('station')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_ar', 'text')
        .addColumn('area_code', 'text')
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('unit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('call_sign', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('station_code', 'text', (c) => c.notNull().references('station.code'))
        .addColumn('capabilities', 'text', (c) => c.notNull())
        .addColumn('crew', 'text', (c) => c.notNull())
        .addColumn('device_name', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_since', 'text', (c) => c.notNull())
        .addColumn('incident_number', 'text')
        .addColumn('lat', 'double precision')
        .addColumn('lon', 'double precision')
        .addColumn('speed_kmh', 'double precision')
        .addColumn('heading', 'double precision')
        .addColumn('accuracy_m', 'double precision')
        .addColumn('position_at', 'text')
        .execute();
      await db.schema.createIndex('unit_device').on('unit').column('device_name').execute();
      await db.schema.createIndex('unit_incident').on('unit').column('incident_number').execute();
      await db.schema
        .createTable('unit_position')
        .addColumn('unit_id', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .addColumn('speed_kmh', 'double precision')
        .addColumn('heading', 'double precision')
        .addColumn('accuracy_m', 'double precision')
        .addPrimaryKeyConstraint('unit_position_pk', ['unit_id', 'at'])
        .execute();
    },
  },
};
