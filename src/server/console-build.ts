import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type * as Vite from 'vite';

/** The console's project folder (web/, beside src/): its sources, its Vite configuration and its build. */
const webDir = fileURLToPath(new URL('../../web/', import.meta.url));
const distDir = path.join(webDir, 'dist');
const builtIndex = path.join(distDir, 'index.html');
const OLD_ASSETS_KEPT_MS = 3_600_000;
/** What a build is made from: a change to any of these makes the build stale. */
const sources = ['src', 'public', 'index.html', 'vite.config.ts'].map((name) => path.join(webDir, name));

/** What `ensureConsoleBuilt` found or did. */
export type ConsoleBuild =
  /** The build is newer than every source file. */
  | 'fresh'
  /** The build was missing or stale, and Vite rebuilt it. */
  | 'built'
  /** A build exists but could not be checked or remade (no sources or no Vite, as in a production install). */
  | 'prebuilt'
  /** No build, and none could be made: the server answers `/` with 503. */
  | 'missing';

/**
 * Makes sure `web/dist` holds a build of the console no older than its sources, running `vite build`
 * when it does not. `amane start` calls it, and so does the end-to-end harness, so both serve what the
 * sources say. A missing Vite is no error (a production install may ship the build alone); a failed build
 * (sources that do not compile) throws Vite's error.
 */
export async function ensureConsoleBuilt(report: (message: string) => void = () => undefined): Promise<ConsoleBuild> {
  const builtAt = mtimeOf(builtIndex);
  const newestSource = Math.max(...sources.map(newestMtime));
  if (builtAt !== undefined && builtAt >= newestSource) return 'fresh';
  if (newestSource === -Infinity) return builtAt === undefined ? missing(report, 'there are no console sources in web/') : 'prebuilt';

  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch {
    if (builtAt !== undefined) {
      report('the console sources changed since its build, but Vite is not installed: serving the older build');
      return 'prebuilt';
    }
    return missing(report, 'Vite is not installed (npm install with dev tools, then npm run build:web)');
  }
  report(builtAt === undefined ? 'building the console (web/dist)' : 'the console sources changed: rebuilding it (web/dist)');
  const started = performance.now();
  // Built aside, then moved in, `index.html` last: a server already running keeps finding the files its
  // page names (hashed names never collide), and two processes building at once do not mix their files.
  const aside = path.join(distDir, `.build-${process.pid}-${Date.now()}`);
  try {
    // The configuration's plugin writes the compressed files beside the build's (`precompressConsole`).
    await vite.build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir: aside, emptyOutDir: true } });
    moveInto(aside, distDir, { except: 'index.html' });
    // Dated when the build began: a source saved while it ran makes the next check rebuild.
    fs.utimesSync(path.join(aside, 'index.html'), new Date(), new Date(Date.now() - (performance.now() - started)));
    fs.renameSync(path.join(aside, 'index.html'), builtIndex);
  } finally {
    fs.rmSync(aside, { recursive: true, force: true });
  }
  pruneOldAssets();
  report(`console built in ${((performance.now() - started) / 1_000).toFixed(1)} s`);
  return 'built';
}

/** Files worth compressing: text. Images and fonts are compressed already. */
export const compressibleExtensions: ReadonlySet<string> = new Set(['.js', '.mjs', '.css', '.svg', '.json', '.map', '.html']);

/**
 * Writes `NAME.br` and `NAME.gz` beside each text file of a folder of the build (source maps aside: only
 * developer tools read them), at the highest levels: once per build (web/vite.config.ts runs it after
 * every build), so that no request compresses.
 */
export async function precompressConsole(folder: string): Promise<void> {
  const names = fs.existsSync(folder) ? fs.readdirSync(folder) : [];
  await Promise.all(
    names
      .filter((name) => compressibleExtensions.has(path.extname(name)) && path.extname(name) !== '.map')
      .map(async (name) => {
        const file = path.join(folder, name);
        const content = await fs.promises.readFile(file);
        if (content.length < 1_024) return;
        const [br, gz] = await Promise.all([brotli(content, 11), gzipAsync(content, { level: 9 })]);
        await fs.promises.writeFile(`${file}.br`, br);
        await fs.promises.writeFile(`${file}.gz`, gz);
      }),
  );
}

const gzipAsync = promisify(zlib.gzip);
const brotliAsync = promisify(zlib.brotliCompress);

/** Brotli at `quality` (0-11), told the size and that it is text. */
export function brotli(content: Buffer, quality: number): Promise<Buffer> {
  return brotliAsync(content, {
    params: {
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_QUALITY]: quality,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: content.length,
    },
  });
}

function moveInto(from: string, to: string, options: { except?: string } = {}): void {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name === options.except) continue;
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) moveInto(source, path.join(to, entry.name));
    else fs.renameSync(source, path.join(to, entry.name));
  }
}

/** Files of earlier builds: kept for a while for the servers still serving them, then removed. */
function pruneOldAssets(): void {
  const assets = path.join(distDir, 'assets');
  const before = Date.now() - OLD_ASSETS_KEPT_MS;
  for (const name of fs.existsSync(assets) ? fs.readdirSync(assets) : []) {
    const file = path.join(assets, name);
    if ((mtimeOf(file) ?? Infinity) < before) fs.rmSync(file, { force: true });
  }
}

function missing(report: (message: string) => void, why: string): 'missing' {
  report(`the console is not built and cannot be: ${why}; the API runs without it`);
  return 'missing';
}

function mtimeOf(file: string): number | undefined {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The latest modification time of a file or of anything under a folder; -Infinity when absent. */
function newestMtime(entry: string): number {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return -Infinity;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  // A folder's own time moves when a file is deleted or renamed in it.
  let newest = stat.mtimeMs;
  for (const name of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, name)));
  return newest;
}
