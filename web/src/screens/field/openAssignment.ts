import type { Assignment } from '@contract/shapes';

/** The unit's assignment still open among an incident's (the latest, should there be two), or null. */
export function openAssignment(assignments: readonly Assignment[], callSign: string): Assignment | null {
  return assignments.filter((a) => a.callSign === callSign && a.releasedAt === null).at(-1) ?? null;
}
