import type { Db, Trx } from '../database.js';
import type { AppUserTable } from './user.repository.js';

export interface SessionTable {
  id: string;
  user_id: string;
  token_hash: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  client_address: string;
}

declare module '../database.js' {
  interface Database {
    session: SessionTable;
  }
}

export async function insertSession(trx: Trx, row: SessionTable): Promise<void> {
  await trx.insertInto('session').values(row).execute();
}

/** The session a token opens, with its user, whatever its state (the caller judges it). */
export async function findSessionByTokenHash(
  db: Db,
  hash: string,
): Promise<(SessionTable & Pick<AppUserTable, 'username' | 'disabled_at' | 'must_change_password'>) | undefined> {
  return db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .selectAll('session')
    .select(['app_user.username', 'app_user.disabled_at', 'app_user.must_change_password'])
    .where('session.token_hash', '=', hash)
    .executeTakeFirst();
}

export async function findSessionById(db: Db | Trx, id: string): Promise<SessionTable | undefined> {
  return db.selectFrom('session').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Sessions of a user that are neither revoked nor expired at `now`. */
export async function listOpenSessions(db: Db, userId: string, now: string): Promise<SessionTable[]> {
  return db
    .selectFrom('session')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at')
    .execute();
}

/** Revokes the given sessions, or every open session of a user; returns the ids revoked. */
export async function revokeSessions(
  trx: Trx,
  at: string,
  target: { sessionId: string } | { userId: string; exceptSessionId?: string },
): Promise<string[]> {
  let query = trx.updateTable('session').set({ revoked_at: at }).where('revoked_at', 'is', null).where('expires_at', '>', at);
  if ('sessionId' in target) query = query.where('id', '=', target.sessionId);
  else {
    query = query.where('user_id', '=', target.userId);
    if (target.exceptSessionId !== undefined) query = query.where('id', '<>', target.exceptSessionId);
  }
  const rows = await query.returning('id').execute();
  return rows.map((row) => row.id);
}
