import { sql, type Kysely } from 'kysely';
import { dialectOf } from './database.js';
import { GENESIS_HASH } from './journal.js';
import type { Migrations } from './migrate.js';

// Migrations receive an untyped Kysely: they describe the schema as it was then, not as the code sees it now.
type AnyDb = Kysely<unknown>;

/** The kernel's tables: the journal, users and their roles, sessions, device tokens. */
export const coreMigrations: Migrations = {
  '2026-11-29-001-core': {
    async up(db: AnyDb) {
      const postgres = dialectOf(db as never) === 'postgres';
      // A rowid alias in SQLite, a 64-bit integer in PostgreSQL.
      const seqType = postgres ? 'bigint' : 'integer';

      await db.schema
        .createTable('journal')
        .addColumn('seq', seqType, (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('stream', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('data', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      // Derived from the journal in batches, after commit (journal-indexer.ts): the events of each stream,
      // and the checkpoint, the last event indexed with its hash. Writing them per command would cost
      // every command two more pages; a batch costs them once.
      await db.schema
        .createTable('journal_stream')
        .addColumn('stream', 'text', (c) => c.notNull())
        .addColumn('seq', seqType, (c) => c.notNull())
        .addPrimaryKeyConstraint('journal_stream_pk', ['stream', 'seq'])
        .execute();
      await db.schema
        .createTable('journal_checkpoint')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', seqType, (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.insertInto('journal_checkpoint' as never).values({ id: 1, seq: 0, hash: GENESIS_HASH } as never).execute();

      // No event is ever updated or deleted. (Appends are kept in order by the primary key and by
      // runCommand chaining after the last committed event; verify-journal checks every link.)
      if (postgres) {
        await sql`create function amane_journal_append_only() returns trigger language plpgsql as $$
          begin raise exception 'the journal is append-only'; end $$`.execute(db);
        await sql`create trigger journal_append_only before update or delete on journal
          for each row execute function amane_journal_append_only()`.execute(db);
      } else {
        await sql`create trigger journal_no_update before update on journal
          begin select raise(abort, 'the journal is append-only'); end`.execute(db);
        await sql`create trigger journal_no_delete before delete on journal
          begin select raise(abort, 'the journal is append-only'); end`.execute(db);
      }

      await db.schema
        .createTable('app_user')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('full_name', 'text', (c) => c.notNull())
        .addColumn('full_name_ar', 'text')
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('must_change_password', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('disabled_at', 'text')
        .execute();

      await db.schema
        .createTable('user_role')
        .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_role_pk', ['user_id', 'role'])
        .execute();

      await db.schema
        .createTable('session')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .addColumn('client_address', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('session_user').on('session').column('user_id').execute();

      await db.schema
        .createTable('device')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('revoked_at', 'text')
        .execute();
    },
  },
  '2026-11-29-002-user-language': {
    async up(db: AnyDb) {
      // The console language the person chose for themselves; null until they choose. (`locale` is the
      // default an administrator set when creating the account.)
      await db.schema.alterTable('app_user').addColumn('language', 'text').execute();
    },
  },
  '2026-12-07-003-login-lockout': {
    async up(db: AnyDb) {
      // Refused logins per account name (known or not, so a lock says nothing of who exists), and the
      // lock they earned; a successful login deletes the row.
      await db.schema
        .createTable('login_lockout')
        .addColumn('username', 'text', (c) => c.primaryKey())
        .addColumn('failures', 'integer', (c) => c.notNull())
        .addColumn('locked_until', 'text')
        .execute();
    },
  },
  '2026-12-07-004-session-idle-totp': {
    async up(db: AnyDb) {
      // The idle lock: when a session was last used (written at most once a minute), and when it was
      // ended for lack of use, so that its next request is told why. A session opened before this
      // version counts as used when it was opened.
      await db.schema.alterTable('session').addColumn('last_seen_at', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.updateTable('session' as never).set({ last_seen_at: sql.ref('created_at') } as never).execute();
      await db.schema.alterTable('session').addColumn('idle_expired_at', 'text').execute();
      // When the session proved a second factor (a code at login, or the enrolment's confirmation).
      await db.schema.alterTable('session').addColumn('second_factor_at', 'text').execute();
      // A person's TOTP secret, encrypted with the key folder's totp.key; pending until confirmed with a
      // code. `last_step` is the last time step accepted, so that no code is accepted twice.
      await db.schema
        .createTable('user_totp')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id'))
        .addColumn('secret', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('confirmed_at', 'text')
        .addColumn('last_step', 'integer')
        .execute();
    },
  },
  '2026-12-07-005-role-grants': {
    async up(db: AnyDb) {
      // The two-person rule: a role asked for by one administrator, decided by another.
      await db.schema
        .createTable('role_grant')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('requested_by', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text')
        .addColumn('decided_at', 'text')
        .addColumn('reason', 'text')
        .execute();
      await db.schema.createIndex('role_grant_status').on('role_grant').columns(['status', 'user_id']).execute();
    },
  },
  '2026-12-08-006-device-token-issued': {
    async up(db: AnyDb) {
      // When a device's current token was issued (registration or the last rotation), so an administrator
      // sees which tokens are old. A device registered before this version got its token when registered.
      await db.schema.alterTable('device').addColumn('token_issued_at', 'text', (c) => c.notNull().defaultTo('')).execute();
      await db.updateTable('device' as never).set({ token_issued_at: sql.ref('created_at') } as never).execute();
    },
  },
};
