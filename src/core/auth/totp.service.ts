import { runCommand } from '../command.js';
import type { Core } from '../context.js';
import type { Db } from '../database.js';
import { DomainError, invalidField } from '../errors.js';
import type { Actor, Principal } from './principal.js';
import { markSecondFactor, revokeSessions } from './session.repository.js';
import { TotpState, matchingStep, newTotpSecret, totpUri, TotpParameters, type SecondFactor, type TotpEnrolment } from './totp.js';
import { openTotpSecret, sealTotpSecret, totpKey } from './totp-key.js';
import { confirmTotp, deleteTotp, findTotp, savePendingTotp } from './totp.repository.js';
import { userStream } from './user.js';
import { findUserById } from './user.repository.js';

type Person = Extract<Principal, { kind: 'user' }>;

/** Where the person's second factor stands, and whether this session may do nothing but enrol one. */
export async function describeSecondFactor(db: Db, person: Person): Promise<SecondFactor> {
  const row = await findTotp(db, person.userId);
  const state = row === undefined ? TotpState.none : row.confirmed_at === null ? TotpState.pending : TotpState.active;
  return { state, enrolledAt: row?.confirmed_at ?? null, mustEnrol: person.secondFactorMissing };
}

/**
 * Starts enrolling a second factor: a new random secret, stored encrypted and pending until a code
 * confirms it (a pending one is replaced). Returns the secret for the person's app, once; the journal
 * never holds it. An active factor is not replaced here: an administrator resets it first.
 */
export async function startTotpEnrolment(core: Core, person: Person): Promise<TotpEnrolment> {
  const secret = newTotpSecret();
  const sealed = sealTotpSecret(totpKey(core), person.userId, secret);
  await runCommand(core, `user:${person.username}`, async ({ trx, at, record }) => {
    const existing = await findTotp(trx, person.userId);
    if (existing !== undefined && existing.confirmed_at !== null) {
      throw new DomainError('invalid_transition', `${person.username} already has an active second factor; allowed actions: none (an administrator resets it, for a lost phone)`, {
        allowed: [],
      });
    }
    await savePendingTotp(trx, { user_id: person.userId, secret: sealed, created_at: at, confirmed_at: null, last_step: null });
    record(userStream(person.username), 'user.totp_enrolment_started', {});
  });
  return {
    secret,
    uri: totpUri(secret, `${person.username}@${core.config.agencyId}`, 'Amane'),
    algorithm: TotpParameters.algorithm,
    digits: TotpParameters.digits,
    period: TotpParameters.period,
  };
}

/**
 * Confirms an enrolment with the code the app shows: the factor becomes active, this session counts as
 * having proved it, and the person's other sessions are closed (they did not).
 */
export async function confirmTotpEnrolment(core: Core, person: Person, code: string): Promise<void> {
  const row = await findTotp(core.db, person.userId);
  if (row === undefined || row.confirmed_at !== null) {
    const state = row === undefined ? 'none is being enrolled' : 'it is already active';
    throw new DomainError('invalid_transition', `no second factor to confirm: ${state}; allowed actions: ${row === undefined ? 'start an enrolment' : 'none'}`, {
      allowed: row === undefined ? ['enrol'] : [],
    });
  }
  const step = matchingStep(openTotpSecret(totpKey(core), person.userId, row.secret), code, core.clock.now());
  if (step === undefined) throw invalidField('code', "is not the code the app shows now: check the phone's time, or wait for the next code");
  await runCommand(core, `user:${person.username}`, async ({ trx, at, record }) => {
    if (!(await confirmTotp(trx, person.userId, at, step))) throw new DomainError('conflict', 'the enrolment changed meanwhile; start it again');
    await markSecondFactor(trx, person.sessionId, at);
    const revoked = await revokeSessions(trx, at, { userId: person.userId, exceptSessionId: person.sessionId });
    record(userStream(person.username), 'user.totp_enrolled', { revokedSessions: revoked });
  });
}

/**
 * Checks a login's code against the person's active factor; returns the time step to take, or undefined
 * when the code is wrong or its step was used already (a replayed code).
 */
export function loginCodeStep(core: Pick<Core, 'state' | 'clock'>, factor: { user_id: string; secret: string; last_step: number | null }, code: string): number | undefined {
  const step = matchingStep(openTotpSecret(totpKey(core), factor.user_id, factor.secret), code, core.clock.now());
  return step === undefined || (factor.last_step !== null && step <= factor.last_step) ? undefined : step;
}

/**
 * An administrator removes someone's second factor (a lost or replaced phone), with a reason: every
 * session of theirs closes, and they enrol again at their next login. Nobody resets their own.
 */
export async function resetTotp(core: Core, actor: Actor, userId: string, reason: string): Promise<void> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const user = await findUserById(trx, userId);
    if (user === undefined) throw new DomainError('not_found', `no user has id ${userId}`);
    if (actor === `user:${user.username}`) throw new DomainError('forbidden', 'nobody resets their own second factor: another administrator must');
    if (!(await deleteTotp(trx, userId))) {
      throw new DomainError('invalid_transition', `${user.username} has no second factor; allowed actions: none (they enrol one themselves)`, { allowed: [] });
    }
    const revoked = await revokeSessions(trx, at, { userId });
    record(userStream(user.username), 'user.totp_reset', { reason, revokedSessions: revoked });
  });
}
