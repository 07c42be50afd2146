import { describe, expect, it } from 'vitest';
import { dayAfter, slotAhead } from './dates';

describe('the centre calendar of the identity screens', () => {
  it('gives the next calendar day across months, years and a leap day', () => {
    expect(dayAfter('2026-12-07')).toBe('2026-12-08');
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    expect(dayAfter('2027-02-28')).toBe('2027-03-01');
  });

  it('holds a slot ahead only when its day and time are still to come on the centre clock', () => {
    // 18:00 in Casablanca (UTC+1): the desk's 16:15 slot that day has gone, the next day's has not.
    const evening = new Date('2026-12-07T17:00:00Z');
    expect(slotAhead('2026-12-07', '16:15', evening)).toBe(false);
    expect(slotAhead('2026-12-07', '18:30', evening)).toBe(true);
    expect(slotAhead('2026-12-08', '08:30', evening)).toBe(true);
  });
});
