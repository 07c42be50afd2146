import { useEffect, useId, useState, type FormEvent } from 'react';
import { api, post } from '../../api';
import { useI18n } from '../../i18n';
import { store } from '../../store';
import { useResource } from '../../useResource';
import { ConfirmAction, NoticeLine, OneTimeSecret, phrase, roleNames, useNotice } from './parts';
import { RolePicker } from './RolePicker';
import type { PersonRole } from '@contract';
import type { Session, UserAccount, UserWithOneTimePassword } from '@contract/shapes';
import { AccountState, SecondFactorBadge, displayName } from './UsersPanel';

/**
 * One account: its roles (those of the two-person rule become pending grants), disable or enable with a
 * reason, a new one-time password, a reset of the second factor, and its open sessions to end.
 */
export function AccountDetail({ user, onChanged, onClose }: { user: UserAccount; onChanged: () => void; onClose: () => void }) {
  const i18n = useI18n();
  const titleId = useId();
  const { notice, say, refuse } = useNotice();
  const [roles, setRoles] = useState<readonly PersonRole[]>(user.roles);
  const [password, setPassword] = useState<string | null>(null);
  const sessions = useResource<Session[]>(`/users/${user.id}/sessions`, [`user/${user.username}`]);
  const self = store.me.user?.username === user.username;
  const rolesKey = user.roles.join(',');
  // The roles held change under the form when a grant is approved: the boxes follow.
  useEffect(() => setRoles(user.roles), [rolesKey, user.roles]);

  /** Runs a request; says what it did, or why it was refused; true when done. */
  const act = async (request: () => Promise<unknown>, done: Parameters<typeof say>[0], action: 'resetFactor' | 'other' = 'other') => {
    try {
      await request();
      say(done);
      return true;
    } catch (failure) {
      refuse(failure, action);
      return false;
    } finally {
      onChanged();
      sessions.reload();
    }
  };

  const saveRoles = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    try {
      const changed = await api<UserAccount>('PATCH', `/users/${user.id}`, { roles });
      const pending = (changed.pendingRoles ?? []).filter((role) => roles.includes(role));
      say((words) => (
        <>
          {phrase(words, 'admin.roles.saved', { username: user.username })}{' '}
          {pending.length > 0 && phrase(words, 'admin.awaiting', { roles: roleNames(words, pending) })}
        </>
      ));
    } catch (failure) {
      refuse(failure);
    } finally {
      onChanged();
    }
  };

  return (
    <section className="admin-panel admin-detail" aria-labelledby={titleId} data-testid="admin-account" data-username={user.username}>
      <h2 id={titleId}>
        <bdi>{displayName(i18n, user)}</bdi>
        <bdi dir="ltr" className="admin-username">
          {user.username}
        </bdi>
        <button type="button" className="link admin-close" onClick={onClose}>
          {i18n.t('admin.detail.close')}
        </button>
      </h2>
      <dl className="admin-facts">
        <dt>{i18n.t('admin.col.state')}</dt>
        <dd>
          <AccountState user={user} />
        </dd>
        <dt>{i18n.t('admin.col.secondFactor')}</dt>
        <dd>
          <SecondFactorBadge state={user.secondFactor} />
        </dd>
        <dt>{i18n.t('admin.col.roles')}</dt>
        <dd>
          {user.roles.length === 0 ? '—' : roleNames(i18n, user.roles)}
          {user.pendingRoles !== undefined && user.pendingRoles.length > 0 && <span className="admin-pending"> · {i18n.t('admin.pendingRoles', { roles: roleNames(i18n, user.pendingRoles) })}</span>}
        </dd>
      </dl>
      <p className="muted admin-created">{phrase(i18n, 'admin.detail.created', { time: i18n.dateTime(user.createdAt) })}</p>
      {self && <p className="admin-self">{i18n.t('admin.self')}</p>}
      {password !== null && (
        <OneTimeSecret
          title={phrase(i18n, 'admin.otp.title', { username: user.username })}
          warning={i18n.t('admin.otp.warning')}
          value={password}
          testId="admin-reset-otp"
          onDone={() => setPassword(null)}
        />
      )}
      <NoticeLine notice={notice} testId="admin-account-notice" />
      <form onSubmit={(event) => void saveRoles(event)} className="admin-form" data-testid="admin-roles">
        <RolePicker selected={roles} pending={user.pendingRoles ?? []} onChange={setRoles} />
        <div className="row">
          <button type="submit" disabled={roles.length === 0 || roles.join(',') === rolesKey || user.disabledAt !== null}>
            {i18n.t('admin.roles.save')}
          </button>
        </div>
      </form>
      <div className="admin-actions">
        <ConfirmAction
          label={i18n.t('admin.resetPassword')}
          confirmText={phrase(i18n, 'admin.resetPassword.confirm', { username: user.username })}
          withReason={false}
          testId="admin-reset-password"
          onConfirm={() =>
            act(async () => setPassword((await post<UserWithOneTimePassword>(`/users/${user.id}/password-reset`)).oneTimePassword ?? null), () => null)
          }
        />
        <ConfirmAction
          label={i18n.t('admin.resetFactor')}
          confirmText={phrase(i18n, 'admin.resetFactor.confirm', { username: user.username })}
          withReason
          disabled={user.secondFactor === 'none' || self}
          testId="admin-reset-factor"
          onConfirm={(reason) => act(() => post(`/users/${user.id}/totp/reset`, { reason }), (words) => phrase(words, 'admin.factorReset', { username: user.username }), 'resetFactor')}
        />
        {user.disabledAt === null ? (
          <ConfirmAction
            label={i18n.t('admin.disable')}
            confirmText={phrase(i18n, 'admin.disable.confirm', { username: user.username })}
            withReason
            danger
            disabled={self}
            testId="admin-disable"
            onConfirm={(reason) => act(() => post(`/users/${user.id}/disable`, { reason }), (words) => phrase(words, 'admin.disabled', { username: user.username }))}
          />
        ) : (
          <ConfirmAction
            label={i18n.t('admin.enable')}
            confirmText={phrase(i18n, 'admin.enable.confirm', { username: user.username })}
            withReason
            testId="admin-enable"
            onConfirm={(reason) => act(() => post(`/users/${user.id}/enable`, { reason }), (words) => phrase(words, 'admin.enabled', { username: user.username }))}
          />
        )}
      </div>
      <h3>{i18n.t('admin.sessions')}</h3>
      {sessions.data === undefined || sessions.data.length === 0 ? (
        <p className="muted">{sessions.data === undefined ? i18n.t('admin.loading') : i18n.t('admin.noSessions')}</p>
      ) : (
        <table className="list admin-table" data-testid="admin-sessions">
          <thead>
            <tr>
              <th scope="col">{i18n.t('admin.session.opened')}</th>
              <th scope="col">{i18n.t('admin.session.seen')}</th>
              <th scope="col">{i18n.t('admin.session.address')}</th>
              <th scope="col">
                <span className="sr-only">{i18n.t('admin.col.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.map((session) => (
              <tr key={session.id}>
                <td>
                  <bdi>{i18n.dateTime(session.createdAt)}</bdi>
                </td>
                <td>
                  <bdi>{i18n.dateTime(session.lastSeenAt)}</bdi>
                </td>
                <td>
                  <bdi dir="ltr">{session.clientAddress}</bdi>
                </td>
                <td>
                  <ConfirmAction
                    label={i18n.t('admin.session.end')}
                    confirmText={phrase(i18n, 'admin.session.confirm', { time: i18n.dateTime(session.createdAt) })}
                    withReason
                    danger
                    testId="admin-end-session"
                    onConfirm={(reason) => act(() => post(`/sessions/${session.id}/revoke`, { reason }), (words) => words.t('admin.session.ended'))}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
