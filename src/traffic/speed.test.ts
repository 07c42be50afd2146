import { describe, expect, it } from 'vitest';
import { buildRoadGraph } from '../geo/roads/road-graph.js';
import { way } from '../geo/roads/road.testing.js';
import { SampleResult, SpeedEstimator, SpeedSource, TrafficLevel, trafficLevelOf } from './speed.js';

// One secondary street, two-way, about 1 km in 10 segments: class speed 50 km/h, 45.45 with junctions.
const graph = buildRoadGraph(
  [way(Array.from({ length: 11 }, (_, i): [number, number] => [-7.6 + i * 0.00108, 33.58]), 'both', 'secondary', 'Boulevard Test')],
  { attribution: 'test', source: 'test', keep: 'all' },
).graph;
const edge = 0;
const usual = (graph.lengthM[edge]! / graph.timeS[edge]!) * 3.6;
const MINUTE = 60_000;

/** An observation of `kmh` on `edge` at minute `minute`. */
const at = (minute: number, kmh: number, on = edge) => ({ edge: on, kmh, atMs: minute * MINUTE, source: SpeedSource.fleet });

describe('SpeedEstimator', () => {
  it('knows nothing of an edge nobody drove: no estimate, routing keeps the class speed', () => {
    const estimator = new SpeedEstimator(graph);
    expect(estimator.estimate(edge, 0)).toBeUndefined();
    expect(estimator.estimates(0)).toEqual([]);
  });

  it('turns a traversal into a speed from the edge length and the time taken', () => {
    const estimator = new SpeedEstimator(graph, { priorWeight: 0 });
    const seconds = graph.lengthM[edge]! / (12 / 3.6);
    expect(estimator.observeTraversal({ edge, enteredAtMs: 0, leftAtMs: seconds * 1_000 })).toBe(SampleResult.accepted);
    expect(estimator.estimate(edge, seconds * 1_000)!.kmh).toBeCloseTo(12, 6);
  });

  it('drops traversals under 2 s and speeds beyond 1.5 times the road speed plus 10 km/h', () => {
    const estimator = new SpeedEstimator(graph);
    expect(estimator.observeTraversal({ edge, enteredAtMs: 0, leftAtMs: 1_999 })).toBe(SampleResult.tooShort);
    expect(estimator.plausibleKmh(edge)).toBe(85);
    expect(estimator.observe(at(0, 86))).toBe(SampleResult.implausible);
    expect(estimator.observe(at(0, 84))).toBe(SampleResult.accepted);
    expect(estimator.observe(at(0, Number.NaN))).toBe(SampleResult.invalid);
    expect(estimator.observe(at(0, 20, graph.edgeCount))).toBe(SampleResult.invalid);
  });

  it('follows a jam within 20% in four minutes of a car every 30 s, pulled a little towards the class speed', () => {
    const estimator = new SpeedEstimator(graph);
    for (let minute = 0; minute < 5; minute += 1) estimator.observe(at(minute, 40));
    expect(estimator.estimate(edge, 5 * MINUTE)!.level).toBe(TrafficLevel.freeFlow);
    for (let minute = 6; minute <= 10; minute += 0.5) estimator.observe(at(minute, 10));
    const jam = estimator.estimate(edge, 10 * MINUTE)!;
    expect(jam.kmh).toBeGreaterThan(10);
    expect(jam.kmh).toBeLessThan(12);
    expect(jam.level).toBe(TrafficLevel.congested);
  });

  it('means paces, not speeds: one car at 10 and one at 40 give the speed of their mean travel time', () => {
    const estimator = new SpeedEstimator(graph, { priorWeight: 0 });
    estimator.observe(at(0, 10));
    estimator.observe(at(0, 20));
    // 2 / (1/10 + 1/20) = 13.3 km/h, where the mean of speeds would say 15.
    expect(estimator.estimate(edge, 0)!.kmh).toBeCloseTo(13.33, 2);
  });

  it('counts a car at or above 60% of the class speed as free flow: a patrol driving slowly is not a jam', () => {
    const estimator = new SpeedEstimator(graph, { priorWeight: 0 });
    estimator.observe(at(0, usual * 0.62));
    expect(estimator.estimate(edge, 0)!.kmh).toBeCloseTo(usual, 6);
    estimator.observe(at(0, usual * 1.4));
    expect(estimator.estimate(edge, 0)!.kmh).toBeCloseTo(usual, 6);
  });

  it('decays back to the class speed as observations age, and forgets the edge after 30 minutes', () => {
    const estimator = new SpeedEstimator(graph);
    for (const minute of [0, 0.5, 1, 1.5, 2]) estimator.observe(at(minute, 10));
    const fresh = estimator.estimate(edge, 2 * MINUTE)!.kmh;
    const later = estimator.estimate(edge, 12 * MINUTE)!.kmh;
    const much = estimator.estimate(edge, 22 * MINUTE)!;
    expect(fresh).toBeLessThan(13);
    expect(later).toBeGreaterThan(fresh);
    expect(much.kmh).toBeGreaterThan(later);
    expect(much.level).toBe(TrafficLevel.freeFlow);
    expect(estimator.estimates(33 * MINUTE)).toEqual([]);
    expect(estimator.size).toBe(0);
  });

  it('keeps the two directions of a street apart', () => {
    const estimator = new SpeedEstimator(graph);
    const twin = graph.twin[edge]!;
    expect(twin).toBeGreaterThanOrEqual(0);
    estimator.observe(at(0, 8));
    expect(estimator.estimate(edge, 0)!.level).not.toBe(TrafficLevel.freeFlow);
    expect(estimator.estimate(twin, 0)).toBeUndefined();
  });

  it('counts an observation older than the latest at its own age', () => {
    const estimator = new SpeedEstimator(graph, { priorWeight: 0 });
    estimator.observe(at(10, 20));
    estimator.observe(at(10 - 0.75, 10));
    // The late one weighs half (one half-life old): pace (1/20 + 0.5/10) / 1.5.
    expect(estimator.estimate(edge, 10 * MINUTE)!.kmh).toBeCloseTo(1.5 / (1 / 20 + 0.5 / 10), 6);
  });

  it('gives back what it saved', () => {
    const estimator = new SpeedEstimator(graph);
    estimator.observe(at(0, 12));
    estimator.observe(at(1, 9, 3));
    const again = new SpeedEstimator(graph);
    expect(again.restore([...estimator.sums(), { edge: graph.edgeCount + 5, paceSum: 1, weight: 1, atMs: 0 }])).toBe(2);
    expect(again.estimate(3, 2 * MINUTE)).toEqual(estimator.estimate(3, 2 * MINUTE));
    expect(again.estimate(edge, 2 * MINUTE)).toEqual(estimator.estimate(edge, 2 * MINUTE));
  });
});

describe('trafficLevelOf', () => {
  it('reads DATEX II-like levels from the ratio to free flow', () => {
    expect([1, 0.6, 0.59, 0.4, 0.39, 0.15, 0.14, 0].map(trafficLevelOf)).toEqual([
      TrafficLevel.freeFlow,
      TrafficLevel.freeFlow,
      TrafficLevel.heavy,
      TrafficLevel.heavy,
      TrafficLevel.congested,
      TrafficLevel.congested,
      TrafficLevel.impossible,
      TrafficLevel.impossible,
    ]);
  });
});
