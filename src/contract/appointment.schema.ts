import { Type, type Static } from 'typebox';
import { AppointmentStatus } from './appointment.js';
import { IsoDate, NationalIdNumber, PlaceCode, TimeOfDay } from './identity.schema.js';
import { Closed, Point, Timestamp, Uuid } from './schema.js';

/** Enrolment desks, their daily slots, and citizens' appointments at them, as the API answers them. */

/** The letters that start the national ID numbers a desk allocates: one or two capitals (BE, BK, J). */
export const NinPrefix = Type.String({ pattern: '^[A-Z]{1,2}$', 'x-expected': 'one or two capital letters, such as BK' });

export const Desk = Closed({
  code: PlaceCode,
  name: Type.String(),
  /** The police station the desk is at (a station of the units module), when it is at one. */
  station: Type.Union([PlaceCode, Type.Null()]),
  location: Point,
  opens: TimeOfDay,
  closes: TimeOfDay,
  slotMinutes: Type.Integer(),
  slotCapacity: Type.Integer(),
  weekdays: Type.Array(Type.Integer()),
  active: Type.Boolean(),
  /** The letters of the national ID numbers the desk allocates to people it registers; null: none. */
  ninPrefix: Type.Union([NinPrefix, Type.Null()]),
});

export type Desk = Static<typeof Desk>;

export const Slot = Closed({ time: TimeOfDay, capacity: Type.Integer(), booked: Type.Integer(), free: Type.Integer() });

export type Slot = Static<typeof Slot>;

export const DaySlots = Closed({ desk: PlaceCode, day: IsoDate, open: Type.Boolean(), slots: Type.Array(Slot) });

export type DaySlots = Static<typeof DaySlots>;

export const Appointment = Closed({
  id: Uuid,
  nin: NationalIdNumber,
  desk: PlaceCode,
  day: IsoDate,
  time: TimeOfDay,
  status: Type.Enum(Object.values(AppointmentStatus)),
  remindedAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export type Appointment = Static<typeof Appointment>;
