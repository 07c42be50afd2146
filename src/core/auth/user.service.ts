import { randomUUID } from 'node:crypto';
import { runCommand } from '../command.js';
import type { Core } from '../context.js';
import { isUniqueViolation, type Db } from '../database.js';
import { DomainError, invalidField } from '../errors.js';
import type { EventData } from '../../contract/events.js';
import { assertNotLockedOut, clearRefusedAttempts, listLockedAccounts, refuseAttempt } from './login-lockout.js';
import { assertHardToGuess } from './password-policy.js';
import { Role, type PersonRole } from './permission.js';
import { assertSeparateDuties, needsSecondApproval } from './role-grant.js';
import { bindsTwoPersonRule, pendingRolesByUser, requestRoleGrants } from './role-grant.service.js';
import type { Actor } from './principal.js';
import { hashPassword, oneTimePassword, verifyPassword } from './secret.js';
import { revokeSessions } from './session.repository.js';
import { TotpState } from './totp.js';
import { listTotpStates } from './totp.repository.js';
import { userStream, type Language, type NewUser, type User, type UserAccount, type UserChange } from './user.js';
import {
  countEnabledWithRole,
  findUserById,
  findUserByUsername,
  insertUser,
  listUsers as listUserRows,
  replaceRoles,
  updateUserRow,
  type UserRow,
} from './user.repository.js';

export function userRowToUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    fullName: row.full_name,
    fullNameAr: row.full_name_ar,
    roles: row.roles as User['roles'],
    locale: row.locale as User['locale'],
    language: row.language as User['language'],
    mustChangePassword: row.must_change_password === 1,
    createdAt: row.created_at,
    disabledAt: row.disabled_at,
  };
}

export async function getUser(db: Db, id: string): Promise<User> {
  const row = await findUserById(db, id);
  if (row === undefined) throw new DomainError('not_found', `no user has id ${id}`);
  return withPending(userRowToUser(row), await pendingRolesByUser(db, [id]));
}

export async function listUsers(db: Db, options: { includeDisabled: boolean }): Promise<User[]> {
  const pending = await pendingRolesByUser(db);
  return (await listUserRows(db, options)).map((row) => withPending(userRowToUser(row), pending));
}

/** The users as administrators see them: each with the lock refused sign-ins put on it and the state of its second factor. */
export async function listAccounts(core: Pick<Core, 'db' | 'clock'>, options: { includeDisabled: boolean }): Promise<UserAccount[]> {
  const [users, locks, factors] = await Promise.all([listUsers(core.db, options), listLockedAccounts(core.db, core.clock.now()), listTotpStates(core.db)]);
  const factorOf = new Map(factors.map((row) => [row.user_id, row.confirmed_at === null ? TotpState.pending : TotpState.active]));
  return users.map((user) => ({ ...user, lockedUntil: locks.get(user.username) ?? null, secondFactor: factorOf.get(user.id) ?? TotpState.none }));
}

/** The user with the roles waiting for a second administrator's approval, when there are any. */
function withPending(user: User, pending: ReadonlyMap<string, PersonRole[]>): User {
  const roles = pending.get(user.id);
  return roles === undefined ? user : { ...user, pendingRoles: roles };
}

/**
 * Creates a user. A password chosen by someone else is temporary: its holder must change it at first
 * login. Without a password, a one-time password is generated and returned (once, never stored clear).
 */
export async function createUser(
  core: Core,
  actor: Actor,
  input: NewUser,
  options: { temporaryPassword: boolean } = { temporaryPassword: true },
): Promise<{ user: User; oneTimePassword?: string }> {
  assertSeparateDuties(input.roles);
  if (input.password !== undefined) assertHardToGuess(input.password, [input.username, input.fullName, input.fullNameAr ?? ''], 'password');
  const generated = input.password === undefined ? oneTimePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? generated!);
  const id = randomUUID();
  const roles = [...input.roles].sort();
  // The roles of the two-person rule wait for a second administrator (role-grant.ts).
  const pending = bindsTwoPersonRule(actor) ? roles.filter(needsSecondApproval) : [];
  const granted = roles.filter((role) => !pending.includes(role));
  try {
    await runCommand(core, actor, async (scope) => {
      const { trx, at, record } = scope;
      if ((await findUserByUsername(trx, input.username)) !== undefined) {
        throw invalidField('username', `"${input.username}" is already taken`, 'conflict');
      }
      await insertUser(
        trx,
        {
          id,
          username: input.username,
          full_name: input.fullName,
          full_name_ar: input.fullNameAr ?? null,
          locale: input.locale ?? 'fr',
          language: null,
          password_hash: passwordHash,
          must_change_password: generated !== undefined || options.temporaryPassword ? 1 : 0,
          created_at: at,
          disabled_at: null,
        },
        granted,
      );
      record(userStream(input.username), 'user.created', {
        id,
        fullName: input.fullName,
        fullNameAr: input.fullNameAr ?? null,
        roles: granted,
        locale: input.locale ?? 'fr',
      });
      await requestRoleGrants(scope, actor, { id, username: input.username }, pending);
    });
  } catch (error) {
    // Two concurrent creations of one username: the database's constraint decides.
    if (isUniqueViolation(error)) throw invalidField('username', `"${input.username}" is already taken`, 'conflict');
    throw error;
  }
  const user = await getUser(core.db, id);
  return generated === undefined ? { user } : { user, oneTimePassword: generated };
}

/** Changes a user's names, roles or language; journals exactly what changed. */
export async function updateUser(core: Core, actor: Actor, id: string, change: UserChange): Promise<User> {
  await runCommand(core, actor, async (scope) => {
    const { trx, record } = scope;
    const row = await findUserById(trx, id);
    if (row === undefined) throw new DomainError('not_found', `no user has id ${id}`);
    const changed: EventData<'user.updated'> = {};
    if (change.fullName !== undefined && change.fullName !== row.full_name) changed.fullName = change.fullName;
    if (change.fullNameAr !== undefined && change.fullNameAr !== row.full_name_ar) changed.fullNameAr = change.fullNameAr;
    if (change.locale !== undefined && change.locale !== row.locale) changed.locale = change.locale;
    const roles = change.roles === undefined ? undefined : [...change.roles].sort();
    if (roles !== undefined && roles.join() !== row.roles.join()) {
      assertSeparateDuties(roles);
      const added = roles.filter((role) => !row.roles.includes(role));
      if (actor === `user:${row.username}` && added.length > 0) {
        throw new DomainError('forbidden', `nobody grants themselves a role: another administrator must grant ${added.join(', ')}`);
      }
      if (row.roles.includes(Role.administrator) && !roles.includes(Role.administrator)) {
        await refuseLosingLastAdministrator(trx, row.id, 'roles');
      }
      // Removed roles go at once; added ones of the two-person rule wait for a second administrator.
      const pending = bindsTwoPersonRule(actor) ? added.filter(needsSecondApproval) : [];
      const applied = roles.filter((role) => !pending.includes(role));
      if (applied.join() !== row.roles.join()) {
        changed.roles = applied;
        await replaceRoles(trx, id, applied);
      }
      await requestRoleGrants(scope, actor, { id: row.id, username: row.username }, pending);
    }
    if (Object.keys(changed).length === 0) return;
    await updateUserRow(trx, id, {
      ...(changed.fullName === undefined ? {} : { full_name: change.fullName }),
      ...(changed.fullNameAr === undefined ? {} : { full_name_ar: change.fullNameAr ?? null }),
      ...(changed.locale === undefined ? {} : { locale: change.locale }),
    });
    record(userStream(row.username), 'user.updated', changed);
  });
  return getUser(core.db, id);
}

/** A person chooses the language of their console; journaled when it changes. */
export async function setOwnLanguage(core: Core, person: { userId: string; username: string }, language: Language): Promise<Language> {
  await runCommand(core, `user:${person.username}`, async ({ trx, record }) => {
    const row = await findUserById(trx, person.userId);
    if (row === undefined) throw new DomainError('not_found', `no user has id ${person.userId}`);
    if (row.language === language) return;
    await updateUserRow(trx, person.userId, { language });
    record(userStream(person.username), 'user.language_changed', { from: row.language, to: language });
  });
  return language;
}

/** Disables a user and closes all their sessions at once. */
export async function disableUser(core: Core, actor: Actor, id: string, reason: string): Promise<User> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await findUserById(trx, id);
    if (row === undefined) throw new DomainError('not_found', `no user has id ${id}`);
    if (row.disabled_at !== null) {
      throw new DomainError('invalid_transition', `user ${row.username} is already disabled; allowed actions: enable`, {
        allowed: ['enable'],
      });
    }
    if (row.roles.includes(Role.administrator)) await refuseLosingLastAdministrator(trx, row.id, 'id');
    await updateUserRow(trx, id, { disabled_at: at });
    const revoked = await revokeSessions(trx, at, { userId: id });
    record(userStream(row.username), 'user.disabled', { reason, revokedSessions: revoked });
  });
  return getUser(core.db, id);
}

/** Enables a disabled user again, with the reason (journaled as a disabling is). */
export async function enableUser(core: Core, actor: Actor, id: string, reason: string): Promise<User> {
  await runCommand(core, actor, async ({ trx, record }) => {
    const row = await findUserById(trx, id);
    if (row === undefined) throw new DomainError('not_found', `no user has id ${id}`);
    if (row.disabled_at === null) {
      throw new DomainError('invalid_transition', `user ${row.username} is enabled; allowed actions: disable`, {
        allowed: ['disable'],
      });
    }
    await updateUserRow(trx, id, { disabled_at: null });
    record(userStream(row.username), 'user.enabled', { reason });
  });
  return getUser(core.db, id);
}

/** An administrator resets a password: a new one-time password, every session of the user closed, any lock lifted. */
export async function resetPassword(core: Core, actor: Actor, id: string): Promise<{ user: User; oneTimePassword: string }> {
  const password = oneTimePassword();
  const passwordHash = await hashPassword(password);
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await findUserById(trx, id);
    if (row === undefined) throw new DomainError('not_found', `no user has id ${id}`);
    await updateUserRow(trx, id, { password_hash: passwordHash, must_change_password: 1 });
    // A reset by an administrator also lifts a lock on the account.
    await clearRefusedAttempts(trx, row.username);
    const revoked = await revokeSessions(trx, at, { userId: id });
    record(userStream(row.username), 'user.password_reset', { revokedSessions: revoked });
  });
  return { user: await getUser(core.db, id), oneTimePassword: password };
}

/** A person changes their own password; their other sessions are closed. */
export async function changeOwnPassword(
  core: Core,
  userId: string,
  sessionId: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const row = await findUserById(core.db, userId);
  if (row === undefined) throw new DomainError('not_found', `no user has id ${userId}`);
  // The same count as logins: a stolen session cannot guess the password at leisure.
  await assertNotLockedOut(core.db, row.username, core.clock.now());
  if (!(await verifyPassword(row.password_hash, currentPassword))) {
    await runCommand(core, `user:${row.username}`, (scope) =>
      refuseAttempt(scope, core.config, row.username, core.clock.now(), { type: 'user.password_check_failed', data: {} }),
    );
    throw invalidField('currentPassword', 'is not your current password');
  }
  if (currentPassword === newPassword) throw invalidField('newPassword', 'must differ from the current password');
  assertHardToGuess(newPassword, [row.username, row.full_name, row.full_name_ar ?? ''], 'newPassword');
  const passwordHash = await hashPassword(newPassword);
  await runCommand(core, `user:${row.username}`, async ({ trx, at, record }) => {
    await clearRefusedAttempts(trx, row.username);
    await updateUserRow(trx, userId, { password_hash: passwordHash, must_change_password: 0 });
    const revoked = await revokeSessions(trx, at, { userId, exceptSessionId: sessionId });
    record(userStream(row.username), 'user.password_changed', { revokedSessions: revoked });
  });
}

/**
 * On first start there must be someone who can administer: creates `admin` when no enabled
 * administrator exists. Returns the credentials to print once, or undefined when nothing was needed.
 */
export async function ensureAdministrator(
  core: Core,
): Promise<{ username: string; password: string; generated: boolean } | undefined> {
  if ((await countEnabledWithRole(core.db, Role.administrator)) > 0) return undefined;
  const username = (await findUserByUsername(core.db, 'admin')) === undefined ? 'admin' : `admin-${Date.now().toString(36)}`;
  const fromConfig = core.config.adminPassword;
  const { oneTimePassword: generated } = await createUser(
    core,
    'system:bootstrap',
    {
      username,
      fullName: 'Administrator',
      roles: [Role.administrator],
      ...(fromConfig === undefined ? {} : { password: fromConfig }),
    },
    { temporaryPassword: false },
  );
  return { username, password: fromConfig ?? generated!, generated: fromConfig === undefined };
}

async function refuseLosingLastAdministrator(trx: Parameters<typeof countEnabledWithRole>[0], userId: string, field: string) {
  if ((await countEnabledWithRole(trx, Role.administrator, userId)) === 0) {
    throw invalidField(field, 'this is the last enabled administrator; appoint another one first', 'conflict');
  }
}
