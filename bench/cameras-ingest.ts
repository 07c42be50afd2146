// The camera ingest under a city's load, through a real MQTT broker: 1,000 cameras heartbeating every
// 10 s (four NVRs, each a recorder device reporting for 250 cameras, on `amane/cameras/{id}/heartbeat`)
// and one Frigate publishing 500 `frigate/events` messages a second (Frigate's documented payload): 100
// tracked objects a second, each `new`, three `update`s and `end` 200 ms apart; 30% people (medium:
// alarms), 60% cars (low: followed, not stored; 10% with a recognised plate, some of them on a hotlist:
// plate hits), 10% other low labels. The server side is the module's own: `startCameraIngest` on the
// embedded broker, the health sweep every second and the alarm saves every 250 ms, on a SQLite file (or
// a PostgreSQL schema with AMANE_TEST_DATABASE_URL=postgres://...). Publishers run in a child process at
// QoS 1, so the server's process has the broker and the ingest to itself.
//
// Measured over SECONDS after a warm-up: what was accepted against what the publishers offered (the
// accepted/offered ratio is 1 when the ingest keeps up, so the accepted rates themselves only restate the
// load and are not the result), alarms raised and journal events appended per report (to show updates
// are coalesced, not journaled), and the saves' duration. Then the ceiling: a flat-out phase in which the
// publishers send as fast as the broker acknowledges, more than the ingest can take, and the events it
// accepts per second then; its headroom is that ceiling over the events offered above.
// BENCH_CAMERAS, BENCH_EVENTS_PER_S, BENCH_SECONDS change the sizes.
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import type client from 'prom-client';
import { registerDevice } from '../src/core/auth/device.service.js';
import { loadConfig } from '../src/core/config.js';
import type { Core } from '../src/core/context.js';
import { toJsonText } from '../src/core/json-column.js';
import { findLastEvent } from '../src/core/journal.repository.js';
import { createLogger } from '../src/core/logger.js';
import { EmbeddedMqttHub } from '../src/core/mqtt/embedded-hub.js';
import { createTestDatabase } from '../src/core/testing.js';
import { openCore } from '../src/server/open-core.js';
import { countAlarms } from '../src/cameras/alarm.repository.js';
import { cameraIngest } from '../src/cameras/camera-ingest.js';
import { heartbeatTopic, startCameraIngest } from '../src/cameras/camera-ingest.mqtt.js';
import { insertCameraRow } from '../src/cameras/camera.repository.js';
import { createHotlist } from '../src/cameras/hotlist.service.js';
import { answerMarks, startBenchChild, type BenchChild } from './bench-child.js';

const CAMERAS = Number(process.env.BENCH_CAMERAS ?? 1_000);
const EVENTS_PER_S = Number(process.env.BENCH_EVENTS_PER_S ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const NVRS = 4;
const HEARTBEAT_EVERY_S = 10;
const WARMUP_MS = 2_000;
const FLAT_OUT_MS = 3_000;
const HOTLIST_PLATES = 50;

const cameraId = (i: number) => `CAM-${String(i).padStart(5, '0')}`;
const cameraName = (i: number) => `bench_cam_${i}`;
const nvrName = (n: number) => `nvr-${n}`;
/** Plates `12345A6`-style; the first HOTLIST_PLATES are wanted. */
const plate = (k: number) => `${String(10_000 + (k % 89_999)).padStart(5, '0')}A${(k % 9) + 1}`;

/** A `frigate/events` message as Frigate documents it. */
function frigateEvent(type: 'new' | 'update' | 'end', id: string, camera: string, label: string, startS: number, nowS: number, plateText: string | null): string {
  const after = {
    id,
    camera,
    frame_time: nowS,
    snapshot_time: nowS,
    label,
    sub_label: null,
    top_score: 0.91,
    false_positive: false,
    start_time: startS,
    end_time: type === 'end' ? nowS : null,
    score: 0.84,
    box: [424, 500, 536, 712],
    area: 23744,
    ratio: 2.11,
    region: [264, 450, 667, 853],
    current_zones: ['street'],
    entered_zones: ['street'],
    thumbnail: null,
    has_snapshot: true,
    has_clip: type === 'end',
    active: true,
    stationary: false,
    motionless_count: 0,
    position_changes: 1,
    attributes: {},
    current_attributes: [],
    ...(plateText === null ? {} : { recognized_license_plate: plateText, recognized_license_plate_score: 0.9 }),
  };
  return JSON.stringify({ type, before: after, after });
}

/**
 * Child process: NVRS heartbeat clients and one Frigate client. `rate` events a second, or as fast as
 * the broker acknowledges them (`flat`: at most 200 unacknowledged).
 */
async function runPublishers(url: string, mode: 'paced' | 'flat', tokens: string[]): Promise<void> {
  const [frigateToken, ...nvrTokens] = tokens as [string, ...string[]];
  const frigate = await connectAsync(url, { username: 'frigate-bench', password: frigateToken, reconnectPeriod: 0 });
  const nvrs = await Promise.all(nvrTokens.map((token, n) => connectAsync(url, { username: nvrName(n), password: token, reconnectPeriod: 0 })));
  let events = 0;
  let heartbeats = 0;
  answerMarks(() => ({ events, heartbeats }));

  // Heartbeats: every camera once at once, then each NVR cycles through its cameras every 10 s.
  const beat = (nvr: MqttClient, i: number) => {
    heartbeats += 1;
    nvr.publish(heartbeatTopic(cameraId(i)), `{"at":"${new Date().toISOString()}"}`, { qos: 1 });
  };
  nvrs.forEach((nvr, n) => {
    const mine: number[] = [];
    for (let i = n; i < CAMERAS; i += NVRS) mine.push(i);
    for (const i of mine) beat(nvr, i);
    let next = 0;
    const every = (HEARTBEAT_EVERY_S * 1_000) / mine.length;
    const started = performance.now();
    let sent = 0;
    setInterval(() => {
      const due = Math.floor((performance.now() - started) / every);
      for (; sent < due; sent += 1) {
        beat(nvr, mine[next]!);
        next = (next + 1) % mine.length;
      }
    }, 10);
  });

  // Tracked objects: each new, three updates and end, 200 ms apart.
  let objects = 0;
  const schedule: { dueMs: number; payload: () => string }[] = [];
  const startObject = (atMs: number) => {
    const k = objects++;
    const i = (k * 7919) % CAMERAS;
    const kind = k % 10;
    const label = kind < 3 ? 'person' : kind < 9 ? 'car' : 'dog';
    const plateText = label === 'car' && k % 10 === 3 ? plate(k % 40 === 3 ? Math.floor(k / 40) % HOTLIST_PLATES : HOTLIST_PLATES + k) : null;
    const id = `${(Date.now() / 1_000).toFixed(6)}-${mode}${k.toString(36)}`;
    const startS = Date.now() / 1_000;
    const steps = ['new', 'update', 'update', 'update', 'end'] as const;
    steps.forEach((type, step) => {
      schedule.push({ dueMs: atMs + step * 200, payload: () => frigateEvent(type, id, cameraName(i), label, startS, Date.now() / 1_000, step >= 2 ? plateText : null) });
    });
  };
  const publish = (payload: string, done?: () => void) => {
    events += 1;
    frigate.publish('frigate/events', payload, { qos: 1 }, done);
  };
  if (mode === 'paced') {
    const started = performance.now();
    let created = 0;
    setInterval(() => {
      const now = performance.now();
      // Objects started so far at EVENTS_PER_S / 5 a second.
      for (const due = Math.floor(((now - started) / 1_000) * (EVENTS_PER_S / 5)); created < due; created += 1) startObject(started + (created * 5_000) / EVENTS_PER_S);
      schedule.sort((a, b) => a.dueMs - b.dueMs);
      while (schedule.length > 0 && schedule[0]!.dueMs <= now) publish(schedule.shift()!.payload());
    }, 10);
  } else {
    let inFlight = 0;
    const refill = () => {
      while (inFlight < 200) {
        if (schedule.length === 0) startObject(performance.now());
        inFlight += 1;
        publish(schedule.shift()!.payload(), () => {
          inFlight -= 1;
          if (inFlight <= 100) refill();
        });
      }
    };
    refill();
  }
}

interface Mark {
  readonly events: number;
  readonly heartbeats: number;
}

function startPublishers(url: string, mode: 'paced' | 'flat', tokens: string[]): Promise<BenchChild<Mark>> {
  return startBenchChild<Mark>(import.meta.filename, ['publishers', url, mode, ...tokens]);
}

async function counterValues(core: Core, name: string): Promise<Record<string, number>> {
  const counter = core.metrics.registry.getSingleMetric(name) as client.Counter<string>;
  const out: Record<string, number> = {};
  for (const value of (await counter.get()).values) {
    const key = Object.values(value.labels).join('/');
    out[key] = (out[key] ?? 0) + value.value;
  }
  return out;
}

async function snapshot(core: Core) {
  const events = await counterValues(core, 'amane_camera_events_total');
  const alarms = Object.values(await counterValues(core, 'amane_camera_alarms_total')).reduce((a, b) => a + b, 0);
  const saves = (core.metrics.registry.getSingleMetric('amane_camera_alarm_save_seconds') as client.Histogram).get();
  const { values } = await saves;
  const sum = values.find((v) => v.metricName === 'amane_camera_alarm_save_seconds_sum')?.value ?? 0;
  const count = values.find((v) => v.metricName === 'amane_camera_alarm_save_seconds_count')?.value ?? 0;
  return { at: performance.now(), events, alarms, journal: (await findLastEvent(core.db)).seq, saveSum: sum, saveCount: count, cpu: process.cpuUsage() };
}

/** What the camera ingest measured: its ceiling, and how much of the city's load it accepted. */
export interface IngestFigures {
  /** Frigate events accepted per second flat out. */
  readonly ceilingPerS: number;
  /** The ceiling over the Frigate events offered per second in the paced phase. */
  readonly headroom: number;
  /** Reports (events and heartbeats) accepted over those offered, in the paced phase. */
  readonly acceptedRatio: number;
  /** Reports accepted over those offered, flat out. */
  readonly flatAcceptedRatio: number;
}

/** The camera ingest under the load above, then flat out. */
export async function measureIngest(): Promise<IngestFigures> {
  const database = await createTestDatabase();
  const config = loadConfig({ AMANE_DATABASE_URL: database.url, AMANE_LOG_LEVEL: 'warn', AMANE_MQTT_PORT: '0' });
  const base = await openCore(config, { log: createLogger(config), collectDefaultMetrics: false, ...(database.schema === undefined ? {} : { schema: database.schema }) });
  const hub = new EmbeddedMqttHub(base, { host: '127.0.0.1', port: 0 });
  const core: Core = { ...base, mqtt: hub };
  try {
    const at = new Date().toISOString();
    await core.db.transaction().execute(async (trx) => {
      for (let i = 0; i < CAMERAS; i += 1) {
        await insertCameraRow(trx, {
          id: cameraId(i),
          name: cameraName(i),
          lat: 33.5 + (i % 40) * 0.003,
          lon: -7.7 + Math.floor(i / 40) * 0.003,
          height_m: 6,
          credentials: null,
          heading_deg: (i * 37) % 360,
          fov_deg: 60,
          range_m: 150,
          ptz: i % 4 === 0 ? 1 : 0,
          presets: toJsonText([]),
          stream_main: null,
          stream_sub: null,
          stream_hls: null,
          stream_webrtc: null,
          snapshot_url: null,
          onvif_url: null,
          device: null,
          district: `D${i % 16}`,
          owner: null,
          status: 'unknown',
          last_seen_at: null,
          created_at: at,
          updated_at: at,
        });
      }
    });
    const tokens = [(await registerDevice(core, 'system:bench', { name: 'frigate-bench', kind: 'recorder' })).token];
    for (let n = 0; n < NVRS; n += 1) tokens.push((await registerDevice(core, 'system:bench', { name: nvrName(n), kind: 'recorder' })).token);
    await createHotlist(core, 'system:bench', {
      name: 'Bench stolen vehicles',
      reason: 'stolen_vehicle',
      priority: 'P2',
      entries: Array.from({ length: HOTLIST_PLATES }, (_, k) => ({ plate: plate(k) })),
    });
    const ingest = cameraIngest(core);
    await startCameraIngest(core);
    ingest.start();
    await hub.start();

    // Paced: the city's load.
    const publishers = await startPublishers(hub.url!, 'paced', tokens);
    // Warm-up: every camera online (one command for all their transitions) before measuring.
    const warmupEnds = performance.now() + 30_000;
    while (ingest.monitor.snapshot({ status: 'online' }).length < CAMERAS && performance.now() < warmupEnds) await new Promise((resolve) => setTimeout(resolve, 100));
    await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
    const first = { server: await snapshot(core), publishers: await publishers.mark() };
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1_000));
    const last = { server: await snapshot(core), publishers: await publishers.mark() };
    await publishers.stop();
    const seconds = (last.server.at - first.server.at) / 1_000;
    const rate = (key: string) => ((last.server.events[key] ?? 0) - (first.server.events[key] ?? 0)) / seconds;
    const eventsPerS = rate('frigate/accepted');
    const heartbeatsPerS = rate('heartbeat/accepted');
    const alarmsPerS = (last.server.alarms - first.server.alarms) / seconds;
    const offeredEvents = (last.publishers.events - first.publishers.events) / seconds;
    const offeredBeats = (last.publishers.heartbeats - first.publishers.heartbeats) / seconds;
    const journalPerS = (last.server.journal - first.server.journal) / seconds;
    const serverCpu = (last.server.cpu.user - first.server.cpu.user + last.server.cpu.system - first.server.cpu.system) / 1e6 / seconds;
    const saves = last.server.saveCount - first.server.saveCount;
    const saveMs = saves === 0 ? 0 : ((last.server.saveSum - first.server.saveSum) / saves) * 1_000;
    const refused = Object.entries(last.server.events).filter(([key, n]) => !key.endsWith('/accepted') && n > 0);
    const acceptedRatio = (eventsPerS + heartbeatsPerS) / (offeredEvents + offeredBeats);

    await ingest.desk.flush();
    const stored = await countAlarms(core.db);
    const online = ingest.monitor.snapshot({ status: 'online' }).length;
    console.log(`${CAMERAS} cameras on ${NVRS} NVRs heartbeating every ${HEARTBEAT_EVERY_S} s, ${EVENTS_PER_S} Frigate events/s offered, ${SECONDS} s measured on ${config.database.kind}`);
    console.log(`  accepted/offered: ${acceptedRatio.toFixed(3)} of the reports (events ${(eventsPerS / offeredEvents).toFixed(3)}, heartbeats ${(heartbeatsPerS / offeredBeats).toFixed(3)}); ${online} of ${CAMERAS} cameras online`);
    console.log(`  per report: ${(alarmsPerS / (offeredEvents + offeredBeats)).toFixed(4)} alarms raised (${stored} stored in all, plate hits included), ${(journalPerS / (offeredEvents + offeredBeats)).toFixed(4)} journal events`);
    console.log(`  alarm saves: ${(saves / seconds).toFixed(1)}/s, ${saveMs.toFixed(1)} ms each on average; server CPU ${serverCpu.toFixed(2)} cores; publishers ${((last.publishers.cpuMs - first.publishers.cpuMs) / 1_000 / seconds).toFixed(2)} cores`);
    if (refused.length > 0) console.log(`  not accepted (ignored: a heartbeat no newer than the last; anything else is a fault): ${refused.map(([key, n]) => `${key}=${n}`).join(' ')}`);

    // Flat out: the ceiling.
    const flat = await startPublishers(hub.url!, 'flat', tokens);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const a = { server: await snapshot(core), publishers: await flat.mark() };
    await new Promise((resolve) => setTimeout(resolve, FLAT_OUT_MS));
    const b = { server: await snapshot(core), publishers: await flat.mark() };
    await flat.stop();
    const flatSeconds = (b.server.at - a.server.at) / 1_000;
    const flatRate = (key: string) => ((b.server.events[key] ?? 0) - (a.server.events[key] ?? 0)) / flatSeconds;
    const ceilingPerS = flatRate('frigate/accepted');
    const flatOffered = (b.publishers.events - a.publishers.events + b.publishers.heartbeats - a.publishers.heartbeats) / flatSeconds;
    const flatAcceptedRatio = (ceilingPerS + flatRate('heartbeat/accepted')) / flatOffered;
    const flatCpu = (b.server.cpu.user - a.server.cpu.user + b.server.cpu.system - a.server.cpu.system) / 1e6 / flatSeconds;
    const headroom = ceilingPerS / offeredEvents;
    console.log(
      `  flat out (ceiling): ${ceilingPerS.toFixed(0)} events/s accepted, ${headroom.toFixed(1)}x the events offered above; accepted/offered ${flatAcceptedRatio.toFixed(3)}; ` +
        `alarms ${((b.server.alarms - a.server.alarms) / flatSeconds).toFixed(0)}/s, journal ${((b.server.journal - a.server.journal) / flatSeconds).toFixed(0)} events/s, server CPU ${flatCpu.toFixed(2)} cores; publishers ${((b.publishers.cpuMs - a.publishers.cpuMs) / 1_000 / flatSeconds).toFixed(2)} cores`,
    );

    await ingest.stop();
    return { ceilingPerS, headroom, acceptedRatio, flatAcceptedRatio };
  } finally {
    await hub.close();
    await core.db.destroy();
    await database.drop();
  }
}

const direct = process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename;
if (direct && process.argv[2] === 'publishers') {
  await runPublishers(process.argv[3]!, process.argv[4] as 'paced' | 'flat', process.argv.slice(5));
} else if (direct) {
  const figures = await measureIngest();
  console.log(
    `RESULT cameras-ingest ceiling_events_per_s=${figures.ceilingPerS.toFixed(0)} headroom=${figures.headroom.toFixed(1)} accepted_ratio=${figures.acceptedRatio.toFixed(3)} flat_accepted_ratio=${figures.flatAcceptedRatio.toFixed(3)}`,
  );
}
