/**
 * End-to-end harness: the real server on a free port and a fresh database, and Debian's Chromium driven
 * by playwright-core, one browser profile per operator. A test reads like a shift:
 *
 *   const centre = await startCentre();
 *   const dispatcher = await centre.createUser(['dispatcher']);
 *   const browser = await openBrowser();
 *   await login(browser.page, centre, dispatcher);
 *   ...
 *   expectNoConsoleErrors();
 *   await browser.close();
 *   await centre.close();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DeviceKind } from '../src/core/auth/device.js';
import type { PersonRole } from '../src/core/auth/permission.js';
import { loadConfig } from '../src/core/config.js';
import type { Core } from '../src/core/context.js';
import { createTestDatabase, createTestUser } from '../src/core/testing.js';
import { ensureConsoleBuilt } from '../src/server/console-build.js';
import { startServer, type RunningServer } from '../src/server/server.js';

/** Debian's Chromium; no test downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Whether the browser tests are skipped: Chromium is missing and this is not CI. Under CI=true a missing
 * Chromium is not skipped: `openBrowser` fails, and says what to install.
 */
export const browserMissing = !fs.existsSync(CHROMIUM) && process.env.CI !== 'true';
if (browserMissing) {
  console.warn(`skipping the browser tests: ${CHROMIUM} is missing (install it with: apt-get install -y chromium)`);
}

/**
 * Where screenshots go: a temporary folder, so that a test run leaves the tree as it found it;
 * `npm run docs:screenshots` sets AMANE_SCREENSHOTS=docs/screenshots to refresh the operator guide's.
 */
export const screenshotDir = path.resolve(process.env.AMANE_SCREENSHOTS ?? path.join(os.tmpdir(), 'amane-screenshots'));

export interface Credentials {
  readonly id: string;
  readonly username: string;
  readonly password: string;
}

/** REST calls with a bearer token; a status other than 2xx throws with the problem the server sent. */
export interface Api {
  get<T = unknown>(path: string): Promise<T>;
  post<T = unknown>(path: string, body?: unknown): Promise<T>;
  put<T = unknown>(path: string, body: unknown): Promise<T>;
  patch<T = unknown>(path: string, body: unknown): Promise<T>;
  /** The raw answer, whatever its status. */
  request(method: string, path: string, body?: unknown): Promise<Response>;
}

export interface Centre {
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly core: Core;
  readonly server: RunningServer;
  /** The embedded broker's `mqtt://127.0.0.1:PORT`, when started with `{ mqtt: true }`. */
  readonly mqttUrl: string | undefined;
  /** A person holding `roles`, with a permanent password (no change asked at first login). */
  createUser(roles: readonly PersonRole[], options?: { username?: string }): Promise<Credentials>;
  api(token?: string): Api;
  /** Logs in through the API; returns the bearer token. */
  loginToken(username: string, password: string): Promise<string>;
  /** Registers a device through `POST /devices` (as an administrator); returns its token. */
  device(name: string, kind?: DeviceKind): Promise<string>;
  /** A token of an administrator created for the harness (devices, units, stations). */
  adminToken(): Promise<string>;
  /** Stops the server and drops the database. */
  close(): Promise<void>;
}

export interface CentreOptions {
  /** Runs the embedded MQTT broker on a free port (off otherwise). */
  readonly mqtt?: boolean;
  /** `warn` unless given. */
  readonly logLevel?: 'silent' | 'error' | 'warn' | 'info';
  /** More settings (AMANE_*). */
  readonly env?: Record<string, string>;
}

/** Starts the whole centre in-process on 127.0.0.1, a free port and a fresh database (SQLite, or PostgreSQL with AMANE_TEST_DATABASE_URL). */
export async function startCentre(options: CentreOptions = {}): Promise<Centre> {
  await ensureConsoleBuilt((message) => console.warn(message));
  const database = await createTestDatabase();
  const config = loadConfig({
    ...database.settings,
    AMANE_HOST: '127.0.0.1',
    AMANE_PORT: '0',
    AMANE_LOG_LEVEL: options.logLevel ?? 'warn',
    AMANE_MQTT: options.mqtt === true ? 'embedded' : 'off',
    AMANE_MQTT_HOST: '127.0.0.1',
    AMANE_MQTT_PORT: '0',
    ...options.env,
  });
  let server: RunningServer;
  try {
    server = await startServer(config, { collectDefaultMetrics: false, ...(database.schema === undefined ? {} : { schema: database.schema }) });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const url = server.url.replace('localhost', '127.0.0.1');
  const api = (token?: string): Api => restClient(url, token);
  const loginToken = async (username: string, password: string) => (await api().post<{ token: string }>('/auth/login', { username, password })).token;
  let admin: Promise<string> | undefined;
  const adminToken = () => {
    admin ??= createTestUser(server.core, ['administrator']).then((user) => loginToken(user.username, user.password));
    return admin;
  };
  return {
    url,
    core: server.core,
    server,
    mqttUrl: server.mqttUrl,
    createUser: (roles, userOptions = {}) => createTestUser(server.core, roles, userOptions.username),
    api,
    loginToken,
    adminToken,
    async device(name, kind = 'vehicle') {
      const registered = await api(await adminToken()).post<{ token: string }>('/devices', { name, kind });
      return registered.token;
    },
    async close() {
      // A connection still busy (a response body left unread, a browser still open) would hold the close
      // for the server's keep-alive timeout (72 s): after 2 s, cut them.
      const cut = setTimeout(() => server.app.server.closeAllConnections(), 2_000);
      try {
        await server.close();
      } finally {
        clearTimeout(cut);
        await database.drop();
      }
    },
  };
}

function restClient(base: string, token: string | undefined): Api {
  const request = (method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await request(method, path, body);
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text === '' ? undefined : JSON.parse(text)) as T;
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body),
    patch: (path, body) => call('PATCH', path, body),
    request,
  };
}

/**
 * The console page's `window` as the tests see it in `page.evaluate` (type-checked without the DOM
 * library): `(globalThis as unknown as ConsoleWindow).amaneMap` is the map the console exposes.
 */
export interface ConsoleWindow {
  readonly amaneMap?: MapHandle;
  requestAnimationFrame(callback: (time: number) => void): number;
}

/** The part of MapLibre's map the tests use. */
export interface MapHandle {
  loaded(): boolean;
  /** A GeoJSON source of the console's (`units`, `incidents`): `getData()` is what the console last gave it. */
  getSource(id: string): { getData(): Promise<{ features: { properties: Record<string, unknown>; geometry: { coordinates: unknown } }[] }> } | undefined;
  /** Redraw at every frame (a measure of the cost of one redraw). */
  repaint: boolean;
  /** Where a [lon, lat] position is drawn, in pixels from the map's top left corner. */
  project(position: [number, number]): { x: number; y: number };
  isMoving(): boolean;
}

/** An error the console showed in a browser: a `console.error` or an uncaught exception. */
export interface ConsoleError {
  readonly operator: string;
  readonly url: string;
  readonly text: string;
}

/** Every console error of every browser opened by this test file, in order. */
export const consoleErrors: ConsoleError[] = [];

export interface Browser {
  readonly context: BrowserContext;
  /** The first tab. */
  readonly page: Page;
  /** This operator's console errors (also in `consoleErrors`). */
  readonly errors: ConsoleError[];
  close(): Promise<void>;
}

/**
 * WebGL without a GPU: Chromium 156 gives MapLibre WebGL 2 through ANGLE on SwiftShader (software Vulkan);
 * `--enable-unsafe-swiftshader` and `--ignore-gpu-blocklist` keep later versions from refusing it.
 * `--disable-gpu` composites the page in software: each map frame is read back from the GPU process, which
 * counts as main-thread work but leaves the console's own script time measurable apart (GPU compositing on
 * SwiftShader measured no faster here). The rest keeps a headless Chromium from calling home.
 */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
  '--use-gl=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
];

/** Opens a browser for one operator: a fresh profile (own cookies, own storage), 1600×950, Casablanca time. */
export async function openBrowser(options: { operator?: string; locale?: string } = {}): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium (required with CI=true)`);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: chromiumArgs,
    viewport: { width: 1600, height: 950 },
    locale: options.locale ?? 'fr-MA',
    timezoneId: 'Africa/Casablanca',
  });
  const operator = options.operator ?? `operator-${consoleErrors.length}-${Date.now() % 10_000}`;
  const errors: ConsoleError[] = [];
  const record = (page: Page, text: string) => {
    const error = { operator, url: page.url(), text };
    errors.push(error);
    consoleErrors.push(error);
  };
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const where = message.location();
      record(page, where.url === '' ? message.text() : `${message.text()} (${where.url}:${where.lineNumber})`);
    });
    page.on('pageerror', (error) => record(page, `uncaught: ${error.stack ?? error.message}`));
  };
  context.on('page', watch);
  for (const page of context.pages()) watch(page);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Asserts that no browser showed a console error since the last call (and forgets those it saw).
 * `allow` lists errors expected by the test.
 */
export function expectNoConsoleErrors(options: { allow?: readonly RegExp[] } = {}): void {
  const unexpected = consoleErrors.filter((error) => !(options.allow ?? []).some((pattern) => pattern.test(error.text)));
  consoleErrors.length = 0;
  expect(unexpected.map((error) => `[${error.operator}] ${error.text}  at ${error.url}`), 'console errors in the browser').toEqual([]);
}

/** Logs in through the console's form and waits for the top bar. */
export async function login(page: Page, centre: Centre, who: Pick<Credentials, 'username' | 'password'>): Promise<void> {
  if (!page.url().startsWith(centre.url)) await page.goto(`${centre.url}/`);
  await page.locator('input[name="username"]').fill(who.username);
  await page.locator('input[name="password"]').fill(who.password);
  await page.locator('form button[type="submit"]').click();
  await page.locator('header.topbar').waitFor();
}

/** Frame intervals seen by a page's `requestAnimationFrame`, in milliseconds. */
export interface FrameStats {
  readonly frames: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  /** Frames that took over 50 ms: a hitch an operator notices. */
  readonly longFrames: number;
}

/**
 * Starts counting a page's frames (a `requestAnimationFrame` loop in the page); `stop()` ends the loop
 * and returns the intervals. A busy main thread shows as long intervals, whatever keeps it busy.
 */
export async function measureFrames(page: Page): Promise<{ stop(): Promise<FrameStats> }> {
  await page.evaluate(() => {
    const w = globalThis as unknown as ConsoleWindow & { amaneFrames?: { intervals: number[]; running: boolean } };
    const meter = { intervals: [] as number[], running: true };
    w.amaneFrames = meter;
    let last: number | undefined;
    const tick = (time: number) => {
      if (!meter.running) return;
      if (last !== undefined) meter.intervals.push(time - last);
      last = time;
      w.requestAnimationFrame(tick);
    };
    w.requestAnimationFrame(tick);
  });
  return {
    async stop() {
      const intervals = await page.evaluate(() => {
        const w = globalThis as unknown as { amaneFrames: { intervals: number[]; running: boolean } };
        w.amaneFrames.running = false;
        return w.amaneFrames.intervals;
      });
      return { frames: intervals.length, p50Ms: percentile(intervals, 50), p95Ms: percentile(intervals, 95), maxMs: Math.max(0, ...intervals), longFrames: intervals.filter((ms) => ms > 50).length };
    },
  };
}

/** How a page's main thread spent a stretch of time, as shares of the wall-clock time (0 to 1). */
export interface MainThreadUsage {
  readonly seconds: number;
  /** Running JavaScript (the console's and its libraries'; MapLibre's worker is another thread). */
  readonly script: number;
  /** Style recalculation and layout of the page. */
  readonly layout: number;
  /** Every task, waits for the GPU process included. */
  readonly tasks: number;
}

/**
 * Starts reading Chromium's counters of a page's main-thread work (DevTools' `Performance.getMetrics`);
 * `stop()` returns the shares of the time since. A console that keeps its main thread busy has no time
 * left for the operator's clicks, whatever the machine.
 */
export async function measureMainThread(page: Page): Promise<{ stop(): Promise<MainThreadUsage> }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'timeTicks' });
  const read = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? 0;
    return { at: value('Timestamp'), script: value('ScriptDuration'), layout: value('LayoutDuration') + value('RecalcStyleDuration'), tasks: value('TaskDuration') };
  };
  const start = await read();
  return {
    async stop() {
      const end = await read();
      await cdp.detach();
      const seconds = end.at - start.at;
      return { seconds, script: (end.script - start.script) / seconds, layout: (end.layout - start.layout) / seconds, tasks: (end.tasks - start.tasks) / seconds };
    },
  };
}

/** The nearest-rank percentile of some values (0 for none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Saves `<name>.png` in the screenshot folder (the operator guide shows those of `docs/screenshots`). */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** A visible Latin word on a screen that should read in Arabic alone. */
export interface LatinWord {
  readonly word: string;
  /** The whole text it sits in (trimmed, at most 80 characters). */
  readonly text: string;
  /** Its element's tag and the nearest test id around it: where to look. */
  readonly where: string;
}

/** A Latin word a screen may show for now, and why: the finding it hides still deserves fixing. */
export interface AllowedLatin {
  /** Words allowed (the whole word must match); any word when absent. */
  readonly word?: RegExp;
  /** Only inside this part of the page (a CSS selector); anywhere when absent. */
  readonly within?: string;
  readonly because: string;
}

/** The elements whose text is data, not words of the screen's language: isolated tokens, keys, typed values. */
const DATA_ELEMENTS = 'bdi, [dir="ltr"], [data-token], kbd, input, textarea, script, style, noscript, template';

/**
 * The visible Latin words (two letters or more, accented ones included) of a page, or of the part
 * `within` selects. Hidden elements, and text marked as data (`<bdi>`, `dir="ltr"`, `data-token`,
 * `<kbd>`, inputs' values) are not read; of a `<select>`, only the option it shows.
 */
export async function findLatinWords(page: Page, options: { within?: string; allowWithin?: readonly string[]; digits?: boolean } = {}): Promise<(LatinWord & { insideAllowed: boolean[] })[]> {
  return page.evaluate(
    ({ within, allowWithin, dataElements, digits }) => {
      interface PageElement {
        readonly tagName: string;
        readonly selected?: boolean;
        closest(selector: string): PageElement | null;
        getAttribute(name: string): string | null;
        checkVisibility(options: { visibilityProperty: boolean; opacityProperty: boolean }): boolean;
      }
      interface PageText {
        readonly nodeValue: string | null;
        readonly parentElement: PageElement | null;
      }
      const doc = (globalThis as unknown as {
        document: { body: PageElement; querySelector(selector: string): PageElement | null; createTreeWalker(root: PageElement, show: number): { nextNode(): PageText | null } };
      }).document;
      const root = within === undefined ? doc.body : doc.querySelector(within);
      if (root === null) throw new Error(`no element matches ${within}`);
      const SHOW_TEXT = 4;
      const walker = doc.createTreeWalker(root, SHOW_TEXT);
      const found: (LatinWord & { insideAllowed: boolean[] })[] = [];
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const element = node.parentElement;
        const text = (node.nodeValue ?? '').replace(/\s+/g, ' ').trim();
        if (element === null || text === '') continue;
        if (element.closest(dataElements) !== null) continue;
        const option = element.closest('option');
        if (option !== null && option.selected !== true) continue;
        if (!element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue;
        const words = text.match(digits ? /[0-9]+/g : /\p{Script=Latin}{2,}/gu) ?? [];
        if (words.length === 0) continue;
        const testId = element.closest('[data-testid]')?.getAttribute('data-testid');
        const where = `<${element.tagName.toLowerCase()}>${testId === undefined || testId === null ? '' : ` in [data-testid="${testId}"]`}`;
        const insideAllowed = allowWithin.map((selector) => element.closest(selector) !== null);
        for (const word of words) found.push({ word, text: text.length > 80 ? `${text.slice(0, 77)}...` : text, where, insideAllowed });
      }
      return found;
    },
    { within: options.within, allowWithin: [...(options.allowWithin ?? [])], dataElements: DATA_ELEMENTS, digits: options.digits === true },
  );
}

/**
 * Fails, listing each one, when a page the operator asked to read in Arabic-Indic digits shows a
 * Latin digit outside its data tokens (call signs, plates and document numbers keep theirs): a figure,
 * a time, a percentage or an axis of a chart left in 0-9.
 */
export async function expectArabicIndicDigits(page: Page, options: { within?: string } = {}): Promise<void> {
  const found = await findLatinWords(page, { ...(options.within === undefined ? {} : { within: options.within }), digits: true });
  if (found.length === 0) return;
  throw new Error(
    [
      `${found.length} Latin digit run(s) on a screen read in Arabic-Indic digits (${page.url()}); format with the console's i18n or isolate data:`,
      ...found.map((finding) => `  "${finding.word}" ${finding.where}: "${finding.text}"`),
    ].join('\n'),
  );
}

/**
 * Fails, listing each one with where it is, when the page shows a Latin word outside its data tokens:
 * an Arabic screen must not leave an operator a label in English or French. Call signs, plates, numbers
 * and user names are isolated by the screens (`<bdi>`, `dir="ltr"`, `data-token`) and are not read.
 *
 *   await expectArabicOnly(page, { allow: [{ word: /^ETA$/, within: '[data-testid="unit-eta"]', because: 'the unit list says ETA' }] });
 */
export async function expectArabicOnly(page: Page, options: { within?: string; allow?: readonly AllowedLatin[] } = {}): Promise<void> {
  const allow = options.allow ?? [];
  const found = await findLatinWords(page, { ...(options.within === undefined ? {} : { within: options.within }), allowWithin: allow.map((rule) => rule.within ?? ':root') });
  const unexpected = found.filter((finding) => !allow.some((rule, i) => finding.insideAllowed[i] === true && (rule.word === undefined || wholeMatch(rule.word, finding.word))));
  if (unexpected.length === 0) return;
  // Every word in the message itself: a diff of arrays would cut the list short.
  throw new Error(
    [
      `${unexpected.length} Latin word(s) on an Arabic screen (${page.url()}); isolate data in <bdi> or dir="ltr", translate the rest:`,
      ...unexpected.map((finding) => `  "${finding.word}" ${finding.where}: "${finding.text}"`),
    ].join('\n'),
  );
}

function wholeMatch(pattern: RegExp, word: string): boolean {
  const match = new RegExp(pattern.source, pattern.flags.replace('g', '')).exec(word);
  return match !== null && match[0] === word;
}

/**
 * Asserts that an element shows `expected` as it is (digits, signs and separators in their logical
 * order) and is isolated from the right-to-left text around it: a `<bdi>`, a `dir="ltr"` element, or
 * one whose style isolates it. Coordinates, plates, amounts and times must read the same in Arabic.
 */
export async function expectIsolatedValue(page: Page, selector: string, expected: string): Promise<void> {
  const element = page.locator(selector).first();
  await element.waitFor();
  await expect.poll(() => element.textContent().then((text) => (text ?? '').trim())).toBe(expected);
  const isolation = await element.evaluate((node) => {
    const el = node as unknown as { tagName: string; closest(selector: string): unknown; ownerDocument: { defaultView: { getComputedStyle(e: unknown): { unicodeBidi: string; direction: string } } } };
    const style = el.ownerDocument.defaultView.getComputedStyle(el);
    return { bdi: el.closest('bdi, [dir="ltr"]') !== null, unicodeBidi: style.unicodeBidi, direction: style.direction };
  });
  expect(isolation.bdi || /isolate|embed|plaintext|override/.test(isolation.unicodeBidi), `${selector} ("${expected}") is not isolated from the right-to-left text around it`).toBe(true);
}
