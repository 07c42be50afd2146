import type { CallTakerOnBoard } from './call.schema.js';
import type { TypedEvent } from './events.js';

/**
 * Answers typed here rather than by a schema of their own: an incident's timeline (its events are the
 * catalogue's union), and the console's names for shapes published under another name.
 */

/** One event of an incident's timeline (`GET /incidents/{number}/timeline`): its data typed by its type. */
export type TimelineEvent = { readonly seq: number; readonly at: string; readonly actor: string } & TypedEvent;

export interface Timeline {
  readonly events: readonly TimelineEvent[];
  /** Seconds between the first occurrences; absent until both ends have happened. */
  readonly intervals: Record<string, number | undefined>;
}

/** A call-taker on the supervisor's board (`GET /call-takers`). */
export type CallTaker = CallTakerOnBoard;
