import { CompiledQuery, type ExpressionBuilder } from 'kysely';
import { dialectOf, isUniqueViolation, sendWithCommit, textLiteral, type Database, type Db, type Trx } from './database.js';
import type { Core } from './context.js';
import { StateKey } from './module-state.js';
import { GENESIS_HASH, JournalFault, chainEventsWithData, hashEvent, type ChainedEvent, type JournalEvent, type JournalVerdict, type JsonObject, type NewEvent } from './journal.js';

export interface JournalTable {
  seq: number;
  at: string;
  actor: string;
  stream: string;
  type: string;
  data: string;
  prev_hash: string;
  hash: string;
}

/** Which events belong to which stream; derived from the journal in batches. */
export interface JournalStreamTable {
  stream: string;
  seq: number;
}

/** One row: the last event indexed into `journal_stream`, with its hash (a witness of the tail). */
export interface JournalCheckpointTable {
  id: number;
  seq: number;
  hash: string;
}

declare module './database.js' {
  interface Database {
    journal: JournalTable;
    journal_stream: JournalStreamTable;
    journal_checkpoint: JournalCheckpointTable;
  }
}

/** The append lost a race with another writer (another process); the whole command is run again. */
export class JournalRaceError extends Error {
  constructor(cause: unknown) {
    super('another writer appended to the journal first', { cause });
    this.name = 'JournalRaceError';
  }
}

/**
 * What a kernel knows of its journal's tail: the last committed event it appended, and a lock that lets
 * one append at a time run from its insert to its commit. The known head is a hint only: if another
 * process (or another kernel on the same database) appended since, the insert collides on the primary
 * key, and that costs a retry, never the chain. Held in `core.state`; a cache, rebuilt from the
 * journal's last row at the next append.
 */
export class JournalTail {
  private known: { seq: number; hash: string } | undefined;
  private lock: Promise<void> = Promise.resolve();

  constructor(readonly db: Db) {}

  /** The head this kernel appended last, if it knows it. */
  get head(): { seq: number; hash: string } | undefined {
    return this.known;
  }

  /** Waits for the append lock; call the returned function after the commit or the rollback. */
  async acquire(): Promise<() => void> {
    const previous = this.lock;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.lock = previous.then(() => mine);
    await previous;
    return release;
  }

  /** Records the head after a committed append. */
  remember(last: JournalEvent): void {
    if (this.known === undefined || this.known.seq < last.seq) this.known = { seq: last.seq, hash: last.hash };
  }

  /** Forgets the head (after a rollback or a failed append). */
  forget(): void {
    this.known = undefined;
  }
}

export const journalTailKey = new StateKey<JournalTail>('kernel: the journal tail (known head, append lock)');

/** The journal tail of a kernel, made at its first append. */
export function journalTail(core: Pick<Core, 'db' | 'state'>): JournalTail {
  const tail = core.state.obtain(journalTailKey, () => new JournalTail(core.db));
  // A kernel copied onto another database must not chain after the first one's head.
  if (tail.db !== core.db) throw new Error('the journal tail in core.state belongs to another database: give the copied kernel a state of its own');
  return tail;
}

/** The last event's sequence number and hash (genesis for an empty journal). */
export async function findLastEvent(db: Db | Trx): Promise<{ seq: number; hash: string }> {
  const last = await db.selectFrom('journal').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return last ?? { seq: 0, hash: GENESIS_HASH };
}

/**
 * Appends events after the last one, inside the caller's transaction. On PostgreSQL the caller holds
 * the append lock, and the insert travels with the COMMIT (`sendWithCommit`): it needs no answer before
 * it, and a round trip is most of a small command's time there. A lost race then surfaces at the
 * commit, where the caller turns it into a `JournalRaceError` (`asJournalRace`). The caller calls
 * `tail.remember` once the transaction committed.
 */
export async function appendEvents(tail: JournalTail, trx: Trx, at: string, actor: string, events: readonly NewEvent[]): Promise<JournalEvent[]> {
  if (events.length === 0) return [];
  const head = tail.head ?? (await findLastEvent(trx));
  const chained = chainEventsWithData(head, at, actor, events);
  try {
    if (dialectOf(tail.db) === 'postgres') await sendWithCommit(trx, insertStatementsWithValues(trx, chained));
    else await insertWithParameters(trx, chained);
  } catch (error) {
    tail.forget();
    throw asJournalRace(error);
  }
  return chained.map((item) => item.event);
}

/**
 * A collision on the journal's primary key means another process appended first: the command is run
 * again on the new state. Any other error is returned as it is.
 */
export function asJournalRace(error: unknown): unknown {
  if (!isUniqueViolation(error)) return error;
  const constraint = (error as { constraint?: unknown }).constraint;
  // PostgreSQL names the constraint; SQLite's primary-key code only ever comes from the journal here.
  if (constraint !== undefined && constraint !== 'journal_pkey') return error;
  return new JournalRaceError(error);
}

/** Events per insert statement: 8 values each stays far below SQLite's 32,766 parameters. */
const ROWS_PER_INSERT = 1_000;
const COLUMNS = '(seq, at, actor, stream, type, data, prev_hash, hash)';
// The parameterised insert's SQL by row count, built once: SQLite reuses the prepared statement.
const insertSql = new Map<number, string>();

async function insertWithParameters(trx: Trx, chained: readonly ChainedEvent[]): Promise<void> {
  for (let start = 0; start < chained.length; start += ROWS_PER_INSERT) {
    const batch = chained.slice(start, start + ROWS_PER_INSERT);
    let text = insertSql.get(batch.length);
    if (text === undefined) {
      text = `insert into journal ${COLUMNS} values ${Array.from({ length: batch.length }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
      insertSql.set(batch.length, text);
    }
    const parameters: (string | number)[] = [];
    for (const { event, dataJson } of batch) {
      parameters.push(event.seq, event.at, event.actor, event.stream, event.type, dataJson, event.prevHash, event.hash);
    }
    await trx.executeQuery(CompiledQuery.raw(text, parameters));
  }
}

/**
 * The insert with its values written as literals (a message that carries the COMMIT too takes no
 * parameters): strings through `textLiteral`, the sequence number checked to be an integer.
 */
function insertStatementsWithValues(trx: Trx, chained: readonly ChainedEvent[]): string {
  const statements: string[] = [];
  for (let start = 0; start < chained.length; start += ROWS_PER_INSERT) {
    const rows = chained.slice(start, start + ROWS_PER_INSERT).map(({ event, dataJson }) => {
      if (!Number.isSafeInteger(event.seq)) throw new TypeError(`cannot journal the sequence number ${event.seq}`);
      const texts = [event.at, event.actor, event.stream, event.type, dataJson, event.prevHash, event.hash].map((text) => textLiteral(trx, text));
      return `(${event.seq}, ${texts.join(', ')})`;
    });
    statements.push(`insert into journal ${COLUMNS} values ${rows.join(', ')}`);
  }
  return statements.join(';\n');
}

export interface JournalQuery {
  /** Only events with a larger sequence number. */
  readonly afterSeq?: number;
  /** Only events of this exact stream. */
  readonly stream?: string;
  /** Only events of this actor (`user:alice`). */
  readonly actor?: string;
  /** Only events of this type (`identity_person.read`), or of one of these. */
  readonly type?: string | readonly string[];
  /** Only events written at or after this instant (ISO 8601 UTC with milliseconds, as `at` is stored). */
  readonly from?: string;
  /** Only events written before this instant (same form). */
  readonly to?: string;
  readonly limit: number;
}

/** Reads events in sequence order. Actor, type and time narrow a scan in sequence order: they have no index of their own. */
export async function findEvents(db: Db, query: JournalQuery): Promise<JournalEvent[]> {
  const after = query.afterSeq ?? 0;
  const narrowed = (eb: ExpressionBuilder<Database, 'journal'>) =>
    eb.and([
      ...(query.actor === undefined ? [] : [eb('journal.actor', '=', query.actor)]),
      ...(query.type === undefined ? [] : [typeof query.type === 'string' ? eb('journal.type', '=', query.type) : eb('journal.type', 'in', query.type)]),
      ...(query.from === undefined ? [] : [eb('journal.at', '>=', query.from)]),
      ...(query.to === undefined ? [] : [eb('journal.at', '<', query.to)]),
    ]);
  if (query.stream === undefined) {
    const rows = await db.selectFrom('journal').selectAll().where(narrowed).where('seq', '>', after).orderBy('seq').limit(query.limit).execute();
    return rows.map(rowToEvent);
  }
  // Up to the checkpoint through the stream index; past it, the short unindexed tail is scanned.
  const { seq: indexedUpTo } = await getCheckpoint(db);
  const indexed = await db
    .selectFrom('journal_stream')
    .innerJoin('journal', 'journal.seq', 'journal_stream.seq')
    .selectAll('journal')
    .where('journal_stream.stream', '=', query.stream)
    .where('journal_stream.seq', '>', after)
    .where('journal_stream.seq', '<=', indexedUpTo)
    .where(narrowed)
    .orderBy('journal_stream.seq')
    .limit(query.limit)
    .execute();
  if (indexed.length === query.limit) return indexed.map(rowToEvent);
  const tail = await db
    .selectFrom('journal')
    .selectAll()
    .where(narrowed)
    .where('seq', '>', Math.max(after, indexedUpTo))
    .where('stream', '=', query.stream)
    .orderBy('seq')
    .limit(query.limit - indexed.length)
    .execute();
  return [...indexed, ...tail].map(rowToEvent);
}

/** The checkpoint row, or undefined if someone deleted it (`verifyChain` names that). */
export async function findCheckpoint(db: Db | Trx): Promise<{ seq: number; hash: string } | undefined> {
  return db.selectFrom('journal_checkpoint').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
}

export async function getCheckpoint(db: Db | Trx): Promise<{ seq: number; hash: string }> {
  const checkpoint = await findCheckpoint(db);
  // The migration writes the row and nothing deletes it: its absence means the database was tampered with.
  if (checkpoint === undefined) throw new Error(MISSING_CHECKPOINT);
  return checkpoint;
}

const MISSING_CHECKPOINT = 'the journal checkpoint is missing (table journal_checkpoint has no row 1)';

/**
 * Indexes the events past the checkpoint into `journal_stream` (at most `batch` of them, a contiguous
 * run) and moves the checkpoint to the last one; returns how many were indexed. Safe to run from
 * several processes: a run that finds the work done does nothing.
 */
export async function indexEvents(db: Db, batch = 5_000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const checkpoint = await getCheckpoint(trx);
    const rows = await trx
      .selectFrom('journal')
      .select(['seq', 'stream', 'hash'])
      .where('seq', '>', checkpoint.seq)
      .orderBy('seq')
      .limit(batch)
      .execute();
    let last = checkpoint.seq;
    const run = rows.filter((row) => (row.seq === last + 1 ? ((last = row.seq), true) : false));
    if (run.length === 0) return 0;
    for (let i = 0; i < run.length; i += 500) {
      await trx
        .insertInto('journal_stream')
        .values(run.slice(i, i + 500).map((row) => ({ stream: row.stream, seq: row.seq })))
        .execute();
    }
    const moved = await trx
      .updateTable('journal_checkpoint')
      .set({ seq: last, hash: run[run.length - 1]!.hash })
      .where('id', '=', 1)
      .where('seq', '=', checkpoint.seq)
      .executeTakeFirst();
    // Another process moved the checkpoint meanwhile: undo ours (its rows are the same ones).
    if (Number(moved.numUpdatedRows) !== 1) throw new CheckpointMovedError();
    return run.length;
  }).catch((error: unknown) => {
    if (error instanceof CheckpointMovedError || isUniqueViolation(error)) return 0;
    throw error;
  });
}

class CheckpointMovedError extends Error {}

/** A head known from outside the database (a signed anchor, or one given by hand), and how to name it. */
export interface ChainAnchor {
  readonly hash: string;
  readonly label: string;
}

/**
 * Recomputes the whole chain in sequence order, a page at a time, and names the first event that is
 * missing, altered or out of place; the checkpoint must name an event of the chain with its hash, so
 * events deleted from the tail up to the checkpoint are noticed too.
 */
export async function verifyChain(
  db: Db,
  options: { anchors?: ReadonlyMap<number, ChainAnchor>; pageSize?: number } = {},
): Promise<JournalVerdict> {
  const pageSize = options.pageSize ?? 5_000;
  // Read first: the checkpoint only moves forward, so it can never name an event this scan has not seen.
  const checkpoint = await findCheckpoint(db);
  const anchors = options.anchors ?? new Map<number, ChainAnchor>();
  const lastAnchored = Math.max(0, ...anchors.keys());
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await db
      .selectFrom('journal')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    for (const row of rows) {
      if (row.seq !== expectedSeq) {
        return { ok: false, count, brokenAt: expectedSeq, fault: JournalFault.missing, reason: `event ${expectedSeq} is missing (the next one is ${row.seq})` };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, count, brokenAt: row.seq, fault: JournalFault.unlinked, reason: `event ${row.seq} does not follow event ${row.seq - 1} (prev_hash differs)` };
      }
      let data: JsonObject;
      try {
        data = JSON.parse(row.data) as JsonObject;
      } catch {
        return { ok: false, count, brokenAt: row.seq, fault: JournalFault.notJson, reason: `event ${row.seq} has data that is not JSON` };
      }
      const recomputed = hashEvent(prevHash, { seq: row.seq, at: row.at, actor: row.actor, stream: row.stream, type: row.type, data });
      if (recomputed !== row.hash) {
        return { ok: false, count, brokenAt: row.seq, fault: JournalFault.altered, reason: `event ${row.seq} was altered (its hash does not match its content)` };
      }
      if (row.seq === checkpoint?.seq && row.hash !== checkpoint.hash) {
        return { ok: false, count, brokenAt: row.seq, fault: JournalFault.checkpointDiffers, reason: `event ${row.seq} differs from the checkpoint taken of it` };
      }
      const anchor = anchors.get(row.seq);
      if (anchor !== undefined && row.hash !== anchor.hash) {
        return { ok: false, count, brokenAt: row.seq, fault: JournalFault.anchorDiffers, reason: `event ${row.seq} differs from ${anchor.label}` };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < pageSize) break;
  }
  if (checkpoint === undefined) {
    // The chain itself holds, but without its witness a truncated tail would go unnoticed.
    return { ok: false, count, fault: JournalFault.checkpointMissing, reason: `${MISSING_CHECKPOINT}: events deleted from the end of the journal could not be detected` };
  }
  if (checkpoint.seq > count) {
    return { ok: false, count, brokenAt: count + 1, fault: JournalFault.missing, reason: `event ${count + 1} is missing (the checkpoint names event ${checkpoint.seq})` };
  }
  if (lastAnchored > count) {
    return { ok: false, count, brokenAt: count + 1, fault: JournalFault.missing, reason: `event ${count + 1} is missing (${anchors.get(lastAnchored)!.label} names event ${lastAnchored})` };
  }
  return { ok: true, count, headSeq: count, headHash: prevHash };
}

function rowToEvent(row: JournalTable): JournalEvent {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    stream: row.stream,
    type: row.type,
    data: JSON.parse(row.data) as JsonObject,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
