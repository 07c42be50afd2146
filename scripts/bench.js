#!/usr/bin/env node
// `npm run bench -- NAME`: runs bench/NAME.ts; its last line is `RESULT NAME key=value ...`.
//
// The bench runs as the leader of a process group of its own, with every server and load generator it
// starts inside it; whatever ends the bench (its end, a failure, Ctrl-C, a kill), the whole group is
// killed, so that nothing outlives `npm run bench`. If this script itself is killed with SIGKILL, the
// bench sees its IPC channel to this script close and kills its group.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout } from 'node:timers';

const benches = fs.readdirSync(path.resolve('bench')).filter((f) => f.endsWith('.ts') && f !== 'bench-child.ts').map((f) => f.slice(0, -3)).sort();
const [name, ...args] = process.argv.slice(2);
if (name === undefined || !benches.includes(name)) {
  console.error(`usage: npm run bench -- NAME   (one of: ${benches.join(', ')})`);
  process.exit(2);
}

// Preloaded into the bench: when this script is gone, the bench takes its group down with it.
const KILL_GROUP_WITH_PARENT =
  'data:text/javascript,' +
  encodeURIComponent("process.on('disconnect', () => process.kill(-process.pid, 'SIGKILL')); setImmediate(() => process.channel?.unref());");

const bench = spawn(process.execPath, ['--import', KILL_GROUP_WITH_PARENT, '--import', 'tsx', `bench/${name}.ts`, ...args], {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  detached: true,
});

function killGroup(signal) {
  try {
    process.kill(-bench.pid, signal);
  } catch {
    // The group is empty: nothing left to stop.
  }
}

process.once('exit', () => killGroup('SIGKILL'));
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // The bench is in another group: a terminal's Ctrl-C does not reach it; pass the signal on, and give
    // its processes a moment to stop before they are killed.
    killGroup(signal);
    setTimeout(() => killGroup('SIGKILL'), 3_000).unref();
  });
}
bench.once('exit', (code, signal) => {
  // The leader is gone; anything it left in its group is stopped now.
  killGroup('SIGKILL');
  process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0));
});
