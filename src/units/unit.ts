import { Type, type Static } from 'typebox';
import { Capability } from '../contract/incident.js';
import { CallSign, StationCode, UnitKindSchema as KindSchema, UnitStatusSchema as StatusSchema } from '../contract/unit.schema.js';
import { Closed, Line } from '../core/schema.js';

// Kinds, statuses and moves are the contract's, shared with the console; so are the shapes answered.
export {
  UnitKind,
  UnitStatus,
  checkUnitTransition,
  manualUnitMoves,
  onDutyStatuses,
  statusesOffIncident,
  statusesThatGoStale,
  unitTransitions,
} from '../contract/unit.js';
export { CallSign, Position, StationCode, Unit } from '../contract/unit.schema.js';

export function unitStream(callSign: string): string {
  return `unit/${callSign}`;
}

const CapabilitySchema = Type.Enum(Object.values(Capability), { 'x-expected': `one of ${Object.values(Capability).join(', ')}` });

export const NewUnit = Closed({
  callSign: CallSign,
  kind: KindSchema,
  station: StationCode,
  capabilities: Type.Optional(Type.Array(CapabilitySchema, { uniqueItems: true, maxItems: 8, description: 'What the unit can do; dispatch matches them to the incident type' })),
  crew: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9._-]{1,39}$', 'x-expected': 'a username' }), { uniqueItems: true, maxItems: 12, description: 'The usernames of the officers aboard' })),
  device: Type.Optional(Type.String({ minLength: 1, maxLength: 80, description: 'The name of the vehicle device that tracks the unit (POST /devices)' })),
});
export type NewUnit = Static<typeof NewUnit>;

/** A change to a unit's make-up; absent fields stay as they are, `device: null` unbinds the tracker. */
export const UnitChange = Closed({
  kind: Type.Optional(KindSchema),
  station: Type.Optional(StationCode),
  capabilities: Type.Optional(Type.Array(CapabilitySchema, { uniqueItems: true, maxItems: 8, description: 'What the unit can do; dispatch matches them to the incident type' })),
  crew: Type.Optional(Type.Array(Type.String({ pattern: '^[a-z][a-z0-9._-]{1,39}$', 'x-expected': 'a username' }), { uniqueItems: true, maxItems: 12, description: 'The usernames of the officers aboard' })),
  device: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 80 }), Type.Null()], { description: 'The name of the vehicle device that tracks the unit; null: none' })),
});
export type UnitChange = Static<typeof UnitChange>;

export const StatusChange = Closed({
  status: StatusSchema,
  reason: Type.Optional(Line({ maxLength: 300 })),
});
