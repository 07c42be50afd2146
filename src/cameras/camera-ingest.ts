import { listDevices } from '../core/auth/device.service.js';
import type { Core } from '../core/context.js';
import { DomainError, type FieldProblem } from '../core/errors.js';
import type { MqttMessage } from '../core/mqtt/mqtt-hub.js';
import { StateKey } from '../core/module-state.js';
import { RateLimit } from '../core/rate-limit.js';
import { cameraMetrics, type CameraMetrics } from './alarm.metrics.js';
import { alarmDesk, type AlarmDesk, type FrigateInstance } from './alarm.service.js';
import {
  EventResult,
  EventSource,
  MAX_CLOCK_AHEAD_MS,
  frigateTopic,
  heartbeatTime,
  parseJson,
  readFrigateEvent,
  readFrigateReview,
  readFrigateStats,
  readFrigateWord,
  readHeartbeat,
  readOnvifEvent,
  readTrackedObjectUpdate,
  type OnvifEvent,
  type Read,
} from './camera-events.js';
import { cameraHealthMonitor, type CameraHealthMonitor, type MonitoredCamera } from './camera-health.service.js';
import type { HeartbeatBatch } from './camera-health.js';
import { hotlistIndex, type HotlistIndex } from './hotlist.service.js';

/**
 * Who sent a report: a device (its token named it), or a channel that vouches for it (an external
 * broker authenticated the device and checked the topic against its own ACL).
 */
export type Reporter = { readonly kind: 'device'; readonly name: string } | { readonly kind: 'trusted' };

/** What became of the reports of an HTTP batch that were not used. */
export interface BatchOutcome {
  readonly accepted: number;
  readonly ignored: { index: number; reason: string }[];
  readonly dropped: { index: number; camera: string; reason: 'unknown_camera' | 'not_allowed' | 'rate_limited' }[];
}

/** `amane` for heartbeats on Amane's own topic and HTTP route; Frigate's topic prefix otherwise. */
export const AMANE_VIA = 'amane';
const WARN_EVERY_MS = 10_000;

/**
 * Where every report from cameras and analytics comes in, over MQTT (camera-ingest.mqtt.ts) or HTTP
 * (camera-ingest.routes.ts): read by the pure rules of camera-events.ts, checked against the registry
 * (known camera, a device allowed to report for it), counted in `amane_camera_events_total{source,
 * result}`, and handed to the health monitor and the alarm desk. A refused report is logged at warn with
 * its reason (at most once per 10 s per source and result, with how many more were refused meanwhile)
 * and the next one is taken as if nothing happened. Nothing here touches the database per report.
 */
export class CameraIngest {
  readonly monitor: CameraHealthMonitor;
  readonly desk: AlarmDesk;
  readonly hotlists: HotlistIndex;
  private readonly metrics: CameraMetrics;
  private readonly reports: RateLimit;
  /** Devices registered as recorders (Frigate, an NVR): they may report for any camera. */
  private readonly recorders = new Set<string>();
  private loading: Promise<void> | undefined;
  private readonly warned = new Map<string, { atMs: number; suppressed: number }>();
  private readonly stopListening: () => void;

  constructor(private readonly core: Core) {
    this.monitor = cameraHealthMonitor(core);
    this.desk = alarmDesk(core);
    this.hotlists = hotlistIndex(core);
    this.metrics = cameraMetrics(core.metrics);
    this.reports = new RateLimit(core.config.cameraReportsPerMinute, core.clock, 'reports for this camera from this device');
    this.stopListening = core.bus.subscribe((events) => {
      for (const event of events) {
        if (!event.stream.startsWith('device/')) continue;
        const name = event.stream.slice('device/'.length);
        if (event.type === 'device.registered' && event.data.kind === 'recorder') this.recorders.add(name);
        if (event.type === 'device.revoked') this.recorders.delete(name);
      }
    });
  }

  /** Reads the registry, the hotlists and the recorders once; reports wait for it. */
  ready(): Promise<void> {
    this.loading ??= Promise.all([
      this.monitor.ready(),
      this.hotlists.ready(),
      listDevices(this.core.db).then((devices) => {
        for (const device of devices) if (device.kind === 'recorder' && device.revokedAt === null) this.recorders.add(device.name);
      }),
    ]).then(() => undefined);
    return this.loading;
  }

  /** Starts the health sweep and the alarm saves. */
  start(): void {
    this.monitor.start();
    this.desk.start();
  }

  async stop(): Promise<void> {
    this.stopListening();
    await this.desk.stop();
    await this.monitor.stop();
    this.hotlists.stop();
  }

  isRecorder(device: string): boolean {
    return this.recorders.has(device);
  }

  /** Whether a device may report for a camera: the camera's own controller, or a recorder. */
  mayReport(reporter: Reporter, camera: MonitoredCamera): boolean {
    return reporter.kind === 'trusted' || camera.device === reporter.name || this.recorders.has(reporter.name);
  }

  /**
   * Whether a device's report for a camera is beyond its minute's allowance (dropped and counted): one
   * device cannot flood the alarm desk and the log. The broker itself (an external broker's own client) is
   * trusted and not counted.
   */
  private overLimit(reporter: Reporter, cameraId: string): boolean {
    return reporter.kind === 'device' && this.reports.tryTake(`${reporter.name}\n${cameraId}`) !== 0;
  }

  /** The MQTT rule's question, which has only the topic: a camera id. */
  mayReportFor(device: string, cameraId: string): boolean {
    if (this.recorders.has(device)) return true;
    const camera = this.monitor.find(cameraId);
    return camera !== undefined && camera.device === device;
  }

  /** `amane/cameras/{id}/heartbeat`: empty, or `{"at": ...}`. */
  heartbeatMessage(cameraId: string, message: MqttMessage): EventResult {
    const now = this.core.clock.now().getTime();
    const context = { topic: message.topic, device: message.device?.name };
    const camera = this.monitor.find(cameraId);
    if (camera === undefined) return this.count(EventSource.heartbeat, EventResult.unknownCamera, `no camera has id ${cameraId}`, context);
    if (!this.mayReport(reporterOf(message), camera)) return this.count(EventSource.heartbeat, EventResult.notAllowed, `device ${message.device?.name} does not report for ${cameraId}`, context);
    if (this.overLimit(reporterOf(message), cameraId)) return this.count(EventSource.heartbeat, EventResult.rateLimited, `more than ${this.core.config.cameraReportsPerMinute} reports a minute for ${cameraId}`, context);
    const read = readHeartbeat(message.payload, now);
    if ('invalid' in read) return this.count(EventSource.heartbeat, EventResult.invalid, read.invalid, context);
    if ('ignored' in read) return this.count(EventSource.heartbeat, EventResult.ignored, read.ignored, context);
    const fresh = this.monitor.beat(camera, read.ok, AMANE_VIA);
    return this.count(EventSource.heartbeat, fresh ? EventResult.accepted : EventResult.ignored, 'older than the newest heartbeat', context);
  }

  /**
   * `POST /cameras/heartbeats`: a malformed beat refuses the batch (400, counted by the route as one
   * invalid report); an unknown camera or one the device may not report for is dropped.
   */
  heartbeats(reporter: Reporter, body: HeartbeatBatch): BatchOutcome {
    const now = this.core.clock.now().getTime();
    const problems: FieldProblem[] = [];
    const times = body.beats.map((beat, index) => {
      const read = heartbeatTime(beat.at, now);
      if ('invalid' in read) problems.push({ field: `beats.${index}.at`, message: read.invalid.replace(/^at: /, '') });
      return 'ok' in read ? read.ok : 0;
    });
    if (problems.length > 0) throw refusal(problems);
    let accepted = 0;
    const outcome: Omit<BatchOutcome, 'accepted'> = { ignored: [], dropped: [] };
    body.beats.forEach((beat, index) => {
      const camera = this.monitor.find(beat.camera);
      if (camera === undefined) {
        outcome.dropped.push({ index, camera: beat.camera, reason: EventResult.unknownCamera });
        this.count(EventSource.heartbeat, EventResult.unknownCamera, `no camera has id ${beat.camera}`, {});
      } else if (!this.mayReport(reporter, camera)) {
        outcome.dropped.push({ index, camera: beat.camera, reason: EventResult.notAllowed });
        this.count(EventSource.heartbeat, EventResult.notAllowed, `this device does not report for ${beat.camera}`, {});
      } else if (this.overLimit(reporter, beat.camera)) {
        outcome.dropped.push({ index, camera: beat.camera, reason: EventResult.rateLimited });
        this.count(EventSource.heartbeat, EventResult.rateLimited, `more than ${this.core.config.cameraReportsPerMinute} reports a minute for ${beat.camera}`, {});
      } else if (this.monitor.beat(camera, times[index]!, AMANE_VIA)) {
        accepted += 1;
        this.count(EventSource.heartbeat, EventResult.accepted);
      } else {
        outcome.ignored.push({ index, reason: 'older than the newest heartbeat' });
        this.count(EventSource.heartbeat, EventResult.ignored);
      }
    });
    return { accepted, ...outcome };
  }

  /**
   * `POST /cameras/events`: ONVIF events. A malformed event refuses the batch (400, each named, counted
   * by the route as one invalid report); an unknown camera or one the device may not report for is
   * dropped; a topic Amane does not act on is ignored. Answers once the alarms are stored.
   */
  async onvifEvents(reporter: Reporter, events: readonly OnvifEvent[]): Promise<BatchOutcome> {
    const now = this.core.clock.now().getTime();
    const reads = events.map((event) => readOnvifEvent(event, now));
    const problems: FieldProblem[] = [];
    reads.forEach((read, index) => {
      if (!('invalid' in read)) return;
      const [field, ...message] = read.invalid.split(': ');
      problems.push({ field: `events.${index}.${field}`, message: message.join(': ') });
    });
    if (problems.length > 0) throw refusal(problems);
    let accepted = 0;
    const outcome: Omit<BatchOutcome, 'accepted'> = { ignored: [], dropped: [] };
    reads.forEach((read, index) => {
      const cameraId = events[index]!.camera;
      const camera = this.monitor.find(cameraId);
      if (camera === undefined) {
        outcome.dropped.push({ index, camera: cameraId, reason: EventResult.unknownCamera });
        this.count(EventSource.onvif, EventResult.unknownCamera, `no camera has id ${cameraId}`, {});
      } else if (!this.mayReport(reporter, camera)) {
        outcome.dropped.push({ index, camera: cameraId, reason: EventResult.notAllowed });
        this.count(EventSource.onvif, EventResult.notAllowed, `this device does not report for ${cameraId}`, {});
      } else if (this.overLimit(reporter, cameraId)) {
        outcome.dropped.push({ index, camera: cameraId, reason: EventResult.rateLimited });
        this.count(EventSource.onvif, EventResult.rateLimited, `more than ${this.core.config.cameraReportsPerMinute} reports a minute for ${cameraId}`, {});
      } else if ('ignored' in read) {
        outcome.ignored.push({ index, reason: read.ignored });
        this.count(EventSource.onvif, EventResult.ignored);
      } else if ('ok' in read) {
        this.desk.observe(read.ok, camera);
        // An event is a sign of life too.
        this.monitor.beat(camera, Math.min(read.ok.atMs, now), AMANE_VIA);
        accepted += 1;
        this.count(EventSource.onvif, EventResult.accepted);
      }
    });
    await this.desk.flush();
    return { accepted, ...outcome };
  }

  /** Any message under a Frigate instance's topic prefix. */
  frigateMessage(instance: FrigateInstance, message: MqttMessage): EventResult {
    const topic = frigateTopic(instance.prefix, message.topic);
    const now = this.core.clock.now().getTime();
    const context = { topic: message.topic };
    const payload = () => message.payload.toString('utf8');
    const invalid = (reason: string) => this.count(EventSource.frigate, EventResult.invalid, reason, context);
    const unknown = (name: string) => this.count(EventSource.frigate, EventResult.unknownCamera, `Frigate names camera "${name}", which the registry does not have`, context);
    const alive = (camera: MonitoredCamera) => this.monitor.beat(camera, now, instance.prefix);
    switch (topic.kind) {
      case 'events':
        return this.frigateReport(message.payload, readFrigateEvent, (event, camera) => this.desk.observe(event, camera, instance), instance, context, now);
      case 'reviews':
        return this.frigateReport(message.payload, readFrigateReview, (review, camera) => this.desk.review(review, camera, instance), instance, context, now);
      case 'tracked_object_update':
        return this.frigateReport(message.payload, readTrackedObjectUpdate, (read, camera) => this.desk.plateRead(read, camera, instance), instance, context, now);
      case 'stats': {
        const json = parseJson(message.payload);
        const read = json === undefined ? { invalid: 'not JSON' } : readFrigateStats(json);
        if ('invalid' in read) return invalid(read.invalid);
        if ('ignored' in read) return this.count(EventSource.frigate, EventResult.ignored);
        for (const name of read.ok.live) {
          const camera = this.monitor.findByName(name);
          if (camera !== undefined) alive(camera);
        }
        return this.count(EventSource.frigate, EventResult.accepted);
      }
      case 'available': {
        const word = readFrigateWord(payload());
        if (word !== 'online' && word !== 'offline') return invalid('must be online or offline');
        if (word === 'offline') {
          const cameras = this.monitor.recorderOffline(instance.prefix);
          this.core.log.warn({ prefix: instance.prefix, cameras }, 'Frigate says it stopped; the cameras only it reported for go offline');
        }
        return this.count(EventSource.frigate, EventResult.accepted);
      }
      case 'camera_status':
      case 'motion': {
        const word = readFrigateWord(payload());
        if (word === undefined) return invalid(topic.kind === 'motion' ? 'must be ON or OFF' : 'must be online, offline or disabled');
        const camera = this.monitor.findByName(topic.camera);
        if (camera === undefined) return unknown(topic.camera);
        // `online` says the role's process runs; `offline` and `disabled` are left to the silence rule:
        // Frigate's watchdog flips a lost stream between offline and online while it retries.
        if (topic.kind === 'motion' || word === 'online') alive(camera);
        return this.count(EventSource.frigate, EventResult.accepted);
      }
      case 'count': {
        const camera = this.monitor.findByName(topic.camera);
        // Zones publish counts under the same shape: a name the registry does not have is a zone.
        if (camera === undefined) return this.count(EventSource.frigate, EventResult.ignored);
        const text = payload().trim();
        if (!/^\d{1,6}$/.test(text)) return invalid('an object count must be a whole number');
        this.monitor.setObjectCount(camera, topic.object, Number(text));
        alive(camera);
        return this.count(EventSource.frigate, EventResult.accepted);
      }
      case 'other':
        return this.count(EventSource.frigate, EventResult.ignored);
    }
  }

  /** A Frigate JSON report about one camera: read, checked, counted, applied; the camera is alive. */
  private frigateReport<T extends { readonly camera: string; readonly atMs: number }>(
    payload: Buffer,
    read: (json: unknown) => Read<T>,
    apply: (value: T, camera: MonitoredCamera) => void,
    instance: FrigateInstance,
    context: Record<string, unknown>,
    now: number,
  ): EventResult {
    const json = parseJson(payload);
    const report = json === undefined ? { invalid: 'not JSON' } : read(json);
    if ('invalid' in report) return this.count(EventSource.frigate, EventResult.invalid, report.invalid, context);
    if ('ignored' in report) return this.count(EventSource.frigate, EventResult.ignored);
    if (report.ok.atMs > now + MAX_CLOCK_AHEAD_MS) return this.count(EventSource.frigate, EventResult.invalid, 'its time is in the future (the recorder clock is wrong)', context);
    const camera = this.monitor.findByName(report.ok.camera);
    if (camera === undefined) return this.count(EventSource.frigate, EventResult.unknownCamera, `Frigate names camera "${report.ok.camera}", which the registry does not have`, context);
    this.monitor.beat(camera, now, instance.prefix);
    apply(report.ok, camera);
    return this.count(EventSource.frigate, EventResult.accepted);
  }

  /** Counts a report; a refused one is logged at warn with its reason (throttled). */
  count(source: EventSource, result: EventResult, reason?: string, context: Record<string, unknown> = {}): EventResult {
    this.metrics.events.inc({ source, result });
    if (result === EventResult.accepted || result === EventResult.ignored) return result;
    const key = `${source}:${result}`;
    const now = Date.now();
    const last = this.warned.get(key);
    if (last !== undefined && now - last.atMs < WARN_EVERY_MS) {
      last.suppressed += 1;
      return result;
    }
    this.core.log.warn({ source, result, reason, ...context, alsoRefusedSinceLastLog: last?.suppressed ?? 0 }, `camera report refused (${source}, ${result}): ${reason}`);
    this.warned.set(key, { atMs: now, suppressed: 0 });
    return result;
  }
}

function reporterOf(message: MqttMessage): Reporter {
  return message.device === undefined ? { kind: 'trusted' } : { kind: 'device', name: message.device.name };
}

function refusal(problems: readonly FieldProblem[]): DomainError {
  return new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
}

/** The camera ingest of a kernel: built at its first use, started and stopped by the cameras module. */
export const cameraIngestKey = new StateKey<CameraIngest>('cameras: the camera ingest');

/** The camera ingest of a kernel (one per kernel). */
export function cameraIngest(core: Core): CameraIngest {
  return core.state.obtain(cameraIngestKey, () => new CameraIngest(core));
}

