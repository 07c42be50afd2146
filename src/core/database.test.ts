import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, sendWithCommit, textLiteral, type Db } from './database.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from './testing.js';

describe(`a statement sent with the commit (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    database = await createTestDatabase();
    db = database.open();
    await sql`create table note (id integer primary key, body text not null)`.execute(db);
  });
  afterEach(async () => {
    await db.destroy();
    await database.drop();
  });

  const bodies = async () => (await sql<{ body: string }>`select body from note order by id`.execute(db)).rows.map((row) => row.body);

  it('is committed with the transaction, after the statements run before it', async () => {
    await db.transaction().execute(async (trx) => {
      await sendWithCommit(trx, `insert into note (id, body) values (2, ${textLiteral(db, "it's \\ late")})`);
      await sql`insert into note (id, body) values (1, 'first')`.execute(trx);
    });
    expect(await bodies()).toEqual(['first', "it's \\ late"]);
  });

  it('takes the whole transaction down when it fails, and leaves the connection usable', async () => {
    await sql`insert into note (id, body) values (1, 'kept')`.execute(db);
    await expect(
      db.transaction().execute(async (trx) => {
        await sql`insert into note (id, body) values (2, 'lost')`.execute(trx);
        await sendWithCommit(trx, `insert into note (id, body) values (1, 'duplicate')`);
      }),
    ).rejects.toThrow(/unique|duplicate/i);
    expect(await bodies()).toEqual(['kept']);
    await db.transaction().execute((trx) => sendWithCommit(trx, `insert into note (id, body) values (3, 'after')`));
    expect(await bodies()).toEqual(['kept', 'after']);
  });

  it('is dropped with the transaction when the work throws after it', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await sendWithCommit(trx, `insert into note (id, body) values (1, 'never')`);
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(await bodies()).toEqual([]);
    await db.transaction().execute((trx) => sql`insert into note (id, body) values (1, 'next')`.execute(trx));
    expect(await bodies()).toEqual(['next']);
  });
});

describe('a SQLite database file', () => {
  it('is created readable and writable by its owner only, with its WAL beside it', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-mode-'));
    try {
      const file = path.join(folder, 'data', 'amane.db');
      const db = openDatabase({ kind: 'sqlite', path: file });
      await sql`create table t (id integer primary key)`.execute(db);
      await db.transaction().execute((trx) => sql`insert into t (id) values (1)`.execute(trx));
      for (const name of ['amane.db', 'amane.db-wal']) expect(fs.statSync(path.join(folder, 'data', name)).mode & 0o777, name).toBe(0o600);
      expect(fs.statSync(path.join(folder, 'data')).mode & 0o777).toBe(0o700);
      await db.destroy();
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
