import { describe, expect, it } from 'vitest';
import { boxAround, distanceM, inBBox, inPolygons, type Polygon } from './geometry.js';

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
});
