import type { EventJson, EventPlace } from './event-json.js';

/** A camera's fields as the journal keeps them (its stream URLs only as the sources it offers). */
export type CameraJournalFields = {
  name: string;
  location: EventPlace;
  heightM: number | null;
  headingDeg: number | null;
  fovDeg: number | null;
  rangeM: number | null;
  ptz: boolean;
  presets: EventJson;
  sources: EventJson;
  device: string | null;
  district: string | null;
  owner: string | null;
  status: string;
};

/** A camera alarm moved along its lifecycle. */
export type AlarmMoved = {
  from: string;
  to: string;
  camera: string;
  reason?: string;
};

/** A hot-list entry as journaled. */
export type HotlistEntryJournal = {
  plate: string;
  text: string;
  note: string | null;
  expiresAt: string | null;
};

/**
 * The cameras module's events: `camera/{id}`, `camera-registry/exports`, `camera-alarm/{id}`,
 * `plate-hotlist/{id}`, `video-wall/{owner}/{name}`, and the link on `incident/{number}`.
 */
export interface CameraEvents {
  /** A camera was registered (by hand, or from an import: `via`). */
  'camera.registered': CameraJournalFields & { via?: string };
  /** A camera's fields changed: only those that changed, and which stream URLs did (never the URLs). */
  'camera.changed': Partial<CameraJournalFields> & { urlsChanged?: string[]; via?: string };
  /** The camera registry was exported, with or without the credentials. */
  'cameras.exported': { format: string; cameras: number; withCredentials: boolean };
  /** An operator pointed a PTZ camera (at a place, a preset or a bearing). */
  'camera.pointed': { type: string; bearingDeg: number; zoom?: number; preset?: string; incident?: string; target?: EventPlace; distanceM: number | null };
  /** A PTZ command could not be delivered to the camera. */
  'camera.point-undelivered': { reason: string };
  /** An operator opened a camera's picture (on a wall, for an incident). */
  'camera.viewed': { incident: string | null; play: string; wall?: string };
  /** A camera fell silent (or reported a fault). */
  'camera.offline': { lastSeenAt: string | null; reason: string; silentForS: number; via: string | null };
  /** A silent camera was heard from again. */
  'camera.online': { lastSeenAt: string; via: string | null };
  /** An alarm was raised: a detection from the video analytics, or a camera gone silent (`source` `health`). */
  'camera_alarm.raised':
    | {
        camera: string;
        kind: string;
        source: string;
        severity: string;
        key: string;
        label: string | null;
        score: number | null;
        plate: string | null;
        hotlist?: { id: string; name: string; reason: string; priority: string };
        firstSeenAt: string | null;
        why?: string;
      }
    | { camera: string; kind: 'camera_offline'; source: 'health'; severity: string; label: string; lastSeenAt: string | null; offlineAfterS: number };
  /** An alarm's severity rose, and why. */
  'camera_alarm.escalated': { from: string; to: string; why: string | null };
  /** An operator took the alarm in hand. */
  'camera_alarm.acknowledged': AlarmMoved;
  /** An operator dismissed the alarm, saying why. */
  'camera_alarm.dismissed': AlarmMoved;
  /** The alarm ended by itself (the camera came back). */
  'camera_alarm.cleared': AlarmMoved & { endedAt: string };
  /** An incident was opened from the alarm, at the object seen or at the camera. */
  'camera_alarm.incident_opened': { from: string; to: string; incident: string; at: string; location: EventPlace };
  /** A camera alarm was linked to the incident opened from it. */
  'incident.camera_alarm_linked': {
    alarm: string;
    camera: string;
    kind: string;
    severity: string;
    label: string | null;
    plate: string | null;
    hotlist: string | null;
    snapshotUrl: string | null;
    clip: string | null;
    locatedAt: string;
  };
  /** A plate hot list was created with its entries. */
  'plate_hotlist.created': {
    name: string;
    reason: string;
    priority: string;
    description: string | null;
    active: boolean;
    expiresAt: string | null;
    entries: HotlistEntryJournal[];
  };
  /** A hot list's fields changed: only those that changed. */
  'plate_hotlist.changed': { name?: string; reason?: string; priority?: string; description?: string | null; active?: boolean; expiresAt?: string | null };
  /** A hot list was deleted, with the plates it held. */
  'plate_hotlist.deleted': { name: string; plates: string[] };
  /** Plates were added to a hot list. */
  'plate_hotlist.entries_added': { entries: HotlistEntryJournal[] };
  /** A plate was taken off a hot list. */
  'plate_hotlist.entry_removed': { plate: string };
  /** A video wall's layout and tiles were saved. */
  'video-wall.saved': { layout: string; tiles: (string | null)[] };
}
