import { Type, type Static } from 'typebox';
import { Closed, Timestamp } from '../core/schema.js';
import { CameraId, CameraStatus } from './camera.js';

/**
 * Camera health: when a camera goes offline or comes back, judged from its heartbeats, and its uptime
 * over a period, computed from the online/offline transitions. Pure: the monitor
 * (camera-health.service.ts) holds the heartbeats in memory and writes the transitions.
 */

/** What the health rules know of a camera at one moment. */
export interface HealthState {
  readonly status: CameraStatus;
  /** The newest heartbeat this process received, epoch ms; null before the first. */
  readonly lastBeatMs: number | null;
  /** Since when this process watches the camera (its start, or the camera's registration). */
  readonly watchedSinceMs: number;
}

/** Why a camera went offline. */
export const OfflineReason = {
  /** No heartbeat for AMANE_CAMERA_OFFLINE_SECONDS. */
  silent: 'silent',
  /** The recorder (Frigate) that reported for it announced it stopped (`<prefix>/available` offline). */
  recorderOffline: 'recorder_offline',
} as const;
export type OfflineReason = (typeof OfflineReason)[keyof typeof OfflineReason];

/**
 * The status a camera moves to now, or undefined when it stays. An online camera silent for longer
 * than `offlineMs` goes offline (counting from when it was first watched, so a restart of the centre
 * gives every camera a full period to be heard); an offline or never-heard (unknown) camera with a
 * heartbeat within `offlineMs` comes online. A camera in maintenance is left alone: people decided.
 */
export function judgeHealth(camera: HealthState, nowMs: number, offlineMs: number): 'online' | 'offline' | undefined {
  const heardMs = Math.max(camera.lastBeatMs ?? -Infinity, camera.watchedSinceMs);
  switch (camera.status) {
    case CameraStatus.online:
      return nowMs - heardMs > offlineMs ? CameraStatus.offline : undefined;
    case CameraStatus.offline:
    case CameraStatus.unknown:
      return camera.lastBeatMs !== null && nowMs - camera.lastBeatMs <= offlineMs ? CameraStatus.online : undefined;
    case CameraStatus.maintenance:
      return undefined;
  }
}

/** A change of a camera's status at a time, as the transitions table keeps them. */
export interface StatusChange {
  readonly atMs: number;
  readonly status: CameraStatus;
}

/** Seconds online and offline over a period, and what share of the watched time was online. */
export interface Uptime {
  readonly onlineS: number;
  readonly offlineS: number;
  /** onlineS / (onlineS + offlineS); null when the camera was neither (never heard, or in maintenance). */
  readonly uptime: number | null;
  /** How many times it went offline during the period. */
  readonly outages: number;
}

/**
 * A camera's uptime over [fromMs, toMs): `before` is its status when the period starts (the last change
 * before it; undefined: none known, counted as unknown), `changes` the changes inside the period, in
 * order. Time in maintenance or unknown counts neither way.
 * @example uptimeOf('online', [{ atMs: 600_000, status: 'offline' }], 0, 3_600_000) // 600 s online, 3000 s offline, 0.167
 */
export function uptimeOf(before: CameraStatus | undefined, changes: readonly StatusChange[], fromMs: number, toMs: number): Uptime {
  let status: CameraStatus = before ?? CameraStatus.unknown;
  let since = fromMs;
  let onlineMs = 0;
  let offlineMs = 0;
  let outages = 0;
  const close = (until: number) => {
    const span = Math.max(0, Math.min(until, toMs) - since);
    if (status === CameraStatus.online) onlineMs += span;
    else if (status === CameraStatus.offline) offlineMs += span;
  };
  for (const change of changes) {
    if (change.atMs < fromMs || change.atMs >= toMs) continue;
    close(change.atMs);
    if (change.status === CameraStatus.offline && status !== CameraStatus.offline) outages += 1;
    status = change.status;
    since = change.atMs;
  }
  close(toMs);
  return { onlineS: onlineMs / 1_000, offlineS: offlineMs / 1_000, uptime: ratio(onlineMs, offlineMs), outages };
}

/** Adds up uptimes (a district's cameras). */
export function sumUptime(parts: readonly Uptime[]): Uptime {
  const onlineS = parts.reduce((sum, p) => sum + p.onlineS, 0);
  const offlineS = parts.reduce((sum, p) => sum + p.offlineS, 0);
  return { onlineS, offlineS, uptime: ratio(onlineS, offlineS), outages: parts.reduce((sum, p) => sum + p.outages, 0) };
}

function ratio(online: number, offline: number): number | null {
  return online + offline === 0 ? null : Math.round((online / (online + offline)) * 10_000) / 10_000;
}

const StatusSchema = Type.Enum(Object.values(CameraStatus));
const UptimeFields = {
  onlineS: Type.Number(),
  offlineS: Type.Number(),
  uptime: Type.Union([Type.Number(), Type.Null()], { description: 'share of the watched time online, 0 to 1; null when never watched' }),
  outages: Type.Integer(),
};

export const UptimeQuery = Closed({
  from: Timestamp,
  to: Timestamp,
  district: Type.Optional(Type.String({ minLength: 1, maxLength: 40, 'x-expected': 'the code of an imported district' })),
});
export type UptimeQuery = Static<typeof UptimeQuery>;

export const UptimeReport = Closed({
  from: Timestamp,
  to: Timestamp,
  total: Closed({ cameras: Type.Integer(), ...UptimeFields }),
  districts: Type.Array(Closed({ district: Type.Union([Type.String(), Type.Null()]), cameras: Type.Integer(), ...UptimeFields })),
  cameras: Type.Array(Closed({ camera: CameraId, name: Type.String(), district: Type.Union([Type.String(), Type.Null()]), status: StatusSchema, ...UptimeFields })),
});
export type UptimeReport = Static<typeof UptimeReport>;

/** A camera's live health, as the monitor holds it (fresher than the registry's row). */
export const CameraHealth = Closed({
  camera: CameraId,
  name: Type.String(),
  district: Type.Union([Type.String(), Type.Null()]),
  status: StatusSchema,
  /** The newest heartbeat received (or, before one, the last one stored). */
  lastSeenAt: Type.Union([Timestamp, Type.Null()]),
  /** Where the last heartbeat came from: `amane` (heartbeat topic or HTTP), or a Frigate topic prefix. */
  via: Type.Union([Type.String(), Type.Null()]),
  /** Frigate's object counts for the camera (`frigate/<camera>/<object>`), latest values. */
  objects: Type.Record(Type.String(), Type.Integer()),
});
export type CameraHealth = Static<typeof CameraHealth>;

export const HeartbeatBatch = Closed({
  beats: Type.Array(
    Closed({
      camera: CameraId,
      at: Type.Union([Timestamp, Type.Integer({ minimum: 1 })], { 'x-expected': 'an ISO 8601 date-time with its offset, or epoch milliseconds' }),
    }),
    { minItems: 1, maxItems: 5_000, 'x-expected': 'a list of 1 to 5000 heartbeats' },
  ),
});
export type HeartbeatBatch = Static<typeof HeartbeatBatch>;
