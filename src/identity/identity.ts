
// The shapes' building blocks are the contract's, shared with the console.
export { BASE64_PATTERN, IsoDate, NATIONAL_ID_PATTERN, NationalIdNumber, PlaceCode, TimeOfDay } from '../contract/identity.schema.js';

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
