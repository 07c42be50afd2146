import { sql, type Kysely, type Migration } from 'kysely';
import { dialectOf, type Db } from './database.js';

/** Migrations by name; names sort in the order they must run (`2026-11-29-001-core`). */
export type Migrations = Readonly<Record<string, Migration>>;

export interface MigrationTable {
  name: string;
  executed_at: string;
}

declare module './database.js' {
  interface Database {
    amane_migration: MigrationTable;
  }
}

// Any number: the key of the PostgreSQL advisory lock that lets one process migrate at a time.
const MIGRATION_LOCK_KEY = 726_100_1;

/**
 * Runs every pending migration in name order, all in one transaction (both engines have
 * transactional DDL): either the schema moves to the latest version or it stays as it was. One process
 * migrates at a time (an advisory lock on PostgreSQL; SQLite's write lock). A database that has run
 * migrations this code does not know (a newer version wrote it) is refused.
 *
 * Kysely's own migrator was not used: it introspects every schema of the database, and PostgreSQL's
 * introspection fails while another schema is being dropped.
 */
export async function migrateToLatest(db: Db, migrations: Migrations): Promise<string[]> {
  await sql`create table if not exists amane_migration (name text primary key, executed_at text not null)`.execute(db);
  const names = Object.keys(migrations).sort();
  const ran: string[] = [];
  await db.transaction().execute(async (trx) => {
    if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
    const executed = new Set((await trx.selectFrom('amane_migration').select('name').execute()).map((row) => row.name));
    const unknown = [...executed].filter((name) => migrations[name] === undefined);
    if (unknown.length > 0) throw new Error(`the database has migrations this version of Amane does not know: ${unknown.join(', ')}`);
    for (const name of names) {
      if (executed.has(name)) continue;
      try {
        await migrations[name]!.up(trx as unknown as Kysely<unknown>);
      } catch (error) {
        throw new Error(`migration ${name} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      }
      await trx.insertInto('amane_migration').values({ name, executed_at: new Date().toISOString() }).execute();
      ran.push(name);
    }
  });
  return ran;
}
