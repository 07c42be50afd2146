import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type SqliteDatabase, type Transaction } from 'kysely';
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
    if (config.path !== ':memory:') fs.mkdirSync(path.dirname(config.path), { recursive: true });
    const connection = new SQLite(config.path);
    connection.pragma('journal_mode = WAL');
    // FULL: an acknowledged command survives power loss, not only a crash of the process.
    connection.pragma('synchronous = FULL');
    connection.pragma('foreign_keys = ON');
    connection.pragma('busy_timeout = 5000');
    return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(connection) }) });
  }
  const pool = new pg.Pool({
    connectionString: config.url,
    max: options.poolSize ?? 10,
    // bigint columns (journal sequence numbers, counts) come back as numbers; they stay far below 2^53.
    types: { getTypeParser: pgTypeParser },
    ...(options.schema === undefined ? {} : { options: `-c search_path=${quoteIdentifier(options.schema)}` }),
  });
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
