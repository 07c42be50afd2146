import type { Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

type AnyDb = Kysely<unknown>;

/** Squads and equipment, the stand-off table, incidents' device classes, cordons, CAP messages, deployments. */
export const eodMigrations: Migrations = {
  '2026-12-01-100-eod': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('eod_squad')
        .addColumn('call_sign', 'text', (c) => c.primaryKey())
        .addColumn('city', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('eod_equipment')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('call_sign', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('readiness', 'text', (c) => c.notNull())
        .addColumn('next_maintenance', 'text')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('eod_equipment_squad').on('eod_equipment').column('call_sign').execute();
      await db.schema
        .createTable('eod_standoff_table')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('eod_incident')
        .addColumn('incident_number', 'text', (c) => c.primaryKey())
        .addColumn('device_class', 'text', (c) => c.notNull())
        .addColumn('confirmed', 'integer', (c) => c.notNull())
        .addColumn('set_by', 'text', (c) => c.notNull())
        .addColumn('set_unit', 'text')
        .addColumn('set_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('eod_cordon')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('incident_number', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('device_class', 'text', (c) => c.notNull())
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .addColumn('mandatory_m', 'double precision', (c) => c.notNull())
        .addColumn('preferred_m', 'double precision', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('set_at', 'text', (c) => c.notNull())
        .addColumn('set_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('lifted_at', 'text')
        .addColumn('lift_reason', 'text')
        // JSON array of { callSign, at, distanceM }: the units told to withdraw.
        .addColumn('withdrawn', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('eod_cordon_incident').on('eod_cordon').columns(['incident_number', 'set_at']).execute();
      await db.schema.createIndex('eod_cordon_status').on('eod_cordon').column('status').execute();
      await db.schema
        .createTable('eod_cap_message')
        .addColumn('identifier', 'text', (c) => c.primaryKey())
        .addColumn('incident_number', 'text', (c) => c.notNull())
        .addColumn('cordon_id', 'text', (c) => c.notNull())
        .addColumn('n', 'integer', (c) => c.notNull())
        .addColumn('msg_type', 'text', (c) => c.notNull())
        .addColumn('sender', 'text', (c) => c.notNull())
        .addColumn('sent', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('xml', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('eod_cap_message_incident').on('eod_cap_message').columns(['incident_number', 'n']).unique().execute();
      await db.schema
        .createTable('eod_deployment')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('call_sign', 'text', (c) => c.notNull())
        .addColumn('incident_number', 'text', (c) => c.notNull())
        .addColumn('device_class', 'text')
        .addColumn('alerted_at', 'text', (c) => c.notNull())
        .addColumn('departed_at', 'text')
        .addColumn('on_scene_at', 'text')
        .addColumn('neutralised_at', 'text')
        .addColumn('cleared_at', 'text')
        .addColumn('equipment_used', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text')
        .addColumn('notes', 'text')
        .addColumn('distance_km', 'double precision')
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('eod_deployment_squad').on('eod_deployment').columns(['call_sign', 'alerted_at']).execute();
      await db.schema.createIndex('eod_deployment_incident').on('eod_deployment').column('incident_number').execute();
    },
  },
};
