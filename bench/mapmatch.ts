// Map matching AVL traces, on Casablanca's road graph (../shared/data; the demo city when it is
// absent): simulated drives (the fastest route between two random places at least 2 km apart, at the
// edges' own speeds), a fix every 10 s with a Gaussian error of 20 m on each axis, seeded.
// - `hmm`: the hidden-Markov matcher (`matchTrace`), fixes matched per second on one core, and its
//   accuracy against the true paths: recall (the share of the edges truly driven that the matched
//   path holds) and precision (the share of the matched edges truly driven); see `scorePath`.
// - `baseline`, in the same run: nearest-edge snapping, each fix to its nearest road, consecutive
//   snaps joined by the fastest route between them (`nearestEdgePath`); its rate and accuracy.
// Rates are fixes over the process's CPU time (the matcher runs on the main thread only, so this is
// one core's work, whatever else the shared machine runs), the median of BENCH_ROUNDS rounds, with
// the wall-clock rate beside it. Goal: at least 20,000 fixes/s per core at a recall of 95% or more.
// BENCH_TRACES, BENCH_ROUNDS and BENCH_SEED change the sizes; BENCH_ROADS names another road file.
import fs from 'node:fs';
import path from 'node:path';
import { generateDemoCity } from '../src/geo/roads/demo-city.js';
import { DEFAULT_MATCH_OPTIONS, matchTrace } from '../src/geo/roads/map-match.js';
import { addScores, nearestEdgePath, scorePath, simulateTrace, type SimulatedTrace } from '../src/geo/roads/map-match.testing.js';
import { buildRoadGraph, type RoadGraph } from '../src/geo/roads/road-graph.js';
import { snapIndexOf } from '../src/geo/roads/road-snap.js';
import { parseRoadFile } from '../src/geo/roads/road.service.js';
import { randomStream } from '../src/sim/sim-random.js';

const TRACES = Number(process.env.BENCH_TRACES ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SEED = Number(process.env.BENCH_SEED ?? 21);
const GOAL_RATE = 20_000;
const GOAL_RECALL = 0.95;

const roadFile = process.env.BENCH_ROADS ?? path.resolve(import.meta.dirname, '../../shared/data/casablanca-roads.geojson');

function loadGraph(): { graph: RoadGraph; label: string } {
  if (!fs.existsSync(roadFile)) {
    console.log(`note: ${roadFile} is absent; running on the generated demo city instead`);
    return { graph: generateDemoCity(), label: 'demo' };
  }
  const parsed = parseRoadFile(fs.readFileSync(roadFile, 'utf8'), path.basename(roadFile));
  const { graph } = buildRoadGraph(parsed.ways, { attribution: parsed.attribution, source: path.basename(roadFile) });
  return { graph, label: 'casablanca' };
}

const { graph, label } = loadGraph();
console.log(`graph: ${label === 'demo' ? 'the demo city' : path.basename(roadFile)}: ${graph.nodeCount} nodes, ${graph.edgeCount} edges`);
snapIndexOf(graph);
const traces: SimulatedTrace[] = Array.from({ length: TRACES }, (_, i) => simulateTrace(graph, randomStream(SEED, 'mapmatch', i)));
const fixCount = traces.reduce((sum, trace) => sum + trace.fixes.length, 0);
console.log(`${TRACES} simulated drives, ${fixCount} fixes (one every 10 s, 20 m Gaussian error on each axis); matcher settings ${JSON.stringify(DEFAULT_MATCH_OPTIONS)}`);

interface Round {
  readonly cpuRate: number;
  readonly wallRate: number;
}

/** Runs `match` over every trace once; its rate and the paths it gave. */
function round(match: (trace: SimulatedTrace) => number[]): { rate: Round; paths: number[][] } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const paths = traces.map(match);
  const wallS = (performance.now() - started) / 1_000;
  const used = process.cpuUsage(cpu);
  return { rate: { cpuRate: fixCount / ((used.user + used.system) / 1e6), wallRate: fixCount / wallS }, paths };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function measure(name: string, rounds: number, match: (trace: SimulatedTrace) => number[]): { rate: number; wallRate: number; recall: number; precision: number } {
  round(match); // warm-up: the JIT's compiled code, the search arrays
  const rates: Round[] = [];
  let paths: number[][] = [];
  for (let r = 0; r < rounds; r += 1) {
    const result = round(match);
    rates.push(result.rate);
    paths = result.paths;
    console.log(`  ${name} round ${r + 1}: ${result.rate.cpuRate.toFixed(0)} fixes/s of CPU time, ${result.rate.wallRate.toFixed(0)} fixes/s wall clock`);
  }
  const score = addScores(traces.map((trace, i) => scorePath(trace.truePath, paths[i]!)));
  const rate = median(rates.map((r) => r.cpuRate));
  const wallRate = median(rates.map((r) => r.wallRate));
  console.log(
    `${name}: ${rate.toFixed(0)} fixes/s on one core (median round; wall clock ${wallRate.toFixed(0)}); ` +
      `recall ${(100 * score.recall).toFixed(2)}% (${score.hits} of ${score.trueEdges} true edges), precision ${(100 * score.precision).toFixed(2)}% (of ${score.matchedEdges} matched)`,
  );
  return { rate, wallRate, recall: score.recall, precision: score.precision };
}

const hmm = measure('hmm', ROUNDS, (trace) => matchTrace(graph, trace.fixes).edges);
// The baseline is slower: fewer rounds of it.
const baseline = measure('baseline (nearest edge + fastest route)', Math.max(1, Math.ceil(ROUNDS / 2)), (trace) => nearestEdgePath(graph, trace.fixes));
const loadAverage = (await import('node:os')).loadavg()[0]!;
console.log(
  `goal: ${GOAL_RATE} fixes/s per core at ${100 * GOAL_RECALL}% recall: rate ${hmm.rate >= GOAL_RATE ? 'met' : 'NOT met'}, recall ${hmm.recall >= GOAL_RECALL ? 'met' : 'NOT met'} (load average ${loadAverage.toFixed(1)})`,
);
console.log(
  `RESULT mapmatch graph=${label} hmm_rate=${hmm.rate.toFixed(0)} hmm_recall=${hmm.recall.toFixed(4)} hmm_precision=${hmm.precision.toFixed(4)} ` +
    `baseline_rate=${baseline.rate.toFixed(0)} baseline_recall=${baseline.recall.toFixed(4)} baseline_precision=${baseline.precision.toFixed(4)} ` +
    `rate_ratio_to_goal=${(hmm.rate / GOAL_RATE).toFixed(2)} recall_gain=${(hmm.recall - baseline.recall).toFixed(4)}`,
);
