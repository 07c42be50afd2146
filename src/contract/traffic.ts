/** Road traffic: the words of road closures the server and the console share. */

/** What a closure closes: the segment at a point (junction to junction), a street by name, or an area. */
export const ClosureKind = { segment: 'segment', street: 'street', area: 'area' } as const;
export type ClosureKind = (typeof ClosureKind)[keyof typeof ClosureKind];

/** Why a road is closed: the coded cause, published in the feeds (each mapped to CIFS and DATEX II). */
export const ClosureReason = {
  works: 'works',
  event: 'event',
  accident: 'accident',
  policeOperation: 'police_operation',
  flooding: 'flooding',
  other: 'other',
} as const;
export type ClosureReason = (typeof ClosureReason)[keyof typeof ClosureReason];

/** Both ways, or one way along a segment (the way given by a heading). */
export const ClosureDirection = { both: 'both', oneWay: 'one_way' } as const;
export type ClosureDirection = (typeof ClosureDirection)[keyof typeof ClosureDirection];

/**
 * Where a closure stands: `scheduled` (its start is later), `in_force`, `reopened` (by someone before
 * its end) or `ended` (its end time passed). The first two are derived from the stored `active` and the
 * clock.
 */
export const ClosureStatus = { scheduled: 'scheduled', inForce: 'in_force', reopened: 'reopened', ended: 'ended' } as const;
export type ClosureStatus = (typeof ClosureStatus)[keyof typeof ClosureStatus];

/** The actions a closure allows in each status. */
export const closureActions: Readonly<Record<ClosureStatus, readonly ('change' | 'reopen')[]>> = {
  scheduled: ['change', 'reopen'],
  in_force: ['change', 'reopen'],
  reopened: [],
  ended: [],
};

/**
 * Who closed the road, in the traffic room's list: the traffic operator (`traffic`, editable), an EOD
 * cordon (`eod`, lifted with the cordon), a major incident (`incident`, shown, not closed to routing), or
 * the city traffic centre's feed (`feed`, a `roadClosed` event: read-only, ends with the feed's event).
 */
export const ClosureSource = { traffic: 'traffic', eod: 'eod', incident: 'incident', feed: 'feed' } as const;
export type ClosureSource = (typeof ClosureSource)[keyof typeof ClosureSource];

/** How far from a road a segment's point may be, metres. */
export const SEGMENT_POINT_MAX_M = 100;

/**
 * A closure's status at `now`, from what is stored: `active` rows are scheduled before their start and in
 * force after it (the sweep ends them at their end time).
 * @example closureStatus('active', '2026-12-07T10:00:00.000Z', '2026-12-07T09:00:00.000Z') // 'scheduled'
 */
export function closureStatus(stored: 'active' | 'reopened' | 'ended', startsAt: string, now: string): ClosureStatus {
  if (stored === 'reopened') return ClosureStatus.reopened;
  if (stored === 'ended') return ClosureStatus.ended;
  return startsAt > now ? ClosureStatus.scheduled : ClosureStatus.inForce;
}
