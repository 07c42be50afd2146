// Test support: a failure planted in the database, so a test can break a command half-way through its
// transaction (after one table is written, before another is) without a hook in the code under test.
import { sql } from 'kysely';
import { dialectOf, type Db } from './database.js';

/**
 * Makes every update of `column` in `table` fail with "planted failure" until the returned function is
 * called: a trigger, so the statements before it in the same transaction have already run.
 */
export async function failUpdatesOf(db: Db, table: string, column: string): Promise<() => Promise<void>> {
  const name = sql.raw(`planted_failure_${table}_${column}`);
  const target = sql.raw(`${table}`);
  const of = sql.raw(column);
  if (dialectOf(db) === 'postgres') {
    await sql`create or replace function ${name}() returns trigger language plpgsql as $$ begin raise exception 'planted failure'; end $$`.execute(db);
    await sql`create trigger ${name} before update of ${of} on ${target} for each row execute function ${name}()`.execute(db);
    return async () => {
      await sql`drop trigger ${name} on ${target}`.execute(db);
      await sql`drop function ${name}()`.execute(db);
    };
  }
  await sql`create trigger ${name} before update of ${of} on ${target} begin select raise(abort, 'planted failure'); end`.execute(db);
  return async () => {
    await sql`drop trigger ${name}`.execute(db);
  };
}
