import type { Deployment, EodPicture, StandoffClass } from '@contract/shapes';

/** A deployment's steps, in order, with the field holding each one's time. */
export const deploymentSteps = [
  ['alerted', 'alertedAt'],
  ['departed', 'departedAt'],
  ['on_scene', 'onSceneAt'],
  ['neutralised', 'neutralisedAt'],
  ['cleared', 'clearedAt'],
] as const;

/** A squad on scene whose device is neither neutralised nor cleared yet: an operator may mark it neutralised. */
export function canMarkNeutralised(deployment: Pick<Deployment, 'onSceneAt' | 'neutralisedAt' | 'clearedAt'>): boolean {
  return deployment.onSceneAt !== null && deployment.neutralisedAt === null && deployment.clearedAt === null;
}

/**
 * The journal streams after which an incident's EOD picture may have changed: its own, its cordon's,
 * and any squad's or unit's (a squad's status and position move its ETA). Prefixes, as `useResource` takes them.
 */
export function eodPanelStreams(number: string): string[] {
  return [`cordon/${number}`, `incident/${number}`, 'eod-squad/', 'unit/'];
}

/** The class of the stand-off table with that code; undefined for a code the table no longer holds. */
export function findStandoffClass(classes: readonly StandoffClass[], code: string): StandoffClass | undefined {
  return classes.find((c) => c.code === code);
}

/** The latest CAP message issued for the incident (they come oldest first). */
export function lastCapMessage(picture: Pick<EodPicture, 'cap'> | undefined): EodPicture['cap'][number] | undefined {
  return picture?.cap[picture.cap.length - 1];
}
