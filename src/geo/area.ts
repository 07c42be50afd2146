import { DomainError, type FieldProblem } from '../core/errors.js';
import { bboxOf, inBBox, inPolygons, isPosition, type BBox, type LatLon, type Polygon } from './geometry.js';

/** A district the centre sorts its work by (a police district, an arrondissement). */
export interface Area {
  readonly code: string;
  readonly name: string;
  readonly nameAr: string | null;
  readonly population: number | null;
  readonly polygons: readonly Polygon[];
  readonly bbox: BBox;
}

const MAX_AREAS = 1_000;
const MAX_VERTICES = 500_000;

/**
 * Reads districts from a GeoJSON FeatureCollection of Polygons and MultiPolygons. Each feature needs a
 * code (`code`, `hcp_code` or `id`) and a name (`name`); `name_ar` and `population_2024` (or
 * `population`) are kept when present. Every problem is reported with the feature it is in.
 */
export function parseAreas(geojson: unknown): Area[] {
  const problems: FieldProblem[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  if (typeof geojson !== 'object' || geojson === null || (geojson as { type?: unknown }).type !== 'FeatureCollection') {
    throw new DomainError('validation', 'areas: must be a GeoJSON FeatureCollection', { errors: [{ field: 'areas', message: 'must be a GeoJSON FeatureCollection' }] });
  }
  const features = (geojson as { features?: unknown }).features;
  if (!Array.isArray(features) || features.length === 0 || features.length > MAX_AREAS) {
    throw new DomainError('validation', `features: must hold 1 to ${MAX_AREAS} features`, { errors: [{ field: 'features', message: `must hold 1 to ${MAX_AREAS} features` }] });
  }
  const areas: Area[] = [];
  const codes = new Set<string>();
  let vertices = 0;
  features.forEach((feature: unknown, i) => {
    const at = `features.${i}`;
    const properties = ((feature as { properties?: unknown })?.properties ?? {}) as Record<string, unknown>;
    const geometry = (feature as { geometry?: { type?: unknown; coordinates?: unknown } })?.geometry;
    const code = String(properties.code ?? properties.hcp_code ?? properties.id ?? '').trim();
    const name = typeof properties.name === 'string' ? properties.name.trim() : '';
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(code)) fail(`${at}.properties.code`, 'needs a code (code, hcp_code or id): letters, digits, dot, dash, underscore');
    else if (codes.has(code)) fail(`${at}.properties.code`, `"${code}" appears twice`);
    codes.add(code);
    if (name === '' || name.length > 100) fail(`${at}.properties.name`, 'needs a name of 1 to 100 characters');
    const nameAr = typeof properties.name_ar === 'string' && properties.name_ar.trim() !== '' ? properties.name_ar.trim() : null;
    const populationRaw = properties.population_2024 ?? properties.population;
    const population = typeof populationRaw === 'number' && Number.isInteger(populationRaw) && populationRaw >= 0 ? populationRaw : null;
    let polygons: Polygon[] = [];
    if (geometry?.type === 'Polygon') polygons = [geometry.coordinates as Polygon];
    else if (geometry?.type === 'MultiPolygon') polygons = geometry.coordinates as Polygon[];
    else fail(`${at}.geometry`, 'must be a Polygon or a MultiPolygon');
    if (!Array.isArray(polygons) || !polygons.every((polygon) => isPolygon(polygon))) {
      fail(`${at}.geometry.coordinates`, 'must be closed rings of [longitude, latitude] positions (at least 4 each)');
      polygons = [];
    }
    for (const polygon of polygons) for (const ring of polygon) vertices += ring.length;
    if (polygons.length > 0) areas.push({ code, name, nameAr, population, polygons, bbox: bboxOf(polygons) });
  });
  if (vertices > MAX_VERTICES) fail('features', `hold more than ${MAX_VERTICES} vertices`);
  if (problems.length > 0) {
    throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  }
  return areas;
}

function isPolygon(polygon: unknown): polygon is Polygon {
  return (
    Array.isArray(polygon) &&
    polygon.length > 0 &&
    polygon.every(
      (ring: unknown) =>
        Array.isArray(ring) &&
        ring.length >= 4 &&
        ring.every(isPosition) &&
        ring[0]![0] === ring[ring.length - 1]![0] &&
        ring[0]![1] === ring[ring.length - 1]![1],
    )
  );
}

/** Finds the district a point lies in. */
export class AreaIndex {
  constructor(readonly areas: readonly Area[]) {}

  /** The area holding the point, or undefined outside all of them. */
  locate(point: LatLon): Area | undefined {
    return this.areas.find((area) => inBBox(point, area.bbox) && inPolygons(point, area.polygons));
  }
}
