import { Type, type Static } from 'typebox';
import { Closed, Latitude, Longitude, Timestamp, Uuid } from './schema.js';

export { Latitude, Longitude } from './schema.js';
import { UnitKind, UnitStatus } from './unit.js';

/** The shapes of units and stations as the API answers them. */

export const CallSign = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9-]{1,23}$',
  'x-expected': 'a call sign: capital letters, digits and dashes, 2 to 24 characters, such as CASA-PC-12',
});

export const StationCode = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9_-]{1,31}$',
  'x-expected': 'a station code: capital letters, digits, _ and -, 2 to 32 characters',
});

export const UnitKindSchema = Type.Enum(Object.values(UnitKind), { 'x-expected': `one of ${Object.values(UnitKind).join(', ')}` });
export const UnitStatusSchema = Type.Enum(Object.values(UnitStatus), { 'x-expected': `one of ${Object.values(UnitStatus).join(', ')}` });
/** A police station; its jurisdiction is the district (area) of the same code, when there is one. */
export const Station = Closed({
  code: StationCode,
  name: Type.String(),
  nameAr: Type.Union([Type.String(), Type.Null()]),
  /** The district the station answers for. */
  area: Type.Union([Type.String(), Type.Null()]),
  location: Closed({ lat: Latitude, lon: Longitude }),
});
export type Station = Static<typeof Station>;

/** The last position a unit reported. */
export const Position = Closed({
  lat: Type.Number(),
  lon: Type.Number(),
  speedKmh: Type.Union([Type.Number(), Type.Null()]),
  heading: Type.Union([Type.Number(), Type.Null()]),
  accuracyM: Type.Union([Type.Number(), Type.Null()]),
  at: Timestamp,
});
export type Position = Static<typeof Position>;

export const Unit = Closed({
  id: Uuid,
  callSign: CallSign,
  kind: UnitKindSchema,
  station: StationCode,
  capabilities: Type.Array(Type.String()),
  /** Usernames of the officers on board. */
  crew: Type.Array(Type.String()),
  /** The tracker or phone that reports for the unit (a device name). */
  device: Type.Union([Type.String(), Type.Null()]),
  status: UnitStatusSchema,
  statusSince: Timestamp,
  /** The incident the unit is assigned to. */
  incident: Type.Union([Type.String(), Type.Null()]),
  position: Type.Union([Position, Type.Null()]),
  /** Its status has lasted longer than expected (AMANE_UNIT_STATUS_STALE_MINUTES). */
  statusStale: Type.Boolean(),
  /** On duty with no position, or a last position older than AMANE_POSITION_STALE_SECONDS. */
  positionStale: Type.Boolean(),
});
export type Unit = Static<typeof Unit>;
