import { Type, type Static } from 'typebox';
import { ClosureDirection, ClosureKind, ClosureReason, ClosureSource, ClosureStatus } from './traffic.js';
import { Closed, Line, Point, Text, Timestamp } from './schema.js';

/** The shapes of road closures as the API takes and answers them. */

const expected = (values: readonly string[]) => ({ 'x-expected': `one of ${values.join(', ')}` });

export const ClosureKindSchema = Type.Enum(Object.values(ClosureKind), expected(Object.values(ClosureKind)));
export const ClosureReasonSchema = Type.Enum(Object.values(ClosureReason), expected(Object.values(ClosureReason)));
export const ClosureDirectionSchema = Type.Enum(Object.values(ClosureDirection), expected(Object.values(ClosureDirection)));
export const ClosureStatusSchema = Type.Enum(Object.values(ClosureStatus), expected(Object.values(ClosureStatus)));
export const ClosureSourceSchema = Type.Enum(Object.values(ClosureSource), expected(Object.values(ClosureSource)));

/** A line on the map: GeoJSON MultiLineString, [lon, lat] positions, each line in the way traffic is closed. */
export const ClosureGeometry = Closed({
  type: Type.Literal('MultiLineString'),
  coordinates: Type.Array(Type.Array(Type.Tuple([Type.Number(), Type.Number()]))),
});
export type ClosureGeometry = Static<typeof ClosureGeometry>;

/**
 * A closure the traffic operator sets (`POST /traffic/closures`). Which fields count depends on `kind`:
 * `segment` takes `point` (within 100 m of a road) and may close one way (`direction: one_way` with the
 * `headingDeg` of the traffic closed); `street` takes `street` and, where the name repeats across the
 * city, `point` with `nearM`; `area` takes `area`, the polygon's corners in order.
 */
export const NewClosure = Closed({
  kind: ClosureKindSchema,
  point: Type.Optional(Point),
  street: Type.Optional(Line({ maxLength: 200, description: "A road's name as the road network holds it (case and spaces do not matter)" })),
  nearM: Type.Optional(Type.Integer({ minimum: 10, maximum: 10_000, 'x-expected': 'a whole number of metres from 10 to 10000', description: 'For a street: only its parts within this distance of `point`' })),
  area: Type.Optional(Type.Array(Point, { minItems: 3, maxItems: 200, 'x-expected': 'the polygon: 3 to 200 points, in order round it', description: 'For an area: its corners in order' })),
  direction: Type.Optional(ClosureDirectionSchema),
  headingDeg: Type.Optional(Type.Integer({ minimum: 0, maximum: 359, 'x-expected': 'a compass heading in whole degrees from 0 (north) to 359', description: 'For one way: the heading of the traffic that may not pass' })),
  reason: ClosureReasonSchema,
  reasonText: Type.Optional(Text({ maxLength: 500, description: 'What drivers read with the closure: it is published in the feeds' })),
  /** Absent: now. */
  startsAt: Type.Optional(Timestamp),
  /** Absent: until reopened. */
  endsAt: Type.Optional(Timestamp),
});
export type NewClosure = Static<typeof NewClosure>;

/** A closure's end moved (`PATCH /traffic/closures/{id}`): a later or earlier end, or none (until reopened). */
export const ClosureChange = Closed({ endsAt: Type.Union([Timestamp, Type.Null()]) });
export type ClosureChange = Static<typeof ClosureChange>;

export const ClosureParams = Closed({ id: Type.Integer({ minimum: 1, 'x-expected': 'a closure number such as 12' }) });

/** A closure set by the traffic operator, with the roads it closes on the current network. */
export const Closure = Closed({
  id: Type.Integer(),
  kind: ClosureKindSchema,
  status: ClosureStatusSchema,
  allowedActions: Type.Array(Type.Enum(['change', 'reopen'])),
  point: Type.Union([Point, Type.Null()]),
  street: Type.Union([Type.String(), Type.Null()]),
  nearM: Type.Union([Type.Integer(), Type.Null()]),
  area: Type.Union([Type.Array(Point), Type.Null()]),
  direction: ClosureDirectionSchema,
  headingDeg: Type.Union([Type.Integer(), Type.Null()]),
  reason: ClosureReasonSchema,
  reasonText: Type.Union([Type.String(), Type.Null()]),
  startsAt: Timestamp,
  endsAt: Type.Union([Timestamp, Type.Null()]),
  setBy: Type.String(),
  setAt: Timestamp,
  updatedAt: Timestamp,
  reopenedBy: Type.Union([Type.String(), Type.Null()]),
  reopenedAt: Type.Union([Timestamp, Type.Null()]),
  endedAt: Type.Union([Timestamp, Type.Null()]),
  version: Type.Integer(),
  /** The names of the roads closed, sorted; unnamed roads are left out. */
  roads: Type.Array(Type.String()),
  /** Directed road edges closed on the current network (a two-way segment counts twice). */
  closedEdges: Type.Integer(),
  geometry: ClosureGeometry,
});
export type Closure = Static<typeof Closure>;

/**
 * One line of the traffic room's list of closures in force (`GET /traffic/closures`): the operator's
 * own (with `closure`, editable), the EOD cordons' and the major incidents' (read-only), each with its
 * roads drawn.
 */
export const ClosureEntry = Closed({
  source: ClosureSourceSchema,
  /** The closure's number for `traffic`, the incident's number for `eod` and `incident`. */
  id: Type.String(),
  status: ClosureStatusSchema,
  roads: Type.Array(Type.String()),
  reason: Type.Union([ClosureReasonSchema, Type.Null()]),
  reasonText: Type.Union([Type.String(), Type.Null()]),
  startsAt: Timestamp,
  endsAt: Type.Union([Timestamp, Type.Null()]),
  /** The incident an EOD cordon or a major incident belongs to. */
  incident: Type.Union([Type.String(), Type.Null()]),
  /** Whether routing avoids it (operator's closures in force and cordons; not incidents). */
  closesRouting: Type.Boolean(),
  geometry: ClosureGeometry,
  closure: Type.Union([Closure, Type.Null()]),
});
export type ClosureEntry = Static<typeof ClosureEntry>;
