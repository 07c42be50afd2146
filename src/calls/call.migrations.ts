import type { Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

type AnyDb = Kysely<unknown>;

/** Line-19 calls and the call-takers' states. */
export const callMigrations: Migrations = {
  '2026-11-29-020-calls': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('call')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('call_id', 'text', (c) => c.notNull().unique())
        .addColumn('caller_number', 'text', (c) => c.notNull())
        .addColumn('trunk', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('urgent', 'integer', (c) => c.notNull())
        .addColumn('call_taker', 'text')
        .addColumn('rang_at', 'text', (c) => c.notNull())
        .addColumn('answered_at', 'text')
        .addColumn('ended_at', 'text')
        .addColumn('transferred_to', 'text')
        .addColumn('network_location', 'text')
        .addColumn('supplemental_locations', 'text', (c) => c.notNull())
        .addColumn('incident_number', 'text')
        .addColumn('callback_done_at', 'text')
        .execute();
      await db.schema.createIndex('call_status_rang').on('call').columns(['status', 'rang_at']).execute();
      await db.schema.createIndex('call_rang').on('call').column('rang_at').execute();
      await db.schema
        .createTable('call_taker')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('since', 'text', (c) => c.notNull())
        .addColumn('call_id', 'text')
        .execute();
    },
  },
  '2026-11-30-021-call-incident-index': {
    async up(db: AnyDb) {
      // An incident's calls are read for its EIDO export and its panel.
      await db.schema.createIndex('call_incident').on('call').column('incident_number').execute();
    },
  },
  '2026-12-07-022-call-reported-by': {
    async up(db: AnyDb) {
      // The gateway that reported the call ringing; only it reports the call's later states. Calls rung
      // before this column existed have none, and any telephony gateway may still end them.
      await db.schema.alterTable('call').addColumn('reported_by', 'text').execute();
    },
  },
};
