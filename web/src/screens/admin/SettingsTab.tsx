import { store } from '../../store';
import { useResource } from '../../useResource';
import { PermitChecklistPanel } from './PermitChecklistPanel';
import { RulesPanel } from './RulesPanel';
import { StationsPanel } from './StationsPanel';
import type { Station } from '@contract/shapes';

/** The settings safe to change while the centre runs: the identity card rules, the residence permits' checklists, and the police stations. */
export function SettingsTab() {
  const stations = useResource<Station[]>(store.can('unit.read') ? '/stations' : null, ['station/']);
  return (
    <div className="admin-page" data-testid="admin-settings">
      <div className="admin-column">
        {store.can('identity.manage') && <RulesPanel />}
        {store.can('identity.manage') && <PermitChecklistPanel />}
      </div>
      <div className="admin-column">{store.can('unit.read') && <StationsPanel stations={stations} />}</div>
    </div>
  );
}
