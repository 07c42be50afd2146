import { Type, type Static, type TInteger } from 'typebox';
import { Closed, Timestamp } from '../core/schema.js';
import { CallTakerState } from '../calls/index.js';
import { UnitStatus } from '../units/index.js';

const Count = Type.Integer({ minimum: 0 });
const Seconds = Type.Union([Type.Number(), Type.Null()], { description: 'seconds; null when there is nothing to measure' });
const Percent = Type.Union([Type.Number(), Type.Null()], { description: 'percent (0-100, one decimal); null when no call was answered' });

/**
 * The supervisor's screen: calls and incidents since a time (by default the start of Casablanca's
 * day), and the state of the room now (the queue, open incidents, call-takers, units).
 */
export const LiveKpis = Closed({
  /** When the figures were taken. */
  at: Timestamp,
  /** The start of the period the "since" figures cover. */
  since: Timestamp,
  calls: Closed({
    /** Calls that rang since `since`, whatever became of them. */
    total: Count,
    answered: Count,
    abandoned: Count,
    answeredWithin15sPct: Percent,
    answeredWithin20sPct: Percent,
    /** Calls ringing now, whenever they started. */
    queueLength: Count,
    longestWaitS: Seconds,
  }),
  incidents: Closed({
    created: Count,
    /** Open now (not closed or cancelled), whenever they were created. */
    open: Count,
    byPriority: Closed({ 1: Count, 2: Count, 3: Count, 4: Count }),
    /** Creation to first dispatch, over incidents first dispatched since `since` (nearest-rank percentiles). */
    medianToDispatchS: Seconds,
    p90ToDispatchS: Seconds,
    /** Creation to first arrival on scene, over incidents first on scene since `since`. */
    medianToOnSceneS: Seconds,
    p90ToOnSceneS: Seconds,
  }),
  /** Every district, in import order, with zeros; then codes no longer among the districts; then `code: null`, outside every district. */
  byDistrict: Type.Array(
    Closed({
      code: Type.Union([Type.String(), Type.Null()]),
      name: Type.Union([Type.String(), Type.Null()]),
      nameAr: Type.Union([Type.String(), Type.Null()]),
      open: Count,
      created: Count,
    }),
  ),
  callTakers: Closed({
    ready: Count,
    /** On a call. */
    busy: Count,
    /** After a call, before ready again. */
    wrapUp: Count,
    notReady: Count,
    loggedOut: Count,
    list: Type.Array(
      Closed({
        username: Type.String(),
        /** The account's full name; null when the account no longer exists. */
        fullName: Type.Union([Type.String(), Type.Null()]),
        /** The full name in Arabic, when the account has one. */
        fullNameAr: Type.Union([Type.String(), Type.Null()]),
        state: Type.Enum(Object.values(CallTakerState)),
        since: Timestamp,
      }),
    ),
  }),
  /** Units by status, every status present. */
  units: Closed(Object.fromEntries(Object.values(UnitStatus).map((status) => [status, Count])) as Record<UnitStatus, TInteger>),
});
export type LiveKpis = Static<typeof LiveKpis>;

/** The share of answered calls as a percentage with one decimal (2/3 -> 66.7); null stays null. */
export function asPercent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1_000) / 10;
}
