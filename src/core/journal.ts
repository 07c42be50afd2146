import { hash } from 'node:crypto';
import type { TypedEvent } from '../contract/events.js';
import { JournalFault } from '../contract/journal.js';

/** The `prev_hash` of the first event: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON values as journaled: what `JSON.parse` can give back. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event to append: what happened, to which stream, with its data. */
export interface NewEvent {
  /** The thing the event is about, `kind/id`: `incident/CASA-2026-000123`, `user/alice`. */
  readonly stream: string;
  /** What happened, `kind.verb_past`: `incident.created`, `session.revoked`. */
  readonly type: string;
  readonly data: JsonObject;
}

/**
 * An event read back through the event catalogue (`contract/events.ts`): `switch (event.type)` narrows
 * its data. Every event reached the journal through `CommandScope.record`, which takes only the
 * catalogue's types with their data, so this is what the journal holds.
 */
export function catalogued<E extends { readonly type: string; readonly data: JsonObject }>(event: E): Omit<E, 'type' | 'data'> & TypedEvent {
  return event as unknown as Omit<E, 'type' | 'data'> & TypedEvent;
}

/** One committed event of the journal. */
export interface JournalEvent extends NewEvent {
  readonly seq: number;
  /** ISO 8601 UTC with milliseconds. */
  readonly at: string;
  /** Who did it: `user:alice`, `device:car-12`, `system:bootstrap`, `cli:root`. */
  readonly actor: string;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, numbers as JavaScript prints them
 * (the RFC 8785 scheme for the values Amane journals). The same event always hashes the same.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`cannot journal the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  throw new TypeError(`cannot journal a value of type ${typeof value}`);
}

/** `hash = sha256(prev_hash + canonical JSON of {seq, at, actor, stream, type, data})`, hex. */
export function hashEvent(prevHash: string, event: Omit<JournalEvent, 'prevHash' | 'hash'>): string {
  return hash('sha256', prevHash + canonicalEventJson(event), 'hex');
}

/**
 * `canonicalJson({seq, at, actor, stream, type, data})`, written out with the keys already in their
 * sorted order: this runs for every command, and the general function would sort six keys each time.
 */
export function canonicalEventJson(event: Omit<JournalEvent, 'prevHash' | 'hash'>, dataJson = canonicalJson(event.data)): string {
  if (!Number.isSafeInteger(event.seq)) throw new TypeError(`cannot journal the sequence number ${event.seq}`);
  return (
    `{"actor":${JSON.stringify(event.actor)},"at":${JSON.stringify(event.at)},"data":${dataJson},` +
    `"seq":${event.seq},"stream":${JSON.stringify(event.stream)},"type":${JSON.stringify(event.type)}}`
  );
}

/** A chained event and the canonical JSON of its data, the text the journal table stores. */
export interface ChainedEvent {
  readonly event: JournalEvent;
  readonly dataJson: string;
}

/** Chains new events after the head `{seq, hash}`; pure, so the chain rule lives in one place. */
export function chainEvents(
  head: { seq: number; hash: string },
  at: string,
  actor: string,
  events: readonly NewEvent[],
): JournalEvent[] {
  return chainEventsWithData(head, at, actor, events).map((chained) => chained.event);
}

/**
 * `chainEvents`, keeping each event's data as canonical JSON beside it: the append stores that text, so
 * the data, serialised once for the hash, is not serialised again for the insert.
 */
export function chainEventsWithData(
  head: { seq: number; hash: string },
  at: string,
  actor: string,
  events: readonly NewEvent[],
): ChainedEvent[] {
  const chained: ChainedEvent[] = [];
  let { seq, hash: prevHash } = head;
  for (const { stream, type, data } of events) {
    seq += 1;
    const dataJson = canonicalJson(data);
    const hashed = hash('sha256', prevHash + canonicalEventJson({ seq, at, actor, stream, type, data }, dataJson), 'hex');
    chained.push({ event: { seq, at, actor, stream, type, data, prevHash, hash: hashed }, dataJson });
    prevHash = hashed;
  }
  return chained;
}

/** What a failed verification found: see `contract/journal.ts`. */
export { JournalFault };

/**
 * The verdict on the whole chain. `brokenAt` names the first event found missing, altered or out of
 * place; it is absent when what is broken is not an event (the checkpoint row itself).
 */
export type JournalVerdict =
  | { readonly ok: true; readonly count: number; readonly headSeq: number; readonly headHash: string }
  | { readonly ok: false; readonly count: number; readonly brokenAt?: number; readonly fault: JournalFault; readonly reason: string };

/**
 * The verdict in one line, as `amane verify-journal` prints it.
 * @example describeVerdict({ ok: false, count: 3, brokenAt: 4, fault: 'altered', reason: 'event 4 was altered' })
 *   // 'journal BROKEN at event 4: event 4 was altered (3 events verified before it)'
 */
export function describeVerdict(verdict: JournalVerdict): string {
  if (verdict.ok) return `journal verified: ${verdict.count} events, head ${verdict.headSeq} ${verdict.headHash}`;
  if (verdict.brokenAt === undefined) return `journal BROKEN: ${verdict.reason} (${verdict.count} events verified)`;
  return `journal BROKEN at event ${verdict.brokenAt}: ${verdict.reason} (${verdict.count} events verified before it)`;
}
