import { useCallback, useEffect, useState } from 'react';
import { get } from '../../api';
import type { Assignment } from '@contract/shapes';
import { store } from '../../store';

/**
 * The unit's open assignment to its incident (`GET /incidents/{n}/units`), asked again whenever the
 * unit or the incident has news on `/live` (an acknowledgement, a release, another unit sent).
 */
export function useAssignment(callSign: string, incident: string | null): { assignment: Assignment | null | undefined; reload: () => void } {
  // Kept with what it answers for, so another incident's answer is never shown for this one.
  const key = `${callSign} ${incident}`;
  const [found, setFound] = useState<{ key: string; assignment: Assignment | null }>({ key: '', assignment: null });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    if (incident === null) return;
    let live = true;
    const load = () =>
      void get<Assignment[]>(`/incidents/${encodeURIComponent(incident)}/units`).then(
        (all) => live && setFound({ key: `${callSign} ${incident}`, assignment: all.filter((a) => a.callSign === callSign && a.releasedAt === null).at(-1) ?? null }),
        () => undefined,
      );
    load();
    const off = store.onEvent((event) => {
      if (event.stream === `unit/${callSign}` || (event.stream === `incident/${incident}` && event.type.startsWith('incident.unit_'))) load();
    });
    return () => {
      live = false;
      off();
    };
  }, [callSign, incident, generation]);

  // undefined: not known yet; null: no open assignment.
  return { assignment: found.key === key ? found.assignment : undefined, reload };
}
