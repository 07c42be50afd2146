import { Type, type Static } from 'typebox';
import { Recommendation } from './dispatch.schema.js';
import { CordonStatus, DeploymentOutcome, EquipmentKind, EtaMethod, Readiness } from './eod.js';
import { CallSign } from './unit.schema.js';
import { Closed, Line, Text, Timestamp, Uuid } from './schema.js';

/** The shapes of EOD squads, deployments, the stand-off table, cordons and road closures as the API answers them. */

export const EquipmentKindSchema = Type.Enum(Object.values(EquipmentKind), { 'x-expected': `one of ${Object.values(EquipmentKind).join(', ')}` });
export const ReadinessSchema = Type.Enum(Object.values(Readiness), { 'x-expected': `one of ${Object.values(Readiness).join(', ')}` });
export const DeploymentOutcomeSchema = Type.Enum(Object.values(DeploymentOutcome), { 'x-expected': `one of ${Object.values(DeploymentOutcome).join(', ')}` });
export const LocalDate = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', 'x-expected': 'a date such as 2027-03-31' });

export const DeviceClassCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', 'x-expected': 'a device class code such as pipe_bomb' });

const Labels = Closed({ ar: Line({ maxLength: 80 }), fr: Line({ maxLength: 80 }), en: Line({ maxLength: 80 }) }, { description: 'The name shown, in each language of the console' });
const Metres = Type.Integer({ minimum: 1, maximum: 20_000, 'x-expected': 'a whole number of metres from 1 to 20000' });

export const StandoffClass = Closed({
  code: DeviceClassCode,
  labels: Labels,
  explosivesKg: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000, description: 'Explosives the class may hold, kg of TNT equivalent (informative)' })),
  /** Everyone out within this distance. */
  mandatoryM: Metres,
  /** Evacuate to this distance where possible; between the two, shelter in place. */
  preferredM: Metres,
});
export type StandoffClass = Static<typeof StandoffClass>;

export const StandoffTable = Closed({
  /** Where the distances come from: kept with the table and shown with it. */
  source: Text({ maxLength: 1_000 }),
  note: Type.Optional(Text({ maxLength: 1_000 })),
  classes: Type.Array(StandoffClass, { minItems: 1, maxItems: 40, description: 'Every class of the NCTC/DHS chart, and any added; each code once' }),
});
export type StandoffTable = Static<typeof StandoffTable>;

/** The stand-off table in force, with who last saved it. */
export const StandoffTableInForce = Closed({
  table: StandoffTable,
  /** When an administrator last saved it; null: the shipped table. */
  updatedAt: Type.Union([Timestamp, Type.Null()]),
  updatedBy: Type.Union([Type.String(), Type.Null()]),
});
export type StandoffTableInForce = Static<typeof StandoffTableInForce>;

export const Equipment = Closed({
  id: Uuid,
  kind: EquipmentKindSchema,
  label: Type.String(),
  readiness: ReadinessSchema,
  /** The next maintenance date; null when none is planned. */
  nextMaintenance: Type.Union([LocalDate, Type.Null()]),
  /** The maintenance date has come (the item may still be marked ready). */
  maintenanceDue: Type.Boolean(),
});
export type Equipment = Static<typeof Equipment>;

/** A squad (`GET /eod/squads`): its unit status and incident, crew and equipment. */
export const Squad = Closed({
  callSign: CallSign,
  city: Type.String(),
  station: Type.String(),
  /** The squad's unit status (`available`, `dispatched`...). */
  status: Type.String(),
  incident: Type.Union([Type.String(), Type.Null()]),
  crew: Type.Array(Type.String()),
  equipment: Type.Array(Equipment),
  /** No robot ready: still sent, ranked after squads that are not (see docs/eod.md). */
  degraded: Type.Boolean(),
  degradedReasons: Type.Array(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Squad = Static<typeof Squad>;

export const Deployment = Closed({
  id: Uuid,
  squad: Type.String(),
  incident: Type.String(),
  /** The device class when the squad was alerted, then as confirmed. */
  deviceClass: Type.Union([Type.String(), Type.Null()]),
  alertedAt: Timestamp,
  departedAt: Type.Union([Timestamp, Type.Null()]),
  onSceneAt: Type.Union([Timestamp, Type.Null()]),
  neutralisedAt: Type.Union([Timestamp, Type.Null()]),
  clearedAt: Type.Union([Timestamp, Type.Null()]),
  /** Equipment items used, by id, with their kind and label. */
  equipmentUsed: Type.Array(Closed({ id: Type.String(), kind: Type.String(), label: Type.String() })),
  outcome: Type.Union([DeploymentOutcomeSchema, Type.Null()]),
  notes: Type.Union([Type.String(), Type.Null()]),
  /** Great-circle distance from the squad's station to the scene, km. */
  distanceKm: Type.Union([Type.Number(), Type.Null()]),
});
export type Deployment = Static<typeof Deployment>;

const Point = Closed({ lat: Type.Number({ minimum: -90, maximum: 90, 'x-expected': 'a latitude from -90 to 90' }), lon: Type.Number({ minimum: -180, maximum: 180, 'x-expected': 'a longitude from -180 to 180' }) });

/** Where a road crosses a cordon's outer circle: a point traffic units hold. */
export const PerimeterPoint = Closed({ lat: Type.Number(), lon: Type.Number(), road: Type.String(), roadClass: Type.String(), bearingDeg: Type.Number() });
export type PerimeterPoint = Static<typeof PerimeterPoint>;

/** A camera that sees the cordon's zone, as the pull-up lists it. */
export const CordonCamera = Closed({
  id: Type.String(),
  name: Type.String(),
  status: Type.String(),
  unavailable: Type.Boolean(),
  ptz: Type.Boolean(),
  /** From the camera to the device. */
  distanceM: Type.Number(),
  /** It sees the device itself, not only part of the zone. */
  seesDevice: Type.Boolean(),
});
export type CordonCamera = Static<typeof CordonCamera>;

export const Cordon = Closed({
  id: Uuid,
  incident: Type.String(),
  status: Type.Enum(Object.values(CordonStatus)),
  deviceClass: Type.String(),
  /** The device's position: the circles' centre. */
  centre: Point,
  mandatoryM: Type.Number(),
  preferredM: Type.Number(),
  /** 1 when set, one more at each change (each change is a CAP Update). */
  version: Type.Integer(),
  setAt: Timestamp,
  setBy: Type.String(),
  updatedAt: Timestamp,
  liftedAt: Type.Union([Timestamp, Type.Null()]),
  liftReason: Type.Union([Type.String(), Type.Null()]),
  /** Road segments closed to routing (both directions count as one). */
  closedSegments: Type.Integer(),
  perimeter: Type.Array(PerimeterPoint),
  /** Units told to withdraw from the mandatory zone, with when. */
  withdrawn: Type.Array(Closed({ callSign: Type.String(), at: Timestamp, distanceM: Type.Number() })),
  cameras: Type.Array(CordonCamera),
});
export type Cordon = Static<typeof Cordon>;

export const IncidentDeviceClass = Closed({
  code: Type.String(),
  /** `call`: from the call-taker's answer; `scene`: set by a unit sent to the incident; `eod`: by an EOD officer or dispatcher. */
  source: Type.Enum(['call', 'scene', 'eod']),
  confirmed: Type.Boolean(),
  setBy: Type.Union([Type.String(), Type.Null()]),
  unit: Type.Union([Type.String(), Type.Null()]),
  setAt: Type.Union([Timestamp, Type.Null()]),
  labels: Closed({ ar: Type.String(), fr: Type.String(), en: Type.String() }),
  mandatoryM: Type.Number(),
  preferredM: Type.Number(),
});
export type IncidentDeviceClass = Static<typeof IncidentDeviceClass>;

export const CapMessageSummary = Closed({ identifier: Type.String(), msgType: Type.String(), sent: Type.String() });
export type CapMessageSummary = Static<typeof CapMessageSummary>;

/** What the EOD panel of an incident shows. */
export const EodPicture = Closed({
  incident: Type.String(),
  type: Type.String(),
  /** The incident's needs include an EOD squad. */
  needsEod: Type.Boolean(),
  /** The device class as it stands, with its distances; null while nobody has named one. */
  deviceClass: Type.Union([IncidentDeviceClass, Type.Null()]),
  /** The cordon in force, else the last one lifted; null when none was set. */
  cordon: Type.Union([Cordon, Type.Null()]),
  /** The CAP messages issued, oldest first (`GET /incidents/{number}/cap` gives the latest). */
  cap: Type.Array(CapMessageSummary),
  deployments: Type.Array(Deployment),
});
export type EodPicture = Static<typeof EodPicture>;

/** A cordon in force as the traffic room reads it (`GET /eod/closures`): its circles, since when, and the roads it closes. */
export const RoadClosure = Closed({
  incident: Type.String(),
  deviceClass: Type.String(),
  centre: Point,
  mandatoryM: Type.Number(),
  preferredM: Type.Number(),
  version: Type.Integer(),
  /** When the cordon was first set, and last redrawn. */
  setAt: Timestamp,
  updatedAt: Timestamp,
  /** The roads closed (every segment inside the mandatory circle), named ones first by name. */
  roads: Type.Array(Closed({ road: Type.String({ description: "'' when the map gives no name" }), roadClass: Type.String(), segments: Type.Integer() })),
  /** Each closed segment, end to end, [lon, lat]: the map draws them. */
  segments: Type.Array(Closed({ road: Type.String(), roadClass: Type.String(), line: Type.Array(Type.Tuple([Type.Number(), Type.Number()]), { minItems: 2, maxItems: 2 }) })),
  /** Where roads cross the outer circle: the points traffic units hold, clockwise from north. */
  perimeter: Type.Array(PerimeterPoint),
});
export type RoadClosure = Static<typeof RoadClosure>;

export const SquadRecommendation = Closed({
  callSign: Type.String(),
  city: Type.String(),
  station: Type.String(),
  /** Travel time to the scene, seconds. */
  etaS: Type.Number(),
  /** Road distance (method road) or estimated road distance (method estimate), metres. */
  distanceM: Type.Number(),
  method: Type.Enum(Object.values(EtaMethod)),
  degraded: Type.Boolean(),
  degradedReasons: Type.Array(Type.String()),
  /** No fresh position: priced from its station. */
  fromStation: Type.Boolean(),
});
export type SquadRecommendation = Static<typeof SquadRecommendation>;

export const EodRecommendation = Closed({
  incident: Type.String(),
  squads: Type.Array(SquadRecommendation),
  /** Squads not offered, and why (their status). */
  skipped: Type.Array(Closed({ callSign: Type.String(), city: Type.String(), status: Type.String(), incident: Type.Union([Type.String(), Type.Null()]) })),
  /** The local patrols to hold the cordon until the squad arrives (the dispatch recommendation). */
  patrols: Type.Array(Recommendation),
  /** Why no patrol is offered, when none is. */
  patrolsNote: Type.Union([Type.String(), Type.Null()]),
});
export type EodRecommendation = Static<typeof EodRecommendation>;
