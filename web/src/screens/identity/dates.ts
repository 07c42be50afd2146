import { centreClock } from '../../i18n/centreClock';

/** Today on the centre's calendar, `YYYY-MM-DD` (the register's days are Casablanca's). */
export function centreToday(at = new Date()): string {
  const { date, timeZone } = centreClock(at);
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** The time of day on the centre's clock, `HH:MM`. */
export function centreTime(at = new Date()): string {
  const { date, timeZone } = centreClock(at);
  return new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit' }).format(date);
}

/** Whether a slot can still be booked: not begun yet (the server refuses past slots anyway). */
export function slotAhead(day: string, time: string, at = new Date()): boolean {
  const today = centreToday(at);
  return day > today || (day === today && time > centreTime(at));
}

/** The calendar day after `day` (`YYYY-MM-DD`). */
export function dayAfter(day: string): string {
  const next = new Date(`${day}T12:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
