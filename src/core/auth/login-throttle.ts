import type { Clock } from '../clock.js';
import { DomainError } from '../errors.js';

const WINDOW_MS = 60_000;

/**
 * Counts refused logins per client address over a one-minute window and refuses further attempts
 * once the limit is reached. Only failures count: a room of call-takers behind one address can all
 * log in at the change of shift.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly maxPerMinute: number,
    private readonly clock: Clock,
  ) {}

  /** Throws `rate_limited` when `address` has used up its attempts. */
  check(address: string): void {
    const entry = this.current(address);
    if (entry !== undefined && entry.count >= this.maxPerMinute) {
      const wait = Math.ceil((entry.since + WINDOW_MS - this.clock.now().getTime()) / 1_000);
      throw new DomainError('rate_limited', `too many refused logins from this address; try again in ${wait} s`);
    }
  }

  recordFailure(address: string): void {
    const entry = this.current(address);
    if (entry === undefined) this.failures.set(address, { count: 1, since: this.clock.now().getTime() });
    else entry.count += 1;
    if (this.failures.size > 10_000) this.prune();
  }

  private current(address: string): { count: number; since: number } | undefined {
    const entry = this.failures.get(address);
    if (entry === undefined) return undefined;
    if (this.clock.now().getTime() - entry.since >= WINDOW_MS) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    const now = this.clock.now().getTime();
    for (const [address, entry] of this.failures) if (now - entry.since >= WINDOW_MS) this.failures.delete(address);
  }
}
