import { store } from '../../store';
import { useResource } from '../../useResource';
import { RulesPanel } from './RulesPanel';
import { StationsPanel } from './StationsPanel';
import type { Station } from '@contract/shapes';

/** The settings safe to change while the centre runs: the identity card rules, and the police stations. */
export function SettingsTab() {
  const stations = useResource<Station[]>(store.can('unit.read') ? '/stations' : null, ['station/']);
  return (
    <div className="admin-page" data-testid="admin-settings">
      <div className="admin-column">{store.can('identity.manage') && <RulesPanel />}</div>
      <div className="admin-column">{store.can('unit.read') && <StationsPanel stations={stations} />}</div>
    </div>
  );
}
