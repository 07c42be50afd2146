import { Type, type Static } from 'typebox';
import { Closed } from '../core/schema.js';
import { IsoDate, PlaceCode } from './identity.js';

// The figures' shape is the contract's, shared with the console.
export { IdentityStatistics } from '../contract/statistics.schema.js';

/** Production and waiting-time figures of the identity service. */

export const StatisticsQuery = Closed({
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  centre: Type.Optional(PlaceCode),
});
export type StatisticsQuery = Static<typeof StatisticsQuery>;

/** The nearest-rank percentile of sorted values (q in (0, 1]). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1]!;
}

/** Sums per-day counts into months or years (`period` cut to `length` characters). */
export function rollUp(byDay: readonly { centre: string; period: string; cards: number }[], length: number): { centre: string; period: string; cards: number }[] {
  const sums = new Map<string, { centre: string; period: string; cards: number }>();
  for (const row of byDay) {
    const period = row.period.slice(0, length);
    const key = `${period}\u0000${row.centre}`;
    const sum = sums.get(key);
    if (sum === undefined) sums.set(key, { centre: row.centre, period, cards: row.cards });
    else sum.cards += row.cards;
  }
  return [...sums.values()].sort((a, b) => a.period.localeCompare(b.period) || a.centre.localeCompare(b.centre));
}
