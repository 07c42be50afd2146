// The cost of a dispatch recommendation, on Casablanca's road graph (../shared/data; the demo city
// when it is absent), three ways:
// - the search kernel: the 5 units nearest to an incident by road, among 1,000 units; one
//   kNearestByRoad search per incident (a reversed one-to-many Dijkstra that stops at the 5th unit);
// - the recommendation as served: GET /incidents/{n}/recommendation over HTTP, one request at a time on
//   a kept-alive connection from a load generator in a process of its own (`load`, which holds nothing
//   else, so its garbage collections are short), to the Fastify server (startServer, in a process of its own, tied to the
//   bench) on a SQLite database in a temporary folder, at 1,000 and 10,000 units (the units read from
//   the units module's index, not from the unit rows); beside it, GET /incidents/{n} in the same
//   rounds: the same session check and incident read with no recommendation, the floor under it; and
//   the server's own time for each recommendation, from the request parsed to the response handed to
//   the socket (Node's http diagnostics channels, in the server's process), which leaves out the
//   transport and the time a request waits for the server's event loop;
// - two baselines for the kernel, in the same run: `baseline`, a plain Dijkstra from every unit to the
//   incident, then the 5 best (seconds per incident, so timed on a sample of incidents); and
//   `full_search`, ONE reversed Dijkstra from the incident over the whole graph with no early stop,
//   then every unit priced (kNearestByFullSearch), the first solution a routing engineer writes.
//   `speedup` is against the first, `speedup_full` against the second.
// Every answer is checked: the kernel's against one full plain search per unit (all incidents) and
// against the baseline's own answers (the sample); the full search's against the kernel's; the
// served answers against the kernel run on the same units. Goal: kernel p99 under 2 ms and at least
// 20 times the baseline; served p99 under 2 ms at 10,000 units.
// BENCH_UNITS, BENCH_INCIDENTS, BENCH_BASELINE_INCIDENTS, BENCH_ROUNDS and BENCH_SEED change the
// kernel's sizes; BENCH_SERVED_UNITS (comma separated), BENCH_SERVED_INCIDENTS, BENCH_SERVED_WARMUP and BENCH_SERVED_ROUNDS
// the served part's; BENCH_ROADS names another road file; BENCH_PROFILE=DIR keeps the served server's CPU profile.
import { randomUUID } from 'node:crypto';
import diagnostics_channel from 'node:diagnostics_channel';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createUser } from '../src/core/auth/user.service.js';
import { loadConfig } from '../src/core/config.js';
import { toJsonText } from '../src/core/json-column.js';
import type { Recommendation } from '../src/dispatch/dispatch.js';
import type { LatLon } from '../src/geo/geometry.js';
import { generateDemoCity } from '../src/geo/roads/demo-city.js';
import { buildRoadGraph, type RoadGraph } from '../src/geo/roads/road-graph.js';
import { etaOneToMany, etaOneToOne, kNearestByFullSearch, kNearestByRoad, type NearestSource } from '../src/geo/roads/road-routing.js';
import { snapToRoad, snapIndexOf, type Snap } from '../src/geo/roads/road-snap.js';
import { getRoadGraph, importRoads, MAX_SNAP_M, parseRoadFile } from '../src/geo/roads/road.service.js';
import { pointsNearRoads, seededRandom, sortNearest, topKDifference } from '../src/geo/roads/road.testing.js';
import { openCore } from '../src/server/open-core.js';
import { startServer } from '../src/server/server.js';
import { spawnTied } from '../src/server/tied-process.js';
import { insertStation } from '../src/stations/station.repository.js';
import { insertUnit } from '../src/units/unit.repository.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 1_000);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1_000);
const BASELINE_INCIDENTS = Number(process.env.BENCH_BASELINE_INCIDENTS ?? 20);
const K = 5;
const WARMUP = 300;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const FULL_ROUNDS = Number(process.env.BENCH_FULL_ROUNDS ?? 3);
const SEED = Number(process.env.BENCH_SEED ?? 19);
const SERVED_UNITS = (process.env.BENCH_SERVED_UNITS ?? '1000,10000').split(',').map(Number);
const SERVED_INCIDENTS = Number(process.env.BENCH_SERVED_INCIDENTS ?? 200);
const SERVED_ROUNDS = Number(process.env.BENCH_SERVED_ROUNDS ?? 5);
const SERVED_WARMUP = Number(process.env.BENCH_SERVED_WARMUP ?? 5);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
}

const roadFile = process.env.BENCH_ROADS ?? path.resolve(import.meta.dirname, '../../shared/data/casablanca-roads.geojson');
const BENCH_PASSWORD = 'bench-dispatcher-password';

// The server's process of a served run (see `serve`): it runs the server and nothing of the bench below.
if (process.argv[2] === 'serve') await serve(Number(process.argv[3]));
// The load generator of a served run (see `load`): a process that holds nothing but its requests.
if (process.argv[2] === 'load') await load();

function loadGraph(): { graph: RoadGraph; label: string } {
  const file = roadFile;
  if (!fs.existsSync(file)) {
    console.log(`note: ${file} is absent; running on the generated demo city instead (smaller, so faster)`);
    return { graph: generateDemoCity(), label: 'demo city' };
  }
  const started = performance.now();
  const parsed = parseRoadFile(fs.readFileSync(file, 'utf8'), path.basename(file));
  const parsedAt = performance.now();
  const { graph, stats } = buildRoadGraph(parsed.ways, { attribution: parsed.attribution, source: path.basename(file) });
  const builtAt = performance.now();
  console.log(
    `graph: ${path.basename(file)}: ${parsed.ways.length} ways (${parsed.skippedWays} not for cars) -> ${stats.nodes} nodes, ${stats.edges} edges ` +
      `(${stats.droppedNodes} nodes outside the largest strongly connected part); parse ${(parsedAt - started).toFixed(0)} ms, build ${(builtAt - parsedAt).toFixed(0)} ms`,
  );
  return { graph, label: 'Casablanca' };
}

const { graph, label } = loadGraph();
const random = seededRandom(SEED);
const indexStarted = performance.now();
snapIndexOf(graph);
console.log(`snap index built in ${(performance.now() - indexStarted).toFixed(0)} ms`);

const snapAll = (count: number) => pointsNearRoads(graph, count, random).map((point) => snapToRoad(graph, point)!);
const units = snapAll(UNITS).map((snap, i) => ({ id: `unit-${String(i).padStart(4, '0')}`, snap }));
const incidentPoints = pointsNearRoads(graph, INCIDENTS, random);
const incidents = incidentPoints.map((point) => snapToRoad(graph, point)!);
const warmup = snapAll(WARMUP);
const snapStarted = performance.now();
for (const point of incidentPoints) snapToRoad(graph, point);
const snapMicroseconds = ((performance.now() - snapStarted) * 1_000) / INCIDENTS;
console.log(`dispatch bench on ${label}: ${UNITS} units, ${INCIDENTS} incidents at random places near roads, k = ${K}; snapping ${snapMicroseconds.toFixed(1)} µs a point`);

// The searches measured: every incident once per round. This machine is shared (other processes'
// load shows as scheduler pauses longer than a whole search), so the figures are the median round's,
// with every round printed.
for (const incident of warmup) kNearestByRoad(graph, incident, units, K);
const fast: NearestSource<string>[][] = [];
const rounds: { p50: number; p99: number; max: number }[] = [];
for (let round = 0; round < ROUNDS; round += 1) {
  const times: number[] = [];
  incidents.forEach((incident, n) => {
    const started = performance.now();
    const answer = kNearestByRoad(graph, incident, units, K);
    times.push(performance.now() - started);
    fast[n] = answer;
  });
  rounds.push({ p50: percentile(times, 0.5), p99: percentile(times, 0.99), max: Math.max(...times) });
}
console.log(`kNearestByRoad, ${ROUNDS} rounds of ${INCIDENTS} searches (load average ${os.loadavg()[0]!.toFixed(2)} on ${os.cpus().length} CPUs):`);
for (const round of rounds) console.log(`  p50 ${round.p50.toFixed(3)} ms, p99 ${round.p99.toFixed(3)} ms, max ${round.max.toFixed(3)} ms`);
const median = [...rounds].sort((a, b) => a.p99 - b.p99)[Math.floor(ROUNDS / 2)]!;
const { p50, p99 } = median;
console.log(`median round: p50 ${p50.toFixed(3)} ms, p99 ${p99.toFixed(3)} ms`);

// Every answer against plain forward searches: one full search from each unit prices every incident.
const checkStarted = performance.now();
const etas: Float64Array[] = units.map((unit) => etaOneToMany(graph, unit.snap, incidents).etaS);
let mismatches = 0;
incidents.forEach((_, n) => {
  const ranking = sortNearest(units.map((unit, u) => ({ id: unit.id, etaS: etas[u]![n]!, distanceM: 0 })).filter((each) => each.etaS < Infinity));
  const difference = topKDifference(fast[n]!, ranking.slice(0, 4 * K), K);
  if (difference !== undefined) {
    mismatches += 1;
    if (mismatches <= 5) console.log(`MISMATCH incident ${n}: ${difference}`);
  }
});
console.log(`checked all ${INCIDENTS} answers against one full plain search per unit in ${((performance.now() - checkStarted) / 1_000).toFixed(1)} s: ${INCIDENTS - mismatches} match`);

// The baseline: a plain Dijkstra from every unit to the incident, then the best 5.
const baseline: number[] = [];
const sample = incidents.slice(0, BASELINE_INCIDENTS);
sample.forEach((incident: Snap, n) => {
  const started = performance.now();
  const all: NearestSource<string>[] = [];
  for (const unit of units) {
    const found = etaOneToOne(graph, unit.snap, incident);
    if (found !== undefined) all.push({ id: unit.id, etaS: found.etaS, distanceM: found.distanceM });
  }
  const best = sortNearest(all);
  baseline.push(performance.now() - started);
  const difference = topKDifference(fast[n]!, best.slice(0, 4 * K), K);
  if (difference !== undefined) {
    mismatches += 1;
    console.log(`MISMATCH with the baseline, incident ${n}: ${difference}`);
  }
});
const baselineP50 = percentile(baseline, 0.5);
const baselineP99 = percentile(baseline, 0.99);
console.log(`baseline (a plain search from each of the ${UNITS} units), over ${sample.length} incidents: p50 ${baselineP50.toFixed(0)} ms, p99 ${baselineP99.toFixed(0)} ms`);
const speedup = baselineP99 / p99;
console.log(`speedup at p99: ${speedup.toFixed(0)}x (p50: ${(baselineP50 / p50).toFixed(0)}x); goal p99 < 2 ms and >= 20x: ${p99 < 2 && speedup >= 20 ? 'met' : 'MISSED'}`);

// The second baseline: one reversed search from the incident over the whole graph, no early stop.
const fullRounds: { p50: number; p99: number }[] = [];
for (let round = 0; round < FULL_ROUNDS; round += 1) {
  const times: number[] = [];
  incidents.forEach((incident, n) => {
    const started = performance.now();
    const answer = kNearestByFullSearch(graph, incident, units, K);
    times.push(performance.now() - started);
    if (round === 0 && (answer.length !== fast[n]!.length || answer.some((a, i) => a.id !== fast[n]![i]!.id || a.etaS !== fast[n]![i]!.etaS))) {
      mismatches += 1;
      if (mismatches <= 5) console.log(`MISMATCH full search, incident ${n}: ${JSON.stringify(answer)} against ${JSON.stringify(fast[n])}`);
    }
  });
  fullRounds.push({ p50: percentile(times, 0.5), p99: percentile(times, 0.99) });
}
const fullMedian = [...fullRounds].sort((a, b) => a.p99 - b.p99)[Math.floor(FULL_ROUNDS / 2)]!;
const speedupFull = fullMedian.p99 / p99;
console.log(
  `full search (one reversed search from the incident over the whole graph, then every unit priced), ${FULL_ROUNDS} rounds of ${INCIDENTS}: ` +
    `median round p50 ${fullMedian.p50.toFixed(3)} ms, p99 ${fullMedian.p99.toFixed(3)} ms; speedup at p99 ${speedupFull.toFixed(1)}x (p50: ${(fullMedian.p50 / p50).toFixed(1)}x)`,
);

// --- The recommendation as served ----------------------------------------------------------------

interface Served {
  readonly units: number;
  readonly p50: number;
  readonly p99: number;
  /** GET /incidents/{n} in the same rounds: the same session check and incident read, no recommendation. */
  readonly floorP50: number;
  readonly floorP99: number;
  /** The server's own time for the recommendation, p99, in the same median round. */
  readonly serverP99: number;
  readonly mismatches: number;
}

/** GET or POST over one kept-alive connection; the body parsed as JSON. */
function request<T>(agent: http.Agent, base: string, method: string, url: string, token: string | undefined, body?: unknown): Promise<{ status: number; body: T }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      `${base}${url}`,
      {
        method,
        agent,
        headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') as T }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** The server's own times (ms) for the recommendations served since the bench last asked. */
interface ServerTimes {
  readonly serverTimes: readonly number[];
}

/** What the server's process tells the bench once it serves. */
interface Serving {
  readonly url: string;
  readonly units: readonly { readonly callSign: string; readonly place: LatLon; readonly available: boolean; readonly armed: boolean }[];
}

/**
 * The server's side, in a process of its own (`dispatch.ts serve COUNT`), as a centre runs apart from its
 * clients: a fresh database with the roads, stations and `count` units (written as rows before the
 * server starts, as a restarted centre finds them, so the index is built from the database), the server,
 * a dispatcher; it says where it serves and which units it has, and stops when told.
 */
async function serve(count: number): Promise<never> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-bench-dispatch-'));
  const config = loadConfig({
    AMANE_DATABASE_URL: path.join(dir, 'amane.db'),
    AMANE_PORT: '0',
    AMANE_MQTT: 'off',
    AMANE_LOG_LEVEL: 'error',
    // Positions stay fresh for the whole run: the answers must not drift to stations as it goes on.
    AMANE_POSITION_STALE_SECONDS: '3600',
  });
  const random = seededRandom(SEED + count);
  const seeding = await openCore(config);
  let units: Serving['units'];
  try {
    if (fs.existsSync(roadFile)) await importRoads(seeding, 'cli:bench', fs.readFileSync(roadFile, 'utf8'), path.basename(roadFile));
    const graph = await getRoadGraph(seeding);
    const stationPlaces = pointsNearRoads(graph, 16, random);
    const now = new Date().toISOString();
    units = pointsNearRoads(graph, count, random).map((place, i) => ({ callSign: `B-${String(i).padStart(6, '0')}`, place, available: i % 10 < 8, armed: i % 4 === 0 }));
    await seeding.db.transaction().execute(async (trx) => {
      for (const [i, place] of stationPlaces.entries()) {
        await insertStation(trx, { code: `ST-B${i}`, name: `Station ${i}`, name_ar: null, area_code: null, lat: place.lat, lon: place.lon });
      }
      for (const [i, unit] of units.entries()) {
        await insertUnit(trx, {
          id: randomUUID(),
          call_sign: unit.callSign,
          kind: i % 7 === 0 ? 'motorcycle' : 'patrol_car',
          station_code: `ST-B${i % stationPlaces.length}`,
          capabilities: toJsonText(unit.armed ? ['armed'] : []),
          crew: toJsonText([]),
          device_name: null,
          // Eight in ten available; the others busy or off duty, not to be offered.
          status: unit.available ? 'available' : i % 2 === 0 ? 'busy' : 'off_duty',
          status_since: now,
          incident_number: null,
          lat: unit.place.lat,
          lon: unit.place.lon,
          speed_kmh: null,
          heading: null,
          accuracy_m: null,
          position_at: now,
        });
      }
    });
  } finally {
    await seeding.db.destroy();
  }
  const started = performance.now();
  const server = await startServer(config, { collectDefaultMetrics: false });
  console.log(`served, ${count} units: server started in ${(performance.now() - started).toFixed(0)} ms (migrations, graph, unit index from ${count} rows)`);
  await createUser(server.core, 'cli:bench', { username: 'bench-dispatcher', fullName: 'Bench Dispatcher', roles: ['dispatcher'], password: BENCH_PASSWORD }, { temporaryPassword: false });
  // The server's own time per recommendation; handed over, and forgotten, when the bench asks ('times').
  const parsedAt = new WeakMap<object, number>();
  const serverTimes: number[] = [];
  diagnostics_channel.subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: http.IncomingMessage };
    if (request.url?.includes('/recommendation') === true) parsedAt.set(request, performance.now());
  });
  diagnostics_channel.subscribe('http.server.response.finish', (message) => {
    const at = parsedAt.get((message as { request: http.IncomingMessage }).request);
    if (at !== undefined) serverTimes.push(performance.now() - at);
  });
  process.on('message', (message) => {
    if (message === 'times') {
      process.send!({ serverTimes: serverTimes.splice(0) } satisfies ServerTimes);
      return;
    }
    void server.close().finally(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    });
  });
  process.send!({ url: server.url, units } satisfies Serving);
  return new Promise<never>(() => {});
}

/**
 * One served run: the server in its own process (`serve`), then, from here over HTTP, a dispatcher's
 * login, incidents, and the recommendation asked for each.
 */
async function served(count: number): Promise<Served> {
  // BENCH_PROFILE=DIR: the server's process writes its CPU profile there (open it in Chrome's DevTools).
  const profile = process.env.BENCH_PROFILE === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_PROFILE)}`];
  const child = spawnTied([import.meta.filename, 'serve', String(count)], { execArgv: ['--import', 'tsx', ...profile], stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const serving = await new Promise<Serving>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Serving));
      child.once('exit', (code) => reject(new Error(`the server's process exited with ${code} before serving`)));
    });
    const login = await request<{ token: string }>(agent, serving.url, 'POST', '/auth/login', undefined, { username: 'bench-dispatcher', password: BENCH_PASSWORD });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${JSON.stringify(login.body)}`);
    const token = login.body.token;
    const random = seededRandom(SEED + count + 1);
    const incidents: { number: string; target: Snap; armed: boolean }[] = [];
    for (const [n, place] of pointsNearRoads(graph, SERVED_INCIDENTS, random).entries()) {
      // One in five needs armed units: the capability filter is part of what is measured.
      const armed = n % 5 === 0;
      const body = armed ? { type: 'assault', answers: { weapon_seen: true }, location: place, summary: 'bench' } : { type: 'theft', answers: {}, location: place, summary: 'bench' };
      const created = await request<{ number: string }>(agent, serving.url, 'POST', '/incidents', token, body);
      if (created.status !== 201) throw new Error(`incident: ${created.status} ${JSON.stringify(created.body)}`);
      const target = snapToRoad(graph, place, { maxDistanceM: MAX_SNAP_M });
      if (target !== undefined) incidents.push({ number: created.body.number, target, armed });
    }
    // The requests measured come from a process of their own that holds nothing else (`load`): in this
    // one, which holds the road graph and the kernel's answers, a minor garbage collection takes 1 to 8 ms
    // and would be timed as the server's.
    const loader = spawnTied([import.meta.filename, 'load'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit'] });
    const loaded = new Promise<Loaded>((resolve, reject) => {
      loader.once('message', (message) => resolve(message as Loaded));
      loader.once('exit', (code) => reject(new Error(`the load generator exited with ${code} before answering`)));
    });
    loader.send({ url: serving.url, token, numbers: incidents.map((i) => i.number), k: K, warmup: SERVED_WARMUP, rounds: SERVED_ROUNDS } satisfies LoadOrder);
    const { answers, rounds: timed } = await loaded;
    const server = await new Promise<readonly number[]>((resolve) => {
      child.once('message', (message) => resolve((message as ServerTimes).serverTimes));
      child.send('times');
    });
    // The server timed every recommendation, the warm-up's first: the last rounds' are the measured ones.
    const measured = server.slice(server.length - SERVED_ROUNDS * incidents.length);
    if (server.length !== (1 + SERVED_WARMUP + SERVED_ROUNDS) * incidents.length) {
      throw new Error(`the server timed ${server.length} recommendations of ${(1 + SERVED_WARMUP + SERVED_ROUNDS) * incidents.length}`);
    }
    const rounds = timed.map(({ times, floor }, round) => {
      const inServer = measured.slice(round * incidents.length, (round + 1) * incidents.length);
      return {
        p50: percentile(times, 0.5),
        p99: percentile(times, 0.99),
        floorP50: percentile(floor, 0.5),
        floorP99: percentile(floor, 0.99),
        serverP50: percentile(inServer, 0.5),
        serverP99: percentile(inServer, 0.99),
      };
    });
    console.log(`served, ${count} units, ${SERVED_ROUNDS} rounds of ${incidents.length} requests (load average ${os.loadavg()[0]!.toFixed(2)}):`);
    for (const round of rounds) {
      console.log(
        `  p50 ${round.p50.toFixed(3)} ms, p99 ${round.p99.toFixed(3)} ms (reading the incident: p50 ${round.floorP50.toFixed(3)} ms, p99 ${round.floorP99.toFixed(3)} ms; ` +
          `in the server: p50 ${round.serverP50.toFixed(3)} ms, p99 ${round.serverP99.toFixed(3)} ms)`,
      );
    }
    const median = [...rounds].sort((a, b) => a.p99 - b.p99)[Math.floor(SERVED_ROUNDS / 2)]!;
    // The served answers against the kernel run here on the same units, placed where they were put.
    const everyone = serving.units.map((u) => ({ ...u, snap: snapToRoad(graph, u.place, { maxDistanceM: MAX_SNAP_M })! }));
    let wrong = 0;
    for (const incident of incidents) {
      const eligible = everyone.filter((u) => u.available && (!incident.armed || u.armed)).map((u) => ({ id: u.callSign, snap: u.snap }));
      const expected = kNearestByRoad(graph, incident.target, eligible, K).map((e) => `${e.id}:${Math.round(e.etaS * 10) / 10}`);
      const got = answers[incident.number]!.map((r) => `${r.callSign}:${r.etaS}`);
      if (expected.join(' ') !== got.join(' ')) {
        wrong += 1;
        if (wrong <= 3) console.log(`MISMATCH served, ${incident.number}: ${got.join(' ')} against ${expected.join(' ')}`);
      }
    }
    console.log(
      `served, ${count} units: median round p50 ${median.p50.toFixed(3)} ms, p99 ${median.p99.toFixed(3)} ms (reading the incident: p99 ${median.floorP99.toFixed(3)} ms; ` +
        `in the server: p99 ${median.serverP99.toFixed(3)} ms); ` +
        `${incidents.length - wrong} of ${incidents.length} answers as the kernel's`,
    );
    return { units: count, p50: median.p50, p99: median.p99, floorP50: median.floorP50, floorP99: median.floorP99, serverP99: median.serverP99, mismatches: wrong };
  } finally {
    agent.destroy();
    if (child.exitCode === null && child.signalCode === null) child.send('stop');
    await exited;
  }
}

/** What the load generator is told: where, as whom, which incidents, how many passes. */
interface LoadOrder {
  readonly url: string;
  readonly token: string;
  readonly numbers: readonly string[];
  readonly k: number;
  readonly warmup: number;
  readonly rounds: number;
}

/** What it answers: the first answer for each incident, and each round's times (ms). */
interface Loaded {
  readonly answers: Record<string, Recommendation[]>;
  readonly rounds: readonly { readonly times: number[]; readonly floor: number[] }[];
}

/**
 * The load generator (`dispatch.ts load`): one kept-alive connection, one request at a time. It asks
 * the recommendation for each incident once (the answers checked), then `warmup` passes of both
 * requests unmeasured, as a server that has been up a while (measured: p50 falling by half over the
 * first five passes while V8 compiles the route's hot code), then `rounds` measured passes in which
 * each recommendation is followed by a read of the same incident: it passes the same hooks and
 * session check and reads the incident as the recommendation does, so it is what HTTP and the
 * server cost before any unit is looked at, under the same load at the same moment.
 */
async function load(): Promise<never> {
  const order = await new Promise<LoadOrder>((resolve) => process.once('message', (message) => resolve(message as LoadOrder)));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const ask = async (number: string) => {
    const answer = await request<Recommendation[]>(agent, order.url, 'GET', `/incidents/${number}/recommendation?k=${order.k}`, order.token);
    if (answer.status !== 200) throw new Error(`recommendation: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  };
  const read = async (number: string) => {
    const answer = await request<unknown>(agent, order.url, 'GET', `/incidents/${number}`, order.token);
    if (answer.status !== 200) throw new Error(`incident read: ${answer.status}`);
  };
  const answers: Record<string, Recommendation[]> = {};
  for (const number of order.numbers) answers[number] = await ask(number);
  for (let pass = 0; pass < order.warmup; pass += 1) {
    for (const number of order.numbers) {
      await ask(number);
      await read(number);
    }
  }
  const rounds: Loaded['rounds'][number][] = [];
  for (let round = 0; round < order.rounds; round += 1) {
    const times: number[] = [];
    const floor: number[] = [];
    for (const number of order.numbers) {
      const t0 = performance.now();
      await ask(number);
      const t1 = performance.now();
      await read(number);
      floor.push(performance.now() - t1);
      times.push(t1 - t0);
    }
    rounds.push({ times, floor });
  }
  agent.destroy();
  process.send!({ answers, rounds } satisfies Loaded, () => process.exit(0));
  return new Promise<never>(() => {});
}

const servedRuns: Served[] = [];
for (const count of SERVED_UNITS) servedRuns.push(await served(count));
const servedKey = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));
const largest = servedRuns[servedRuns.length - 1]!;
console.log(`served goal p99 < 2 ms at ${largest.units} units: ${largest.p99 < 2 ? 'met' : 'MISSED'}`);
console.log(
  `RESULT dispatch p50_ms=${p50.toFixed(3)} p99_ms=${p99.toFixed(3)} baseline_p99_ms=${baselineP99.toFixed(1)} speedup=${speedup.toFixed(0)} ` +
    `full_search_p99_ms=${fullMedian.p99.toFixed(3)} speedup_full=${speedupFull.toFixed(1)} ` +
    servedRuns.map((r) => `served_${servedKey(r.units)}_p50_ms=${r.p50.toFixed(3)} served_${servedKey(r.units)}_p99_ms=${r.p99.toFixed(3)} served_${servedKey(r.units)}_server_p99_ms=${r.serverP99.toFixed(3)} incident_read_${servedKey(r.units)}_p99_ms=${r.floorP99.toFixed(3)}`).join(' ') +
    ` exact=${mismatches === 0 ? 1 : 0} served_exact=${servedRuns.every((r) => r.mismatches === 0) ? 1 : 0}`,
);
