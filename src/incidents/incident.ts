import { Type, type Static } from 'typebox';
import { Flags, Point } from '../contract/incident.schema.js';
import { Closed, Line, Text } from '../core/schema.js';

// The lifecycle and the shapes are the contract's, shared with the console.
export {
  IncidentAction,
  IncidentStatus,
  actionsNeedingReason,
  allowedActions,
  closedIncidentStatuses,
  incidentTransitions,
  isOpen,
  nextStatus,
  openIncidentStatuses,
} from '../contract/incident.js';
export { Flags, Incident, IncidentNumber, NearbyIncident, Note, Point } from '../contract/incident.schema.js';

/** The stream of an incident's events: its timeline. */
export function incidentStream(number: string): string {
  return `incident/${number}`;
}

/** `CASA-2026-000123`: the city's code, the year, a number counted per city and year. */
export function formatIncidentNumber(city: string, year: number, sequence: number): string {
  return `${city}-${year}-${String(sequence).padStart(6, '0')}`;
}


export const NewIncident = Closed({
  type: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', 'x-expected': 'an incident type code such as assault' }),
  answers: Type.Optional(
    Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }), Type.Union([Type.Boolean(), Type.String({ maxLength: 40 })]), {
      maxProperties: 20,
      description: "Answers to the type's questionnaire: question id to true/false (a yes-no question) or the id of the option chosen",
    }),
  ),
  location: Point,
  address: Type.Optional(Line({ maxLength: 300 })),
  summary: Line({ maxLength: 500, description: 'what the caller reports, in one line' }),
  flags: Type.Optional(Type.Partial(Flags, { description: 'Flags known from the start; those left out are false' })),
});
export type NewIncident = Static<typeof NewIncident>;

export const NoteText = Text({ maxLength: 4_000, description: 'a narrative note; notes are never edited, only added' });
