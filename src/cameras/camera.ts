import { Type, type Static } from 'typebox';
import { Closed } from '../core/schema.js';
import { IncidentNumber } from '../incidents/index.js';
import { CameraId, CameraStatusSchema as StatusSchema, Heading, Preset, WallLayoutSchema, Zoom } from '../contract/camera.schema.js';

// Statuses, layouts and the shapes answered are the contract's, shared with the console.
export { CameraStatus, PlayKind, WallLayout, wallLayouts, wallTileCount } from '../contract/camera.js';
export {
  Camera,
  CameraId,
  CameraSources,
  CameraStatusSchema,
  CameraView,
  IncidentCamera,
  Play,
  Preset,
  VideoWall,
  WallLayoutSchema,
  WallName,
  WallSummary,
  WallTile,
} from '../contract/camera.schema.js';

/** The journal stream of a camera: its registration, changes, PTZ commands and who watched it. */
export function cameraStream(id: string): string {
  return `camera/${id}`;
}

/** The journal stream of a video wall; a shared wall's owner is ''. */
export function videoWallStream(owner: string, name: string): string {
  return `video-wall/${owner === '' ? 'shared' : `user:${owner}`}/${name}`;
}

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
const FieldOfView = Type.Number({ exclusiveMinimum: 0, maximum: 360, 'x-expected': 'an angle in degrees, more than 0 and at most 360' });
const Range = Type.Number({ exclusiveMinimum: 0, maximum: 5_000, 'x-expected': 'metres, more than 0 and at most 5000' });
const Height = Type.Number({ minimum: 0, maximum: 500, 'x-expected': 'metres above the ground, from 0 to 500' });

const url = (schemes: readonly string[]) =>
  Type.String({
    maxLength: 500,
    pattern: `^(${schemes.join('|')})://[^\\s\\u0000-\\u001F\\u007F]+$`,
    'x-expected': `a URL starting ${schemes.map((s) => `${s}://`).join(' or ')}, without spaces, at most 500 characters`,
  });
const RtspUrl = url(['rtsp', 'rtsps']);
const HttpUrl = url(['http', 'https']);
const WebrtcUrl = url(['http', 'https', 'ws', 'wss']);

const Presets = Type.Array(Preset, { maxItems: 64, 'x-expected': 'a list of at most 64 presets' });

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

export const WallSave = Closed({
  layout: WallLayoutSchema,
  /** Camera ids row by row; null leaves a tile empty; missing tiles at the end are empty. */
  tiles: Type.Array(Type.Union([CameraId, Type.Null()]), { maxItems: 16, 'x-expected': 'a list of at most 16 camera ids or nulls' }),
  /** A wall everyone sees (the big wall of the room) instead of one's own. */
  shared: Type.Optional(Type.Boolean({ description: 'Save it as the shared wall every operator can open, rather than as your own' })),
});
export type WallSave = Static<typeof WallSave>;

export const WallQuery = Closed({ shared: Type.Optional(Type.Boolean({ 'x-expected': 'true or false' })) });
export type WallQuery = Static<typeof WallQuery>;

