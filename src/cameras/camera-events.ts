import type { LatLon } from '../geo/geometry.js';
import { AlarmKind, AlarmSeverity, kindSeverity, labelSeverity } from './alarm.js';

/**
 * What cameras and video analytics report, read into Amane's terms: Frigate's MQTT messages as Frigate
 * documents them (docs.frigate.video/integrations/mqtt: `events`, `reviews`, `tracked_object_update`,
 * `stats`, `available`, `<camera>/status/<role>`, `<camera>/<object>` counts) and ONVIF events (ONVIF Core
 * and Analytics specifications: the `tns1:` topics, `PropertyOperation`, `Source` and `Data` simple items)
 * posted over HTTP. Pure: every function takes the decoded message and returns what it says, or why it
 * is refused. The alarm desk (alarm.service.ts) and the health monitor (camera-health.service.ts) act on it.
 */

/** Where a report came from, as counted in `amane_camera_events_total{source}`. */
export const EventSource = { frigate: 'frigate', onvif: 'onvif', heartbeat: 'heartbeat' } as const;
export type EventSource = (typeof EventSource)[keyof typeof EventSource];

/** What became of a report, as counted in `amane_camera_events_total{result}`. */
export const EventResult = {
  accepted: 'accepted',
  /** Well formed, and nothing to do with it (a zone's count, a snapshot, a settings echo). */
  ignored: 'ignored',
  /** Malformed: unreadable JSON, a field missing or of the wrong type, a time in the future. */
  invalid: 'invalid',
  unknownCamera: 'unknown_camera',
  /** The device may not report for that camera. */
  notAllowed: 'not_allowed',
  /** Beyond the limit of reports per camera and device a minute (AMANE_CAMERA_REPORTS_PER_MINUTE). */
  rateLimited: 'rate_limited',
} as const;
export type EventResult = (typeof EventResult)[keyof typeof EventResult];

/** A read that is used, ignored with a reason, or refused with a reason. */
export type Read<T> = { readonly ok: T } | { readonly ignored: string } | { readonly invalid: string };

/** A report from a device may be this far ahead of the centre's clock (a camera's clock drifts). */
export const MAX_CLOCK_AHEAD_MS = 30_000;

/**
 * One report about one thing a camera saw, whatever the source. Reports with the same `key` are about
 * the same thing (a Frigate tracked object, an ONVIF rule firing again) and update one alarm.
 */
export interface Detection {
  readonly source: 'frigate' | 'onvif';
  readonly key: string;
  /** The camera as the source names it: Frigate's camera name, or Amane's camera id (ONVIF over HTTP). */
  readonly camera: string;
  readonly kind: AlarmKind;
  /** `start`, `update`, `end` of something that lasts; `pulse` for an instant (a line crossed). */
  readonly phase: 'start' | 'update' | 'end' | 'pulse';
  /** When it was seen (the frame's time), epoch ms. */
  readonly atMs: number;
  readonly label: string | null;
  readonly subLabel: string | null;
  readonly score: number | null;
  readonly topScore: number | null;
  readonly zones: readonly string[];
  readonly hasSnapshot: boolean;
  readonly hasClip: boolean;
  /** A still image the source gives directly (ONVIF-style events). */
  readonly snapshotUrl: string | null;
  readonly plate: { readonly text: string; readonly score: number | null } | null;
  /** Where the object is, when the source knows. */
  readonly position: LatLon | null;
  readonly severity: AlarmSeverity;
  /** Frigate's id of the tracked object (for the review that names it), else null. */
  readonly frigateId: string | null;
}

/** A Frigate review item: its `alert` or `detection` severity, and the tracked objects it groups. */
export interface Review {
  readonly key: string;
  readonly id: string;
  readonly camera: string;
  readonly phase: 'start' | 'update' | 'end';
  readonly severity: 'alert' | 'detection';
  readonly atMs: number;
  /** Frigate event ids (tracked objects) of the review. */
  readonly detections: readonly string[];
  readonly objects: readonly string[];
  readonly subLabels: readonly string[];
  readonly zones: readonly string[];
  readonly audio: readonly string[];
}

/** A license plate Frigate read on a tracked object (`frigate/tracked_object_update`, type `lpr`). */
export interface PlateRead {
  readonly frigateId: string;
  readonly camera: string;
  readonly text: string;
  readonly score: number | null;
  readonly atMs: number;
}

/** What one Frigate topic is, under one of the configured topic prefixes. */
export type FrigateTopic =
  | { readonly kind: 'events' | 'reviews' | 'tracked_object_update' | 'available' | 'stats' }
  | { readonly kind: 'camera_status'; readonly camera: string; readonly role: string }
  | { readonly kind: 'motion'; readonly camera: string }
  | { readonly kind: 'count'; readonly camera: string; readonly object: string }
  | { readonly kind: 'other' };

/** Camera-level topics that are not object counts (Frigate's settings, states and media). */
const NOT_AN_OBJECT = new Set([
  'motion', 'detect', 'recordings', 'snapshots', 'audio', 'ptz', 'ptz_autotracker', 'birdseye', 'birdseye_mode', 'improve_contrast',
  'motion_threshold', 'motion_contour_area', 'review_status', 'review_alerts', 'review_detections', 'notifications', 'enabled', 'status',
  'object_descriptions', 'review_descriptions', 'lpr', 'face_recognition', 'set', 'state',
]);

/**
 * Classifies a topic below `prefix` (Frigate's `topic_prefix`, `frigate` by default). `<prefix>/<x>/<y>`
 * is a camera's or a zone's object count: Frigate gives both the same shape, and only the registry
 * tells a camera's name from a zone's.
 */
export function frigateTopic(prefix: string, topic: string): FrigateTopic {
  const levels = topic.slice(prefix.length + 1).split('/');
  if (levels.length === 1) {
    const [name] = levels as [string];
    if (name === 'events' || name === 'reviews' || name === 'tracked_object_update' || name === 'available' || name === 'stats') return { kind: name };
    return { kind: 'other' };
  }
  const [camera, second, third] = levels as [string, string, string | undefined];
  if (levels.length === 3 && second === 'status') return { kind: 'camera_status', camera, role: third! };
  if (levels.length === 2 && second === 'motion') return { kind: 'motion', camera };
  if (levels.length === 2 && !NOT_AN_OBJECT.has(second) && camera !== 'notifications') return { kind: 'count', camera, object: second };
  return { kind: 'other' };
}

const MAX_ID_LENGTH = 100;
const MAX_TEXT_LENGTH = 200;

/**
 * Reads a `frigate/events` message: `{type: new|update|end, before, after}`, where `after` is the tracked
 * object now (`id`, `camera`, `label`, `sub_label`, `top_score`, `score`, `start_time`, `end_time`,
 * `frame_time`, `current_zones`, `entered_zones`, `has_snapshot`, `has_clip`, `false_positive`, and from
 * Frigate 0.16 `recognized_license_plate` with `recognized_license_plate_score`). Times are Unix seconds.
 */
export function readFrigateEvent(message: unknown): Read<Detection> {
  if (!isObject(message)) return { invalid: 'must be a JSON object {type, before, after}' };
  const phase = PHASES[String(message.type)];
  if (phase === undefined) return { invalid: 'type: must be new, update or end' };
  const after = message.after;
  if (!isObject(after)) return { invalid: 'after: must be the tracked object' };
  const id = text(after.id, MAX_ID_LENGTH);
  if (id === undefined) return { invalid: 'after.id: must be the tracked object id' };
  const camera = text(after.camera, MAX_TEXT_LENGTH);
  if (camera === undefined) return { invalid: 'after.camera: must be the camera name' };
  const label = text(after.label, MAX_TEXT_LENGTH);
  if (label === undefined) return { invalid: 'after.label: must be the object label' };
  const start = seconds(after.start_time);
  if (start === undefined) return { invalid: 'after.start_time: must be Unix seconds' };
  const end = after.end_time === null || after.end_time === undefined ? null : seconds(after.end_time);
  if (end === undefined) return { invalid: 'after.end_time: must be Unix seconds or null' };
  const frame = after.frame_time === undefined || after.frame_time === null ? null : seconds(after.frame_time);
  if (frame === undefined) return { invalid: 'after.frame_time: must be Unix seconds' };
  const score = optionalScore(after.score);
  if (score === undefined) return { invalid: 'after.score: must be a number from 0 to 1' };
  const topScore = optionalScore(after.top_score);
  if (topScore === undefined) return { invalid: 'after.top_score: must be a number from 0 to 1' };
  const subLabel = readSubLabel(after.sub_label);
  if (subLabel === undefined) return { invalid: 'after.sub_label: must be null, a text, or [text, score]' };
  const current = textList(after.current_zones);
  const entered = textList(after.entered_zones);
  if (current === undefined || entered === undefined) return { invalid: 'after.current_zones, after.entered_zones: must be lists of zone names' };
  for (const flag of ['has_snapshot', 'has_clip', 'false_positive'] as const) {
    if (after[flag] !== undefined && typeof after[flag] !== 'boolean') return { invalid: `after.${flag}: must be true or false` };
  }
  const plateText = after.recognized_license_plate === undefined || after.recognized_license_plate === null ? null : text(after.recognized_license_plate, 40);
  if (plateText === undefined) return { invalid: 'after.recognized_license_plate: must be the plate read, or null' };
  const plateScore = optionalScore(after.recognized_license_plate_score);
  if (plateScore === undefined) return { invalid: 'after.recognized_license_plate_score: must be a number from 0 to 1' };
  if (after.false_positive === true) return { ignored: 'a false positive' };
  return {
    ok: {
      source: 'frigate',
      key: `frigate:event:${id}`,
      camera,
      kind: AlarmKind.object,
      phase: phase === 'end' || end !== null ? 'end' : phase,
      atMs: Math.round((end ?? frame ?? start) * 1_000),
      label,
      subLabel,
      score,
      topScore,
      zones: [...new Set([...entered, ...current])],
      hasSnapshot: after.has_snapshot === true,
      hasClip: after.has_clip === true,
      snapshotUrl: null,
      plate: plateText === null ? null : { text: plateText, score: plateScore },
      position: null,
      severity: labelSeverity(label),
      frigateId: id,
    },
  };
}

/**
 * Reads a `frigate/reviews` message: `{type, before, after}` where `after` is the review item (`id`,
 * `camera`, `start_time`, `end_time`, `severity`: `alert` or `detection`, `data`: `detections` (the
 * tracked objects' ids), `objects`, `sub_labels`, `zones`, `audio`).
 */
export function readFrigateReview(message: unknown): Read<Review> {
  if (!isObject(message)) return { invalid: 'must be a JSON object {type, before, after}' };
  const phase = PHASES[String(message.type)];
  if (phase === undefined) return { invalid: 'type: must be new, update or end' };
  const after = message.after;
  if (!isObject(after)) return { invalid: 'after: must be the review item' };
  const id = text(after.id, MAX_ID_LENGTH);
  if (id === undefined) return { invalid: 'after.id: must be the review id' };
  const camera = text(after.camera, MAX_TEXT_LENGTH);
  if (camera === undefined) return { invalid: 'after.camera: must be the camera name' };
  const severity = after.severity;
  if (severity !== 'alert' && severity !== 'detection') return { invalid: 'after.severity: must be alert or detection' };
  const start = seconds(after.start_time);
  if (start === undefined) return { invalid: 'after.start_time: must be Unix seconds' };
  const end = after.end_time === null || after.end_time === undefined ? null : seconds(after.end_time);
  if (end === undefined) return { invalid: 'after.end_time: must be Unix seconds or null' };
  const data = after.data;
  if (!isObject(data)) return { invalid: 'after.data: must be {detections, objects, sub_labels, zones, audio}' };
  const lists: Record<string, string[]> = {};
  for (const name of ['detections', 'objects', 'sub_labels', 'zones', 'audio'] as const) {
    const list = data[name] === undefined ? [] : textList(data[name]);
    if (list === undefined) return { invalid: `after.data.${name}: must be a list of texts` };
    lists[name] = list;
  }
  return {
    ok: {
      key: `frigate:review:${id}`,
      id,
      camera,
      phase: end !== null ? 'end' : phase,
      severity,
      atMs: Math.round((end ?? start) * 1_000),
      detections: lists.detections!,
      objects: lists.objects!,
      subLabels: lists.sub_labels!,
      zones: lists.zones!,
      audio: lists.audio!,
    },
  };
}

/**
 * An audio-only review (no tracked object to hang it on) as a detection of its own; a review with
 * tracked objects raises their alarms instead (see the alarm desk).
 */
export function audioDetection(review: Review): Detection | undefined {
  if (review.detections.length > 0 || review.audio.length === 0) return undefined;
  const label = review.audio[0]!;
  const severity = labelSeverity(label);
  return {
    source: 'frigate',
    key: review.key,
    camera: review.camera,
    kind: AlarmKind.audio,
    phase: review.phase,
    atMs: review.atMs,
    label,
    subLabel: review.audio.length > 1 ? review.audio.slice(1).join(', ') : null,
    score: null,
    topScore: null,
    zones: review.zones,
    hasSnapshot: false,
    hasClip: false,
    snapshotUrl: null,
    plate: null,
    position: null,
    severity: review.severity === 'alert' && severity === AlarmSeverity.low ? AlarmSeverity.medium : severity,
    frigateId: null,
  };
}

/**
 * Reads a `frigate/tracked_object_update` message. Type `lpr` (`{type, id, camera, plate, score, name,
 * timestamp}`) is a plate read on a tracked object; the other types (`description`, `face`...) carry
 * nothing an alarm uses.
 */
export function readTrackedObjectUpdate(message: unknown): Read<PlateRead> {
  if (!isObject(message)) return { invalid: 'must be a JSON object {type, id, ...}' };
  const type = text(message.type, 40);
  if (type === undefined) return { invalid: 'type: must be the kind of update' };
  if (type !== 'lpr') return { ignored: `a ${type} update` };
  const id = text(message.id, MAX_ID_LENGTH);
  if (id === undefined) return { invalid: 'id: must be the tracked object id' };
  const camera = text(message.camera, MAX_TEXT_LENGTH);
  if (camera === undefined) return { invalid: 'camera: must be the camera name' };
  const plate = text(message.plate, 40);
  if (plate === undefined) return { invalid: 'plate: must be the plate read' };
  const score = optionalScore(message.score);
  if (score === undefined) return { invalid: 'score: must be a number from 0 to 1' };
  const at = seconds(message.timestamp);
  if (at === undefined) return { invalid: 'timestamp: must be Unix seconds' };
  return { ok: { frigateId: id, camera, text: plate, score, atMs: Math.round(at * 1_000) } };
}

/**
 * The cameras `frigate/stats` shows receiving frames (`cameras.<name>.camera_fps` above 0): alive, as
 * far as Frigate can tell. Frigate publishes stats every `mqtt.stats_interval` seconds (60 by default):
 * set it below AMANE_CAMERA_OFFLINE_SECONDS for stats to keep cameras online on their own.
 */
export function readFrigateStats(message: unknown): Read<{ live: string[]; still: string[] }> {
  if (!isObject(message) || !isObject(message.cameras)) return { invalid: 'must be a JSON object with cameras: {<name>: {camera_fps, ...}}' };
  const live: string[] = [];
  const still: string[] = [];
  for (const [name, stats] of Object.entries(message.cameras)) {
    if (!isObject(stats) || typeof stats.camera_fps !== 'number') return { invalid: `cameras.${name}.camera_fps: must be a number` };
    (stats.camera_fps > 0 ? live : still).push(name);
  }
  return { ok: { live, still } };
}

/** A Frigate on/off word (`online`/`offline`, `ON`/`OFF`), or undefined. */
export function readFrigateWord(payload: string): string | undefined {
  const word = payload.trim();
  return /^[A-Za-z_]{1,20}$/.test(word) ? word : undefined;
}

/** ONVIF topics Amane acts on and what they mean; any other topic is ignored (and counted). */
const ONVIF_TOPICS: Readonly<Record<string, { kind: 'motion' | 'tamper' | 'line_crossing' | 'intrusion'; item: string | null; label: string }>> = {
  'tns1:VideoSource/MotionAlarm': { kind: 'motion', item: 'State', label: 'motion' },
  'tns1:RuleEngine/CellMotionDetector/Motion': { kind: 'motion', item: 'IsMotion', label: 'motion' },
  'tns1:VideoSource/GlobalSceneChange/ImagingService': { kind: 'tamper', item: 'State', label: 'scene_change' },
  'tns1:VideoSource/GlobalSceneChange/AnalyticsService': { kind: 'tamper', item: 'State', label: 'scene_change' },
  'tns1:VideoSource/GlobalSceneChange/RecordingService': { kind: 'tamper', item: 'State', label: 'scene_change' },
  'tns1:VideoSource/ImageTooBlurry/ImagingService': { kind: 'tamper', item: 'State', label: 'image_too_blurry' },
  'tns1:VideoSource/ImageTooDark/ImagingService': { kind: 'tamper', item: 'State', label: 'image_too_dark' },
  'tns1:VideoSource/ImageTooBright/ImagingService': { kind: 'tamper', item: 'State', label: 'image_too_bright' },
  // An instant: an object crossed the line (Data: ObjectId).
  'tns1:RuleEngine/LineDetector/Crossed': { kind: 'line_crossing', item: null, label: 'line_crossed' },
  'tns1:RuleEngine/FieldDetector/ObjectsInside': { kind: 'intrusion', item: 'IsInside', label: 'objects_inside' },
};

/** The ONVIF topics understood, for the documentation and the API description. */
export const onvifTopics: readonly string[] = Object.keys(ONVIF_TOPICS);

/** An ONVIF notification as posted to `POST /cameras/events` (a forwarder's JSON of the SOAP message). */
export interface OnvifEvent {
  /** Amane's camera id. */
  readonly camera: string;
  /** The topic, `tns1:` prefixed, as ONVIF names it. */
  readonly topic: string;
  /** The message's `UtcTime`. */
  readonly utcTime: string;
  /** `Initialized` (the state when subscribing), `Changed`, `Deleted`; absent for instant events. */
  readonly propertyOperation?: 'Initialized' | 'Changed' | 'Deleted';
  /** Source simple items: `VideoSourceConfigurationToken`, `VideoAnalyticsConfigurationToken`, `Rule`, `Source`... */
  readonly source?: Readonly<Record<string, string | number | boolean>>;
  /** Data simple items: `State`, `IsMotion`, `IsInside`, `ObjectId`... (ONVIF sends them as text). */
  readonly data?: Readonly<Record<string, string | number | boolean>>;
  /** Where the object is, when the forwarder knows (radar, calibrated analytics). */
  readonly position?: LatLon;
  readonly snapshotUrl?: string;
}

/**
 * Reads an ONVIF event into a detection. The state items (`State`, `IsMotion`, `IsInside`) start and
 * end what they describe; `LineDetector/Crossed` is an instant. `Initialized` with a false state (the
 * camera telling a new subscriber that nothing is going on) and `Deleted` are ignored. One alarm per
 * camera, kind and rule (or video source): a rule firing again soon after updates it.
 */
export function readOnvifEvent(event: OnvifEvent, nowMs: number): Read<Detection> {
  const meaning = ONVIF_TOPICS[event.topic];
  if (meaning === undefined) return { ignored: `topic ${event.topic} is not one Amane acts on` };
  const atMs = Date.parse(event.utcTime);
  if (Number.isNaN(atMs)) return { invalid: 'utcTime: must be an ISO 8601 date-time' };
  if (atMs > nowMs + MAX_CLOCK_AHEAD_MS) return { invalid: 'utcTime: is in the future (the camera clock is wrong)' };
  if (event.propertyOperation === 'Deleted') return { ignored: 'the property was deleted' };
  let phase: Detection['phase'] = 'pulse';
  if (meaning.item !== null) {
    const state = onvifBoolean(event.data?.[meaning.item]);
    if (state === undefined) return { invalid: `data.${meaning.item}: must be true or false` };
    if (!state && event.propertyOperation === 'Initialized') return { ignored: 'the initial state, and nothing is going on' };
    phase = state ? 'start' : 'end';
  }
  const rule = event.source?.Rule ?? event.source?.VideoSourceConfigurationToken ?? event.source?.VideoSourceToken ?? event.source?.Source;
  const ruleName = rule === undefined ? null : String(rule).slice(0, MAX_TEXT_LENGTH);
  const objectId = event.data?.ObjectId;
  return {
    ok: {
      source: 'onvif',
      key: `onvif:${event.camera}:${meaning.kind}:${ruleName ?? ''}`,
      camera: event.camera,
      kind: meaning.kind,
      phase,
      atMs,
      label: meaning.label,
      subLabel: ruleName ?? (objectId === undefined ? null : `object ${String(objectId).slice(0, 40)}`),
      score: null,
      topScore: null,
      zones: ruleName === null ? [] : [ruleName],
      hasSnapshot: false,
      hasClip: false,
      snapshotUrl: event.snapshotUrl ?? null,
      plate: null,
      position: event.position === undefined ? null : { lat: event.position.lat, lon: event.position.lon },
      severity: kindSeverity[meaning.kind],
      frigateId: null,
    },
  };
}

/** ONVIF's xs:boolean as sent (text `true`/`false`/`1`/`0`) or as JSON. */
function onvifBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === '1' || value === 1) return true;
  if (value === 'false' || value === '0' || value === 0) return false;
  return undefined;
}

/**
 * Reads a heartbeat's payload (`amane/cameras/{id}/heartbeat`): empty, or `{"at": ...}` with an ISO 8601
 * date-time or epoch milliseconds; without `at`, the time it arrived. Returns its time, epoch ms.
 */
export function readHeartbeat(payload: Buffer, nowMs: number): Read<number> {
  if (payload.length === 0) return { ok: nowMs };
  let message: unknown;
  try {
    message = JSON.parse(payload.toString('utf8'));
  } catch {
    return { invalid: 'must be empty or a JSON object {"at": "<ISO 8601>"}' };
  }
  if (!isObject(message)) return { invalid: 'must be empty or a JSON object {"at": "<ISO 8601>"}' };
  for (const key of Object.keys(message)) if (key !== 'at') return { invalid: `${key}: is not a known field (only at)` };
  if (message.at === undefined) return { ok: nowMs };
  return heartbeatTime(message.at, nowMs);
}

/** A heartbeat's time: ISO 8601 text or epoch milliseconds, not in the future. */
export function heartbeatTime(at: unknown, nowMs: number): Read<number> {
  const atMs = typeof at === 'number' && Number.isInteger(at) && at > 0 ? at : typeof at === 'string' && ISO_DATE_TIME.test(at) ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(atMs)) return { invalid: 'at: must be an ISO 8601 date-time with its offset, or epoch milliseconds' };
  if (atMs > nowMs + MAX_CLOCK_AHEAD_MS) return { invalid: 'at: is in the future (the device clock is wrong)' };
  return { ok: atMs };
}

const ISO_DATE_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** Decodes a JSON payload; undefined when it is not JSON. */
export function parseJson(payload: Buffer): unknown {
  try {
    return JSON.parse(payload.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const PHASES: Readonly<Record<string, 'start' | 'update' | 'end'>> = { new: 'start', update: 'update', end: 'end' };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Printable text of 1 to `max` characters, or undefined. */
function text(value: unknown, max: number): string | undefined {
  return typeof value === 'string' && value.length > 0 && value.length <= max && !/\p{Cc}/u.test(value) ? value : undefined;
}

function textList(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 100) return undefined;
  const out: string[] = [];
  for (const item of value) {
    const t = text(item, MAX_TEXT_LENGTH);
    if (t === undefined) return undefined;
    out.push(t);
  }
  return out;
}

/** Unix seconds after 2000 (Frigate's times), or undefined. */
function seconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 946_684_800 && value < 32_503_680_000 ? value : undefined;
}

/** null when absent; undefined when present and not a score. */
function optionalScore(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === 'number' && value >= 0 && value <= 1 ? value : undefined;
}

/** Frigate's `sub_label`: null, a name, or `[name, score]`. */
function readSubLabel(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return text(value, MAX_TEXT_LENGTH);
  if (Array.isArray(value) && (value.length === 1 || value.length === 2)) return text(value[0], MAX_TEXT_LENGTH);
  return undefined;
}
