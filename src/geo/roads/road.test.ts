import { describe, expect, it } from 'vitest';
import { URBAN_DELAY, drivingSpeedKmh, parseMaxSpeed, roadClassOf, travelTimeS } from './road.js';

describe('road classes and speeds', () => {
  it('drives at the class speed, slowed by a lower legal limit but not sped up by a higher one', () => {
    expect(drivingSpeedKmh('primary', 0)).toBe(60);
    expect(drivingSpeedKmh('primary', 40)).toBe(40);
    expect(drivingSpeedKmh('residential', 60)).toBe(30);
    expect(drivingSpeedKmh('motorway', 120)).toBe(100);
  });

  it('adds the junction delay in town, not on motorways', () => {
    expect(travelTimeS(1_000, 'motorway', 0)).toBeCloseTo(36, 9);
    expect(travelTimeS(1_000, 'residential', 0)).toBeCloseTo(120 * URBAN_DELAY, 9);
  });

  it('knows the classes cars drive on and no others', () => {
    expect(roadClassOf('living_street')).toBe('living_street');
    for (const value of ['footway', 'steps', 'track_grade1', 'cycleway', 'pedestrian', 'toString', '']) expect(roadClassOf(value)).toBeUndefined();
  });

  it('reads legal limits as OSM writes them, and nothing else', () => {
    expect([parseMaxSpeed('50'), parseMaxSpeed('50 km/h'), parseMaxSpeed('30 mph'), parseMaxSpeed(60), parseMaxSpeed(0)]).toEqual([50, 50, 48, 60, 0]);
    expect([parseMaxSpeed('none'), parseMaxSpeed('MA:urban'), parseMaxSpeed('walk'), parseMaxSpeed('900'), parseMaxSpeed(null)]).toEqual([0, 0, 0, 0, 0]);
  });
});
