import { Type, type Static } from 'typebox';
import { DomainError } from '../core/errors.js';
import { Closed, Line, Text, Timestamp, Uuid } from '../core/schema.js';

/** Where an incident stands. */
export const IncidentStatus = {
  new: 'new',
  dispatched: 'dispatched',
  enRoute: 'en_route',
  onScene: 'on_scene',
  cleared: 'cleared',
  closed: 'closed',
  cancelled: 'cancelled',
} as const;
export type IncidentStatus = (typeof IncidentStatus)[keyof typeof IncidentStatus];

/** What can happen to an incident's status. */
export const IncidentAction = {
  dispatch: 'dispatch',
  enRoute: 'en_route',
  arrive: 'arrive',
  clear: 'clear',
  close: 'close',
  cancel: 'cancel',
  reopen: 'reopen',
  /** Every unit was taken off the incident before it arrived: back to waiting for one. */
  recall: 'recall',
  /** The dispatch of a cleared incident was undone at once (a slip): cleared again, as it was. */
  reclear: 'reclear',
} as const;
export type IncidentAction = (typeof IncidentAction)[keyof typeof IncidentAction];

const S = IncidentStatus;

/**
 * The lifecycle, in one table: for each status, the actions allowed and where each leads.
 * new -> dispatched -> en route -> on scene -> cleared -> closed; an open incident can be cancelled
 * (with a reason); a closed or cancelled one can be reopened by a supervisor; an incident handled
 * without a unit (transferred, advice given) can be closed from new, with a reason; an incident whose
 * units were all taken off before arriving is recalled to new; a cleared incident whose new dispatch was
 * undone is cleared again.
 */
export const incidentTransitions: Readonly<Record<IncidentStatus, Partial<Record<IncidentAction, IncidentStatus>>>> = {
  new: { dispatch: S.dispatched, close: S.closed, cancel: S.cancelled },
  dispatched: { en_route: S.enRoute, arrive: S.onScene, recall: S.new, reclear: S.cleared, cancel: S.cancelled },
  en_route: { arrive: S.onScene, recall: S.new, cancel: S.cancelled },
  on_scene: { clear: S.cleared, cancel: S.cancelled },
  cleared: { close: S.closed, dispatch: S.dispatched },
  closed: { reopen: S.new },
  cancelled: { reopen: S.new },
};

/** Actions that must say why (journaled with the reason). */
export const actionsNeedingReason: ReadonlySet<IncidentAction> = new Set(['cancel', 'reopen', 'recall', 'reclear']);

/** The actions allowed in `status`, in the table's order. */
export function allowedActions(status: IncidentStatus): IncidentAction[] {
  return Object.keys(incidentTransitions[status]) as IncidentAction[];
}

/**
 * The status after `action`, or a refusal that names the allowed actions:
 * "incident CASA-2026-000123 is `closed`; allowed actions: reopen".
 */
export function nextStatus(number: string, status: IncidentStatus, action: IncidentAction): IncidentStatus {
  const next = incidentTransitions[status][action];
  if (next === undefined) {
    const allowed = allowedActions(status);
    throw new DomainError(
      'invalid_transition',
      `incident ${number} is \`${status}\`; ${action} is not allowed; allowed actions: ${allowed.join(', ') || 'none'}`,
      { allowed },
    );
  }
  return next;
}

export function isOpen(status: IncidentStatus): boolean {
  return status !== S.closed && status !== S.cancelled;
}

/** The stream of an incident's events: its timeline. */
export function incidentStream(number: string): string {
  return `incident/${number}`;
}

/** `CASA-2026-000123`: the city's code, the year, a number counted per city and year. */
export function formatIncidentNumber(city: string, year: number, sequence: number): string {
  return `${city}-${year}-${String(sequence).padStart(6, '0')}`;
}

/** The year as Casablanca's clocks show it (the number's year turns at local midnight). */
export function localYear(at: Date, timeZone = 'Africa/Casablanca'): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }).format(at));
}

export const IncidentNumber = Type.String({
  pattern: '^[A-Z]{2,8}-[0-9]{4}-[0-9]{6,}$',
  'x-expected': 'an incident number such as CASA-2026-000123',
});

const PrioritySchema = Type.Enum(['P1', 'P2', 'P3', 'P4'], { 'x-expected': 'P1, P2, P3 or P4' });
const StatusSchema = Type.Enum(Object.values(IncidentStatus));

export const Flags = Closed({
  weapons: Type.Boolean(),
  hazards: Type.Boolean(),
  children: Type.Boolean(),
});
export type Flags = Static<typeof Flags>;

export const Point = Closed({
  lat: Type.Number({ minimum: -90, maximum: 90, 'x-expected': 'a latitude from -90 to 90' }),
  lon: Type.Number({ minimum: -180, maximum: 180, 'x-expected': 'a longitude from -180 to 180' }),
});

export const Incident = Closed({
  id: Uuid,
  number: IncidentNumber,
  type: Type.String(),
  priority: PrioritySchema,
  status: StatusSchema,
  location: Point,
  address: Type.Union([Type.String(), Type.Null()]),
  /** The code of the district (area) the incident lies in; null outside every district. */
  district: Type.Union([Type.String(), Type.Null()]),
  summary: Type.String(),
  capabilities: Type.Array(Type.String()),
  flags: Flags,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  allowedActions: Type.Array(Type.String()),
});
export type Incident = Static<typeof Incident>;

export const NewIncident = Closed({
  type: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', 'x-expected': 'an incident type code such as assault' }),
  /** Answers to the type's questionnaire (question id -> yes/no or option id). */
  answers: Type.Optional(Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }), Type.Union([Type.Boolean(), Type.String({ maxLength: 40 })]), { maxProperties: 20 })),
  location: Point,
  address: Type.Optional(Line({ maxLength: 300 })),
  summary: Line({ maxLength: 500, description: 'what the caller reports, in one line' }),
  flags: Type.Optional(Type.Partial(Flags)),
});
export type NewIncident = Static<typeof NewIncident>;

/** An incident near a place, with how far it is. */
export const NearbyIncident = Closed({
  number: IncidentNumber,
  type: Type.String(),
  status: StatusSchema,
  priority: PrioritySchema,
  summary: Type.String(),
  location: Point,
  createdAt: Timestamp,
  distanceM: Type.Number(),
});
export type NearbyIncident = Static<typeof NearbyIncident>;

export const NoteText = Text({ maxLength: 4_000, description: 'a narrative note; notes are never edited, only added' });

export const Note = Closed({ n: Type.Integer(), author: Type.String(), at: Timestamp, text: Type.String() });
export type Note = Static<typeof Note>;
