import { useState } from 'react';
import { store } from '../../store';
import { useResource } from '../../useResource';
import { CentresPanel } from './CentresPanel';
import { DeskEditor } from './DeskEditor';
import { DesksPanel } from './DesksPanel';
import { phrase, useNotice } from './parts';
import type { Desk, Station } from '@contract/shapes';

/**
 * Where identity cards are asked for and made: the enrolment desks with, under them, the desk being
 * opened or changed; beside them, the issuance centres. Desks' events are the auditors' to see live, so
 * the list is asked again after each change made here.
 */
export function SitesTab() {
  const desks = useResource<Desk[]>('/identity/desks');
  const stations = useResource<Station[]>(store.can('unit.read') ? '/stations' : null, ['station/']);
  const [selected, setSelected] = useState<string | 'new' | null>(null);
  const { notice, say } = useNotice();
  const desk = selected === null || selected === 'new' ? undefined : desks.data?.find((d) => d.code === selected);
  const saved = (answer: Desk, opened: boolean) => {
    setSelected(answer.code);
    say((words) => phrase(words, opened ? 'admin.desk.opened' : 'admin.desk.changed', { code: answer.code }));
    desks.reload();
  };
  return (
    <div className="admin-page" data-testid="admin-sites">
      <div className="admin-column">
        <DesksPanel desks={desks} notice={notice} selected={selected} onSelect={setSelected} />
        {(selected === 'new' || desk !== undefined) && (
          <DeskEditor key={desk === undefined ? 'new' : JSON.stringify(desk)} desk={desk} stations={stations.data ?? []} onSaved={saved} onClose={() => setSelected(null)} />
        )}
      </div>
      <div className="admin-column">
        <CentresPanel />
      </div>
    </div>
  );
}
