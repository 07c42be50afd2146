import { Type } from 'typebox';
import { invalidField } from '../errors.js';
import { Closed, Line } from '../schema.js';
import { Role, type PersonRole } from './permission.js';
import { GrantStatus, rolesNeedingSecondApproval } from '../../contract/account.js';

// The two-person rule's roles (CJIS AC-5: granted by one administrator, held only once a second one
// approves) and the grant as answered are the contract's, shared with the administrator's console.
export { GrantStatus, rolesNeedingSecondApproval } from '../../contract/account.js';
export { RoleGrant } from '../../contract/account.schema.js';

export function needsSecondApproval(role: PersonRole): boolean {
  return rolesNeedingSecondApproval.includes(role);
}


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
