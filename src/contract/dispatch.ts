/** Dispatch as server and console know it. */

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
