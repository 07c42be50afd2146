import { CENTRE_TIME_ZONE, offsetMs, wallClock } from '../core/time-zone.js';

/**
 * When a GTFS service runs, and the instants of a timetable's times. Pure: the calendar rows and the
 * date are handed in.
 */

/** A service's days: weekly pattern and validity (calendar.txt), and its exceptions (calendar_dates.txt). */
export interface ServiceCalendar {
  /** Seven flags, Monday first; null when calendar_dates.txt alone defines the service. */
  readonly days: string | null;
  readonly startDate: string | null;
  readonly endDate: string | null;
  /** YYYYMMDD → 1 added that day, 2 removed that day. */
  readonly exceptions: Readonly<Record<string, 1 | 2>>;
}

/**
 * Whether the service runs on `date` (YYYYMMDD): an exception decides alone; otherwise the weekday's
 * flag within start_date–end_date (GTFS Reference, calendar.txt and calendar_dates.txt).
 * @example runsOn({ days: '1111100', startDate: '20260101', endDate: '20261231', exceptions: { '20261207': 2 } }, '20261207') // false
 */
export function runsOn(service: ServiceCalendar, date: string): boolean {
  const exception = service.exceptions[date];
  if (exception !== undefined) return exception === 1;
  if (service.days === null || service.startDate === null || service.endDate === null) return false;
  if (date < service.startDate || date > service.endDate) return false;
  const weekday = (new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)))).getUTCDay() + 6) % 7;
  return service.days[weekday] === '1';
}

/** The local date (YYYYMMDD) of `at` in `timeZone`. */
export function serviceDate(at: Date, timeZone = CENTRE_TIME_ZONE): string {
  const local = wallClock(at, timeZone);
  return `${local.year}${String(local.month).padStart(2, '0')}${String(local.day).padStart(2, '0')}`;
}

/** The date `days` after `date` (YYYYMMDD, negative allowed). */
export function addDays(date: string, days: number): string {
  const at = new Date(Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)) + days));
  return `${at.getUTCFullYear()}${String(at.getUTCMonth() + 1).padStart(2, '0')}${String(at.getUTCDate()).padStart(2, '0')}`;
}

/**
 * The instant a GTFS time counts from on `date`: "noon minus 12h" local (GTFS Reference, Field Types,
 * Time), which is midnight except on a day the clocks change.
 * @example new Date(serviceDayOrigin('20260715')).toISOString() // '2026-07-14T23:00:00.000Z'
 */
export function serviceDayOrigin(date: string, timeZone = CENTRE_TIME_ZONE): number {
  const noonUtc = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(4, 6)) - 1, Number(date.slice(6, 8)), 12);
  const noon = noonUtc - offsetMs(new Date(noonUtc), timeZone);
  return noon - 12 * 3600_000;
}
