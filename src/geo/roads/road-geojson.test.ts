import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.js';
import { OSM_ATTRIBUTION, parseRoadGeoJson } from './road-geojson.js';

const feature = (properties: Record<string, unknown>, coordinates: unknown = [[-7.6, 33.59], [-7.601, 33.59]]) => ({
  type: 'Feature',
  properties: { fclass: 'residential', oneway: 'both', maxspeed: 0, name: '', ...properties },
  geometry: { type: 'LineString', coordinates },
});
const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', attribution: '© OpenStreetMap contributors', features });

describe('road GeoJSON in Geofabrik’s schema', () => {
  it('reads class, direction, limit and name, and keeps the attribution', () => {
    const parsed = parseRoadGeoJson(
      collection(
        feature({ fclass: 'primary', oneway: 'forward', maxspeed: 60, name: 'Boulevard de la Résistance' }),
        feature({ fclass: 'secondary', oneway: 'T', name: '', ref: 'R315' }),
        feature({ oneway: 'B' }),
      ),
    );
    expect(parsed.ways.map((w) => [w.roadClass, w.oneWay, w.maxSpeedKmh, w.name])).toEqual([
      ['primary', 'forward', 60, 'Boulevard de la Résistance'],
      ['secondary', 'backward', 0, 'R315'],
      ['residential', 'both', 0, ''],
    ]);
    expect(parsed.attribution).toBe('© OpenStreetMap contributors');
  });

  it('skips what cars do not drive on, and credits OpenStreetMap when the file does not say', () => {
    const parsed = parseRoadGeoJson({ type: 'FeatureCollection', features: [feature({ fclass: 'footway' }), feature({ fclass: 'steps' }), feature({ fclass: 'track_grade1' }), feature({})] });
    expect(parsed.ways).toHaveLength(1);
    expect(parsed.skippedWays).toBe(3);
    expect(parsed.attribution).toBe(OSM_ATTRIBUTION);
  });

  it('reports every malformed feature by position', () => {
    let error: unknown;
    try {
      parseRoadGeoJson(collection(feature({}), feature({ oneway: 'sideways' }), feature({}, [[-7.6, 33.59]]), { type: 'Feature', properties: { fclass: 'primary', oneway: 'both' }, geometry: { type: 'Point', coordinates: [0, 0] } }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).errors.map((e) => e.field)).toEqual(['features.1.properties.oneway', 'features.2.geometry.coordinates', 'features.3.geometry']);
  });
});
