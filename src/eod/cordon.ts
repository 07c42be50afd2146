import { Type, type Static } from 'typebox';
import { Closed } from '../core/schema.js';
import { distanceM, localPlane, METRES_PER_DEGREE, segmentCircleCrossings, type LatLon } from '../geo/geometry.js';
import { closedEdgesWithin } from '../geo/roads/road-closures.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { roadClassNames } from '../geo/roads/road.js';

// The cordon, the incident's EOD picture and the road closures as answered are the contract's, shared with the console.
export { CordonStatus } from '../contract/eod.js';
export { CapMessageSummary, Cordon, CordonCamera, EodPicture, IncidentDeviceClass, RoadClosure } from '../contract/eod.schema.js';

/**
 * A stand-off cordon around a suspicious object: two circles from the device class (mandatory
 * evacuation inside the first, shelter in place out to the second), and what follows from them on the
 * roads. Pure geometry: no database.
 */

const RAD = Math.PI / 180;

/** Where a road crosses the outer circle: a point for traffic units to hold. */
export interface PerimeterPoint {
  readonly lat: number;
  readonly lon: number;
  /** The road's name ('' when the map gives none). */
  readonly road: string;
  /** Its class (`primary`, `residential`...). */
  readonly roadClass: string;
  /** From the centre, degrees clockwise from north: the list goes round the circle. */
  readonly bearingDeg: number;
}

/** Crossings of one road closer than this to one another are one point to hold. */
const SAME_POINT_M = 30;

/**
 * The points where roads cross the circle, going round it clockwise from north. A segment crossing twice
 * (a long straight road through a small circle) gives both points; crossings of one road closer than
 * 30 m are one point.
 * @example perimeterPoints(graph, scene, 564) // where traffic units stop cars for a suitcase bomb
 */
export function perimeterPoints(graph: RoadGraph, centre: LatLon, radiusM: number): PerimeterPoint[] {
  const plane = localPlane(centre);
  const found: (PerimeterPoint & { x: number; y: number })[] = [];
  for (let e = 0; e < graph.edgeCount; e += 1) {
    // One segment, one look: a two-way segment is two edges.
    const twin = graph.twin[e]!;
    if (twin >= 0 && twin < e) continue;
    const a = graph.sources[e]!;
    const b = graph.targets[e]!;
    const [ax, ay, bx, by] = [plane.x(graph.lon[a]!), plane.y(graph.lat[a]!), plane.x(graph.lon[b]!), plane.y(graph.lat[b]!)];
    for (const t of segmentCircleCrossings(ax, ay, bx, by, radiusM)) {
      const px = ax + t * (bx - ax);
      const py = ay + t * (by - ay);
      const road = graph.names[graph.nameIndex[e]!] ?? '';
      if (found.some((p) => p.road === road && Math.hypot(p.x - px, p.y - py) < SAME_POINT_M)) continue;
      const at = plane.at(px, py);
      found.push({
        x: px,
        y: py,
        lat: round6(at.lat),
        lon: round6(at.lon),
        road,
        roadClass: roadClassNames[graph.roadClass[e]!] ?? 'road',
        bearingDeg: Math.round(((Math.atan2(px, py) / RAD + 360) % 360) * 10) / 10,
      });
    }
  }
  return found.sort((p, q) => p.bearingDeg - q.bearingDeg).map(({ x: _x, y: _y, ...point }) => point);
}

const byName = new Intl.Collator('fr', { numeric: true });

/** A road segment closed by a cordon, as drawn on the traffic map. */
export interface ClosedSegment {
  /** The road's name ('' when the map gives none). */
  readonly road: string;
  readonly roadClass: string;
  /** From one end to the other, [lon, lat]. */
  readonly line: readonly [readonly [number, number], readonly [number, number]];
}

/**
 * The segments closed to routing by a mandatory circle (those `closedEdgesWithin` closes), one per
 * segment however many directions it has, and the roads they belong to, by name, with how many segments
 * each: what traffic units must keep cars off.
 * @example closedRoads(graph, scene, 46) // { segments: [...], roads: [{ road: 'Rue 0', roadClass: 'residential', segments: 2 }, ...] }
 */
export function closedRoads(graph: RoadGraph, centre: LatLon, radiusM: number): { segments: ClosedSegment[]; roads: { road: string; roadClass: string; segments: number }[] } {
  const segments: ClosedSegment[] = [];
  const roads = new Map<string, { road: string; roadClass: string; segments: number }>();
  for (const e of closedEdgesWithin(graph, centre, radiusM)) {
    const twin = graph.twin[e]!;
    if (twin >= 0 && twin < e) continue;
    const a = graph.sources[e]!;
    const b = graph.targets[e]!;
    const road = graph.names[graph.nameIndex[e]!] ?? '';
    const roadClass = roadClassNames[graph.roadClass[e]!] ?? 'road';
    segments.push({ road, roadClass, line: [[round6(graph.lon[a]!), round6(graph.lat[a]!)], [round6(graph.lon[b]!), round6(graph.lat[b]!)]] });
    // Unnamed pieces of different classes stay apart: "an unnamed primary road" says more than one line.
    const key = road === '' ? `|${roadClass}` : road;
    const known = roads.get(key);
    if (known === undefined) roads.set(key, { road, roadClass, segments: 1 });
    else known.segments += 1;
  }
  // Named roads first, by name (Boulevard 2 before Boulevard 10); the unnamed ones after.
  const ordered = [...roads.values()].sort((p, q) => Number(p.road === '') - Number(q.road === '') || byName.compare(p.road, q.road) || (p.roadClass < q.roadClass ? -1 : 1));
  return { segments, roads: ordered };
}

/** Whether a point lies within `radiusM` of the centre (great circle). */
export function isInside(point: LatLon, centre: LatLon, radiusM: number): boolean {
  return distanceM(point, centre) <= radiusM;
}

/**
 * A circle as a GeoJSON ring ([lon, lat], closed), for the map: `steps` points round it.
 * @example circleRing({ lat: 33.5731, lon: -7.5898 }, 46) // 65 positions, the first repeated last
 */
export function circleRing(centre: LatLon, radiusM: number, steps = 64): [number, number][] {
  const cosLat = Math.cos(centre.lat * RAD);
  const ring: [number, number][] = [];
  for (let i = 0; i <= steps; i += 1) {
    const angle = ((i % steps) / steps) * 2 * Math.PI;
    ring.push([round6(centre.lon + (radiusM * Math.sin(angle)) / (METRES_PER_DEGREE * cosLat)), round6(centre.lat + (radiusM * Math.cos(angle)) / METRES_PER_DEGREE)]);
  }
  return ring;
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

// --- API schemas ---------------------------------------------------------------------------------

const Point = Closed({ lat: Type.Number({ minimum: -90, maximum: 90, 'x-expected': 'a latitude from -90 to 90' }), lon: Type.Number({ minimum: -180, maximum: 180, 'x-expected': 'a longitude from -180 to 180' }) });

export const SetCordon = Closed({
  /** The class to take the distances from; without it, the incident's class (from the call or the scene). */
  deviceClass: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', 'x-expected': 'a device class code such as pipe_bomb' })),
  centre: Type.Optional(Closed(Point.properties, { description: "Where the device is, when it is not at the incident's own position" })),
});
export type SetCordon = Static<typeof SetCordon>;

/** What `amane/units/{callSign}/dispatch` carries when a unit must leave a mandatory-evacuation zone. */
export interface WithdrawOrder {
  readonly type: 'withdraw';
  readonly incident: string;
  readonly at: string;
  readonly centre: LatLon;
  readonly mandatoryM: number;
  readonly preferredM: number;
  /** How far the unit is from the device. */
  readonly distanceM: number;
  /** Which way is out: the bearing from the device to the unit. */
  readonly bearingOutDeg: number;
}

/** The cordons in force as GeoJSON, for the map: two circles each. */
export const CordonFeatures = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      properties: Closed({ incident: Type.String(), zone: Type.Enum(['mandatory', 'preferred']), radiusM: Type.Number(), deviceClass: Type.String() }),
      geometry: Type.Object({ type: Type.Literal('Polygon'), coordinates: Type.Array(Type.Array(Type.Tuple([Type.Number(), Type.Number()]))) }),
    }),
  ),
});
export type CordonFeatures = Static<typeof CordonFeatures>;
