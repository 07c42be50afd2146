import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startSweep } from './sweep.js';

/** A logger whose lines are kept, to read what a failed pass said. */
function keptLog() {
  const lines: { msg: string; err?: { message: string } }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as { msg: string });
      done();
    },
  });
  return { log: pino({}, stream), lines };
}

/** A pass that stays under way until `finish` is called. */
function slowPass() {
  let started = 0;
  let finish: () => void = () => undefined;
  const run = () => {
    started += 1;
    return new Promise<void>((resolve) => {
      finish = resolve;
    });
  };
  return { run, started: () => started, finish: () => finish() };
}

describe('startSweep', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs a pass every period, and a first one at once when asked', async () => {
    const { log } = keptLog();
    let passes = 0;
    const sweep = startSweep({ log }, { name: 'counting', everyMs: 1_000, runAtStart: true, run: () => void (passes += 1) });
    await vi.advanceTimersByTimeAsync(0);
    expect(passes).toBe(1);
    await vi.advanceTimersByTimeAsync(3_000);
    expect(passes).toBe(4);
    await sweep.stop();
  });

  it('skips the beats that fall while a pass still runs, instead of starting another', async () => {
    const { log } = keptLog();
    const pass = slowPass();
    const sweep = startSweep({ log }, { name: 'a slow pass', everyMs: 1_000, run: pass.run });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pass.started()).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(pass.started()).toBe(1);
    pass.finish();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pass.started()).toBe(2);
    pass.finish();
    await sweep.stop();
  });

  it('logs a failed pass with its name and runs the next one all the same', async () => {
    const { log, lines } = keptLog();
    let passes = 0;
    const sweep = startSweep({ log }, {
      name: 'the failing sweep',
      everyMs: 1_000,
      run: () => {
        passes += 1;
        if (passes === 1) throw new Error('the database is away');
        return Promise.reject(new Error('still away'));
      },
    });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(passes).toBe(2);
    expect(lines.map((line) => [line.msg, line.err?.message])).toEqual([
      ['the failing sweep failed', 'the database is away'],
      ['the failing sweep failed', 'still away'],
    ]);
    await sweep.stop();
  });

  it('waits, when stopped, for the pass under way, and starts none after', async () => {
    const { log } = keptLog();
    const pass = slowPass();
    const sweep = startSweep({ log }, { name: 'a slow pass', everyMs: 1_000, run: pass.run });
    await vi.advanceTimersByTimeAsync(1_000);
    let stopped = false;
    const stopping = sweep.stop().then(() => {
      stopped = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    pass.finish();
    await stopping;
    expect(stopped).toBe(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(pass.started()).toBe(1);
  });

  it('says when the pass under way has ended', async () => {
    const { log } = keptLog();
    const pass = slowPass();
    const sweep = startSweep({ log }, { name: 'a slow pass', everyMs: 1_000, run: pass.run });
    await vi.advanceTimersByTimeAsync(1_000);
    let settled = false;
    const waiting = sweep.settled().then(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    pass.finish();
    await waiting;
    expect(settled).toBe(true);
    await sweep.stop();
  });
});
