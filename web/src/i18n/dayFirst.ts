/**
 * Calendar dates written day first (`14/05/1990`), as Moroccan offices write them in French and in
 * Arabic, whatever the computer's locale. A calendar date (a birth date, an appointment day) is no
 * instant: it is read and written as its three numbers, never through a time zone.
 */

/** A calendar date `YYYY-MM-DD` split into its numbers. */
export interface CalendarParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** What an operator typed in a date field. */
export type TypedDate =
  | { readonly kind: 'empty' }
  /** On its way to a date (`14/0`): not wrong yet. */
  | { readonly kind: 'partial' }
  /** No date can be read, or not one of the calendar (`31/02/1990`, `14/13/1990`). */
  | { readonly kind: 'invalid' }
  | { readonly kind: 'date'; readonly iso: string };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const SEPARATOR = '[/.\\- ]';
const DAY_FIRST = new RegExp(`^(\\d{1,2})${SEPARATOR}(\\d{1,2})${SEPARATOR}(\\d{4})$`);
const DAY_FIRST_UNSEPARATED = /^(\d{2})(\d{2})(\d{4})$/;
const DAY_FIRST_PARTIAL = new RegExp(`^\\d{0,2}(${SEPARATOR}\\d{0,2}(${SEPARATOR}\\d{0,3})?)?$`);
const ISO_PARTIAL = /^\d{4}(-\d{0,2}(-\d{0,1})?)?$/;
const UNSEPARATED_PARTIAL = /^\d{3,7}$/;

/** Whether `year`-`month`-`day` is a day of the calendar (29 February only in leap years). */
export function isCalendarDay({ year, month, day }: CalendarParts): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (year < 1000 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** The numbers of a calendar date `YYYY-MM-DD`; undefined for anything else (an instant, `2026-02-30`). */
export function calendarParts(iso: string): CalendarParts | undefined {
  const match = ISO_DATE.exec(iso);
  if (match === null) return undefined;
  const parts = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  return isCalendarDay(parts) ? parts : undefined;
}

/** `YYYY-MM-DD` of a day of the calendar. */
export function isoOf({ year, month, day }: CalendarParts): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * A calendar date written day first, in Latin digits: `formatDayFirst('1990-05-14')` is `14/05/1990`.
 * Anything that is not a calendar date gives ''.
 */
export function formatDayFirst(iso: string): string {
  const parts = calendarParts(iso);
  if (parts === undefined) return '';
  return `${String(parts.day).padStart(2, '0')}/${String(parts.month).padStart(2, '0')}/${parts.year}`;
}

/** Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits as Latin ones: a keyboard may type either. */
export function latinDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (digit) => {
    const code = digit.codePointAt(0)!;
    return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
  });
}

/**
 * Reads what an operator typed, day first: `14/05/1990`, `14.05.1990`, `14-05-1990`, `14 05 1990`,
 * `1/5/1990`, `14051990`, in Latin or Arabic-Indic digits; a date written `1990-05-14` (pasted from
 * another system) is read as such. A two-digit year is never completed (a birth date's century is not
 * guessed): `12/06/26` stays `partial`, which a field left that way shows as wrong.
 *
 *   parseDayFirst('14/05/1990') // { kind: 'date', iso: '1990-05-14' }
 *   parseDayFirst('31/02/1990') // { kind: 'invalid' }
 *   parseDayFirst('14/0')       // { kind: 'partial' }
 */
export function parseDayFirst(typed: string): TypedDate {
  const text = latinDigits(typed)
    .trim()
    .replace(/\s*([/.-])\s*/g, '$1')
    .replace(/\s+/g, ' ');
  if (text === '') return { kind: 'empty' };
  const iso = ISO_DATE.exec(text);
  const dayFirst = DAY_FIRST.exec(text) ?? DAY_FIRST_UNSEPARATED.exec(text);
  const parts =
    iso !== null
      ? { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]) }
      : dayFirst !== null
        ? { year: Number(dayFirst[3]), month: Number(dayFirst[2]), day: Number(dayFirst[1]) }
        : undefined;
  if (parts !== undefined) return isCalendarDay(parts) ? { kind: 'date', iso: isoOf(parts) } : { kind: 'invalid' };
  return [DAY_FIRST_PARTIAL, ISO_PARTIAL, UNSEPARATED_PARTIAL].some((pattern) => pattern.test(text)) ? { kind: 'partial' } : { kind: 'invalid' };
}
