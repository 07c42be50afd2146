import { describe, expect, it } from 'vitest';
import { parseAreas, AreaIndex } from './area.js';
import { demoDistricts } from './demo-districts.js';
import { generateDemoCity } from './roads/demo-city.js';

describe('the demo city’s districts', () => {
  const areas = parseAreas(demoDistricts());

  it('are sixteen, named in French and Arabic, with a population', () => {
    expect(areas).toHaveLength(16);
    expect(new Set(areas.map((a) => a.code)).size).toBe(16);
    for (const area of areas) {
      expect(area.nameAr, area.name).not.toBeNull();
      expect(area.population, area.name).toBeGreaterThan(10_000);
    }
    const total = areas.reduce((sum, a) => sum + a.population!, 0);
    expect(total).toBeGreaterThan(2_500_000);
    expect(total).toBeLessThan(4_000_000);
  });

  it('put every street corner of the demo city in exactly one district', () => {
    const graph = generateDemoCity();
    const index = new AreaIndex(areas);
    const counts = new Map<string, number>();
    for (let node = 0; node < graph.nodeCount; node += 1) {
      const point = { lat: graph.lat[node]!, lon: graph.lon[node]! };
      const inside = areas.filter((a) => index.locate(point)?.code === a.code);
      expect(inside.length, `node ${node} at ${point.lat},${point.lon}`).toBe(1);
      counts.set(inside[0]!.code, (counts.get(inside[0]!.code) ?? 0) + 1);
    }
    // And each district has streets.
    expect(counts.size).toBe(16);
  });
});
