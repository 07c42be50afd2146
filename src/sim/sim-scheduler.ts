import { ManualClock, type Clock } from '../core/clock.js';

/**
 * How simulated time relates to the wall: `real-time` follows the clock (the demo inside `amane
 * start`, on the system clock); `speed` moves a manual clock K times faster than the wall; `max` moves
 * it from one event to the next without waiting.
 */
export type Pace = { readonly kind: 'real-time' } | { readonly kind: 'speed'; readonly factor: number } | { readonly kind: 'max' };

interface Scheduled {
  readonly at: number;
  readonly seq: number;
  readonly label: string;
  readonly run: () => void | Promise<void>;
}

/**
 * The simulation's agenda: things to do at given times, done one at a time in time order (ties in
 * the order they were scheduled). On a manual clock the clock is set to each event's time before it
 * runs, so everything the event causes in the server is stamped with that time; and because the next
 * event waits for this one to finish, a run is the same for the same seed, however fast the machine.
 */
export class SimScheduler {
  private readonly heap: Scheduled[] = [];
  private seq = 0;
  private stopped = false;
  private wakeUp: (() => void) | undefined;
  private wallAnchor: { wall: number; sim: number } | undefined;
  /** Events that threw, with what they were (logged by the caller's `onError`). */
  errors = 0;
  ran = 0;

  constructor(
    readonly clock: Clock,
    readonly pace: Pace,
    private readonly onError: (label: string, error: unknown) => void,
  ) {
    if (pace.kind !== 'real-time' && !(clock instanceof ManualClock)) throw new Error('a simulation faster than the wall needs a manual clock');
  }

  /** Now, in simulated epoch milliseconds. */
  now(): number {
    return this.clock.now().getTime();
  }

  /** Runs `run` at `atMs` (now if that is past). */
  at(atMs: number, label: string, run: () => void | Promise<void>): void {
    this.push({ at: Math.max(Math.round(atMs), this.now()), seq: (this.seq += 1), label, run });
    this.wakeUp?.();
  }

  /** Runs `run` `delayMs` from now. */
  after(delayMs: number, label: string, run: () => void | Promise<void>): void {
    this.at(this.now() + delayMs, label, run);
  }

  /**
   * Runs the agenda until `untilMs` (simulated), or until `stop()` when none is given (real time). At
   * the end a manual clock stands at `untilMs`.
   */
  async run(untilMs?: number): Promise<void> {
    this.wallAnchor = { wall: performance.now(), sim: this.now() };
    while (!this.stopped) {
      const next = this.heap[0];
      if (next === undefined && untilMs !== undefined) break;
      if (next !== undefined && untilMs !== undefined && next.at > untilMs) break;
      const wait = next === undefined ? Infinity : this.wallWait(next.at);
      if (wait > 0) {
        await this.sleep(wait);
        continue; // something earlier may have been scheduled meanwhile
      }
      const event = this.pop()!;
      if (this.clock instanceof ManualClock && event.at > this.now()) this.clock.set(new Date(event.at));
      try {
        await event.run();
      } catch (error) {
        this.errors += 1;
        this.onError(event.label, error);
      }
      this.ran += 1;
    }
    if (!this.stopped && untilMs !== undefined && this.clock instanceof ManualClock && untilMs > this.now()) this.clock.set(new Date(untilMs));
  }

  /** Ends `run` after the event running now. */
  stop(): void {
    this.stopped = true;
    this.wakeUp?.();
  }

  get pending(): number {
    return this.heap.length;
  }

  /** Wall milliseconds to wait before an event at `atMs` is due. */
  private wallWait(atMs: number): number {
    switch (this.pace.kind) {
      case 'max':
        return 0;
      case 'real-time':
        return atMs - this.now();
      case 'speed': {
        const anchor = this.wallAnchor!;
        return anchor.wall + (atMs - anchor.sim) / this.pace.factor - performance.now();
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      // Long waits are cut into short ones, so a stop or a new event is noticed quickly.
      const timer = setTimeout(done, Math.min(ms, 1_000));
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = () => {
        this.wakeUp = undefined;
        done();
      };
    });
  }

  private push(item: Scheduled): void {
    const heap = this.heap;
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Scheduled | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last !== undefined) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }
}

function before(a: Scheduled, b: Scheduled): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
