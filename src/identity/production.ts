import { Type, type Static } from 'typebox';
import { Centre } from '../contract/production.schema.js';
import { BatchStatus } from '../contract/production.js';
import { Point as Location } from '../contract/schema.js';
import { DomainError } from '../core/errors.js';
import { Closed, Line } from '../core/schema.js';

/**
 * Card production across issuance centres: the centres, the batches they produce for each station, and
 * the day's scheduling as a pure function.
 */

// The batches' statuses and table, and the shapes answered, are the contract's, shared with the console.
export { BatchAction, BatchStatus, batchTransitions, nextBatchStatus } from '../contract/production.js';
export { Batch, BatchWithApplications, Centre, DeskDeliveries, ProductionBoard, ScheduleResult } from '../contract/production.schema.js';
import { distanceM, type LatLon } from '../geo/geometry.js';
import { IsoDate, PlaceCode } from './identity.js';

/** `RABAT-20260302-0001`: the centre, the production day, a number counted per centre and day. */
export function formatBatchId(centre: string, day: string, sequence: number): string {
  return `${centre}-${day.replace(/-/g, '')}-${String(sequence).padStart(4, '0')}`;
}

/** A document number: the centre's prefix letter and eight digits (`R00000001`). */
export function formatDocumentNumber(prefix: string, sequence: number): string {
  if (sequence > 99_999_999) throw new DomainError('conflict', `the document numbers of prefix ${prefix} are exhausted; give the centre another prefix`);
  return `${prefix}${String(sequence).padStart(8, '0')}`;
}

/** A centre as the scheduler sees it on one day. */
export interface SchedulingCentre {
  readonly code: string;
  readonly location: LatLon;
  readonly online: boolean;
  /** Cards it can still personalise that day (daily capacity less what is already scheduled). */
  readonly capacityLeft: number;
  /** Blank cards not yet promised to a scheduled batch. */
  readonly stockLeft: number;
}

/** An approved application waiting for production, oldest first. */
export interface QueuedApplication {
  readonly number: string;
  /** The desk that will hand the card over, and where it is. */
  readonly desk: string;
  readonly destination: LatLon;
}

export interface PlannedBatch {
  readonly centre: string;
  readonly desk: string;
  readonly applications: readonly string[];
}

export interface DaySchedule {
  readonly day: string;
  readonly assignments: readonly { readonly number: string; readonly centre: string }[];
  /** Left in the queue: no online centre had capacity and stock left. */
  readonly unscheduled: readonly string[];
  /** The assignments grouped by centre and destination desk: one batch each. */
  readonly batches: readonly PlannedBatch[];
}

/**
 * Schedules one day's production: each application, oldest first, goes to the nearest online centre
 * (to its destination desk) that still has capacity and blank cards that day, else to the next nearest;
 * when none has, it waits for another day. So Marrakech serves the south first and takes the north's
 * overflow when Rabat is full. Never exceeds a centre's capacity or stock; every application is either
 * assigned once or left in the queue. Pure.
 * @example scheduleDay([{ code: 'RABAT', location, online: true, capacityLeft: 1, stockLeft: 9 }], [{ number, desk, destination }], '2026-03-02')
 */
export function scheduleDay(centres: readonly SchedulingCentre[], queue: readonly QueuedApplication[], day: string): DaySchedule {
  const state = centres.filter((c) => c.online && c.capacityLeft > 0 && c.stockLeft > 0).map((c) => ({ code: c.code, location: c.location, room: Math.min(c.capacityLeft, c.stockLeft) }));
  // Centres by distance, once per destination desk: thousands of applications share a few hundred desks.
  const rankings = new Map<string, typeof state>();
  const assignments: { number: string; centre: string }[] = [];
  const unscheduled: string[] = [];
  const batches = new Map<string, { centre: string; desk: string; applications: string[] }>();
  const seen = new Set<string>();
  for (const item of queue) {
    if (seen.has(item.number)) continue;
    seen.add(item.number);
    let ranking = rankings.get(item.desk);
    if (ranking === undefined) {
      ranking = [...state].sort((a, b) => distanceM(a.location, item.destination) - distanceM(b.location, item.destination) || a.code.localeCompare(b.code));
      rankings.set(item.desk, ranking);
    }
    const centre = ranking.find((c) => c.room > 0);
    if (centre === undefined) {
      unscheduled.push(item.number);
      continue;
    }
    centre.room -= 1;
    assignments.push({ number: item.number, centre: centre.code });
    const key = `${centre.code}\u0000${item.desk}`;
    let batch = batches.get(key);
    if (batch === undefined) batches.set(key, (batch = { centre: centre.code, desk: item.desk, applications: [] }));
    batch.applications.push(item.number);
  }
  return { day, assignments, unscheduled, batches: [...batches.values()] };
}

// --- API contracts -------------------------------------------------------------------------------

const Capacity = Type.Integer({ minimum: 0, maximum: 1_000_000, 'x-expected': 'cards a day, a whole number from 0 to 1000000' });
const Cards = Type.Integer({ minimum: 0, maximum: 100_000_000, 'x-expected': 'a number of blank cards, from 0 to 100000000' });

export const NewCentre = Closed({
  code: PlaceCode,
  name: Line({ maxLength: 120 }),
  prefix: Type.String({ pattern: '^[A-Z]$', 'x-expected': 'one capital letter, the first character of its document numbers' }),
  location: Location,
  dailyCapacity: Capacity,
  stock: Type.Optional(Cards),
  online: Type.Optional(Type.Boolean({ description: 'Whether the centre takes batches now (default true)' })),
});
export type NewCentre = Static<typeof NewCentre>;

export const CentreChange = Closed({
  name: Type.Optional(Line({ maxLength: 120 })),
  location: Type.Optional(Location),
  dailyCapacity: Type.Optional(Capacity),
});
export type CentreChange = Static<typeof CentreChange>;

export const StockReceipt = Closed({
  cards: Type.Integer({ minimum: 1, maximum: 10_000_000, 'x-expected': 'blank cards received, from 1 to 10000000' }),
  reference: Type.Optional(Line({ maxLength: 100 })),
});
export type StockReceipt = Static<typeof StockReceipt>;

export const OfflineBody = Closed({ reason: Line({ maxLength: 500, description: 'why; journaled' }) });

export const BatchId = Type.String({ pattern: '^[A-Z0-9][A-Z0-9_-]{1,31}-[0-9]{8}-[0-9]{4,}$', 'x-expected': 'a batch id such as RABAT-20260302-0001' });
export const BatchParams = Closed({ id: BatchId });

export const BatchQuery = Closed({
  centre: Type.Optional(PlaceCode),
  desk: Type.Optional(PlaceCode),
  day: Type.Optional(IsoDate),
  status: Type.Optional(Type.Enum(Object.values(BatchStatus), { 'x-expected': `one of ${Object.values(BatchStatus).join(', ')}` })),
});
export type BatchQuery = Static<typeof BatchQuery>;

/** Which day to schedule (a query: the job posts without a body), today by default; which centre, all the online ones by default. */
export const ScheduleBody = Closed({ day: Type.Optional(IsoDate), centre: Type.Optional(PlaceCode) });

export const CentreParams = Closed({ code: PlaceCode });

/** What taking a centre offline (or back online) did: its queued work moved to the other centres. */
export const CentreSwitch = Closed({
  centre: Centre,
  /** Applications taken out of the centre's batches not yet produced. */
  requeued: Type.Integer(),
  /** Of those and the rest of the queue, how many the other centres took today. */
  rescheduled: Type.Integer(),
  /** Still waiting for a centre with capacity and stock. */
  waiting: Type.Integer(),
});
export type CentreSwitch = Static<typeof CentreSwitch>;
export const BoardQuery = Closed({ day: Type.Optional(IsoDate) });
