import type { UnitStatus } from './unit.js';

/** The units module's events, on the stream `unit/{call sign}`. */
export interface UnitEvents {
  /** A unit was created at a station. */
  'unit.created': { kind: string; station: string; capabilities: string[]; crew: string[]; device: string | null };
  /** A unit's station, capabilities, crew or device changed: only the fields that changed. */
  'unit.changed': { kind?: string; station?: string; capabilities?: string[]; crew?: string[]; device?: string | null };
  /** A unit's status changed (by its crew, a dispatcher or the system). */
  'unit.status_changed': { from: UnitStatus; to: UnitStatus; reason?: string; incident?: string };
  /** A unit was dispatched to an incident, with the road time estimated. */
  'unit.dispatched': { incident: string; priority: string; from: UnitStatus; etaS?: number };
  /** A unit was released from its incident. */
  'unit.released': { incident: string; from: UnitStatus; to: UnitStatus; reason: string };
}
