import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { offsetMs } from '../core/time-zone.js';
import { precompressConsole } from './console-build.js';
import { preferredEncoding, registerConsoleRoutes } from './console.routes.js';
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

  describe('compressed for browsers that accept it', () => {
    // A build of its own: a script precompressed as `ensureConsoleBuilt` leaves it, a style sheet without.
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-console-'));
    const script = Buffer.from(Array.from({ length: 4_000 }, (_, i) => `export function screen${i}(props) { return render('panel-${i % 37}', props.incident, ${i}); }\n`).join(''));
    const sheet = Buffer.from(Array.from({ length: 2_000 }, (_, i) => `.panel-${i} { margin: ${i % 13}px; color: #${(i * 2654435761) % 0xffffff}; }\n`).join(''));
    let served: ReturnType<typeof Fastify>;
    const get = (url: string, acceptEncoding?: string) =>
      served.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

    beforeAll(async () => {
      fs.mkdirSync(path.join(dist, 'assets'));
      fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Amane</title>');
      fs.writeFileSync(path.join(dist, 'assets', 'index-Test1234.js'), script);
      await precompressConsole(path.join(dist, 'assets'));
      fs.writeFileSync(path.join(dist, 'assets', 'index-Test5678.css'), sheet);
      const app = Fastify().withTypeProvider<TypeBoxTypeProvider>();
      registerConsoleRoutes(app, t.core, `${dist}${path.sep}`);
      await app.ready();
      served = app;
    });
    afterAll(async () => {
      await served?.close();
      fs.rmSync(dist, { recursive: true, force: true });
    });

    it('serves the script in brotli, from the file compressed at build time, much smaller and decoding to the same bytes', async () => {
      const response = await get('/assets/index-Test1234.js', 'gzip, deflate, br, zstd');
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers.vary).toBe('Accept-Encoding');
      expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(response.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(zlib.brotliDecompressSync(response.rawPayload).equals(script)).toBe(true);
      expect(response.rawPayload.length).toBeLessThan(script.length / 5);
      expect(response.rawPayload.equals(fs.readFileSync(path.join(dist, 'assets', 'index-Test1234.js.br')))).toBe(true);
    });

    it('serves gzip to a browser that accepts gzip alone', async () => {
      const response = await get('/assets/index-Test1234.js', 'gzip;q=1.0, br;q=0');
      expect(response.headers['content-encoding']).toBe('gzip');
      expect(zlib.gunzipSync(response.rawPayload).equals(script)).toBe(true);
      expect(response.rawPayload.length).toBeLessThan(script.length / 5);
    });

    it('serves the plain file to a client that accepts no encoding, saying that the answer depends on it', async () => {
      for (const acceptEncoding of [undefined, 'identity', 'deflate']) {
        const response = await get('/assets/index-Test1234.js', acceptEncoding);
        expect(response.statusCode).toBe(200);
        expect(response.headers['content-encoding'], acceptEncoding).toBeUndefined();
        expect(response.headers.vary).toBe('Accept-Encoding');
        expect(response.rawPayload.equals(script)).toBe(true);
      }
    });

    it('compresses once a file the build left plain, and serves the same bytes each time', async () => {
      const first = await get('/assets/index-Test5678.css', 'br');
      const second = await get('/assets/index-Test5678.css', 'br');
      expect(first.headers['content-encoding']).toBe('br');
      expect(zlib.brotliDecompressSync(first.rawPayload).equals(sheet)).toBe(true);
      expect(first.rawPayload.length).toBeLessThan(sheet.length / 3);
      expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
      expect(zlib.gunzipSync((await get('/assets/index-Test5678.css', 'gzip')).rawPayload).equals(sheet)).toBe(true);
    });

    it('does not serve the compressed files under their own names', async () => {
      expect((await get('/assets/index-Test1234.js.br', 'br')).statusCode).not.toBe(200);
      expect((await get('/assets/index-Test1234.js.gz')).statusCode).not.toBe(200);
    });
  });

  it('reads the encodings a browser accepts', () => {
    expect(preferredEncoding('gzip, deflate, br')).toBe('br');
    expect(preferredEncoding('gzip;q=1, br;q=0')).toBe('gzip');
    expect(preferredEncoding('*')).toBe('br');
    expect(preferredEncoding('*, br;q=0')).toBe('gzip');
    expect(preferredEncoding('identity, deflate')).toBeUndefined();
    expect(preferredEncoding('')).toBeUndefined();
    expect(preferredEncoding(undefined)).toBeUndefined();
  });
});
