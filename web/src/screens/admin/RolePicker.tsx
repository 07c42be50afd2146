import { useId } from 'react';
import { useI18n, type MessageKey } from '../../i18n';
import { personRoles, rolesNeedingSecondApproval, type PersonRole } from '@contract';

/**
 * The roles as boxes to tick, in the operator's language; those a second administrator must approve are
 * marked ✱, and those already awaiting approval say so.
 */
export function RolePicker({ selected, pending = [], onChange }: { selected: readonly PersonRole[]; pending?: readonly PersonRole[]; onChange: (roles: readonly PersonRole[]) => void }) {
  const i18n = useI18n();
  const hintId = useId();
  const toggle = (role: PersonRole, on: boolean) => onChange(on ? personRoles.filter((r) => r === role || selected.includes(r)) : selected.filter((r) => r !== role));
  return (
    <fieldset className="admin-roles" aria-describedby={hintId}>
      <legend>{i18n.t('admin.col.roles')}</legend>
      {personRoles.map((role) => (
        <label key={role} className="admin-role" data-role={role}>
          <input type="checkbox" name="roles" value={role} checked={selected.includes(role)} onChange={(event) => toggle(role, event.target.checked)} />
          <span>
            {i18n.t(`role.${role}` as MessageKey)}
            {rolesNeedingSecondApproval.includes(role) && <span aria-hidden="true"> ✱</span>}
            {pending.includes(role) && <span className="admin-pending"> · {i18n.t('admin.awaitingApproval')}</span>}
          </span>
        </label>
      ))}
      <p className="muted" id={hintId}>
        {i18n.t('admin.hint.approval')}
      </p>
    </fieldset>
  );
}
