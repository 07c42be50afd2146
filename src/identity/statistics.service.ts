import type { Core } from '../core/context.js';
import { invalidField } from '../core/errors.js';
import { localDay, startOfLocalDay } from '../core/time-zone.js';
import { ApplicationStatus } from './application.js';
import { listStepPairs } from './application.repository.js';
import { countCardsByCentreAndDay } from './card.repository.js';
import { addDays } from './identity.js';
import { percentile, rollUp, type IdentityStatistics, type StatisticsQuery } from './statistics.js';

/** The longest period asked at once. */
const MAX_DAYS = 400;

/** The start of a local day, as the journal's timestamps count it. */
const startOf = (day: string) => startOfLocalDay(new Date(`${day}T12:00:00.000Z`)).toISOString();

/** Status changes in lifecycle order, so the waiting times read like the process. */
const order = Object.values(ApplicationStatus) as string[];

/**
 * Cards produced per centre per day, month and year, and the waiting time before each status change
 * (median and 90th percentile, from the applications' steps), over a period of local days (the last 30
 * by default).
 */
export async function identityStatistics(core: Pick<Core, 'db' | 'clock'>, query: StatisticsQuery): Promise<IdentityStatistics> {
  const to = query.to ?? localDay(core.clock.now());
  const from = query.from ?? addDays(to, -29);
  if (from > to) throw invalidField('from', `is after to (${to})`);
  if (addDays(from, MAX_DAYS) < to) throw invalidField('from', `is more than ${MAX_DAYS} days before to; ask for a shorter period`);
  const byDay = (await countCardsByCentreAndDay(core.db, from, to, query.centre)).map((row) => ({ centre: row.centre_code, period: row.date_of_issue, cards: row.cards }));
  const pairs = await listStepPairs(core.db, startOf(from), startOf(addDays(to, 1)));
  const durations = new Map<string, { from: string | null; to: string; seconds: number[] }>();
  for (const pair of pairs) {
    const key = `${pair.from_status ?? ''}>${pair.to_status}`;
    let entry = durations.get(key);
    if (entry === undefined) durations.set(key, (entry = { from: pair.from_status, to: pair.to_status, seconds: [] }));
    entry.seconds.push((Date.parse(pair.at) - Date.parse(pair.previous_at)) / 1_000);
  }
  const waiting = [...durations.values()]
    .sort((a, b) => order.indexOf(a.to) - order.indexOf(b.to) || order.indexOf(a.from ?? '') - order.indexOf(b.from ?? ''))
    .map((entry) => {
      const sorted = entry.seconds.sort((a, b) => a - b);
      return { from: entry.from, to: entry.to, count: sorted.length, medianSeconds: percentile(sorted, 0.5), p90Seconds: percentile(sorted, 0.9) };
    });
  return {
    from,
    to,
    produced: { byDay, byMonth: rollUp(byDay, 7), byYear: rollUp(byDay, 4), total: byDay.reduce((sum, row) => sum + row.cards, 0) },
    waiting,
  };
}
