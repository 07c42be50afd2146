import type { Assignment } from '@contract/shapes';
import { useResource } from '../../useResource';
import { openAssignment } from './openAssignment';

/**
 * The unit's open assignment to its incident (`GET /incidents/{n}/units`), asked again whenever the
 * unit or the incident has news on `/live` (an acknowledgement, a release, another unit sent).
 */
export function useAssignment(callSign: string, incident: string | null): { assignment: Assignment | null | undefined; reload: () => void } {
  const topics = incident === null ? [] : [`unit/${callSign}`, { stream: `incident/${incident}`, types: ['incident.unit_'] }];
  // Kept with the path it answers for, so another incident's answer is never shown for this one.
  const { data, reload } = useResource<Assignment[]>(incident === null ? null : `/incidents/${encodeURIComponent(incident)}/units`, topics);
  // undefined: not known yet; null: no open assignment.
  return { assignment: data === undefined ? undefined : openAssignment(data, callSign), reload };
}
