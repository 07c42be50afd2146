import type { Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

type AnyDb = Kysely<unknown>;

/** Assignments: which unit was sent to which incident, when it acknowledged, when and why it left. */
export const dispatchMigrations: Migrations = {
  '2026-11-30-050-assignments': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('assignment')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_number', 'text', (c) => c.notNull())
        .addColumn('call_sign', 'text', (c) => c.notNull())
        .addColumn('assigned_at', 'text', (c) => c.notNull())
        .addColumn('assigned_by', 'text', (c) => c.notNull())
        .addColumn('eta_s', 'double precision')
        .addColumn('acknowledged_at', 'text')
        .addColumn('released_at', 'text')
        .addColumn('release_reason', 'text')
        .execute();
      await db.schema.createIndex('assignment_incident').on('assignment').columns(['incident_number', 'assigned_at']).execute();
      await db.schema.createIndex('assignment_unit').on('assignment').columns(['call_sign', 'assigned_at']).execute();
    },
  },
  // What an assignment changed, so that undoing it puts the unit and the incident back as they were.
  // Earlier assignments have neither and cannot be undone.
  '2026-12-09-050-assignment-undo': {
    async up(db: AnyDb) {
      await db.schema.alterTable('assignment').addColumn('unit_status_before', 'text').execute();
      await db.schema.alterTable('assignment').addColumn('incident_status_before', 'text').execute();
    },
  },
};
