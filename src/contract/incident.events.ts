import type { EventPlace } from './event-json.js';
import type { IncidentStatus, Priority } from './incident.js';

/** An incident moved along its lifecycle (`from` its status before, `to` after). */
export type IncidentMoved = {
  from: string;
  to: IncidentStatus;
  reason?: string;
  /** How it ended, on `incident.closed`. */
  disposition?: string;
};

/**
 * The incidents module's events, on the stream `incident/{number}` (and the catalogue of incident
 * types, `incident-types/catalogue`). Other modules record more on an incident's stream: calls, units
 * assigned, cordons, camera alarms (see their catalogues).
 */
export interface IncidentEvents {
  /** An incident was opened: its type, priority, place and flags. */
  'incident.created': {
    flags: { weapons: boolean; hazards: boolean; children: boolean };
    type: string;
    priority: Priority;
    capabilities: string[];
    location: EventPlace;
    address: string | null;
    district: string | null;
    summary: string;
    /** The call-taker's answers, for an incident opened from a call. */
    answers?: { [question: string]: boolean | string };
    /** Where it came from, for an incident received from another centre. */
    source?: { [field: string]: string };
  };
  /** The first unit was dispatched. */
  'incident.dispatched': IncidentMoved;
  /** A unit is on its way. */
  'incident.en_route': IncidentMoved;
  /** A unit arrived on scene. */
  'incident.on_scene': IncidentMoved;
  /** The units cleared the scene. */
  'incident.cleared': IncidentMoved;
  /** The incident was closed, with its disposition. */
  'incident.closed': IncidentMoved;
  /** The incident was cancelled, with the reason. */
  'incident.cancelled': IncidentMoved;
  /** A closed or cancelled incident was reopened. */
  'incident.reopened': IncidentMoved;
  /** Units were recalled to a cleared incident. */
  'incident.recalled': IncidentMoved;
  /** A recalled incident was cleared again. */
  'incident.recleared': IncidentMoved;
  /** The priority was changed, with the reason. */
  'incident.priority_changed': { from: string; to: Priority; reason: string };
  /** Flags (weapons, hazards, children) were changed: only those that changed. */
  'incident.flags_changed': { weapons?: boolean; hazards?: boolean; children?: boolean };
  /** A note was added (`n` counts the incident's notes). */
  'incident.note_added': { n: number; text: string };
  /** The catalogue of incident types was replaced: the codes added, removed and changed. */
  'incident_types.replaced': { added: string[]; removed: string[]; changed: string[]; count: number };
}
