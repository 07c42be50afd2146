import type { Db, Trx } from './database.js';
import { GENESIS_HASH, chainEvents, hashEvent, type JournalEvent, type JournalVerdict, type JsonObject, type NewEvent } from './journal.js';

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

export interface JournalHeadTable {
  id: number;
  seq: number;
  hash: string;
}

declare module './database.js' {
  interface Database {
    journal: JournalTable;
    journal_head: JournalHeadTable;
  }
}

/**
 * Appends events after the current head, inside the caller's transaction.
 * Bumping the head row first takes its lock: concurrent appenders queue there, so the chain has one
 * order and the lock is held only from here to the commit.
 */
export async function appendEvents(trx: Trx, at: string, actor: string, events: readonly NewEvent[]): Promise<JournalEvent[]> {
  if (events.length === 0) return [];
  const head = await trx
    .updateTable('journal_head')
    .set((eb) => ({ seq: eb('seq', '+', events.length) }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const chained = chainEvents({ seq: head.seq - events.length, hash: head.hash }, at, actor, events);
  await trx.insertInto('journal').values(chained.map(eventToRow)).execute();
  await trx
    .updateTable('journal_head')
    .set({ hash: chained[chained.length - 1]!.hash })
    .where('id', '=', 1)
    .execute();
  return chained;
}

export interface JournalQuery {
  /** Only events with a larger sequence number. */
  readonly afterSeq?: number;
  /** Only events of this exact stream. */
  readonly stream?: string;
  readonly limit: number;
}

/** Reads events in sequence order. */
export async function findEvents(db: Db, query: JournalQuery): Promise<JournalEvent[]> {
  let select = db.selectFrom('journal').selectAll().orderBy('seq').limit(query.limit);
  if (query.afterSeq !== undefined) select = select.where('seq', '>', query.afterSeq);
  if (query.stream !== undefined) select = select.where('stream', '=', query.stream);
  const rows = await select.execute();
  return rows.map(rowToEvent);
}

export async function getHead(db: Db): Promise<{ seq: number; hash: string }> {
  return db.selectFrom('journal_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
}

/**
 * Recomputes the whole chain in sequence order, a page at a time, and names the first event that is
 * missing, altered or out of place; the head row must name the last event.
 */
export async function verifyChain(db: Db, pageSize = 5_000): Promise<JournalVerdict> {
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
        return { ok: false, count, brokenAt: expectedSeq, reason: `event ${expectedSeq} is missing (the next one is ${row.seq})` };
      }
      if (row.prev_hash !== prevHash) {
        return { ok: false, count, brokenAt: row.seq, reason: `event ${row.seq} does not follow event ${row.seq - 1} (prev_hash differs)` };
      }
      let data: JsonObject;
      try {
        data = JSON.parse(row.data) as JsonObject;
      } catch {
        return { ok: false, count, brokenAt: row.seq, reason: `event ${row.seq} has data that is not JSON` };
      }
      const recomputed = hashEvent(prevHash, { seq: row.seq, at: row.at, actor: row.actor, stream: row.stream, type: row.type, data });
      if (recomputed !== row.hash) {
        return { ok: false, count, brokenAt: row.seq, reason: `event ${row.seq} was altered (its hash does not match its content)` };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < pageSize) break;
  }
  const head = await getHead(db);
  if (head.seq > count) {
    return { ok: false, count, brokenAt: count + 1, reason: `event ${count + 1} is missing (the head names event ${head.seq})` };
  }
  if (head.seq < count || head.hash !== prevHash) {
    return { ok: false, count, brokenAt: head.seq, reason: `the head (event ${head.seq}) does not match the last event (${count})` };
  }
  return { ok: true, count, headSeq: head.seq, headHash: head.hash };
}

function eventToRow(event: JournalEvent): JournalTable {
  return {
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    stream: event.stream,
    type: event.type,
    data: JSON.stringify(event.data),
    prev_hash: event.prevHash,
    hash: event.hash,
  };
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
