import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDialect,
  SqliteDialect,
  sql,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  type SqliteDatabase,
  type Transaction,
  type TransactionSettings,
} from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from './config.js';

/**
 * The tables Amane knows. Each repository adds its own tables to this interface by declaration
 * merging (`declare module '../core/database.js' { interface Database { ... } }`), so the kernel never
 * imports a domain module and every table still has one typed home.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}

export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;

export const DialectName = { sqlite: 'sqlite', postgres: 'postgres' } as const;
export type DialectName = (typeof DialectName)[keyof typeof DialectName];

/** Which engine a Kysely instance talks to; for the few statements the engines spell differently. */
export function dialectOf(db: Kysely<Database>): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

const secureDeletes = new WeakMap<Kysely<Database>, Promise<unknown>>();

/**
 * Runs `work` with SQLite's `secure_delete` fully on: every deleted or overwritten row is zeroed, on the
 * free pages as well, so that what an erasure deletes leaves the file (the WAL is truncated after, by
 * the caller). One at a time per database; PostgreSQL runs `work` as it is (it has no such setting).
 */
export async function withSecureDelete<T>(db: Kysely<Database>, work: () => Promise<T>): Promise<T> {
  if (dialectOf(db) === 'postgres') return work();
  const previous = secureDeletes.get(db) ?? Promise.resolve();
  const mine = previous.catch(() => undefined).then(async () => {
    await sql`pragma secure_delete = ON`.execute(db);
    try {
      return await work();
    } finally {
      await sql`pragma secure_delete = FAST`.execute(db);
    }
  });
  secureDeletes.set(db, mine);
  return mine;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL only: the schema to work in (tests give each case its own). */
  readonly schema?: string;
  /** PostgreSQL only: the pool size. */
  readonly poolSize?: number;
}

/**
 * Opens the database: a SQLite file (WAL, synchronous=FULL, foreign keys on) or a PostgreSQL pool.
 * Both are reached through the same Kysely code path.
 */
export function openDatabase(config: DatabaseConfig, options: OpenDatabaseOptions = {}): Db {
  if (config.kind === 'sqlite') {
    if (config.path !== ':memory:') {
      // Readable by the server's user only: the file holds personal data. SQLite gives its -wal and
      // -shm files the database file's permissions.
      fs.mkdirSync(path.dirname(config.path), { recursive: true, mode: 0o700 });
      fs.closeSync(fs.openSync(config.path, 'a', 0o600));
    }
    const connection = new SQLite(config.path);
    connection.pragma('journal_mode = WAL');
    // FULL: an acknowledged command survives power loss, not only a crash of the process.
    connection.pragma('synchronous = FULL');
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000');
    // What is deleted or overwritten is zeroed where that costs no more I/O (`FAST`: within the b-tree
    // pages written anyway); `withSecureDelete` zeroes everything, free pages too, for the commands that
    // must leave nothing behind (an erasure). ON for every command cost the journal bench 5% on SQLite.
    connection.pragma('secure_delete = FAST');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: options.poolSize ?? 10,
    // bigint columns (journal sequence numbers, counts) come back as numbers; they stay far below 2^53.
    types: { getTypeParser: pgTypeParser },
    ...(options.schema === undefined ? {} : { options: `-c search_path=${quoteIdentifier(options.schema)}` }),
  });
  return new Kysely<Database>({ dialect: new CommitCarryingPostgresDialect({ pool }) });
}

// Statements handed to `sendWithCommit`, recognised by identity when they reach the connection.
const heldForCommit = new WeakSet<CompiledQuery>();

/**
 * Runs a statement whose answer nobody waits for before the commit (the journal's append), as late as
 * possible. On PostgreSQL it is held back and sent in the same message as COMMIT, one round trip
 * instead of two; if it fails, PostgreSQL skips the COMMIT, the transaction rolls back and the commit
 * rejects with the statement's error. On SQLite, in process, it runs at once. The SQL carries its
 * values as literals (`textLiteral`): a message of several statements takes no parameters.
 */
export async function sendWithCommit(trx: Trx, sqlText: string): Promise<void> {
  const query = CompiledQuery.raw(sqlText);
  if (dialectOf(trx) === 'postgres') heldForCommit.add(query);
  await trx.executeQuery(query);
}

/**
 * A string as an SQL literal for the engine of `db`: on PostgreSQL pg's `escapeLiteral` (quotes doubled,
 * and backslashes doubled in an E'' string, right whatever standard_conforming_strings says); on SQLite,
 * where a backslash is an ordinary character, quotes doubled.
 */
export function textLiteral(db: Db | Trx, value: string): string {
  return dialectOf(db) === 'postgres' ? pg.escapeLiteral(value) : `'${value.replaceAll("'", "''")}'`;
}

/** PostgreSQL's dialect, whose connections keep `sendWithCommit` statements for the COMMIT. */
class CommitCarryingPostgresDialect extends PostgresDialect {
  override createDriver(): Driver {
    return new CommitCarryingDriver(super.createDriver());
  }
}

/** A connection that holds `sendWithCommit` statements back instead of sending them. */
class CarryingConnection implements DatabaseConnection {
  held: string[] = [];
  // Per savepoint, how many statements were held when it was taken.
  readonly heldAtSavepoint = new Map<string, number>();

  constructor(readonly inner: DatabaseConnection) {}

  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (!heldForCommit.has(query)) return this.inner.executeQuery<R>(query);
    this.held.push(query.sql);
    return Promise.resolve({ rows: [] });
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  takeHeld(): string[] {
    const held = this.held;
    this.held = [];
    this.heldAtSavepoint.clear();
    return held;
  }
}

class CommitCarryingDriver implements Driver {
  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new CarryingConnection(await this.inner.acquireConnection());
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const carrying = connection as CarryingConnection;
    carrying.takeHeld();
    return this.inner.beginTransaction(carrying.inner, settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const carrying = connection as CarryingConnection;
    const held = carrying.takeHeld();
    if (held.length === 0) return this.inner.commitTransaction(carrying.inner);
    // One simple-protocol message: PostgreSQL runs the statements in order and stops at the first
    // error, so the COMMIT only happens when every held statement succeeded.
    await carrying.inner.executeQuery(CompiledQuery.raw(`${held.join(';\n')};\ncommit`));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const carrying = connection as CarryingConnection;
    carrying.takeHeld();
    return this.inner.rollbackTransaction(carrying.inner);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    const carrying = connection as CarryingConnection;
    carrying.heldAtSavepoint.set(name, carrying.held.length);
    return this.inner.savepoint!(carrying.inner, name, compile);
  }

  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    const carrying = connection as CarryingConnection;
    carrying.held.length = carrying.heldAtSavepoint.get(name) ?? carrying.held.length;
    return this.inner.rollbackToSavepoint!(carrying.inner, name, compile);
  }

  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]): Promise<void> {
    const carrying = connection as CarryingConnection;
    carrying.heldAtSavepoint.delete(name);
    return this.inner.releaseSavepoint!(carrying.inner, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const carrying = connection as CarryingConnection;
    const unsent = carrying.takeHeld();
    await this.inner.releaseConnection(carrying.inner);
    if (unsent.length > 0) throw new Error('a statement held for the commit was never sent: sendWithCommit outside a transaction');
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

/**
 * Kysely prepares every statement anew; preparing costs more than running a small one (and a journal
 * insert compiles its triggers each time). The same SQL text reuses its prepared statement.
 * Transactions begin IMMEDIATE: they take the write lock up front, so a transaction that reads and
 * then writes waits for another process's writer (busy_timeout) instead of failing with "locked".
 */
function withStatementCache(connection: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => void connection.close(),
    prepare(sqlText: string) {
      let statement = statements.get(sqlText);
      if (statement === undefined) {
        statement = connection.prepare(sqlText === 'begin' ? 'begin immediate' : sqlText);
        if (statements.size >= 1_000) statements.delete(statements.keys().next().value!);
        statements.set(sqlText, statement);
      }
      return statement as unknown as ReturnType<SqliteDatabase['prepare']>;
    },
  };
}

const INT8_OID = 20;

function pgTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8_OID) return (value: string) => Number(value);
  // `format` is optional in pg's own type; binary parsers are never asked for here.
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

function quoteIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe schema name: ${name}`);
  return name;
}

/**
 * Locks the selected rows to the end of the transaction where the engine has row locks (PostgreSQL:
 * FOR UPDATE). SQLite needs none: its transactions begin IMMEDIATE, so writers already take turns.
 */
export function lockForUpdate<Query extends { forUpdate(): Query }>(db: Db | Trx, query: Query): Query {
  return dialectOf(db) === 'postgres' ? query.forUpdate() : query;
}

/** Whether a table exists (in PostgreSQL, in the schema the search path names first). */
export async function tableExists(db: Db | Trx, table: string): Promise<boolean> {
  if (dialectOf(db) === 'postgres') {
    const result = await sql<{ found: boolean }>`select to_regclass(${table}) is not null as found`.execute(db);
    return result.rows[0]?.found === true;
  }
  const result = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name = ${table}`.execute(db);
  return result.rows.length > 0;
}

/** Answers whether the database answers a trivial query (readiness). */
export async function isDatabaseReachable(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/** Normalises a count or sum read back from either engine (pg may return strings). */
export function toNumber(value: string | number | bigint | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}

/** Whether a write failed on a unique constraint (either engine). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
