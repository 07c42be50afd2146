import type { Core } from './context.js';

export interface SweepOptions {
  /** What the pass does, as the log names it when a pass fails: `the idle session sweep`. */
  readonly name: string;
  /** Time between the starts of two passes; a pass still running when the next is due skips that one. */
  readonly everyMs: number;
  /** One pass. What it returns is ignored; a rejection is logged, and the next pass runs all the same. */
  readonly run: () => Promise<unknown> | unknown;
  /** Runs a first pass at once instead of after `everyMs`. */
  readonly runAtStart?: boolean;
}

/** A periodic pass started by `startSweep`. */
export interface Sweep {
  /** Resolves once no pass is running (at once when none is). */
  settled(): Promise<void>;
  /** Stops the timer and waits for a pass under way; no pass starts after it. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `everyMs` in the background, as a module's `start` does for its saves and sweeps: a
 * pass never starts while the previous one runs (it is skipped, not queued), the timer does not hold
 * the process open, and a failed pass is logged and tried again at the next beat.
 * @example const sweep = startSweep(core, { name: 'the idle session sweep', everyMs: 60_000, run: () => endIdleSessionsNow(core) });
 *          // in stop: await sweep.stop();
 */
export function startSweep(core: Pick<Core, 'log'>, options: SweepOptions): Sweep {
  let running: Promise<void> | undefined;
  let stopped = false;
  const pass = () => {
    if (running !== undefined || stopped) return;
    running = (async () => options.run())()
      .then(() => undefined)
      .catch((error: unknown) => core.log.error({ err: error }, `${options.name} failed`))
      .finally(() => {
        running = undefined;
      });
  };
  if (options.runAtStart === true) pass();
  const timer = setInterval(pass, options.everyMs);
  timer.unref();
  return {
    async settled() {
      await running;
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
