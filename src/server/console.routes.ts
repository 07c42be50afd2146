import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type } from 'typebox';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { CENTRE_TIME_ZONE, offsetChanges, type OffsetChange } from '../core/time-zone.js';
import type { App } from '../core/http.js';

/** Where `vite build` puts the console (web/dist, beside src/). */
export const consoleDistDir = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The web console: `index.html` at `/`, its hashed files under `/assets/` (cached for a year: a new
 * build gets new names), and the settings the console needs before anyone logs in. A missing build
 * answers 503 with what to run.
 */
export function registerConsoleRoutes(app: App, core: Core, distDir = consoleDistDir): void {
  const files = new Map<string, Buffer>();
  // Hashed assets never change under their name and are kept; index.html is read each time, so a
  // rebuild is served without a restart.
  const read = (name: string): Buffer | undefined => {
    let content = files.get(name);
    if (content === undefined) {
      const file = path.join(distDir, name);
      if (!file.startsWith(distDir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return undefined;
      content = fs.readFileSync(file);
      if (name.startsWith('assets/')) files.set(name, content);
    }
    return content;
  };

  app.get('/', { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    const index = read('index.html');
    if (index === undefined) {
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The console is not built: run `npm run build:web` (npm start does it when the sources changed).\n');
    }
    return reply.type(contentTypes['.html']!).header('cache-control', 'no-cache').send(index);
  });

  for (const name of ['favicon.svg']) {
    app.get(`/${name}`, { config: { permission: 'public' }, schema: { hide: true } }, async (_request, reply) => {
      const content = read(name);
      if (content === undefined) throw new DomainError('not_found', `no console file ${name}: is the console built?`);
      return reply.type(contentTypes[path.extname(name)]!).header('cache-control', 'public, max-age=86400').send(content);
    });
  }

  app.get<{ Params: { '*': string } }>('/assets/*', { config: { permission: 'public' }, schema: { hide: true } }, async (request, reply) => {
    const name = request.params['*'];
    const type = contentTypes[path.extname(name)];
    const content = /^[\w.-]+$/.test(name) && type !== undefined ? read(`assets/${name}`) : undefined;
    if (content === undefined) throw new DomainError('not_found', `no console file assets/${name}`);
    return reply.type(type!).header('cache-control', 'public, max-age=31536000, immutable').send(content);
  });

  app.get(
    '/console/settings',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['console'],
        summary: 'What the web console needs before login: the map background and the centre it serves',
        response: {
          200: Type.Object({
            agencyId: Type.String(),
            cityCode: Type.String(),
            timeZone: Type.String(),
            timeZoneOffsets: Type.Array(Type.Object({ from: Type.String({ format: 'date-time' }), offsetMinutes: Type.Integer() }), {
              description: "the zone's offset from a year ago to two years ahead, as the server's time-zone database has it",
            }),
            mediaOrigins: Type.Array(Type.String(), { description: 'media servers whose snapshots and streams the console may play inline' }),
            map: Type.Object({
              rasterTiles: Type.Union([Type.String(), Type.Null()]),
              styleUrl: Type.Union([Type.String(), Type.Null()]),
              attribution: Type.Union([Type.String(), Type.Null()]),
            }),
          }),
        },
      },
    },
    async () => ({
      agencyId: core.config.agencyId,
      cityCode: core.config.cityCode,
      timeZone: CENTRE_TIME_ZONE,
      timeZoneOffsets: offsets(core.clock.now()),
      mediaOrigins: [...core.config.mediaOrigins],
      map: {
        rasterTiles: core.config.mapRasterTiles ?? null,
        styleUrl: core.config.mapStyleUrl ?? null,
        attribution: core.config.mapAttribution ?? null,
      },
    }),
  );
}

/** Offset changes are found once a day at most: the search asks ICU a few thousand times. */
let offsetCache: { day: string; changes: OffsetChange[] } | undefined;
function offsets(now: Date): OffsetChange[] {
  const day = now.toISOString().slice(0, 10);
  if (offsetCache?.day !== day) {
    const year = 365 * 86_400_000;
    offsetCache = { day, changes: offsetChanges(new Date(now.getTime() - year), new Date(now.getTime() + 2 * year)) };
  }
  return offsetCache.changes;
}

/** Origins the console's map may fetch from besides its own server (for the security policy). */
export function mapOrigins(core: Core): string[] {
  return [core.config.mapRasterTiles, core.config.mapStyleUrl].filter((url) => url !== undefined).map((url) => new URL(url).origin);
}
