import { CENTRE_TIME_ZONE, offsetMs } from '../core/time-zone.js';
import { exponential, type Random } from './sim-random.js';

/**
 * How the day's calls spread over the local hours (0 = midnight to 1 am), as a multiple of the
 * day's average hour. Emergency lines are quietest before dawn and busiest in the evening: the
 * trough around 4-6 am at a third of the average, a rise through the morning, a plateau in the
 * afternoon, the peak from 7 to 10 pm at about 1.6 times the average, then a slow fall through the
 * night (people out, disputes, noise). Published hourly profiles of police calls for service (e.g.
 * the NICJR analysis of Seattle's 2017-2019 calls) have this shape; the figures are ours, rounded.
 * No hourly profile of line 19 is published that we could find.
 */
const hourlyShape: readonly number[] = [
  0.95, 0.75, 0.55, 0.42, 0.33, 0.3, 0.38, 0.55, 0.75, 0.9, 1.0, 1.05, 1.08, 1.08, 1.08, 1.12, 1.2, 1.32, 1.45, 1.55, 1.62, 1.6, 1.45, 1.2,
];

/** The shape above scaled so that its 24 values average 1. */
export const hourlyProfile: readonly number[] = (() => {
  const mean = hourlyShape.reduce((sum, value) => sum + value, 0) / hourlyShape.length;
  return hourlyShape.map((value) => value / mean);
})();

/** Expected calls in each local hour for a day of `perDay` calls. */
export function hourlyRates(perDay: number): number[] {
  return hourlyProfile.map((weight) => (perDay / 24) * weight);
}

const HOUR_MS = 3_600_000;
const offsets = new Map<number, number>();

/**
 * The hour (0-23) Casablanca's clocks show at `ms`. The offset is asked of the time-zone database
 * once per UTC hour (Casablanca is at UTC+1, at UTC+0 around Ramadan) and remembered.
 */
export function localHour(ms: number): number {
  const utcHour = Math.floor(ms / HOUR_MS);
  let offset = offsets.get(utcHour);
  if (offset === undefined) {
    offset = offsetMs(new Date(utcHour * HOUR_MS), CENTRE_TIME_ZONE);
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(utcHour, offset);
  }
  return Math.floor((((ms + offset) % 86_400_000) + 86_400_000) % 86_400_000 / HOUR_MS);
}

/**
 * Arrivals of a Poisson process whose rate follows the hour of the day: drawn at the peak rate and
 * each kept with the probability rate(t) / peak (thinning, Lewis and Shedler 1979), which is exact
 * for a rate that changes by the hour. Deterministic for its random stream.
 */
export class ArrivalProcess {
  private readonly perHour: readonly number[];
  private readonly peakPerMs: number;

  constructor(
    private readonly random: Random,
    perDay: number,
  ) {
    this.perHour = hourlyRates(perDay);
    this.peakPerMs = Math.max(...this.perHour) / HOUR_MS;
  }

  /** The rate in force at `ms`, in arrivals per hour. */
  rateAt(ms: number): number {
    return this.perHour[localHour(ms)]!;
  }

  /** The first arrival after `afterMs` (epoch milliseconds); Infinity when the rate is zero. */
  next(afterMs: number): number {
    if (!(this.peakPerMs > 0)) return Infinity;
    let t = afterMs;
    for (;;) {
      t += exponential(this.random, 1 / this.peakPerMs);
      if (this.random() * this.peakPerMs * HOUR_MS <= this.rateAt(t)) return Math.round(t);
    }
  }
}
