import { Type, type Static } from 'typebox';
import { Closed, Timestamp } from '../core/schema.js';
import { IncidentNumber } from '../incidents/index.js';

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

export const wallTileCount: Readonly<Record<WallLayout, number>> = { '1x1': 1, '2x2': 4, '3x3': 9, '4x4': 16 };

/** The journal stream of a camera: its registration, changes, PTZ commands and who watched it. */
export function cameraStream(id: string): string {
  return `camera/${id}`;
}

/** The journal stream of a video wall; a shared wall's owner is ''. */
export function videoWallStream(owner: string, name: string): string {
  return `video-wall/${owner === '' ? 'shared' : `user:${owner}`}/${name}`;
}

export const CameraId = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9_-]{1,31}$',
  'x-expected': 'a camera id: capital letters, digits, _ and -, 2 to 32 characters, such as CAM-0001',
});

// Text that reaches a CSV export may not start with = + - @: a spreadsheet would run it as a formula.
const NOT_FORMULA = '^(?![=+@-])[^\\u0000-\\u001F\\u007F-\\u009F]*$';

const Name = Type.String({
  minLength: 1,
  maxLength: 80,
  pattern: NOT_FORMULA,
  'x-expected': 'one line of printable text, 1 to 80 characters, not starting with = + - @ (the name video analytics know the camera by)',
});
const Owner = Type.String({ minLength: 1, maxLength: 80, pattern: NOT_FORMULA, 'x-expected': 'one line of printable text, 1 to 80 characters, not starting with = + - @' });
const Device = Type.String({ minLength: 1, maxLength: 80, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$', 'x-expected': 'a device name: letters, digits, . _ : -, 1 to 80 characters' });
const District = Type.String({ minLength: 1, maxLength: 40, 'x-expected': 'the code of an imported district' });

export const Latitude = Type.Number({ minimum: -90, maximum: 90, 'x-expected': 'a latitude from -90 to 90' });
export const Longitude = Type.Number({ minimum: -180, maximum: 180, 'x-expected': 'a longitude from -180 to 180' });
const Heading = Type.Number({ minimum: 0, exclusiveMaximum: 360, 'x-expected': 'degrees clockwise from north, from 0 to less than 360' });
const FieldOfView = Type.Number({ exclusiveMinimum: 0, maximum: 360, 'x-expected': 'an angle in degrees, more than 0 and at most 360' });
const Range = Type.Number({ exclusiveMinimum: 0, maximum: 5_000, 'x-expected': 'metres, more than 0 and at most 5000' });
const Height = Type.Number({ minimum: 0, maximum: 500, 'x-expected': 'metres above the ground, from 0 to 500' });
const Zoom = Type.Number({ minimum: 1, maximum: 100, 'x-expected': 'a zoom factor from 1 to 100' });

const url = (schemes: readonly string[]) =>
  Type.String({
    maxLength: 500,
    pattern: `^(${schemes.join('|')})://[^\\s\\u0000-\\u001F\\u007F]+$`,
    'x-expected': `a URL starting ${schemes.map((s) => `${s}://`).join(' or ')}, without spaces, at most 500 characters`,
  });
const RtspUrl = url(['rtsp', 'rtsps']);
const HttpUrl = url(['http', 'https']);
const WebrtcUrl = url(['http', 'https', 'ws', 'wss']);

const StatusSchema = Type.Enum(Object.values(CameraStatus), { 'x-expected': `one of ${Object.values(CameraStatus).join(', ')}` });

/** A PTZ position saved on the camera: turn to `headingDeg` (and zoom) by name. */
export const Preset = Closed({
  name: Type.String({ minLength: 1, maxLength: 40, pattern: '^(?![=+@-])[^\\u0000-\\u001F\\u007F-\\u009F:;]*$', 'x-expected': 'a preset name, 1 to 40 characters, without : or ;' }),
  headingDeg: Heading,
  zoom: Type.Optional(Zoom),
});
export type Preset = Static<typeof Preset>;

const Presets = Type.Array(Preset, { maxItems: 64, 'x-expected': 'a list of at most 64 presets' });

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
  status: StatusSchema,
  lastSeenAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Camera = Static<typeof Camera>;

/**
 * A camera as registered, imported or exported. The same fields are the CSV columns (location as `lat`
 * and `lon`) and the GeoJSON properties. Without a district, the one holding the position is taken.
 */
export const NewCamera = Closed({
  id: CameraId,
  name: Name,
  location: Closed({ lat: Latitude, lon: Longitude }, { description: 'Where the camera stands' }),
  heightM: Type.Optional(Height),
  headingDeg: Heading,
  fovDeg: FieldOfView,
  rangeM: Range,
  ptz: Type.Optional(Type.Boolean({ description: 'The camera can pan, tilt and zoom on command' })),
  presets: Type.Optional(Presets),
  streamMain: Type.Optional(RtspUrl),
  streamSub: Type.Optional(RtspUrl),
  streamHls: Type.Optional(HttpUrl),
  streamWebrtc: Type.Optional(WebrtcUrl),
  snapshotUrl: Type.Optional(HttpUrl),
  onvifUrl: Type.Optional(HttpUrl),
  device: Type.Optional(Device),
  district: Type.Optional(District),
  owner: Type.Optional(Owner),
  status: Type.Optional(StatusSchema),
});
export type NewCamera = Static<typeof NewCamera>;

const orNull = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Optional(Type.Union([schema, Type.Null()]));

/** A change to a camera; absent fields stay as they are, `null` clears (a cleared district is computed again). */
export const CameraChange = Closed({
  name: Type.Optional(Name),
  location: Type.Optional(Closed({ lat: Latitude, lon: Longitude }, { description: 'Where the camera stands' })),
  heightM: orNull(Height),
  headingDeg: Type.Optional(Heading),
  fovDeg: Type.Optional(FieldOfView),
  rangeM: Type.Optional(Range),
  ptz: Type.Optional(Type.Boolean({ description: 'The camera can pan, tilt and zoom on command' })),
  presets: Type.Optional(Presets),
  streamMain: orNull(RtspUrl),
  streamSub: orNull(RtspUrl),
  streamHls: orNull(HttpUrl),
  streamWebrtc: orNull(WebrtcUrl),
  snapshotUrl: orNull(HttpUrl),
  onvifUrl: orNull(HttpUrl),
  device: orNull(Device),
  district: orNull(District),
  owner: orNull(Owner),
  status: Type.Optional(StatusSchema),
});
export type CameraChange = Static<typeof CameraChange>;

export const CameraQuery = Closed({
  district: Type.Optional(District),
  status: Type.Optional(StatusSchema),
  ptz: Type.Optional(Type.Boolean({ 'x-expected': 'true or false' })),
});
export type CameraQuery = Static<typeof CameraQuery>;

export const ImportFormat = { csv: 'csv', geojson: 'geojson' } as const;
export type ImportFormat = (typeof ImportFormat)[keyof typeof ImportFormat];

export const CameraImport = Closed({
  format: Type.Enum(Object.values(ImportFormat), { 'x-expected': 'csv or geojson' }),
  content: Type.String({ minLength: 1, maxLength: 20_000_000, 'x-expected': 'the file as text, at most 20 MB' }),
});
export type CameraImport = Static<typeof CameraImport>;

export const ImportResult = Closed({ created: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() });
export type ImportResult = Static<typeof ImportResult>;

/** A camera that sees an incident's place, as the pull-up lists it. */
export const IncidentCamera = Closed({
  id: CameraId,
  name: Type.String(),
  status: StatusSchema,
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

/** Where to point a PTZ camera: an incident's place, a position, or one of its presets. */
export const PointBody = Closed({
  incident: Type.Optional(IncidentNumber),
  lat: Type.Optional(Latitude),
  lon: Type.Optional(Longitude),
  preset: Type.Optional(Type.String({ minLength: 1, maxLength: 40, 'x-expected': 'the name of one of the camera’s presets' })),
  zoom: Type.Optional(Zoom),
});
export type PointBody = Static<typeof PointBody>;

/** What is published on `amane/cameras/{id}/ptz` for the camera's controller. */
export const PtzCommand = Closed({
  type: Type.Literal('point'),
  bearingDeg: Type.Number(),
  preset: Type.Optional(Type.String()),
  zoom: Type.Optional(Type.Number()),
  incident: Type.Optional(Type.String()),
  /** Who asked: `user:alice`. */
  by: Type.String(),
});
export type PtzCommand = Static<typeof PtzCommand>;

export const ViewBody = Closed({ incident: Type.Optional(IncidentNumber) });
export type ViewBody = Static<typeof ViewBody>;

export const PlayKind = { webrtc: 'webrtc', hls: 'hls', snapshot: 'snapshot', none: 'none' } as const;
export type PlayKind = (typeof PlayKind)[keyof typeof PlayKind];

/** What a player should open: WebRTC, else HLS, else the latest snapshot, else nothing. */
export const Play = Closed({ kind: Type.Enum(Object.values(PlayKind)), url: Type.Optional(Type.String()) });
export type Play = Static<typeof Play>;

/** The answer of a journaled view: what to play, and every source the camera has. */
export const CameraView = Closed({
  camera: CameraId,
  name: Type.String(),
  status: StatusSchema,
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

const LayoutSchema = Type.Enum(Object.values(WallLayout), { 'x-expected': `one of ${Object.values(WallLayout).join(', ')}` });

export const WallSave = Closed({
  layout: LayoutSchema,
  /** Camera ids row by row; null leaves a tile empty; missing tiles at the end are empty. */
  tiles: Type.Array(Type.Union([CameraId, Type.Null()]), { maxItems: 16, 'x-expected': 'a list of at most 16 camera ids or nulls' }),
  /** A wall everyone sees (the big wall of the room) instead of one's own. */
  shared: Type.Optional(Type.Boolean({ description: 'Save it as the shared wall every operator can open, rather than as your own' })),
});
export type WallSave = Static<typeof WallSave>;

export const WallQuery = Closed({ shared: Type.Optional(Type.Boolean({ 'x-expected': 'true or false' })) });
export type WallQuery = Static<typeof WallQuery>;

export const WallTile = Closed({
  index: Type.Integer(),
  camera: Type.Union([Closed({ id: CameraId, name: Type.String(), status: StatusSchema }), Type.Null()]),
  /** The URL is given only by `POST /video-walls/{name}/views` (journaled). */
  play: Play,
});
export type WallTile = Static<typeof WallTile>;

export const VideoWall = Closed({
  name: WallName,
  shared: Type.Boolean(),
  /** The operator whose wall it is; null for a shared wall. */
  owner: Type.Union([Type.String(), Type.Null()]),
  layout: LayoutSchema,
  tiles: Type.Array(WallTile),
  updatedBy: Type.String(),
  updatedAt: Timestamp,
});
export type VideoWall = Static<typeof VideoWall>;

export const WallSummary = Closed({
  name: WallName,
  shared: Type.Boolean(),
  owner: Type.Union([Type.String(), Type.Null()]),
  layout: LayoutSchema,
  cameras: Type.Integer(),
  updatedAt: Timestamp,
});
export type WallSummary = Static<typeof WallSummary>;
