import { centreClock } from '../../i18n/centreClock';

/** Arabic-Indic and Eastern Arabic-Indic digits as ASCII digits: a date may be typed with either. */
function westernDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (digit) => String((digit.charCodeAt(0) & 0xf) % 10));
}

/** The centre's offset from UTC at an instant, in minutes (Casablanca: +60, 0 during Ramadan). */
function centreOffsetMinutes(at: number): number {
  const { date, timeZone } = centreClock(new Date(at));
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(date);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Math.round((Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second')) - at) / 60_000);
}

/**
 * A day written day first (`31/12/2026`, `31.12.2026`, `31-12-2026`, Arabic digits allowed) as the UTC
 * instant its midnight is on the centre's clock; `endOfDay` gives the next midnight (a range's end,
 * excluded). Empty text is `null`; text that is not a real date is `undefined`.
 * @example centreDayStart('02/03/2026') // 2026-03-01T23:00:00.000Z (Casablanca is UTC+1 then)
 */
export function centreDayStart(text: string, endOfDay = false): Date | null | undefined {
  const trimmed = westernDigits(text.trim());
  if (trimmed === '') return null;
  const match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(trimmed);
  if (match === null) return undefined;
  const [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const local = Date.UTC(year, month - 1, day + (endOfDay ? 1 : 0));
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  // The offset at the guess, then at the instant it gives: right across a change of offset too.
  const guess = local - centreOffsetMinutes(local) * 60_000;
  return new Date(local - centreOffsetMinutes(guess) * 60_000);
}
