import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';
import { importAreas } from '../geo/area.service.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { snapToRoad } from '../geo/roads/road-snap.js';

describe(`a point in words, for an incident's address (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let callTaker: string;
  beforeAll(async () => {
    t = await setupTestApp();
    callTaker = (await t.login(['call-taker'])).token;
    await importAreas(
      t.core,
      'system:test',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          { type: 'Feature', properties: { code: 'D-WEST', name: 'West', name_ar: 'الغرب' }, geometry: { type: 'Polygon', coordinates: [[[-8, 33], [-7.6, 33], [-7.6, 34], [-8, 34], [-8, 33]]] } },
        ],
      }),
      'areas.geojson',
    );
  });
  afterAll(async () => t.close());

  const describePlace = (lat: number, lon: number, token = callTaker) => t.app.inject({ url: `/places/describe?lat=${lat}&lon=${lon}`, headers: bearer(token) });

  it('names the road a point is on and its district, as the roads and areas say', async () => {
    const graph = await getRoadGraph(t.core);
    // A point on a named road of the centre's graph, in the western district.
    let edge = -1;
    for (let e = 0; e < graph.edgeCount && edge < 0; e += 1) {
      const lon = graph.lon[graph.sources[e]!]!;
      if (graph.names[graph.nameIndex[e]!] !== '' && lon < -7.61) edge = e;
    }
    expect(edge).toBeGreaterThanOrEqual(0);
    const at = { lat: graph.lat[graph.sources[edge]!]!, lon: graph.lon[graph.sources[edge]!]! };
    const snapped = snapToRoad(graph, at)!;
    const answer = (await describePlace(at.lat, at.lon)).json();
    expect(answer).toEqual({
      street: graph.names[graph.nameIndex[snapped.edge]!],
      streetDistanceM: Math.round(snapped.distanceM),
      district: { code: 'D-WEST', name: 'West', nameAr: 'الغرب' },
    });
    expect(answer.street).not.toBe('');
  });

  it('says nothing of a street further than 150 m, nor of a district the areas do not cover', async () => {
    expect((await describePlace(35.5, -5.5)).json()).toEqual({ street: null, streetDistanceM: null, district: null });
  });

  it('refuses a point off the globe naming the field, and a role that creates no incident', async () => {
    const refused = await describePlace(95, -7.6);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'lat' });
    const officer = (await t.login(['field-officer'])).token;
    expect((await describePlace(33.58, -7.62, officer)).statusCode).toBe(403);
  });
});
