/** Bomb disposal (EOD): the words of equipment, deployments, cordons and squad pricing the server and the console share. */

/** What a squad carries; the robot decides whether a squad is degraded. */
export const EquipmentKind = {
  robot: 'robot',
  xRay: 'x_ray',
  jammer: 'jammer',
  bombSuit: 'bomb_suit',
  vehicle: 'vehicle',
} as const;
export type EquipmentKind = (typeof EquipmentKind)[keyof typeof EquipmentKind];

/** Where an item of equipment stands. */
export const Readiness = {
  ready: 'ready',
  maintenance: 'maintenance',
  /** Out with the squad, or lent to another. */
  deployed: 'deployed',
} as const;
export type Readiness = (typeof Readiness)[keyof typeof Readiness];

/** How a deployment ended. */
export const DeploymentOutcome = {
  /** The device was rendered safe (disrupted, dismantled). */
  neutralised: 'neutralised',
  /** Destroyed on the spot by a controlled explosion. */
  controlledDetonation: 'controlled_detonation',
  /** The object was examined and held no explosive. */
  notExplosive: 'not_explosive',
  /** A threat without any object found. */
  nothingFound: 'nothing_found',
  other: 'other',
} as const;
export type DeploymentOutcome = (typeof DeploymentOutcome)[keyof typeof DeploymentOutcome];

export const CordonStatus = { active: 'active', lifted: 'lifted' } as const;
export type CordonStatus = (typeof CordonStatus)[keyof typeof CordonStatus];

/** How a squad's travel time was priced: by road, or by the intercity estimate. */
export const EtaMethod = { road: 'road', estimate: 'estimate' } as const;
export type EtaMethod = (typeof EtaMethod)[keyof typeof EtaMethod];
