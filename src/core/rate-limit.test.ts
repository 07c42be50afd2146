import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { DomainError } from './errors.js';
import { LogEvery, RateLimit } from './rate-limit.js';

describe('a rate limit per key', () => {
  it('takes the quota of each key in its minute, refuses beyond with the seconds left, and starts again after', () => {
    const clock = new ManualClock('2026-12-07T08:00:00.000Z');
    const limit = new RateLimit(2, clock, 'tries from here');
    limit.take('a');
    limit.take('a');
    limit.take('b');
    clock.advance(15_000);
    const refused = (() => {
      try {
        limit.take('a');
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({ code: 'rate_limited', retryAfterS: 45, message: 'too many tries from here: at most 2 a minute; try again in 45 s' });
    clock.advance(45_000);
    expect(() => limit.take('a')).not.toThrow();
  });
});

describe('one log line per interval', () => {
  it('says the first at once, keeps the rest for the next line, and counts them there', () => {
    const clock = new ManualClock('2026-12-07T08:00:00.000Z');
    const every = new LogEvery(10_000, clock);
    expect(every.due('car-12')).toBe(1);
    expect([every.due('car-12'), every.due('car-12'), every.due('cam-3')]).toEqual([undefined, undefined, 1]);
    clock.advance(10_000);
    expect(every.due('car-12')).toBe(3);
    expect(every.due('car-12')).toBeUndefined();
  });
});
