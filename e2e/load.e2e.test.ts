import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAreas } from '../src/geo/area.service.js';
import { demoDistricts } from '../src/geo/demo-districts.js';
import { mulberry32 } from '../src/geo/roads/demo-city.js';
import {
  browserMissing,
  expectNoConsoleErrors,
  login,
  measureFrames,
  measureMainThread,
  openBrowser,
  percentile,
  screenshot,
  startCentre,
  type Api,
  type Browser,
  type Centre,
  type ConsoleWindow,
} from './harness.js';

// The acceptance line: 1,000 units moving (1 fix per unit per 5 s) and 50 open incidents, and
// the dispatcher's map stays responsive.
const UNITS = 1_000;
const INCIDENTS = 50;
const FIX_PERIOD_MS = 5_000;
const BATCH_EVERY_MS = 250;
const MEASURE_MS = 15_000;
const CLICKS = 10;
const GATEWAY = 'avl-gateway';

type LonLat = [number, number];

/** A unit driving to and fro along one road at a steady speed: where it is at any time. */
class Drive {
  private readonly cumulative: number[] = [0];
  constructor(
    private readonly line: readonly LonLat[],
    readonly speedKmh: number,
    private readonly offsetM: number,
  ) {
    for (let i = 1; i < line.length; i += 1) this.cumulative.push(this.cumulative[i - 1]! + metres(line[i - 1]!, line[i]!));
  }

  get lengthM(): number {
    return this.cumulative.at(-1)!;
  }

  at(elapsedMs: number): { lon: number; lat: number } {
    const length = this.lengthM;
    const travelled = (this.offsetM + (this.speedKmh / 3.6) * (elapsedMs / 1_000)) % (2 * length);
    const along = travelled <= length ? travelled : 2 * length - travelled;
    let i = 1;
    while (i < this.line.length - 1 && this.cumulative[i]! < along) i += 1;
    const [a, b] = [this.line[i - 1]!, this.line[i]!];
    const span = this.cumulative[i]! - this.cumulative[i - 1]!;
    const t = span === 0 ? 0 : (along - this.cumulative[i - 1]!) / span;
    return { lon: round(a[0] + (b[0] - a[0]) * t), lat: round(a[1] + (b[1] - a[1]) * t) };
  }
}

function metres(a: LonLat, b: LonLat): number {
  const cosLat = Math.cos((((a[1] + b[1]) / 2) * Math.PI) / 180);
  return Math.hypot((b[0] - a[0]) * cosLat, b[1] - a[1]) * 111_195;
}

function round(degrees: number): number {
  return Math.round(degrees * 1e6) / 1e6;
}

/** Runs `work` on each item, `width` at a time. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        await work(items[index]!, index);
      }
    }),
  );
}

/** The units the console gave its map: call sign -> coordinates. */
async function unitsOnMap(browser: Browser): Promise<Map<string, string>> {
  const entries = await browser.page.evaluate(async () => {
    const data = await (globalThis as unknown as ConsoleWindow).amaneMap?.getSource('units')?.getData();
    return (data?.features ?? []).map((feature): [string, string] => [String(feature.properties.id), JSON.stringify(feature.geometry.coordinates)]);
  });
  return new Map(entries);
}

/** The page as the click watcher sees it (type-checked without the DOM library). */
interface ClickWindow extends ConsoleWindow {
  amaneClicks: number[];
  readonly document: {
    querySelector(selector: string): unknown;
    addEventListener(type: 'click', listener: (event: { timeStamp: number; target: { closest?(selector: string): { getAttribute(name: string): string | null } | null } }) => void, capture: boolean): void;
  };
  setTimeout(callback: () => void, ms: number): unknown;
}

/**
 * Times, in the page, each click on an incident row until its panel is on screen: from the input event to
 * the frame after the panel is in the document (what the operator waits for, without the test's own
 * round trips to the browser).
 */
async function watchIncidentClicks(browser: Browser): Promise<{ read(): Promise<number[]> }> {
  await browser.page.evaluate(() => {
    const w = globalThis as unknown as ClickWindow;
    w.amaneClicks = [];
    w.document.addEventListener(
      'click',
      (event) => {
        const number = event.target.closest?.('tr[data-incident]')?.getAttribute('data-incident');
        if (number === null || number === undefined) return;
        const shown = () => w.document.querySelector(`[data-testid="incident-panel"][data-incident="${number}"]`) !== null;
        const check = () => (shown() ? w.requestAnimationFrame(() => w.setTimeout(() => w.amaneClicks.push(performance.now() - event.timeStamp), 0)) : w.requestAnimationFrame(check));
        check();
      },
      true,
    );
  });
  return { read: () => browser.page.evaluate(() => [...(globalThis as unknown as ClickWindow).amaneClicks]) };
}

describe.skipIf(browserMissing)('the console under load', () => {
  let centre: Centre;
  let supervisor: Api;
  let gateway: Api;
  const drives = new Map<string, Drive>();
  const incidents: string[] = [];
  let startedAt = 0;

  beforeAll(async () => {
    centre = await startCentre();
    const seedStarted = performance.now();
    await importAreas(centre.core, 'system:e2e', JSON.stringify(demoDistricts()), 'demo-districts');
    const manager = await centre.createUser(['supervisor']);
    supervisor = centre.api(await centre.loginToken(manager.username, manager.password));
    const stations = await supervisor.post<{ code: string }[]>('/stations/from-districts');
    // One AVL gateway (a fleet tracking server) is the tracker of every unit and posts their fixes in batches.
    gateway = centre.api(await centre.device(GATEWAY));

    const roads = await supervisor.get<{ features: { geometry: { coordinates: LonLat[] } }[] }>('/roads');
    const long = roads.features.map((f) => f.geometry.coordinates).filter((line) => line.length >= 2 && new Drive(line, 1, 0).lengthM >= 400);
    const pick = mulberry32(20_260_301);
    const fleet = [
      { kind: 'patrol_car', capabilities: ['investigation'] },
      { kind: 'patrol_car', capabilities: [] },
      { kind: 'patrol_car', capabilities: ['women-and-children'] },
      { kind: 'motorcycle', capabilities: ['traffic'] },
      { kind: 'traffic_unit', capabilities: ['traffic'] },
      { kind: 'intervention_brigade', capabilities: ['armed', 'intervention'] },
    ];
    const callSigns = Array.from({ length: UNITS }, (_, i) => `CASA-U-${String(i + 1).padStart(4, '0')}`);
    for (const callSign of callSigns) {
      const line = long[Math.floor(pick() * long.length)]!;
      drives.set(callSign, new Drive(line, 20 + pick() * 50, pick() * 10_000));
    }
    await inParallel(callSigns, 8, async (callSign, i) => {
      await supervisor.post('/units', { callSign, ...fleet[i % fleet.length], station: stations[i % stations.length]!.code, device: GATEWAY });
      await supervisor.post(`/units/${callSign}/status`, { status: 'available' });
    });

    const types = ['theft', 'assault', 'noise', 'suspicious_person', 'traffic_accident', 'public_disorder', 'burglary', 'robbery'];
    await inParallel(
      Array.from({ length: INCIDENTS }, (_, i) => i),
      8,
      async (i) => {
        const line = long[Math.floor(pick() * long.length)]!;
        const [lon, lat] = line[Math.floor(line.length / 2)]!;
        const incident = await supervisor.post<{ number: string }>('/incidents', { type: types[i % types.length], location: { lat, lon }, summary: `load test incident ${i + 1}` });
        incidents.push(incident.number);
      },
    );

    // Every unit's first fix, in one batch; then each unit reports every 5 s.
    startedAt = Date.now();
    const first = await gateway.post<{ accepted: number }>('/avl/positions', { fixes: callSigns.map((callSign) => fix(callSign, startedAt)) });
    expect(first.accepted).toBe(UNITS);
    console.log(`console under load: seeded ${UNITS} units, ${stations.length} stations and ${INCIDENTS} incidents in ${((performance.now() - seedStarted) / 1_000).toFixed(1)} s`);
  });

  afterAll(async () => {
    await centre?.close();
  });

  function fix(callSign: string, at: number) {
    const drive = drives.get(callSign)!;
    return { callSign, ...drive.at(at - startedAt), speed: Math.round(drive.speedKmh), accuracy: 8, at: new Date(at).toISOString() };
  }

  /** Sends each unit's fix every 5 s, spread evenly: 1/20 of the units every 250 ms. */
  function drive(): { stop(): Promise<{ sent: number; accepted: number; dropped: number; failed: string[]; seconds: number }> } {
    const callSigns = [...drives.keys()];
    const slots = FIX_PERIOD_MS / BATCH_EVERY_MS;
    const counts = { sent: 0, accepted: 0, dropped: 0, failed: [] as string[] };
    const inFlight = new Set<Promise<void>>();
    const started = Date.now();
    let tick = 0;
    const timer = setInterval(() => {
      const slot = tick % slots;
      tick += 1;
      const now = Date.now();
      const fixes = callSigns.filter((_, i) => i % slots === slot).map((callSign) => fix(callSign, now));
      counts.sent += fixes.length;
      const request = gateway
        .post<{ accepted: number; dropped: unknown[] }>('/avl/positions', { fixes })
        .then((result) => {
          counts.accepted += result.accepted;
          counts.dropped += result.dropped.length;
        })
        .catch((error: unknown) => void counts.failed.push(String(error)))
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    }, BATCH_EVERY_MS);
    return {
      async stop() {
        clearInterval(timer);
        await Promise.all(inFlight);
        return { ...counts, seconds: (Date.now() - started) / 1_000 };
      },
    };
  }

  it('keeps the dispatcher map responsive with 1,000 units moving and 50 open incidents', async () => {
    const dispatcher = await centre.createUser(['dispatcher']);
    const browser = await openBrowser({ operator: 'dispatcher' });
    let load: ReturnType<typeof drive> | undefined;
    try {
      const { page } = browser;
      await page.goto(`${centre.url}/#/dispatch`);
      await login(page, centre, dispatcher);
      await expect.poll(() => page.locator('[data-testid="incident-list"] tr[data-incident]').count(), { timeout: 30_000 }).toBe(INCIDENTS);
      await expect.poll(async () => (await unitsOnMap(browser)).size, { timeout: 30_000 }).toBe(UNITS);

      // What one redraw of this map costs on this machine (software WebGL), to read the figures against.
      await page.evaluate(() => void ((globalThis as unknown as ConsoleWindow).amaneMap!.repaint = true));
      const redraw = await measureFrames(page);
      await page.waitForTimeout(3_000);
      const redrawStats = await redraw.stop();
      await page.evaluate(() => void ((globalThis as unknown as ConsoleWindow).amaneMap!.repaint = false));

      const before = await unitsOnMap(browser);
      load = drive();
      const frames = await measureFrames(page);
      const mainThread = await measureMainThread(page);
      const clicks = await watchIncidentClicks(browser);
      const roundTrips: number[] = [];
      const measureStarted = Date.now();
      for (let i = 0; i < CLICKS; i += 1) {
        await page.waitForTimeout(Math.max(0, measureStarted + ((i + 0.5) * MEASURE_MS) / CLICKS - Date.now()));
        const number = incidents[(i * 7) % incidents.length]!;
        const started = performance.now();
        await page.locator(`[data-testid="incident-list"] tr[data-incident="${number}"]`).click();
        await page.locator(`[data-testid="incident-panel"][data-incident="${number}"]`).waitFor();
        roundTrips.push(performance.now() - started);
      }
      await expect.poll(async () => (await clicks.read()).length).toBe(CLICKS);
      const latencies = await clicks.read();
      await page.waitForTimeout(Math.max(0, measureStarted + MEASURE_MS - Date.now()));
      const stats = await frames.stop();
      const usage = await mainThread.stop();
      const sent = await load.stop();

      const after = await unitsOnMap(browser);
      const moved = [...after].filter(([callSign, coordinates]) => before.has(callSign) && before.get(callSign) !== coordinates).length;
      await screenshot(page, 'dispatcher-under-load');

      const fixesPerS = sent.accepted / sent.seconds;
      const share = (value: number) => `${Math.round(value * 100)}%`;
      console.log(
        `console under load: units=${UNITS} fixes_per_s=${fixesPerS.toFixed(0)} incidents=${INCIDENTS} ` +
          `frame_p50_ms=${stats.p50Ms.toFixed(0)} frame_p95_ms=${stats.p95Ms.toFixed(0)} frame_max_ms=${stats.maxMs.toFixed(0)} long_frames=${stats.longFrames}/${stats.frames} ` +
          `input_latency_p50_ms=${percentile(latencies, 50).toFixed(0)} p95=${percentile(latencies, 95).toFixed(0)} ` +
          `click_roundtrip_p50_ms=${percentile(roundTrips, 50).toFixed(0)} p95=${percentile(roundTrips, 95).toFixed(0)} ` +
          `main_thread_script=${share(usage.script)} layout=${share(usage.layout)} tasks=${share(usage.tasks)} ` +
          `map_redraw_p50_ms=${redrawStats.p50Ms.toFixed(0)} units_on_map=${after.size} moved=${moved}`,
      );

      // The load really ran: every fix accepted, at the rate asked (1,000 units / 5 s = 200 per second).
      expect(sent.failed).toEqual([]);
      expect(sent.dropped).toBe(0);
      expect(fixesPerS).toBeGreaterThan(180);
      // The map has every unit, and they move.
      expect(after.size).toBe(UNITS);
      expect(moved).toBeGreaterThanOrEqual(UNITS * 0.95);
      // Bounds that catch a broken console, not a slow machine. Software WebGL on two shared cores takes
      // 150 to 300 ms per map redraw (map_redraw_p50_ms): frames and clicks are read against that. What
      // the console controls whatever the machine is how much of its main thread it takes for itself.
      expect(usage.script + usage.layout).toBeLessThan(0.5);
      expect(stats.frames).toBeGreaterThanOrEqual(MEASURE_MS / 1_000);
      expect(stats.p50Ms).toBeLessThan(Math.max(100, 2 * redrawStats.p50Ms));
      expect(percentile(latencies, 95)).toBeLessThan(Math.max(1_500, 8 * redrawStats.p50Ms));
      expectNoConsoleErrors();
    } finally {
      await load?.stop();
      await browser.close();
    }
  });
});
