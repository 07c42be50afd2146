import { randomUUID } from 'node:crypto';
import { Type, type Static } from 'typebox';
import { timestamp } from '../clock.js';
import { runCommand } from '../command.js';
import type { Core } from '../context.js';
import { DomainError } from '../errors.js';
import { Timestamp, Uuid } from '../schema.js';
import { devicePermissionsOf, permissionsOf, type Role } from './permission.js';
import type { Actor, Principal } from './principal.js';
import { TokenPrefix, decoyPasswordHash, newToken, tokenHash, verifyPassword } from './secret.js';
import { findSessionById, findSessionByTokenHash, insertSession, listOpenSessions, revokeSessions } from './session.repository.js';
import { findDeviceByTokenHash } from './device.repository.js';
import { Device, DeviceKind, isDeviceKind } from './device.js';
import { getDevice } from './device.service.js';
import { assertNotLockedOut, clearRefusedAttempts, recordRefusedAttempt } from './login-lockout.js';
import type { LoginThrottle } from './login-throttle.js';
import { userStream } from './user.js';
import { findUserById, findUserByUsername } from './user.repository.js';
import { getUser, userRowToUser } from './user.service.js';
import { User } from './user.js';

export const Session = Type.Object(
  {
    id: Uuid,
    createdAt: Timestamp,
    expiresAt: Timestamp,
    clientAddress: Type.String(),
  },
  { additionalProperties: false },
);
export type Session = Static<typeof Session>;

/** Who the caller is and what they may do (`GET /auth/me`): a person with their session, or a device. */
export const Me = Type.Object({
  user: Type.Optional(User),
  device: Type.Optional(Device),
  session: Type.Optional(Session),
  permissions: Type.Array(Type.String()),
});
export type Me = Static<typeof Me>;

/**
 * Opens a session for a username and password. Every refusal looks the same to the caller (no hint
 * whether the username exists) and is journaled; a disabled account cannot log in.
 */
export async function login(
  core: Core,
  throttle: LoginThrottle,
  input: { username: string; password: string; clientAddress: string },
): Promise<{ token: string; session: Session; user: User }> {
  throttle.check(input.clientAddress);
  await assertNotLockedOut(core.db, input.username, core.clock.now());
  const row = await findUserByUsername(core.db, input.username);
  const passwordOk = await verifyPassword(row?.password_hash ?? (await decoyPasswordHash()), input.password);
  if (row === undefined || !passwordOk || row.disabled_at !== null) {
    core.metrics.loginFailures.inc();
    throttle.recordFailure(input.clientAddress);
    const reason = row === undefined ? 'unknown_user' : row.disabled_at !== null ? 'disabled' : 'wrong_password';
    await runCommand(core, `user:${input.username}`, async ({ trx, record }) => {
      record(userStream(input.username), 'user.login_failed', { reason, clientAddress: input.clientAddress });
      const refused = await recordRefusedAttempt(trx, core.config, input.username, core.clock.now());
      if (refused.lockedUntil !== undefined) record(userStream(input.username), 'user.locked_out', { failures: refused.failures, until: refused.lockedUntil });
    });
    throw new DomainError('unauthenticated', 'wrong username or password, or the account is disabled');
  }
  const token = newToken(TokenPrefix.session);
  const id = randomUUID();
  const createdAt = timestamp(core.clock);
  const expiresAt = new Date(core.clock.now().getTime() + core.config.sessionTtlSeconds * 1_000).toISOString();
  await runCommand(core, `user:${row.username}`, async ({ trx, record }) => {
    await clearRefusedAttempts(trx, row.username);
    await insertSession(trx, {
      id,
      user_id: row.id,
      token_hash: tokenHash(token),
      created_at: createdAt,
      expires_at: expiresAt,
      revoked_at: null,
      client_address: input.clientAddress,
    });
    record(userStream(row.username), 'session.opened', { sessionId: id, expiresAt, clientAddress: input.clientAddress });
  });
  return { token, session: { id, createdAt, expiresAt, clientAddress: input.clientAddress }, user: userRowToUser(row) };
}

/**
 * Who a bearer token belongs to, or undefined when it opens nothing (unknown, expired, revoked,
 * disabled account, revoked device). Reads only: checking a token changes no state.
 */
export async function authenticate(core: Pick<Core, 'db' | 'clock'>, token: string): Promise<Principal | undefined> {
  const hash = tokenHash(token);
  if (token.startsWith(TokenPrefix.device)) {
    const device = await findDeviceByTokenHash(core.db, hash);
    if (device === undefined || device.revoked_at !== null) return undefined;
    // A kind this version does not know gets the least a device holds.
    const deviceKind = isDeviceKind(device.kind) ? device.kind : DeviceKind.other;
    return { kind: 'device', deviceId: device.id, name: device.name, deviceKind, permissions: devicePermissionsOf(deviceKind) };
  }
  if (!token.startsWith(TokenPrefix.session)) return undefined;
  const session = await findSessionByTokenHash(core.db, hash);
  const now = timestamp(core.clock);
  if (session === undefined || session.revoked_at !== null || session.expires_at <= now || session.disabled_at !== null) {
    return undefined;
  }
  const user = await findUserById(core.db, session.user_id);
  if (user === undefined) return undefined;
  const roles = user.roles as Role[];
  return {
    kind: 'user',
    userId: user.id,
    username: user.username,
    roles,
    permissions: permissionsOf(roles),
    sessionId: session.id,
    sessionExpiresAt: session.expires_at,
    mustChangePassword: session.must_change_password === 1,
  };
}

/** Describes an authenticated caller: the person (with the session in use) or the device, and its permissions. */
export async function describeCaller(core: Pick<Core, 'db' | 'clock'>, principal: Principal): Promise<Me> {
  const permissions = [...principal.permissions].sort();
  if (principal.kind === 'device') return { device: await getDevice(core.db, principal.deviceId), permissions };
  const session = (await listSessions(core, principal.userId)).find((s) => s.id === principal.sessionId);
  return { user: await getUser(core.db, principal.userId), ...(session === undefined ? {} : { session }), permissions };
}

/** Closes the caller's own session. */
export async function logout(core: Core, principal: Extract<Principal, { kind: 'user' }>): Promise<void> {
  await runCommand(core, `user:${principal.username}`, async ({ trx, at, record }) => {
    const revoked = await revokeSessions(trx, at, { sessionId: principal.sessionId });
    if (revoked.length > 0) record(userStream(principal.username), 'session.closed', { sessionId: principal.sessionId });
  });
}

/** An administrator revokes someone's session. */
export async function revokeSession(core: Core, actor: Actor, sessionId: string, reason: string): Promise<void> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const session = await findSessionById(trx, sessionId);
    if (session === undefined) throw new DomainError('not_found', `no session has id ${sessionId}`);
    const revoked = await revokeSessions(trx, at, { sessionId });
    if (revoked.length === 0) {
      throw new DomainError('invalid_transition', `session ${sessionId} is already closed or expired; allowed actions: none`, {
        allowed: [],
      });
    }
    const user = await findUserById(trx, session.user_id);
    record(userStream(user!.username), 'session.revoked', { sessionId, reason });
  });
}

export async function listSessions(core: Pick<Core, 'db' | 'clock'>, userId: string): Promise<Session[]> {
  const rows = await listOpenSessions(core.db, userId, timestamp(core.clock));
  return rows.map((row) => ({ id: row.id, createdAt: row.created_at, expiresAt: row.expires_at, clientAddress: row.client_address }));
}
