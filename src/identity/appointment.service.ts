import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/auth/principal.js';
import { runCommand, runCommandOn, type CommandScope } from '../core/command.js';
import { changedFields } from '../core/changed-fields.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db, type Trx } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { localDay, localTime } from '../core/time-zone.js';
import { listStations } from '../stations/index.js';
import {
  AppointmentStatus,
  BOOKING_HORIZON_DAYS,
  slotProblem,
  slotTimes,
  type Appointment,
  type AppointmentMove,
  type DaySlots,
  type Desk,
  type DeskChange,
  type NewAppointment,
  type NewDesk,
  type Reminder,
} from './appointment.js';
import {
  findAppointmentRow,
  findBookedAppointment,
  findDeskRow,
  findLatestAppointment,
  insertAppointmentRow,
  insertDeskRow,
  listAppointmentRows,
  listAppointmentsToRemind,
  listDeskRows,
  listSlotRows,
  markReminded,
  releaseSlotPlace,
  takeSlotPlace,
  updateAppointmentRow,
  updateDeskRow,
  type IdentityAppointmentTable,
  type IdentityDeskTable,
} from './appointment.repository.js';
import { addDays, appointmentStream, deskStream, isoWeekday } from './identity.js';
import { ownNin, personRowsByNin, requirePerson } from './person.service.js';
import { registerKeys } from './register-keys.js';

const WORKING_WEEK = [1, 2, 3, 4, 5];

export function deskRowToDesk(row: IdentityDeskTable): Desk {
  return {
    code: row.code,
    name: row.name,
    station: row.station_code,
    location: { lat: row.lat, lon: row.lon },
    opens: row.opens,
    closes: row.closes,
    slotMinutes: row.slot_minutes,
    slotCapacity: row.slot_capacity,
    weekdays: fromJsonText(row.weekdays),
    active: row.active === 1,
    ninPrefix: row.nin_prefix,
  };
}

export function appointmentRowToAppointment(row: IdentityAppointmentTable): Appointment {
  return {
    id: row.id,
    nin: row.nin,
    desk: row.desk_code,
    day: row.day,
    time: row.time,
    status: row.status,
    remindedAt: row.reminded_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A desk's row, or a refusal naming `field` (a request's reference) or 404 (the path's). */
export async function getDeskRow(db: Db | Trx, code: string, options: { field?: string; lock?: boolean } = {}): Promise<IdentityDeskTable> {
  const row = await findDeskRow(db, code, { lock: options.lock ?? false });
  if (row === undefined) {
    if (options.field !== undefined) throw invalidField(options.field, `no enrolment desk has code ${code}`);
    throw new DomainError('not_found', `no enrolment desk has code ${code}`);
  }
  return row;
}

export async function listDesks(db: Db): Promise<Desk[]> {
  return (await listDeskRows(db)).map(deskRowToDesk);
}

function checkSchedule(opens: string, closes: string, slotMinutes: number): void {
  if (closes <= opens) throw invalidField('closes', `must be after the opening time (${opens})`);
  if (slotTimes({ opens, closes, slotMinutes }).length === 0) throw invalidField('slotMinutes', `no slot of ${slotMinutes} minutes fits between ${opens} and ${closes}`);
}

/** Opens an enrolment desk; at a station of the units module when `station` is given. */
export async function createDesk(core: Core, actor: Actor, input: NewDesk): Promise<Desk> {
  checkSchedule(input.opens, input.closes, input.slotMinutes);
  if (input.station !== undefined && !(await listStations(core.db)).some((s) => s.code === input.station)) {
    throw invalidField('station', `no police station has code ${input.station}`);
  }
  try {
    return await runCommand(core, actor, async ({ trx, at, record }) => {
      if ((await findDeskRow(trx, input.code)) !== undefined) throw invalidField('code', `desk ${input.code} already exists`, 'conflict');
      const row: IdentityDeskTable = {
        code: input.code,
        name: input.name,
        station_code: input.station ?? null,
        lat: input.location.lat,
        lon: input.location.lon,
        opens: input.opens,
        closes: input.closes,
        slot_minutes: input.slotMinutes,
        slot_capacity: input.slotCapacity,
        weekdays: toJsonText([...(input.weekdays ?? WORKING_WEEK)].sort((a, b) => a - b)),
        active: input.active === false ? 0 : 1,
        nin_prefix: input.ninPrefix ?? null,
        created_at: at,
        updated_at: at,
      };
      await insertDeskRow(trx, row);
      const desk = deskRowToDesk(row);
      const { code: _code, ...journaled } = desk;
      record(deskStream(row.code), 'identity_desk.created', journaled);
      return desk;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('code', `desk ${input.code} already exists`, 'conflict');
    throw error;
  }
}

/** Changes a desk's name, place, hours, slots or days. Appointments already booked keep their slot. */
export async function changeDesk(core: Core, actor: Actor, code: string, change: DeskChange): Promise<Desk> {
  return runCommandOn(core, actor, (trx) => getDeskRow(trx, code, { lock: true }), async (row, { trx, at, record }) => {
    const next: IdentityDeskTable = {
      ...row,
      name: change.name ?? row.name,
      lat: change.location?.lat ?? row.lat,
      lon: change.location?.lon ?? row.lon,
      opens: change.opens ?? row.opens,
      closes: change.closes ?? row.closes,
      slot_minutes: change.slotMinutes ?? row.slot_minutes,
      slot_capacity: change.slotCapacity ?? row.slot_capacity,
      weekdays: change.weekdays === undefined ? row.weekdays : toJsonText([...change.weekdays].sort((a, b) => a - b)),
      active: change.active === undefined ? row.active : change.active ? 1 : 0,
      nin_prefix: change.ninPrefix === undefined ? row.nin_prefix : change.ninPrefix,
    };
    checkSchedule(next.opens, next.closes, next.slot_minutes);
    const [before, after] = [deskRowToDesk(row), deskRowToDesk(next)];
    const changed = changedFields(before, after);
    if (changed === undefined) return before;
    const { code: _code, created_at: _created, ...columns } = { ...next, updated_at: at };
    await updateDeskRow(trx, code, columns);
    record(deskStream(code), 'identity_desk.changed', changed);
    return after;
  });
}

/** A desk's slots on a day: capacity, booked, free. A day the desk is closed has none. */
export async function daySlots(db: Db, code: string, day: string): Promise<DaySlots> {
  const desk = deskRowToDesk(await getDeskRow(db, code));
  const open = desk.active && desk.weekdays.includes(isoWeekday(day));
  if (!open) return { desk: code, day, open: false, slots: [] };
  const booked = new Map((await listSlotRows(db, code, day)).map((row) => [row.time, row.booked]));
  return {
    desk: code,
    day,
    open,
    slots: slotTimes(desk).map((time) => {
      const taken = booked.get(time) ?? 0;
      return { time, capacity: desk.slotCapacity, booked: taken, free: Math.max(0, desk.slotCapacity - taken) };
    }),
  };
}

/** Now, as booking rules see it: the local day and time, and the last day open to booking. */
function bookingNow(core: Pick<Core, 'clock'>): { day: string; time: string; horizon: string } {
  const now = core.clock.now();
  const day = localDay(now);
  return { day, time: localTime(now), horizon: addDays(day, BOOKING_HORIZON_DAYS) };
}

function checkBookable(core: Pick<Core, 'clock'>, desk: IdentityDeskTable, day: string, time: string, deskField = 'desk'): void {
  if (desk.active !== 1) throw invalidField(deskField, `desk ${desk.code} takes no appointments (it is inactive)`);
  const problem = slotProblem(deskRowToDesk(desk), day, time, bookingNow(core));
  if (problem !== undefined) throw invalidField(problem.field, problem.message);
}

/**
 * Takes a place in the slot, or refuses: inside the command, so the capacity and the one-appointment
 * rule hold whatever runs at the same time (the slot row's conditional update, the unique index).
 */
async function takePlace(trx: Trx, desk: IdentityDeskTable, day: string, time: string): Promise<void> {
  if (!(await takeSlotPlace(trx, desk.code, day, time, desk.slot_capacity))) {
    throw invalidField('time', `the ${time} slot of ${day} at ${desk.code} is full (${desk.slot_capacity} people); choose another`, 'conflict');
  }
}

/** A booked appointment whose day is over no longer holds its person: it is recorded as a no-show. */
async function closeStaleBooking(scope: CommandScope, nin: string, today: string): Promise<IdentityAppointmentTable | undefined> {
  const booked = await findBookedAppointment(scope.trx, nin, { lock: true });
  if (booked === undefined || booked.day >= today) return booked;
  await updateAppointmentRow(scope.trx, booked.id, { status: AppointmentStatus.noShow, updated_at: scope.at });
  scope.record(appointmentStream(booked.id), 'identity_appointment.no_show', { nin, desk: booked.desk_code, day: booked.day, time: booked.time, automatic: true });
  return undefined;
}

async function book(core: Core, actor: Actor, nin: string, input: { desk: string; day: string; time: string }): Promise<Appointment> {
  const desk = await getDeskRow(core.db, input.desk, { field: 'desk' });
  checkBookable(core, desk, input.day, input.time);
  const today = bookingNow(core).day;
  try {
    return await runCommand(core, actor, async (scope) => {
      const { trx, at, record } = scope;
      await requirePerson(trx, nin, { field: 'nin', lock: true });
      const held = await closeStaleBooking(scope, nin, today);
      if (held !== undefined) {
        throw invalidField('nin', `${nin} already holds an appointment (${held.desk_code}, ${held.day} ${held.time}); move or cancel it first`, 'conflict');
      }
      await takePlace(trx, desk, input.day, input.time);
      const row: IdentityAppointmentTable = {
        id: randomUUID(),
        nin,
        desk_code: desk.code,
        day: input.day,
        time: input.time,
        status: AppointmentStatus.booked,
        reminded_at: null,
        created_at: at,
        created_by: actor,
        updated_at: at,
      };
      await insertAppointmentRow(trx, row);
      record(appointmentStream(row.id), 'identity_appointment.booked', { nin, desk: row.desk_code, day: row.day, time: row.time });
      return appointmentRowToAppointment(row);
    });
  } catch (error) {
    // Another booking for the same person committed between our check and our insert.
    if (isUniqueViolation(error)) throw invalidField('nin', `${nin} already holds an appointment; move or cancel it first`, 'conflict');
    throw error;
  }
}

/** A clerk books an appointment for a person of the register. */
export async function bookAppointment(core: Core, actor: Actor, input: NewAppointment): Promise<Appointment> {
  return book(core, actor, input.nin, input);
}

/** A citizen books for themselves. */
export async function bookOwnAppointment(core: Core, actor: Actor, username: string, input: { desk: string; day: string; time: string }): Promise<Appointment> {
  return book(core, actor, await ownNin(core.db, username), input);
}

async function lockedBooked(trx: Trx, id: string, nin: string | undefined): Promise<IdentityAppointmentTable> {
  const row = await findAppointmentRow(trx, id, { lock: true });
  // A citizen asking about another's appointment learns nothing of it.
  if (row === undefined || (nin !== undefined && row.nin !== nin)) throw new DomainError('not_found', `no appointment has id ${id}`);
  if (row.status !== AppointmentStatus.booked) {
    throw new DomainError('invalid_transition', `appointment ${id} is \`${row.status}\`; only a booked appointment can be moved, cancelled or marked`, { allowed: [] });
  }
  return row;
}

/** Moves a booked appointment to another slot (same desk unless another is given). */
export async function moveAppointment(core: Core, actor: Actor, id: string, move: AppointmentMove, owner?: string): Promise<Appointment> {
  const current = await findAppointmentRow(core.db, id);
  const deskCode = move.desk ?? current?.desk_code ?? '';
  const desk = await getDeskRow(core.db, deskCode, { field: 'desk' });
  checkBookable(core, desk, move.day, move.time);
  return runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await lockedBooked(trx, id, owner);
    if (row.desk_code === desk.code && row.day === move.day && row.time === move.time) return appointmentRowToAppointment(row);
    await releaseSlotPlace(trx, row.desk_code, row.day, row.time);
    await takePlace(trx, desk, move.day, move.time);
    const next = { ...row, desk_code: desk.code, day: move.day, time: move.time, reminded_at: null, updated_at: at };
    await updateAppointmentRow(trx, id, { desk_code: next.desk_code, day: next.day, time: next.time, reminded_at: null, updated_at: at });
    record(appointmentStream(id), 'identity_appointment.moved', { nin: row.nin, from: { desk: row.desk_code, day: row.day, time: row.time }, to: { desk: desk.code, day: move.day, time: move.time } });
    return appointmentRowToAppointment(next);
  });
}

/** Cancels a booked appointment; its place is free again. */
export async function cancelAppointment(core: Core, actor: Actor, id: string, owner?: string): Promise<Appointment> {
  return runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await lockedBooked(trx, id, owner);
    await releaseSlotPlace(trx, row.desk_code, row.day, row.time);
    await updateAppointmentRow(trx, id, { status: AppointmentStatus.cancelled, updated_at: at });
    record(appointmentStream(id), 'identity_appointment.cancelled', { nin: row.nin, desk: row.desk_code, day: row.day, time: row.time });
    return appointmentRowToAppointment({ ...row, status: AppointmentStatus.cancelled, updated_at: at });
  });
}

/**
 * Inside a command erasing a person: their booked appointment, if any, is cancelled and its place freed.
 * Returns its id.
 */
export async function cancelBookingOf(scope: CommandScope, nin: string): Promise<string | undefined> {
  const row = await findBookedAppointment(scope.trx, nin, { lock: true });
  if (row === undefined) return undefined;
  await releaseSlotPlace(scope.trx, row.desk_code, row.day, row.time);
  await updateAppointmentRow(scope.trx, row.id, { status: AppointmentStatus.cancelled, updated_at: scope.at });
  scope.record(appointmentStream(row.id), 'identity_appointment.cancelled', { nin, desk: row.desk_code, day: row.day, time: row.time, reason: 'the person was erased from the register' });
  return row.id;
}

/** Records that the person did not come; only once the slot has begun. */
export async function markNoShow(core: Core, actor: Actor, id: string): Promise<Appointment> {
  const now = bookingNow(core);
  return runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await lockedBooked(trx, id, undefined);
    if (row.day > now.day || (row.day === now.day && row.time > now.time)) {
      throw new DomainError('conflict', `appointment ${id} is at ${row.day} ${row.time}, not begun yet; a no-show is recorded once the slot has begun`);
    }
    await updateAppointmentRow(trx, id, { status: AppointmentStatus.noShow, updated_at: at });
    record(appointmentStream(id), 'identity_appointment.no_show', { nin: row.nin, desk: row.desk_code, day: row.day, time: row.time });
    return appointmentRowToAppointment({ ...row, status: AppointmentStatus.noShow, updated_at: at });
  });
}

/**
 * Inside the command opening an application: the person came to their appointment at this desk. An
 * appointment of another person or desk is refused (naming `appointment`).
 */
export async function attendAppointment(scope: CommandScope, id: string, nin: string, desk: string): Promise<void> {
  const row = await findAppointmentRow(scope.trx, id, { lock: true });
  if (row === undefined || row.nin !== nin) throw invalidField('appointment', `no appointment ${id} of ${nin}`);
  if (row.desk_code !== desk) throw invalidField('appointment', `appointment ${id} is at desk ${row.desk_code}, not ${desk}`);
  if (row.status !== AppointmentStatus.booked) throw invalidField('appointment', `appointment ${id} is ${row.status}`, 'conflict');
  await updateAppointmentRow(scope.trx, id, { status: AppointmentStatus.attended, updated_at: scope.at });
  scope.record(appointmentStream(id), 'identity_appointment.attended', { nin, desk, day: row.day, time: row.time });
}

/** A desk's appointments on a day, by time: the clerk's list. */
export async function listAppointments(db: Db, desk: string, day: string): Promise<Appointment[]> {
  await getDeskRow(db, desk, { field: 'desk' });
  return (await listAppointmentRows(db, desk, day)).map(appointmentRowToAppointment);
}

/** A citizen's appointment: the one booked, else the latest; 404 when none. */
export async function ownAppointment(db: Db, username: string): Promise<Appointment> {
  const appointment = await findOwnAppointment(db, username);
  if (appointment === undefined) throw new DomainError('not_found', 'you have no appointment');
  return appointment;
}

/** The citizen's booked appointment, else their latest, else none (not having one is no error). */
export async function findOwnAppointment(db: Db, username: string): Promise<Appointment | undefined> {
  const nin = await ownNin(db, username);
  const row = (await findBookedAppointment(db, nin)) ?? (await findLatestAppointment(db, nin));
  return row === undefined ? undefined : appointmentRowToAppointment(row);
}

/** The citizen's booked appointment (to move or cancel it), or 404. */
async function ownBooked(db: Db, username: string): Promise<{ id: string; nin: string }> {
  const nin = await ownNin(db, username);
  const row = await findBookedAppointment(db, nin);
  if (row === undefined) throw new DomainError('not_found', 'you have no booked appointment');
  return { id: row.id, nin };
}

/** A citizen moves their own booked appointment. */
export async function moveOwnAppointment(core: Core, actor: Actor, username: string, move: AppointmentMove): Promise<Appointment> {
  const { id, nin } = await ownBooked(core.db, username);
  return moveAppointment(core, actor, id, move, nin);
}

/** A citizen cancels their own booked appointment. */
export async function cancelOwnAppointment(core: Core, actor: Actor, username: string): Promise<Appointment> {
  const { id, nin } = await ownBooked(core.db, username);
  return cancelAppointment(core, actor, id, nin);
}

/**
 * The reminders to send for a day's appointments (by default tomorrow's) not reminded yet, each with
 * the person's phone; they are marked reminded, and the mark journaled, in the same command. A sender
 * (SMS gateway) calls this once and sends what it got.
 */
export async function takeReminders(core: Core, actor: Actor, day?: string): Promise<Reminder[]> {
  const target = day ?? addDays(localDay(core.clock.now()), 1);
  const keys = registerKeys(core);
  return runCommand(core, actor, async ({ trx, at, record }) => {
    const rows = await listAppointmentsToRemind(trx, target);
    // The phone is sealed in each person's record: opened for the people reminded, and only them.
    const people = await personRowsByNin(
      trx,
      keys,
      rows.map((row) => row.nin),
    );
    await markReminded(
      trx,
      rows.map((row) => row.id),
      at,
    );
    for (const row of rows) record(appointmentStream(row.id), 'identity_appointment.reminded', { nin: row.nin, desk: row.desk_code, day: row.day, time: row.time });
    return rows.map((row) => ({ appointment: row.id, nin: row.nin, phone: people.get(row.nin)?.phone ?? null, desk: row.desk_code, deskName: row.desk_name, day: row.day, time: row.time }));
  });
}
