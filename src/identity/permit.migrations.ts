import { sql, type Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';
import { DEFAULT_CHECKLISTS } from '../contract/permit.js';

type AnyDb = Kysely<unknown>;

/**
 * Foreign residents and their residence permits (law 02-03): the residents' register (sealed under a key
 * per resident, like the national register), applications with their receipts, the checklists of
 * documents, the rules, the expiry reminders. The cards themselves are rows of `identity_card`.
 */
export const permitMigrations: Migrations = {
  '2026-12-07-500-identity-residence-permits': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('identity_resident')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('desk_code', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('identity_resident_key')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('wrapped_key', 'text', (c) => c.notNull())
        .addColumn('kek_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('identity_permit_application')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('resident_number', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('desk_code', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_at', 'text', (c) => c.notNull())
        .addColumn('documents', 'text', (c) => c.notNull())
        .addColumn('validity_years', 'integer', (c) => c.notNull())
        .addColumn('nationality', 'text', (c) => c.notNull())
        .addColumn('photo', 'text', (c) => c.notNull())
        .addColumn('photo_width', 'integer', (c) => c.notNull())
        .addColumn('photo_height', 'integer', (c) => c.notNull())
        .addColumn('decision_reason', 'text')
        .addColumn('centre_code', 'text')
        .addColumn('batch_id', 'text')
        .addColumn('approved_at', 'text')
        .addColumn('document_number', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      // One application in progress per resident.
      await sql`create unique index identity_permit_application_one_open on identity_permit_application (resident_number) where status not in ('delivered', 'rejected')`.execute(db);
      await db.schema.createIndex('identity_permit_application_resident').on('identity_permit_application').column('resident_number').execute();
      // The production queue (approved, oldest approval first) and a batch's permits.
      await db.schema.createIndex('identity_permit_application_queue').on('identity_permit_application').columns(['status', 'approved_at']).execute();
      await db.schema.createIndex('identity_permit_application_batch').on('identity_permit_application').column('batch_id').execute();
      await db.schema.createIndex('identity_permit_application_desk').on('identity_permit_application').columns(['desk_code', 'status']).execute();
      await db.schema
        .createTable('identity_permit_receipt')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('application_number', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('issued_on', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text', (c) => c.notNull())
        .addColumn('renewals', 'integer', (c) => c.notNull())
        .addColumn('seal', 'text')
        .addColumn('closed_at', 'text')
        .addColumn('closed_reason', 'text')
        .execute();
      await db.schema
        .createTable('identity_permit_checklist')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('label_ar', 'text')
        .addColumn('required', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_permit_checklist_pk', ['kind', 'code'])
        .execute();
      await db.schema
        .createTable('identity_permit_rules')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('rules', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('identity_permit_reminder')
        .addColumn('document_number', 'text', (c) => c.notNull())
        .addColumn('days', 'integer', (c) => c.notNull())
        .addColumn('application_number', 'text', (c) => c.notNull())
        .addColumn('resident_number', 'text', (c) => c.notNull())
        .addColumn('desk_code', 'text', (c) => c.notNull())
        .addColumn('date_of_expiry', 'text', (c) => c.notNull())
        .addColumn('due_on', 'text', (c) => c.notNull())
        .addColumn('reminded_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_permit_reminder_pk', ['document_number', 'days'])
        .execute();
      await db.schema.createIndex('identity_permit_reminder_desk').on('identity_permit_reminder').columns(['desk_code', 'due_on']).execute();
      // The checklists as the desks ask them today; an administrator edits them (journaled).
      const rows = Object.entries(DEFAULT_CHECKLISTS).flatMap(([kind, documents]) =>
        documents.map((d, position) => ({ kind, code: d.code, position, label: d.label, label_ar: d.labelAr, required: d.required ? 1 : 0 })),
      );
      await db.insertInto('identity_permit_checklist' as never).values(rows as never).execute();
    },
  },
};
