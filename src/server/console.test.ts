import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { offsetMs } from '../core/time-zone.js';
import { setupTestApp, type TestApp } from './testing.js';

describe(`the console's files and settings (${testDatabaseKind()})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp({ env: { AMANE_MAP_RASTER_TILES: 'https://tiles.police.example/{z}/{x}/{y}.png', AMANE_MAP_ATTRIBUTION: '© Example tiles', AMANE_MEDIA_ORIGINS: 'https://media.police.example:8443' } });
  });
  afterAll(async () => t.close());

  it('tells the console, before login, where its map background comes from', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/console/settings' });
    expect(response.statusCode).toBe(200);
    const { timeZoneOffsets, ...rest } = response.json() as { timeZoneOffsets: { from: string; offsetMinutes: number }[] };
    expect(rest).toEqual({
      agencyId: 'casablanca.police.ma',
      cityCode: 'CASA',
      timeZone: 'Africa/Casablanca',
      mediaOrigins: ['https://media.police.example:8443'],
      map: { rasterTiles: 'https://tiles.police.example/{z}/{x}/{y}.png', styleUrl: null, attribution: '© Example tiles' },
    });
    // Browsers carry their own time-zone data: the console takes the server's offsets instead.
    const now = Date.now();
    expect(new Date(timeZoneOffsets[0]!.from).getTime()).toBeLessThan(now);
    const inForce = timeZoneOffsets.filter((change) => new Date(change.from).getTime() <= now).at(-1)!;
    expect(inForce.offsetMinutes * 60_000).toBe(offsetMs(new Date(now), 'Africa/Casablanca'));
  });

  it("lets the page reach the tile server's and the media servers' origins, and no other", async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    const policy = String(response.headers['content-security-policy']);
    expect(policy).toMatch(/connect-src 'self' https:\/\/tiles\.police\.example https:\/\/media\.police\.example:8443;/);
    expect(policy).toMatch(/img-src 'self' data: blob: https:\/\/tiles\.police\.example https:\/\/media\.police\.example:8443;/);
    expect(policy).toMatch(/media-src 'self' blob: https:\/\/media\.police\.example:8443;/);
  });

  it('serves no file outside the build, whatever the path says', async () => {
    for (const url of ['/assets/..%2F..%2Fpackage.json', '/assets/../package.json', '/assets/index.ts', '/assets/nothing.js']) {
      const response = await t.app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
