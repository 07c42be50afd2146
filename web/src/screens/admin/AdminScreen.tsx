import { useState } from 'react';
import { query } from '../../api';
import { store } from '../../store';
import { useResource } from '../identity/useResource';
import { AccountDetail } from './AccountDetail';
import { DevicesPanel } from './DevicesPanel';
import { GrantsPanel } from './GrantsPanel';
import type { Device, RoleGrant, UserAccount } from './types';
import { UsersPanel } from './UsersPanel';
import './admin.css';

/**
 * The administrator's screen: accounts (create, roles, disable, passwords, second factor, sessions), the
 * roles waiting for a second administrator, and the devices' tokens. Everything is asked again when
 * `/live` reports an event on a user's or a device's stream.
 */
export function AdminScreen() {
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
    <div className="admin-page" data-testid="admin">
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
