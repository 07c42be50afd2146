import { Type, type Static } from 'typebox';
import { lifecycle } from '../contract/lifecycle.js';
import { Closed, Line, Timestamp } from '../core/schema.js';
import type { LatLon } from '../geo/geometry.js';
import { CameraId } from './camera.js';
import { pointAt } from './camera-geometry.js';
import { HotlistPriority, type HotlistReason } from './hotlist.js';
import { AlarmAction, AlarmSeverity, alarmSeverities, AlarmStatus, type AlarmKind } from '../contract/camera.js';
import { AlarmKindSchema, AlarmStatusSchema } from '../contract/camera.schema.js';

// Kinds, severities, statuses and the alarm as answered are the contract's, shared with the console.
export { AlarmAction, AlarmKind, AlarmSeverity, alarmSeverities, AlarmSource, AlarmStatus } from '../contract/camera.js';
export { AlarmIncidentResult, CameraAlarm } from '../contract/camera.schema.js';

/**
 * Camera alarms: one queue for what Frigate, ONVIF cameras, the health checks and the plate hotlists
 * report; their severities, their lifecycle (one table), and the rules that need no I/O.
 */


/** Severities in order, for comparing and sorting (stored beside the name as `severity_rank`). */
export function severityRank(severity: AlarmSeverity): number {
  return alarmSeverities.indexOf(severity);
}

export function maxSeverity(a: AlarmSeverity, b: AlarmSeverity): AlarmSeverity {
  return severityRank(a) >= severityRank(b) ? a : b;
}


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

// Operators are offered every action but the system's `clear`.
const alarmLifecycle = lifecycle(alarmTransitions, { offered: (action) => action !== AlarmAction.clear });

/** Operator actions (the system's `clear` left out), for what the console offers. */
export function allowedAlarmActions(status: AlarmStatus): AlarmAction[] {
  return alarmLifecycle.allowed(status);
}

/** The status after `action`, or a refusal naming what is allowed. */
export function nextAlarmStatus(id: string, status: AlarmStatus, action: AlarmAction): AlarmStatus {
  return alarmLifecycle.check(`camera alarm ${id}`, status, action);
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

const StatusSchema = AlarmStatusSchema;
const KindSchema = AlarmKindSchema;

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

