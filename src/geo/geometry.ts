/** Geometry on WGS 84 coordinates, enough for districts and distances within a city. */

export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

/** GeoJSON ring: [lon, lat] positions, first equal to last. */
export type Ring = readonly (readonly [number, number])[];
/** A polygon: an outer ring, then holes. */
export type Polygon = readonly Ring[];

export interface BBox {
  readonly minLon: number;
  readonly minLat: number;
  readonly maxLon: number;
  readonly maxLat: number;
}

const EARTH_RADIUS_M = 6_371_008.8; // IUGG mean radius

/** Great-circle distance in metres (haversine). */
export function distanceM(a: LatLon, b: LatLon): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLon = (b.lon - a.lon) * toRad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The box around a point that holds every point within `radiusM` (for a cheap prefilter). */
export function boxAround(point: LatLon, radiusM: number): BBox {
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI);
  const dLon = dLat / Math.max(Math.cos((point.lat * Math.PI) / 180), 1e-6);
  return { minLat: point.lat - dLat, maxLat: point.lat + dLat, minLon: point.lon - dLon, maxLon: point.lon + dLon };
}

export function bboxOf(polygons: readonly Polygon[]): BBox {
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const polygon of polygons) {
    for (const [lon, lat] of polygon[0] ?? []) {
      minLon = Math.min(minLon, lon);
      maxLon = Math.max(maxLon, lon);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    }
  }
  return { minLon, minLat, maxLon, maxLat };
}

/** A GeoJSON position: [longitude, latitude], within range (an altitude may follow). */
export function isPosition(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    typeof value[0] === 'number' &&
    typeof value[1] === 'number' &&
    Math.abs(value[0]) <= 180 &&
    Math.abs(value[1]) <= 90
  );
}

export function inBBox(point: LatLon, box: BBox): boolean {
  return point.lon >= box.minLon && point.lon <= box.maxLon && point.lat >= box.minLat && point.lat <= box.maxLat;
}

/** Whether a point lies inside a ring (even-odd rule; planar, fine at a city's scale). */
export function inRing(point: LatLon, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i, i += 1) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > point.lat !== yj > point.lat && point.lon < ((xj - xi) * (point.lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the outer ring and outside every hole of one of the polygons. */
export function inPolygons(point: LatLon, polygons: readonly Polygon[]): boolean {
  return polygons.some((polygon) => polygon.length > 0 && inRing(point, polygon[0]!) && !polygon.slice(1).some((hole) => inRing(point, hole)));
}
