// Position fixes per second from an MQTT publish to the live state: fixes accepted by the AVL tracker
// (parsed, judged, held in memory; its save every second and its live publication twice a second
// running as in the server), through the embedded broker with the units module's own topic rule and
// handler (`startUnitMqtt`).
//
// Baseline, in the same run: a bare MQTT subscriber, a plain `mqtt` client subscribed to
// `amane/units/+/position` on the embedded broker, counting what it receives. The two are measured in
// alternating phases, each on a fresh broker (EmbeddedMqttHub: token check at CONNECT, a topic rule
// for each publish that looks up the unit's device, as the module's does), under the same load: the
// same publishers, as fast as the broker takes them. Not at the same time: the broker hands a message
// to the in-process handlers before it routes it to subscribers, so both would count the same whatever
// the tracker costs. The subscriber runs in a process of its own, as a consumer of the stream would;
// the tracker runs in the server's process. With publishers in a third process that is more processes
// than this machine may have cores: the CPU each phase used, per process, is printed beside its rate.
//
// Publishers: GATEWAYS real MQTT connections in a child process, each a tracker gateway bound to
// UNITS / GATEWAYS units (a unit's `device` names its gateway), publishing in turn for each of its units
// a fix of about 120 bytes: driving round a 300 m circle at 18 km/h, one fix per second of fix time,
// so that every fix is accepted. QoS 1, with at most WINDOW fixes a gateway unacknowledged: QoS 0
// publishers outrun a socket subscriber, and the queue Aedes then builds for it is drained recursively
// until the broker's stack overflows.
//
// Memory: the heap the tracker's state takes for UNITS units with one fix each, after garbage
// collection (the bench runs itself again with --expose-gc when gc is not exposed) and once its first
// save has written out what it buffered; minus the heap before it read the units.
//
// A ratio near 1 says the tracker keeps up with what the publishers send, as the bare subscriber does; it
// does not say the tracker costs as little. What it costs is printed beside it: the server process's CPU
// time per accepted fix (broker and tracker together), and per message in the bare phase (broker alone).
//
// The database is a SQLite file; with AMANE_TEST_DATABASE_URL=postgres://... a PostgreSQL schema of its
// own, as in the tests. Goal: at least 20,000 fixes/s and a ratio of 0.7. BENCH_UNITS, BENCH_GATEWAYS,
// BENCH_WINDOW, BENCH_SECONDS and BENCH_ROUNDS change the sizes.
import os from 'node:os';
import { connectAsync } from 'mqtt';
import type client from 'prom-client';
import { registerDevice } from '../src/core/auth/device.service.js';
import { ManualClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config.js';
import type { Core } from '../src/core/context.js';
import { toJsonText } from '../src/core/json-column.js';
import { createLogger } from '../src/core/logger.js';
import { EmbeddedMqttHub } from '../src/core/mqtt/embedded-hub.js';
import { createTestDatabase } from '../src/core/testing.js';
import { openCore } from '../src/server/open-core.js';
import { avlTracker, type AvlTracker } from '../src/units/avl.service.js';
import { insertStation } from '../src/stations/station.repository.js';
import { insertUnit } from '../src/units/unit.repository.js';
import { startUnitMqtt, unitTopic } from '../src/units/unit.mqtt.js';
import { spawnTied } from '../src/server/tied-process.js';
import { answerMarks, startBenchChild, type BenchChild } from './bench-child.js';

const UNITS = Number(process.env.BENCH_UNITS ?? 10_000);
const GATEWAYS = Number(process.env.BENCH_GATEWAYS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** QoS 1 publishes a gateway has in flight: bounds what queues in the broker. */
const WINDOW = Number(process.env.BENCH_WINDOW ?? 100);
/** Fix time of the first fix; the centre's clock is set far enough after it that no fix is in its future. */
const FIRST_FIX_MS = Date.parse('2026-03-01T00:00:00.000Z');
/** Fix numbers given to each phase: more than a unit gets in one. */
const FIXES_PER_PHASE = 10_000;
const OBSERVER = 'bench-observer';

const callSign = (i: number) => `AVL-${String(i).padStart(5, '0')}`;
const gatewayName = (g: number) => `gateway-${g}`;

if (process.argv[2] === 'devices') {
  await runDevices(process.argv[3]!, Number(process.argv[4]), process.argv.slice(5));
} else if (process.argv[2] === 'subscriber') {
  await runSubscriber(process.argv[3]!, process.argv[4]!);
} else if (typeof globalThis.gc !== 'function') {
  const child = spawnTied([import.meta.filename, ...process.argv.slice(2)], { execArgv: ['--expose-gc', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit'] });
  child.once('exit', (code) => process.exit(code ?? 1));
} else {
  await main(globalThis.gc);
}

/** Fix number `k` of unit `i`: round a 300 m circle of its own at 5 m/s, one fix per second. */
function fixPayload(i: number, k: number): string {
  const radiusM = 300;
  const centreLat = 33.5 + (i % 100) * 0.002;
  const centreLon = -7.7 + Math.floor(i / 100) * 0.002;
  const angle = (k * 5) / radiusM;
  const lat = centreLat + (radiusM * Math.cos(angle)) / 111_320;
  const lon = centreLon + (radiusM * Math.sin(angle)) / (111_320 * Math.cos((centreLat * Math.PI) / 180));
  // Clockwise round the circle (the angle is a bearing from its centre): heading along the tangent.
  const heading = (((angle * 180) / Math.PI + 90) % 360).toFixed(1);
  return `{"lat":${lat.toFixed(6)},"lon":${lon.toFixed(6)},"speed":18,"heading":${heading},"accuracy":5,"at":"${new Date(FIRST_FIX_MS + k * 1_000).toISOString()}"}`;
}

/**
 * Child process: one connection per gateway, each publishing for its units in turn, QoS 1 with up to
 * WINDOW fixes unacknowledged, refilled as acknowledgements come back.
 */
async function runDevices(url: string, firstFix: number, tokens: string[]): Promise<void> {
  const clients = await Promise.all(tokens.map((token, g) => connectAsync(url, { username: gatewayName(g), password: token, reconnectPeriod: 0 })));
  let published = 0;
  answerMarks(() => ({ count: published }));
  clients.forEach((client, g) => {
    const units: number[] = [];
    for (let i = g; i < UNITS; i += GATEWAYS) units.push(i);
    const topics = units.map((i) => unitTopic(callSign(i), 'position'));
    let round = 0;
    let next = 0;
    let unacknowledged = 0;
    const acknowledged = () => {
      unacknowledged -= 1;
      if (unacknowledged <= WINDOW / 2) refill();
    };
    const refill = () => {
      while (unacknowledged < WINDOW) {
        unacknowledged += 1;
        published += 1;
        client.publish(topics[next]!, fixPayload(units[next]!, firstFix + round), { qos: 1 }, acknowledged);
        next += 1;
        if (next === units.length) [next, round] = [0, round + 1];
      }
    };
    refill();
  });
}

/** Child process: the bare subscriber, a plain MQTT client counting every position it receives. */
async function runSubscriber(url: string, token: string): Promise<void> {
  const subscriber = await connectAsync(url, { username: OBSERVER, password: token, reconnectPeriod: 0 });
  let received = 0;
  subscriber.on('message', () => {
    received += 1;
  });
  await subscriber.subscribeAsync('amane/units/+/position', { qos: 0 });
  answerMarks(() => ({ count: received }));
}

interface Mark {
  readonly count: number;
}

/** A child process of this bench in one of its roles. */
function startChild(role: 'devices' | 'subscriber', args: string[]): Promise<BenchChild<Mark>> {
  return startBenchChild<Mark>(import.meta.filename, [role, ...args]);
}

interface Measure {
  /** What the phase counts (fixes accepted, messages received), per second. */
  readonly perSecond: number;
  readonly publishedPerSecond: number;
  /** CPU used, in cores: the server's process, the publishers', the bare subscriber's. */
  readonly cpu: { server: number; publishers: number; subscriber?: number };
}

/**
 * Drives the gateways at `url` for SECONDS after a warm-up. What is counted: the tracker's accepted
 * fixes (`accepted`), or what the bare subscriber received.
 */
async function measure(url: string, tokens: string[], phase: number, counted: { accepted: () => Promise<number> } | { subscriber: BenchChild<Mark> }): Promise<Measure> {
  const devices = await startChild('devices', [url, String(phase * FIXES_PER_PHASE), ...tokens]);
  await new Promise((resolve) => setTimeout(resolve, 500)); // warm up
  const mark = async () => {
    const subscriber = 'subscriber' in counted ? await counted.subscriber.mark() : undefined;
    const accepted = 'accepted' in counted ? await counted.accepted() : undefined;
    return { at: performance.now(), count: subscriber?.count ?? accepted ?? 0, subscriber, server: process.cpuUsage(), devices: await devices.mark() };
  };
  const first = await mark();
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1_000));
  const last = await mark();
  await devices.stop();
  const seconds = (last.at - first.at) / 1_000;
  const cores = (ms: number) => ms / 1_000 / seconds;
  return {
    perSecond: (last.count - first.count) / seconds,
    publishedPerSecond: (last.devices.count - first.devices.count) / seconds,
    cpu: {
      server: cores((last.server.user - first.server.user + last.server.system - first.server.system) / 1_000),
      publishers: cores(last.devices.cpuMs - first.devices.cpuMs),
      ...(last.subscriber === undefined ? {} : { subscriber: cores(last.subscriber.cpuMs - first.subscriber!.cpuMs) }),
    },
  };
}

/** The bare subscriber's phase: what a plain MQTT client subscribed to every unit's position receives. */
async function bareSubscriber(core: Core, tracker: AvlTracker, tokens: string[], observerToken: string, phase: number): Promise<Measure> {
  const hub = new EmbeddedMqttHub(core, { host: '127.0.0.1', port: 0 });
  hub.authorize((device, topic, action) =>
    action === 'publish' ? topic.endsWith('/position') && tracker.deviceOf(topic.split('/')[2]!) === device.name : device.name === OBSERVER && topic === 'amane/units/+/position',
  );
  await hub.start();
  const subscriber = await startChild('subscriber', [hub.url!, observerToken]);
  const result = await measure(hub.url!, tokens, phase, { subscriber });
  await subscriber.stop();
  await hub.close();
  return result;
}

/** The tracker's phase: fixes the units module accepts. */
async function tracked(core: Core, tokens: string[], phase: number): Promise<Measure> {
  const hub = new EmbeddedMqttHub(core, { host: '127.0.0.1', port: 0 });
  await startUnitMqtt(core, hub);
  await hub.start();
  const before = await fixCounts(core);
  const result = await measure(hub.url!, tokens, phase, { accepted: async () => (await fixCounts(core)).accepted ?? 0 });
  await hub.close();
  const after = await fixCounts(core);
  const dropped = Object.entries(after).filter(([result, n]) => result !== 'accepted' && n !== (before[result] ?? 0));
  if (dropped.length > 0) throw new Error(`the tracker dropped fixes: ${JSON.stringify(Object.fromEntries(dropped))}`);
  if (hub.stats().refused.acl + hub.stats().refused.auth > 0) throw new Error(`the hub refused messages: ${JSON.stringify(hub.stats().refused)}`);
  return result;
}

async function fixCounts(core: Core): Promise<Record<string, number>> {
  const counter = core.metrics.registry.getSingleMetric('amane_avl_fixes_total') as client.Counter<'result'>;
  return Object.fromEntries((await counter.get()).values.map((v) => [String(v.labels.result), v.value]));
}

/** Adds the station and the units, straight into their tables (the units' creation is not measured). */
async function addUnits(core: Core): Promise<void> {
  await core.db.transaction().execute(async (trx) => {
    await insertStation(trx, { code: 'ST-BENCH', name: 'Bench', name_ar: null, area_code: null, lat: 33.59, lon: -7.6 });
    for (let i = 0; i < UNITS; i += 1) {
      await insertUnit(trx, {
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        call_sign: callSign(i),
        kind: 'patrol_car',
        station_code: 'ST-BENCH',
        capabilities: toJsonText([]),
        crew: toJsonText([]),
        device_name: gatewayName(i % GATEWAYS),
        status: 'available',
        status_since: new Date(FIRST_FIX_MS).toISOString(),
        incident_number: null,
        lat: null,
        lon: null,
        speed_kmh: null,
        heading: null,
        accuracy_m: null,
        position_at: null,
      });
    }
  });
}

function heapAfterGc(gc: () => void): number {
  for (let i = 0; i < 4; i += 1) gc();
  return process.memoryUsage().heapUsed;
}

async function main(gc: () => void): Promise<void> {
  const database = await createTestDatabase();
  // Each unit here reports faster than a tracker on the road (about 2 fixes a second): no per-unit limit.
  const config = loadConfig({ AMANE_DATABASE_URL: database.url, AMANE_LOG_LEVEL: 'warn', AMANE_MQTT_PORT: '0', AMANE_DEVICE_FIXES_PER_MINUTE: '100000' });
  const clock = new ManualClock(new Date(FIRST_FIX_MS + 1_000 * FIXES_PER_PHASE * (2 * ROUNDS + 2)));
  const core = await openCore(config, { clock, log: createLogger(config), collectDefaultMetrics: false, ...(database.schema === undefined ? {} : { schema: database.schema }) });
  const tokens: string[] = [];
  for (let g = 0; g < GATEWAYS; g += 1) tokens.push((await registerDevice(core, 'system:bench', { name: gatewayName(g), kind: 'vehicle' })).token);
  const observerToken = (await registerDevice(core, 'system:bench', { name: OBSERVER, kind: 'other' })).token;
  await addUnits(core);

  // The live state's memory: before the tracker reads the units, then with each unit tracked and one fix.
  const heapBefore = heapAfterGc(gc);
  const tracker = avlTracker(core);
  await tracker.ready();
  for (let i = 0; i < UNITS; i += 1) {
    const result = tracker.accept({ kind: 'device', name: gatewayName(i % GATEWAYS) }, callSign(i), JSON.parse(fixPayload(i, 0)));
    if (result !== 'accepted') throw new Error(`the first fix of ${callSign(i)} was ${result}`);
  }
  const heapPending = heapAfterGc(gc);
  const saveStarted = performance.now();
  await tracker.save();
  const saveMs = performance.now() - saveStarted;
  tracker.publish();
  const heapTracked = heapAfterGc(gc);
  const memMb = (heapTracked - heapBefore) / 1_048_576;
  console.log(
    `live state of ${tracker.size} units with one fix each: ${memMb.toFixed(2)} MB of heap (${((heapTracked - heapBefore) / tracker.size).toFixed(0)} bytes a unit; ` +
      `${((heapPending - heapBefore) / 1_048_576).toFixed(2)} MB before its first save, history and pending sets included)`,
  );
  console.log(`first save on ${config.database.kind}: ${UNITS} latest positions and ${UNITS} history fixes in ${saveMs.toFixed(0)} ms (the tracker saves every second)`);

  tracker.start();
  console.log(`${UNITS} units on ${GATEWAYS} gateways, QoS 1 fixes (${WINDOW} unacknowledged a gateway), ${SECONDS} s per measure, ${ROUNDS} rounds, ${os.cpus().length} cores`);
  const describe = (m: Measure) =>
    `(published ${Math.round(m.publishedPerSecond)}/s; CPU in cores: server ${m.cpu.server.toFixed(2)}, publishers ${m.cpu.publishers.toFixed(2)}` +
    `${m.cpu.subscriber === undefined ? '' : `, subscriber ${m.cpu.subscriber.toFixed(2)}`})`;
  const bare: number[] = [];
  const ours: number[] = [];
  /** Server CPU per fix accepted, and per message in the bare phase (µs). */
  const oursCpuUs: number[] = [];
  const bareCpuUs: number[] = [];
  let phase = 1;
  for (let round = 1; round <= ROUNDS; round += 1) {
    const baseline = await bareSubscriber(core, tracker, tokens, observerToken, phase++);
    bare.push(baseline.perSecond);
    bareCpuUs.push((baseline.cpu.server * 1e6) / baseline.perSecond);
    console.log(`round ${round}: bare subscriber ${Math.round(baseline.perSecond)} msg/s ${describe(baseline)}`);
    const avl = await tracked(core, tokens, phase++);
    ours.push(avl.perSecond);
    oursCpuUs.push((avl.cpu.server * 1e6) / avl.perSecond);
    console.log(`round ${round}: tracker ${Math.round(avl.perSecond)} fixes/s accepted ${describe(avl)}`);
  }
  await tracker.stop();
  const stored = await core.db.selectFrom('unit').select((eb) => eb.fn.countAll<number>().as('n')).where('position_at', 'is not', null).executeTakeFirstOrThrow();
  const history = await core.db.selectFrom('unit_position').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  console.log(`stored: ${stored.n} units with a position, ${history.n} history fixes`);

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const fixesPerS = Math.round(median(ours));
  const barePerS = Math.round(median(bare));
  await core.db.destroy();
  await database.drop();
  const cpuUsPerFix = median(oursCpuUs);
  const bareCpuUsPerMsg = median(bareCpuUs);
  console.log(`median: tracker ${fixesPerS} fixes/s, bare subscriber ${barePerS} msg/s (goal: 20000 fixes/s, ratio 0.7)`);
  console.log(`server CPU: ${cpuUsPerFix.toFixed(1)} µs per fix accepted (broker and tracker), ${bareCpuUsPerMsg.toFixed(1)} µs per message with the bare subscriber (broker alone)`);
  console.log(
    `RESULT avl fixes_per_s=${fixesPerS} ratio=${(fixesPerS / barePerS).toFixed(2)} server_cpu_us_per_fix=${cpuUsPerFix.toFixed(1)} bare_server_cpu_us_per_msg=${bareCpuUsPerMsg.toFixed(1)} mem_mb_10k=${memMb.toFixed(2)}`,
  );
}
