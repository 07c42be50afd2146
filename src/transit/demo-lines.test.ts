import { describe, expect, it } from 'vitest';
import { distanceM } from '../geo/geometry.js';
import { generateDemoCity } from '../geo/roads/demo-city.js';
import { readGtfsZip } from './gtfs.js';
import { demoTransitZip } from './demo-lines.js';
import { modeOfRouteType } from './gtfs.js';

describe("the demo city's tram and busway lines", () => {
  const feed = readGtfsZip(demoTransitZip(generateDemoCity(), 2026));

  it('holds two tram lines and a busway, each with a shape each way, read back by the GTFS reader', () => {
    expect(feed.routes.map((route) => [route.id, modeOfRouteType(route.type)])).toEqual([['T1', 'tram'], ['T2', 'tram'], ['BW', 'bus']]);
    expect(feed.shapes.map((shape) => shape.id).sort()).toEqual(['BW-0', 'BW-1', 'T1-0', 'T1-1', 'T2-0', 'T2-1']);
    for (const shape of feed.shapes) expect(shape.points.length).toBeGreaterThan(5);
  });

  it('puts a stop about every 500 m', () => {
    for (const route of feed.routes) {
      const trip = feed.trips.find((each) => each.routeId === route.id && each.directionId === 0)!;
      const calls = feed.stopTimes.filter((st) => st.tripId === trip.id);
      const stops = calls.map((call) => feed.stops.find((stop) => stop.id === call.stopId)!);
      expect(stops.length).toBeGreaterThanOrEqual(6);
      for (let i = 1; i < stops.length; i += 1) {
        // Straight-line distance: at most the 500 m along the road, and not far under it.
        const gap = distanceM(stops[i - 1]!, stops[i]!);
        expect(gap).toBeLessThanOrEqual(760);
        expect(gap).toBeGreaterThan(150);
      }
    }
  });

  it('runs every 8 minutes (trams) or 10 (busway) each way, from 06:00 to 23:00', () => {
    for (const [routeId, headwayS] of [['T1', 480], ['T2', 480], ['BW', 600]] as const) {
      const starts = feed.trips
        .filter((trip) => trip.routeId === routeId && trip.directionId === 1)
        .map((trip) => Math.min(...feed.stopTimes.filter((st) => st.tripId === trip.id).map((st) => st.departureS)))
        .sort((a, b) => a - b);
      expect(starts[0]).toBe(6 * 3600);
      expect(starts[starts.length - 1]).toBeLessThanOrEqual(23 * 3600);
      expect(starts[starts.length - 1]).toBeGreaterThan(23 * 3600 - headwayS);
      expect(new Set(starts.slice(1).map((start, i) => start - starts[i]!))).toEqual(new Set([headwayS]));
    }
  });
});
