import { Type, type Static } from 'typebox';
import { IsoDate, PlaceCode } from './identity.schema.js';
import { BatchStatus } from './production.js';
import { Closed, Point, Timestamp } from './schema.js';

/** Issuance centres, their batches and boards, as the API answers them. */

export const Centre = Closed({
  code: PlaceCode,
  name: Type.String(),
  /** The first character of its cards' document numbers. */
  prefix: Type.String(),
  location: Point,
  dailyCapacity: Type.Integer(),
  stock: Type.Integer(),
  online: Type.Boolean(),
  updatedAt: Timestamp,
});

export type Centre = Static<typeof Centre>;

export const Batch = Closed({
  id: Type.String(),
  centre: PlaceCode,
  day: IsoDate,
  desk: PlaceCode,
  size: Type.Integer(),
  status: Type.Enum(Object.values(BatchStatus)),
  createdAt: Timestamp,
  producedAt: Type.Union([Timestamp, Type.Null()]),
  shippedAt: Type.Union([Timestamp, Type.Null()]),
  receivedAt: Type.Union([Timestamp, Type.Null()]),
});

export type Batch = Static<typeof Batch>;

export const BatchWithApplications = Closed({ ...Batch.properties, applications: Type.Array(Type.String()) });

export type BatchWithApplications = Static<typeof BatchWithApplications>;

export const ScheduleResult = Closed({
  day: IsoDate,
  scheduled: Type.Integer(),
  /** Still waiting: no online centre had capacity and stock left that day. */
  waiting: Type.Integer(),
  batches: Type.Array(Batch),
});

export type ScheduleResult = Static<typeof ScheduleResult>;

/** What an issuance centre's production board shows for a day. */
export const ProductionBoard = Closed({
  centre: Centre,
  day: IsoDate,
  /** Cards scheduled at this centre that day (any batch status but cancelled), and what is left. */
  scheduled: Type.Integer(),
  capacityLeft: Type.Integer(),
  /** Blank cards promised to batches not yet produced (any day), and those free. */
  stockReserved: Type.Integer(),
  stockFree: Type.Integer(),
  /** Approved applications waiting for any centre. */
  queue: Type.Integer(),
  batches: Type.Array(Batch),
});

export type ProductionBoard = Static<typeof ProductionBoard>;

export const DeskDeliveries = Closed({
  desk: PlaceCode,
  /** Batches on their way to the desk or received by it. */
  batches: Type.Array(Batch),
  /** Cards received, waiting for their holder: application numbers. */
  ready: Type.Array(Closed({ application: Type.String(), documentNumber: Type.Union([Type.String(), Type.Null()]), since: Timestamp })),
});

export type DeskDeliveries = Static<typeof DeskDeliveries>;
