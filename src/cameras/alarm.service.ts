import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { DomainError, invalidField } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import type { EventData } from '../contract/events.js';
import { StateKey } from '../core/module-state.js';
import { startSweep, type Sweep } from '../core/sweep.js';
import type { LatLon } from '../geo/geometry.js';
import { changePriorityInCommand, countOpenedIncident, getCatalogue, incidentStream, openIncidentInCommand, prepareIncident } from '../incidents/index.js';
import {
  AlarmKind,
  alarmKindRank,
  AlarmSeverity,
  AlarmStatus,
  alarmStream,
  alarmTransitions,
  allowedAlarmActions,
  estimateObjectPosition,
  hotlistIncidentTypes,
  hotlistSeverity,
  maxSeverity,
  nextAlarmStatus,
  raisedPriority,
  severityRank,
  suggestedIncidentType,
  type AlarmAction,
  type AlarmIncidentBody,
  type AlarmQuery,
  type AlarmSource,
  type CameraAlarm,
} from './alarm.js';
import { cameraMetrics, type CameraMetrics } from './alarm.metrics.js';
import {
  findAlarmRow,
  findAlarmsByKeys,
  insertAlarms,
  listAlarmRows,
  saveObservations,
  updateAlarmRow,
  type AlarmObservation,
  type CameraAlarmTable,
} from './alarm.repository.js';
import { audioDetection, type Detection, type PlateRead, type Review } from './camera-events.js';
import { cameraHealthMonitor, type MonitoredCamera } from './camera-health.service.js';
import { findCameraById } from './camera.repository.js';
import { normalisePlate, type HotlistEntryForMatch, type HotlistPriority, type HotlistReason } from './hotlist.js';
import { hotlistIndex, type HotlistIndex } from './hotlist.service.js';

/** An alarm as the desk follows it in memory, stored or not yet. */
interface TrackedAlarm {
  id: string;
  /** The de-duplication key stored with it. */
  readonly key: string;
  readonly cameraId: string;
  readonly source: AlarmSource;
  readonly kind: AlarmKind;
  severity: AlarmSeverity;
  /** The severity the journal knows; null until stored. */
  journaledSeverity: AlarmSeverity | null;
  /** Why the severity last rose (journaled with the escalation). */
  why: string | null;
  status: AlarmStatus;
  label: string | null;
  subLabel: string | null;
  score: number | null;
  topScore: number | null;
  plate: string | null;
  readonly hotlist: HotlistEntryForMatch | null;
  zones: string[];
  snapshotUrl: string | null;
  clip: string | null;
  position: (LatLon & { accuracyM: number | null }) | null;
  firstSeenMs: number;
  lastSeenMs: number;
  endedMs: number | null;
  updates: number;
  /** Clock time of the last report, for forgetting quiet alarms. */
  touchedMs: number;
}

/** The Frigate instance a report came through (its topic prefix, and its API for links). */
export interface FrigateInstance {
  readonly prefix: string;
  readonly url: string | undefined;
}

const SAVE_EVERY_MS = 250;
const FORGET_EVERY_MS = 10_000;
/** An ONVIF rule firing again within this long of its last report continues the same alarm. */
export const REOPEN_WITHIN_MS = 60_000;
/** Ended alarms are kept in memory this long for late reports, quiet ones this long. */
const KEEP_ENDED_MS = 120_000;
const KEEP_QUIET_MS = 30 * 60_000;
/** A Frigate review marking a tracked object as an alert before its event arrived is remembered this long. */
const KEEP_ALERTED_MS = 10 * 60_000;
const MAX_ZONES = 20;
const SYSTEM_ACTOR = 'system:camera-ingest';

/**
 * The alarm queue's intake. Reports (camera-events.ts) update alarms in memory at once, keyed so that
 * every report about one thing updates one alarm; four times a second, one command writes what changed:
 * new alarms (inserted, journaled `camera_alarm.raised`), severities that rose (journaled
 * `camera_alarm.escalated`), and everything else (last seen, score, zones, end) as plain row updates, not
 * journaled, sent to consoles as telemetry. So a tracked object reported twenty times is one alarm and
 * one journal event. Reports below AMANE_CAMERA_ALARM_MIN_SEVERITY are followed but not stored, until
 * something raises them.
 */
export class AlarmDesk {
  private readonly active = new Map<string, TrackedAlarm>();
  private readonly byId = new Map<string, TrackedAlarm>();
  private readonly dirty = new Set<TrackedAlarm>();
  /** Frigate tracked objects a review made alerts of, by id, until when (clock ms). */
  private readonly alerted = new Map<string, number>();
  /** Alarms being turned into incidents right now (a second click waits for nothing: 409). */
  private readonly claimed = new Set<string>();
  private saving: Promise<void> = Promise.resolve();
  private saveRunning = false;
  private sweeps: Sweep[] = [];
  private readonly metrics: CameraMetrics;
  private readonly hotlists: HotlistIndex;

  constructor(private readonly core: Core) {
    this.metrics = cameraMetrics(core.metrics);
    this.hotlists = hotlistIndex(core);
  }

  start(): void {
    if (this.sweeps.length > 0) return;
    this.sweeps = [
      // A save still running when the next is due (one asked for outside the timer too): skip a beat.
      startSweep(this.core, { name: 'saving camera alarms', everyMs: SAVE_EVERY_MS, run: () => (this.saveRunning ? undefined : this.flush()) }),
      startSweep(this.core, { name: 'forgetting ended camera alarms', everyMs: FORGET_EVERY_MS, run: () => this.forget() }),
    ];
  }

  async stop(): Promise<void> {
    const sweeps = this.sweeps;
    this.sweeps = [];
    await Promise.all(sweeps.map((sweep) => sweep.stop()));
    await this.flush();
  }

  /** How many alarms the desk follows in memory (stored or not), and how many wait to be saved. */
  get size(): { followed: number; unsaved: number } {
    return { followed: this.active.size, unsaved: this.dirty.size };
  }

  /** Takes one report about `camera`. */
  observe(detection: Detection, camera: MonitoredCamera, instance?: FrigateInstance): void {
    const now = this.core.clock.now().getTime();
    let alarm = this.active.get(detection.key);
    // An ONVIF rule quiet for a while starts a new alarm; a Frigate tracked object is one alarm for life.
    if (alarm !== undefined && detection.source === 'onvif' && alarm.endedMs !== null && detection.atMs - alarm.endedMs > REOPEN_WITHIN_MS) alarm = undefined;
    if (alarm === undefined) {
      alarm = this.follow(detection.key, {
        key: detection.source === 'onvif' ? `${detection.key}:${detection.atMs}` : detection.key,
        cameraId: camera.id,
        source: detection.source,
        kind: detection.kind,
        severity: detection.severity,
        hotlist: null,
        atMs: detection.atMs,
        now,
      });
      if (detection.frigateId !== null && this.alerted.has(detection.frigateId)) this.raise(alarm, AlarmSeverity.high, 'frigate review: alert');
    }
    this.merge(alarm, detection, camera, instance, now);
    if (detection.plate !== null) this.checkPlate(alarm, detection.plate.text, camera, detection.atMs, now);
  }

  /**
   * A Frigate review: an `alert` raises the alarms of its tracked objects to high (Frigate's own rules,
   * such as an object in a required zone, said so); an audio-only review is an alarm of its own.
   */
  review(review: Review, camera: MonitoredCamera, instance?: FrigateInstance): void {
    const now = this.core.clock.now().getTime();
    if (review.severity === 'alert') {
      for (const id of review.detections) {
        const alarm = this.active.get(`frigate:event:${id}`);
        if (alarm === undefined) this.alerted.set(id, now + KEEP_ALERTED_MS);
        else if (this.raise(alarm, AlarmSeverity.high, 'frigate review: alert')) this.touch(alarm, now);
      }
    }
    const audio = audioDetection(review);
    if (audio !== undefined) this.observe(audio, camera, instance);
  }

  /** A plate Frigate read on a tracked object (`tracked_object_update`, type `lpr`). */
  plateRead(read: PlateRead, camera: MonitoredCamera, instance?: FrigateInstance): void {
    const key = `frigate:event:${read.frigateId}`;
    const alarm = this.active.get(key);
    const now = this.core.clock.now().getTime();
    if (alarm === undefined) {
      // The tracked object was not followed (below the threshold and forgotten, or from before a restart).
      this.observe(
        {
          source: 'frigate',
          key,
          camera: camera.name,
          kind: AlarmKind.object,
          phase: 'update',
          atMs: read.atMs,
          label: 'car',
          subLabel: null,
          score: null,
          topScore: null,
          zones: [],
          hasSnapshot: false,
          hasClip: false,
          snapshotUrl: null,
          plate: { text: read.text, score: read.score },
          position: null,
          severity: AlarmSeverity.low,
          frigateId: read.frigateId,
        },
        camera,
        instance,
      );
      return;
    }
    this.checkPlate(alarm, read.text, camera, read.atMs, now);
  }

  /** An operator (or the health monitor) changed an alarm's status: later reports keep it. */
  noteStatus(id: string, status: AlarmStatus): void {
    const alarm = this.byId.get(id);
    if (alarm !== undefined) alarm.status = status;
  }

  /** Marks an alarm as being turned into an incident; false when it already is. */
  claim(id: string): boolean {
    if (this.claimed.has(id)) return false;
    this.claimed.add(id);
    return true;
  }

  release(id: string): void {
    this.claimed.delete(id);
  }

  private follow(
    activeKey: string,
    a: { key: string; cameraId: string; source: AlarmSource; kind: AlarmKind; severity: AlarmSeverity; hotlist: HotlistEntryForMatch | null; atMs: number; now: number },
  ): TrackedAlarm {
    const alarm: TrackedAlarm = {
      id: randomUUID(),
      key: a.key,
      cameraId: a.cameraId,
      source: a.source,
      kind: a.kind,
      severity: a.severity,
      journaledSeverity: null,
      why: null,
      status: AlarmStatus.open,
      label: null,
      subLabel: null,
      score: null,
      topScore: null,
      plate: null,
      hotlist: a.hotlist,
      zones: [],
      snapshotUrl: null,
      clip: null,
      position: null,
      firstSeenMs: a.atMs,
      lastSeenMs: a.atMs,
      endedMs: null,
      updates: 0,
      touchedMs: a.now,
    };
    const previous = this.active.get(activeKey);
    if (previous !== undefined) this.byId.delete(previous.id);
    this.active.set(activeKey, alarm);
    this.byId.set(alarm.id, alarm);
    return alarm;
  }

  private merge(alarm: TrackedAlarm, d: Detection, camera: MonitoredCamera, instance: FrigateInstance | undefined, now: number): void {
    alarm.firstSeenMs = Math.min(alarm.firstSeenMs, d.atMs);
    alarm.lastSeenMs = Math.max(alarm.lastSeenMs, d.atMs);
    if (d.phase === 'end' || d.phase === 'pulse') alarm.endedMs = Math.max(alarm.endedMs ?? d.atMs, d.atMs);
    else if (alarm.endedMs === null || d.atMs > alarm.endedMs) alarm.endedMs = null;
    alarm.label = d.label ?? alarm.label;
    alarm.subLabel = d.subLabel ?? alarm.subLabel;
    alarm.score = d.score ?? alarm.score;
    if (d.topScore !== null || d.score !== null) alarm.topScore = Math.max(alarm.topScore ?? 0, d.topScore ?? 0, d.score ?? 0);
    for (const zone of d.zones) if (!alarm.zones.includes(zone) && alarm.zones.length < MAX_ZONES) alarm.zones.push(zone);
    if (d.snapshotUrl !== null) alarm.snapshotUrl = d.snapshotUrl;
    if (d.frigateId !== null && instance !== undefined) {
      if (d.hasSnapshot && instance.url !== undefined) alarm.snapshotUrl = `${instance.url}/api/events/${encodeURIComponent(d.frigateId)}/snapshot.jpg`;
      if (d.hasClip) alarm.clip = instance.url === undefined ? `frigate:${instance.prefix}:event:${d.frigateId}` : `${instance.url}/api/events/${encodeURIComponent(d.frigateId)}/clip.mp4`;
    }
    if (d.position !== null) alarm.position = { lat: d.position.lat, lon: d.position.lon, accuracyM: null };
    else if (alarm.position === null && (d.kind === AlarmKind.object || d.kind === AlarmKind.plateHit)) alarm.position = estimateObjectPosition(camera);
    alarm.updates += 1;
    if (severityRank(d.severity) > severityRank(alarm.severity)) this.raise(alarm, d.severity, `${d.source}: ${d.label ?? d.kind}`);
    this.touch(alarm, now);
  }

  /** Notes a plate on an alarm; one on a hotlist raises a plate-hit alarm carrying the list's reason and priority. */
  private checkPlate(alarm: TrackedAlarm, text: string, camera: MonitoredCamera, atMs: number, now: number): void {
    const read = normalisePlate(text);
    if ('problem' in read) return;
    if (alarm.plate !== read.plate) {
      alarm.plate = read.plate;
      this.touch(alarm, now);
    }
    const hit = this.hotlists.match(read.plate, atMs)[0];
    if (hit === undefined) return;
    const key = `hotlist:${alarm.key}:${read.plate}`;
    let found = this.active.get(key);
    if (found === undefined) {
      found = this.follow(key, {
        key,
        cameraId: camera.id,
        source: alarm.source,
        kind: AlarmKind.plateHit,
        severity: hotlistSeverity(hit.priority),
        hotlist: hit,
        atMs,
        now,
      });
      found.why = `hotlist ${hit.hotlistName}`;
    }
    found.plate = read.plate;
    found.label = alarm.label;
    found.subLabel = hit.hotlistName;
    found.score = alarm.score;
    found.topScore = alarm.topScore;
    found.zones = [...alarm.zones];
    found.snapshotUrl = alarm.snapshotUrl;
    found.clip = alarm.clip;
    found.position = alarm.position;
    found.lastSeenMs = Math.max(found.lastSeenMs, atMs);
    found.endedMs = alarm.endedMs;
    found.updates += 1;
    this.touch(found, now);
  }

  /** Raises the severity (never lowers it); true when it rose. */
  private raise(alarm: TrackedAlarm, severity: AlarmSeverity, why: string): boolean {
    const next = maxSeverity(alarm.severity, severity);
    if (next === alarm.severity) return false;
    alarm.severity = next;
    alarm.why = why;
    return true;
  }

  private touch(alarm: TrackedAlarm, now: number): void {
    alarm.touchedMs = now;
    this.dirty.add(alarm);
  }

  /**
   * Writes what changed since the last save, in one command. Saves run one after the other; one that
   * fails keeps its alarms for the next.
   */
  flush(): Promise<void> {
    const run = this.saving.catch(() => undefined).then(async () => {
      if (this.dirty.size === 0) return;
      const minRank = severityRank(this.core.config.cameraAlarmMinSeverity);
      const batch = [...this.dirty];
      this.dirty.clear();
      const creating = batch.filter((a) => a.journaledSeverity === null && severityRank(a.severity) >= minRank);
      const updating = batch.filter((a) => a.journaledSeverity !== null);
      if (creating.length === 0 && updating.length === 0) return;
      this.saveRunning = true;
      const started = performance.now();
      try {
        const { inserted, adopted } = await runCommand(this.core, SYSTEM_ACTOR, async ({ trx, at, record }) => {
          const stored = creating.length === 0 ? new Map<string, CameraAlarmTable>() : new Map((await findAlarmsByKeys(trx, creating.map((a) => a.key))).map((row) => [row.source_key, row]));
          const inserted = creating.filter((a) => !stored.has(a.key));
          const adopted = creating.filter((a) => stored.has(a.key)).map((a) => ({ alarm: a, row: stored.get(a.key)! }));
          await insertAlarms(trx, inserted.map((a) => newRow(a, at)));
          for (const a of inserted) record(alarmStream(a.id), 'camera_alarm.raised', raisedEvent(a));
          const saves = [
            ...updating.map((a) => ({ alarm: a, id: a.id, journaled: a.journaledSeverity!, before: 0 })),
            // Stored before (a restart, another process): its reports so far count too.
            ...adopted.map(({ alarm, row }) => ({ alarm, id: row.id, journaled: row.severity, before: row.updates })),
          ];
          await saveObservations(trx, saves.map(({ alarm, id, before }) => ({ ...observationOf(alarm, id), updates: alarm.updates + before })));
          for (const { alarm, id, journaled } of saves) {
            if (severityRank(alarm.severity) > severityRank(journaled)) record(alarmStream(id), 'camera_alarm.escalated', { from: journaled, to: alarm.severity, why: alarm.why });
          }
          return { inserted, adopted };
        });
        for (const a of inserted) {
          a.journaledSeverity = a.severity;
          this.metrics.alarms.inc({ kind: a.kind, severity: a.severity });
        }
        for (const { alarm, row } of adopted) {
          this.byId.delete(alarm.id);
          alarm.id = row.id;
          alarm.updates += row.updates;
          alarm.firstSeenMs = Math.min(alarm.firstSeenMs, Date.parse(row.first_seen_at));
          alarm.status = row.status;
          alarm.journaledSeverity = alarm.severity;
          this.byId.set(alarm.id, alarm);
        }
        const quiet = updating.filter((a) => a.journaledSeverity === a.severity);
        for (const a of updating) a.journaledSeverity = a.severity;
        this.core.bus.publishTelemetry({ stream: 'camera-alarm/*', kind: 'alarm-updates', items: quiet.map(updateItem) });
      } catch (error) {
        for (const a of batch) this.dirty.add(a);
        throw error;
      } finally {
        this.saveRunning = false;
        this.metrics.flushSeconds.observe((performance.now() - started) / 1_000);
      }
    });
    this.saving = run;
    return run;
  }

  /** Forgets alarms that ended a while ago or went quiet (a later report finds the stored one by its key). */
  private forget(): void {
    const now = this.core.clock.now().getTime();
    for (const [key, alarm] of this.active) {
      if (this.dirty.has(alarm)) continue;
      const quiet = now - alarm.touchedMs;
      if ((alarm.endedMs !== null && quiet > KEEP_ENDED_MS) || quiet > KEEP_QUIET_MS) {
        this.active.delete(key);
        if (this.byId.get(alarm.id) === alarm) this.byId.delete(alarm.id);
      }
    }
    for (const [id, until] of this.alerted) if (until < now) this.alerted.delete(id);
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function newRow(a: TrackedAlarm, at: string): CameraAlarmTable {
  return {
    ...observationOf(a, a.id),
    source_key: a.key,
    camera_id: a.cameraId,
    source: a.source,
    kind: a.kind,
    status: a.status,
    hotlist_id: a.hotlist?.hotlistId ?? null,
    hotlist_name: a.hotlist?.hotlistName ?? null,
    hotlist_reason: a.hotlist?.reason ?? null,
    hotlist_priority: a.hotlist?.priority ?? null,
    hotlist_note: a.hotlist?.note ?? null,
    first_seen_at: iso(a.firstSeenMs)!,
    incident_number: null,
    acted_by: null,
    acted_at: null,
    dismiss_reason: null,
    created_at: at,
  };
}

function observationOf(a: TrackedAlarm, id: string): AlarmObservation {
  return {
    id,
    severity: a.severity,
    severity_rank: severityRank(a.severity),
    label: a.label,
    sub_label: a.subLabel,
    score: a.score,
    top_score: a.topScore,
    plate: a.plate,
    zones: toJsonText([...a.zones]),
    snapshot_url: a.snapshotUrl,
    clip: a.clip,
    object_lat: a.position?.lat ?? null,
    object_lon: a.position?.lon ?? null,
    object_accuracy_m: a.position?.accuracyM ?? null,
    last_seen_at: iso(a.lastSeenMs)!,
    ended_at: iso(a.endedMs),
    updates: a.updates,
  };
}

function raisedEvent(a: TrackedAlarm): EventData<'camera_alarm.raised'> {
  return {
    camera: a.cameraId,
    kind: a.kind,
    source: a.source,
    severity: a.severity,
    key: a.key,
    label: a.label,
    score: a.score,
    plate: a.plate,
    ...(a.hotlist === null ? {} : { hotlist: { id: a.hotlist.hotlistId, name: a.hotlist.hotlistName, reason: a.hotlist.reason, priority: a.hotlist.priority } }),
    firstSeenAt: iso(a.firstSeenMs),
    ...(a.why === null ? {} : { why: a.why }),
  };
}

function updateItem(a: TrackedAlarm): Record<string, unknown> {
  return { id: a.id, camera: a.cameraId, severity: a.severity, lastSeenAt: iso(a.lastSeenMs), endedAt: iso(a.endedMs), score: a.score, updates: a.updates, zones: a.zones };
}

/** The alarm desk of a kernel: built at its first use, started and stopped by the cameras module (through the ingest). */
export const alarmDeskKey = new StateKey<AlarmDesk>('cameras: the alarm desk');

/** The alarm desk of a kernel (one per kernel). */
export function alarmDesk(core: Core): AlarmDesk {
  return core.state.obtain(alarmDeskKey, () => new AlarmDesk(core));
}

/** An alarm as clients see it; `typeCodes` are the incident types in force (for `incidentType`). */
export function alarmRowToAlarm(row: CameraAlarmTable, cameraName: string, typeCodes: ReadonlySet<string>): CameraAlarm {
  const status = row.status;
  const hotlistReason = row.hotlist_id === null ? null : row.hotlist_reason;
  return {
    id: row.id,
    camera: row.camera_id,
    cameraName,
    kind: row.kind,
    source: row.source,
    severity: row.severity,
    status,
    label: row.label,
    subLabel: row.sub_label,
    score: row.score,
    topScore: row.top_score,
    plate: row.plate,
    hotlist:
      row.hotlist_id === null
        ? null
        : { id: row.hotlist_id, name: row.hotlist_name!, reason: row.hotlist_reason as HotlistReason, priority: row.hotlist_priority as HotlistPriority, note: row.hotlist_note },
    zones: fromJsonText(row.zones),
    snapshotUrl: row.snapshot_url,
    clip: row.clip,
    objectPosition: row.object_lat === null || row.object_lon === null ? null : { lat: row.object_lat, lon: row.object_lon, accuracyM: row.object_accuracy_m },
    firstSeenAt: row.first_seen_at,
    lastSeenAt: row.last_seen_at,
    endedAt: row.ended_at,
    updates: row.updates,
    incident: row.incident_number,
    actedBy: row.acted_by,
    actedAt: row.acted_at,
    dismissReason: row.dismiss_reason,
    allowedActions: allowedAlarmActions(status),
    incidentType: suggestedIncidentType({ hotlist: hotlistReason === null ? null : { reason: hotlistReason } }, typeCodes),
  };
}

/** The codes of the incident types in force. */
async function typeCodesInForce(core: Core): Promise<Set<string>> {
  return new Set((await getCatalogue(core)).map((type) => type.code));
}

function cameraNameOf(core: Core, id: string): string {
  return cameraHealthMonitor(core).find(id)?.name ?? id;
}

/** The queue, most severe first, then by kind (`alarmKindRank`: a wanted plate before an offline camera), then newest: `status` `active` is open or acknowledged; `severity` the lowest wanted. */
export async function listAlarms(core: Core, query: AlarmQuery): Promise<CameraAlarm[]> {
  await cameraHealthMonitor(core).ready();
  const rows = await listAlarmRows(core.db, {
    ...(query.status === undefined ? {} : { statuses: query.status === 'active' ? [AlarmStatus.open, AlarmStatus.acknowledged] : [query.status] }),
    ...(query.severity === undefined ? {} : { minSeverityRank: severityRank(query.severity) }),
    ...(query.camera === undefined ? {} : { cameraId: query.camera }),
    ...(query.kind === undefined ? {} : { kind: query.kind }),
    ...(query.since === undefined ? {} : { since: query.since }),
    limit: query.limit ?? 200,
    kindRank: alarmKindRank,
  });
  const codes = await typeCodesInForce(core);
  return rows.map((row) => alarmRowToAlarm(row, cameraNameOf(core, row.camera_id), codes));
}

export async function getAlarm(core: Core, id: string): Promise<CameraAlarm> {
  await cameraHealthMonitor(core).ready();
  const row = await findAlarmRow(core.db, id);
  if (row === undefined) throw new DomainError('not_found', `no camera alarm has id ${id}`);
  return alarmRowToAlarm(row, cameraNameOf(core, row.camera_id), await typeCodesInForce(core));
}

/** An operator takes the alarm in hand. */
export function acknowledgeAlarm(core: Core, actor: Actor, id: string): Promise<CameraAlarm> {
  return act(core, actor, id, 'acknowledge', 'camera_alarm.acknowledged', {});
}

/** An operator closes the alarm as needing nothing, saying why. */
export function dismissAlarm(core: Core, actor: Actor, id: string, reason: string): Promise<CameraAlarm> {
  if (reason.trim() === '') throw invalidField('reason', 'is required to dismiss an alarm');
  return act(core, actor, id, 'dismiss', 'camera_alarm.dismissed', { reason });
}

async function act(core: Core, actor: Actor, id: string, action: AlarmAction, type: 'camera_alarm.acknowledged' | 'camera_alarm.dismissed', data: { reason?: string }): Promise<CameraAlarm> {
  const status = await runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await findAlarmRow(trx, id, { lock: true });
    if (row === undefined) throw new DomainError('not_found', `no camera alarm has id ${id}`);
    const to = nextAlarmStatus(id, row.status, action);
    await updateAlarmRow(trx, id, { status: to, acted_by: actor, acted_at: at, ...(data.reason === undefined ? {} : { dismiss_reason: data.reason }) });
    record(alarmStream(id), type, { from: row.status, to, camera: row.camera_id, ...data });
    return to;
  });
  alarmDesk(core).noteStatus(id, status);
  return getAlarm(core, id);
}

/**
 * Turns an alarm into an incident, located at the camera or at the object's estimated position, and links
 * both, journaled on both streams: one command, so the incident never exists unlinked.
 * A hotlist hit's incident is of the type matching the list's reason unless the operator chose one, and
 * gets the list's priority when that is more urgent than its type's (journaled with why).
 * The alarm is claimed meanwhile, so a double click does not open two incidents.
 */
export async function openIncidentFromAlarm(core: Core, actor: Actor, id: string, body: AlarmIncidentBody): Promise<{ alarm: CameraAlarm; incident: string }> {
  const row = await findAlarmRow(core.db, id);
  if (row === undefined) throw new DomainError('not_found', `no camera alarm has id ${id}`);
  nextAlarmStatus(id, row.status, 'incident');
  const catalogue = await getCatalogue(core);
  const hotlist = row.hotlist_id === null ? null : { reason: row.hotlist_reason as HotlistReason, priority: row.hotlist_priority as HotlistPriority };
  const type = body.type ?? suggestedIncidentType({ hotlist }, new Set(catalogue.map((t) => t.code)));
  if (type === null) {
    throw invalidField('type', hotlist === null ? `is required for a ${row.kind} alarm` : `is required: the catalogue has none of ${hotlistIncidentTypes[hotlist.reason].join(', ')} for hotlist reason ${hotlist.reason}`);
  }
  const where = body.at ?? 'camera';
  let location: LatLon;
  if (where === 'object') {
    if (row.object_lat === null || row.object_lon === null) throw invalidField('at', `alarm ${id} (${row.kind}) has no object position; allowed: camera`);
    location = { lat: row.object_lat, lon: row.object_lon };
  } else {
    const camera = cameraHealthMonitor(core).find(row.camera_id) ?? (await findCameraById(core.db, row.camera_id));
    if (camera === undefined) throw new DomainError('conflict', `camera ${row.camera_id} of alarm ${id} is no longer registered; use at: object`);
    location = { lat: camera.lat, lon: camera.lon };
  }
  const desk = alarmDesk(core);
  if (!desk.claim(id)) throw new DomainError('conflict', `camera alarm ${id} is being turned into an incident already`);
  try {
    const cameraName = cameraNameOf(core, row.camera_id);
    const opening = await prepareIncident(core, catalogue, { type, location, summary: body.summary ?? incidentSummary(row, cameraName) });
    const priority = raisedPriority(opening.priority, hotlist?.priority ?? null);
    const { status, incident } = await runCommand(core, actor, async (scope) => {
      const { trx, at, record } = scope;
      const { number } = await openIncidentInCommand(scope, core, opening);
      if (priority !== null) await changePriorityInCommand(scope, number, priority, `plate ${row.plate ?? ''} on hotlist ${row.hotlist_name ?? ''} (${priority})`);
      const locked = (await findAlarmRow(trx, id, { lock: true }))!;
      const from = locked.status;
      // Closed meanwhile by someone else: linked all the same (the incident exists), its status kept.
      const to = alarmTransitions[from].incident ?? from;
      await updateAlarmRow(trx, id, { status: to, incident_number: number, acted_by: actor, acted_at: at });
      record(alarmStream(id), 'camera_alarm.incident_opened', { from, to, incident: number, at: where, location: { lat: location.lat, lon: location.lon } });
      record(incidentStream(number), 'incident.camera_alarm_linked', {
        alarm: id,
        camera: row.camera_id,
        kind: row.kind,
        severity: row.severity,
        label: row.label,
        plate: row.plate,
        hotlist: row.hotlist_name,
        snapshotUrl: row.snapshot_url,
        clip: row.clip,
        locatedAt: where,
      });
      return { status: to, incident: number };
    });
    countOpenedIncident(core, opening);
    desk.noteStatus(id, status);
    return { alarm: await getAlarm(core, id), incident };
  } finally {
    desk.release(id);
  }
}

/** "Camera Anfa 3 (CAM-0003): person, high; plate 12345A6 on hotlist Stolen cars (stolen_vehicle)". */
function incidentSummary(row: CameraAlarmTable, cameraName: string): string {
  const what = row.kind === AlarmKind.cameraOffline ? 'camera offline' : `${row.label ?? row.kind.replace('_', ' ')}`;
  const plate = row.plate === null ? '' : `; plate ${row.plate}`;
  const hotlist = row.hotlist_name === null ? '' : ` on hotlist ${row.hotlist_name} (${row.hotlist_reason})`;
  return `Camera ${cameraName} (${row.camera_id}): ${what}, ${row.severity}${plate}${hotlist}`.replace(/\p{Cc}/gu, ' ').slice(0, 500);
}
