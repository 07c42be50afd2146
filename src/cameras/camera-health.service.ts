import { randomUUID } from 'node:crypto';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { toJsonText } from '../core/json-column.js';
import type { JournalEvent } from '../core/journal.js';
import { StateKey } from '../core/module-state.js';
import { startSweep, type Sweep } from '../core/sweep.js';
import { AlarmKind, AlarmSource, AlarmStatus, alarmStream, alarmTransitions, offlineSeverity, severityRank, type AlarmSeverity } from './alarm.js';
import { cameraMetrics, type CameraMetrics } from './alarm.metrics.js';
import { findActiveAlarmOf, insertAlarms, updateAlarmRow, type CameraAlarmTable } from './alarm.repository.js';
import { CameraStatus, cameraStream } from './camera.js';
import { OfflineReason, judgeHealth, sumUptime, uptimeOf, type CameraHealth, type StatusChange, type UptimeQuery, type UptimeReport } from './camera-health.js';
import { insertHealthChanges, listHealthChanges, statusesAt, type CameraHealthChangeTable } from './camera-health.repository.js';
import { findCameraById, listCameraRows, setCameraHealth, type CameraRow } from './camera.repository.js';

/** A camera as the monitor holds it: what the ingest needs of the registry, and its live health. */
export interface MonitoredCamera {
  readonly id: string;
  readonly name: string;
  readonly district: string | null;
  /** The controller device that may report for it. */
  readonly device: string | null;
  readonly ptz: boolean;
  readonly lat: number;
  readonly lon: number;
  readonly headingDeg: number;
  readonly rangeM: number;
  status: CameraStatus;
  /** The newest heartbeat received by this process, epoch ms. */
  lastBeatMs: number | null;
  /** As stored: the last heartbeat at the last transition. */
  lastSeenAt: string | null;
  watchedSinceMs: number;
  /** Where the newest heartbeat came from: `amane`, or a Frigate topic prefix. */
  via: string | null;
  offlineReason: OfflineReason;
  /** Frigate's latest object counts. */
  readonly objects: Map<string, number>;
}

const SWEEP_EVERY_MS = 1_000;
const SYSTEM_ACTOR = 'system:camera-health';
/** Journal events of `camera/...` streams that do not change what the monitor holds. */
const NOT_REGISTRY_CHANGES = new Set(['camera.online', 'camera.offline', 'camera.viewed', 'camera.pointed', 'camera.point-undelivered']);

/**
 * The live health of every camera. Heartbeats (MQTT, HTTP, Frigate's signs of life) only move a time
 * in memory; a sweep every second judges each camera (camera-health.ts) and writes only the transitions:
 * the registry's status, the transitions table, the journal (`camera.online` / `camera.offline` on
 * `camera/<id>`) and the offline alarm, in one command for all cameras that changed. A thousand cameras
 * heartbeating every 10 s write nothing while they stay up.
 */
export class CameraHealthMonitor {
  private readonly cameras = new Map<string, MonitoredCamera>();
  private readonly byName = new Map<string, MonitoredCamera>();
  private loading: Promise<void> | undefined;
  private sweeping: Promise<void> = Promise.resolve();
  private sweepRunning = false;
  private sweeper: Sweep | undefined;
  private readonly pendingReloads = new Set<string>();
  private reloadTimer: NodeJS.Timeout | undefined;
  private readonly stopListening: () => void;
  private readonly metrics: CameraMetrics;

  constructor(private readonly core: Core) {
    this.metrics = cameraMetrics(core.metrics);
    this.stopListening = core.bus.subscribe((events) => this.onEvents(events));
  }

  /** Reads the registry once; reports arriving before that wait for it. */
  ready(): Promise<void> {
    this.loading ??= listCameraRows(this.core.db).then((rows) => {
      const now = this.core.clock.now().getTime();
      for (const row of rows) this.track(row, now);
      this.countStatuses();
    });
    return this.loading;
  }

  start(): void {
    // A sweep still writing when the next is due (one asked for outside the timer too): skip a beat.
    this.sweeper ??= startSweep(this.core, { name: 'the camera health sweep', everyMs: SWEEP_EVERY_MS, run: () => (this.sweepRunning ? undefined : this.sweep()) });
  }

  async stop(): Promise<void> {
    const sweeper = this.sweeper;
    this.sweeper = undefined;
    await sweeper?.stop();
    clearTimeout(this.reloadTimer);
    this.stopListening();
    await this.sweeping.catch(() => undefined);
  }

  find(id: string): MonitoredCamera | undefined {
    return this.cameras.get(id);
  }

  findByName(name: string): MonitoredCamera | undefined {
    return this.byName.get(name);
  }

  get size(): number {
    return this.cameras.size;
  }

  /**
   * A sign of life from `camera` at `atMs` (already checked not to be in the future), through `via`.
   * Returns false when it tells nothing new (older than the newest already received).
   */
  beat(camera: MonitoredCamera, atMs: number, via: string): boolean {
    if (camera.lastBeatMs !== null && atMs <= camera.lastBeatMs) return false;
    camera.lastBeatMs = atMs;
    camera.via = via;
    return true;
  }

  /**
   * A recorder said it stopped (`<prefix>/available` offline): the cameras only it reported for can no
   * longer be seen, and go offline at the next sweep.
   */
  recorderOffline(via: string): number {
    let count = 0;
    for (const camera of this.cameras.values()) {
      if (camera.via !== via || camera.status !== CameraStatus.online) continue;
      camera.lastBeatMs = null;
      camera.watchedSinceMs = -Infinity;
      camera.offlineReason = OfflineReason.recorderOffline;
      count += 1;
    }
    return count;
  }

  /** Frigate's latest count of an object on a camera. */
  setObjectCount(camera: MonitoredCamera, object: string, count: number): void {
    if (count === 0) camera.objects.delete(object);
    else if (camera.objects.size < 50 || camera.objects.has(object)) camera.objects.set(object, count);
  }

  /** Every camera's live health, by id. */
  snapshot(filter: { district?: string; status?: CameraStatus } = {}): CameraHealth[] {
    const out: CameraHealth[] = [];
    for (const c of this.cameras.values()) {
      if (filter.district !== undefined && c.district !== filter.district) continue;
      if (filter.status !== undefined && c.status !== filter.status) continue;
      out.push({
        camera: c.id,
        name: c.name,
        district: c.district,
        status: c.status,
        lastSeenAt: c.lastBeatMs === null ? c.lastSeenAt : new Date(c.lastBeatMs).toISOString(),
        via: c.via,
        objects: Object.fromEntries(c.objects),
      });
    }
    return out.sort((a, b) => (a.camera < b.camera ? -1 : 1));
  }

  /**
   * Judges every camera now and writes the transitions in one command. Sweeps run one after the other;
   * a failed one changes nothing, and the next judges again.
   */
  sweep(): Promise<void> {
    const run = this.sweeping.catch(() => undefined).then(async () => {
      await this.ready();
      const now = this.core.clock.now().getTime();
      const offlineMs = this.core.config.cameraOfflineSeconds * 1_000;
      const changes: { camera: MonitoredCamera; to: 'online' | 'offline' }[] = [];
      for (const camera of this.cameras.values()) {
        const to = judgeHealth(camera, now, offlineMs);
        if (to !== undefined) changes.push({ camera, to });
      }
      if (changes.length === 0) return;
      this.sweepRunning = true;
      try {
        const raised = await this.writeTransitions(changes, offlineMs);
        for (const { camera, to } of changes) {
          camera.status = to;
          if (camera.lastBeatMs !== null) camera.lastSeenAt = new Date(camera.lastBeatMs).toISOString();
          if (to === CameraStatus.online) camera.offlineReason = OfflineReason.silent;
        }
        for (const severity of raised) this.metrics.alarms.inc({ kind: AlarmKind.cameraOffline, severity });
        this.countStatuses();
      } finally {
        this.sweepRunning = false;
      }
    });
    this.sweeping = run;
    return run;
  }

  private async writeTransitions(changes: readonly { camera: MonitoredCamera; to: 'online' | 'offline' }[], offlineMs: number): Promise<AlarmSeverity[]> {
    const minRank = severityRank(this.core.config.cameraAlarmMinSeverity);
    return runCommand(this.core, SYSTEM_ACTOR, async ({ trx, at, record }) => {
      const raised: AlarmSeverity[] = [];
      const rows: CameraHealthChangeTable[] = [];
      const alarms: CameraAlarmTable[] = [];
      for (const { camera, to } of changes) {
        const lastSeenAt = camera.lastBeatMs === null ? camera.lastSeenAt : new Date(camera.lastBeatMs).toISOString();
        await setCameraHealth(trx, camera.id, { status: to, lastSeenAt: lastSeenAt ?? at });
        if (to === CameraStatus.offline) {
          const reason = camera.offlineReason;
          rows.push({ camera_id: camera.id, at, status: to, reason });
          record(cameraStream(camera.id), 'camera.offline', { lastSeenAt, reason, silentForS: this.core.config.cameraOfflineSeconds, via: camera.via });
          const severity = offlineSeverity(camera);
          if (severityRank(severity) < minRank) continue;
          const id = randomUUID();
          alarms.push(offlineAlarmRow(id, camera, severity, at, reason));
          record(alarmStream(id), 'camera_alarm.raised', {
            camera: camera.id,
            kind: AlarmKind.cameraOffline,
            source: AlarmSource.health,
            severity,
            label: reason,
            lastSeenAt,
            offlineAfterS: offlineMs / 1_000,
          });
          raised.push(severity);
        } else {
          rows.push({ camera_id: camera.id, at, status: to, reason: null });
          record(cameraStream(camera.id), 'camera.online', { lastSeenAt: lastSeenAt ?? at, via: camera.via });
          const alarm = await findActiveAlarmOf(trx, camera.id, AlarmKind.cameraOffline);
          if (alarm !== undefined) {
            // Back online: an alarm nobody has closed is cleared; one already decided is annotated.
            const from = alarm.status;
            const status = alarmTransitions[from].clear ?? from;
            await updateAlarmRow(trx, alarm.id, { status, ended_at: at, last_seen_at: at });
            record(alarmStream(alarm.id), 'camera_alarm.cleared', { from, to: status, endedAt: at, camera: camera.id });
          }
        }
      }
      await insertAlarms(trx, alarms);
      await insertHealthChanges(trx, rows);
      return raised;
    });
  }

  /** Uptime per camera and district over [from, to), from the transitions. */
  async uptime(query: UptimeQuery): Promise<UptimeReport> {
    await this.ready();
    const fromMs = Date.parse(query.from);
    const toMs = Math.min(Date.parse(query.to), this.core.clock.now().getTime());
    const before = await statusesAt(this.core.db, query.from);
    const changes = new Map<string, StatusChange[]>();
    for (const row of await listHealthChanges(this.core.db, query.from, query.to)) {
      const list = changes.get(row.camera_id) ?? [];
      list.push({ atMs: Date.parse(row.at), status: row.status });
      changes.set(row.camera_id, list);
    }
    const cameras = [...this.cameras.values()].filter((c) => query.district === undefined || c.district === query.district).sort((a, b) => (a.id < b.id ? -1 : 1));
    const perCamera = cameras.map((c) => ({
      camera: c.id,
      name: c.name,
      district: c.district,
      status: c.status,
      ...uptimeOf(before.get(c.id), changes.get(c.id) ?? [], fromMs, Math.max(fromMs, toMs)),
    }));
    const districts = new Map<string | null, typeof perCamera>();
    for (const c of perCamera) districts.set(c.district, [...(districts.get(c.district) ?? []), c]);
    return {
      from: query.from,
      to: query.to,
      total: { cameras: perCamera.length, ...sumUptime(perCamera) },
      districts: [...districts]
        .sort(([a], [b]) => (a ?? '\uffff').localeCompare(b ?? '\uffff'))
        .map(([district, list]) => ({ district, cameras: list.length, ...sumUptime(list) })),
      cameras: perCamera,
    };
  }

  private track(row: CameraRow, nowMs: number): MonitoredCamera {
    const known = this.cameras.get(row.id);
    if (known !== undefined && known.name !== row.name) this.byName.delete(known.name);
    const camera: MonitoredCamera = {
      id: row.id,
      name: row.name,
      district: row.district,
      device: row.device,
      ptz: row.ptz === 1,
      lat: row.lat,
      lon: row.lon,
      headingDeg: row.heading_deg,
      rangeM: row.range_m,
      status: known?.status ?? row.status,
      lastBeatMs: known?.lastBeatMs ?? null,
      lastSeenAt: row.last_seen_at,
      watchedSinceMs: known?.watchedSinceMs ?? nowMs,
      via: known?.via ?? null,
      offlineReason: known?.offlineReason ?? OfflineReason.silent,
      objects: known?.objects ?? new Map(),
    };
    this.cameras.set(row.id, camera);
    this.byName.set(row.name, camera);
    return camera;
  }

  /** Registry changes (a camera registered, renamed, moved, put in maintenance) are read again, batched. */
  private onEvents(events: readonly JournalEvent[]): void {
    for (const event of events) {
      if (!event.stream.startsWith('camera/') || NOT_REGISTRY_CHANGES.has(event.type)) continue;
      this.pendingReloads.add(event.stream.slice('camera/'.length));
    }
    if (this.pendingReloads.size === 0 || this.reloadTimer !== undefined) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = undefined;
      void this.reloadPending().catch((error: unknown) => this.core.log.error({ err: error }, 'reading changed cameras failed'));
    }, 50);
    this.reloadTimer.unref();
  }

  /** Reads the changed cameras again; enters in the transitions table their moves in and out of maintenance. */
  async reloadPending(): Promise<void> {
    await this.ready();
    const ids = [...this.pendingReloads];
    this.pendingReloads.clear();
    const rows = ids.length > 100 ? await listCameraRows(this.core.db) : (await Promise.all(ids.map((id) => findCameraById(this.core.db, id)))).filter((r) => r !== undefined);
    const now = this.core.clock.now();
    const changes: CameraHealthChangeTable[] = [];
    for (const row of rows) {
      const known = this.cameras.get(row.id);
      const camera = this.track(row, now.getTime());
      const stored = row.status;
      // The registry decides maintenance; online and offline are the monitor's own.
      if (known === undefined || (stored !== camera.status && (stored === CameraStatus.maintenance || camera.status === CameraStatus.maintenance))) {
        if (known !== undefined || stored === CameraStatus.maintenance) changes.push({ camera_id: row.id, at: now.toISOString(), status: stored, reason: 'registry' });
        camera.status = stored;
        camera.watchedSinceMs = now.getTime();
      }
    }
    for (const id of ids) {
      if (ids.length <= 100 && !rows.some((r) => r.id === id)) this.forget(id);
    }
    if (changes.length > 0) await this.core.db.transaction().execute((trx) => insertHealthChanges(trx, changes));
    this.countStatuses();
  }

  private forget(id: string): void {
    const camera = this.cameras.get(id);
    if (camera === undefined) return;
    this.cameras.delete(id);
    if (this.byName.get(camera.name) === camera) this.byName.delete(camera.name);
  }

  private countStatuses(): void {
    const counts: Record<string, number> = Object.fromEntries(Object.values(CameraStatus).map((s) => [s, 0]));
    for (const camera of this.cameras.values()) counts[camera.status] = (counts[camera.status] ?? 0) + 1;
    for (const [status, n] of Object.entries(counts)) this.metrics.cameras.set({ status }, n);
  }
}

function offlineAlarmRow(id: string, camera: MonitoredCamera, severity: AlarmSeverity, at: string, reason: OfflineReason): CameraAlarmTable {
  return {
    id,
    source_key: `health:offline:${camera.id}:${at}`,
    camera_id: camera.id,
    source: AlarmSource.health,
    kind: AlarmKind.cameraOffline,
    severity,
    severity_rank: severityRank(severity),
    status: AlarmStatus.open,
    label: reason,
    sub_label: null,
    score: null,
    top_score: null,
    plate: null,
    hotlist_id: null,
    hotlist_name: null,
    hotlist_reason: null,
    hotlist_priority: null,
    hotlist_note: null,
    zones: toJsonText<string[]>([]),
    snapshot_url: null,
    clip: null,
    object_lat: null,
    object_lon: null,
    object_accuracy_m: null,
    first_seen_at: at,
    last_seen_at: at,
    ended_at: null,
    updates: 1,
    incident_number: null,
    acted_by: null,
    acted_at: null,
    dismiss_reason: null,
    created_at: at,
  };
}

/** The camera health monitor of a kernel: built at its first use, started and stopped by the cameras module (through the ingest). */
export const cameraHealthMonitorKey = new StateKey<CameraHealthMonitor>('cameras: the camera health monitor');

/** The camera health monitor of a kernel (one per kernel). */
export function cameraHealthMonitor(core: Core): CameraHealthMonitor {
  return core.state.obtain(cameraHealthMonitorKey, () => new CameraHealthMonitor(core));
}
