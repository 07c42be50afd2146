import { Type, type Static } from 'typebox';
import { IncidentStatus, priorities } from './incident.js';
import { Closed, Point, Timestamp, Uuid } from './schema.js';

export { Point } from './schema.js';

/** The shapes of an incident as the API answers them. */

export const IncidentNumber = Type.String({
  pattern: '^[A-Z]{2,8}-[0-9]{4}-[0-9]{6,}$',
  'x-expected': 'an incident number such as CASA-2026-000123',
});

const PrioritySchema = Type.Enum([...priorities], { 'x-expected': 'P1, P2, P3 or P4' });
const StatusSchema = Type.Enum(Object.values(IncidentStatus));

export const Flags = Closed({
  weapons: Type.Boolean({ description: 'A weapon is reported or seen' }),
  hazards: Type.Boolean({ description: 'A hazard on scene that the units must know of' }),
  children: Type.Boolean({ description: 'Children are involved' }),
});
export type Flags = Static<typeof Flags>;

export const Incident = Closed({
  id: Uuid,
  number: IncidentNumber,
  type: Type.String(),
  priority: PrioritySchema,
  status: StatusSchema,
  location: Point,
  address: Type.Union([Type.String(), Type.Null()]),
  /** The code of the district (area) the incident lies in; null outside every district. */
  district: Type.Union([Type.String(), Type.Null()]),
  summary: Type.String(),
  capabilities: Type.Array(Type.String()),
  flags: Flags,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  allowedActions: Type.Array(Type.String()),
});
export type Incident = Static<typeof Incident>;

/** An incident near a place, with how far it is. */
export const NearbyIncident = Closed({
  number: IncidentNumber,
  type: Type.String(),
  status: StatusSchema,
  priority: PrioritySchema,
  summary: Type.String(),
  location: Point,
  createdAt: Timestamp,
  distanceM: Type.Number(),
});
export type NearbyIncident = Static<typeof NearbyIncident>;

export const Note = Closed({ n: Type.Integer(), author: Type.String(), at: Timestamp, text: Type.String() });
export type Note = Static<typeof Note>;
