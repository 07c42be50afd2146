import { sql } from 'kysely';
import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';
import type { AppointmentStatus } from './appointment.js';

/** A row of `identity_desk`: an enrolment desk and its daily schedule. */
export interface IdentityDeskTable {
  code: string;
  name: string;
  /** A station of the units module, when the desk is at one. */
  station_code: string | null;
  lat: number;
  lon: number;
  /** `HH:MM`. */
  opens: string;
  closes: string;
  slot_minutes: number;
  slot_capacity: number;
  /** ISO weekdays (1 Monday ... 7 Sunday), in order. */
  weekdays: JsonText<number[]>;
  active: number;
  /** The letters of the national ID numbers allocated at this desk; null when it allocates none. */
  nin_prefix: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of `identity_slot`: how many appointments a slot holds (only slots with bookings have one). */
export interface IdentitySlotTable {
  desk_code: string;
  day: string;
  time: string;
  booked: number;
}

/** A row of `identity_appointment`. */
export interface IdentityAppointmentTable {
  id: string;
  nin: string;
  desk_code: string;
  day: string;
  time: string;
  status: AppointmentStatus;
  reminded_at: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
}

declare module '../core/database.js' {
  interface Database {
    identity_desk: IdentityDeskTable;
    identity_slot: IdentitySlotTable;
    identity_appointment: IdentityAppointmentTable;
  }
}

export async function findDeskRow(db: Db | Trx, code: string, options: { lock?: boolean } = {}): Promise<IdentityDeskTable | undefined> {
  const query = db.selectFrom('identity_desk').selectAll().where('code', '=', code);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function listDeskRows(db: Db | Trx): Promise<IdentityDeskTable[]> {
  return db.selectFrom('identity_desk').selectAll().orderBy('code').execute();
}

export async function insertDeskRow(trx: Trx, row: IdentityDeskTable): Promise<void> {
  await trx.insertInto('identity_desk').values(row).execute();
}

export async function updateDeskRow(trx: Trx, code: string, change: Partial<Omit<IdentityDeskTable, 'code' | 'created_at'>>): Promise<void> {
  await trx.updateTable('identity_desk').set(change).where('code', '=', code).execute();
}

export async function listSlotRows(db: Db | Trx, desk: string, day: string): Promise<IdentitySlotTable[]> {
  return db.selectFrom('identity_slot').selectAll().where('desk_code', '=', desk).where('day', '=', day).execute();
}

/**
 * Takes one place in a slot if it has one left: a single conditional update, so two bookings racing for
 * the last place cannot both have it (PostgreSQL locks the row; SQLite writers take turns). Returns
 * whether a place was taken.
 */
export async function takeSlotPlace(trx: Trx, desk: string, day: string, time: string, capacity: number): Promise<boolean> {
  await trx.insertInto('identity_slot').values({ desk_code: desk, day, time, booked: 0 }).onConflict((oc) => oc.columns(['desk_code', 'day', 'time']).doNothing()).execute();
  const result = await trx
    .updateTable('identity_slot')
    .set({ booked: sql`booked + 1` })
    .where('desk_code', '=', desk)
    .where('day', '=', day)
    .where('time', '=', time)
    .where('booked', '<', capacity)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function releaseSlotPlace(trx: Trx, desk: string, day: string, time: string): Promise<void> {
  await trx
    .updateTable('identity_slot')
    .set({ booked: sql`booked - 1` })
    .where('desk_code', '=', desk)
    .where('day', '=', day)
    .where('time', '=', time)
    .where('booked', '>', 0)
    .execute();
}

export async function findAppointmentRow(db: Db | Trx, id: string, options: { lock?: boolean } = {}): Promise<IdentityAppointmentTable | undefined> {
  const query = db.selectFrom('identity_appointment').selectAll().where('id', '=', id);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

/** The person's booked appointment, if any (there is at most one). */
export async function findBookedAppointment(db: Db | Trx, nin: string, options: { lock?: boolean } = {}): Promise<IdentityAppointmentTable | undefined> {
  const query = db.selectFrom('identity_appointment').selectAll().where('nin', '=', nin).where('status', '=', 'booked');
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

/** The person's latest appointment, whatever its status. */
export async function findLatestAppointment(db: Db | Trx, nin: string): Promise<IdentityAppointmentTable | undefined> {
  return db.selectFrom('identity_appointment').selectAll().where('nin', '=', nin).orderBy('created_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
}

export async function listAppointmentRows(db: Db | Trx, desk: string, day: string): Promise<IdentityAppointmentTable[]> {
  return db.selectFrom('identity_appointment').selectAll().where('desk_code', '=', desk).where('day', '=', day).orderBy('time').orderBy('created_at').execute();
}

/** Booked appointments of a day not yet reminded, of people in the register, with their desk's name. */
export async function listAppointmentsToRemind(db: Db | Trx, day: string): Promise<(IdentityAppointmentTable & { desk_name: string })[]> {
  return db
    .selectFrom('identity_appointment')
    .innerJoin('identity_person', 'identity_person.nin', 'identity_appointment.nin')
    .innerJoin('identity_desk', 'identity_desk.code', 'identity_appointment.desk_code')
    .selectAll('identity_appointment')
    .select(['identity_desk.name as desk_name'])
    .where('identity_appointment.day', '=', day)
    .where('identity_appointment.status', '=', 'booked')
    .where('identity_appointment.reminded_at', 'is', null)
    .orderBy('identity_appointment.desk_code')
    .orderBy('identity_appointment.time')
    .orderBy('identity_appointment.id')
    .execute();
}

export async function insertAppointmentRow(trx: Trx, row: IdentityAppointmentTable): Promise<void> {
  await trx.insertInto('identity_appointment').values(row).execute();
}

export async function updateAppointmentRow(trx: Trx, id: string, change: Partial<Omit<IdentityAppointmentTable, 'id' | 'nin' | 'created_at' | 'created_by'>>): Promise<void> {
  await trx.updateTable('identity_appointment').set(change).where('id', '=', id).execute();
}

export async function markReminded(trx: Trx, ids: readonly string[], at: string): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    await trx.updateTable('identity_appointment').set({ reminded_at: at }).where('id', 'in', ids.slice(i, i + 500)).where('reminded_at', 'is', null).execute();
  }
}
