import type { Db } from '../core/database.js';
import { IncidentStatus } from '../incidents/index.js';
import type { UnitStatus } from '../units/index.js';

// Reports read other modules' tables, never write them: counts are cheaper taken by the database than by
// loading every row through each module's service.

const closedStatuses = [IncidentStatus.closed, IncidentStatus.cancelled];

/** Open incidents (not closed or cancelled), counted by district and priority. */
export async function countOpenIncidents(db: Db): Promise<{ district: string | null; priority: string; n: number }[]> {
  const rows = await db
    .selectFrom('incident')
    .select((eb) => ['district', 'priority', eb.fn.countAll<number | string>().as('n')])
    .where('status', 'not in', closedStatuses)
    .groupBy(['district', 'priority'])
    .execute();
  return rows.map((row) => ({ district: row.district, priority: row.priority, n: Number(row.n) }));
}

/** Incidents created since `since`, counted by district. */
export async function countIncidentsCreatedSince(db: Db, since: string): Promise<{ district: string | null; n: number }[]> {
  const rows = await db
    .selectFrom('incident')
    .select((eb) => ['district', eb.fn.countAll<number | string>().as('n')])
    .where('created_at', '>=', since)
    .groupBy('district')
    .execute();
  return rows.map((row) => ({ district: row.district, n: Number(row.n) }));
}

/**
 * Incidents changed since `since`: every step of the lifecycle moves `updated_at`, so any incident
 * dispatched or reached since then is among them.
 */
export async function listIncidentsChangedSince(db: Db, since: string): Promise<{ number: string; status: string; created_at: string; updated_at: string }[]> {
  return db.selectFrom('incident').select(['number', 'status', 'created_at', 'updated_at']).where('updated_at', '>=', since).execute();
}

/** Units counted by status. */
export async function countUnitsByStatus(db: Db): Promise<{ status: UnitStatus; n: number }[]> {
  const rows = await db
    .selectFrom('unit')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  return rows.map((row) => ({ status: row.status, n: Number(row.n) }));
}

/** The full names (Latin, and Arabic when given) of the accounts among `usernames`. */
export async function listFullNames(db: Db, usernames: readonly string[]): Promise<{ username: string; full_name: string; full_name_ar: string | null }[]> {
  if (usernames.length === 0) return [];
  return db.selectFrom('app_user').select(['username', 'full_name', 'full_name_ar']).where('username', 'in', [...usernames]).execute();
}
