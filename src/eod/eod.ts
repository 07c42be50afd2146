import { Type, type Static } from 'typebox';
import { Closed, Line, Text, Timestamp, Uuid } from '../core/schema.js';
import { CallSign, StationCode } from '../units/index.js';
import { DeploymentOutcome, EquipmentKind, Readiness } from '../contract/eod.js';
import { DeploymentOutcomeSchema as OutcomeSchema, EquipmentKindSchema as KindSchema, LocalDate, ReadinessSchema } from '../contract/eod.schema.js';

// Equipment, readiness and outcomes, and the squad and deployment as answered, are the contract's, shared with the console.
export { DeploymentOutcome, EquipmentKind, Readiness } from '../contract/eod.js';
export { Deployment, Equipment, LocalDate, Squad } from '../contract/eod.schema.js';

/**
 * Bomb disposal (EOD): squads and their equipment, the deployment log, and the words shared by the
 * cordon and alert code. Pure: no database, no HTTP.
 */

/** Outcomes in which a real device was dealt with: the annual report's "devices neutralised". */
export const deviceDealtWith: ReadonlySet<DeploymentOutcome> = new Set([DeploymentOutcome.neutralised, DeploymentOutcome.controlledDetonation]);

/** The times of a deployment, in the order they happen. */
export const DeploymentStep = {
  alerted: 'alerted',
  departed: 'departed',
  onScene: 'on_scene',
  neutralised: 'neutralised',
  cleared: 'cleared',
} as const;
export type DeploymentStep = (typeof DeploymentStep)[keyof typeof DeploymentStep];
export const deploymentSteps: readonly DeploymentStep[] = Object.values(DeploymentStep);

/** The journal stream of a squad: its registration, equipment, deployments. */
export function squadStream(callSign: string): string {
  return `eod-squad/${callSign}`;
}

/** The journal stream of the cordons around an incident (one at a time; set, changed, lifted). */
export function cordonStream(number: string): string {
  return `cordon/${number}`;
}

/** The journal stream of the stand-off table. */
export const STANDOFF_STREAM = 'standoff-table/current';

/** Whether an item is due for maintenance on `today` (YYYY-MM-DD, the centre's date). */
export function maintenanceDue(nextMaintenance: string | null, today: string): boolean {
  return nextMaintenance !== null && nextMaintenance <= today;
}

/**
 * Why a squad is degraded, empty when it is not: its robot is what lets it work on a device from a
 * distance, so a squad with no robot ready is degraded (it still goes, in a bomb suit).
 */
export function degradedReasons(equipment: readonly { kind: string; readiness: string }[]): string[] {
  const robots = equipment.filter((item) => item.kind === EquipmentKind.robot);
  if (robots.length === 0) return ['no robot'];
  if (!robots.some((item) => item.readiness === Readiness.ready)) return [`robot ${robots.map((r) => r.readiness).join(', ')}`];
  return [];
}

// --- API schemas ---------------------------------------------------------------------------------

const City = Line({ maxLength: 60, description: 'the city the squad is based in' });

export const NewEquipment = Closed({
  kind: KindSchema,
  label: Line({ maxLength: 80, description: 'make, model, serial: "tEODor robot #2"' }),
  readiness: Type.Optional(ReadinessSchema),
  nextMaintenance: Type.Optional(LocalDate),
});
export type NewEquipment = Static<typeof NewEquipment>;

export const EquipmentChange = Closed({
  label: Type.Optional(Line({ maxLength: 80 })),
  readiness: Type.Optional(ReadinessSchema),
  nextMaintenance: Type.Optional(Type.Union([LocalDate, Type.Null()])),
});
export type EquipmentChange = Static<typeof EquipmentChange>;

/**
 * A squad: an existing unit of kind `eod_squad`, or a new one when `station` is given (off duty until
 * its shift starts, like any unit), with its city and equipment.
 */
export const NewSquad = Closed({
  callSign: CallSign,
  city: City,
  station: Type.Optional(StationCode),
  crew: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9._-]{1,39}$', 'x-expected': 'a username' }), { uniqueItems: true, maxItems: 12, description: 'The usernames of the squad’s officers' })),
  device: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'The name of the vehicle device that tracks the squad (POST /devices)' })),
  equipment: Type.Optional(Type.Array(NewEquipment, { maxItems: 40, description: 'The squad’s robots, X-ray sets, jammers, suits and vehicles' })),
});
export type NewSquad = Static<typeof NewSquad>;

export const SquadChange = Closed({ city: Type.Optional(City) });
export type SquadChange = Static<typeof SquadChange>;

/** What an operator logs of a deployment; absent fields stay as they are. Times must stay in order. */
export const DeploymentLog = Closed({
  departedAt: Type.Optional(Timestamp),
  onSceneAt: Type.Optional(Timestamp),
  neutralisedAt: Type.Optional(Timestamp),
  clearedAt: Type.Optional(Timestamp),
  equipmentUsed: Type.Optional(Type.Array(Uuid, { uniqueItems: true, maxItems: 40, 'x-expected': 'a list of the squad’s equipment ids' })),
  outcome: Type.Optional(OutcomeSchema),
  notes: Type.Optional(Text({ maxLength: 4_000 })),
});
export type DeploymentLog = Static<typeof DeploymentLog>;

/** A squad's year, for the annual report. Minutes are rounded to a tenth. */
export const SquadFigures = Closed({
  squad: Type.String(),
  city: Type.String(),
  year: Type.Integer(),
  deployments: Type.Integer(),
  /** Deployments whose outcome is neutralised or controlled_detonation. */
  devicesDealtWith: Type.Integer(),
  byOutcome: Type.Record(Type.String(), Type.Integer()),
  byDeviceClass: Type.Record(Type.String(), Type.Integer()),
  /** Times each kind of equipment was used. */
  equipmentUse: Type.Record(Type.String(), Type.Integer()),
  /** From alerted to on scene: mean and median over the deployments that reached the scene. */
  responseMinutes: Closed({ mean: Type.Union([Type.Number(), Type.Null()]), median: Type.Union([Type.Number(), Type.Null()]) }),
  /** From on scene to cleared. */
  onSceneMinutes: Closed({ mean: Type.Union([Type.Number(), Type.Null()]), median: Type.Union([Type.Number(), Type.Null()]) }),
  /** Deployments more than 50 km from the squad's station. */
  intercity: Type.Integer(),
  totalDistanceKm: Type.Number(),
});
export type SquadFigures = Static<typeof SquadFigures>;

/** A deployment this far from the squad's station (great circle) counts as one to another city. */
export const INTERCITY_KM = 50;

export const SquadParams = Closed({ callSign: CallSign });
export const EquipmentParams = Closed({ callSign: CallSign, id: Uuid });
export const YearQuery = Closed({ year: Type.Integer({ minimum: 2000, maximum: 2100, 'x-expected': 'a year such as 2026' }) });
