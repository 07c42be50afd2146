/**
 * Node child processes that never outlive the process that started them: tests and benches start servers
 * and load generators this way, so that a failed assertion, a timeout, Ctrl-C or a killed parent leaves
 * nothing running.
 *
 * Two guards, because no single one covers every way a parent ends:
 * - in the parent, every live child is killed when the parent exits or receives SIGINT, SIGTERM or SIGHUP
 *   (an `exit` handler alone does not run when a signal ends the process);
 * - in the child, a preloaded module watches the IPC channel to its parent and exits when it closes, which
 *   the kernel does even when the parent is killed with SIGKILL and runs no code at all.
 */
import { spawn, type ChildProcess, type SpawnOptions, type StdioOptions } from 'node:child_process';
import path from 'node:path';

/**
 * Preloaded into each child (`node --import`): exits once the parent's end of the IPC channel is gone.
 * The channel is unreferenced so that it does not keep an idle child alive; a child that listens for
 * messages references it again by adding its listener.
 */
const EXIT_WITH_PARENT =
  'data:text/javascript,' +
  encodeURIComponent(
    "process.on('disconnect', () => { process.exitCode = 1; process.kill(process.pid, 'SIGTERM'); setTimeout(() => process.exit(1), 5000).unref(); });" +
      'setImmediate(() => process.channel?.unref());',
  );

const live = new Set<ChildProcess>();
let guarded = false;

function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}

/** Once per process: kill every live child on exit, and on the signals that end a process by default. */
function guardParent(): void {
  if (guarded) return;
  guarded = true;
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      killAll();
      process.removeListener(signal, onSignal);
      // Our listener replaced the default action (end the process); if no one else listens, take it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

/**
 * Runs `node [execArgv] args` as a child tied to this process (see above). `stdio` gives the first three
 * descriptors; an IPC channel is always added as the fourth, usable with `child.send` and `process.send`.
 */
export function spawnTied(args: readonly string[], options: Omit<SpawnOptions, 'stdio'> & { stdio?: readonly ['ignore' | 'inherit' | 'pipe', 'ignore' | 'inherit' | 'pipe', 'ignore' | 'inherit' | 'pipe']; execArgv?: readonly string[] } = {}): ChildProcess {
  guardParent();
  const { stdio = ['ignore', 'inherit', 'inherit'], execArgv = [], ...rest } = options;
  const child = spawn(process.execPath, [...execArgv, '--import', EXIT_WITH_PARENT, ...args], { ...rest, stdio: [...stdio, 'ipc'] as StdioOptions });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

const AMANE = path.resolve(import.meta.dirname, '../../bin/amane.js');

/** A running `amane start`, tied to this process. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:PORT`, as the server printed it. */
  readonly url: string;
  /** Everything it printed so far, stdout and stderr together. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`; resolves to its exit code (null if killed). */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts `amane start` with `env` and resolves once it serves and `ready(output)` holds. If it exits
 * first, or is not ready within `timeoutMs`, it is killed and the promise rejects with what it printed.
 */
export function startServerProcess(env: NodeJS.ProcessEnv, options: { ready?: (output: string) => boolean; timeoutMs?: number } = {}): Promise<ServerProcess> {
  const { ready = () => true, timeoutMs = 30_000 } = options;
  const child = spawnTied([AMANE, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (graceMs = 10_000): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const code = await exited;
    clearTimeout(timer);
    return code;
  };
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${reason}:\n${output}`));
    };
    const timer = setTimeout(() => fail(`amane start was not ready within ${timeoutMs / 1_000} s`), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += String(chunk);
      const url = /serving on (http:\/\/\S+)/.exec(output)?.[1];
      if (url === undefined || !ready(output)) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.stderr!.off('data', onData);
      // Still read what it prints (a full pipe would block the server), kept for `output()`.
      const keep = (more: Buffer) => {
        output += String(more);
      };
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      resolve({ child, url, output: () => output, stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => fail(`amane start exited with ${code ?? signal}`));
  });
}
