import fs from 'node:fs';
import path from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from '../src/core/auth/totp.js';
import type { PersonRole } from '../src/core/auth/permission.js';
import { importRoads } from '../src/geo/roads/road.service.js';
import { consoleDistDir } from '../src/server/console.routes.js';
import {
  browserMissing,
  expectArabicOnly,
  expectNoConsoleErrors,
  type ConsoleWindow,
  login,
  openBrowser,
  screenshot,
  startCentre,
  type Centre,
  type Credentials,
} from './harness.js';

/** What a page fetched: every request's URL and answer, and the bytes of the answers' bodies as sent. */
interface Downloads {
  readonly urls: string[];
  readonly responses: { readonly url: string; readonly status: number; readonly headers: Record<string, string> }[];
  /** The bodies' bytes as they crossed the network (compressed when they were), since the last `reset`. */
  bytes(): Promise<number>;
  /** Waits until every request was answered and none was made for `ms`. */
  quiet(ms?: number): Promise<void>;
  reset(): void;
}

function watchDownloads(page: Page): Downloads {
  const urls: string[] = [];
  const responses: Downloads['responses'] = [];
  let sizes: Promise<number>[] = [];
  const pending = new Set<Request>();
  let lastActivity = Date.now();
  // A worker's script is fetched for the worker, which reports neither its answer nor its size to the page:
  // it is counted at the size the server sends it in brotli, as to the browser (which accepts brotli).
  const workers = new Set<string>();
  const workerScript = (url: string) =>
    fetch(url, { headers: { 'accept-encoding': 'br' } }).then(async (answer) => {
      await answer.arrayBuffer();
      return Number(answer.headers.get('content-length') ?? 0);
    });
  const countWorker = (url: string) => {
    for (const request of pending) if (request.url() === url) pending.delete(request);
    if (!workers.has(url)) return;
    workers.delete(url);
    sizes.push(workerScript(url));
  };
  page.on('worker', (worker) => {
    workers.add(worker.url());
    if (urls.includes(worker.url())) countWorker(worker.url());
  });
  page.on('request', (request) => {
    urls.push(request.url());
    pending.add(request);
    lastActivity = Date.now();
    if (workers.has(request.url())) countWorker(request.url());
  });
  page.on('response', (response) => {
    pending.delete(response.request());
    lastActivity = Date.now();
    const headers = response.headers();
    responses.push({ url: response.url(), status: response.status(), headers });
    const length = headers['content-length'];
    sizes.push(length !== undefined ? Promise.resolve(Number(length)) : response.body().then((body) => body.length, () => 0));
  });
  page.on('requestfailed', (request) => {
    pending.delete(request);
    lastActivity = Date.now();
  });
  return {
    urls,
    responses,
    bytes: async () => (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0),
    async quiet(ms = 1_000) {
      await expect
        .poll(() => (pending.size === 0 && Date.now() - lastActivity >= ms ? 'quiet' : `waiting for ${[...pending].map((request) => request.url()).join(' ') || 'a quiet second'}`), { timeout: 30_000, interval: 100 })
        .toBe('quiet');
    },
    reset() {
      urls.length = 0;
      responses.length = 0;
      sizes = [];
    },
  };
}

/** The console's scripts among some URLs, by file name (`maplibre-1a2b3c.js`, `Dispatcher-4d5e6f.js`). */
const scriptNames = (urls: readonly string[]) => [...new Set(urls.filter((url) => /\/assets\/[\w.-]+\.m?js$/.test(new URL(url).pathname)).map((url) => path.basename(new URL(url).pathname)))];

/** The marks of the console's first meaningful paint (web/src/firstPaint.ts), in ms from the navigation's start. */
interface FirstPaintMarks {
  readonly screen: string;
  readonly firstPaint: number;
  readonly data: number;
  readonly map: number | undefined;
  readonly roads: number | undefined;
  /** MapLibre's code ran and the map was made; its style was loaded. */
  readonly mapCreated: number | undefined;
  readonly mapLoaded: number | undefined;
  /** When the first row of the incident list entered the page (seen by `LIST_WATCH`). */
  readonly listAt: number | undefined;
}

async function firstPaint(page: Page): Promise<FirstPaintMarks> {
  await page.waitForFunction(() => performance.getEntriesByName('amane:first-paint').length > 0, undefined, { timeout: 60_000 });
  return page.evaluate(() => {
    const at = (name: string) => performance.getEntriesByName(name)[0]?.startTime;
    const mark = performance.getEntriesByName('amane:first-paint')[0] as unknown as { startTime: number; detail: unknown };
    return {
      screen: (mark.detail as { screen: string }).screen,
      firstPaint: mark.startTime,
      data: at('amane:screen-data-rendered')!,
      map: at('amane:map-rendered'),
      roads: at('amane:map-roads-rendered'),
      mapCreated: at('amane:map-created'),
      mapLoaded: at('amane:map-loaded'),
      listAt: (globalThis as unknown as { amaneListAt?: number }).amaneListAt,
    };
  });
}

/** Notes when the first row of the dispatcher's incident list enters the page, from the page's first script on. */
const LIST_WATCH = `
new MutationObserver((_, observer) => {
  if (document.querySelector('[data-testid="incident-list"] tr[data-incident]') === null) return;
  window.amaneListAt = performance.now();
  observer.disconnect();
}).observe(document, { childList: true, subtree: true });
`;

const ms = (at: number | undefined) => (at === undefined ? '-' : at.toFixed(0));
const kB = (bytes: number) => (bytes / 1_024).toFixed(0);
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The text of the map's credits (MapLibre's attribution control). */
const mapCredits = (page: Page) => page.locator('.maplibregl-ctrl-attrib-inner').textContent().then((text) => (text ?? '').trim());

describe('the web console', () => {
  let centre: Centre;
  beforeAll(async () => {
    centre = await startCentre();
  });
  afterAll(async () => {
    await centre?.close();
  });

  it('is served at / from the build, with its settings, and no file outside the build', async () => {
    const index = await fetch(`${centre.url}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await index.text();
    const script = /<script type="module" crossorigin src="(\/assets\/[\w.-]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    // Bodies are read to the end: an unread one keeps its connection busy, and the server's close waits for it.
    const asset = await fetch(`${centre.url}${script}`);
    expect([asset.status, asset.headers.get('content-type'), (await asset.text()).length > 1_000]).toEqual([200, 'text/javascript; charset=utf-8', true]);

    const unknown = await fetch(`${centre.url}/assets/x.js`);
    expect([unknown.status, (await unknown.json()) as unknown]).toMatchObject([404, { code: 'not_found' }]);
    const settings = await fetch(`${centre.url}/console/settings`);
    expect(settings.status).toBe(200);
    expect(await settings.json()).toMatchObject({ cityCode: 'CASA', timeZone: 'Africa/Casablanca', map: { rasterTiles: null, styleUrl: null } });
  });

  it.skipIf(browserMissing)('shows the login page, then a dispatcher the top bar and the map', async () => {
    const dispatcher = await centre.createUser(['dispatcher']);
    const browser = await openBrowser({ operator: 'dispatcher' });
    try {
      const { page } = browser;
      await page.goto(`${centre.url}/`);
      await page.locator('input[name="username"]').waitFor();
      await screenshot(page, 'login');
      expectNoConsoleErrors();

      await login(page, centre, dispatcher);
      await expect.poll(() => page.getByTestId('who').textContent()).toContain('Test Person');
      await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 20_000 });
      await expect.poll(() => page.evaluate(() => (globalThis as unknown as ConsoleWindow).amaneMap?.loaded() ?? false), { timeout: 20_000 }).toBe(true);
      await expect.poll(() => page.getByTestId('live-state').getAttribute('data-state')).toBe('live');
      expectNoConsoleErrors();
    } finally {
      await browser.close();
    }
  });

  it.skipIf(browserMissing)('says in Arabic why a sign-in is refused: a wrong password, then a locked account', async () => {
    const clerk = await centre.createUser(['call-taker']);
    const browser = await openBrowser({ operator: 'locked-out' });
    try {
      const { page } = browser;
      await page.goto(`${centre.url}/`);
      await page.getByRole('button', { name: 'العربية' }).click();
      await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
      const attempt = async (password: string) => {
        await page.locator('input[name="username"]').fill(clerk.username);
        await page.locator('input[name="password"]').fill(password);
        await page.locator('form button[type="submit"]').click();
      };
      await attempt('not-the-password');
      await expect.poll(() => page.getByRole('alert').textContent()).toBe('اسم المستخدم أو كلمة المرور غير صحيحة، أو الحساب معطّل.');
      for (let i = 0; i < 4; i += 1) {
        // Waited for from before the click: a quick refusal may come back before the click returns.
        const refused = page.waitForResponse((response) => response.url().endsWith('/auth/login'));
        await attempt(`still-not-it-${i}`);
        await refused;
      }
      await attempt(clerk.password);
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('إنه مقفل');
      const shown = (await page.getByRole('alert').textContent()) ?? '';
      // Arabic only: no Latin word of a server message slipped in.
      expect(shown).not.toMatch(/[A-Za-z]/);
      expect(shown).toContain('الدقائق المتبقية قبل إعادة المحاولة: 10');
      await screenshot(page, 'login-locked-ar');
      expect(page.url()).toBe(`${centre.url}/`);
      // The browser reports each refused request; nothing else went wrong.
      expectNoConsoleErrors({ allow: [/status of 401/, /status of 429/] });
    } finally {
      await browser.close();
    }
  });

  it.skipIf(browserMissing)('shows the API description at /docs under its strict CSP without a console error', async () => {
    const browser = await openBrowser({ operator: 'api-reader' });
    try {
      const { page } = browser;
      const response = await page.goto(`${centre.url}/docs`);
      expect(response?.status()).toBe(200);
      // Strict, not silenced: no inline script or style is allowed on the viewer's page either.
      expect(response?.headers()['content-security-policy']).toMatch(/style-src 'self'[^;]*;/);
      expect(response?.headers()['content-security-policy']).not.toContain('unsafe-inline');
      await page.locator('.opblock').first().waitFor();
      expect(await page.locator('.info .title').textContent()).toContain('Amane API');
      // Opening an operation and trying it renders its form and highlighted answer: more of the viewer's code.
      await page.locator('.opblock-summary', { hasText: '/health' }).first().click();
      await page.locator('.try-out__btn').first().click();
      await page.locator('.execute').first().click();
      await expect.poll(() => page.locator('.live-responses-table tr.response .response-col_status').first().textContent()).toContain('200');
      // A round trip to the page: every console message sent before it has reached the test.
      await page.evaluate(() => 0);
      expectNoConsoleErrors();
    } finally {
      await browser.close();
    }
  });

  /** Signs a person in on a fresh browser and waits for their first screen; returns what the browser fetched. */
  const firstVisit = async (roles: readonly PersonRole[], operator: string) => {
    const who = await centre.createUser(roles);
    const browser = await openBrowser({ operator });
    try {
      const downloads = watchDownloads(browser.page);
      await browser.page.goto(`${centre.url}/`);
      await login(browser.page, centre, who);
      const marks = await firstPaint(browser.page);
      await downloads.quiet();
      return { browser, downloads, marks, bytes: await downloads.bytes() };
    } catch (failure) {
      await browser.close();
      throw failure;
    }
  };

  it.skipIf(browserMissing)('sends each role its own screens: MapLibre to the dispatcher, never to an ID clerk or a citizen, all compressed and cached', async () => {
    const visits: Awaited<ReturnType<typeof firstVisit>>[] = [];
    try {
      const [dispatcher, clerk, citizen] = [
        visits[visits.length] = await firstVisit(['dispatcher'], 'dispatcher-chunks'),
        visits[visits.length] = await firstVisit(['identity-clerk'], 'clerk-chunks'),
        visits[visits.length] = await firstVisit(['citizen'], 'citizen-chunks'),
      ];
      const scripts = { dispatcher: scriptNames(dispatcher.downloads.urls), clerk: scriptNames(clerk.downloads.urls), citizen: scriptNames(citizen.downloads.urls) };
      console.log(`SCRIPTS dispatcher=${scripts.dispatcher.join(',')}`);
      console.log(`SCRIPTS identity-clerk=${scripts.clerk.join(',')}`);
      console.log(`SCRIPTS citizen=${scripts.citizen.join(',')}`);
      console.log(`TRANSFER first visit (sign-in page to first screen, empty cache): dispatcher=${kB(dispatcher.bytes)} kB identity-clerk=${kB(clerk.bytes)} kB citizen=${kB(citizen.bytes)} kB`);
      // The dispatcher's map brings MapLibre, its worker and the map's code; the screens without a map bring none of it.
      expect(scripts.dispatcher.some((name) => /^maplibre-[\w-]+\.js$/.test(name)), scripts.dispatcher.join(' ')).toBe(true);
      expect(scripts.dispatcher.some((name) => /^maplibre-gl-worker-[\w-]+\.mjs$/.test(name)), scripts.dispatcher.join(' ')).toBe(true);
      for (const [role, names] of [['identity-clerk', scripts.clerk], ['citizen', scripts.citizen]] as const) {
        expect(names.filter((name) => /maplibre|MapCanvas/i.test(name)), `${role} fetched ${names.join(' ')}`).toEqual([]);
        expect(names.some((name) => name.startsWith('Dispatcher-')), role).toBe(false);
      }
      // Each its own screen, and not the others'.
      expect([scripts.clerk.some((name) => name.startsWith('ClerkScreen-')), scripts.citizen.some((name) => name.startsWith('CitizenScreen-'))]).toEqual([true, true]);
      expect(scripts.dispatcher.some((name) => /^(ClerkScreen|CitizenScreen|AdminScreen|AuditScreen)-/.test(name)), scripts.dispatcher.join(' ')).toBe(false);
      expect(dispatcher.bytes).toBeGreaterThan(clerk.bytes + 250_000);
      // React as it ships (its production build), whatever NODE_ENV the process that built the console had.
      const react = scripts.clerk.find((name) => name.startsWith('react-'));
      expect(react, scripts.clerk.join(' ')).toBeDefined();
      const reactCode = await (await fetch(`${centre.url}/assets/${react}`)).text();
      expect([reactCode.includes('Minified React error'), reactCode.includes('is deprecated in plain JavaScript React classes')]).toEqual([true, false]);

      // index.html is asked again at each load; the hashed files are kept a year, and sent in brotli, as compressed at build time.
      const page = dispatcher.downloads.responses.find((response) => new URL(response.url).pathname === '/');
      expect(page?.headers['cache-control']).toBe('no-cache');
      const assets = [...dispatcher.downloads.responses, ...clerk.downloads.responses].filter((response) => /^\/assets\/[\w.-]+\.(m?js|css)$/.test(new URL(response.url).pathname));
      expect(assets.length).toBeGreaterThan(5);
      for (const asset of assets) {
        const name = path.basename(new URL(asset.url).pathname);
        const size = fs.statSync(path.join(consoleDistDir, 'assets', name)).size;
        expect([name, asset.status, asset.headers['cache-control']]).toEqual([name, 200, 'public, max-age=31536000, immutable']);
        if (size < 1_024) continue;
        expect([name, asset.headers['content-encoding']]).toEqual([name, 'br']);
        expect(fs.existsSync(path.join(consoleDistDir, 'assets', `${name}.br`)) && fs.existsSync(path.join(consoleDistDir, 'assets', `${name}.gz`)), `${name} compressed at build time`).toBe(true);
      }
      // A citizen whose account no desk has linked to a record yet: their screen asks, and is told there is none.
      expectNoConsoleErrors({ allow: [/status of 404 \(Not Found\) \(http:\/\/[\d.:]+\/identity\/me\b/] });
    } finally {
      for (const visit of visits) await visit.browser.close();
    }
  });

  it.skipIf(browserMissing)("measures the dispatcher's first meaningful paint: the incident list and the map with its incidents, from the page's start", async () => {
    const dispatcher = await centre.createUser(['dispatcher']);
    const taker = centre.api(await centre.loginToken(...(await centre.createUser(['call-taker']).then((who) => [who.username, who.password] as const))));
    const numbers: string[] = [];
    for (const [i, type] of (['assault', 'theft', 'burglary'] as const).entries()) {
      numbers.push((await taker.post<{ number: string }>('/incidents', { type, location: { lat: 33.57 + i * 0.004, lon: -7.59 - i * 0.003 }, summary: `first paint ${i + 1}` })).number);
    }
    const browser = await openBrowser({ operator: 'dispatcher-first-paint' });
    try {
      const { page } = browser;
      await page.addInitScript({ content: LIST_WATCH });
      const downloads = watchDownloads(page);
      await page.goto(`${centre.url}/`);
      await login(page, centre, dispatcher);
      await firstPaint(page);
      await downloads.quiet();

      const load = async () => {
        await page.reload();
        await firstPaint(page);
        // The roads, drawn after the incidents, are timed too.
        await page.waitForFunction(() => performance.getEntriesByName('amane:map-roads-rendered').length > 0, undefined, { timeout: 30_000 });
        const marks = await firstPaint(page);
        // What the mark says was shown was shown: the list's rows were in the page by then, the map holds the incidents.
        expect(marks.screen).toBe('dispatch');
        expect(marks.listAt, 'the incident list was in the page at the first paint').toBeDefined();
        expect(marks.listAt!).toBeLessThanOrEqual(marks.data);
        expect(marks.map).toBeDefined();
        expect(marks.firstPaint).toBe(Math.max(marks.data, marks.map!));
        expect(marks.roads!).toBeGreaterThanOrEqual(marks.mapLoaded!);
        const drawn = await page.evaluate(async () => (await (globalThis as unknown as ConsoleWindow).amaneMap!.getSource('incidents')!.getData()).features.map((f) => String(f.properties.id)));
        expect(drawn.sort()).toEqual([...numbers].sort());
        await downloads.quiet();
        return marks;
      };
      const format = (marks: FirstPaintMarks) =>
        `ms=${marks.firstPaint.toFixed(0)} (list ${marks.data.toFixed(0)}; map made ${ms(marks.mapCreated)}, style loaded ${ms(marks.mapLoaded)}, drawn ${ms(marks.map)}, roads drawn ${ms(marks.roads)})`;

      // Reloads with the files in the browser's cache, as an operator's F5.
      const warm: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        downloads.reset();
        const marks = await load();
        warm.push(marks.firstPaint);
        console.log(`FIRST-PAINT dispatcher reload ${i + 1} (cached files) ${format(marks)}`);
      }
      // Then with an empty cache, as the first load after a new build.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.clearBrowserCache');
      await cdp.detach();
      downloads.reset();
      const cold = await load();
      const coldBytes = await downloads.bytes();
      console.log(`FIRST-PAINT dispatcher reload (empty cache) ${format(cold)}, transferred ${kB(coldBytes)} kB`);
      console.log(`FIRST-PAINT dispatcher ms=${median(warm).toFixed(0)} (median of ${warm.length} reloads, cached files) ms-empty-cache=${cold.firstPaint.toFixed(0)} transferred-empty-cache=${kB(coldBytes)}kB`);
      expectNoConsoleErrors();
    } finally {
      await browser.close();
    }
  });

  it.skipIf(browserMissing)("says which screen opens while its code arrives, then that the map loads, in the operator's language and in their own place", async () => {
    const dispatcher = await centre.createUser(['dispatcher']);
    await centre.api(await centre.loginToken(dispatcher.username, dispatcher.password)).put('/auth/me/language', { language: 'ar' });
    const browser = await openBrowser({ operator: 'dispatcher-slow-network' });
    try {
      const { page } = browser;
      // The screen's code, then MapLibre, held back until the test lets them through.
      const held = new Map<string, () => void>();
      const hold = (name: string, pattern: RegExp) =>
        page.route(pattern, async (route) => {
          await new Promise<void>((release) => held.set(name, release));
          await route.continue();
        });
      await hold('screen', /\/assets\/Dispatcher-[\w-]+\.js$/);
      await hold('map', /\/assets\/maplibre-[\w-]+\.js$/);
      await login(page, centre, dispatcher);
      const box = () => page.locator('main.screen').boundingBox();
      const loading = page.getByTestId('screen-loading');
      await loading.waitFor({ state: 'visible' });
      expect([await loading.getAttribute('role'), (await loading.textContent())?.trim()]).toEqual(['status', 'جارٍ فتح شاشة التوجيه…']);
      const screenBox = await box();
      await screenshot(page, 'screen-loading-ar');
      await expectArabicOnly(page);

      await expect.poll(() => held.has('screen')).toBe(true);
      held.get('screen')!();
      const mapLoading = page.getByTestId('map-loading');
      await mapLoading.waitFor({ state: 'visible' });
      expect([await mapLoading.getAttribute('role'), (await mapLoading.textContent())?.trim()]).toEqual(['status', 'جارٍ تحميل الخريطة…']);
      await page.getByTestId('tab-incidents').waitFor();
      const mapBox = await mapLoading.boundingBox();
      // The screen takes the place its loading took; the map, the place its loading took.
      expect(await box()).toEqual(screenBox);
      await expectArabicOnly(page);

      await expect.poll(() => held.has('map')).toBe(true);
      held.get('map')!();
      await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 20_000 });
      expect(await page.getByTestId('ops-map').boundingBox()).toEqual(mapBox);
      expect(await box()).toEqual(screenBox);
      expectNoConsoleErrors();
    } finally {
      await browser.close();
    }
  });

  it.skipIf(browserMissing)('says in the operator\'s language that a screen could not be fetched, keeps the top bar, and reloads', async () => {
    const dispatcher = await centre.createUser(['dispatcher']);
    await centre.api(await centre.loginToken(dispatcher.username, dispatcher.password)).put('/auth/me/language', { language: 'ar' });
    const browser = await openBrowser({ operator: 'dispatcher-offline' });
    try {
      const { page } = browser;
      await page.route(/\/assets\/Dispatcher-[\w-]+\.js$/, (route) => route.abort('internetdisconnected'));
      await login(page, centre, dispatcher);
      const failed = page.getByTestId('screen-failed');
      await failed.waitFor();
      expect(await failed.textContent()).toContain('تعذّر فتح هذه الشاشة');
      expect(await page.locator('header.topbar').isVisible()).toBe(true);
      await expectArabicOnly(page);
      await page.unrouteAll();
      await failed.getByRole('button', { name: 'إعادة تحميل الصفحة' }).click();
      await page.getByTestId('tab-incidents').waitFor();
      // The browser and React report the failed fetch of the screen's code: nothing else went wrong.
      expectNoConsoleErrors({ allow: [/ERR_INTERNET_DISCONNECTED/, /Failed to fetch dynamically imported module/, /error occurred in one of your React components|Minified React error/] });
    } finally {
      await browser.close();
    }
  });

  /** Opens the sign-in page on a fresh browser (French: the workstation's language), picks Arabic, types the credentials. */
  const signInPickingArabic = async (who: Pick<Credentials, 'username' | 'password'>, operator: string) => {
    const browser = await openBrowser({ operator });
    const { page } = browser;
    await page.goto(`${centre.url}/`);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    await page.getByRole('button', { name: 'العربية' }).click();
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.locator('input[name="username"]').fill(who.username);
    await page.locator('input[name="password"]').fill(who.password);
    await page.locator('form button[type="submit"]').click();
    return browser;
  };
  /** The language saved for a person, as an administrator reads it. */
  const savedLanguage = async (who: Pick<Credentials, 'id'>) => (await centre.api(await centre.adminToken()).get<{ language: string | null }>(`/users/${who.id}`)).language;

  it.skipIf(browserMissing)('keeps the language picked on the sign-in page, makes it the person\'s, and words the map in it', async () => {
    const dispatcher = await centre.createUser(['dispatcher']);
    expect(await savedLanguage(dispatcher)).toBeNull();
    const browser = await signInPickingArabic(dispatcher, 'dispatcher-picks-arabic');
    try {
      const { page } = browser;
      await page.locator('header.topbar').waitFor();
      await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 20_000 });
      expect([await page.locator('html').getAttribute('lang'), await page.locator('html').getAttribute('dir')]).toEqual(['ar', 'rtl']);
      expect(await page.getByTestId('language').inputValue()).toBe('ar');
      await expect.poll(() => savedLanguage(dispatcher)).toBe('ar');
      // The demo city's streets are said to be generated, in Arabic; the map's own buttons are labelled in Arabic.
      await expect.poll(() => mapCredits(page)).toBe('مدينة تجريبية: شوارع مولَّدة فوق الدار البيضاء، وليست بيانات خرائط');
      expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('aria-label')).toBe('تكبير');
      await page.getByTestId('incident-list').or(page.locator('main[data-screen="dispatch"] .empty').first()).first().waitFor();
      await screenshot(page, 'dispatcher-picked-ar');
      await expectArabicOnly(page);
      // A reload, and a sign-in on another computer without a pick, open in Arabic: it is the person's language now.
      await page.reload();
      await page.locator('header.topbar').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      const elsewhere = await openBrowser({ operator: 'dispatcher-elsewhere' });
      try {
        await login(elsewhere.page, centre, dispatcher);
        await expect.poll(() => elsewhere.page.locator('html').getAttribute('lang')).toBe('ar');
        // Switched to French from the top bar: the credits follow.
        await elsewhere.page.getByTestId('language').selectOption('fr');
        await expect.poll(() => mapCredits(elsewhere.page)).toBe('Ville de démonstration : rues générées sur Casablanca, pas des données cartographiques');
      } finally {
        await elsewhere.close();
      }
      expectNoConsoleErrors();
    } finally {
      await browser.close();
    }
  });

  it.skipIf(browserMissing)("applies the person's saved language when nothing was picked on the sign-in page, whatever the last person picked there", async () => {
    const first = await centre.createUser(['call-taker']);
    const second = await centre.createUser(['call-taker']);
    await centre.api(await centre.loginToken(second.username, second.password)).put('/auth/me/language', { language: 'en' });
    const browser = await signInPickingArabic(first, 'shared-workstation');
    try {
      const { page } = browser;
      await page.locator('header.topbar').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      await page.getByRole('button', { name: 'تسجيل الخروج' }).click();
      // The sign-in page stays in the last language used here, and the next person picks nothing.
      await page.locator('input[name="username"]').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      await login(page, centre, second);
      await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('header.topbar button', { hasText: 'Sign out' }).count()).toBe(1);
      expect([await savedLanguage(first), await savedLanguage(second)]).toEqual(['ar', 'en']);
      expectNoConsoleErrors();
    } finally {
      await browser.close();
    }
  });

  it.skipIf(browserMissing)('keeps the picked language through the code of a second factor and through a password change', async () => {
    // A person with a second factor: the sign-in asks for the code, in the picked language.
    const withCode = await centre.createUser(['dispatcher']);
    const api = centre.api(await centre.loginToken(withCode.username, withCode.password));
    const { secret } = await api.post<{ secret: string }>('/auth/totp/enrolment');
    // A code of the step before: the sign-in's, of the present step, comes after it (a step's code is taken once).
    await api.post('/auth/totp/enrolment/confirm', { code: totpCode(secret, new Date(Date.now() - 30_000)) });
    const coded = await signInPickingArabic(withCode, 'picks-arabic-with-code');
    try {
      const { page } = coded;
      await page.getByTestId('login-code').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      expect(await page.locator('.login form').textContent()).toContain('حسابك محمي بالدخول على خطوتين');
      await page.getByTestId('login-code').fill(totpCode(secret, new Date()));
      await page.locator('form button[type="submit"]').click();
      await page.locator('header.topbar').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      await expect.poll(() => savedLanguage(withCode)).toBe('ar');
      // The browser reports the sign-in the server answered with its demand for a code.
      expectNoConsoleErrors({ allow: [/status of 401/] });
    } finally {
      await coded.close();
    }

    // A person whose password an administrator set: the change is asked in the picked language, and the console follows in it.
    const admin = centre.api(await centre.adminToken());
    const username = `new-dispatcher-${Date.now() % 100_000}`;
    const { user: created } = await admin.post<{ user: { id: string } }>('/users', { username, fullName: 'Nadia Alaoui', roles: ['dispatcher'], password: 'given-by-the-admin-1' });
    const newcomer = await signInPickingArabic({ username, password: 'given-by-the-admin-1' }, 'picks-arabic-new-password');
    try {
      const { page } = newcomer;
      await page.locator('input[name="next"]').waitFor();
      expect([await page.locator('html').getAttribute('lang'), await page.locator('html').getAttribute('dir')]).toEqual(['ar', 'rtl']);
      expect(await page.locator('.login form').textContent()).toContain('كلمة المرور');
      await screenshot(page, 'password-change-picked-ar');
      await expectArabicOnly(page);
      await page.locator('input[name="current"]').fill('given-by-the-admin-1');
      await page.locator('input[name="next"]').fill('lanterne verte sur la corniche');
      await page.locator('form button[type="submit"]').click();
      await page.locator('header.topbar').waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('ar');
      await expect.poll(() => savedLanguage(created)).toBe('ar');
      expectNoConsoleErrors();
    } finally {
      await newcomer.close();
    }
  });
});

describe('the web console where the streets are OpenStreetMap data and roles require a second factor', () => {
  let centre: Centre;
  beforeAll(async () => {
    centre = await startCentre({ env: { AMANE_TOTP_REQUIRED: 'on' } });
    await importRoads(centre.core, 'system:test', CENTRE_OSM, 'centre.osm');
  });
  afterAll(async () => {
    await centre?.close();
  });

  it.skipIf(browserMissing)("credits OpenStreetMap's contributors and its licence in the operator's language, with their links", async () => {
    const dispatcher = await centre.createUser(['dispatcher']);
    await centre.api(await centre.loginToken(dispatcher.username, dispatcher.password)).put('/auth/me/language', { language: 'ar' });
    const browser = await openBrowser({ operator: 'dispatcher-osm' });
    try {
      const { page } = browser;
      await login(page, centre, dispatcher);
      await page.locator('canvas.maplibregl-canvas').waitFor({ timeout: 20_000 });
      await expect.poll(() => mapCredits(page)).toBe('© مساهمو OpenStreetMap، رخصة ODbL');
      const links = page.locator('.maplibregl-ctrl-attrib-inner a');
      expect(await links.evaluateAll((anchors) => anchors.map((a) => [(a as unknown as { href: string }).href, (a.textContent ?? '').trim()]))).toEqual([
        ['https://www.openstreetmap.org/copyright', '© مساهمو OpenStreetMap'],
        ['https://opendatacommons.org/licenses/odbl/', 'رخصة ODbL'],
      ]);
      // The names are isolated as names, so that they read as they are in right-to-left text.
      expect(await page.locator('.maplibregl-ctrl-attrib-inner bdi').allTextContents()).toEqual(['OpenStreetMap', 'ODbL']);
      await screenshot(page, 'map-credits-osm-ar');
      await expectArabicOnly(page);
      for (const [language, credits] of [
        ['fr', '© les contributeurs d’OpenStreetMap, licence ODbL'],
        ['en', '© OpenStreetMap contributors, ODbL licence'],
      ] as const) {
        await page.getByTestId('language').selectOption(language);
        await expect.poll(() => mapCredits(page)).toBe(credits);
      }
      expectNoConsoleErrors();
    } finally {
      await browser.close();
    }
  });

  it.skipIf(browserMissing)('keeps the picked language on the enrolment of a required second factor, and saves it', async () => {
    const supervisor = await centre.createUser(['supervisor']);
    const browser = await openBrowser({ operator: 'supervisor-enrols' });
    try {
      const { page } = browser;
      await page.goto(`${centre.url}/`);
      await page.getByRole('button', { name: 'العربية' }).click();
      await page.locator('input[name="username"]').fill(supervisor.username);
      await page.locator('input[name="password"]').fill(supervisor.password);
      await page.locator('form button[type="submit"]').click();
      await page.getByTestId('totp-enrolment').waitFor();
      expect([await page.locator('html').getAttribute('lang'), await page.locator('html').getAttribute('dir')]).toEqual(['ar', 'rtl']);
      expect(await page.getByTestId('totp-enrolment').textContent()).toContain('دورك يستلزم الدخول على خطوتين');
      // Saved although the second factor is still owed: the person's next sign-in, anywhere, opens in Arabic.
      const token = await centre.loginToken(supervisor.username, supervisor.password);
      await expect.poll(async () => (await centre.api(token).get<{ user: { language: string | null } }>('/auth/me')).user.language).toBe('ar');
      expectNoConsoleErrors();
    } finally {
      await browser.close();
    }
  });
});

/** A few streets of central Casablanca as OpenStreetMap exports them (the importer credits OSM and its licence). */
const CENTRE_OSM = `<osm version="0.6">
  <node id="1" lat="33.5700" lon="-7.6000"/><node id="2" lat="33.5700" lon="-7.5800"/>
  <node id="3" lat="33.5800" lon="-7.5800"/><node id="4" lat="33.5800" lon="-7.6000"/>
  <way id="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><nd ref="4"/><nd ref="1"/><tag k="highway" v="primary"/><tag k="name" v="Boulevard Mohammed V"/></way>
  <way id="2"><nd ref="1"/><nd ref="3"/><tag k="highway" v="secondary"/><tag k="name" v="Avenue des FAR"/></way>
</osm>`;
