import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { query } from '../../api';
import { useI18n, type MessageKey } from '../../i18n';
import { store } from '../../store';
import { useResource } from '../../useResource';
import { AccountDetail } from './AccountDetail';
import { DevicesPanel } from './DevicesPanel';
import { GrantsPanel } from './GrantsPanel';
import { SettingsTab } from './SettingsTab';
import { SitesTab } from './SitesTab';
import type { Device, RoleGrant, UserAccount } from '@contract/shapes';
import { UsersPanel } from './UsersPanel';
import './admin.css';

type Tab = 'accounts' | 'sites' | 'settings';
const tabWords: Record<Tab, MessageKey> = { accounts: 'admin.tab.accounts', sites: 'admin.tab.sites', settings: 'admin.tab.settings' };

/**
 * The administrator's screen, in three tabs: accounts and devices; the enrolment desks and issuance
 * centres; the settings safe to change live (identity card rules, police stations). A tab shows to
 * those whose permissions it needs.
 */
export function AdminScreen() {
  const i18n = useI18n();
  const id = useId();
  const tabs: readonly Tab[] = [
    'accounts',
    ...(store.can('identity.manage') ? (['sites'] as const) : []),
    ...(store.can('identity.manage') || store.can('unit.manage') ? (['settings'] as const) : []),
  ];
  const [tab, setTab] = useState<Tab>('accounts');
  // A tab opened once stays mounted, hidden: its half-typed forms and what it learnt wait for the return.
  const [opened, setOpened] = useState<ReadonlySet<Tab>>(() => new Set(['accounts']));
  const open = (next: Tab) => {
    setTab(next);
    setOpened((before) => (before.has(next) ? before : new Set([...before, next])));
  };
  const buttons = useRef(new Map<Tab, HTMLButtonElement>());
  /** Arrows move along the tabs in reading order (right to left in Arabic); Home and End go to the ends. */
  const onKeyDown = (event: KeyboardEvent) => {
    const forward = i18n.dir === 'rtl' ? 'ArrowLeft' : 'ArrowRight';
    const back = i18n.dir === 'rtl' ? 'ArrowRight' : 'ArrowLeft';
    const at = tabs.indexOf(tab);
    const next =
      event.key === forward ? tabs[(at + 1) % tabs.length] : event.key === back ? tabs[(at - 1 + tabs.length) % tabs.length] : event.key === 'Home' ? tabs[0] : event.key === 'End' ? tabs.at(-1) : undefined;
    if (next === undefined) return;
    event.preventDefault();
    open(next);
    buttons.current.get(next)?.focus();
  };
  return (
    <div className="admin-screen" data-testid="admin">
      {tabs.length > 1 && (
        <div className="tabs admin-tabs" role="tablist" aria-label={i18n.t('admin.screen')} onKeyDown={onKeyDown}>
          {tabs.map((t) => (
            <button
              key={t}
              type="button"
              role="tab"
              id={`${id}-${t}`}
              ref={(button) => void (button === null ? buttons.current.delete(t) : buttons.current.set(t, button))}
              aria-selected={tab === t}
              aria-controls={`${id}-${t}-panel`}
              tabIndex={tab === t ? 0 : -1}
              className={tab === t ? '' : 'secondary'}
              onClick={() => open(t)}
              data-testid={`admin-tab-${t}`}
            >
              {i18n.t(tabWords[t])}
            </button>
          ))}
        </div>
      )}
      {tabs
        .filter((t) => opened.has(t))
        .map((t) => (
          <div key={t} className="admin-tab-panel" role="tabpanel" id={`${id}-${t}-panel`} aria-labelledby={`${id}-${t}`} hidden={t !== tab}>
            {t === 'accounts' ? <AccountsTab /> : t === 'sites' ? <SitesTab /> : <SettingsTab />}
          </div>
        ))}
    </div>
  );
}

/**
 * Accounts (create, roles, disable, passwords, second factor, sessions), the roles waiting for a second
 * administrator, and the devices' tokens. Everything is asked again when `/live` reports an event on a
 * user's or a device's stream.
 */
function AccountsTab() {
  const [showDisabled, setShowDisabled] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const users = useResource<UserAccount[]>(`/users${query({ includeDisabled: showDisabled || undefined })}`, ['user/']);
  const grants = useResource<RoleGrant[]>('/role-grants?status=pending', ['user/']);
  const devices = useResource<Device[]>(store.can('device.read') ? '/devices' : null, ['device/']);
  const account = users.data?.find((user) => user.id === selected);
  const refresh = () => {
    users.reload();
    grants.reload();
  };
  return (
    <div className="admin-page" data-testid="admin-accounts">
      <div className="admin-column">
        <UsersPanel users={users} showDisabled={showDisabled} onShowDisabled={setShowDisabled} selected={selected} onSelect={setSelected} />
        <DevicesPanel devices={devices} />
      </div>
      <div className="admin-column">
        {account !== undefined && <AccountDetail key={account.id} user={account} onChanged={refresh} onClose={() => setSelected(null)} />}
        <GrantsPanel grants={grants} onChanged={refresh} />
      </div>
    </div>
  );
}
