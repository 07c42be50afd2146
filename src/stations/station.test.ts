import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sharedDataFile, testDatabaseKind } from '../core/testing.js';
import { getAreaIndex, importAreas } from '../geo/area.service.js';
import { setupTestApp, type TestApp } from '../server/testing.js';
import { seedStationsFromAreas, stationCodeFor } from './station.service.js';

describe('station codes', () => {
  it('are made from the district’s name, without accents', () => {
    expect(stationCodeFor('Maârif')).toBe('ST-MAARIF');
    expect(stationCodeFor('Sidi Belyout')).toBe('ST-SIDI-BELYOUT');
    expect(stationCodeFor('Al-Fida')).toBe('ST-AL-FIDA');
    expect(stationCodeFor('أنفا')).toBe('ST-X');
  });
});

const realFile = sharedDataFile('casablanca-arrondissements.geojson');

describe.skipIf(realFile === undefined)(`stations for Casablanca's 16 arrondissements (${testDatabaseKind()}; needs ../shared/data/casablanca-arrondissements.geojson)`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp();
    await importAreas(t.core, 'system:test', fs.readFileSync(realFile!, 'utf8'), 'casablanca-arrondissements.geojson');
  });
  afterAll(async () => t.close());

  it('puts one station inside each, named after it in French and Arabic', async () => {
    const stations = await seedStationsFromAreas(t.core, 'system:test');
    expect(stations).toHaveLength(16);
    expect(new Set(stations.map((s) => s.code)).size).toBe(16);
    const index = await getAreaIndex(t.core);
    for (const station of stations) expect(index.locate(station.location)?.code, station.code).toBe(station.area);
    expect(stations.find((s) => s.name === 'Sidi Belyout')).toMatchObject({ code: 'ST-SIDI-BELYOUT', nameAr: 'سيدي بليوط' });
  });
});
