import { Type, type Static } from 'typebox';
import { LineStringPosition } from './road.schema.js';
import { Closed, Timestamp } from './schema.js';
import { TrafficLevel } from './traffic-speed.js';

/** The shapes of live speeds as the API answers them (`GET /traffic/speeds`, `GET /traffic/roads/slowest`). */

const Level = Type.Enum(Object.values(TrafficLevel));

/** One directed road segment slower than free flow, as a GeoJSON Feature. */
export const SpeedFeature = Closed({
  type: Type.Literal('Feature'),
  geometry: Closed({ type: Type.Literal('LineString'), coordinates: Type.Array(LineStringPosition) }),
  properties: Closed({
    /** The graph's edge number (one direction of a segment). */
    edge: Type.Integer(),
    road: Type.String({ description: 'the road name, empty when unnamed' }),
    speedKmh: Type.Number({ description: 'the live estimate' }),
    usualKmh: Type.Number({ description: 'the class speed routing uses without live traffic' }),
    level: Level,
    /** Seconds since the latest observation. */
    ageS: Type.Number(),
    /** Observations behind the estimate, weighted by their age (1 = one fresh observation). */
    weight: Type.Number(),
  }),
});
export type SpeedFeature = Static<typeof SpeedFeature>;

export const SpeedMap = Closed({
  type: Type.Literal('FeatureCollection'),
  /** When the estimates were last republished (routing uses them from then). */
  publishedAt: Type.Union([Timestamp, Type.Null()]),
  features: Type.Array(SpeedFeature),
});
export type SpeedMap = Static<typeof SpeedMap>;

/** A named road and how much slower than usual it is, over its stretches with a live estimate. */
export const SlowRoad = Closed({
  road: Type.String(),
  /** Live over usual speed, length-weighted over the road's live stretches (1 = as usual). */
  ratio: Type.Number(),
  speedKmh: Type.Number(),
  usualKmh: Type.Number(),
  level: Level,
  /** Metres of the road with a live estimate. */
  lengthM: Type.Number(),
});
export type SlowRoad = Static<typeof SlowRoad>;

/** What the console gets on `/live` (telemetry `traffic/speeds`) each time the estimates are republished. */
export const SpeedSummary = Closed({
  publishedAt: Timestamp,
  /** Directed segments with a live estimate, and those at each level below free flow. */
  live: Type.Integer(),
  heavy: Type.Integer(),
  congested: Type.Integer(),
  impossible: Type.Integer(),
  /** Segments whose level changed since the previous publication. */
  changed: Type.Integer(),
});
export type SpeedSummary = Static<typeof SpeedSummary>;
