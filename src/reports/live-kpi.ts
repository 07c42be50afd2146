import { Type, type Static, type TInteger } from 'typebox';
import { Closed, Timestamp } from '../core/schema.js';
import { CallTakerState } from '../calls/call.js';
import { UnitStatus } from '../units/unit.js';

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
    notReady: Count,
    loggedOut: Count,
    list: Type.Array(Closed({ username: Type.String(), state: Type.Enum(Object.values(CallTakerState)), since: Timestamp })),
  }),
  /** Units by status, every status present. */
  units: Closed(Object.fromEntries(Object.values(UnitStatus).map((status) => [status, Count])) as Record<UnitStatus, TInteger>),
});
export type LiveKpis = Static<typeof LiveKpis>;

/** The share of answered calls as a percentage with one decimal (2/3 -> 66.7); null stays null. */
export function asPercent(share: number | null): number | null {
  return share === null ? null : Math.round(share * 1_000) / 10;
}

/**
 * The instant the local day of `at` began in `timeZone`. Casablanca is at UTC+1 most of the year and
 * at UTC+0 during Ramadan, so the offset is asked of the time-zone database (ICU), never assumed:
 * `startOfLocalDay(new Date('2026-07-15T10:00:00Z'))` is 2026-07-14T23:00:00.000Z, and on
 * 2026-03-01 (Ramadan) it is 2026-03-01T00:00:00.000Z.
 */
export function startOfLocalDay(at: Date, timeZone = 'Africa/Casablanca'): Date {
  const local = wallClock(at, timeZone);
  const midnight = Date.UTC(local.year, local.month - 1, local.day);
  // Midnight's offset may differ from the offset at `at` (a change during the day): ask again at the
  // first guess. Morocco changes at 02:00 or 03:00, so its midnights always exist and are unique.
  const guess = midnight - offsetMs(new Date(midnight), timeZone);
  return new Date(midnight - offsetMs(new Date(guess), timeZone));
}

/** How far `timeZone`'s clocks are ahead of UTC at `at`, in milliseconds. */
export function offsetMs(at: Date, timeZone: string): number {
  const local = wallClock(at, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(at.getTime() / 1_000) * 1_000;
}

function wallClock(at: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}
