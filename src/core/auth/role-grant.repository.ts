import type { Db, Trx } from '../database.js';
import type { GrantStatus } from './role-grant.js';

/** A row of `role_grant`: a role asked for a user, pending or decided (role-grant.ts). */
export interface RoleGrantTable {
  id: string;
  user_id: string;
  role: string;
  status: GrantStatus;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  reason: string | null;
}

declare module '../database.js' {
  interface Database {
    role_grant: RoleGrantTable;
  }
}

export type RoleGrantRow = RoleGrantTable & { username: string };

function selectGrants(db: Db | Trx) {
  return db.selectFrom('role_grant').innerJoin('app_user', 'app_user.id', 'role_grant.user_id').selectAll('role_grant').select('app_user.username');
}

export async function findRoleGrant(db: Db | Trx, id: string): Promise<RoleGrantRow | undefined> {
  return selectGrants(db).where('role_grant.id', '=', id).executeTakeFirst();
}

export async function listRoleGrants(db: Db | Trx, filter: { status?: GrantStatus; userIds?: readonly string[] } = {}): Promise<RoleGrantRow[]> {
  let query = selectGrants(db).orderBy('role_grant.requested_at').orderBy('role_grant.id');
  if (filter.status !== undefined) query = query.where('role_grant.status', '=', filter.status);
  if (filter.userIds !== undefined) {
    if (filter.userIds.length === 0) return [];
    query = query.where('role_grant.user_id', 'in', filter.userIds);
  }
  return query.execute();
}

export async function insertRoleGrant(trx: Trx, row: RoleGrantTable): Promise<void> {
  await trx.insertInto('role_grant').values(row).execute();
}

/** Decides a pending grant; false when it was no longer pending (decided meanwhile). */
export async function decideRoleGrant(trx: Trx, id: string, decision: { status: GrantStatus; decided_by: string; decided_at: string; reason: string | null }): Promise<boolean> {
  const result = await trx.updateTable('role_grant').set(decision).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
