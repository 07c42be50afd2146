/**
 * A bench's load runs in child processes (a second process loads the machine as a real peer would, and
 * its CPU is measured apart from the server's). The parent asks each child for its figures at marks.
 * Children are tied to the bench (`spawnTied`): a bench that fails, is interrupted or is killed takes
 * them with it.
 */
import type { ChildProcess } from 'node:child_process';
import { spawnTied } from '../src/server/tied-process.js';

export interface BenchChild<Mark> {
  /** The child's figures so far, with the CPU time it has used (ms). */
  mark(): Promise<Mark & { readonly cpuMs: number }>;
  stop(): Promise<void>;
}

/** Resolves with the child's next message; rejects if it exits first (a dead child never answers). */
function nextMessage<T>(child: ChildProcess, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`bench child exited with ${code ?? signal} before ${what}`));
    child.once('exit', onExit);
    child.once('message', (message) => {
      child.off('exit', onExit);
      resolve(message as T);
    });
  });
}

/** Runs `file` again as a child (`node --import tsx file ...args`) and waits until it says it is ready. */
export async function startBenchChild<Mark>(file: string, args: readonly string[]): Promise<BenchChild<Mark>> {
  const child = spawnTied([file, ...args], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit'] });
  await nextMessage(child, 'it was ready');
  return {
    mark: () => {
      const answer = nextMessage<Mark & { cpuMs: number }>(child, 'its mark');
      child.send('mark');
      return answer;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

/** In the child: answers each `mark` with `figures()` and the CPU used so far; exits on anything else. */
export function answerMarks(figures: () => object): void {
  process.on('message', (message) => {
    if (message !== 'mark') process.exit(0);
    const cpu = process.cpuUsage();
    process.send!({ ...figures(), cpuMs: (cpu.user + cpu.system) / 1_000 });
  });
  process.send!('ready');
}
