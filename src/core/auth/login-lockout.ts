import type { CommandScope } from '../command.js';
import type { Config } from '../config.js';
import type { Db, Trx } from '../database.js';
import { DomainError } from '../errors.js';
import type { EventData } from '../../contract/events.js';
import { userStream } from './user.js';

/** Refused attempts per account name, and the lock they earned (`login_lockout`). */
export interface LoginLockoutTable {
  username: string;
  failures: number;
  locked_until: string | null;
}

declare module '../database.js' {
  interface Database {
    login_lockout: LoginLockoutTable;
  }
}

/** The longest lock, however many refused attempts led to it. */
const LONGEST_LOCK_MS = 86_400_000;

/**
 * Throws `rate_limited` while the account `username` is locked: no password is even checked, the right
 * one included, so guessing from many addresses gets nowhere. Unknown names lock alike, which says
 * nothing of which accounts exist.
 */
export async function assertNotLockedOut(db: Db | Trx, username: string, now: Date): Promise<void> {
  const row = await db.selectFrom('login_lockout').selectAll().where('username', '=', username).executeTakeFirst();
  if (row === undefined || row.locked_until === null || row.locked_until <= now.toISOString()) return;
  const waitS = Math.ceil((new Date(row.locked_until).getTime() - now.getTime()) / 1_000);
  throw new DomainError('rate_limited', `this account is locked after ${row.failures} refused attempts in a row; try again in ${waitS} s`, { retryAfterS: waitS });
}

/**
 * Counts a refused attempt on `username` (inside the command that journals it). From the configured
 * number of refusals in a row the account locks, for the configured time, doubled by each refusal after
 * that (up to a day). Returns the refusals in a row, and the end of the lock if one began.
 */
export async function recordRefusedAttempt(
  trx: Trx,
  config: Pick<Config, 'loginLockoutFailures' | 'loginLockoutSeconds'>,
  username: string,
  now: Date,
): Promise<{ failures: number; lockedUntil: string | undefined }> {
  // One statement, so two refusals at the same moment both count.
  const { failures } = await trx
    .insertInto('login_lockout')
    .values({ username, failures: 1, locked_until: null })
    .onConflict((conflict) => conflict.column('username').doUpdateSet((eb) => ({ failures: eb('login_lockout.failures', '+', 1) })))
    .returning('failures')
    .executeTakeFirstOrThrow();
  const beyond = failures - config.loginLockoutFailures;
  if (beyond < 0) return { failures, lockedUntil: undefined };
  const lockedUntil = new Date(now.getTime() + Math.min(LONGEST_LOCK_MS, config.loginLockoutSeconds * 1_000 * 2 ** Math.min(beyond, 20))).toISOString();
  await trx.updateTable('login_lockout').set({ locked_until: lockedUntil }).where('username', '=', username).execute();
  return { failures, lockedUntil };
}

/** How a refused attempt on an account is journaled: a login, or the current password checked before a change. */
export type RefusedAttempt =
  | { type: 'user.login_failed'; data: EventData<'user.login_failed'> }
  | { type: 'user.password_check_failed'; data: EventData<'user.password_check_failed'> };

/**
 * Inside a command: journals a refused attempt on `username`'s stream (`event`), counts it, and journals
 * `user.locked_out` when a lock begins. Without `event` (a name that is no account, whose refusals are
 * journaled as a digest) the attempt is counted alike, so the lock says nothing about whether a name exists.
 */
export async function refuseAttempt(
  scope: Pick<CommandScope, 'trx' | 'record'>,
  config: Pick<Config, 'loginLockoutFailures' | 'loginLockoutSeconds'>,
  username: string,
  now: Date,
  event: RefusedAttempt | undefined,
): Promise<void> {
  if (event !== undefined) scope.record(userStream(username), event.type, event.data);
  const refused = await recordRefusedAttempt(scope.trx, config, username, now);
  if (refused.lockedUntil !== undefined && event !== undefined) scope.record(userStream(username), 'user.locked_out', { failures: refused.failures, until: refused.lockedUntil });
}

/** Forgets the refused attempts of `username`: it logged in, or an administrator reset its password. */
export async function clearRefusedAttempts(trx: Trx, username: string): Promise<void> {
  await trx.deleteFrom('login_lockout').where('username', '=', username).execute();
}

/** The accounts locked at `now`, by name, with the end of each lock. */
export async function listLockedAccounts(db: Db | Trx, now: Date): Promise<Map<string, string>> {
  const rows = await db.selectFrom('login_lockout').select(['username', 'locked_until']).where('locked_until', '>', now.toISOString()).execute();
  return new Map(rows.map((row) => [row.username, row.locked_until!]));
}
