import { Type, type Static } from 'typebox';

/** A GeoJSON position, [lon, lat]. */
export const LineStringPosition = Type.Tuple([Type.Number(), Type.Number()]);
const PlaceOnRoad = Type.Object({ lat: Type.Number(), lon: Type.Number(), offsetM: Type.Number({ description: 'how far the point was moved to reach the road' }) });

/** A route by road (`GET /roads/route`), or a straight-line estimate for an end off the network. */
export const RoadRoute = Type.Object({
  kind: Type.Enum(['road', 'straight_line'], { description: 'road: the fastest route; straight_line: an estimate for an end off the network (offNetwork=estimate)' }),
  /** The ends further than 1 km from every road. */
  outside: Type.Array(Type.Enum(['from', 'to'])),
  etaS: Type.Number({ description: 'travel time without live traffic, seconds (a straight line: as the intercity estimate, AMANE_EOD_ROAD_FACTOR times its length at AMANE_EOD_INTERCITY_KMH)' }),
  distanceM: Type.Number({ description: 'road length, or the straight line for an estimate' }),
  from: PlaceOnRoad,
  to: PlaceOnRoad,
  coordinates: Type.Array(LineStringPosition, { description: 'GeoJSON LineString coordinates, [lon, lat]' }),
});
export type RoadRoute = Static<typeof RoadRoute>;
