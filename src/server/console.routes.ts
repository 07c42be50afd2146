import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { Type } from 'typebox';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { CENTRE_TIME_ZONE, offsetChanges, type OffsetChange } from '../core/time-zone.js';
import type { App } from '../core/http.js';
import { brotli, compressibleExtensions } from './console-build.js';

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
  const assets = new Map<string, ConsoleAsset>();
  // Hashed assets never change under their name and are kept, with their compressed forms; index.html is
  // read each time, so a rebuild is served without a restart.
  const read = (name: string): Buffer | undefined => {
    const file = path.join(distDir, name);
    if (!file.startsWith(distDir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) return undefined;
    return fs.readFileSync(file);
  };
  const asset = (name: string): ConsoleAsset | undefined => {
    let found = assets.get(name);
    if (found === undefined) {
      const plain = read(name);
      if (plain === undefined) return undefined;
      found = loadAsset(path.join(distDir, name), plain);
      assets.set(name, found);
    }
    return found;
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
    const found = /^[\w.-]+$/.test(name) && type !== undefined ? asset(`assets/${name}`) : undefined;
    if (found === undefined) throw new DomainError('not_found', `no console file assets/${name}`);
    void reply.type(type!).header('cache-control', 'public, max-age=31536000, immutable');
    if (found.compressed === undefined) return reply.send(found.plain);
    // Caches between the browser and here must keep one answer per encoding.
    void reply.header('vary', 'Accept-Encoding');
    const encoding = preferredEncoding(request.headers['accept-encoding']);
    if (encoding === undefined) return reply.send(found.plain);
    const compressed = await found.compressed;
    return reply.header('content-encoding', encoding).send(compressed[encoding]);
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

/** Encodings the console's files are served in besides plain, in the server's order of preference. */
const encodings = ['br', 'gzip'] as const;
type Encoding = (typeof encodings)[number];

/** A file of the build, and its compressed forms when it has them (read beside it, or made once). */
interface ConsoleAsset {
  readonly plain: Buffer;
  readonly compressed: Promise<Record<Encoding, Buffer>> | undefined;
}

function loadAsset(file: string, plain: Buffer): ConsoleAsset {
  if (!compressibleExtensions.has(path.extname(file)) || plain.length < 1_024) return { plain, compressed: undefined };
  const beside = (extension: string) => (fs.existsSync(`${file}${extension}`) ? fs.readFileSync(`${file}${extension}`) : undefined);
  const br = beside('.br');
  const gzip = beside('.gz');
  // A build made without `ensureConsoleBuilt` (plain `vite build`) has no compressed files: they are made
  // once, off the event loop, at a quicker brotli level than the build's.
  const compressed =
    br !== undefined && gzip !== undefined
      ? Promise.resolve({ br, gzip })
      : Promise.all([brotli(plain, 5), gzipAsync(plain, { level: 9 })]).then(([madeBr, madeGzip]) => ({ br: madeBr, gzip: madeGzip }));
  // A failure shows on the request that awaits it; none goes unhandled meanwhile.
  compressed.catch(() => undefined);
  return { plain, compressed };
}

const gzipAsync = promisify(zlib.gzip);

/**
 * The encoding to answer in, from an `Accept-Encoding` header: brotli, then gzip, among those the client
 * accepts (`q=0` refuses one; `*` accepts any not named). Undefined: the plain file.
 * Example: `gzip, deflate, br` -> `br`; `gzip;q=1, br;q=0` -> `gzip`.
 */
export function preferredEncoding(header: string | string[] | undefined): Encoding | undefined {
  if (header === undefined) return undefined;
  const weights = new Map<string, number>();
  for (const part of (Array.isArray(header) ? header.join(',') : header).split(',')) {
    const [token, ...parameters] = part.trim().toLowerCase().split(';');
    if (token === undefined || token === '') continue;
    const q = parameters.map((parameter) => /^\s*q=([\d.]+)\s*$/.exec(parameter)?.[1]).find((value) => value !== undefined);
    weights.set(token, q === undefined ? 1 : Number(q));
  }
  return encodings.find((encoding) => (weights.get(encoding) ?? weights.get('*') ?? 0) > 0);
}
