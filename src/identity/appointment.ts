import { Type, type Static } from 'typebox';
import { NinPrefix } from '../contract/appointment.schema.js';
import { Point as Location } from '../contract/schema.js';
import { Closed, Line, Uuid } from '../core/schema.js';
import { IsoDate, NationalIdNumber, PlaceCode, TimeOfDay, isoWeekday } from './identity.js';

/** Enrolment desks, their daily slots, and citizens' appointments at them. Pure. */

// The statuses and the shapes answered are the contract's, shared with the console.
export { AppointmentStatus } from '../contract/appointment.js';
export { Appointment, DaySlots, Desk, NinPrefix, Slot } from '../contract/appointment.schema.js';

/** How far ahead a slot can be booked. */
export const BOOKING_HORIZON_DAYS = 90;

/** What a desk's schedule is made of. */
export interface DeskSchedule {
  readonly opens: string;
  readonly closes: string;
  readonly slotMinutes: number;
  readonly weekdays: readonly number[];
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const timeOf = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** The start times of a desk's slots: from opening, every `slotMinutes`, the last one ending by closing. */
export function slotTimes(desk: Pick<DeskSchedule, 'opens' | 'closes' | 'slotMinutes'>): string[] {
  const times: string[] = [];
  for (let t = minutesOf(desk.opens); t + desk.slotMinutes <= minutesOf(desk.closes); t += desk.slotMinutes) times.push(timeOf(t));
  return times;
}

/**
 * Why a slot cannot be booked now, or undefined: the desk must be open that weekday, the time one of its
 * slot times, the slot not past, and no further ahead than the booking horizon.
 */
export function slotProblem(desk: DeskSchedule, day: string, time: string, now: { day: string; time: string; horizon: string }): { field: 'day' | 'time'; message: string } | undefined {
  if (day < now.day || (day === now.day && time <= now.time)) return { field: day < now.day ? 'day' : 'time', message: `${day} ${time} is past` };
  if (day > now.horizon) return { field: 'day', message: `is more than ${BOOKING_HORIZON_DAYS} days ahead (the last day open to booking is ${now.horizon})` };
  if (!desk.weekdays.includes(isoWeekday(day))) return { field: 'day', message: `the desk is closed that day (open on ISO weekdays ${desk.weekdays.join(', ')})` };
  const times = slotTimes(desk);
  if (!times.includes(time)) return { field: 'time', message: `is not a slot of the desk; slots start at ${times[0] ?? '—'} and every ${desk.slotMinutes} minutes until ${times.at(-1) ?? '—'}` };
  return undefined;
}
const SlotMinutes = Type.Integer({ minimum: 5, maximum: 240, 'x-expected': 'minutes per slot, a whole number from 5 to 240' });
const SlotCapacity = Type.Integer({ minimum: 1, maximum: 500, 'x-expected': 'people per slot, a whole number from 1 to 500' });
const Weekdays = Type.Array(Type.Integer({ minimum: 1, maximum: 7, 'x-expected': 'an ISO weekday, 1 (Monday) to 7 (Sunday)' }), {
  minItems: 1,
  maxItems: 7,
  uniqueItems: true,
  'x-expected': 'the ISO weekdays the desk is open, each once, such as [1, 2, 3, 4, 5]',
});

export const NewDesk = Closed({
  code: PlaceCode,
  name: Line({ maxLength: 120 }),
  station: Type.Optional(PlaceCode),
  location: Location,
  opens: TimeOfDay,
  closes: TimeOfDay,
  slotMinutes: SlotMinutes,
  slotCapacity: SlotCapacity,
  weekdays: Type.Optional(Weekdays),
  active: Type.Optional(Type.Boolean({ description: 'Whether the desk takes appointments' })),
  ninPrefix: Type.Optional(NinPrefix),
});
export type NewDesk = Static<typeof NewDesk>;

export const DeskChange = Closed({
  name: Type.Optional(Line({ maxLength: 120 })),
  location: Type.Optional(Location),
  opens: Type.Optional(TimeOfDay),
  closes: Type.Optional(TimeOfDay),
  slotMinutes: Type.Optional(SlotMinutes),
  slotCapacity: Type.Optional(SlotCapacity),
  weekdays: Type.Optional(Weekdays),
  active: Type.Optional(Type.Boolean({ description: 'Whether the desk takes appointments' })),
  ninPrefix: Type.Optional(Type.Union([NinPrefix, Type.Null()])),
});
export type DeskChange = Static<typeof DeskChange>;

export const NewAppointment = Closed({ nin: NationalIdNumber, desk: PlaceCode, day: IsoDate, time: TimeOfDay });
export type NewAppointment = Static<typeof NewAppointment>;

/** A citizen books for themselves: their own record is known from their account. */
export const OwnAppointmentBody = Closed({ desk: PlaceCode, day: IsoDate, time: TimeOfDay });
export type OwnAppointmentBody = Static<typeof OwnAppointmentBody>;

/** Moves an appointment to another slot, at the same desk unless another is given. */
export const AppointmentMove = Closed({ desk: Type.Optional(PlaceCode), day: IsoDate, time: TimeOfDay });
export type AppointmentMove = Static<typeof AppointmentMove>;

export const DeskDayQuery = Closed({ desk: PlaceCode, day: IsoDate });
export const DayQuery = Closed({ day: IsoDate });
export const OptionalDayQuery = Closed({ day: Type.Optional(IsoDate) });

/** What a reminder (SMS, call) needs of an appointment: journaled when marked sent. */
export const Reminder = Closed({
  appointment: Uuid,
  nin: NationalIdNumber,
  phone: Type.Union([Type.String(), Type.Null()]),
  desk: PlaceCode,
  deskName: Type.String(),
  day: IsoDate,
  time: TimeOfDay,
});
export type Reminder = Static<typeof Reminder>;

export const AppointmentParams = Closed({ id: Uuid });
