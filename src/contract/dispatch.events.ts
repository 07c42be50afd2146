import type { UnitKind } from './unit.js';

/** The dispatch module's events: assignments on `incident/{number}`, acknowledgements on `unit/{call sign}`. */
export interface DispatchEvents {
  /** A unit was assigned to the incident (`etaS`: the road time estimated). */
  'incident.unit_assigned': { unit: string; kind: UnitKind; etaS?: number; reason?: string };
  /** An assignment made by mistake was undone. */
  'incident.assignment_undone': { unit: string; reason: string; assignedAt: string };
  /** A unit was released from the incident. */
  'incident.unit_released': { unit: string; reason: string };
  /** The unit's crew acknowledged its dispatch. */
  'unit.acknowledged': { incident: string };
}
