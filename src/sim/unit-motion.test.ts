import { describe, expect, it } from 'vitest';
import { distanceM } from '../geo/geometry.js';
import { generateDemoCity } from '../geo/roads/demo-city.js';
import { route } from '../geo/roads/road-routing.js';
import { snapToRoad } from '../geo/roads/road-snap.js';
import { legAlong, positionOn, standingAt } from './unit-motion.js';

describe('a unit driving a road route', () => {
  const graph = generateDemoCity();
  const from = snapToRoad(graph, { lat: 33.5731, lon: -7.5898 })!;
  const to = snapToRoad(graph, { lat: 33.545, lon: -7.64 })!;
  const found = route(graph, from, to)!;
  const start = Date.parse('2026-05-04T10:00:00Z');

  it('arrives when the route says, sooner with lights and siren', () => {
    expect(legAlong(graph, found, start).endMs - start).toBeCloseTo(found.etaS * 1_000, -1);
    expect(legAlong(graph, found, start, 1.25).endMs - start).toBeCloseTo((found.etaS * 1_000) / 1.25, -1);
  });

  it('passes along the road, never faster than the roads allow, and stops at the end', () => {
    const leg = legAlong(graph, found, start);
    expect(positionOn(leg, start)).toMatchObject({ lat: from.lat, lon: from.lon, speedKmh: 0 });
    expect(positionOn(leg, leg.endMs + 60_000)).toMatchObject({ lat: to.lat, lon: to.lon, speedKmh: 0, heading: null });
    let previous = positionOn(leg, start);
    for (let t = start + 10_000; t < leg.endMs; t += 10_000) {
      const here = positionOn(leg, t);
      // Ten seconds of driving on city roads (motorway at 100 km/h at most, with junction delays).
      expect(distanceM(previous, here)).toBeLessThanOrEqual((100 / 3.6) * 10 + 1);
      expect(here.speedKmh).toBeGreaterThan(0);
      expect(here.speedKmh).toBeLessThanOrEqual(101);
      expect(here.heading).toBeGreaterThanOrEqual(0);
      previous = here;
    }
  });

  it('drives a jammed edge at the jam speed, from the moment the jam holds it, and the rest as usual', () => {
    const usual = legAlong(graph, found, start);
    const middle = found.edges[Math.floor(found.edges.length / 2)]!;
    const jammedFrom = start + 60_000;
    const jammed = legAlong(graph, found, start, 1.25, (edge, atMs) => (edge === middle && atMs >= jammedFrom ? 5 : undefined));
    const i = found.edges.indexOf(middle) + 1;
    const metres = distanceM({ lat: jammed.lat[i - 1]!, lon: jammed.lon[i - 1]! }, { lat: jammed.lat[i]!, lon: jammed.lon[i]! });
    expect(jammed.atMs[i - 1]).toBeGreaterThan(60_000);
    expect(jammed.atMs[i]! - jammed.atMs[i - 1]!).toBeCloseTo((metres / (5 / 3.6)) * 1_000, -1);
    // Everything else at lights-and-siren speed: the jam's extra time only.
    const extra = jammed.atMs[i]! - jammed.atMs[i - 1]! - (usual.atMs[i]! - usual.atMs[i - 1]!) / 1.25;
    expect(jammed.endMs - start).toBeCloseTo((usual.endMs - start) / 1.25 + extra, -1);
    // A jam that ends before the vehicle gets there changes nothing.
    expect(legAlong(graph, found, start, 1, (edge, atMs) => (edge === middle && atMs < start ? 5 : undefined)).atMs).toEqual(usual.atMs);
  });

  it('stands still where it stopped', () => {
    const standing = standingAt({ lat: 33.6, lon: -7.6 }, start);
    expect(positionOn(standing, start + 3_600_000)).toEqual({ lat: 33.6, lon: -7.6, speedKmh: 0, heading: null });
  });
});
