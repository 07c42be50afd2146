import { timestamp } from './clock.js';
import type { Core } from './context.js';
import { dialectOf, type Trx } from './database.js';
import type { EventData, EventType } from '../contract/events.js';
import type { JournalEvent, JsonObject, NewEvent } from './journal.js';
import { JournalRaceError, appendEvents, asJournalRace, journalTail } from './journal.repository.js';

/** What a command's work sees: the open transaction, its time, and the journal to record into. */
export interface CommandScope {
  readonly trx: Trx;
  /** The command's time, shared by every event it records. */
  readonly at: string;
  /**
   * Records an event; it is appended to the journal in the same transaction as the state change. Its
   * type and data are those of the event catalogue (`contract/events.ts`).
   */
  record<T extends EventType>(stream: string, type: T, data: EventData<T>): void;
}

const MAX_ATTEMPTS = 5;

/**
 * The one way state changes: runs `work` in a transaction, appends the events it recorded to the
 * journal in that same transaction, commits, then publishes the events on the live bus.
 * If anything throws, neither the state change nor its events exist. When another process appended
 * to the journal first, the whole command runs again on the new state (its work must not have effects
 * outside the transaction).
 */
export async function runCommand<T>(
  core: Pick<Core, 'db' | 'clock' | 'bus' | 'metrics' | 'state'>,
  actor: string,
  work: (scope: CommandScope) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await attemptCommand(core, actor, work);
    } catch (error) {
      if (!(error instanceof JournalRaceError || isTransientConflict(error)) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * A command on one thing: `load` reads its row in the command's transaction (locked, and throwing
 * `not_found` when there is none), then `work` changes it. The row stays locked until the commit.
 * @example runCommandOn(core, actor, (trx) => lockedIncidentRow(trx, number), async (row, { record }) => { ... })
 */
export async function runCommandOn<Row, T>(
  core: Pick<Core, 'db' | 'clock' | 'bus' | 'metrics' | 'state'>,
  actor: string,
  load: (trx: Trx) => Promise<Row>,
  work: (row: Row, scope: CommandScope) => Promise<T>,
): Promise<T> {
  return runCommand(core, actor, async (scope) => work(await load(scope.trx), scope));
}

/**
 * PostgreSQL gave up on the transaction, not on the command: a deadlock between row locks taken in
 * different orders (40P01) or a serialization failure (40001). Running it again is the cure.
 */
function isTransientConflict(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

async function attemptCommand<T>(
  core: Pick<Core, 'db' | 'clock' | 'bus' | 'metrics' | 'state'>,
  actor: string,
  work: (scope: CommandScope) => Promise<T>,
): Promise<T> {
  const tail = journalTail(core);
  const at = timestamp(core.clock);
  let committed: JournalEvent[] = [];
  let release: (() => void) | undefined;
  let committing = false;
  try {
    const result = await core.db.transaction().execute(async (trx) => {
      const pending: NewEvent[] = [];
      // The catalogue's payloads are JSON by construction; an optional field left out is dropped by the
      // canonical serialisation, as before.
      const value = await work({ trx, at, record: (stream, type, data) => void pending.push({ stream, type, data: data as JsonObject }) });
      if (pending.length > 0) {
        // From here to the commit, one command at a time: the chain has one order. (SQLite's single
        // connection already runs one transaction at a time.)
        if (dialectOf(core.db) === 'postgres') release = await tail.acquire();
        committed = await appendEvents(tail, trx, at, actor, pending);
      }
      committing = true;
      return value;
    });
    if (committed.length > 0) tail.remember(committed[committed.length - 1]!);
    for (const event of committed) core.metrics.countEvent(event.stream);
    core.bus.publish(committed);
    return result;
  } catch (error) {
    tail.forget();
    // On PostgreSQL the append travels with the COMMIT: a lost race shows there.
    throw committing ? asJournalRace(error) : error;
  } finally {
    release?.();
  }
}
