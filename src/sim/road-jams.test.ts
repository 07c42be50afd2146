import { describe, expect, it } from 'vitest';
import { generateDemoCity } from '../geo/roads/demo-city.js';
import { RoadJams } from './road-jams.js';

describe('the simulated road jams', () => {
  const graph = generateDemoCity();

  it('jams a stretch of the road asked for, both ways, at its speed, for its time only', () => {
    const jams = new RoadJams(graph, 3, 0);
    const jam = jams.jam({ road: 'Boulevard circulaire', kmh: 9, startMs: 1_000_000, durationMs: 3_600_000, lengthM: 800 });
    expect(jam.road).toBe('Boulevard circulaire');
    expect(jam.lengthM).toBeGreaterThanOrEqual(800);
    expect(jam.lengthM).toBeLessThan(1_300);
    for (const edge of jam.edges) {
      expect(graph.names[graph.nameIndex[edge]!]).toBe('Boulevard circulaire');
      if (graph.twin[edge]! >= 0) expect(jam.edges).toContain(graph.twin[edge]);
    }
    // One stretch: its segments joined end to end (each node shared by at most two of them).
    const touching = new Map<number, number>();
    for (const edge of jam.edges) for (const node of [graph.sources[edge]!, graph.targets[edge]!]) touching.set(node, (touching.get(node) ?? 0) + 1);
    expect([...touching.values()].filter((n) => n === 2)).toHaveLength(2);
    const edge = jam.edges[0]!;
    expect(jams.trafficAt(edge, 999_999)).toBeUndefined();
    expect(jams.trafficAt(edge, 1_000_000)).toBe(9);
    expect(jams.trafficAt(edge, 4_599_999)).toBe(9);
    expect(jams.trafficAt(edge, 4_600_000)).toBeUndefined();
    expect(jams.inForce(2_000_000)).toEqual([jam]);
  });

  it('draws a random named road at 8 to 15 km/h for an hour when nothing is asked, the same for the same seed', () => {
    const first = new RoadJams(graph, 8, 0).jam({ startMs: 0 });
    const second = new RoadJams(graph, 8, 0).jam({ startMs: 0 });
    expect(second).toEqual(first);
    expect(first.road).not.toBe('');
    expect(first.kmh).toBeGreaterThanOrEqual(8);
    expect(first.kmh).toBeLessThanOrEqual(15);
    expect(first.endMs - first.startMs).toBe(3_600_000);
  });

  it('refuses a road the city does not have', () => {
    expect(() => new RoadJams(graph, 1, 0).jam({ road: 'Rue des Nuages' })).toThrow('no road named Rue des Nuages');
  });
});
