/**
 * The centre's time zone, and what the time-zone database (ICU) says of it. Casablanca is at UTC+1 most
 * of the year and at UTC+0 around Ramadan, so offsets are always asked of the database, never assumed.
 */

export const CENTRE_TIME_ZONE = 'Africa/Casablanca';

/**
 * The instant the local day of `at` began in `timeZone`. Casablanca is at UTC+1 most of the year and
 * at UTC+0 during Ramadan, so the offset is asked of the time-zone database (ICU), never assumed:
 * `startOfLocalDay(new Date('2026-07-15T10:00:00Z'))` is 2026-07-14T23:00:00.000Z, and on
 * 2026-03-01 (Ramadan) it is 2026-03-01T00:00:00.000Z.
 */
export function startOfLocalDay(at: Date, timeZone = CENTRE_TIME_ZONE): Date {
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

/** What the clocks of `timeZone` show at `at`: the date and the time to the second (hours 0 to 23). */
export function wallClock(at: Date, timeZone = CENTRE_TIME_ZONE): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = formatterOf(timeZone).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

// Making a formatter costs far more than using one: one per zone, kept (a handful of zones at most).
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * The centre's date at `at`, `YYYY-MM-DD`: the local day turns at Casablanca's midnight.
 * @example localDay(new Date('2026-11-29T23:30:00Z')) // '2026-11-30'
 */
export function localDay(at: Date, timeZone = CENTRE_TIME_ZONE): string {
  const local = wallClock(at, timeZone);
  return `${String(local.year).padStart(4, '0')}-${two(local.month)}-${two(local.day)}`;
}

/** The centre's time of day at `at`, `HH:MM` (00 to 23). */
export function localTime(at: Date, timeZone = CENTRE_TIME_ZONE): string {
  const local = wallClock(at, timeZone);
  return `${two(local.hour)}:${two(local.minute)}`;
}

/** The centre's date and hour at `at`, `YYYY-MM-DD HH`: a group of an hour in the statistics. */
export function localHour(at: Date, timeZone = CENTRE_TIME_ZONE): string {
  return `${localDay(at, timeZone)} ${two(wallClock(at, timeZone).hour)}`;
}

/** The year as the centre's clocks show it (an incident number's year turns at local midnight). */
export function localYear(at: Date, timeZone = CENTRE_TIME_ZONE): number {
  return wallClock(at, timeZone).year;
}

/**
 * `at` to the second with the centre's offset written out (no `Z`, no fraction), as CAP wants it.
 * @example localDateTime(new Date('2026-11-29T10:00:00Z')) // '2026-11-29T11:00:00+01:00'
 */
export function localDateTime(at: Date, timeZone = CENTRE_TIME_ZONE): string {
  const offset = Math.round(offsetMs(at, timeZone) / 60_000);
  const local = new Date(Math.floor(at.getTime() / 1_000) * 1_000 + offset * 60_000);
  const sign = offset < 0 ? '-' : '+';
  return `${local.toISOString().slice(0, 19)}${sign}${two(Math.floor(Math.abs(offset) / 60))}:${two(Math.abs(offset) % 60)}`;
}

/** A change of a zone's offset: from `from` on, its clocks are `offsetMinutes` ahead of UTC. */
export interface OffsetChange {
  readonly from: string;
  readonly offsetMinutes: number;
}

/**
 * The offset in force at `start` and every change until `end`, found day by day and then to the minute.
 * Browsers carry their own copy of the database, which may disagree with the server's; the console
 * formats times with these so that every screen shows the server's clock.
 */
export function offsetChanges(start: Date, end: Date, timeZone = CENTRE_TIME_ZONE): OffsetChange[] {
  const minutes = (t: number) => Math.round(offsetMs(new Date(t), timeZone) / 60_000);
  const changes: OffsetChange[] = [{ from: start.toISOString(), offsetMinutes: minutes(start.getTime()) }];
  const day = 86_400_000;
  for (let t = start.getTime(); t < end.getTime(); t += day) {
    const before = minutes(t);
    if (minutes(t + day) === before) continue;
    // The change is within this day: narrow it down to the minute.
    let low = t;
    let high = t + day;
    while (high - low > 60_000) {
      const middle = low + Math.floor((high - low) / 120_000) * 60_000;
      if (minutes(middle) === before) low = middle;
      else high = middle;
    }
    changes.push({ from: new Date(high).toISOString(), offsetMinutes: minutes(high) });
  }
  return changes;
}
