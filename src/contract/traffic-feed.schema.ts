import { Type, type Static } from 'typebox';
import { LineStringPosition } from './road.schema.js';
import { Closed, Line, Point, Text, Timestamp } from './schema.js';
import { TrafficEventKind, TrafficFeedFormat } from './traffic-feed.js';

/** The shapes of the traffic feeds in and of corridors, as the API takes and answers them. */

const expected = (values: readonly string[]) => ({ 'x-expected': `one of ${values.join(', ')}` });
export const TrafficEventKindSchema = Type.Enum(Object.values(TrafficEventKind), expected(Object.values(TrafficEventKind)));

// --- The JSON form of a feed document (docs/traffic.md, "Feeds in") ------------------------------

/** One speed measured between two points, along the roads from `from` to `to` (the way driven). */
export const FeedSpeed = Closed({
  from: Point,
  to: Point,
  kmh: Type.Number({ minimum: 0, maximum: 250, 'x-expected': 'a speed in km/h from 0 to 250' }),
  at: Timestamp,
});
export type FeedSpeed = Static<typeof FeedSpeed>;

/** An event of the traffic centre: a place (a line along roads, or a point), a time span, and whether it closes the road. */
export const FeedEvent = Closed({
  id: Line({ maxLength: 120, minLength: 1, description: "The event's identifier in the feed: a later document with the same id replaces it" }),
  kind: TrafficEventKindSchema,
  line: Type.Optional(Type.Array(Point, { minItems: 2, maxItems: 200, 'x-expected': 'the line along the roads: 2 to 200 points, in the way traffic runs' })),
  point: Type.Optional(Point),
  start: Timestamp,
  end: Type.Optional(Type.Union([Timestamp, Type.Null()])),
  description: Type.Optional(Text({ maxLength: 500 })),
  closesRoad: Type.Boolean(),
});
export type FeedEvent = Static<typeof FeedEvent>;

/**
 * A feed document in the JSON form: speeds, events, or both. `events`, when present, is the feed's
 * whole current list (an event left out is over); absent, the events stand as they were.
 */
export const FeedDocument = Closed({
  speeds: Type.Optional(Type.Array(FeedSpeed, { maxItems: 20_000 })),
  events: Type.Optional(Type.Array(FeedEvent, { maxItems: 5_000 })),
});
export type FeedDocument = Static<typeof FeedDocument>;

// --- Feeds ---------------------------------------------------------------------------------------

export const TrafficFeedId = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{1,39}$', 'x-expected': 'lower-case letters, digits, _ or -, 2 to 40 characters' });
export const TrafficFeedParams = Closed({ id: TrafficFeedId });

const PollInterval = Type.Integer({ minimum: 15, maximum: 3_600, 'x-expected': 'whole seconds from 15 to 3600' });
const FeedUrl = Type.String({ pattern: '^https?://', maxLength: 500, 'x-expected': 'an http or https URL' });

/** A feed configured (`POST /traffic/feeds`): pushed by the traffic centre's device, and polled from `url` when given. */
export const NewTrafficFeed = Closed({
  id: TrafficFeedId,
  name: Line({ maxLength: 120, minLength: 1 }),
  url: Type.Optional(Type.Union([FeedUrl, Type.Null()])),
  pollIntervalS: Type.Optional(PollInterval),
});
export type NewTrafficFeed = Static<typeof NewTrafficFeed>;

export const TrafficFeedChange = Closed({
  name: Type.Optional(Line({ maxLength: 120, minLength: 1 })),
  url: Type.Optional(Type.Union([FeedUrl, Type.Null()])),
  pollIntervalS: Type.Optional(PollInterval),
});
export type TrafficFeedChange = Static<typeof TrafficFeedChange>;

/** A feed and how it fares: the last document taken, the last refused (or failed fetch), and what the last one held. */
export const TrafficFeed = Closed({
  id: Type.String(),
  name: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  pollIntervalS: Type.Integer(),
  configuredAt: Timestamp,
  updatedAt: Timestamp,
  /** Measurement sites known from its DATEX II site tables. */
  sites: Type.Integer(),
  lastSuccessAt: Type.Union([Timestamp, Type.Null()]),
  lastFormat: Type.Union([Type.Enum(Object.values(TrafficFeedFormat)), Type.Null()]),
  lastError: Type.Union([Closed({ at: Timestamp, message: Type.String() }), Type.Null()]),
  /** What the last document taken held: speeds read, road edges they were observed on, speeds matched to no road, events. */
  counts: Closed({ speeds: Type.Integer(), edges: Type.Integer(), unmatched: Type.Integer(), events: Type.Integer() }),
  /** Events of the feed now current, and those of them closing roads in force. */
  events: Type.Integer(),
  closures: Type.Integer(),
});
export type TrafficFeed = Static<typeof TrafficFeed>;

/** A traffic event of a feed, current or to come (`GET /traffic/events`). */
export const TrafficEvent = Closed({
  feed: Type.String(),
  id: Type.String(),
  kind: TrafficEventKindSchema,
  description: Type.Union([Type.String(), Type.Null()]),
  startsAt: Timestamp,
  endsAt: Type.Union([Timestamp, Type.Null()]),
  closesRoad: Type.Boolean(),
  /** Whether it is in force now (its start has come); a closing one closes routing then. */
  inForce: Type.Boolean(),
  roads: Type.Array(Type.String()),
  geometry: Type.Union([
    Closed({ type: Type.Literal('Point'), coordinates: LineStringPosition }),
    Closed({ type: Type.Literal('LineString'), coordinates: Type.Array(LineStringPosition) }),
  ]),
  receivedAt: Timestamp,
});
export type TrafficEvent = Static<typeof TrafficEvent>;

/** What a document pushed or polled did. */
export const FeedAccepted = Closed({
  format: Type.Enum(Object.values(TrafficFeedFormat)),
  speeds: Type.Integer(),
  edges: Type.Integer(),
  unmatched: Type.Integer(),
  sites: Type.Integer(),
  events: Type.Integer(),
});
export type FeedAccepted = Static<typeof FeedAccepted>;

// --- Corridors -----------------------------------------------------------------------------------

export const CorridorParams = Closed({ id: Type.Integer({ minimum: 1, 'x-expected': 'a corridor number such as 2' }) });

const Waypoints = Type.Array(Point, { minItems: 2, maxItems: 25, 'x-expected': 'the waypoints in order of travel: 2 to 25 points' });

/** A named corridor (`POST /traffic/corridors`): its name in the three languages, and waypoints in the way travelled. */
export const NewCorridor = Closed({
  nameAr: Line({ maxLength: 120, minLength: 1 }),
  nameFr: Line({ maxLength: 120, minLength: 1 }),
  nameEn: Line({ maxLength: 120, minLength: 1 }),
  waypoints: Waypoints,
});
export type NewCorridor = Static<typeof NewCorridor>;

export const CorridorChange = Closed({
  nameAr: Type.Optional(Line({ maxLength: 120, minLength: 1 })),
  nameFr: Type.Optional(Line({ maxLength: 120, minLength: 1 })),
  nameEn: Type.Optional(Line({ maxLength: 120, minLength: 1 })),
  waypoints: Type.Optional(Waypoints),
});
export type CorridorChange = Static<typeof CorridorChange>;

export const Corridor = Closed({
  id: Type.Integer(),
  nameAr: Type.String(),
  nameFr: Type.String(),
  nameEn: Type.String(),
  waypoints: Type.Array(Point),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
});
export type Corridor = Static<typeof Corridor>;

/** A camera within `CORRIDOR_CAMERA_M` of a corridor's line. */
export const CorridorCamera = Closed({ id: Type.String(), name: Type.String(), distanceM: Type.Number(), location: Point });

/** A corridor's travel time now against its usual time (`GET /traffic/corridors/times`). */
export const CorridorTime = Closed({
  corridor: Corridor,
  /** Seconds through the waypoints on the live costs (speeds and closures); null when closures leave no way through. */
  nowS: Type.Union([Type.Number(), Type.Null()]),
  /** Seconds on the graph's own times: the usual. */
  usualS: Type.Union([Type.Number(), Type.Null()]),
  /** Now over usual (1 = as usual, 2 = twice as long); null when either is. */
  ratio: Type.Union([Type.Number(), Type.Null()]),
  distanceM: Type.Union([Type.Number(), Type.Null()]),
  /** The usual route through the waypoints, GeoJSON. */
  line: Closed({ type: Type.Literal('LineString'), coordinates: Type.Array(LineStringPosition) }),
  /** A waypoint further than 1 km from every road makes the corridor unmeasurable: its index. */
  offRoad: Type.Array(Type.Integer()),
  cameras: Type.Array(CorridorCamera),
});
export type CorridorTime = Static<typeof CorridorTime>;
