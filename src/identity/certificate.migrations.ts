import type { Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

type AnyDb = Kysely<unknown>;

/**
 * Administrative certificates and the judicial records they are checked against. What a judgment says,
 * and what a certificate names (the holder, the address, the records check), is sealed under the
 * person's data key (person-vault.ts): erasing the person erases it too. Append-only: a change is a new
 * migration.
 */
export const certificateMigrations: Migrations = {
  '2026-12-07-700-identity-certificates': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('identity_judicial_record')
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('nin', 'text', (c) => c.notNull())
        // court, judgment date, case reference, offence, sentence: sealed under the person's key.
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_judicial_record_pk', ['id'])
        .execute();
      await db.schema.createIndex('identity_judicial_record_nin').on('identity_judicial_record').columns(['nin', 'status']).execute();

      await db.schema
        .createTable('identity_certificate')
        .addColumn('number', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('nin', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('desk_code', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_at', 'text', (c) => c.notNull())
        // The holder, the address and the records check as the request found them: sealed.
        .addColumn('details', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('decision_reason', 'text')
        .addColumn('document_number', 'text')
        .addColumn('issued_on', 'text')
        .addColumn('expires_on', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('revocation_reason', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_certificate_pk', ['number'])
        .addUniqueConstraint('identity_certificate_document_unique', ['document_number'])
        .execute();
      await db.schema.createIndex('identity_certificate_status').on('identity_certificate').columns(['status', 'created_at']).execute();
      await db.schema.createIndex('identity_certificate_nin').on('identity_certificate').columns(['nin', 'created_at']).execute();
      await db.schema.createIndex('identity_certificate_desk').on('identity_certificate').columns(['desk_code', 'created_at']).execute();
    },
  },
};
