import { Type, type Static } from 'typebox';
import { Closed, Line, Timestamp } from '../core/schema.js';
import { CallSign } from '../units/unit.js';

/** Why a unit is recommended: what a dispatcher reads beside the ETA. */
export const RecommendationReason = {
  /** Fastest by road from its live position. */
  nearestByRoad: 'nearest_by_road',
  /** No fresh position: placed at its station, ETA from there. */
  fromStation: 'from_station',
  /** On its way to a lower-priority incident; it may be diverted. */
  divertible: 'divertible',
} as const;
export type RecommendationReason = (typeof RecommendationReason)[keyof typeof RecommendationReason];

export const Recommendation = Closed({
  callSign: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  station: Type.String(),
  /** Road travel time to the incident, seconds. */
  etaS: Type.Number(),
  /** Road distance, metres. */
  distanceM: Type.Number(),
  reason: Type.Enum(Object.values(RecommendationReason)),
  /** The unit's position is older than the stale setting (or missing). */
  positionStale: Type.Boolean(),
  /** The incident it would be diverted from. */
  divertFrom: Type.Union([Type.String(), Type.Null()]),
});
export type Recommendation = Static<typeof Recommendation>;

export const RecommendationQuery = Closed({
  k: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, 'x-expected': 'a whole number from 1 to 20' })),
  divertible: Type.Optional(Type.Boolean({ description: 'also units en route to a lower-priority incident' })),
});

export const AssignBody = Closed({
  units: Type.Array(CallSign, { minItems: 1, maxItems: 10, uniqueItems: true, 'x-expected': 'a list of 1 to 10 distinct call signs' }),
  /** Take units off the lower-priority incidents they are on. */
  divert: Type.Optional(Type.Boolean()),
  /** Why these units and not the first recommended (journaled with each assignment). */
  reason: Type.Optional(Line({ maxLength: 300, description: 'why another unit than the first recommended is sent' })),
});

export const ReleaseBody = Closed({ unit: CallSign, reason: Line({ maxLength: 300 }) });

export const Assignment = Closed({
  callSign: Type.String(),
  assignedAt: Timestamp,
  assignedBy: Type.String(),
  etaS: Type.Union([Type.Number(), Type.Null()]),
  acknowledgedAt: Type.Union([Timestamp, Type.Null()]),
  releasedAt: Type.Union([Timestamp, Type.Null()]),
  releaseReason: Type.Union([Type.String(), Type.Null()]),
});
export type Assignment = Static<typeof Assignment>;

/** What a unit's device receives on `amane/units/{callSign}/dispatch`. */
export interface DispatchOrder {
  readonly type: 'assigned' | 'released';
  readonly incident: string;
  readonly at: string;
  readonly priority?: string;
  readonly incidentType?: string;
  readonly location?: { readonly lat: number; readonly lon: number };
  readonly address?: string | null;
  readonly summary?: string;
  readonly reason?: string;
}

export function dispatchTopic(callSign: string): string {
  return `amane/units/${callSign}/dispatch`;
}
