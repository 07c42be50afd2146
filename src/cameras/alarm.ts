import { Type, type Static } from 'typebox';
import { DomainError } from '../core/errors.js';
import { Closed, Line, Timestamp, Uuid } from '../core/schema.js';
import type { LatLon } from '../geo/geometry.js';
import { IncidentNumber } from '../incidents/index.js';
import { CameraId } from './camera.js';
import { pointAt } from './camera-geometry.js';
import { HotlistPriority, HotlistReason } from './hotlist.js';

/**
 * Camera alarms: one queue for what Frigate, ONVIF cameras, the health checks and the plate hotlists
 * report; their severities, their lifecycle (one table), and the rules that need no I/O.
 */

export const AlarmSeverity = { low: 'low', medium: 'medium', high: 'high', critical: 'critical' } as const;
export type AlarmSeverity = (typeof AlarmSeverity)[keyof typeof AlarmSeverity];
export const alarmSeverities: readonly AlarmSeverity[] = Object.values(AlarmSeverity);

/** Severities in order, for comparing and sorting (stored beside the name as `severity_rank`). */
export function severityRank(severity: AlarmSeverity): number {
  return alarmSeverities.indexOf(severity);
}

export function maxSeverity(a: AlarmSeverity, b: AlarmSeverity): AlarmSeverity {
  return severityRank(a) >= severityRank(b) ? a : b;
}

export const AlarmKind = {
  /** A tracked object (Frigate event): a person, a vehicle... */
  object: 'object',
  motion: 'motion',
  /** The scene changed at once: the camera was covered, turned, sprayed, blinded (ONVIF GlobalSceneChange). */
  tamper: 'tamper',
  lineCrossing: 'line_crossing',
  /** Objects inside a watched field (ONVIF FieldDetector). */
  intrusion: 'intrusion',
  /** A sound (Frigate audio review: a scream, glass, a gunshot...). */
  audio: 'audio',
  /** A plate read that is on a hotlist. */
  plateHit: 'plate_hit',
  cameraOffline: 'camera_offline',
} as const;
export type AlarmKind = (typeof AlarmKind)[keyof typeof AlarmKind];

export const AlarmSource = { frigate: 'frigate', onvif: 'onvif', health: 'health' } as const;
export type AlarmSource = (typeof AlarmSource)[keyof typeof AlarmSource];

export const AlarmStatus = {
  open: 'open',
  acknowledged: 'acknowledged',
  dismissed: 'dismissed',
  /** Turned into an incident. */
  incident: 'incident',
  /** What raised it is over and nobody had to act (a camera came back online). */
  cleared: 'cleared',
} as const;
export type AlarmStatus = (typeof AlarmStatus)[keyof typeof AlarmStatus];

export const AlarmAction = { acknowledge: 'acknowledge', dismiss: 'dismiss', incident: 'incident', clear: 'clear' } as const;
export type AlarmAction = (typeof AlarmAction)[keyof typeof AlarmAction];

const S = AlarmStatus;

/**
 * The lifecycle, in one table. An operator acknowledges an alarm (I am on it), dismisses it (with a
 * reason) or turns it into an incident; the system clears one whose cause is over (a camera back online)
 * while nobody has closed it. Dismissed, incident and cleared are final.
 */
export const alarmTransitions: Readonly<Record<AlarmStatus, Partial<Record<AlarmAction, AlarmStatus>>>> = {
  open: { acknowledge: S.acknowledged, dismiss: S.dismissed, incident: S.incident, clear: S.cleared },
  acknowledged: { dismiss: S.dismissed, incident: S.incident, clear: S.cleared },
  dismissed: {},
  incident: {},
  cleared: {},
};

/** Operator actions (the system's `clear` left out), for what the console offers. */
export function allowedAlarmActions(status: AlarmStatus): AlarmAction[] {
  return (Object.keys(alarmTransitions[status]) as AlarmAction[]).filter((action) => action !== AlarmAction.clear);
}

/** The status after `action`, or a refusal naming what is allowed. */
export function nextAlarmStatus(id: string, status: AlarmStatus, action: AlarmAction): AlarmStatus {
  const next = alarmTransitions[status][action];
  if (next === undefined) {
    const allowed = allowedAlarmActions(status);
    throw new DomainError('invalid_transition', `camera alarm ${id} is \`${status}\`; ${action} is not allowed; allowed actions: ${allowed.join(', ') || 'none'}`, {
      allowed,
    });
  }
  return next;
}

/** Whether an alarm still waits for someone (open or acknowledged). */
export function isActive(status: AlarmStatus): boolean {
  return status === S.open || status === S.acknowledged;
}

/** The journal stream of an alarm; the permission table lets `camera.read` see it live. */
export function alarmStream(id: string): string {
  return `camera-alarm/${id}`;
}

/**
 * Severity of a tracked object by its label (Frigate's labels: COCO objects, Frigate+ and audio labels).
 * Weapons, fire and violent sounds are high; people medium; vehicles, animals and the rest low (a city
 * street is full of them: they become alarms when a rule raises them, such as a hotlist plate or a
 * Frigate review that is an `alert`).
 */
export function labelSeverity(label: string): AlarmSeverity {
  if (HIGH_LABELS.has(label)) return AlarmSeverity.high;
  if (label === 'person' || label === 'face') return AlarmSeverity.medium;
  return AlarmSeverity.low;
}

const HIGH_LABELS: ReadonlySet<string> = new Set(['fire', 'smoke', 'knife', 'gun', 'gunshot', 'explosion', 'scream', 'yell', 'glass', 'fire_alarm', 'smoke_alarm', 'siren']);

/** Base severity of the ONVIF-style kinds; tampering is high (someone is blinding a camera). */
export const kindSeverity: Readonly<Record<'motion' | 'tamper' | 'line_crossing' | 'intrusion', AlarmSeverity>> = {
  motion: AlarmSeverity.low,
  tamper: AlarmSeverity.high,
  line_crossing: AlarmSeverity.medium,
  intrusion: AlarmSeverity.medium,
};

/** A plate on a hotlist: critical for a P1 list, high otherwise. */
export function hotlistSeverity(priority: HotlistPriority): AlarmSeverity {
  return priority === HotlistPriority.p1 ? AlarmSeverity.critical : AlarmSeverity.high;
}

/**
 * Within one severity, the queue puts what the cameras see before what is wrong with a camera: a wanted
 * plate first (the vehicle is gone in minutes), a camera being blinded next, then what the analytics saw,
 * an offline camera last. Lower comes first.
 */
export const alarmKindRank: Readonly<Record<AlarmKind, number>> = {
  plate_hit: 0,
  tamper: 1,
  object: 2,
  audio: 2,
  intrusion: 2,
  line_crossing: 2,
  motion: 3,
  camera_offline: 4,
};

/**
 * The incident types that fit a hotlist's reason, the most precise first: the first one the catalogue in
 * force holds is the type of an incident made of the hit (a catalogue without a stolen-vehicle type gets
 * a theft).
 */
export const hotlistIncidentTypes: Readonly<Record<HotlistReason, readonly string[]>> = {
  stolen_vehicle: ['stolen_vehicle', 'vehicle_theft', 'theft'],
  wanted_person: ['wanted_person', 'suspicious_person'],
  missing_person: ['missing_person'],
  lookout: ['suspicious_vehicle', 'suspicious_person'],
  other: ['other'],
};

/**
 * The incident type an incident made of this alarm gets when the operator names none: for a hotlist hit,
 * the first of its reason's types that `catalogue` (the codes in force) holds; otherwise none.
 * @example suggestedIncidentType({ hotlist: { reason: 'stolen_vehicle' } }, new Set(['theft', 'other'])) === 'theft'
 */
export function suggestedIncidentType(alarm: { readonly hotlist: { readonly reason: HotlistReason } | null }, catalogue: ReadonlySet<string>): string | null {
  if (alarm.hotlist === null) return null;
  return hotlistIncidentTypes[alarm.hotlist.reason].find((code) => catalogue.has(code)) ?? null;
}

/**
 * The priority an incident made of a hotlist hit needs: the list's when it is more urgent than what the
 * incident got from its type, else none (P1 is the most urgent).
 */
export function raisedPriority(incident: HotlistPriority, hotlist: HotlistPriority | null): HotlistPriority | null {
  return hotlist !== null && hotlist < incident ? hotlist : null;
}

/** An offline camera matters more when it can be turned towards anything (PTZ) than when fixed. */
export function offlineSeverity(camera: { readonly ptz: boolean }): AlarmSeverity {
  return camera.ptz ? AlarmSeverity.high : AlarmSeverity.medium;
}

/**
 * Where a seen object probably is when the analytics give no position (Frigate gives pixels, and not the
 * frame's size): along the camera's heading at half its range, give or take half its range. A PTZ camera
 * may be turned elsewhere: its home heading is used and the uncertainty is its whole range.
 */
export function estimateObjectPosition(camera: LatLon & { readonly headingDeg: number; readonly rangeM: number; readonly ptz: boolean }): LatLon & { accuracyM: number } {
  const distance = camera.rangeM / 2;
  const point = pointAt(camera, camera.headingDeg, distance);
  return { lat: round6(point.lat), lon: round6(point.lon), accuracyM: Math.round(camera.ptz ? camera.rangeM : distance) };
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

const SeveritySchema = Type.Enum(alarmSeverities, { 'x-expected': `one of ${alarmSeverities.join(', ')}` });
const StatusSchema = Type.Enum(Object.values(AlarmStatus), { 'x-expected': `one of ${Object.values(AlarmStatus).join(', ')}` });
const KindSchema = Type.Enum(Object.values(AlarmKind), { 'x-expected': `one of ${Object.values(AlarmKind).join(', ')}` });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const CameraAlarm = Closed({
  id: Uuid,
  camera: CameraId,
  cameraName: Type.String(),
  kind: KindSchema,
  source: Type.Enum(Object.values(AlarmSource)),
  severity: SeveritySchema,
  status: StatusSchema,
  /** What was seen: `person`, `car`, the ONVIF rule's name, `offline`... */
  label: nullable(Type.String()),
  subLabel: nullable(Type.String()),
  score: nullable(Type.Number()),
  topScore: nullable(Type.Number()),
  /** The plate read (normalised), when there was one. */
  plate: nullable(Type.String()),
  hotlist: nullable(
    Closed({ id: Uuid, name: Type.String(), reason: Type.Enum(Object.values(HotlistReason)), priority: Type.Enum(Object.values(HotlistPriority)), note: nullable(Type.String()) }),
  ),
  zones: Type.Array(Type.String()),
  snapshotUrl: nullable(Type.String()),
  /** Where the recording is: Frigate's clip URL, or `frigate:event:<id>` without AMANE_FRIGATE_URL. */
  clip: nullable(Type.String()),
  objectPosition: nullable(Closed({ lat: Type.Number(), lon: Type.Number(), accuracyM: nullable(Type.Number()) })),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  /** When what raised it ended (the object left, the camera came back); null while it goes on. */
  endedAt: nullable(Timestamp),
  /** How many reports were merged into it. */
  updates: Type.Integer(),
  incident: nullable(Type.String()),
  actedBy: nullable(Type.String()),
  actedAt: nullable(Timestamp),
  dismissReason: nullable(Type.String()),
  allowedActions: Type.Array(Type.String()),
  /** The incident type an incident made of it gets when none is chosen (a hotlist hit: its reason's type); null when one must be chosen. */
  incidentType: nullable(Type.String()),
});
export type CameraAlarm = Static<typeof CameraAlarm>;

export const AlarmQuery = Closed({
  status: Type.Optional(Type.Union([StatusSchema, Type.Literal('active')], { 'x-expected': `active (open or acknowledged), or one of ${Object.values(AlarmStatus).join(', ')}` })),
  severity: Type.Optional(Type.Enum(alarmSeverities, { 'x-expected': `the lowest severity wanted: one of ${alarmSeverities.join(', ')}` })),
  camera: Type.Optional(CameraId),
  kind: Type.Optional(KindSchema),
  since: Type.Optional(Timestamp),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000, 'x-expected': 'a whole number from 1 to 1000' })),
});
export type AlarmQuery = Static<typeof AlarmQuery>;

export const AlarmIncidentBody = Closed({
  /** Left out, the alarm's own `incidentType` (a hotlist hit's); required for the other alarms. */
  type: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', 'x-expected': "an incident type code such as assault; for a hotlist hit, left out: the alarm's incidentType" })),
  summary: Type.Optional(Line({ maxLength: 500 })),
  /** Where to put the incident: at the camera, or at the object's estimated position. */
  at: Type.Optional(Type.Enum(['camera', 'object'], { 'x-expected': 'camera or object' })),
});
export type AlarmIncidentBody = Static<typeof AlarmIncidentBody>;

export const AlarmIncidentResult = Closed({ alarm: CameraAlarm, incident: IncidentNumber });
