import { describe, expect, it } from 'vitest';
import { boxAround, distanceM, inBBox, inPolygons, localPlane, segmentCircleCrossings, segmentWithin, type Polygon } from './geometry.js';

describe('geometry', () => {
  it('measures great-circle distances', () => {
    // Casablanca to Rabat city centres: 85.2 km (an equirectangular estimate: 69.1 km east, 49.8 km north).
    expect(distanceM({ lat: 33.5731, lon: -7.5898 }, { lat: 34.0209, lon: -6.8416 }) / 1_000).toBeCloseTo(85.2, 1);
    // 0.001 degree of latitude is about 111 m everywhere.
    expect(distanceM({ lat: 33.59, lon: -7.6 }, { lat: 33.591, lon: -7.6 })).toBeCloseTo(111.2, 0);
  });

  it('boxes every point within a radius', () => {
    const centre = { lat: 33.59, lon: -7.6 };
    const box = boxAround(centre, 300);
    for (let bearing = 0; bearing < 360; bearing += 15) {
      const rad = (bearing * Math.PI) / 180;
      const point = { lat: centre.lat + (299 / 111_195) * Math.cos(rad), lon: centre.lon + (299 / (111_195 * Math.cos((centre.lat * Math.PI) / 180))) * Math.sin(rad) };
      expect(distanceM(centre, point)).toBeLessThan(300);
      expect(inBBox(point, box)).toBe(true);
    }
  });

  it('tells inside from outside a polygon with a hole', () => {
    const square: Polygon = [
      [[-7.7, 33.5], [-7.5, 33.5], [-7.5, 33.7], [-7.7, 33.7], [-7.7, 33.5]],
      [[-7.65, 33.55], [-7.55, 33.55], [-7.55, 33.65], [-7.65, 33.65], [-7.65, 33.55]],
    ];
    expect(inPolygons({ lat: 33.52, lon: -7.6 }, [square])).toBe(true);
    expect(inPolygons({ lat: 33.6, lon: -7.6 }, [square])).toBe(false); // in the hole
    expect(inPolygons({ lat: 33.8, lon: -7.6 }, [square])).toBe(false);
  });

  it('finds where a segment crosses a circle: twice through it, once from inside, never past it or on a tangent', () => {
    expect(segmentCircleCrossings(-20, 0, 20, 0, 10)).toEqual([0.25, 0.75]);
    expect(segmentCircleCrossings(0, 0, 20, 0, 10)).toEqual([0.5]);
    expect(segmentCircleCrossings(-20, 10, 20, 10, 10)).toEqual([]);
    expect(segmentCircleCrossings(15, -20, 15, 20, 10)).toEqual([]);
    expect(segmentCircleCrossings(3, 3, 3, 3, 10)).toEqual([]);
  });

  it('tells a segment that passes within a radius from one that passes by', () => {
    expect(segmentWithin(-20, 5, 20, 5, 10)).toBe(true);
    expect(segmentWithin(-20, 10, 20, 10, 10)).toBe(true); // a tangent touches
    expect(segmentWithin(-20, 11, 20, 11, 10)).toBe(false);
    expect(segmentWithin(11, 0, 30, 0, 10)).toBe(false); // on the line, but it stops short
    expect(segmentWithin(2, 2, 2, 2, 10)).toBe(true);
  });

  it('puts a position on the plane round an origin and back', () => {
    const plane = localPlane({ lat: 33.5731, lon: -7.5898 });
    const x = plane.x(-7.5888);
    const y = plane.y(33.5741);
    expect(x).toBeCloseTo(92.6, 1);
    expect(y).toBeCloseTo(111.2, 1);
    const back = plane.at(x, y);
    expect(back.lat).toBeCloseTo(33.5741, 9);
    expect(back.lon).toBeCloseTo(-7.5888, 9);
  });
});
