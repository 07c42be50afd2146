import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../core/errors.js';
import { setupTestCore, sharedDataFile, testDatabaseKind, type TestCore } from '../core/testing.js';
import { coreMigrations } from '../core/core.migrations.js';
import { parseAreas } from './area.js';
import { inPolygons } from './geometry.js';
import { getAreaIndex, importAreas } from './area.service.js';
import { geoModule } from './geo.module.js';

const square = (code: string, name: string, lon: number) => ({
  type: 'Feature',
  properties: { code, name },
  geometry: { type: 'Polygon', coordinates: [[[lon, 33.5], [lon + 0.1, 33.5], [lon + 0.1, 33.6], [lon, 33.6], [lon, 33.5]]] },
});

describe('district files', () => {
  it('reads codes, names in both scripts and populations', () => {
    const [area] = parseAreas({
      type: 'FeatureCollection',
      features: [{ ...square('x', 'Anfa', -7.7), properties: { hcp_code: '061410101', name: 'Anfa', name_ar: 'أنفا', population_2024: 66202 } }],
    });
    expect(area).toMatchObject({ code: '061410101', name: 'Anfa', nameAr: 'أنفا', population: 66202 });
  });

  it('reports every bad feature by position', () => {
    let error: unknown;
    try {
      parseAreas({
        type: 'FeatureCollection',
        features: [
          square('a', 'One', -7.7),
          square('a', 'Two', -7.6),
          { type: 'Feature', properties: { code: 'c' }, geometry: { type: 'Point', coordinates: [-7.6, 33.5] } },
          { ...square('d', 'Open ring', -7.5), geometry: { type: 'Polygon', coordinates: [[[-7.5, 33.5], [-7.4, 33.5], [-7.4, 33.6], [-7.5, 33.61]]] } },
        ],
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).errors.map((e) => e.field)).toEqual([
      'features.1.properties.code',
      'features.2.properties.name',
      'features.2.geometry',
      'features.3.geometry.coordinates',
    ]);
  });
});

const realFile = sharedDataFile('casablanca-arrondissements.geojson');

describe.skipIf(realFile === undefined)(`Casablanca's 16 arrondissements (${testDatabaseKind()}; needs ../shared/data/casablanca-arrondissements.geojson)`, () => {
  let t: TestCore;
  beforeAll(async () => {
    t = await setupTestCore({ migrations: { ...coreMigrations, ...geoModule.migrations } });
    await importAreas(t.core, 'system:test', fs.readFileSync(realFile!, 'utf8'), 'casablanca-arrondissements.geojson');
  });
  afterAll(async () => t.close());

  it('imports all sixteen, with their Arabic names and 3,215,935 inhabitants', async () => {
    const index = await getAreaIndex(t.core);
    expect(index.areas).toHaveLength(16);
    expect(index.areas.find((a) => a.name === 'Sidi Belyout')?.nameAr).toBe('سيدي بليوط');
    expect(index.areas.reduce((sum, a) => sum + (a.population ?? 0), 0)).toBe(3_215_935);
  });

  it('puts the port station in Sidi Belyout, and the ocean and Mohammedia in none', async () => {
    const index = await getAreaIndex(t.core);
    expect(index.locate({ lat: 33.599, lon: -7.6128 })?.name).toBe('Sidi Belyout');
    expect(index.locate({ lat: 33.58, lon: -7.511 })?.name).toBe('Sidi Moumen');
    expect(index.locate({ lat: 33.65, lon: -7.7 })).toBeUndefined();
    expect(index.locate({ lat: 33.6861, lon: -7.3829 })).toBeUndefined();
  });

  it('finds, for points spread over each district, that district and no other (no overlaps)', async () => {
    const index = await getAreaIndex(t.core);
    let probed = 0;
    for (const area of index.areas) {
      for (let i = 1; i < 12; i += 1) {
        for (let j = 1; j < 12; j += 1) {
          const point = { lon: area.bbox.minLon + ((area.bbox.maxLon - area.bbox.minLon) * i) / 12, lat: area.bbox.minLat + ((area.bbox.maxLat - area.bbox.minLat) * j) / 12 };
          if (!inPolygons(point, area.polygons)) continue;
          probed += 1;
          const holders = index.areas.filter((other) => inPolygons(point, other.polygons)).map((other) => other.name);
          expect(holders, `${area.name} ${point.lat},${point.lon}`).toEqual([area.name]);
          expect(index.locate(point)?.code).toBe(area.code);
        }
      }
    }
    expect(probed).toBeGreaterThan(16 * 30);
  });
});
