import { randomUUID } from 'node:crypto';
import { timestamp } from '../clock.js';
import { runCommand } from '../command.js';
import type { Core } from '../context.js';
import { DomainError } from '../errors.js';
import { devicePermissionsOf, permissionsOf, rolesNeedSecondFactor, type Role } from './permission.js';
import type { Actor, Principal } from './principal.js';
import { TokenPrefix, decoyPasswordHash, newToken, tokenHash, verifyPassword } from './secret.js';
import {
  endIdleSessions,
  findSessionById,
  findSessionByTokenHash,
  insertSession,
  listIdleSessions,
  listOpenSessions,
  revokeSessions,
  touchSession,
} from './session.repository.js';
import { claimTotpStep, findTotp } from './totp.repository.js';
import { describeSecondFactor, loginCodeStep } from './totp.service.js';
import { findDeviceByTokenHash } from './device.repository.js';
import { principalCacheOf, type CachedDevice, type CachedOwner, type CachedSession, type PrincipalCache } from './principal-cache.js';
import { DeviceKind, isDeviceKind } from './device.js';
import { getDevice } from './device.service.js';
import { assertNotLockedOut, clearRefusedAttempts, refuseAttempt, type RefusedAttempt } from './login-lockout.js';
import { refusedLoginDigestKey } from './refused-logins.js';
import { startSweep, type Sweep } from '../sweep.js';
import type { LoginThrottle } from './login-throttle.js';
import { userStream } from './user.js';
import { findUserById, findUserByUsername } from './user.repository.js';
import { getUser, userRowToUser } from './user.service.js';
import type { User } from './user.js';
import type { Me, Session } from '../../contract/account.schema.js';

// The session and `GET /auth/me` as answered are the contract's, shared with the console.
export { Me, Session } from '../../contract/account.schema.js';


/**
 * Opens a session for a username and password, and the code of the person's second factor when they
 * have one active (without it: `second_factor_required`, and the console asks for it). Every refusal of
 * a password looks the same to the caller (no hint whether the username exists) and is journaled; a
 * wrong or replayed code is refused, journaled and counted toward the account's lock like a wrong
 * password; a disabled account cannot log in.
 */
export async function login(
  core: Core,
  throttle: LoginThrottle,
  input: { username: string; password: string; code?: string | undefined; clientAddress: string },
): Promise<{ token: string; session: Session; user: User }> {
  throttle.check(input.clientAddress);
  await assertNotLockedOut(core.db, input.username, core.clock.now());
  const row = await findUserByUsername(core.db, input.username);
  const passwordOk = await verifyPassword(row?.password_hash ?? (await decoyPasswordHash()), input.password);
  if (row === undefined || !passwordOk || row.disabled_at !== null) {
    const reason = row === undefined ? 'unknown_user' : row.disabled_at !== null ? 'disabled' : 'wrong_password';
    await refuseLogin(core, throttle, input, reason);
    throw new DomainError('unauthenticated', 'wrong username or password, or the account is disabled');
  }
  const factor = await findTotp(core.db, row.id);
  let step: number | undefined;
  if (factor !== undefined && factor.confirmed_at !== null) {
    if (input.code === undefined) {
      throw new DomainError('second_factor_required', 'this account has a second factor: send the 6-digit code its authenticator app shows now as `code`');
    }
    step = loginCodeStep(core, factor, input.code);
    if (step === undefined) {
      await refuseLogin(core, throttle, input, 'wrong_code');
      throw wrongCode();
    }
  }
  const token = newToken(TokenPrefix.session);
  const id = randomUUID();
  const createdAt = timestamp(core.clock);
  const expiresAt = new Date(core.clock.now().getTime() + core.config.sessionTtlSeconds * 1_000).toISOString();
  await runCommand(core, `user:${row.username}`, async ({ trx, record }) => {
    // Taken in the same transaction as the session: of two logins racing with one code, one gets in.
    if (step !== undefined && !(await claimTotpStep(trx, row.id, step))) throw wrongCode();
    await clearRefusedAttempts(trx, row.username);
    await insertSession(trx, {
      id,
      user_id: row.id,
      token_hash: tokenHash(token),
      created_at: createdAt,
      expires_at: expiresAt,
      revoked_at: null,
      client_address: input.clientAddress,
      last_seen_at: createdAt,
      idle_expired_at: null,
      second_factor_at: step === undefined ? null : createdAt,
    });
    record(userStream(row.username), 'session.opened', {
      sessionId: id,
      expiresAt,
      clientAddress: input.clientAddress,
      secondFactor: step !== undefined,
    });
  });
  return { token, session: { id, createdAt, expiresAt, clientAddress: input.clientAddress, lastSeenAt: createdAt }, user: userRowToUser(row) };
}

async function refuseLogin(core: Core, throttle: LoginThrottle, input: { username: string; clientAddress: string }, reason: string): Promise<void> {
  core.metrics.loginFailures.inc();
  throttle.recordFailure(input.clientAddress);
  // A name that is no account: summed per address and journaled once a minute (refused-logins.ts).
  const digest = reason === 'unknown_user' ? core.state.find(refusedLoginDigestKey) : undefined;
  await runCommand(core, `user:${input.username}`, async (scope) => {
    digest?.add(input.clientAddress, input.username, scope.at);
    const event: RefusedAttempt | undefined = digest === undefined ? { type: 'user.login_failed', data: { reason, clientAddress: input.clientAddress } } : undefined;
    await refuseAttempt(scope, core.config, input.username, core.clock.now(), event);
  });
}

function wrongCode(): DomainError {
  const message = 'is not the code the app shows now, or was used already: wait for the next one';
  return new DomainError('unauthenticated', `code: ${message}`, { errors: [{ field: 'code', message }] });
}

/** How long a session may go unused before it is ended, and how stale its recorded last use may get. */
function idleRule(config: Core['config']): { idleMs: number; touchEveryMs: number } {
  const idleMs = config.sessionIdleMinutes * 60_000;
  // At most a write a minute per session, and never a tenth of the idle time late.
  return { idleMs, touchEveryMs: Math.min(60_000, idleMs / 10) };
}

/** The idle lock's actor in the journal. */
const IDLE_ACTOR = 'system:idle-lock';

/**
 * Who a bearer token belongs to, or undefined when it opens nothing (unknown, expired, revoked,
 * disabled account, revoked device). A session unused for `AMANE_SESSION_IDLE_MINUTES` is ended here
 * (journaled) and refused with `session_idle`, as it is for every request after. Otherwise its use is
 * recorded when the last record is a minute old (the hot path writes nothing in between), unless
 * `use` is false: a request the console made on its own while nobody touched it keeps no session open.
 */
export async function authenticate(
  core: Pick<Core, 'db' | 'clock' | 'config' | 'bus' | 'metrics' | 'state'>,
  token: string,
  { use }: { use: boolean } = { use: true },
): Promise<Principal | undefined> {
  const hash = tokenHash(token);
  const cache = principalCacheOf(core);
  const owner = cache.find(hash) ?? (await readOwner(core, cache, token, hash));
  if (owner === undefined) return undefined;
  if (owner.kind === 'device') return owner.principal;
  const now = core.clock.now();
  const at = now.toISOString();
  if (owner.idleExpired && owner.expiresAt > at) throw idleError(core.config);
  if (owner.revoked || owner.expiresAt <= at || owner.disabled) return undefined;
  const { idleMs, touchEveryMs } = idleRule(core.config);
  const unusedMs = now.getTime() - new Date(owner.lastSeenAt).getTime();
  const { sessionId } = owner.principal;
  if (unusedMs >= idleMs) {
    await endIdle(core, [{ id: sessionId, username: owner.username, last_seen_at: owner.lastSeenAt }], new Date(now.getTime() - idleMs).toISOString());
    throw idleError(core.config);
  }
  if (use && unusedMs >= touchEveryMs) {
    await runCommand(core, `user:${owner.username}`, async ({ trx }) => touchSession(trx, sessionId, at));
    owner.lastSeenAt = at;
  }
  return owner.principal;
}

/** A token's owner as the database says, kept in the cache; undefined for a token that opens nothing. */
async function readOwner(
  core: Pick<Core, 'db' | 'config'>,
  cache: PrincipalCache,
  token: string,
  hash: string,
): Promise<CachedOwner | undefined> {
  const loadedAt = cache.stamp();
  if (token.startsWith(TokenPrefix.device)) {
    const device = await findDeviceByTokenHash(core.db, hash);
    if (device === undefined) return undefined;
    // A kind this version does not know gets the least a device holds.
    const deviceKind = isDeviceKind(device.kind) ? device.kind : DeviceKind.other;
    const principal =
      device.revoked_at !== null
        ? undefined
        : ({ kind: 'device', deviceId: device.id, name: device.name, deviceKind, permissions: devicePermissionsOf(deviceKind) } as const);
    const owner: CachedDevice = { kind: 'device', principal, loadedAt };
    cache.keep(hash, owner);
    return owner;
  }
  if (!token.startsWith(TokenPrefix.session)) return undefined;
  const session = await findSessionByTokenHash(core.db, hash);
  if (session === undefined) return undefined;
  const user = await findUserById(core.db, session.user_id);
  if (user === undefined) return undefined;
  const roles = user.roles as Role[];
  const owner: CachedSession = {
    kind: 'session',
    principal: {
      kind: 'user',
      userId: user.id,
      username: user.username,
      roles,
      permissions: permissionsOf(roles),
      sessionId: session.id,
      sessionExpiresAt: session.expires_at,
      mustChangePassword: session.must_change_password === 1,
      secondFactorMissing: core.config.totpRequired && session.second_factor_at === null && rolesNeedSecondFactor(roles),
    },
    username: session.username,
    expiresAt: session.expires_at,
    revoked: session.revoked_at !== null,
    disabled: session.disabled_at !== null,
    idleExpired: session.idle_expired_at !== null,
    lastSeenAt: session.last_seen_at,
    loadedAt,
  };
  cache.keep(hash, owner);
  return owner;
}

function idleError(config: Core['config']): DomainError {
  return new DomainError('session_idle', `the session went unused for ${config.sessionIdleMinutes} minutes and was ended; log in again`);
}

/** Ends sessions gone idle (each once, whoever gets there first) and journals each one. */
async function endIdle(
  core: Pick<Core, 'db' | 'clock' | 'bus' | 'metrics' | 'state'>,
  sessions: readonly { id: string; username: string; last_seen_at: string }[],
  idleSince: string,
): Promise<number> {
  return runCommand(core, IDLE_ACTOR, async ({ trx, at, record }) => {
    const ended = new Set(await endIdleSessions(trx, at, idleSince, sessions.map((s) => s.id)));
    for (const session of sessions) {
      if (ended.has(session.id)) record(userStream(session.username), 'session.idle_expired', { sessionId: session.id, lastSeenAt: session.last_seen_at });
    }
    return ended.size;
  });
}

/**
 * Ends every session unused for the idle time, so that live feeds open on them close (the journal event
 * ends them) even if no request comes; returns how many. The core module runs it every minute.
 */
export async function endIdleSessionsNow(core: Pick<Core, 'db' | 'clock' | 'config' | 'bus' | 'metrics' | 'state'>): Promise<number> {
  const now = core.clock.now();
  const idleSince = new Date(now.getTime() - idleRule(core.config).idleMs).toISOString();
  let total = 0;
  for (;;) {
    const batch = await listIdleSessions(core.db, now.toISOString(), idleSince, IDLE_BATCH);
    if (batch.length === 0) return total;
    total += await endIdle(core, batch, idleSince);
    if (batch.length < IDLE_BATCH) return total;
  }
}

const IDLE_BATCH = 200;

/** How often the server looks for idle sessions. */
const IDLE_SWEEP_EVERY_MS = 60_000;

/**
 * Runs the idle sweep every minute in the background (the timer does not hold the process open); a
 * failed sweep is logged and tried again. Returns the stop, which waits for a sweep under way.
 */
export function startIdleSweep(core: Core): Sweep {
  return startSweep(core, { name: 'the idle session sweep', everyMs: IDLE_SWEEP_EVERY_MS, run: () => endIdleSessionsNow(core) });
}

/** Describes an authenticated caller: the person (with the session in use) or the device, and its permissions. */
export async function describeCaller(core: Pick<Core, 'db' | 'clock' | 'config'>, principal: Principal): Promise<Me> {
  const permissions = [...principal.permissions].sort();
  if (principal.kind === 'device') return { device: await getDevice(core.db, principal.deviceId), permissions };
  const session = (await listSessions(core, principal.userId)).find((s) => s.id === principal.sessionId);
  return {
    user: await getUser(core.db, principal.userId),
    ...(session === undefined ? {} : { session }),
    secondFactor: await describeSecondFactor(core.db, principal),
    permissions,
  };
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

export async function listSessions(core: Pick<Core, 'db' | 'clock' | 'config'>, userId: string): Promise<Session[]> {
  const now = core.clock.now();
  const rows = await listOpenSessions(core.db, userId, now.toISOString(), new Date(now.getTime() - idleRule(core.config).idleMs).toISOString());
  return rows.map((row) => ({ id: row.id, createdAt: row.created_at, expiresAt: row.expires_at, clientAddress: row.client_address, lastSeenAt: row.last_seen_at }));
}
