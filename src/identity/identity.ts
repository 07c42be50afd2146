import { Type } from 'typebox';
import { CENTRE_TIME_ZONE } from '../core/time-zone.js';

/**
 * What every part of the identity service shares: the national ID number, dates as the register keeps
 * them (`YYYY-MM-DD`, the centre's local calendar), the codes of desks and centres, the journal streams.
 * Pure.
 */

/** `BE123456`: one or two capital letters, then 3 to 7 digits (the CNIE number, key of the register). */
export const NATIONAL_ID_PATTERN = /^[A-Z]{1,2}[0-9]{3,7}$/;

export const NationalIdNumber = Type.String({
  pattern: NATIONAL_ID_PATTERN.source,
  'x-expected': 'a national ID number: 1 or 2 capital letters then 3 to 7 digits, such as BE123456',
});

/** A calendar date that exists (ajv's `date` format knows February and leap years). */
export const IsoDate = Type.String({ format: 'date', 'x-expected': 'a date YYYY-MM-DD that exists, such as 1990-02-28' });

/** A time of day on a desk's schedule. */
export const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', 'x-expected': 'a time of day HH:MM, such as 09:30' });

/** Codes of enrolment desks and issuance centres: `RABAT`, `ST-ANFA`. */
export const PlaceCode = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9_-]{1,31}$',
  'x-expected': 'a code: capital letters, digits, _ and -, 2 to 32 characters, such as RABAT',
});

/** Base64 as sent in JSON (standard alphabet, padding optional). */
export const BASE64_PATTERN = '^[A-Za-z0-9+/]*={0,2}$';

// --- Journal streams -----------------------------------------------------------------------------
// The kinds `identity-application`, `-appointment`, `-batch`, `-centre` and `-card` are seen live by the
// roles permission.ts names; a person's stream (who read whose record) and the desks' and rules' are
// seen by auditors only.

export function personStream(nin: string): string {
  return `identity-person/${nin}`;
}
export function appointmentStream(id: string): string {
  return `identity-appointment/${id}`;
}
export function applicationStream(number: string): string {
  return `identity-application/${number}`;
}
export function batchStream(id: string): string {
  return `identity-batch/${id}`;
}
export function centreStream(code: string): string {
  return `identity-centre/${code}`;
}
export function cardStream(documentNumber: string): string {
  return `identity-card/${documentNumber}`;
}
export function deskStream(code: string): string {
  return `identity-desk/${code}`;
}
export const RULES_STREAM = 'identity-rules/current';

// --- The local calendar --------------------------------------------------------------------------

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: CENTRE_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: CENTRE_TIME_ZONE, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' });

/** The day in Casablanca at `at`, `YYYY-MM-DD`. */
export function localDay(at: Date): string {
  return dayFormat.format(at);
}

/** The time of day in Casablanca at `at`, `HH:MM`. */
export function localTime(at: Date): string {
  return timeFormat.format(at);
}

function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return [y, m, d];
}

/** `day` plus `n` days (n may be negative). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** 1 for Monday ... 7 for Sunday (ISO 8601). */
export function isoWeekday(day: string): number {
  const [y, m, d] = parts(day);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** Whole years between a birth date and a day: a person born on 29 February has a birthday on 1 March in other years. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m, d] = parts(day);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/** `day` plus `years` years; 29 February becomes 28 February in a common year. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = parts(day);
  const target = y + years;
  const last = new Date(Date.UTC(target, m, 0)).getUTCDate();
  return `${String(target).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The year of a day as Casablanca counts it. */
export function yearOf(day: string): number {
  return Number(day.slice(0, 4));
}
