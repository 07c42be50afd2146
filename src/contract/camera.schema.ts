import { Type, type Static } from 'typebox';
import { AlarmKind, AlarmSource, AlarmStatus, alarmSeverities, CameraStatus, HotlistPriority, HotlistReason, PlayKind, WallLayout } from './camera.js';
import { IncidentNumber } from './incident.schema.js';
import { Closed, Timestamp, Uuid } from './schema.js';

/** The shapes of cameras, video walls and camera alarms as the API answers them. */

export const CameraId = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9_-]{1,31}$',
  'x-expected': 'a camera id: capital letters, digits, _ and -, 2 to 32 characters, such as CAM-0001',
});

export const Heading = Type.Number({ minimum: 0, exclusiveMaximum: 360, 'x-expected': 'degrees clockwise from north, from 0 to less than 360' });
export const Zoom = Type.Number({ minimum: 1, maximum: 100, 'x-expected': 'a zoom factor from 1 to 100' });

export const CameraStatusSchema = Type.Enum(Object.values(CameraStatus), { 'x-expected': `one of ${Object.values(CameraStatus).join(', ')}` });

/** A PTZ position saved on the camera: turn to `headingDeg` (and zoom) by name. */
export const Preset = Closed({
  name: Type.String({ minLength: 1, maxLength: 40, pattern: '^(?![=+@-])[^\\u0000-\\u001F\\u007F-\\u009F:;]*$', 'x-expected': 'a preset name, 1 to 40 characters, without : or ;' }),
  headingDeg: Heading,
  zoom: Type.Optional(Zoom),
});
export type Preset = Static<typeof Preset>;

/**
 * What video a camera offers, without the URLs: they may carry credentials, and are handed out only by
 * the journaled `POST /cameras/{id}/views`.
 */
export const CameraSources = Closed({
  main: Type.Boolean(),
  sub: Type.Boolean(),
  hls: Type.Boolean(),
  webrtc: Type.Boolean(),
  snapshot: Type.Boolean(),
  onvif: Type.Boolean(),
});
export type CameraSources = Static<typeof CameraSources>;

export const Camera = Closed({
  id: CameraId,
  name: Type.String(),
  location: Closed({ lat: Type.Number(), lon: Type.Number() }),
  heightM: Type.Union([Type.Number(), Type.Null()]),
  headingDeg: Type.Number(),
  fovDeg: Type.Number(),
  rangeM: Type.Number(),
  ptz: Type.Boolean(),
  presets: Type.Array(Preset),
  sources: CameraSources,
  /** The controller device (MQTT) that moves it and reports for it. */
  device: Type.Union([Type.String(), Type.Null()]),
  district: Type.Union([Type.String(), Type.Null()]),
  owner: Type.Union([Type.String(), Type.Null()]),
  status: CameraStatusSchema,
  lastSeenAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Camera = Static<typeof Camera>;

/** A camera that sees an incident's place, as the pull-up lists it (`GET /incidents/{number}/cameras`, nearest first). */
export const IncidentCamera = Closed({
  id: CameraId,
  name: Type.String(),
  status: CameraStatusSchema,
  /** Offline or in maintenance: listed, but it will likely show nothing. */
  unavailable: Type.Boolean(),
  ptz: Type.Boolean(),
  distanceM: Type.Number(),
  /** From the camera to the place, degrees clockwise from north: where to turn a PTZ camera. */
  bearingDeg: Type.Number(),
  /** PTZ with presets: the preset nearest that bearing, and how far from it (degrees). */
  preset: Type.Union([Closed({ name: Type.String(), headingDeg: Type.Number(), zoom: Type.Optional(Type.Number()), offsetDeg: Type.Number() }), Type.Null()]),
  sources: CameraSources,
});
export type IncidentCamera = Static<typeof IncidentCamera>;

/** What a player should open: WebRTC, else HLS, else the latest snapshot, else nothing. */
export const Play = Closed({ kind: Type.Enum(Object.values(PlayKind)), url: Type.Optional(Type.String()) });
export type Play = Static<typeof Play>;

/** The answer of a journaled view: what to play, and every source the camera has. */
export const CameraView = Closed({
  camera: CameraId,
  name: Type.String(),
  status: CameraStatusSchema,
  at: Timestamp,
  incident: Type.Union([Type.String(), Type.Null()]),
  play: Play,
  streams: Closed({
    main: Type.Union([Type.String(), Type.Null()]),
    sub: Type.Union([Type.String(), Type.Null()]),
    hls: Type.Union([Type.String(), Type.Null()]),
    webrtc: Type.Union([Type.String(), Type.Null()]),
    snapshot: Type.Union([Type.String(), Type.Null()]),
  }),
});
export type CameraView = Static<typeof CameraView>;

export const WallName = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,39}$', 'x-expected': 'a wall name: lower-case letters, digits and -, 1 to 40 characters, such as big-wall' });

export const WallLayoutSchema = Type.Enum(Object.values(WallLayout), { 'x-expected': `one of ${Object.values(WallLayout).join(', ')}` });

export const WallTile = Closed({
  index: Type.Integer(),
  camera: Type.Union([Closed({ id: CameraId, name: Type.String(), status: CameraStatusSchema }), Type.Null()]),
  /** The URL is given only by `POST /video-walls/{name}/views` (journaled). */
  play: Play,
});
export type WallTile = Static<typeof WallTile>;

export const VideoWall = Closed({
  name: WallName,
  shared: Type.Boolean(),
  /** The operator whose wall it is; null for a shared wall. */
  owner: Type.Union([Type.String(), Type.Null()]),
  layout: WallLayoutSchema,
  tiles: Type.Array(WallTile),
  updatedBy: Type.String(),
  updatedAt: Timestamp,
});
export type VideoWall = Static<typeof VideoWall>;

export const WallSummary = Closed({
  name: WallName,
  shared: Type.Boolean(),
  owner: Type.Union([Type.String(), Type.Null()]),
  layout: WallLayoutSchema,
  cameras: Type.Integer(),
  updatedAt: Timestamp,
});
export type WallSummary = Static<typeof WallSummary>;

export const AlarmSeveritySchema = Type.Enum(alarmSeverities, { 'x-expected': `one of ${alarmSeverities.join(', ')}` });
export const AlarmStatusSchema = Type.Enum(Object.values(AlarmStatus), { 'x-expected': `one of ${Object.values(AlarmStatus).join(', ')}` });
export const AlarmKindSchema = Type.Enum(Object.values(AlarmKind), { 'x-expected': `one of ${Object.values(AlarmKind).join(', ')}` });
const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** One alarm of the queue (`GET /camera-alarms`): what Frigate, ONVIF, the health checks or a hotlist raised. */
export const CameraAlarm = Closed({
  id: Uuid,
  camera: CameraId,
  cameraName: Type.String(),
  kind: AlarmKindSchema,
  source: Type.Enum(Object.values(AlarmSource)),
  severity: AlarmSeveritySchema,
  status: AlarmStatusSchema,
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

/** An alarm turned into an incident, and the incident's number. */
export const AlarmIncidentResult = Closed({ alarm: CameraAlarm, incident: IncidentNumber });
export type AlarmIncidentResult = Static<typeof AlarmIncidentResult>;
