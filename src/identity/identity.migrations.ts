import { sql, type Kysely } from 'kysely';
import type { Migrations } from '../core/migrate.js';

type AnyDb = Kysely<unknown>;

/**
 * The identity service's tables: the national register, enrolment desks and their slots, applications
 * with their steps and enrolled biometrics (encrypted), issuance centres and production batches, and
 * the card register. Names start 2026-12-02: after every module before it.
 */
export const identityMigrations: Migrations = {
  '2026-12-02-100-identity-register': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('identity_person')
        .addColumn('nin', 'text', (c) => c.primaryKey())
        .addColumn('surname', 'text', (c) => c.notNull())
        .addColumn('given_names', 'text', (c) => c.notNull())
        .addColumn('surname_ar', 'text', (c) => c.notNull())
        .addColumn('given_names_ar', 'text', (c) => c.notNull())
        .addColumn('sex', 'text', (c) => c.notNull())
        .addColumn('birth_date', 'text', (c) => c.notNull())
        .addColumn('birth_place', 'text', (c) => c.notNull())
        .addColumn('father_name', 'text')
        .addColumn('mother_name', 'text')
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('phone', 'text')
        .addColumn('account', 'text', (c) => c.unique())
        .addColumn('name_key_ar', 'text', (c) => c.notNull())
        .addColumn('name_key_latin', 'text', (c) => c.notNull())
        .addColumn('father_key', 'text')
        .addColumn('mother_key', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // The demographic check looks for people born the same day.
      await db.schema.createIndex('identity_person_birth').on('identity_person').columns(['birth_date', 'name_key_latin']).execute();
      await db.schema.createIndex('identity_person_birth_ar').on('identity_person').columns(['birth_date', 'name_key_ar']).execute();

      await db.schema
        .createTable('identity_counter')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('last', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('identity_rules')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('rules', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('updated_by', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '2026-12-02-110-identity-appointments': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('identity_desk')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('station_code', 'text')
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .addColumn('opens', 'text', (c) => c.notNull())
        .addColumn('closes', 'text', (c) => c.notNull())
        .addColumn('slot_minutes', 'integer', (c) => c.notNull())
        .addColumn('slot_capacity', 'integer', (c) => c.notNull())
        .addColumn('weekdays', 'text', (c) => c.notNull())
        .addColumn('active', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // One row per slot that holds a booking: the capacity check is one conditional update of it.
      await db.schema
        .createTable('identity_slot')
        .addColumn('desk_code', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('booked', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_slot_pk', ['desk_code', 'day', 'time'])
        .execute();
      await db.schema
        .createTable('identity_appointment')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('nin', 'text', (c) => c.notNull())
        .addColumn('desk_code', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('time', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reminded_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // A person holds at most one booked appointment: the database refuses a second, whatever the race.
      await sql`create unique index identity_appointment_one_booked on identity_appointment (nin) where status = 'booked'`.execute(db);
      await db.schema.createIndex('identity_appointment_desk_day').on('identity_appointment').columns(['desk_code', 'day', 'time']).execute();
      await db.schema.createIndex('identity_appointment_day').on('identity_appointment').columns(['day', 'status']).execute();
    },
  },
  '2026-12-02-120-identity-applications': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('identity_application')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('nin', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('desk_code', 'text', (c) => c.notNull())
        .addColumn('appointment_id', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_at', 'text', (c) => c.notNull())
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('fee_mad', 'integer', (c) => c.notNull())
        .addColumn('payment_reference', 'text', (c) => c.notNull())
        .addColumn('declaration_reference', 'text')
        .addColumn('declaration_kind', 'text')
        .addColumn('person_changes', 'text')
        .addColumn('age', 'integer', (c) => c.notNull())
        .addColumn('validity_years', 'integer', (c) => c.notNull())
        .addColumn('flags', 'text')
        .addColumn('decision_reason', 'text')
        .addColumn('approved_at', 'text')
        .addColumn('centre_code', 'text')
        .addColumn('batch_id', 'text')
        .addColumn('document_number', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .execute();
      // One application in progress per person.
      await sql`create unique index identity_application_one_open on identity_application (nin) where status not in ('delivered', 'rejected')`.execute(db);
      await db.schema.createIndex('identity_application_nin').on('identity_application').column('nin').execute();
      await db.schema.createIndex('identity_application_queue').on('identity_application').columns(['status', 'approved_at']).execute();
      await db.schema.createIndex('identity_application_batch').on('identity_application').column('batch_id').execute();
      await db.schema.createIndex('identity_application_desk').on('identity_application').columns(['desk_code', 'status']).execute();

      await db.schema
        .createTable('identity_application_step')
        .addColumn('application_number', 'text', (c) => c.notNull())
        .addColumn('step', 'integer', (c) => c.notNull())
        .addColumn('from_status', 'text')
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addPrimaryKeyConstraint('identity_application_step_pk', ['application_number', 'step'])
        .execute();
      await db.schema.createIndex('identity_application_step_at').on('identity_application_step').column('at').execute();

      // Biometrics, each sealed with AES-256-GCM; the fingerprint hashes are the embedded 1:N index.
      await db.schema
        .createTable('identity_enrolment')
        .addColumn('application_number', 'text', (c) => c.primaryKey())
        .addColumn('photo', 'text', (c) => c.notNull())
        .addColumn('photo_format', 'text', (c) => c.notNull())
        .addColumn('photo_width', 'integer', (c) => c.notNull())
        .addColumn('photo_height', 'integer', (c) => c.notNull())
        .addColumn('photo_quality', 'integer', (c) => c.notNull())
        .addColumn('signature', 'text', (c) => c.notNull())
        .addColumn('enrolled_at', 'text', (c) => c.notNull())
        .addColumn('enrolled_by', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('identity_fingerprint')
        .addColumn('application_number', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('template', 'text', (c) => c.notNull())
        .addColumn('template_sha256', 'text', (c) => c.notNull())
        .addColumn('quality', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_fingerprint_pk', ['application_number', 'position'])
        .execute();
      await db.schema.createIndex('identity_fingerprint_hash').on('identity_fingerprint').column('template_sha256').execute();
    },
  },
  '2026-12-02-130-identity-production': {
    async up(db: AnyDb) {
      await db.schema
        .createTable('identity_centre')
        .addColumn('code', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('prefix', 'text', (c) => c.notNull().unique())
        .addColumn('lat', 'double precision', (c) => c.notNull())
        .addColumn('lon', 'double precision', (c) => c.notNull())
        .addColumn('daily_capacity', 'integer', (c) => c.notNull())
        .addColumn('stock', 'integer', (c) => c.notNull())
        .addColumn('online', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('identity_batch')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('centre_code', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('desk_code', 'text', (c) => c.notNull())
        .addColumn('size', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('produced_at', 'text')
        .addColumn('shipped_at', 'text')
        .addColumn('received_at', 'text')
        .execute();
      await db.schema.createIndex('identity_batch_centre_day').on('identity_batch').columns(['centre_code', 'day']).execute();
      await db.schema.createIndex('identity_batch_status').on('identity_batch').columns(['status', 'centre_code']).execute();
      await db.schema.createIndex('identity_batch_desk').on('identity_batch').columns(['desk_code', 'status']).execute();

      await db.schema
        .createTable('identity_card')
        .addColumn('document_number', 'text', (c) => c.primaryKey())
        .addColumn('nin', 'text', (c) => c.notNull())
        .addColumn('application_number', 'text', (c) => c.notNull().unique())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_at', 'text', (c) => c.notNull())
        .addColumn('mrz', 'text', (c) => c.notNull())
        .addColumn('date_of_issue', 'text', (c) => c.notNull())
        .addColumn('date_of_expiry', 'text', (c) => c.notNull())
        .addColumn('centre_code', 'text', (c) => c.notNull())
        .addColumn('signer_serial', 'text', (c) => c.notNull())
        .addColumn('sod', 'text', (c) => c.notNull())
        .addColumn('replaced_by', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('identity_card_nin').on('identity_card').column('nin').execute();
      await db.schema.createIndex('identity_card_issued').on('identity_card').columns(['date_of_issue', 'centre_code']).execute();
    },
  },
  '2026-12-02-200-identity-card-expiry': {
    async up(db: AnyDb) {
      // The expiry sweep's question: cards in use whose expiry date has passed.
      await db.schema.createIndex('identity_card_expiry').on('identity_card').columns(['status', 'date_of_expiry']).execute();
    },
  },
  '2026-12-02-300-identity-desk-nin-prefix': {
    async up(db: AnyDb) {
      // The letters of the national ID numbers a desk allocates to people registered there (BE, BK, ...).
      await db.schema.alterTable('identity_desk').addColumn('nin_prefix', 'text').execute();
    },
  },
  '2026-12-02-400-identity-register-sealed': {
    async up(db: AnyDb) {
      // The register's personal fields are sealed under a key per person (person-vault.ts); the keys are
      // in the key folder, which a migration does not hold. So the register as earlier versions kept it,
      // in clear, waits under another name and the start seals it (register-sealing.ts); new rows are
      // sealed from the first.
      await db.schema.alterTable('identity_person').renameTo('identity_person_plain').execute();
      // Constraints named here: on PostgreSQL the renamed table keeps its own names (identity_person_pkey).
      await db.schema
        .createTable('identity_person')
        .addColumn('nin', 'text', (c) => c.notNull())
        .addColumn('record', 'text', (c) => c.notNull())
        .addColumn('index_latin', 'text', (c) => c.notNull())
        .addColumn('index_ar', 'text', (c) => c.notNull())
        .addColumn('account', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_person_nin_pk', ['nin'])
        .addUniqueConstraint('identity_person_account_unique', ['account'])
        .execute();
      // The demographic check's candidates: blind indexes of the birth date with the name's key.
      await db.schema.createIndex('identity_person_index_latin').on('identity_person').column('index_latin').execute();
      await db.schema.createIndex('identity_person_index_ar').on('identity_person').column('index_ar').execute();
      // Each person's data key, wrapped; deleting the row is the erasure of whatever it sealed.
      await db.schema
        .createTable('identity_person_key')
        .addColumn('nin', 'text', (c) => c.notNull())
        .addColumn('wrapped_key', 'text', (c) => c.notNull())
        .addColumn('kek_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_person_key_pk', ['nin'])
        .execute();
      await db.schema
        .createTable('identity_person_erasure')
        .addColumn('nin', 'text', (c) => c.notNull())
        .addColumn('erased_at', 'text', (c) => c.notNull())
        .addColumn('erased_by', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('legal_basis', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_person_erasure_pk', ['nin'])
        .execute();
      // Cards: the MRZ and SOD are sealed under the holder's key at start; verification compares a keyed digest.
      await db.schema.alterTable('identity_card').addColumn('mrz_hmac', 'text').execute();
      await db.schema.alterTable('identity_card').addColumn('holder_erased_at', 'text').execute();
      // Fingerprint templates are linked by a keyed hash (biometric-vault.ts `templateLink`) instead of a
      // bare SHA-256: the SHA-256 values wait aside for the start, which holds the key.
      await db.schema
        .createTable('identity_fingerprint_sha256')
        .addColumn('application_number', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('identity_fingerprint_sha256_pk', ['application_number', 'position'])
        .execute();
      await sql`insert into identity_fingerprint_sha256 (application_number, position, sha256) select application_number, position, template_sha256 from identity_fingerprint`.execute(db);
      await db.schema.alterTable('identity_fingerprint').renameColumn('template_sha256', 'template_hmac').execute();
      // Until then they link nothing.
      await sql`update identity_fingerprint set template_hmac = ''`.execute(db);
    },
  },
  '2026-12-07-500-identity-sealed-documents': {
    async up(db: AnyDb) {
      // The register of documents printed with a visible digital seal (seal.service.ts). The seal holds the
      // holder's name and numbers: kept sealed (AES-256-GCM), the document number as associated data.
      await db.schema
        .createTable('identity_sealed_document')
        .addColumn('document_number', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('issued_on', 'text', (c) => c.notNull())
        .addColumn('expires_on', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('signer_reference', 'text', (c) => c.notNull())
        .addColumn('seal', 'text', (c) => c.notNull())
        .addColumn('issued_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_by', 'text')
        .addColumn('revoked_reason', 'text')
        .addPrimaryKeyConstraint('identity_sealed_document_pk', ['document_number'])
        .execute();
    },
  },
};
