/** Live road speeds as server and console know them: congestion levels and how they are derived. */

/**
 * How a road is flowing, after DATEX II v3's `TrafficStatusEnum` (Measured data / Traffic status,
 * values `freeFlow`, `heavy`, `congested`, `impossible`; `unknown` is a road with no live estimate,
 * which the API leaves out).
 */
export const TrafficLevel = {
  freeFlow: 'free_flow',
  heavy: 'heavy',
  congested: 'congested',
  impossible: 'impossible',
} as const;
export type TrafficLevel = (typeof TrafficLevel)[keyof typeof TrafficLevel];

/**
 * The lowest ratio of live speed to free-flow speed (the road's class speed) for each level, worst last:
 * at least 60% is free flow, 40–60% heavy, 15–40% congested, under 15% impossible (stop and go).
 */
export const trafficLevelFloors: readonly (readonly [TrafficLevel, number])[] = [
  [TrafficLevel.freeFlow, 0.6],
  [TrafficLevel.heavy, 0.4],
  [TrafficLevel.congested, 0.15],
  [TrafficLevel.impossible, 0],
];

/** The level of a road going at `ratio` of its free-flow speed. */
export function trafficLevelOf(ratio: number): TrafficLevel {
  for (const [level, floor] of trafficLevelFloors) if (ratio >= floor) return level;
  return TrafficLevel.impossible;
}

/** Where a speed observation came from: the fleet's own GPS (map-matched), or the city's traffic feed. */
export const SpeedSource = { fleet: 'fleet', feed: 'feed' } as const;
export type SpeedSource = (typeof SpeedSource)[keyof typeof SpeedSource];
