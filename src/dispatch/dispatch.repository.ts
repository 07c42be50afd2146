import type { IncidentStatus } from '../contract/incident.js';
import type { UnitStatus } from '../contract/unit.js';
import type { Db, Trx } from '../core/database.js';

export interface AssignmentTable {
  id: string;
  incident_number: string;
  call_sign: string;
  assigned_at: string;
  assigned_by: string;
  /** The estimated road time when assigned, seconds (null when assigned without a recommendation). */
  eta_s: number | null;
  acknowledged_at: string | null;
  released_at: string | null;
  release_reason: string | null;
  /** The unit's status before it was sent (`available` or `busy`); null when it was diverted from another incident. */
  unit_status_before: UnitStatus | null;
  /** The incident's status before, when this assignment dispatched it (`new` or `cleared`); else null. */
  incident_status_before: IncidentStatus | null;
}

declare module '../core/database.js' {
  interface Database {
    assignment: AssignmentTable;
  }
}

export async function insertAssignment(trx: Trx, row: AssignmentTable): Promise<void> {
  await trx.insertInto('assignment').values(row).execute();
}

/** The unit's assignment still running on an incident, if any. */
export async function findOpenAssignment(db: Db | Trx, incidentNumber: string, callSign: string): Promise<AssignmentTable | undefined> {
  return db
    .selectFrom('assignment')
    .selectAll()
    .where('incident_number', '=', incidentNumber)
    .where('call_sign', '=', callSign)
    .where('released_at', 'is', null)
    .executeTakeFirst();
}

export async function updateAssignment(trx: Trx, id: string, change: Partial<Pick<AssignmentTable, 'acknowledged_at' | 'released_at' | 'release_reason'>>): Promise<void> {
  await trx.updateTable('assignment').set(change).where('id', '=', id).execute();
}

export async function listAssignments(db: Db, incidentNumber: string): Promise<AssignmentTable[]> {
  return db.selectFrom('assignment').selectAll().where('incident_number', '=', incidentNumber).orderBy('assigned_at').orderBy('call_sign').execute();
}

/** Units still on an incident, other than those listed. */
export async function countUnitsOn(trx: Trx, incidentNumber: string): Promise<number> {
  const row = await trx.selectFrom('unit').select((eb) => eb.fn.countAll().as('n')).where('incident_number', '=', incidentNumber).executeTakeFirstOrThrow();
  return Number(row.n);
}
