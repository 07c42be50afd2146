import type { Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

type AnyDb = Kysely<unknown>;

/** Incidents, their numbering per city and year, and their notes. */
export const incidentMigrations: Migrations = {
  '2026-11-29-010-incidents': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('incident_counter')
        .addColumn('city', 'text', (c) => c.notNull())
        .addColumn('year', 'integer', (c) => c.notNull())
        .addColumn('last', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('incident_counter_pk', ['city', 'year'])
        .execute();
      await db.schema
        .createTable('incident')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('number', 'text', (c) => c.notNull().unique())
        .addColumn('type_code', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .addColumn('address', 'text')
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('capabilities', 'text', (c) => c.notNull())
        .addColumn('flag_weapons', 'integer', (c) => c.notNull())
        .addColumn('flag_hazards', 'integer', (c) => c.notNull())
        .addColumn('flag_children', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('incident_status').on('incident').columns(['status', 'created_at']).execute();
      await db.schema
        .createTable('incident_note')
        .addColumn('incident_id', 'text', (c) => c.notNull().references('incident.id'))
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('incident_note_pk', ['incident_id', 'n'])
        .execute();
    },
  },
  '2026-11-29-011-incident-district': {
    async up(db: AnyDb) {
      // The district (area code) the incident lies in, found when it is created.
      await db.schema.alterTable('incident').addColumn('district', 'text').execute();
    },
  },
  '2026-11-29-012-incident-location-index': {
    async up(db: AnyDb) {
      // Nearby searches (duplicates, premise history) filter on a latitude band first.
      await db.schema.createIndex('incident_lat_lon').on('incident').columns(['lat', 'lon']).execute();
    },
  },
  '2026-11-29-013-incident-type-catalogue': {
    async up(db: AnyDb) {
      // The catalogue as a supervisor last saved it (one row); absent, the shipped seed file is used.
      await db.schema
        .createTable('incident_type_catalogue')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
