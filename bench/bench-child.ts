/**
 * A bench's load runs in child processes (a second process loads the machine as a real peer would, and
 * its CPU is measured apart from the server's). The parent asks each child for its figures at marks.
 */
import { spawn } from 'node:child_process';

export interface BenchChild<Mark> {
  /** The child's figures so far, with the CPU time it has used (ms). */
  mark(): Promise<Mark & { readonly cpuMs: number }>;
  stop(): Promise<void>;
}

/** Runs `file` again as a child (`node --import tsx file ...args`) and waits until it says it is ready. */
export async function startBenchChild<Mark>(file: string, args: readonly string[]): Promise<BenchChild<Mark>> {
  const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((resolve) => child.once('message', resolve));
  return {
    mark: () =>
      new Promise((resolve) => {
        child.once('message', (mark) => resolve(mark as Mark & { cpuMs: number }));
        child.send('mark');
      }),
    async stop() {
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
