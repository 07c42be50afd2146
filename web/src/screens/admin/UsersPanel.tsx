import { useId, useMemo, useState } from 'react';
import { useI18n, type I18n } from '../../i18n';
import type { Resource } from '../../useResource';
import { NewAccount } from './NewAccount';
import { NoticeLine, OneTimeSecret, phrase, roleNames, useNotice } from './parts';
import type { CreatedUser, UserAccount } from '@contract/shapes';

/** The name to show: the Arabic one on an Arabic screen when the account has one. */
export function displayName(i18n: I18n, user: Pick<UserAccount, 'fullName' | 'fullNameAr'>): string {
  return i18n.language === 'ar' && user.fullNameAr !== null ? user.fullNameAr : user.fullName;
}

/** Whether an account matches what was typed in the search box: names, user name, roles in any language shown. */
function matches(i18n: I18n, user: UserAccount, search: string): boolean {
  if (search === '') return true;
  const haystack = [user.username, user.fullName, user.fullNameAr ?? '', roleNames(i18n, user.roles), user.roles.join(' ')].join(' ').toLocaleLowerCase();
  return search
    .toLocaleLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

export function AccountState({ user }: { user: UserAccount }) {
  const i18n = useI18n();
  if (user.disabledAt !== null) return <span className="badge admin-state disabled">{i18n.t('admin.state.disabled')}</span>;
  return (
    <>
      {user.lockedUntil !== null ? (
        <span className="badge admin-state locked">{phrase(i18n, 'admin.state.locked', { time: i18n.dateTime(user.lockedUntil) })}</span>
      ) : (
        <span className="badge admin-state enabled">{i18n.t('admin.state.enabled')}</span>
      )}
      {user.mustChangePassword && <span className="muted"> · {i18n.t('admin.state.mustChange')}</span>}
    </>
  );
}

export function SecondFactorBadge({ state }: { state: UserAccount['secondFactor'] }) {
  const i18n = useI18n();
  return (
    <span className={`badge admin-factor ${state}`} data-state={state}>
      {i18n.t(`admin.factor.${state}`)}
    </span>
  );
}

/**
 * The accounts: searched as one types, the disabled ones on demand; a new account's one-time password
 * shows at the top of the panel until the administrator says it was handed over.
 */
export function UsersPanel({
  users,
  showDisabled,
  onShowDisabled,
  selected,
  onSelect,
}: {
  users: Resource<UserAccount[]>;
  showDisabled: boolean;
  onShowDisabled: (on: boolean) => void;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const i18n = useI18n();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const { notice, say } = useNotice();
  const titleId = useId();
  const shown = useMemo(() => (users.data ?? []).filter((user) => matches(i18n, user, search.trim())), [users.data, search, i18n]);

  const onCreated = (answer: CreatedUser) => {
    setCreating(false);
    setCreated(answer);
    const pending = answer.user.pendingRoles ?? [];
    say((words) => (
      <>
        {phrase(words, 'admin.created', { username: answer.user.username })}{' '}
        {pending.length > 0 && phrase(words, 'admin.awaiting', { roles: roleNames(words, pending) })}
      </>
    ));
    users.reload();
  };

  return (
    <section className="admin-panel admin-users" aria-labelledby={titleId} data-testid="admin-users">
      <h2 id={titleId}>
        {i18n.t('admin.users')}
        {users.data !== undefined && (
          <span className="count">
            {phrase(i18n, 'admin.users.count', { n: i18n.number(shown.length) })}
          </span>
        )}
        {!creating && (
          <button type="button" className="admin-new" onClick={() => setCreating(true)} data-testid="admin-new">
            {i18n.t('admin.new')}
          </button>
        )}
      </h2>
      {created?.oneTimePassword !== undefined && (
        <OneTimeSecret
          title={phrase(i18n, 'admin.otp.title', { username: created.user.username })}
          warning={i18n.t('admin.otp.warning')}
          value={created.oneTimePassword}
          testId="admin-otp"
          onDone={() => setCreated(null)}
        />
      )}
      {creating && <NewAccount onCreated={onCreated} onCancel={() => setCreating(false)} />}
      <NoticeLine notice={notice} testId="admin-users-notice" />
      <div className="row admin-filters">
        <label className="grow">
          <span className="sr-only">{i18n.t('admin.search')}</span>
          <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} placeholder={i18n.t('admin.search')} aria-label={i18n.t('admin.search')} data-testid="admin-search" />
        </label>
        <label>
          <input type="checkbox" checked={showDisabled} onChange={(event) => onShowDisabled(event.target.checked)} /> {i18n.t('admin.showDisabled')}
        </label>
      </div>
      {users.data === undefined ? (
        <p className="muted">{users.error === null ? i18n.t('admin.loading') : i18n.t('admin.error.generic')}</p>
      ) : shown.length === 0 ? (
        <p className="empty">{i18n.t('admin.noUsers')}</p>
      ) : (
        <table className="list admin-table" data-testid="admin-user-list">
          <thead>
            <tr>
              <th scope="col">{i18n.t('admin.col.username')}</th>
              <th scope="col">{i18n.t('admin.col.name')}</th>
              <th scope="col">{i18n.t('admin.col.roles')}</th>
              <th scope="col">{i18n.t('admin.col.state')}</th>
              <th scope="col">{i18n.t('admin.col.secondFactor')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((user) => (
              <tr key={user.id} className={user.id === selected ? 'selected' : undefined} data-username={user.username} data-disabled={user.disabledAt !== null}>
                <td>
                  <button type="button" className="link" onClick={() => onSelect(user.id)} aria-current={user.id === selected ? 'true' : undefined}>
                    <bdi dir="ltr">{user.username}</bdi>
                  </button>
                </td>
                <td>
                  <bdi>{displayName(i18n, user)}</bdi>
                </td>
                <td>
                  {roleNames(i18n, user.roles)}
                  {user.pendingRoles !== undefined && user.pendingRoles.length > 0 && (
                    <div className="admin-pending">{i18n.t('admin.pendingRoles', { roles: roleNames(i18n, user.pendingRoles) })}</div>
                  )}
                </td>
                <td>
                  <AccountState user={user} />
                </td>
                <td>
                  <SecondFactorBadge state={user.secondFactor} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
