import type { Clock } from './clock.js';
import { DomainError } from './errors.js';

const WINDOW_MS = 60_000;

/**
 * At most `perMinute` uses per key (a client address) in each minute since the key's first use; beyond,
 * `rate_limited` with the seconds left. For public routes that answer from the database to anyone, so
 * one client cannot walk through the register.
 */
export class RateLimit {
  private readonly windows = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
    /** What is limited, for the refusal: `card verifications from this address`. */
    private readonly what: string,
  ) {}

  /** Counts one use of `key`; throws when its minute is used up. */
  take(key: string): void {
    const waitS = this.tryTake(key);
    if (waitS !== 0) {
      throw new DomainError('rate_limited', `too many ${this.what}: at most ${this.perMinute} a minute; try again in ${waitS} s`, { retryAfterS: waitS });
    }
  }

  /**
   * Counts one use of `key` if its minute allows it and returns 0; otherwise the seconds until it does
   * (for what is dropped rather than refused: a device's excess messages).
   */
  tryTake(key: string): number {
    const now = this.clock.now().getTime();
    let window = this.windows.get(key);
    if (window === undefined || now - window.since >= WINDOW_MS) {
      window = { count: 0, since: now };
      this.windows.set(key, window);
      if (this.windows.size > 10_000) this.prune(now);
    }
    if (window.count >= this.perMinute) return Math.max(1, Math.ceil((window.since + WINDOW_MS - now) / 1_000));
    window.count += 1;
    return 0;
  }

  private prune(now: number): void {
    for (const [key, window] of this.windows) if (now - window.since >= WINDOW_MS) this.windows.delete(key);
  }
}

/**
 * At most one log line per key per interval, for what a device can make happen thousands of times a
 * second (a flood of bad or excess messages): the line says how many times it happened since the last.
 */
export class LogEvery {
  private readonly last = new Map<string, { at: number; unsaid: number }>();

  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock,
  ) {}

  /** Counts one occurrence of `key`; returns how many to report (this one included) when a line is due, else undefined. */
  due(key: string): number | undefined {
    const now = this.clock.now().getTime();
    const entry = this.last.get(key);
    if (entry !== undefined && now - entry.at < this.intervalMs) {
      entry.unsaid += 1;
      return undefined;
    }
    const count = (entry?.unsaid ?? 0) + 1;
    this.last.set(key, { at: now, unsaid: 0 });
    if (this.last.size > 10_000) for (const [k, e] of this.last) if (now - e.at >= this.intervalMs) this.last.delete(k);
    return count;
  }
}
