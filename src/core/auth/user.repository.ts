import type { Db, Trx } from '../database.js';
import type { Role } from './permission.js';

export interface AppUserTable {
  id: string;
  username: string;
  full_name: string;
  full_name_ar: string | null;
  locale: string;
  /** The console language the person chose (ar, fr, en); null until they choose one. */
  language: string | null;
  password_hash: string;
  must_change_password: number;
  created_at: string;
  disabled_at: string | null;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

declare module '../database.js' {
  interface Database {
    app_user: AppUserTable;
    user_role: UserRoleTable;
  }
}

export type UserRow = AppUserTable & { roles: Role[] };

export async function insertUser(trx: Trx, row: AppUserTable, roles: readonly Role[]): Promise<void> {
  await trx.insertInto('app_user').values(row).execute();
  // No role yet: an account whose only roles wait for a second administrator's approval (role-grant.ts).
  if (roles.length === 0) return;
  await trx
    .insertInto('user_role')
    .values(roles.map((role) => ({ user_id: row.id, role })))
    .execute();
}

export async function findUserById(db: Db | Trx, id: string): Promise<UserRow | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : withRoles(db, row);
}

export async function findUserByUsername(db: Db | Trx, username: string): Promise<UserRow | undefined> {
  const row = await db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
  return row === undefined ? undefined : withRoles(db, row);
}

export async function listUsers(db: Db, options: { includeDisabled: boolean }): Promise<UserRow[]> {
  let query = db.selectFrom('app_user').selectAll().orderBy('username');
  if (!options.includeDisabled) query = query.where('disabled_at', 'is', null);
  const rows = await query.execute();
  const roles = await db.selectFrom('user_role').select(['user_id', 'role']).execute();
  const byUser = new Map<string, Role[]>();
  for (const { user_id, role } of roles) {
    const list = byUser.get(user_id) ?? [];
    list.push(role as Role);
    byUser.set(user_id, list);
  }
  return rows.map((row) => ({ ...row, roles: (byUser.get(row.id) ?? []).sort() }));
}

export async function updateUserRow(trx: Trx, id: string, change: Partial<Omit<AppUserTable, 'id' | 'username'>>): Promise<void> {
  if (Object.keys(change).length === 0) return;
  await trx.updateTable('app_user').set(change).where('id', '=', id).execute();
}

export async function replaceRoles(trx: Trx, userId: string, roles: readonly Role[]): Promise<void> {
  await trx.deleteFrom('user_role').where('user_id', '=', userId).execute();
  if (roles.length === 0) return;
  await trx
    .insertInto('user_role')
    .values(roles.map((role) => ({ user_id: userId, role })))
    .execute();
}

/** How many enabled users hold `role`, other than `exceptUserId`. */
export async function countEnabledWithRole(db: Db | Trx, role: Role, exceptUserId?: string): Promise<number> {
  let query = db
    .selectFrom('app_user')
    .innerJoin('user_role', 'user_role.user_id', 'app_user.id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_role.role', '=', role)
    .where('app_user.disabled_at', 'is', null);
  if (exceptUserId !== undefined) query = query.where('app_user.id', '<>', exceptUserId);
  const { n } = await query.executeTakeFirstOrThrow();
  return Number(n);
}

async function withRoles(db: Db | Trx, row: AppUserTable): Promise<UserRow> {
  const roles = await db.selectFrom('user_role').select('role').where('user_id', '=', row.id).orderBy('role').execute();
  return { ...row, roles: roles.map((r) => r.role as Role) };
}
