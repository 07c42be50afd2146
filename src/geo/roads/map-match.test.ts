import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDataFile } from '../../core/testing.js';
import { generateDemoCity } from './demo-city.js';
import { matchTrace, TraceMatcher, type TraceFix, type Traversal } from './map-match.js';
import { addScores, nearestEdgePath, scorePath, simulateTrace, type SimulatedTrace } from './map-match.testing.js';
import { buildRoadGraph, type RoadGraph } from './road-graph.js';
import { parseRoadFile } from './road.service.js';
import { seededRandom, way } from './road.testing.js';

const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;

/** The whole-trace accuracy of the matcher over some seeded drives. */
function accuracy(graph: RoadGraph, traces: readonly SimulatedTrace[]) {
  return addScores(traces.map((trace) => scorePath(trace.truePath, matchTrace(graph, trace.fixes).edges)));
}

/** Every traversal a matcher returns, fed the whole trace (flushed at the end or not). */
function online(graph: RoadGraph, fixes: readonly TraceFix[], maxLag: number | undefined, flush: boolean): Traversal[] {
  const matcher = new TraceMatcher(graph, maxLag === undefined ? {} : { maxLag });
  const traversals: Traversal[] = [];
  for (const fix of fixes) traversals.push(...matcher.push(fix));
  if (flush) traversals.push(...matcher.flush());
  return traversals;
}

describe('matching GPS traces to roads on a hand-made street', () => {
  // One street due east, a node every 100 m, one-way: 5 edges numbered in driving order.
  const lat0 = 33.58;
  const lon0 = -7.62;
  const eastM = (m: number) => lon0 + m / (METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180));
  const graph = buildRoadGraph([way([0, 100, 200, 300, 400, 500].map((m) => [eastM(m), lat0]), 'forward')], { attribution: 'test', source: 'test', keep: 'all' }).graph;
  const fixes: TraceFix[] = [50, 250, 450].map((m, i) => ({ lat: lat0, lon: eastM(m), atMs: i * 10_000 }));

  it('matches each fix to its edge and the path to the edges between them', () => {
    const matched = matchTrace(graph, fixes);
    expect([...matched.fixEdges]).toEqual([0, 2, 4]);
    expect(matched.edges).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives the edges driven whole, timed by distance between the fixes: not the first edge (entered before the trace), nor the last (not left)', () => {
    const { traversals } = matchTrace(graph, fixes);
    expect(traversals.map((t) => t.edge)).toEqual([1, 2, 3]);
    // 200 m between fixes 10 s apart: 20 m/s, each edge 5 s; edge 2 is entered before the fix on it and left after.
    expect(traversals[0]!.enteredAtMs).toBeCloseTo(2_500, 0);
    expect(traversals[0]!.leftAtMs).toBeCloseTo(7_500, 0);
    expect(traversals[1]!.enteredAtMs).toBeCloseTo(7_500, 0);
    expect(traversals[1]!.leftAtMs).toBeCloseTo(12_500, 0);
    expect(traversals[2]!.leftAtMs).toBeCloseTo(17_500, 0);
  });

  it('takes a fix a few metres behind the previous one as a vehicle standing, not a drive round the block', () => {
    const standing = [...fixes.slice(0, 2), { lat: lat0, lon: eastM(240), atMs: 20_000 }, { lat: lat0, lon: eastM(450), atMs: 30_000 }];
    const matched = matchTrace(graph, standing);
    expect([...matched.fixEdges]).toEqual([0, 2, 2, 4]);
    expect(matched.edges).toEqual([0, 1, 2, 3, 4]);
  });

  it('starts a new chain when no road leads from one fix to the next, instead of failing', () => {
    // A second street 2 km north, not joined to the first: no route between them.
    const north = 2_000 / METRES_PER_DEGREE;
    const two = buildRoadGraph(
      [way([0, 100, 200].map((m) => [eastM(m), lat0]), 'forward'), way([0, 100, 200].map((m) => [eastM(m), lat0 + north]), 'forward')],
      { attribution: 'test', source: 'test', keep: 'all' },
    ).graph;
    const jump: TraceFix[] = [
      { lat: lat0, lon: eastM(20), atMs: 0 },
      { lat: lat0, lon: eastM(150), atMs: 10_000 },
      { lat: lat0 + north, lon: eastM(20), atMs: 20_000 },
      { lat: lat0 + north, lon: eastM(150), atMs: 30_000 },
    ];
    const matched = matchTrace(two, jump);
    expect([...matched.fixEdges].every((edge) => edge >= 0)).toBe(true);
    expect(matched.edges).toHaveLength(4);
    expect(matched.traversals).toEqual([]);
  });

  it('refuses settings that are not positive numbers, naming the setting', () => {
    expect(() => matchTrace(graph, fixes, { sigmaM: 0 })).toThrow(/sigmaM/);
    expect(() => new TraceMatcher(graph, { maxLag: 0 })).toThrow(/maxLag/);
  });
});

describe('matching simulated drives on the demo city (a fix every 10 s, 20 m of noise)', () => {
  const graph = generateDemoCity();
  const traces = Array.from({ length: 40 }, (_, i) => simulateTrace(graph, seededRandom(5_000 + i)));

  it('finds at least 95% of the edges driven, with most matched edges right, far ahead of nearest-edge snapping', () => {
    const hmm = accuracy(graph, traces);
    const baseline = addScores(traces.map((trace) => scorePath(trace.truePath, nearestEdgePath(graph, trace.fixes))));
    expect(hmm.recall).toBeGreaterThanOrEqual(0.95);
    expect(hmm.precision).toBeGreaterThanOrEqual(0.9);
    expect(hmm.precision).toBeGreaterThan(baseline.precision + 0.2);
  });

  it('matches the fixes of a drive to edges, all but the rare one further than the radius (60 m) from any road', () => {
    let matched = 0;
    let fixes = 0;
    for (const trace of traces) {
      const { fixEdges } = matchTrace(graph, trace.fixes);
      fixes += fixEdges.length;
      matched += fixEdges.filter((edge) => edge >= 0).length;
    }
    // 20 m on each axis: a fix lies further than 60 m from its road about once in a hundred.
    expect(matched / fixes).toBeGreaterThan(0.97);
  });

  it('goes on through a gap of two minutes without fixes', () => {
    const scores = traces.slice(0, 10).map((trace) => {
      const start = trace.fixes[5]!.atMs;
      const fixes = trace.fixes.filter((fix) => fix.atMs < start || fix.atMs >= start + 120_000);
      expect(fixes.length).toBeLessThanOrEqual(trace.fixes.length - 12);
      return scorePath(trace.truePath, matchTrace(graph, fixes).edges);
    });
    // Two minutes of a city drive rejoined by the shortest route: most of it is the road driven.
    expect(addScores(scores).recall).toBeGreaterThan(0.9);
  });

  it('leaves out the fixes of a vehicle that drives off the network, and matches the rest', () => {
    const trace = traces[1]!;
    // Ten fixes 30 km out at sea, west of the city, in the middle of the drive.
    const offshore = { lat: 33.7, lon: -7.95 };
    const fixes = trace.fixes.map((fix, i) => (i >= 6 && i < 16 ? { ...offshore, atMs: fix.atMs } : fix));
    const matched = matchTrace(graph, fixes);
    expect([...matched.fixEdges.slice(6, 16)]).toEqual(Array(10).fill(-1));
    expect([...matched.fixEdges.slice(0, 6), ...matched.fixEdges.slice(16)].every((edge) => edge >= 0)).toBe(true);
    expect(matched.edges.length).toBeGreaterThan(0);
    // Nor does a fix with no position at all.
    expect(() => matchTrace(graph, [...trace.fixes.slice(0, 3), { lat: Number.NaN, lon: Number.NaN, atMs: trace.fixes[3]!.atMs }])).not.toThrow();
  });

  it('online, with all the lag it needs, returns exactly the traversals of the whole trace', () => {
    for (const trace of traces.slice(0, 10)) expect(online(graph, trace.fixes, 1_000, true)).toEqual(matchTrace(graph, trace.fixes).traversals);
  });

  it('online with a lag of 10 fixes, returns nearly the same traversals, in time order, each edge once', () => {
    let same = 0;
    let total = 0;
    for (const trace of traces) {
      const whole = new Set(matchTrace(graph, trace.fixes).traversals.map((t) => t.edge));
      const unflushed = online(graph, trace.fixes, undefined, false);
      const flushed = online(graph, trace.fixes, undefined, true);
      // Without the flush, only the last few fixes' edges are missing.
      expect(flushed.slice(0, unflushed.length)).toEqual(unflushed);
      const edges = flushed.map((t) => t.edge);
      // The drives are fastest routes: no edge twice, so neither may the matcher give one twice.
      expect(new Set(edges).size).toBe(edges.length);
      for (let i = 0; i < flushed.length; i += 1) {
        expect(flushed[i]!.leftAtMs).toBeGreaterThanOrEqual(flushed[i]!.enteredAtMs);
        if (i > 0) expect(flushed[i]!.enteredAtMs).toBeGreaterThanOrEqual(flushed[i - 1]!.leftAtMs - 1e-6);
      }
      same += edges.filter((edge) => whole.has(edge)).length;
      total += Math.max(edges.length, whole.size);
    }
    expect(same / total).toBeGreaterThan(0.97);
  });

  it('times the traversals close to when the vehicle truly drove each edge', () => {
    const errors: number[] = [];
    for (const trace of traces.slice(0, 20)) {
      // The true times: the drive starts its first edge's tail ... at the speeds simulated.
      const entered = new Map<number, number>();
      const truth = trace.truePath;
      const firstFix = trace.fixes[0]!;
      // Times along the true path from the first fix, which lies on its first edge.
      let at = firstFix.atMs - truePartBeforeFirstFix(graph, trace) * 1_000;
      for (const edge of truth) {
        entered.set(edge, at);
        at += graph.timeS[edge]! * 1_000;
      }
      for (const t of matchTrace(graph, trace.fixes).traversals) {
        const trueEntry = entered.get(t.edge);
        if (trueEntry !== undefined) errors.push(Math.abs(t.enteredAtMs - trueEntry));
      }
    }
    errors.sort((a, b) => a - b);
    expect(errors[Math.floor(errors.length / 2)]!).toBeLessThan(3_000);
  });
});

/** Seconds the vehicle had driven on its first true edge when the first fix was taken. */
function truePartBeforeFirstFix(graph: RoadGraph, trace: SimulatedTrace): number {
  return trace.firstFixFraction * graph.timeS[trace.truePath[0]!]!;
}

const roadFile = sharedDataFile('casablanca-roads.geojson');

describe.skipIf(roadFile === undefined)(`matching simulated drives on Casablanca's roads (needs ../shared/data/casablanca-roads.geojson)`, () => {
  it('finds at least 95% of the edges driven', () => {
    const parsed = parseRoadFile(fs.readFileSync(roadFile!, 'utf8'), path.basename(roadFile!));
    const graph = buildRoadGraph(parsed.ways, { attribution: parsed.attribution, source: path.basename(roadFile!) }).graph;
    const traces = Array.from({ length: 120 }, (_, i) => simulateTrace(graph, seededRandom(5_000 + i)));
    const hmm = accuracy(graph, traces);
    expect(hmm.recall).toBeGreaterThanOrEqual(0.95);
    expect(hmm.precision).toBeGreaterThanOrEqual(0.85);
  }, 60_000);
});
