import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from './migrate.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './testing.js';
import type { Db } from './database.js';

const createA = { async up(db: Kysely<unknown>) { await db.schema.createTable('a').addColumn('id', 'integer', (c) => c.primaryKey()).execute(); } };
const createB = { async up(db: Kysely<unknown>) { await db.schema.createTable('b').addColumn('id', 'integer', (c) => c.primaryKey()).execute(); } };
const broken = { async up(db: Kysely<unknown>) { await sql`create table c (id integer primary key)`.execute(db); await sql`this is not sql`.execute(db); } };

describe(`migrations (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    database = await createTestDatabase();
    db = database.open();
  });
  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  const tables = async () => (await sql<{ n: number }>`select count(*) as n from amane_migration`.execute(db)).rows[0]!.n;

  it('runs pending migrations in name order, once', async () => {
    expect(await migrateToLatest(db, { '002-b': createB, '001-a': createA })).toEqual(['001-a', '002-b']);
    expect(await migrateToLatest(db, { '002-b': createB, '001-a': createA })).toEqual([]);
    expect(Number(await tables())).toBe(2);
  });

  it('leaves the schema as it was when a migration fails', async () => {
    await migrateToLatest(db, { '001-a': createA });
    await expect(migrateToLatest(db, { '001-a': createA, '002-b': createB, '003-broken': broken })).rejects.toThrow(/migration 003-broken failed/);
    expect(Number(await tables())).toBe(1);
    await expect(sql`select * from b`.execute(db)).rejects.toThrow();
    await expect(sql`select * from c`.execute(db)).rejects.toThrow();
  });

  it('refuses a database migrated by a newer version', async () => {
    await migrateToLatest(db, { '001-a': createA, '002-b': createB });
    await expect(migrateToLatest(db, { '001-a': createA })).rejects.toThrow('the database has migrations this version of Amane does not know: 002-b');
  });
});
