import { connectAsync, type MqttClient } from 'mqtt';
import { ArrivalProcess } from './call-arrivals.js';
import { demoHotPlates } from './demo-cameras.js';
import type { SimClient } from './sim-http.js';
import { chance, exponential, logNormal, pickWeighted, randomStream, uniform, type Random } from './sim-random.js';
import type { SimWorld, SimulatedActor } from './sim.js';

/** A camera as the recorder knows it: the registry's id, and the name the video analytics use. */
export interface SimCamera {
  readonly id: string;
  readonly name: string;
}

/** Every camera's heartbeat, twice within the centre's default offline delay (60 s). */
const HEARTBEAT_MS = 30_000;
/** A camera fails about once in 20 days and is back after about 40 minutes (median). */
const MEAN_TIME_TO_FAILURE_MS = 20 * 86_400_000;
const MEDIAN_OUTAGE_MS = 40 * 60_000;
/** Of the cameras, this share are down for the whole run (a broken pole, a cut fibre). */
const LONG_DOWN_SHARE = 0.02;

/**
 * What the video analytics see in a day across the city's cameras, and how often: vehicles (a share
 * with a plate read), people in watched zones (medium: an alarm), and now and then smoke, fire or
 * breaking glass (high). Plate reads of the demo hotlist make plate alarms.
 */
const DETECTIONS: readonly (readonly [Detection, number])[] = [
  ['car', 300],
  ['person', 60],
  ['motorcycle', 40],
  ['smoke', 2],
  ['fire', 1],
  ['glass', 2],
];
type Detection = 'car' | 'person' | 'motorcycle' | 'smoke' | 'fire' | 'glass';
const DETECTIONS_PER_DAY = DETECTIONS.reduce((sum, [, n]) => sum + n, 0);
/** Of the vehicles seen, the share whose plate is read, and the share of those on a hotlist. */
const PLATE_READ_SHARE = 0.5;
const HOTLIST_SHARE = 0.03;
/** ONVIF tamper events (someone turns or covers a camera) posted over HTTP, a day. */
const TAMPERS_PER_DAY = 2;

/**
 * The city's camera network as the centre hears it: a recorder (a device of kind `recorder`, like a
 * Frigate NVR) publishes each working camera's heartbeat and Frigate's tracked-object events on the
 * centre's MQTT broker, and forwards ONVIF tamper events over `POST /cameras/events`. Cameras fail now
 * and then and come back; a few are down all along. In accelerated runs the heartbeats go as one HTTP
 * batch (`POST /cameras/heartbeats`) per round, which the centre reads the same way.
 */
export class CameraNetwork implements SimulatedActor {
  readonly name = 'cameras';
  private world!: SimWorld;
  private mqtt: MqttClient | undefined;
  private prefix: string | undefined;
  private readonly downUntil = new Map<string, number>();
  private detections!: ArrivalProcess;
  private tampers!: ArrivalProcess;
  private seen = 0;

  constructor(
    private readonly recorder: { readonly name: string; readonly token: string; readonly client: SimClient },
    private readonly cameras: readonly SimCamera[],
    private readonly options: { readonly burst: boolean },
  ) {}

  async start(world: SimWorld): Promise<void> {
    this.world = world;
    this.prefix = world.centre.core.config.frigateInstances[0]?.prefix;
    if (world.centre.mqttUrl !== undefined) {
      this.mqtt = await connectAsync(world.centre.mqttUrl, {
        username: this.recorder.name,
        password: this.recorder.token,
        clientId: this.recorder.name,
        clean: true,
        reconnectPeriod: 1_000,
        connectTimeout: 10_000,
      });
    }
    const now = world.scheduler.now();
    const random = randomStream(world.seed, 'cameras');
    for (const camera of this.cameras) {
      if (chance(random, LONG_DOWN_SHARE)) this.downUntil.set(camera.id, Number.POSITIVE_INFINITY);
      else this.scheduleFailure(camera, now, randomStream(world.seed, 'camera', camera.id));
    }
    this.detections = new ArrivalProcess(randomStream(world.seed, 'detections'), this.cameras.length === 0 ? 0 : DETECTIONS_PER_DAY);
    this.tampers = new ArrivalProcess(randomStream(world.seed, 'tampers'), this.cameras.length === 0 ? 0 : TAMPERS_PER_DAY);
    world.scheduler.at(now + 1_000, 'camera heartbeats', () => this.heartbeats());
    if (this.options.burst && this.cameras.length > 0) {
      // The demo's first minute shows a person in a watched zone and a stolen car passing a camera.
      world.scheduler.at(now + 12_000, 'camera detection', () => this.detect('person'));
      world.scheduler.at(now + 30_000, 'camera detection', () => this.detect('car', demoHotPlates[0]));
    }
    this.scheduleNext(this.detections, now, () => this.detect());
    this.scheduleNext(this.tampers, now, () => this.tamper());
  }

  async stop(): Promise<void> {
    await this.mqtt?.endAsync();
  }

  private up(camera: SimCamera, now: number): boolean {
    const until = this.downUntil.get(camera.id);
    return until === undefined || until <= now;
  }

  private scheduleFailure(camera: SimCamera, after: number, random: Random): void {
    const at = after + exponential(random, MEAN_TIME_TO_FAILURE_MS);
    this.world.scheduler.at(at, 'camera fails', () => {
      const back = at + logNormal(random, MEDIAN_OUTAGE_MS, 0.8);
      this.downUntil.set(camera.id, back);
      this.scheduleFailure(camera, back, random);
    });
  }

  private scheduleNext(process: ArrivalProcess, after: number, run: () => Promise<void>): void {
    const at = process.next(after);
    if (!Number.isFinite(at)) return;
    this.world.scheduler.at(at, 'camera event', async () => {
      this.scheduleNext(process, at, run);
      await run();
    });
  }

  private async heartbeats(): Promise<void> {
    const now = this.world.scheduler.now();
    this.world.scheduler.after(HEARTBEAT_MS, 'camera heartbeats', () => this.heartbeats());
    const alive = this.cameras.filter((camera) => this.up(camera, now));
    if (alive.length === 0) return;
    if (this.mqtt !== undefined && !this.world.manualClock) {
      const payload = JSON.stringify({ at: now });
      await Promise.all(alive.map((camera) => this.mqtt!.publishAsync(`amane/cameras/${camera.id}/heartbeat`, payload, { qos: 1 })));
    } else {
      await this.recorder.client.post('/cameras/heartbeats', { beats: alive.map((camera) => ({ camera: camera.id, at: now })) });
    }
  }

  /** Frigate tracks an object on a working camera: `new` now, `end` when it leaves the picture. */
  private async detect(label?: Detection, plate?: string): Promise<void> {
    if (this.mqtt === undefined || this.prefix === undefined) return;
    const index = (this.seen += 1);
    const random = randomStream(this.world.seed, 'detection', index);
    const now = this.world.scheduler.now();
    const what = label ?? pickWeighted(random, DETECTIONS);
    const alive = this.cameras.filter((camera) => this.up(camera, now));
    const camera = alive[Math.floor(random() * alive.length)];
    if (camera === undefined) return;
    const vehicle = what === 'car' || what === 'motorcycle';
    const read = plate ?? (vehicle && chance(random, PLATE_READ_SHARE) ? drawPlate(random) : null);
    const score = Math.round(uniform(random, 0.72, 0.96) * 100) / 100;
    const object = {
      id: `${(now / 1_000).toFixed(6)}-${this.world.runTag}-${index}`,
      camera: camera.name,
      label: what,
      sub_label: null,
      score,
      top_score: score,
      start_time: now / 1_000,
      end_time: null as number | null,
      frame_time: now / 1_000,
      current_zones: what === 'person' ? ['watched'] : [],
      entered_zones: what === 'person' ? ['watched'] : [],
      has_snapshot: true,
      has_clip: false,
      false_positive: false,
      recognized_license_plate: read,
      recognized_license_plate_score: read === null ? null : Math.round(uniform(random, 0.8, 0.97) * 100) / 100,
    };
    await this.mqtt.publishAsync(`${this.prefix}/events`, JSON.stringify({ type: 'new', before: object, after: object }), { qos: 1 });
    const leavesMs = uniform(random, 5_000, vehicle ? 20_000 : 90_000);
    this.world.scheduler.after(leavesMs, 'camera detection ends', async () => {
      const end = this.world.scheduler.now() / 1_000;
      const after = { ...object, end_time: end, frame_time: end };
      await this.mqtt?.publishAsync(`${this.prefix}/events`, JSON.stringify({ type: 'end', before: object, after }), { qos: 1 });
    });
  }

  /** A camera's own analytics see its scene change (turned, covered): an ONVIF event over HTTP, and back. */
  private async tamper(): Promise<void> {
    const random = randomStream(this.world.seed, 'tamper', (this.seen += 1));
    const now = this.world.scheduler.now();
    const alive = this.cameras.filter((c) => this.up(c, now));
    const camera = alive[Math.floor(random() * alive.length)];
    if (camera === undefined) return;
    const event = (state: boolean, at: number) => ({
      camera: camera.id,
      topic: 'tns1:VideoSource/GlobalSceneChange/ImagingService',
      utcTime: new Date(at).toISOString(),
      propertyOperation: 'Changed',
      source: { VideoSourceToken: 'VideoSource_1' },
      data: { State: state ? 'true' : 'false' },
    });
    await this.recorder.client.post('/cameras/events', { events: [event(true, now)] });
    this.world.scheduler.after(uniform(random, 60_000, 600_000), 'camera scene back', async () => {
      await this.recorder.client.post('/cameras/events', { events: [event(false, this.world.scheduler.now())] });
    });
  }
}

/** A plate on the demo hotlist now and then, else a random Moroccan plate (number, series letter, prefecture). */
function drawPlate(random: Random): string {
  if (chance(random, HOTLIST_SHARE)) return demoHotPlates[Math.floor(random() * demoHotPlates.length)]!;
  return `${Math.floor(uniform(random, 1, 99_999))}-${'ABDHW'[Math.floor(random() * 5)]}-${Math.floor(uniform(random, 1, 90))}`;
}
