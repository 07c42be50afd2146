import { lifecycle } from './lifecycle.js';

/**
 * An incident's lifecycle and the rules the console applies as the server does: the status table, which
 * actions each status allows, what counts as open, how priorities rank and how long each may wait.
 */

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

const incidentLifecycle = lifecycle(incidentTransitions);

/** The actions allowed in `status`, in the table's order. */
export function allowedActions(status: IncidentStatus): IncidentAction[] {
  return incidentLifecycle.allowed(status);
}

/**
 * The status after `action`, or a refusal that names the allowed actions:
 * "incident CASA-2026-000123 is `closed`; allowed actions: reopen".
 */
export function nextStatus(number: string, status: IncidentStatus, action: IncidentAction): IncidentStatus {
  return incidentLifecycle.check(`incident ${number}`, status, action);
}

/** Whether an incident is still being handled: neither closed nor cancelled. */
export function isOpen(status: IncidentStatus): boolean {
  return status !== S.closed && status !== S.cancelled;
}

/** The statuses of an incident still being handled, in the lifecycle's order. */
export const openIncidentStatuses: readonly IncidentStatus[] = Object.values(IncidentStatus).filter(isOpen);

/** The statuses of an incident no longer handled (a supervisor may reopen it). */
export const closedIncidentStatuses: readonly IncidentStatus[] = Object.values(IncidentStatus).filter((status) => !isOpen(status));

/** P1: a life is threatened now; P2: urgent; P3: needs a unit, not urgently; P4: no unit needed soon. */
export const Priority = { p1: 'P1', p2: 'P2', p3: 'P3', p4: 'P4' } as const;
export type Priority = (typeof Priority)[keyof typeof Priority];

/** The priorities, most urgent first. */
export const priorities: readonly Priority[] = Object.values(Priority);

/** A priority's place in the order, 0 for the most urgent (P1): `priorityRank('P3') > priorityRank('P1')`. */
export function priorityRank(priority: Priority): number {
  return priorities.indexOf(priority);
}

/** Orders incidents most urgent first, then the oldest first (a sort's comparison). */
export function byPriorityThenAge(a: { priority: Priority; createdAt: string }, b: { priority: Priority; createdAt: string }): number {
  return priorityRank(a.priority) - priorityRank(b.priority) || a.createdAt.localeCompare(b.createdAt);
}

/** Seconds an incident may wait for a unit, by priority, before the dispatcher's timer turns red. */
export const dispatchTargetS: Readonly<Record<Priority, number>> = { P1: 90, P2: 180, P3: 600, P4: 1_800 };

/** What a unit can do, matched against what an incident needs. */
export const Capability = {
  armed: 'armed',
  traffic: 'traffic',
  canine: 'canine',
  eod: 'eod',
  robot: 'robot',
  intervention: 'intervention',
  womenAndChildren: 'women-and-children',
  investigation: 'investigation',
} as const;
export type Capability = (typeof Capability)[keyof typeof Capability];

/** What a call-taker may flag on an incident, and an answer may set. */
export const IncidentFlag = { weapons: 'weapons', hazards: 'hazards', children: 'children' } as const;
export type IncidentFlag = (typeof IncidentFlag)[keyof typeof IncidentFlag];
