import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateDemoCity } from './demo-city.js';
import { buildRoadGraph, type RoadGraph } from './road-graph.js';
import { etaOneToMany, etaOneToOne, kNearestByFullSearch, kNearestByRoad, kNearestOnEdges, overrideEdgeCosts, route, segmentOf } from './road-routing.js';
import { snapToRoad, type Snap } from './road-snap.js';
import { bruteForceRanking, pointsNearRoads, seededRandom, topKDifference, way } from './road.testing.js';
import type { RoadWay } from './road.js';

const build = (ways: RoadWay[]) => buildRoadGraph(ways, { attribution: 'test', source: 'test', keep: 'all' }).graph;

/** The edge from one [lon, lat] to another. */
function edge(graph: RoadGraph, from: [number, number], to: [number, number]): number {
  for (let e = 0; e < graph.edgeCount; e += 1) {
    const a = graph.sources[e]!;
    const b = graph.targets[e]!;
    if (graph.lon[a] === from[0] && graph.lat[a] === from[1] && graph.lon[b] === to[0] && graph.lat[b] === to[1]) return e;
  }
  throw new Error(`no edge ${from} -> ${to}`);
}
const at = (graph: RoadGraph, e: number, fraction: number): Snap => ({ edge: e, fraction, lat: 0, lon: 0, distanceM: 0 });

// A square block, about 111 m a side: A -> B one-way, the other three sides two-way.
const A: [number, number] = [0, 0];
const B: [number, number] = [0.001, 0];
const C: [number, number] = [0.001, 0.001];
const D: [number, number] = [0, 0.001];
const block = build([way([A, B], 'forward'), way([B, C, D, A], 'both')]);
const t = (from: [number, number], to: [number, number]) => block.timeS[edge(block, from, to)]!;
const len = (from: [number, number], to: [number, number]) => block.lengthM[edge(block, from, to)]!;

describe('travel times on a hand-made block', () => {
  const ab = edge(block, A, B);
  const aroundFromB = t(B, C) + t(C, D) + t(D, A);

  it('never drives a one-way street backwards', () => {
    // From the middle of A -> B back to A: on to B, then round the block.
    const [nearest] = kNearestByRoad(block, at(block, ab, 0), [{ id: 'u', snap: at(block, ab, 0.5) }], 1);
    expect(nearest!.etaS).toBeCloseTo(0.5 * t(A, B) + aroundFromB, 9);
    expect(nearest!.distanceM).toBeCloseTo(0.5 * len(A, B) + len(B, C) + len(C, D) + len(D, A), 6);
    expect(etaOneToOne(block, at(block, ab, 0.5), at(block, ab, 0))!.etaS).toBeCloseTo(nearest!.etaS, 9);
    // The other way it is half the street.
    expect(kNearestByRoad(block, at(block, ab, 0.5), [{ id: 'u', snap: at(block, ab, 0) }], 1)[0]!.etaS).toBeCloseTo(0.5 * t(A, B), 9);
  });

  it('counts exactly the parts of the first and last edges that are driven', () => {
    const bc = edge(block, B, C);
    const cd = edge(block, C, D);
    // 30% along B -> C to 80% along C -> D: the remaining 70% of B -> C, then 80% of C -> D.
    const expected = 0.7 * t(B, C) + 0.8 * t(C, D);
    expect(kNearestByRoad(block, at(block, cd, 0.8), [{ id: 1, snap: at(block, bc, 0.3) }], 1)[0]!.etaS).toBeCloseTo(expected, 9);
    expect(etaOneToOne(block, at(block, bc, 0.3), at(block, cd, 0.8))!.etaS).toBeCloseTo(expected, 9);
    // The same places named on the twin edges (D -> C at 20%, C -> B at 70%) are the same places.
    const dc = edge(block, D, C);
    const cb = edge(block, C, B);
    expect(kNearestByRoad(block, at(block, dc, 0.2), [{ id: 1, snap: at(block, cb, 0.7) }], 1)[0]!.etaS).toBeCloseTo(expected, 9);
  });

  it('drives straight along a shared edge when allowed, and round the block when not', () => {
    const bc = edge(block, B, C);
    // Two-way: back down B -> C from 70% to 20% is half the twin edge.
    expect(kNearestByRoad(block, at(block, bc, 0.2), [{ id: 1, snap: at(block, bc, 0.7) }], 1)[0]!.etaS).toBeCloseTo(0.5 * t(C, B), 9);
    expect(etaOneToOne(block, at(block, bc, 0.7), at(block, bc, 0.2))!.etaS).toBeCloseTo(0.5 * t(C, B), 9);
    // One-way: from 70% to 20% of A -> B means on to B, round the block, and in again to 20%.
    const around = 0.3 * t(A, B) + aroundFromB + 0.2 * t(A, B);
    expect(kNearestByRoad(block, at(block, ab, 0.2), [{ id: 1, snap: at(block, ab, 0.7) }], 1)[0]!.etaS).toBeCloseTo(around, 9);
    expect(etaOneToOne(block, at(block, ab, 0.7), at(block, ab, 0.2))!.etaS).toBeCloseTo(around, 9);
    expect(kNearestByRoad(block, at(block, ab, 0.7), [{ id: 1, snap: at(block, ab, 0.2) }], 1)[0]!.etaS).toBeCloseTo(0.5 * t(A, B), 9);
    expect(kNearestByRoad(block, at(block, ab, 0.7), [{ id: 1, snap: at(block, ab, 0.7) }], 1)[0]!.etaS).toBe(0);
  });

  it('ranks by time then id, returns at most k, and leaves out those who cannot get there', () => {
    const island = build([way([A, B], 'forward'), way([B, C, D, A]), way([[1, 1], [1.001, 1]])]);
    const far = edge(island, [1, 1], [1.001, 1]);
    const bc = edge(island, B, C);
    const sources = [
      { id: 'c', snap: at(island, bc, 0.5) },
      { id: 'b', snap: at(island, bc, 0.5) },
      { id: 'stranded', snap: at(island, far, 0.5) },
      { id: 'a', snap: at(island, bc, 0.9) },
    ];
    expect(kNearestByRoad(island, at(island, bc, 0), sources, 2).map((n) => n.id)).toEqual(['b', 'c']);
    expect(kNearestByRoad(island, at(island, bc, 0), sources, 10).map((n) => n.id)).toEqual(['b', 'c', 'a']);
    expect(kNearestByRoad(island, at(island, bc, 0), sources, 0)).toEqual([]);
    expect(etaOneToOne(island, sources[2]!.snap, at(island, bc, 0))).toBeUndefined();
  });

  it('takes live costs and closures without rebuilding the graph', () => {
    const bc = edge(block, B, C);
    const target = at(block, edge(block, D, A), 0.5);
    const source = [{ id: 1, snap: at(block, bc, 0.5) }];
    const open = kNearestByRoad(block, target, source, 1)[0]!.etaS;
    expect(open).toBeCloseTo(0.5 * t(B, C) + t(C, D) + 0.5 * t(D, A), 9);
    // C -> D closed (both ways): back to B, on to A (B -> A is one-way the wrong way), so nothing.
    const closed = overrideEdgeCosts(block, { closed: [edge(block, C, D)] });
    expect(kNearestByRoad(block, target, source, 1, { costs: closed })).toEqual([]);
    // C -> D crawling at 5 km/h: still the only way, and slower.
    const slow = overrideEdgeCosts(block, { speedKmh: new Map([[edge(block, C, D), 5]]) });
    expect(kNearestByRoad(block, target, source, 1, { costs: slow })[0]!.etaS).toBeCloseTo(0.5 * t(B, C) + len(C, D) / (5 / 3.6) + 0.5 * t(D, A), 4);
    expect(etaOneToOne(block, source[0]!.snap, target, { costs: slow })!.etaS).toBeCloseTo(0.5 * t(B, C) + len(C, D) / (5 / 3.6) + 0.5 * t(D, A), 4);
  });

  it('draws the route from place to place through the corners driven', () => {
    const found = route(block, at(block, ab, 0.5), at(block, ab, 0.25))!;
    expect(found.coordinates).toEqual([[0.0005, 0], B, C, D, A, [0.00025, 0]]);
    expect(found.edges).toEqual([ab, edge(block, B, C), edge(block, C, D), edge(block, D, A), ab]);
    expect(found.etaS).toBeCloseTo(0.5 * t(A, B) + aroundFromB + 0.25 * t(A, B), 9);
    const straight = route(block, at(block, ab, 0.25), at(block, ab, 0.5))!;
    expect(straight.coordinates).toEqual([[0.00025, 0], [0.0005, 0]]);
    expect(straight.edges).toEqual([ab]);
  });

  it('refuses a place that is not on the graph', () => {
    expect(() => kNearestByRoad(block, at(block, 99, 0), [{ id: 1, snap: at(block, 0, 0) }], 1)).toThrow(RangeError);
    expect(() => etaOneToOne(block, at(block, 0, 1.5), at(block, 0, 0))).toThrow(RangeError);
  });
});

describe('the k nearest by road on the demo city', () => {
  const city = generateDemoCity();

  it('agrees with one plain search per source, for random places (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 8 }), (seed, count, k) => {
        const random = seededRandom(seed);
        const [incident, ...units] = pointsNearRoads(city, count + 1, random).map((point) => snapToRoad(city, point)!);
        const sources = units.map((snap, i) => ({ id: `unit-${i}`, snap }));
        const fast = kNearestByRoad(city, incident!, sources, k);
        const ranking = bruteForceRanking(city, incident!, sources);
        expect(topKDifference(fast, ranking, k)).toBeUndefined();
      }),
      { numRuns: 60, seed: 20_261_130 },
    );
  });

  it('gives the same answers, to the last bit, with one search over the whole graph as with the early stop (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 10 }), fc.boolean(), (seed, count, k, closures) => {
        const random = seededRandom(seed);
        const [incident, ...units] = pointsNearRoads(city, count + 1, random).map((point) => snapToRoad(city, point)!);
        const sources = units.map((snap, i) => ({ id: `unit-${i}`, snap }));
        // Some roads closed near the incident, as a cordon closes them.
        const options = closures ? { costs: overrideEdgeCosts(city, { closed: Array.from({ length: 30 }, () => Math.floor(random() * city.edgeCount)) }) } : {};
        const full = kNearestByFullSearch(city, incident!, sources, k, options);
        expect(full).toEqual(kNearestByRoad(city, incident!, sources, k, options));
        if (!closures) expect(full.length).toBe(Math.min(k, count));
      }),
      { numRuns: 60, seed: 20_261_202 },
    );
  });

  it('gives the same answers, to the last bit, finding the accepted sources on the roads it reaches as when handed them (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 10 }), fc.boolean(), (seed, count, k, closures) => {
        const random = seededRandom(seed);
        const [incident, ...places] = pointsNearRoads(city, count + 1, random).map((point) => snapToRoad(city, point)!);
        // Some sources share a place with another (equal times, ranked by id), some stand on the
        // incident's own edge or its twin, at its very place or at an end.
        const sources = places.map((snap, i) => {
          const draw = random();
          if (draw < 0.15 && i > 0) return { id: `unit-${String(count - i).padStart(3, '0')}`, snap: places[Math.floor(random() * i)]! };
          if (draw < 0.3) {
            const onTwin = random() < 0.5 && city.twin[incident!.edge]! >= 0;
            const fraction = [0, 1, incident!.fraction, random()][Math.floor(random() * 4)]!;
            return { id: `unit-${String(count - i).padStart(3, '0')}`, snap: { ...snap, edge: onTwin ? city.twin[incident!.edge]! : incident!.edge, fraction: onTwin ? 1 - fraction : fraction } };
          }
          return { id: `unit-${String(count - i).padStart(3, '0')}`, snap };
        });
        const accepted = new Set(sources.filter(() => random() < 0.7));
        const onEdge = new Map<number, (typeof sources)[number][]>();
        for (const source of sources) {
          const { edge } = segmentOf(city, source.snap);
          onEdge.set(edge, [...(onEdge.get(edge) ?? []), source]);
        }
        const options = closures ? { costs: overrideEdgeCosts(city, { closed: Array.from({ length: 30 }, () => Math.floor(random() * city.edgeCount)) }) } : {};
        const asked: string[] = [];
        const found = kNearestOnEdges(city, incident!, (edge) => onEdge.get(edge), (source) => (asked.push(source.id), accepted.has(source)), k, options);
        const expected = kNearestByRoad(city, incident!, [...accepted], k, options);
        expect(found.map(({ id, etaS, distanceM }) => ({ id, etaS, distanceM }))).toEqual(expected);
        expect(found.every(({ id, item }) => item.id === id && accepted.has(item))).toBe(true);
        // Each source is asked about once at most.
        expect(new Set(asked).size).toBe(asked.length);
      }),
      { numRuns: 80, seed: 20_261_206 },
    );
  });

  it('reaches only the sources near the incident when many are farther (fewer asked than placed)', () => {
    const random = seededRandom(17);
    const [incident, ...places] = pointsNearRoads(city, 401, random).map((point) => snapToRoad(city, point)!);
    const onEdge = new Map<number, { id: string; snap: Snap }[]>();
    places.forEach((snap, i) => {
      const { edge } = segmentOf(city, snap);
      onEdge.set(edge, [...(onEdge.get(edge) ?? []), { id: `unit-${i}`, snap }]);
    });
    let asked = 0;
    const found = kNearestOnEdges(city, incident!, (edge) => onEdge.get(edge), () => ((asked += 1), true), 3);
    expect(found.map(({ id, etaS, distanceM }) => ({ id, etaS, distanceM }))).toEqual(kNearestByRoad(city, incident!, places.map((snap, i) => ({ id: `unit-${i}`, snap })), 3));
    expect(asked).toBeGreaterThanOrEqual(3);
    expect(asked).toBeLessThan(200);
  });

  it('prices many targets in one search exactly as one search each', () => {
    const random = seededRandom(9);
    const [from, ...targets] = pointsNearRoads(city, 40, random).map((point) => snapToRoad(city, point)!);
    const many = etaOneToMany(city, from!, targets);
    targets.forEach((target, i) => expect(many.etaS[i]).toBeCloseTo(etaOneToOne(city, from!, target)!.etaS, 9));
  });
});
