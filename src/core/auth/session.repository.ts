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
  /** The last authenticated request with it, recorded at most once a minute (the idle lock reads it). */
  last_seen_at: string;
  /** When it was ended for going unused too long; its next request is told so. */
  idle_expired_at: string | null;
  /** When it proved a second factor: a code at login, or the confirmation of an enrolment. */
  second_factor_at: string | null;
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

/** Sessions of a user that are neither revoked nor expired at `now`, nor unused since `idleSince`. */
export async function listOpenSessions(db: Db, userId: string, now: string, idleSince: string): Promise<SessionTable[]> {
  return db
    .selectFrom('session')
    .selectAll()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', idleSince)
    .orderBy('created_at')
    .execute();
}

/** Records a use of a session at `at` (a later use recorded meanwhile is kept). */
export async function touchSession(trx: Trx, id: string, at: string): Promise<void> {
  await trx.updateTable('session').set({ last_seen_at: at }).where('id', '=', id).where('last_seen_at', '<', at).execute();
}

/** Open sessions unused since `idleSince`, with their user's name, oldest use first. */
export async function listIdleSessions(
  db: Db,
  now: string,
  idleSince: string,
  limit: number,
): Promise<(Pick<SessionTable, 'id' | 'last_seen_at'> & Pick<AppUserTable, 'username'>)[]> {
  return db
    .selectFrom('session')
    .innerJoin('app_user', 'app_user.id', 'session.user_id')
    .select(['session.id', 'session.last_seen_at', 'app_user.username'])
    .where('session.revoked_at', 'is', null)
    .where('session.expires_at', '>', now)
    .where('session.last_seen_at', '<=', idleSince)
    .orderBy('session.last_seen_at')
    .limit(limit)
    .execute();
}

/**
 * Ends the given sessions for going unused, unless they were used since `idleSince` or are already
 * closed; returns the ids ended (two nodes sweeping at once end each session once).
 */
export async function endIdleSessions(trx: Trx, at: string, idleSince: string, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await trx
    .updateTable('session')
    .set({ revoked_at: at, idle_expired_at: at })
    .where('id', 'in', ids)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', at)
    .where('last_seen_at', '<=', idleSince)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** Marks a session as having proved its user's second factor. */
export async function markSecondFactor(trx: Trx, id: string, at: string): Promise<void> {
  await trx.updateTable('session').set({ second_factor_at: at }).where('id', '=', id).execute();
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
