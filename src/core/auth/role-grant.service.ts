import { randomUUID } from 'node:crypto';
import { runCommand, type CommandScope } from '../command.js';
import type { Core } from '../context.js';
import type { Db, Trx } from '../database.js';
import { DomainError } from '../errors.js';
import type { PersonRole } from './permission.js';
import type { Actor } from './principal.js';
import { assertSeparateDuties, GrantStatus, type RoleGrant } from './role-grant.js';
import { decideRoleGrant, findRoleGrant, insertRoleGrant, listRoleGrants, type RoleGrantRow } from './role-grant.repository.js';
import { userStream } from './user.js';
import { findUserById, replaceRoles } from './user.repository.js';

function rowToGrant(row: RoleGrantRow): RoleGrant {
  return {
    id: row.id,
    userId: row.user_id,
    username: row.username,
    role: row.role as PersonRole,
    status: row.status,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    reason: row.reason,
  };
}

/** Whether the two-person rule binds this actor: people do; the machine's own command line and the system do not. */
export function bindsTwoPersonRule(actor: Actor): boolean {
  return actor.startsWith('user:');
}

/**
 * Inside a command: asks for `roles` for a user, each a pending grant for a second administrator to
 * decide (a role already pending for them is not asked twice).
 */
export async function requestRoleGrants(
  scope: CommandScope,
  actor: Actor,
  user: { id: string; username: string },
  roles: readonly PersonRole[],
): Promise<string[]> {
  if (roles.length === 0) return [];
  const pending = new Set((await listRoleGrants(scope.trx, { status: GrantStatus.pending, userIds: [user.id] })).map((grant) => grant.role));
  const ids: string[] = [];
  for (const role of roles) {
    if (pending.has(role)) continue;
    const id = randomUUID();
    await insertRoleGrant(scope.trx, { id, user_id: user.id, role, status: GrantStatus.pending, requested_by: actor, requested_at: scope.at, decided_by: null, decided_at: null, reason: null });
    scope.record(userStream(user.username), 'user.role_requested', { grant: id, role });
    ids.push(id);
  }
  return ids;
}

export async function listGrants(db: Db, status?: GrantStatus): Promise<RoleGrant[]> {
  return (await listRoleGrants(db, status === undefined ? {} : { status })).map(rowToGrant);
}

/** The roles waiting for approval, by user id. */
export async function pendingRolesByUser(db: Db | Trx, userIds?: readonly string[]): Promise<Map<string, PersonRole[]>> {
  const byUser = new Map<string, PersonRole[]>();
  for (const grant of await listRoleGrants(db, { status: GrantStatus.pending, ...(userIds === undefined ? {} : { userIds }) })) {
    byUser.set(grant.user_id, [...(byUser.get(grant.user_id) ?? []), grant.role as PersonRole].sort());
  }
  return byUser;
}

async function getPendingGrant(trx: Trx, id: string): Promise<RoleGrantRow> {
  const grant = await findRoleGrant(trx, id);
  if (grant === undefined) throw new DomainError('not_found', `no role grant has id ${id}`);
  if (grant.status !== GrantStatus.pending) {
    throw new DomainError('invalid_transition', `the grant of ${grant.role} to ${grant.username} is already ${grant.status}`, { allowed: [] });
  }
  return grant;
}

/**
 * A second administrator approves a grant: the role is the user's from now on. The one who asked for it
 * cannot approve it, nor can the user themselves.
 */
export async function approveRoleGrant(core: Core, actor: Actor, id: string): Promise<RoleGrant> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const grant = await getPendingGrant(trx, id);
    if (grant.requested_by === actor) {
      throw new DomainError('forbidden', `another administrator must approve the grant of ${grant.role} to ${grant.username}: you asked for it (two-person rule)`);
    }
    if (actor === `user:${grant.username}`) throw new DomainError('forbidden', `nobody grants themselves a role: another administrator must approve ${grant.role}`);
    const user = await findUserById(trx, grant.user_id);
    if (user === undefined) throw new DomainError('not_found', `no user has id ${grant.user_id}`);
    if (user.disabled_at !== null) throw new DomainError('conflict', `${user.username} is disabled: enable the account before granting it a role`);
    const roles = [...new Set([...user.roles, grant.role as PersonRole])].sort();
    try {
      assertSeparateDuties(roles);
    } catch (error) {
      // Held roles changed since the grant was asked for: the grant cannot be approved as it is.
      if (error instanceof DomainError) throw new DomainError('conflict', `${user.username} now holds ${user.roles.join(', ')}: ${error.errors[0]?.message ?? error.message}`);
      throw error;
    }
    await replaceRoles(trx, user.id, roles);
    await decideRoleGrant(trx, id, { status: GrantStatus.approved, decided_by: actor, decided_at: at, reason: null });
    record(userStream(user.username), 'user.role_granted', { grant: id, role: grant.role, requestedBy: grant.requested_by, roles });
  });
  return rowToGrant((await findRoleGrant(core.db, id))!);
}

/** Refuses a grant (or withdraws it, for the one who asked), with the reason. */
export async function refuseRoleGrant(core: Core, actor: Actor, id: string, reason: string): Promise<RoleGrant> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const grant = await getPendingGrant(trx, id);
    await decideRoleGrant(trx, id, { status: GrantStatus.refused, decided_by: actor, decided_at: at, reason });
    record(userStream(grant.username), 'user.role_refused', { grant: id, role: grant.role, reason, withdrawn: grant.requested_by === actor });
  });
  return rowToGrant((await findRoleGrant(core.db, id))!);
}
