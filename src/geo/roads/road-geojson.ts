import { DomainError, type FieldProblem } from '../../core/errors.js';
import { parseMaxSpeed, roadClassOf, type OneWay, type RoadWay } from './road.js';
import { isPosition } from '../geometry.js';

/** The attribution ODbL asks for, when the file does not carry its own. */
export const OSM_ATTRIBUTION = '© OpenStreetMap contributors, ODbL 1.0';

/** Ways read from a file, ready for `buildRoadGraph`. */
export interface ParsedRoads {
  readonly ways: RoadWay[];
  /** Ways left out because cars do not drive there (footways, steps, tracks...). */
  readonly skippedWays: number;
  readonly attribution: string;
}

const MAX_PROBLEMS = 20;

/**
 * One-way values of Geofabrik's roads layer: `F`/`T`/`B` in its shapefiles, spelled out as
 * `forward`/`backward`/`both` once converted to GeoJSON; OSM's own `yes`/`-1`/`no` are read too.
 */
const oneWayValues: Readonly<Record<string, OneWay>> = {
  forward: 'forward', F: 'forward', yes: 'forward', '1': 'forward', true: 'forward',
  backward: 'backward', T: 'backward', '-1': 'backward', reverse: 'backward',
  both: 'both', B: 'both', no: 'both', '0': 'both', false: 'both', '': 'both',
};

/**
 * Reads OSM-derived road lines in Geofabrik's schema: a FeatureCollection of LineStrings (or
 * MultiLineStrings) with `fclass` (or `highway`), `oneway`, `maxspeed` (0 = unknown), `name`, `ref`.
 * Classes cars do not use are counted and skipped; malformed features are reported by position.
 */
export function parseRoadGeoJson(document: unknown): ParsedRoads {
  const problems: FieldProblem[] = [];
  const fail = (field: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ field, message });
  };
  const root = document as { type?: unknown; features?: unknown; attribution?: unknown } | null;
  if (typeof root !== 'object' || root === null || root.type !== 'FeatureCollection' || !Array.isArray(root.features)) {
    throw new DomainError('validation', 'roads: must be a GeoJSON FeatureCollection of LineStrings', {
      errors: [{ field: 'roads', message: 'must be a GeoJSON FeatureCollection of LineStrings' }],
    });
  }
  const ways: RoadWay[] = [];
  let skippedWays = 0;
  root.features.forEach((feature: unknown, i) => {
    const at = `features.${i}`;
    const properties = ((feature as { properties?: unknown } | null)?.properties ?? {}) as Record<string, unknown>;
    const geometry = (feature as { geometry?: { type?: unknown; coordinates?: unknown } } | null)?.geometry;
    const fclass = String(properties.fclass ?? properties.highway ?? '');
    const roadClass = roadClassOf(fclass);
    if (roadClass === undefined) {
      skippedWays += 1;
      return;
    }
    const oneWay = oneWayValues[String(properties.oneway ?? '')];
    if (oneWay === undefined) {
      fail(`${at}.properties.oneway`, 'must be forward, backward or both (F, T, B; yes, -1, no)');
      return;
    }
    let lines: unknown[] = [];
    if (geometry?.type === 'LineString') lines = [geometry.coordinates];
    else if (geometry?.type === 'MultiLineString' && Array.isArray(geometry.coordinates)) lines = geometry.coordinates;
    else {
      fail(`${at}.geometry`, 'must be a LineString or a MultiLineString');
      return;
    }
    const name = typeof properties.name === 'string' && properties.name.trim() !== '' ? properties.name.trim() : typeof properties.ref === 'string' ? properties.ref.trim() : '';
    const maxSpeedKmh = parseMaxSpeed(properties.maxspeed);
    for (const line of lines) {
      if (!isLine(line)) {
        fail(`${at}.geometry.coordinates`, 'must be two or more [longitude, latitude] positions');
        return;
      }
      ways.push({ coordinates: line.map(([lon, lat]) => [lon, lat] as const), roadClass, oneWay, maxSpeedKmh, name });
    }
  });
  if (problems.length > 0) throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  if (ways.length === 0) throw new DomainError('validation', 'features: holds no road cars can drive on', { errors: [{ field: 'features', message: 'holds no road cars can drive on' }] });
  const attribution = typeof root.attribution === 'string' && root.attribution.trim() !== '' ? root.attribution.trim() : OSM_ATTRIBUTION;
  return { ways, skippedWays, attribution };
}

function isLine(line: unknown): line is [number, number][] {
  return (
    Array.isArray(line) &&
    line.length >= 2 &&
    line.every(isPosition)
  );
}
