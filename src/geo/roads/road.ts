/**
 * Roads as the importers hand them to the graph builder, the classes a vehicle may drive on, and how
 * fast. Everything here is pure: no file, no database.
 */

/**
 * The road classes a police vehicle drives on (OSM `highway` values, Geofabrik `fclass`), with the
 * small number each edge stores. The order is the storage format: append only.
 */
export const RoadClass = {
  motorway: 0,
  motorway_link: 1,
  trunk: 2,
  trunk_link: 3,
  primary: 4,
  primary_link: 5,
  secondary: 6,
  secondary_link: 7,
  tertiary: 8,
  tertiary_link: 9,
  unclassified: 10,
  residential: 11,
  living_street: 12,
  service: 13,
  road: 14,
} as const;
export type RoadClass = (typeof RoadClass)[keyof typeof RoadClass];
export type RoadClassName = keyof typeof RoadClass;

export const roadClassNames: readonly RoadClassName[] = Object.keys(RoadClass) as RoadClassName[];

/**
 * Typical driving speed per class in km/h, in town, without live traffic: what a patrol car averages
 * between junctions (not the legal limit). `urban` classes also lose time at junctions and lights
 * (`URBAN_DELAY`); motorways and trunk roads are grade-separated and do not.
 *
 * | class | km/h | urban |
 * |---|---|---|
 * | motorway | 100 | no |
 * | motorway_link | 60 | no |
 * | trunk | 80 | no |
 * | trunk_link | 50 | no |
 * | primary | 60 | yes |
 * | primary_link | 40 | yes |
 * | secondary | 50 | yes |
 * | secondary_link | 35 | yes |
 * | tertiary | 40 | yes |
 * | tertiary_link | 30 | yes |
 * | unclassified, residential, road | 30 | yes |
 * | service | 15 | yes |
 * | living_street | 10 | yes |
 */
export const roadClassSpeeds: Readonly<Record<RoadClassName, { readonly kmh: number; readonly urban: boolean }>> = {
  motorway: { kmh: 100, urban: false },
  motorway_link: { kmh: 60, urban: false },
  trunk: { kmh: 80, urban: false },
  trunk_link: { kmh: 50, urban: false },
  primary: { kmh: 60, urban: true },
  primary_link: { kmh: 40, urban: true },
  secondary: { kmh: 50, urban: true },
  secondary_link: { kmh: 35, urban: true },
  tertiary: { kmh: 40, urban: true },
  tertiary_link: { kmh: 30, urban: true },
  unclassified: { kmh: 30, urban: true },
  residential: { kmh: 30, urban: true },
  living_street: { kmh: 10, urban: true },
  service: { kmh: 15, urban: true },
  road: { kmh: 30, urban: true },
};

/** Time lost at junctions and traffic lights on urban classes: 10% on top of the driving time. */
export const URBAN_DELAY = 1.1;

/**
 * The `highway` values that are not roads for a car, skipped at import (all other unknown values are
 * skipped too; this list says why for the common ones).
 */
export const nonDrivableClasses: Readonly<Record<string, string>> = {
  footway: 'pedestrians only',
  pedestrian: 'pedestrian street or square',
  path: 'unspecified path, not for cars',
  steps: 'stairs',
  cycleway: 'bicycles only',
  bridleway: 'horses only',
  corridor: 'indoor passage',
  track: 'farm or forest track, unpaved',
  track_grade1: 'track', track_grade2: 'track', track_grade3: 'track', track_grade4: 'track', track_grade5: 'track',
  bus_guideway: 'guided buses only',
  busway: 'buses only',
  raceway: 'race track',
  proposed: 'not built',
  construction: 'being built',
  platform: 'public transport platform',
  escape: 'runaway truck ramp',
};

/** The class of a `highway`/`fclass` value, or undefined when cars do not drive there. */
export function roadClassOf(value: string): RoadClassName | undefined {
  return Object.hasOwn(RoadClass, value) ? (value as RoadClassName) : undefined;
}

/** Which way traffic may go along a way's geometry. */
export const OneWay = { forward: 'forward', backward: 'backward', both: 'both' } as const;
export type OneWay = (typeof OneWay)[keyof typeof OneWay];

/** A way as an importer reads it, before vertices are joined into nodes. */
export interface RoadWay {
  /** [lon, lat] positions, in the way's order. */
  readonly coordinates: readonly (readonly [number, number])[];
  /**
   * What joins vertices into one node: OSM node ids when the source has them, else undefined (then
   * vertices with exactly the same coordinates are one node).
   */
  readonly nodeKeys?: readonly string[];
  readonly roadClass: RoadClassName;
  readonly oneWay: OneWay;
  /** The posted legal limit in km/h, 0 when unknown. */
  readonly maxSpeedKmh: number;
  readonly name: string;
}

/**
 * Driving speed in km/h: the class speed, capped by the legal limit when one is given and lower (a
 * higher limit does not make town traffic faster).
 */
export function drivingSpeedKmh(roadClass: RoadClassName, maxSpeedKmh: number): number {
  const typical = roadClassSpeeds[roadClass].kmh;
  return maxSpeedKmh > 0 ? Math.min(typical, maxSpeedKmh) : typical;
}

/** Seconds to drive `lengthM` on a road of this class and limit, junction delay included. */
export function travelTimeS(lengthM: number, roadClass: RoadClassName, maxSpeedKmh: number): number {
  const seconds = lengthM / (drivingSpeedKmh(roadClass, maxSpeedKmh) / 3.6);
  return roadClassSpeeds[roadClass].urban ? seconds * URBAN_DELAY : seconds;
}

/**
 * A legal limit from OSM's `maxspeed` text: "50", "50 km/h", "30 mph"; 0 for anything else ("none",
 * "walk", "MA:urban", a number out of range).
 */
export function parseMaxSpeed(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 && value <= 250 ? Math.round(value) : 0;
  if (typeof value !== 'string') return 0;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(km\/h|kmh|mph)?\s*$/i.exec(value);
  if (match === null) return 0;
  const kmh = Number(match[1]) * (match[2]?.toLowerCase() === 'mph' ? 1.609344 : 1);
  return kmh > 0 && kmh <= 250 ? Math.round(kmh) : 0;
}
