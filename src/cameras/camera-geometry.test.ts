import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { distanceM } from '../geo/geometry.js';
import { angleBetween, bearingDeg, inCone, nearestPreset, normalizeDeg, pointAt, sees, sight, type CameraGeometry } from './camera-geometry.js';

const HERE = { lat: 33.5731, lon: -7.5898 };
const camera = (over: Partial<CameraGeometry> = {}): CameraGeometry => ({ ...HERE, headingDeg: 0, fovDeg: 60, rangeM: 150, ptz: false, presets: [], ...over });

describe('camera field of view', () => {
  it('sees a point 100 m north when facing north with 60° and 150 m, not one 100 m south nor one 200 m north', () => {
    const north = camera();
    expect(sees(north, pointAt(HERE, 0, 100))).toBe(true);
    expect(sees(north, pointAt(HERE, 180, 100))).toBe(false);
    expect(sees(north, pointAt(HERE, 0, 200))).toBe(false);
    expect(sight(north, pointAt(HERE, 0, 100))).toMatchObject({ preset: null });
    expect(sight(north, pointAt(HERE, 0, 100))!.distanceM).toBeCloseTo(100, 3);
  });

  it('sees across north: heading 350 ± 30 holds bearings 335 and 5 but not 25 nor 315', () => {
    const c = camera({ headingDeg: 350, fovDeg: 60 });
    expect(sees(c, pointAt(HERE, 335, 100))).toBe(true);
    expect(sees(c, pointAt(HERE, 5, 100))).toBe(true);
    expect(sees(c, pointAt(HERE, 0, 100))).toBe(true);
    expect(sees(c, pointAt(HERE, 25, 100))).toBe(false);
    expect(sees(c, pointAt(HERE, 315, 100))).toBe(false);
  });

  it('counts the edges of the cone and of the range as seen', () => {
    expect(inCone(320, 350, 60)).toBe(true);
    expect(inCone(20, 350, 60)).toBe(true);
    expect(inCone(20.01, 350, 60)).toBe(false);
    const c = camera({ rangeM: 100 });
    const edge = pointAt(HERE, 0, 100);
    expect(distanceM(HERE, edge)).toBeCloseTo(100, 6);
    expect(sees(c, edge)).toBe(true);
  });

  it('lets a PTZ camera see all around within its range, with the bearing to turn to and the nearest preset', () => {
    const ptz = camera({ ptz: true, presets: [{ name: 'gate', headingDeg: 170 }, { name: 'street', headingDeg: 260, zoom: 2 }] });
    const south = sight(ptz, pointAt(HERE, 180, 100));
    expect(south!.bearingDeg).toBeCloseTo(180, 3);
    expect(south!.preset).toMatchObject({ name: 'gate', headingDeg: 170 });
    expect(south!.preset!.offsetDeg).toBeCloseTo(10, 3);
    expect(sight(ptz, pointAt(HERE, 275, 50))!.preset).toMatchObject({ name: 'street', zoom: 2 });
    expect(sees(ptz, pointAt(HERE, 180, 151))).toBe(false);
    expect(sight(camera({ ptz: true }), pointAt(HERE, 90, 10))!.preset).toBeNull();
  });

  it('picks the preset nearest by angle across north', () => {
    expect(nearestPreset([{ name: 'a', headingDeg: 300 }, { name: 'b', headingDeg: 20 }], 355)).toMatchObject({ name: 'b', offsetDeg: 25 });
  });

  it('sees all around with a 360° field of view, and the point under the camera', () => {
    expect(sees(camera({ fovDeg: 360 }), pointAt(HERE, 200, 100))).toBe(true);
    expect(sees(camera({ headingDeg: 90, fovDeg: 10 }), HERE)).toBe(true);
  });

  it('gives bearings clockwise from north', () => {
    expect(bearingDeg(HERE, pointAt(HERE, 0, 100))).toBeCloseTo(0, 3);
    expect(bearingDeg(HERE, pointAt(HERE, 90, 100))).toBeCloseTo(90, 3);
    expect(bearingDeg(HERE, pointAt(HERE, 270, 100))).toBeCloseTo(270, 3);
    expect(normalizeDeg(-10)).toBe(350);
    expect(normalizeDeg(720)).toBe(0);
    expect(angleBetween(350, 10)).toBe(20);
  });
});

describe('camera field of view, properties', () => {
  const heading = fc.double({ min: 0, max: 359.999, noNaN: true });
  const fov = fc.double({ min: 1, max: 359, noNaN: true });
  const offset = fc.double({ min: -179, max: 179, noNaN: true });

  it('measures the angle between two directions the same both ways, within [0, 180], whatever turns are added', () => {
    fc.assert(
      fc.property(heading, heading, fc.integer({ min: -3, max: 3 }), (a, b, turns) => {
        const d = angleBetween(a, b);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThanOrEqual(180);
        expect(angleBetween(b, a)).toBeCloseTo(d, 9);
        expect(angleBetween(a + 360 * turns, b)).toBeCloseTo(d, 6);
      }),
    );
  });

  it('holds a direction in the cone exactly when it is within half the angle of the heading, on either side of north', () => {
    fc.assert(
      fc.property(heading, fov, offset, (h, f, o) => {
        fc.pre(Math.abs(Math.abs(o) - f / 2) > 1e-6);
        const bearing = normalizeDeg(h + o);
        expect(inCone(bearing, h, f)).toBe(Math.abs(o) < f / 2);
        // Symmetric: the mirror direction across the heading is in or out alike.
        expect(inCone(normalizeDeg(h - o), h, f)).toBe(inCone(bearing, h, f));
      }),
    );
  });

  it('sees a point placed inside the cone and range, and not one placed outside either', () => {
    fc.assert(
      fc.property(heading, fov, offset, fc.double({ min: 5, max: 300, noNaN: true }), fc.double({ min: 1, max: 2, noNaN: true }), (h, f, o, range, beyond) => {
        fc.pre(Math.abs(Math.abs(o) - f / 2) > 0.01);
        const c = camera({ headingDeg: h, fovDeg: f, rangeM: range });
        const inside = pointAt(HERE, normalizeDeg(h + o), range * 0.9);
        expect(sees(c, inside)).toBe(Math.abs(o) < f / 2);
        expect(sees(c, pointAt(HERE, h, range * beyond + 1))).toBe(false);
        // A PTZ camera with the same range sees both directions of the inside point.
        expect(sees({ ...c, ptz: true }, inside)).toBe(true);
      }),
    );
  });

  it('sees the same after the camera and the point turn together by any angle (no seam at north)', () => {
    fc.assert(
      fc.property(heading, fov, offset, heading, (h, f, o, turn) => {
        fc.pre(Math.abs(Math.abs(o) - f / 2) > 0.01);
        const before = sees(camera({ headingDeg: h, fovDeg: f }), pointAt(HERE, normalizeDeg(h + o), 50));
        const after = sees(camera({ headingDeg: normalizeDeg(h + turn), fovDeg: f }), pointAt(HERE, normalizeDeg(h + turn + o), 50));
        expect(after).toBe(before);
      }),
    );
  });
});
