/**
 * The cameras' statuses, the video wall's layouts and the camera alarms' kinds, severities and statuses,
 * as the server and the console share them.
 */

/** Where a camera stands: set by the health checks (online, offline) or by a manager (maintenance). */
export const CameraStatus = {
  online: 'online',
  offline: 'offline',
  maintenance: 'maintenance',
  unknown: 'unknown',
} as const;
export type CameraStatus = (typeof CameraStatus)[keyof typeof CameraStatus];

/** Video-wall layouts: tiles in a square, row by row. */
export const WallLayout = { one: '1x1', four: '2x2', nine: '3x3', sixteen: '4x4' } as const;
export type WallLayout = (typeof WallLayout)[keyof typeof WallLayout];
export const wallLayouts: readonly WallLayout[] = Object.values(WallLayout);

export const wallTileCount: Readonly<Record<WallLayout, number>> = { '1x1': 1, '2x2': 4, '3x3': 9, '4x4': 16 };

/** What a player opens: WebRTC, else HLS, else the latest snapshot, else nothing. */
export const PlayKind = { webrtc: 'webrtc', hls: 'hls', snapshot: 'snapshot', none: 'none' } as const;
export type PlayKind = (typeof PlayKind)[keyof typeof PlayKind];

/** Why plates are on a list; carried by every alarm a match raises. */
export const HotlistReason = {
  stolenVehicle: 'stolen_vehicle',
  wantedPerson: 'wanted_person',
  missingPerson: 'missing_person',
  /** Be on the lookout: a vehicle seen at a crime, an unpaid ticket with a warrant... */
  lookout: 'lookout',
  other: 'other',
} as const;
export type HotlistReason = (typeof HotlistReason)[keyof typeof HotlistReason];

/** P1 the most urgent, as incident priorities. */
export const HotlistPriority = { p1: 'P1', p2: 'P2', p3: 'P3', p4: 'P4' } as const;
export type HotlistPriority = (typeof HotlistPriority)[keyof typeof HotlistPriority];

/** Least severe first: the order of `severity_rank`. */
export const AlarmSeverity = { low: 'low', medium: 'medium', high: 'high', critical: 'critical' } as const;
export type AlarmSeverity = (typeof AlarmSeverity)[keyof typeof AlarmSeverity];
export const alarmSeverities: readonly AlarmSeverity[] = Object.values(AlarmSeverity);

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
