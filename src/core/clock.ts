/** The source of time. Services read it, never `Date.now()`, so tests and the simulator can drive it. */
export interface Clock {
  now(): Date;
}

/** The wall clock. */
export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to: tests and the simulator drive it. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-01-01T00:00:00.000Z') {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Moves time forward by `ms` milliseconds (never backwards). */
  advance(ms: number): Date {
    if (!(ms >= 0)) throw new RangeError(`a clock only moves forward; got ${ms} ms`);
    this.current += ms;
    return this.now();
  }

  set(at: Date | string): void {
    const next = new Date(at).getTime();
    if (next < this.current) throw new RangeError(`a clock only moves forward; ${new Date(at).toISOString()} is in its past`);
    this.current = next;
  }
}

/** A timestamp as stored and journaled: ISO 8601 in UTC with milliseconds, fixed width so it sorts as text. */
export function timestamp(clock: Clock): string {
  return clock.now().toISOString();
}
