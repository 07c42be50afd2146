import type { Db, Trx } from '../database.js';

/** A person's TOTP secret (encrypted, `totp-key.ts`); pending until `confirmed_at`. */
export interface UserTotpTable {
  user_id: string;
  secret: string;
  created_at: string;
  confirmed_at: string | null;
  /** The last time step whose code was accepted: no code of it or before is accepted again. */
  last_step: number | null;
}

declare module '../database.js' {
  interface Database {
    user_totp: UserTotpTable;
  }
}

export async function findTotp(db: Db | Trx, userId: string): Promise<UserTotpTable | undefined> {
  return db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

/** Starts an enrolment: a pending secret, replacing an earlier pending one. */
export async function savePendingTotp(trx: Trx, row: UserTotpTable): Promise<void> {
  await trx.deleteFrom('user_totp').where('user_id', '=', row.user_id).where('confirmed_at', 'is', null).execute();
  await trx.insertInto('user_totp').values(row).execute();
}

/** Activates a pending secret with the step of the code that confirmed it; false when none was pending. */
export async function confirmTotp(trx: Trx, userId: string, at: string, step: number): Promise<boolean> {
  const rows = await trx
    .updateTable('user_totp')
    .set({ confirmed_at: at, last_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is', null)
    .returning('user_id')
    .execute();
  return rows.length === 1;
}

/**
 * Takes the time step `step` for a login: true when no code of it or of a later step was accepted before.
 * One statement, so two logins racing with the same code cannot both take it.
 */
export async function claimTotpStep(trx: Trx, userId: string, step: number): Promise<boolean> {
  const rows = await trx
    .updateTable('user_totp')
    .set({ last_step: step })
    .where('user_id', '=', userId)
    .where('confirmed_at', 'is not', null)
    .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
    .returning('user_id')
    .execute();
  return rows.length === 1;
}

/** Removes a person's second factor, active or pending; false when there was none. */
export async function deleteTotp(trx: Trx, userId: string): Promise<boolean> {
  const rows = await trx.deleteFrom('user_totp').where('user_id', '=', userId).returning('user_id').execute();
  return rows.length === 1;
}

/** Every person's second factor row (without the secret): who has one, and since when it is active. */
export async function listTotpStates(db: Db | Trx): Promise<Pick<UserTotpTable, 'user_id' | 'confirmed_at'>[]> {
  return db.selectFrom('user_totp').select(['user_id', 'confirmed_at']).execute();
}
