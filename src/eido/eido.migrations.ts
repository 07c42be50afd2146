import type { Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

type AnyDb = Kysely<unknown>;

/** Incidents received from other centres, so that one document opens one incident only. */
export const eidoMigrations: Migrations = {
  '2026-11-30-030-eido-received': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('eido_received')
        .addColumn('eido_id', 'text', (c) => c.primaryKey())
        .addColumn('incident_number', 'text', (c) => c.notNull())
        .addColumn('agency', 'text', (c) => c.notNull())
        .addColumn('received_at', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
