import { distanceM, type LatLon } from '../geo/geometry.js';

/** What the geometry needs of a camera. Angles in degrees clockwise from north; distances in metres. */
export interface CameraGeometry {
  readonly lat: number;
  readonly lon: number;
  readonly headingDeg: number;
  readonly fovDeg: number;
  readonly rangeM: number;
  /** A PTZ camera can turn: it sees all around, within its range. */
  readonly ptz: boolean;
  readonly presets: readonly { readonly name: string; readonly headingDeg: number; readonly zoom?: number | undefined }[];
}

/** How a camera sees a point: how far, in which direction, and for PTZ the preset nearest it. */
export interface Sighting {
  readonly distanceM: number;
  readonly bearingDeg: number;
  readonly preset: { readonly name: string; readonly headingDeg: number; readonly zoom?: number; readonly offsetDeg: number } | null;
}

const RAD = Math.PI / 180;
// Rounding slack on the edges of the cone and the range, far below a metre or a degree that matters.
const EPSILON = 1e-9;

/** An angle brought into [0, 360): -10 -> 350, 370 -> 10. */
export function normalizeDeg(deg: number): number {
  const r = deg % 360;
  return r < 0 ? (r + 360) % 360 : r;
}

/** The smallest angle between two directions, in [0, 180]: 350 and 10 are 20 apart. */
export function angleBetween(a: number, b: number): number {
  const d = Math.abs(normalizeDeg(a) - normalizeDeg(b));
  return d > 180 ? 360 - d : d;
}

/** The initial bearing (forward azimuth) from one point to another, in [0, 360); 0 for the same point. */
export function bearingDeg(from: LatLon, to: LatLon): number {
  const lat1 = from.lat * RAD;
  const lat2 = to.lat * RAD;
  const dLon = (to.lon - from.lon) * RAD;
  const y = Math.sin(dLon) * Math.cos(lat2);
  const x = Math.cos(lat1) * Math.sin(lat2) - Math.sin(lat1) * Math.cos(lat2) * Math.cos(dLon);
  if (x === 0 && y === 0) return 0;
  return normalizeDeg(Math.atan2(y, x) / RAD);
}

/**
 * Whether a direction lies within the cone `heading ± fov/2`, edges included, across north:
 * heading 350 with fov 60 holds bearings 320..20, so 335 and 5 are in, 25 is out.
 */
export function inCone(bearing: number, headingDeg: number, fovDeg: number): boolean {
  return fovDeg >= 360 || angleBetween(bearing, headingDeg) <= fovDeg / 2 + EPSILON;
}

/** The preset whose heading is nearest a bearing (ties: the first listed), or null without presets. */
export function nearestPreset(presets: CameraGeometry['presets'], bearing: number): Sighting['preset'] {
  let best: Sighting['preset'] = null;
  for (const preset of presets) {
    const offsetDeg = angleBetween(bearing, preset.headingDeg);
    if (best === null || offsetDeg < best.offsetDeg) {
      best = { name: preset.name, headingDeg: preset.headingDeg, ...(preset.zoom === undefined ? {} : { zoom: preset.zoom }), offsetDeg };
    }
  }
  return best;
}

/**
 * How the camera sees the point, or undefined when it cannot: farther than its range, or (a fixed
 * camera) outside `heading ± fov/2`. A PTZ camera sees all around within its range, and gets the
 * bearing to turn to and its nearest preset. The point under the camera is seen by every camera.
 * @example sight({ lat: 33.59, lon: -7.62, headingDeg: 0, fovDeg: 60, rangeM: 150, ptz: false, presets: [] }, { lat: 33.5909, lon: -7.62 }) // ~100 m north: seen, bearing 0
 */
export function sight(camera: CameraGeometry, point: LatLon): Sighting | undefined {
  const d = distanceM(camera, point);
  if (d > camera.rangeM + EPSILON) return undefined;
  const bearing = d === 0 ? camera.headingDeg : bearingDeg(camera, point);
  if (camera.ptz) return { distanceM: d, bearingDeg: bearing, preset: nearestPreset(camera.presets, bearing) };
  if (!inCone(bearing, camera.headingDeg, camera.fovDeg)) return undefined;
  return { distanceM: d, bearingDeg: bearing, preset: null };
}

/** Whether the camera sees the point (see `sight`). */
export function sees(camera: CameraGeometry, point: LatLon): boolean {
  return sight(camera, point) !== undefined;
}

/** The point `distanceM` metres from `from` in direction `bearing` (great circle): tests, benchmarks, maps. */
export function pointAt(from: LatLon, bearing: number, distance: number): LatLon {
  const delta = distance / 6_371_008.8;
  const theta = bearing * RAD;
  const lat1 = from.lat * RAD;
  const lon1 = from.lon * RAD;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(delta) + Math.cos(lat1) * Math.sin(delta) * Math.cos(theta));
  const lon2 = lon1 + Math.atan2(Math.sin(theta) * Math.sin(delta) * Math.cos(lat1), Math.cos(delta) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: lat2 / RAD, lon: ((lon2 / RAD + 540) % 360) - 180 };
}
