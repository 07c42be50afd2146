import { Type, type Static } from 'typebox';
import { RecommendationReason } from './dispatch.js';
import { Closed, Timestamp } from './schema.js';

/** The shapes of recommendations and assignments as the API answers them. */

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
  /** Live road speeds (congestion seen by the fleet) changed this unit's road time from the usual one. */
  liveTraffic: Type.Boolean(),
});
export type Recommendation = Static<typeof Recommendation>;

export const Assignment = Closed({
  callSign: Type.String(),
  assignedAt: Timestamp,
  assignedBy: Type.String(),
  etaS: Type.Union([Type.Number(), Type.Null()]),
  acknowledgedAt: Type.Union([Timestamp, Type.Null()]),
  releasedAt: Type.Union([Timestamp, Type.Null()]),
  releaseReason: Type.Union([Type.String(), Type.Null()]),
  /**
   * Until when the dispatcher who made it may take it back as a slip (`POST /incidents/{n}/undo-assignment`),
   * while the unit has not set off; null when it cannot be undone (released, or the unit was diverted).
   */
  undoableUntil: Type.Union([Timestamp, Type.Null()]),
});
export type Assignment = Static<typeof Assignment>;
