import { Type, type Static } from 'typebox';
import { DomainError } from '../core/errors.js';
import { Closed, Line, Timestamp, Uuid } from '../core/schema.js';
import { Capability } from '../incidents/incident-type.js';

/** What a unit is; the console draws each kind with its own icon. */
export const UnitKind = {
  patrolCar: 'patrol_car',
  motorcycle: 'motorcycle',
  footPatrol: 'foot_patrol',
  trafficUnit: 'traffic_unit',
  interventionBrigade: 'intervention_brigade',
  eodSquad: 'eod_squad',
  canineUnit: 'canine_unit',
} as const;
export type UnitKind = (typeof UnitKind)[keyof typeof UnitKind];

/** Where a unit stands. */
export const UnitStatus = {
  available: 'available',
  dispatched: 'dispatched',
  enRoute: 'en_route',
  onScene: 'on_scene',
  /** On other duty (an arrest, a report, a break): not available for calls. */
  busy: 'busy',
  outOfService: 'out_of_service',
  offDuty: 'off_duty',
} as const;
export type UnitStatus = (typeof UnitStatus)[keyof typeof UnitStatus];

const S = UnitStatus;

/**
 * The statuses a unit may move to from each status, in one table. `dispatched` is reached only through
 * an assignment (the dispatch module); the others are set by the unit's crew or the console.
 */
export const unitTransitions: Readonly<Record<UnitStatus, readonly UnitStatus[]>> = {
  available: [S.dispatched, S.busy, S.outOfService, S.offDuty],
  dispatched: [S.enRoute, S.onScene, S.available],
  en_route: [S.onScene, S.available],
  on_scene: [S.available, S.busy],
  busy: [S.available, S.dispatched, S.outOfService, S.offDuty],
  out_of_service: [S.available, S.offDuty],
  off_duty: [S.available],
};

/** Statuses that are expected to end: held longer than the stale setting, the unit is flagged. */
export const statusesThatGoStale: ReadonlySet<UnitStatus> = new Set([S.dispatched, S.enRoute, S.onScene, S.busy]);

/** Statuses that take a unit off its incident: moving to one ends the assignment. */
export const statusesOffIncident: ReadonlySet<UnitStatus> = new Set([S.available, S.offDuty, S.outOfService]);

/** Statuses of units at work, whose position is expected to be fresh. */
export const onDutyStatuses: ReadonlySet<UnitStatus> = new Set([S.available, S.dispatched, S.enRoute, S.onScene, S.busy]);

/**
 * The next status, or a refusal naming the allowed ones:
 * "unit CASA-PC-12 is `off_duty`; en_route is not allowed; allowed: available".
 */
export function checkUnitTransition(callSign: string, from: UnitStatus, to: UnitStatus): void {
  const allowed = unitTransitions[from];
  if (!allowed.includes(to)) {
    throw new DomainError('invalid_transition', `unit ${callSign} is \`${from}\`; ${to} is not allowed; allowed: ${allowed.join(', ') || 'none'}`, {
      allowed: [...allowed],
    });
  }
}

export function unitStream(callSign: string): string {
  return `unit/${callSign}`;
}

export function stationStream(code: string): string {
  return `station/${code}`;
}

export const CallSign = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9-]{1,23}$',
  'x-expected': 'a call sign: capital letters, digits and dashes, 2 to 24 characters, such as CASA-PC-12',
});

export const StationCode = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9_-]{1,31}$',
  'x-expected': 'a station code: capital letters, digits, _ and -, 2 to 32 characters',
});

const Latitude = Type.Number({ minimum: -90, maximum: 90, 'x-expected': 'a latitude from -90 to 90' });
const Longitude = Type.Number({ minimum: -180, maximum: 180, 'x-expected': 'a longitude from -180 to 180' });
const KindSchema = Type.Enum(Object.values(UnitKind), { 'x-expected': `one of ${Object.values(UnitKind).join(', ')}` });
const StatusSchema = Type.Enum(Object.values(UnitStatus), { 'x-expected': `one of ${Object.values(UnitStatus).join(', ')}` });
const CapabilitySchema = Type.Enum(Object.values(Capability), { 'x-expected': `one of ${Object.values(Capability).join(', ')}` });

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

export const NewStation = Closed({
  code: StationCode,
  name: Line({ maxLength: 120 }),
  nameAr: Type.Optional(Line({ maxLength: 120 })),
  area: Type.Optional(Type.String({ maxLength: 40 })),
  location: Closed({ lat: Latitude, lon: Longitude }),
});
export type NewStation = Static<typeof NewStation>;

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
  kind: KindSchema,
  station: StationCode,
  capabilities: Type.Array(Type.String()),
  /** Usernames of the officers on board. */
  crew: Type.Array(Type.String()),
  /** The tracker or phone that reports for the unit (a device name). */
  device: Type.Union([Type.String(), Type.Null()]),
  status: StatusSchema,
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

export const NewUnit = Closed({
  callSign: CallSign,
  kind: KindSchema,
  station: StationCode,
  capabilities: Type.Optional(Type.Array(CapabilitySchema, { uniqueItems: true, maxItems: 8 })),
  crew: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9._-]{1,39}$', 'x-expected': 'a username' }), { uniqueItems: true, maxItems: 12 })),
  device: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
});
export type NewUnit = Static<typeof NewUnit>;

/** A change to a unit's make-up; absent fields stay as they are, `device: null` unbinds the tracker. */
export const UnitChange = Closed({
  kind: Type.Optional(KindSchema),
  station: Type.Optional(StationCode),
  capabilities: Type.Optional(Type.Array(CapabilitySchema, { uniqueItems: true, maxItems: 8 })),
  crew: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9._-]{1,39}$', 'x-expected': 'a username' }), { uniqueItems: true, maxItems: 12 })),
  device: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 80 }), Type.Null()])),
});
export type UnitChange = Static<typeof UnitChange>;

export const StatusChange = Closed({
  status: StatusSchema,
  reason: Type.Optional(Line({ maxLength: 300 })),
});
