import { describe, expect, it } from 'vitest';
import { ArrivalProcess, hourlyProfile, hourlyRates, localHour } from './call-arrivals.js';
import { randomStream } from './sim-random.js';

const DAY_MS = 86_400_000;

/** Arrivals over `days` days from a local midnight, counted by local hour. */
function countByHour(process: ArrivalProcess, startMs: number, days: number): number[] {
  const counts = new Array<number>(24).fill(0);
  for (let t = process.next(startMs); t < startMs + days * DAY_MS; t = process.next(t)) counts[localHour(t)]! += 1;
  return counts;
}

describe('the arrival of calls', () => {
  it('spreads a day of calls over the hours, quietest at 5 am and busiest in the evening', () => {
    const rates = hourlyRates(4_000);
    expect(rates.reduce((a, b) => a + b, 0)).toBeCloseTo(4_000, 6);
    expect(rates.indexOf(Math.min(...rates))).toBe(5);
    expect(rates.indexOf(Math.max(...rates))).toBe(20);
    // About five times as many calls at the evening peak as before dawn.
    expect(rates[20]! / rates[5]!).toBeGreaterThan(4.5);
    expect(hourlyProfile.reduce((a, b) => a + b, 0) / 24).toBeCloseTo(1, 9);
  });

  it("reads the hour on Casablanca's clocks: UTC+1, and UTC+0 during Ramadan", () => {
    expect(localHour(Date.parse('2026-07-15T10:30:00Z'))).toBe(11);
    expect(localHour(Date.parse('2026-07-15T23:30:00Z'))).toBe(0);
    // Ramadan 2026: Morocco's clocks go back to UTC.
    expect(localHour(Date.parse('2026-03-01T10:30:00Z'))).toBe(10);
  });

  it('draws as many calls in each hour as the rate says, over many days', () => {
    const days = 60;
    const perDay = 2_000;
    const start = Date.parse('2026-06-01T00:00:00+01:00');
    const counts = countByHour(new ArrivalProcess(randomStream(11, 'arrivals'), perDay), start, days);
    const expected = hourlyRates(perDay).map((rate) => rate * days);
    for (let hour = 0; hour < 24; hour += 1) {
      // A Poisson count of n is within 4 standard deviations (4 * sqrt(n)) of n.
      expect(Math.abs(counts[hour]! - expected[hour]!), `hour ${hour}: ${counts[hour]} against ${expected[hour]!.toFixed(0)}`).toBeLessThan(4 * Math.sqrt(expected[hour]!));
    }
    expect(counts.reduce((a, b) => a + b, 0) / days).toBeGreaterThan(perDay * 0.97);
    expect(counts[20]! / counts[5]!).toBeGreaterThan(4);
  });

  it('draws the same arrivals for the same seed, and others for another', () => {
    const start = Date.parse('2026-06-01T00:00:00+01:00');
    const draw = (seed: number) => {
      const process = new ArrivalProcess(randomStream(seed, 'arrivals'), 4_000);
      const times: number[] = [];
      for (let t = process.next(start); times.length < 50; t = process.next(t)) times.push(t);
      return times;
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(4)).not.toEqual(draw(3));
    expect(draw(3).every((t, i, all) => i === 0 || t >= all[i - 1]!)).toBe(true);
  });

  it('never arrives when no call is expected', () => {
    expect(new ArrivalProcess(randomStream(1, 'arrivals'), 0).next(Date.parse('2026-06-01T00:00:00Z'))).toBe(Infinity);
  });
});
