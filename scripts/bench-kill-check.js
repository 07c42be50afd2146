#!/usr/bin/env node
// `npm run bench:kill-check [-- NAME ...] [--rounds N]`: shows that a bench which starts processes leaves
// none behind, however it ends. Each run starts `node scripts/bench.js NAME` (as `npm run bench` does), and
// at a random moment either signals it (SIGINT as Ctrl-C would, SIGTERM, or SIGKILL, which lets it run no
// code at all), or kills one of the processes the bench started (a server, a load generator), so that the
// bench fails. Meanwhile /proc is read every 50 ms for the processes descending from it; once it has
// ended, every one of them, and every process of its process groups, must be gone within 15 s.
// Exits 1 if any process was left behind (they are then killed, and listed).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt === -1 ? 1 : Number(args.splice(roundsAt, 2)[1]);
/** The benches that start processes of their own, each with sizes that keep a run short. */
const benches = {
  calls: { BENCH_SECONDS: '4', BENCH_LISTENERS: '4' },
  avl: { BENCH_SECONDS: '2', BENCH_ROUNDS: '1', BENCH_UNITS: '2000' },
  mqtt: { BENCH_SECONDS: '2', BENCH_ROUNDS: '1' },
  'cameras-ingest': { BENCH_SECONDS: '3', BENCH_CAMERAS: '200' },
};
const names = args.length > 0 ? args : Object.keys(benches);
const unknown = names.filter((name) => !(name in benches));
if (unknown.length > 0 || !(rounds >= 1)) {
  console.error(`usage: npm run bench:kill-check [-- NAME ...] [--rounds N]   (NAME one of: ${Object.keys(benches).join(', ')})`);
  process.exit(2);
}
const endings = ['SIGINT', 'SIGTERM', 'SIGKILL', 'child killed'];
/** The random moment is drawn between these, so that some runs end the bench as it starts its processes. */
const [EARLIEST_MS, LATEST_MS] = [300, 12_000];
const GONE_WITHIN_MS = 15_000;

/** pid, parent, process group and start time (ticks since boot: with the pid, it names one process). */
function stat(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, state: fields[0], ppid: Number(fields[1]), pgid: Number(fields[2]), start: fields[19] };
  } catch {
    return undefined;
  }
}

function processes() {
  return fs
    .readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => stat(Number(entry)))
    .filter((p) => p !== undefined && p.state !== 'Z');
}

function commandLine(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * A process's command line, less the preloaded modules given inline (`--import data:...`) and the
 * arguments after a bench file's role (tokens).
 */
function describe(pid) {
  const all = commandLine(pid);
  const words = all.filter((arg, i) => !arg.startsWith('data:') && !(arg === '--import' && all[i + 1]?.startsWith('data:')));
  const file = words.findIndex((word) => word.endsWith('.ts') || word.endsWith('.js'));
  return (file === -1 ? words : words.slice(0, file + 2)).join(' ');
}

/** Adds to `seen` every live process descending from `root`, and the process groups they are in. */
function collect(root, seen, groups) {
  const all = processes();
  const children = new Map();
  for (const p of all) {
    if (!children.has(p.ppid)) children.set(p.ppid, []);
    children.get(p.ppid).push(p);
  }
  const stack = [...(children.get(root) ?? [])];
  const rootStat = all.find((p) => p.pid === root);
  if (rootStat !== undefined) stack.push(rootStat);
  while (stack.length > 0) {
    const p = stack.pop();
    const key = `${p.pid}/${p.start}`;
    // Read again each time: a process seen between its fork and its exec still shows its parent's command.
    seen.set(key, { ...p, command: describe(p.pid) || seen.get(key)?.command || '' });
    groups.add(p.pgid);
    if (p.pid !== root) stack.push(...(children.get(p.pid) ?? []));
  }
}

/** The processes of `seen` still alive (same pid, same start), and any other process in `groups`. */
function survivors(seen, groups) {
  const alive = processes();
  const byPid = new Map(alive.map((p) => [p.pid, p]));
  const left = new Map();
  for (const p of seen.values()) {
    const now = byPid.get(p.pid);
    if (now !== undefined && now.start === p.start) left.set(p.pid, p);
  }
  for (const p of alive) if (groups.has(p.pgid) && !left.has(p.pid)) left.set(p.pid, { ...p, command: describe(p.pid) });
  return [...left.values()];
}

async function run(name, ending) {
  const at = EARLIEST_MS + Math.random() * (LATEST_MS - EARLIEST_MS);
  const bench = spawn(process.execPath, ['scripts/bench.js', name], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...benches[name] } });
  let output = '';
  bench.stdout.on('data', (chunk) => (output += chunk));
  bench.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => bench.once('exit', (code, signal) => resolve(code ?? signal)));
  let ended;
  exited.then((how) => (ended = how));
  const seen = new Map();
  const groups = new Set([bench.pid]);
  const started = performance.now();
  let done = 'ended on its own first';
  while (ended === undefined) {
    collect(bench.pid, seen, groups);
    if (performance.now() - started >= at) {
      if (ending === 'child killed') {
        // One of the processes the bench started: not scripts/bench.js, not the bench itself, a node process.
        const leader = [...seen.values()].find((p) => p.ppid === bench.pid);
        const candidates = [...seen.values()].filter((p) => p.pid !== bench.pid && p.pid !== leader?.pid && p.command.startsWith(process.execPath) && stat(p.pid) !== undefined);
        if (candidates.length > 0) {
          const victim = candidates[Math.floor(Math.random() * candidates.length)];
          process.kill(victim.pid, 'SIGKILL');
          done = `killed its process ${victim.pid} (${victim.command.replace(process.execPath, 'node')})`;
          break;
        }
      } else {
        bench.kill(ending);
        done = `sent ${ending}`;
        break;
      }
    }
    await sleep(50);
  }
  const actedS = (performance.now() - started) / 1_000;
  // The bench goes on (a failing bench may take a moment to notice); it must end within a minute.
  const how = await Promise.race([exited, sleep(60_000).then(() => 'still running after 60 s')]);
  const deadline = performance.now() + GONE_WITHIN_MS;
  let left = survivors(seen, groups);
  while (left.length > 0 && performance.now() < deadline) {
    await sleep(200);
    left = survivors(seen, groups);
  }
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  const result = output.split('\n').find((line) => line.startsWith('RESULT'));
  console.log(
    `${name.padEnd(15)} ${ending.padEnd(12)} at ${actedS.toFixed(1).padStart(4)} s: ${done}; bench ended with ${how}; ${seen.size} processes seen, ${left.length} left` +
      (result === undefined ? '' : ' (it had printed its RESULT)'),
  );
  for (const p of left) console.log(`    LEFT BEHIND: pid ${p.pid} (group ${p.pgid}): ${p.command}`);
  if (left.length > 0 || how === 'still running after 60 s') console.log(output.split('\n').slice(-15).map((line) => `    | ${line}`).join('\n'));
  return left.length;
}

let leftBehind = 0;
let runs = 0;
for (let round = 0; round < rounds; round += 1) {
  for (const name of names) {
    for (const ending of endings) {
      leftBehind += await run(name, ending);
      runs += 1;
    }
  }
}
console.log(`bench-kill-check: ${runs} runs, ${leftBehind} processes left behind`);
process.exitCode = leftBehind === 0 ? 0 : 1;
