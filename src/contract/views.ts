import type { TypedEvent } from './events.js';

/**
 * Answers the server builds without a named schema yet (an incident's timeline, a road route, the
 * call-takers' board), typed here as the console reads them.
 */

/** One event of an incident's timeline (`GET /incidents/{number}/timeline`): its data typed by its type. */
export type TimelineEvent = { readonly seq: number; readonly at: string; readonly actor: string } & TypedEvent;

export interface Timeline {
  readonly events: readonly TimelineEvent[];
  /** Seconds between the first occurrences; absent until both ends have happened. */
  readonly intervals: Record<string, number | undefined>;
}

/** A route by road (`GET /roads/route`). */
export interface RoadRoute {
  /** `straight_line`: an estimate for an end off the road network (asked with `offNetwork=estimate`), not a road to draw. */
  readonly kind: 'road' | 'straight_line';
  /** The ends further than 1 km from every road. */
  readonly outside: readonly ('from' | 'to')[];
  readonly etaS: number;
  readonly distanceM: number;
  readonly coordinates: readonly [number, number][];
}

/** A call-taker on the supervisor's board (`GET /call-takers`). */
export interface CallTaker {
  readonly username: string;
  /** ready, not_ready, on_call, wrap_up (after a call, until ready again) or logged_out. */
  readonly state: string;
  readonly since?: string;
  readonly callId?: string | null;
}
