import { Type, type Static } from 'typebox';
import { invalidField } from '../errors.js';
import { Closed, Line, Timestamp, Username, Uuid } from '../schema.js';
import { Role, type PersonRole } from './permission.js';
import { PersonRole as PersonRoleSchema } from './user.js';

/**
 * The two-person rule (CJIS AC-5): the roles that open the journal, the national register and the
 * administration itself are granted by one administrator and take effect only when a second one
 * approves. Removing a role never waits.
 */
export const rolesNeedingSecondApproval: readonly PersonRole[] = [Role.administrator, Role.auditor, Role.identityClerk, Role.issuanceOperator];

export function needsSecondApproval(role: PersonRole): boolean {
  return rolesNeedingSecondApproval.includes(role);
}

export const GrantStatus = { pending: 'pending', approved: 'approved', refused: 'refused' } as const;
export type GrantStatus = (typeof GrantStatus)[keyof typeof GrantStatus];

/** A role asked for a user by one administrator, waiting for another's decision. */
export const RoleGrant = Closed({
  id: Uuid,
  userId: Uuid,
  username: Username,
  role: PersonRoleSchema,
  status: Type.Enum(Object.values(GrantStatus)),
  /** `user:amina`: who asked. */
  requestedBy: Type.String(),
  requestedAt: Timestamp,
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  /** Why a grant was refused (or withdrawn by the one who asked). */
  reason: Type.Union([Type.String(), Type.Null()]),
});
export type RoleGrant = Static<typeof RoleGrant>;

export const GrantQuery = Closed({ status: Type.Optional(Type.Enum(Object.values(GrantStatus), { 'x-expected': 'pending, approved or refused' })) });
export const RefuseBody = Closed({ reason: Line({ maxLength: 500, description: 'why the role is not granted; journaled' }) });

/**
 * Separation of duties: an administrator manages accounts and devices and holds no other role, so the
 * one who grants rights neither acts on incidents and the register nor audits the journal.
 */
export function assertSeparateDuties(roles: readonly string[], field = 'roles'): void {
  if (roles.includes(Role.administrator) && roles.length > 1) {
    const others = roles.filter((role) => role !== Role.administrator);
    throw invalidField(field, `an administrator holds no other role (separation of duties): give ${others.join(', ')} to another account`);
  }
}
