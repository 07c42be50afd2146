import { Type, type Static } from 'typebox';
import { LineStringPosition } from './road.schema.js';
import { Closed } from './schema.js';
import { UnitStatus } from './unit.js';

/**
 * Why a responding unit's road differs from the one it would drive on a usual day: a closure on that
 * road (the traffic operator's, a feed's, a cordon's), or live speeds (a jam) making another faster.
 */
export const RerouteCause = { none: 'none', closure: 'closure', traffic: 'traffic' } as const;
export type RerouteCause = (typeof RerouteCause)[keyof typeof RerouteCause];

/** A unit on its way to an incident and the road it is expected to drive there now (`GET /traffic/responding`). */
export const RespondingRoute = Closed({
  callSign: Type.String(),
  kind: Type.String(),
  status: Type.Enum([UnitStatus.dispatched, UnitStatus.enRoute]),
  incident: Type.String(),
  /** The unit's latest fix is older than the staleness setting: the route starts from its station. */
  fromStation: Type.Boolean(),
  /** Seconds to the incident by the road drawn, on today's roads (closures and live speeds). */
  etaS: Type.Number(),
  distanceM: Type.Number(),
  /** Seconds by the road it would drive with no closure and no live speed. */
  usualEtaS: Type.Union([Type.Number(), Type.Null()], { description: 'null when no road led there on a usual day' }),
  cause: Type.Enum(Object.values(RerouteCause)),
  /** The road drawn, GeoJSON LineString coordinates [lon, lat] from the unit to the incident. */
  coordinates: Type.Array(LineStringPosition),
});
export type RespondingRoute = Static<typeof RespondingRoute>;
