import { timestamp } from './clock.js';
import type { Core } from './context.js';
import type { Trx } from './database.js';
import type { JournalEvent, JsonObject, NewEvent } from './journal.js';
import { appendEvents } from './journal.repository.js';

/** What a command's work sees: the open transaction, its time, and the journal to record into. */
export interface CommandScope {
  readonly trx: Trx;
  /** The command's time, shared by every event it records. */
  readonly at: string;
  /** Records an event; it is appended to the journal in the same transaction as the state change. */
  record(stream: string, type: string, data: JsonObject): void;
}

/**
 * The one way state changes: runs `work` in a transaction, appends the events it recorded to the
 * journal in that same transaction, commits, then publishes the events on the live bus.
 * If anything throws, neither the state change nor its events exist.
 */
export async function runCommand<T>(
  core: Pick<Core, 'db' | 'clock' | 'bus' | 'metrics'>,
  actor: string,
  work: (scope: CommandScope) => Promise<T>,
): Promise<T> {
  const at = timestamp(core.clock);
  let committed: JournalEvent[] = [];
  const result = await core.db.transaction().execute(async (trx) => {
    const pending: NewEvent[] = [];
    const value = await work({ trx, at, record: (stream, type, data) => void pending.push({ stream, type, data }) });
    // Appended last, so the journal head is locked only for the end of the transaction.
    committed = await appendEvents(trx, at, actor, pending);
    return value;
  });
  for (const event of committed) core.metrics.journalEvents.inc({ kind: event.stream.split('/')[0] });
  core.bus.publish(committed);
  return result;
}
