import type { SecondFactor } from './auth.schema.js';
import type { Language } from './schema.js';

/**
 * Answers the server builds without a named schema yet (an incident's timeline, a road route, the
 * call-takers' board, the signed-in person), typed here as the console reads them.
 */

/** One event of an incident's timeline (`GET /incidents/{number}/timeline`). */
export interface TimelineEvent {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
}

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

/** The signed-in person as `GET /auth/me` shows them (the fields the console reads). */
export interface SessionUser {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly fullNameAr: string | null;
  readonly roles: readonly string[];
  readonly locale: Language;
  /** The person's own choice, over the administrator's `locale`; null until they choose. */
  readonly language: Language | null;
  readonly mustChangePassword: boolean;
}

/** Who the caller is and what they may do (`GET /auth/me`), as the console reads it. */
export interface Me {
  readonly user?: SessionUser;
  /** A person's second factor, and whether this session must enrol one before anything else. */
  readonly secondFactor?: SecondFactor;
  readonly permissions: readonly string[];
}
