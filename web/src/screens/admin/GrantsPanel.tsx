import { useId } from 'react';
import { post } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { store } from '../../store';
import type { Resource } from '../../useResource';
import { ConfirmAction, NoticeLine, phrase, useNotice } from './parts';
import type { RoleGrant } from '@contract/shapes';

/**
 * Roles asked for by one administrator, waiting for a second one: approve, or refuse with the reason.
 * The server refuses an approval by the one who asked; the panel says so in the operator's language.
 */
export function GrantsPanel({ grants, onChanged }: { grants: Resource<RoleGrant[]>; onChanged: () => void }) {
  const i18n = useI18n();
  const titleId = useId();
  const { notice, say, refuse } = useNotice();
  const me = store.me.user?.username;
  const role = (grant: RoleGrant) => (i18n.has(`role.${grant.role}`) ? i18n.t(`role.${grant.role}` as MessageKey) : grant.role);

  const approve = async (grant: RoleGrant) => {
    try {
      await post(`/role-grants/${grant.id}/approve`);
      say((words) => phrase(words, 'admin.approved', { role: words.t(`role.${grant.role}` as MessageKey), username: grant.username }));
    } catch (failure) {
      refuse(failure, 'approve');
    } finally {
      onChanged();
    }
  };
  const refuseGrant = async (grant: RoleGrant, reason: string) => {
    try {
      await post(`/role-grants/${grant.id}/refuse`, { reason });
      say((words) => phrase(words, 'admin.refused', { role: words.t(`role.${grant.role}` as MessageKey), username: grant.username }));
      return true;
    } catch (failure) {
      refuse(failure);
      return false;
    } finally {
      onChanged();
    }
  };

  const list = grants.data ?? [];
  return (
    <section className="admin-panel admin-grants" aria-labelledby={titleId} data-testid="admin-grants">
      <h2 id={titleId}>
        {i18n.t('admin.grants')}
        {grants.data !== undefined && <span className="count">{i18n.number(list.length)}</span>}
      </h2>
      <NoticeLine notice={notice} testId="admin-grants-notice" />
      {grants.data === undefined ? (
        <p className="muted">{grants.error === null ? i18n.t('admin.loading') : i18n.t('admin.error.generic')}</p>
      ) : list.length === 0 ? (
        <p className="empty">{i18n.t('admin.grants.none')}</p>
      ) : (
        <table className="list admin-table">
          <thead>
            <tr>
              <th scope="col">{i18n.t('admin.col.account')}</th>
              <th scope="col">{i18n.t('admin.col.role')}</th>
              <th scope="col">{i18n.t('admin.col.askedBy')}</th>
              <th scope="col">{i18n.t('admin.col.askedAt')}</th>
              <th scope="col">
                <span className="sr-only">{i18n.t('admin.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((grant) => {
              const askedBy = grant.requestedBy.replace(/^user:/, '');
              return (
                <tr key={grant.id} data-username={grant.username} data-role={grant.role}>
                  <td>
                    <bdi dir="ltr">{grant.username}</bdi>
                  </td>
                  <td>{role(grant)}</td>
                  <td>{askedBy === me ? <span className="muted">{i18n.t('admin.grant.yours')}</span> : <bdi dir="ltr">{askedBy}</bdi>}</td>
                  <td>
                    <bdi>{i18n.dateTime(grant.requestedAt)}</bdi>
                  </td>
                  <td>
                    <div className="admin-row-actions">
                      <button type="button" onClick={() => void approve(grant)} data-testid="admin-approve">
                        {i18n.t('admin.approve')}
                      </button>
                      <ConfirmAction
                        label={i18n.t('admin.refuse')}
                        confirmText={phrase(i18n, 'admin.refuse.confirm', { role: role(grant), username: grant.username })}
                        withReason
                        danger
                        testId="admin-refuse"
                        onConfirm={(reason) => refuseGrant(grant, reason)}
                      />
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
