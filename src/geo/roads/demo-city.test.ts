import { describe, expect, it } from 'vitest';
import { distanceM } from '../geometry.js';
import { DEMO_CITY_CENTRE, demoCityWays, generateDemoCity } from './demo-city.js';
import { stronglyConnectedComponents } from './road-graph.js';
import { encodeRoadGraph } from './road-graph-codec.js';
import { RoadClass } from './road.js';

describe('the demo city', () => {
  const city = generateDemoCity();

  it('is the same city for the same seed, and another for another seed', () => {
    expect(encodeRoadGraph(generateDemoCity()).equals(encodeRoadGraph(city))).toBe(true);
    expect(encodeRoadGraph(generateDemoCity(2)).equals(encodeRoadGraph(city))).toBe(false);
  });

  it('has some thousands of junctions over Casablanca, every one reachable from every other', () => {
    expect(city.nodeCount).toBeGreaterThan(3_000);
    expect(city.nodeCount).toBeLessThan(6_000);
    expect(stronglyConnectedComponents(city).sizes).toEqual([city.nodeCount]);
    for (let v = 0; v < city.nodeCount; v += 1) expect(distanceM(DEMO_CITY_CENTRE, { lat: city.lat[v]!, lon: city.lon[v]! })).toBeLessThan(9_100);
    expect(city.source).toBe('demo');
  });

  it('has motorways, primary, secondary and residential roads, and one-way streets', () => {
    const classes = new Set(city.roadClass);
    for (const roadClass of [RoadClass.motorway, RoadClass.motorway_link, RoadClass.primary, RoadClass.secondary, RoadClass.tertiary, RoadClass.residential]) expect(classes.has(roadClass)).toBe(true);
    const oneWay = Array.from(city.twin).filter((twin) => twin < 0).length;
    expect(oneWay).toBeGreaterThan(500);
    expect(demoCityWays().filter((w) => w.name === 'Rocade').every((w) => w.roadClass === 'motorway')).toBe(true);
  });

  it('stops at the Atlantic: no road north-west of the coastline', () => {
    // The port of Casablanca and the sea off Ain Diab are water; the city centre and Sidi Maarouf are land.
    const nearest = (lat: number, lon: number) => Math.min(...Array.from({ length: city.nodeCount }, (_, v) => distanceM({ lat, lon }, { lat: city.lat[v]!, lon: city.lon[v]! })));
    expect(nearest(33.625, -7.62)).toBeGreaterThan(800);
    expect(nearest(33.62, -7.68)).toBeGreaterThan(800);
    expect(nearest(33.5731, -7.5898)).toBeLessThan(150);
    expect(nearest(33.53, -7.64)).toBeLessThan(200);
  });
});
