import { Type, type Static } from 'typebox';
import { Closed, Latitude, Line, Longitude, Timestamp } from './schema.js';

/**
 * Public transport as the API gives it and the console reads it: GTFS feeds, lines with their shapes,
 * vehicles with their delay, stops and their next arrivals, alerts, and warnings near the lines.
 */

/** A feed's id, chosen at import: `oncf`, `casa-tram`. */
export const FeedId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[a-z0-9][a-z0-9-]*$', 'x-expected': 'lower-case letters, digits and hyphens, 1 to 40, such as casa-tram' });
export const FeedParams = Closed({ id: FeedId });

export const TransitModeSchema = Type.Enum(['tram', 'metro', 'rail', 'bus', 'other'], { description: "the route's mode, from GTFS route_type" });

export const FeedCountsSchema = Type.Object({
  agencies: Type.Integer(),
  stops: Type.Integer(),
  routes: Type.Integer(),
  trips: Type.Integer(),
  stopTimes: Type.Integer(),
  shapes: Type.Integer(),
  calendars: Type.Integer(),
  calendarDates: Type.Integer(),
  frequencies: Type.Integer(),
});

export const FeedImported = Type.Object({ feed: Type.String(), counts: FeedCountsSchema, replaced: Type.Boolean() });
export type FeedImported = Static<typeof FeedImported>;

/** A realtime feed's health: what it last brought and why it was last refused. */
export const RealtimeStatus = Type.Object({
  url: Type.Union([Type.String(), Type.Null()], { description: 'polled from here; null: pushed only' }),
  pollIntervalS: Type.Integer(),
  lastSuccessAt: Type.Union([Timestamp, Type.Null()]),
  lastError: Type.Union([Type.Object({ at: Timestamp, message: Type.String() }), Type.Null()]),
  vehicles: Type.Integer(),
  tripUpdates: Type.Integer(),
  alerts: Type.Integer(),
  unknownTrips: Type.Integer({ description: 'trip ids in the last good message that the timetable does not hold' }),
});
export type RealtimeStatus = Static<typeof RealtimeStatus>;

export const TransitFeed = Type.Object({
  id: Type.String(),
  source: Type.String(),
  importedAt: Timestamp,
  counts: FeedCountsSchema,
  realtime: Type.Union([RealtimeStatus, Type.Null()]),
});
export type TransitFeed = Static<typeof TransitFeed>;

const RealtimeUrl = Type.String({ format: 'uri', maxLength: 500, pattern: '^https?://', 'x-expected': 'an http or https URL' });
const PollInterval = Type.Integer({ minimum: 5, maximum: 3600, 'x-expected': 'seconds between polls, 5 to 3600' });

export const RealtimeConfig = Closed({
  url: Type.Union([RealtimeUrl, Type.Null()], { description: 'where the GTFS-realtime FeedMessage is fetched; null: pushed only' }),
  pollIntervalS: PollInterval,
});
export type RealtimeConfig = Static<typeof RealtimeConfig>;
export const RealtimeChange = Closed({
  url: Type.Optional(Type.Union([RealtimeUrl, Type.Null()], { description: 'where the FeedMessage is fetched; null: pushed only' })),
  pollIntervalS: Type.Optional(PollInterval),
});
export type RealtimeChange = Static<typeof RealtimeChange>;

export const TransitRoute = Type.Object({
  feedId: Type.String(),
  id: Type.String(),
  shortName: Type.String(),
  longName: Type.String(),
  mode: TransitModeSchema,
  routeType: Type.Integer(),
  color: Type.Union([Type.String({ description: '#RRGGBB' }), Type.Null()]),
  textColor: Type.Union([Type.String(), Type.Null()]),
  shape: Type.Union([
    Type.Object({ type: Type.Literal('MultiLineString'), coordinates: Type.Array(Type.Array(Type.Array(Type.Number()))) }, { description: 'GeoJSON geometry: each shape its trips follow, [lon, lat]' }),
    Type.Null(),
  ]),
});
export type TransitRoute = Static<typeof TransitRoute>;

export const TransitVehicle = Type.Object({
  feedId: Type.String(),
  id: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  tripId: Type.Union([Type.String(), Type.Null()]),
  routeId: Type.Union([Type.String(), Type.Null()]),
  mode: Type.Union([TransitModeSchema, Type.Null()]),
  lat: Type.Number(),
  lon: Type.Number(),
  bearing: Type.Union([Type.Number(), Type.Null()]),
  delayS: Type.Union([Type.Integer(), Type.Null()], { description: 'seconds late (negative: early); null when unknown' }),
  delaySource: Type.Union([Type.Enum(['trip_update', 'schedule']), Type.Null()]),
  at: Timestamp,
});
export type TransitVehicle = Static<typeof TransitVehicle>;

export const TransitStop = Type.Object({
  feedId: Type.String(),
  id: Type.String(),
  name: Type.String(),
  lat: Type.Number(),
  lon: Type.Number(),
  distanceM: Type.Union([Type.Number(), Type.Null()]),
});
export type TransitStop = Static<typeof TransitStop>;

export const StopsQuery = Closed({
  near: Type.Optional(Type.String({ pattern: '^-?\\d+(\\.\\d+)?,-?\\d+(\\.\\d+)?$', 'x-expected': 'lat,lon such as 33.5731,-7.5898' })),
  radiusM: Type.Optional(Type.Integer({ minimum: 10, maximum: 5000, 'x-expected': 'metres, 10 to 5000' })),
});

export const StopParams = Closed({ id: Type.String({ minLength: 3, maxLength: 200, pattern: '^[a-z0-9-]+:.+$', 'x-expected': 'FEED:STOP, such as casa-tram:T1-05' }) });

export const Arrival = Type.Object({
  feedId: Type.String(),
  tripId: Type.String(),
  routeId: Type.String(),
  headsign: Type.String(),
  stopId: Type.String(),
  scheduledAt: Timestamp,
  expectedAt: Timestamp,
  delayS: Type.Union([Type.Integer(), Type.Null()], { description: "from the trip's TripUpdate; null: the timetable alone" }),
});
export type Arrival = Static<typeof Arrival>;

export const TransitAlert = Type.Object({
  feedId: Type.String(),
  id: Type.String(),
  header: Type.String(),
  description: Type.String(),
  cause: Type.String(),
  effect: Type.String(),
  routes: Type.Array(Type.String()),
  stops: Type.Array(Type.String()),
  activeFrom: Type.Union([Timestamp, Type.Null()]),
  activeUntil: Type.Union([Timestamp, Type.Null()]),
});
export type TransitAlert = Static<typeof TransitAlert>;

export const WarningSource = Type.Enum(['incident', 'cordon'], { description: 'what stands near the line' });

export const TransitWarning = Type.Object({
  id: Type.String({ description: 'incident:NUMBER or cordon:ID' }),
  source: WarningSource,
  reference: Type.String({ description: 'the incident number' }),
  lat: Type.Number(),
  lon: Type.Number(),
  routes: Type.Array(Type.Object({ feedId: Type.String(), routeId: Type.String(), name: Type.String(), mode: TransitModeSchema, distanceM: Type.Number() })),
  emitted: Type.Union([Type.String({ description: 'the id of the Alert emitted for it' }), Type.Null()]),
});
export type TransitWarning = Static<typeof TransitWarning>;

export const EmitAlert = Closed({
  warning: Type.String({ minLength: 3, maxLength: 80, pattern: '^(incident|cordon):', 'x-expected': 'a warning id, incident:NUMBER or cordon:ID' }),
  header: Line({ maxLength: 200, description: "the alert's header text, as riders will read it" }),
  description: Type.Optional(Line({ maxLength: 1000, description: 'more detail for riders' })),
  effect: Type.Optional(Type.Enum(['DETOUR', 'SIGNIFICANT_DELAYS', 'REDUCED_SERVICE', 'NO_SERVICE', 'STOP_MOVED'], { 'x-expected': 'a GTFS-realtime Effect: DETOUR, SIGNIFICANT_DELAYS, REDUCED_SERVICE, NO_SERVICE or STOP_MOVED' })),
});
export type EmitAlert = Static<typeof EmitAlert>;

export const NearPoint = Closed({ lat: Latitude, lon: Longitude });
