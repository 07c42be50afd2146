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

/** Metres in one degree of latitude (and of longitude at the equator) on the mean sphere. */
export const METRES_PER_DEGREE = (EARTH_RADIUS_M * Math.PI) / 180;

/** A flat plane in metres around an origin, x to the east and y to the north. */
export interface LocalPlane {
  /** Metres east of the origin. */
  x(lon: number): number;
  /** Metres north of the origin. */
  y(lat: number): number;
  /** The position `x` metres east and `y` north of the origin. */
  at(x: number, y: number): LatLon;
}

/**
 * The plane tangent at `origin`: well under a metre off within a kilometre, which is a cordon's scale.
 * @example localPlane({ lat: 33.5731, lon: -7.5898 }).x(-7.5888) // ≈ 92.6 (metres east)
 */
export function localPlane(origin: LatLon): LocalPlane {
  const perLon = METRES_PER_DEGREE * Math.cos((origin.lat * Math.PI) / 180);
  return {
    x: (lon) => (lon - origin.lon) * perLon,
    y: (lat) => (lat - origin.lat) * METRES_PER_DEGREE,
    at: (x, y) => ({ lat: origin.lat + y / METRES_PER_DEGREE, lon: origin.lon + x / perLon }),
  };
}

/** Both ends of segment AB beyond the same side of the square round the circle of radius `r` at the origin: a cheap refusal. */
function beyondSquare(ax: number, ay: number, bx: number, by: number, r: number): boolean {
  return (ax > r && bx > r) || (ax < -r && bx < -r) || (ay > r && by > r) || (ay < -r && by < -r);
}

/**
 * Where segment AB crosses the circle of radius `r` round the origin (plane coordinates), as fractions
 * of the way from A to B: none, one, or two when a segment goes right through. A tangent touches, it
 * does not cross: none.
 * @example segmentCircleCrossings(-20, 0, 20, 0, 10) // [0.25, 0.75]
 */
export function segmentCircleCrossings(ax: number, ay: number, bx: number, by: number, r: number): number[] {
  if (beyondSquare(ax, ay, bx, by, r)) return [];
  // |A + t(B - A)|² = r², for t in [0, 1].
  const dx = bx - ax;
  const dy = by - ay;
  const qa = dx * dx + dy * dy;
  if (qa === 0) return [];
  const qb = 2 * (ax * dx + ay * dy);
  const qc = ax * ax + ay * ay - r * r;
  const discriminant = qb * qb - 4 * qa * qc;
  if (discriminant <= 0) return [];
  const root = Math.sqrt(discriminant);
  return [(-qb - root) / (2 * qa), (-qb + root) / (2 * qa)].filter((t) => t >= 0 && t <= 1);
}

/**
 * Whether segment AB passes within `r` of the origin (plane coordinates), ends included.
 * @example segmentWithin(-20, 5, 20, 5, 10) // true: it passes 5 m away
 */
export function segmentWithin(ax: number, ay: number, bx: number, by: number, r: number): boolean {
  if (beyondSquare(ax, ay, bx, by, r)) return false;
  const dx = bx - ax;
  const dy = by - ay;
  const squared = dx * dx + dy * dy;
  let t = squared > 0 ? (-ax * dx - ay * dy) / squared : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const px = ax + t * dx;
  const py = ay + t * dy;
  return px * px + py * py <= r * r;
}
