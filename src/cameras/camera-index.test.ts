import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pointAt } from './camera-geometry.js';
import { CameraIndex, scanSeeing, type IndexedCamera } from './camera-index.js';

const CENTRE = { lat: 33.5731, lon: -7.5898 };

const cameraArb = fc.record({
  bearing: fc.double({ min: 0, max: 359.9, noNaN: true }),
  distance: fc.double({ min: 0, max: 3_000, noNaN: true }),
  headingDeg: fc.double({ min: 0, max: 359.9, noNaN: true }),
  fovDeg: fc.double({ min: 20, max: 360, noNaN: true }),
  rangeM: fc.double({ min: 10, max: 1_200, noNaN: true }),
  ptz: fc.boolean(),
});

function camerasOf(specs: readonly { bearing: number; distance: number; headingDeg: number; fovDeg: number; rangeM: number; ptz: boolean }[]): IndexedCamera[] {
  return specs.map((s, i) => ({
    id: `CAM-${String(i).padStart(4, '0')}`,
    ...pointAt(CENTRE, s.bearing, s.distance),
    headingDeg: s.headingDeg,
    fovDeg: s.fovDeg,
    rangeM: s.rangeM,
    ptz: s.ptz,
    presets: s.ptz ? [{ name: 'home', headingDeg: s.headingDeg }] : [],
    device: null,
  }));
}

const ids = (found: ReturnType<typeof scanSeeing>) => found.map((s) => s.camera.id);

describe('camera index', () => {
  it('answers as a scan of every camera does, nearest first, for any cameras and any point', () => {
    fc.assert(
      fc.property(fc.array(cameraArb, { maxLength: 120 }), fc.double({ min: 0, max: 359.9, noNaN: true }), fc.double({ min: 0, max: 3_500, noNaN: true }), fc.integer({ min: 30, max: 600 }), (specs, b, d, cellM) => {
        const cameras = camerasOf(specs);
        const point = pointAt(CENTRE, b, d);
        const found = new CameraIndex(cameras, cellM).seeing(point);
        expect(ids(found)).toEqual(ids(scanSeeing(cameras, point)));
        for (let i = 1; i < found.length; i++) expect(found[i]!.distanceM).toBeGreaterThanOrEqual(found[i - 1]!.distanceM);
      }),
      { numRuns: 300 },
    );
  });

  it('finds a camera from a point at the very edge of its range, whatever the cell size', () => {
    for (const cellM of [25, 100, 250, 1_000]) {
      const [camera] = camerasOf([{ bearing: 10, distance: 500, headingDeg: 45, fovDeg: 90, rangeM: 300, ptz: false }]);
      const edge = pointAt(camera!, 45, 299.999);
      expect(ids(new CameraIndex([camera!], cellM).seeing(edge))).toEqual(['CAM-0000']);
      expect(new CameraIndex([camera!], cellM).seeing(pointAt(camera!, 45, 301))).toEqual([]);
    }
  });

  it('knows each camera and its controller by id', () => {
    const index = new CameraIndex([{ ...camerasOf([{ bearing: 0, distance: 0, headingDeg: 0, fovDeg: 60, rangeM: 100, ptz: true }])[0]!, device: 'ptz-ctl-1' }]);
    expect(index.size).toBe(1);
    expect(index.deviceOf('CAM-0000')).toBe('ptz-ctl-1');
    expect(index.deviceOf('CAM-9999')).toBeUndefined();
  });
});
