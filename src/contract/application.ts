import { lifecycle } from './lifecycle.js';

/**
 * Card applications: their kinds, their lifecycle in one table, and the rules (fees, validity, quality
 * thresholds) that are data, edited by `identity.manage`, not code. Pure.
 */

export const ApplicationKind = {
  firstCard: 'first_card',
  renewal: 'renewal',
  /** After a loss or a theft: needs the reference of the declaration made to the police. */
  replacement: 'replacement',
  changeOfData: 'change_of_data',
} as const;

export type ApplicationKind = (typeof ApplicationKind)[keyof typeof ApplicationKind];

export const ApplicationStatus = {
  submitted: 'submitted',
  enrolled: 'enrolled',
  checked: 'checked',
  /** Sent to an officer: a check flagged it, or a clerk asked. */
  referred: 'referred',
  approved: 'approved',
  rejected: 'rejected',
  inProduction: 'in_production',
  produced: 'produced',
  sentToStation: 'sent_to_station',
  ready: 'ready',
  delivered: 'delivered',
} as const;

export type ApplicationStatus = (typeof ApplicationStatus)[keyof typeof ApplicationStatus];

export const ApplicationAction = {
  enrol: 'enrol',
  check: 'check',
  refer: 'refer',
  approve: 'approve',
  reject: 'reject',
  schedule: 'schedule',
  /** Its centre went offline before producing it: back to the queue. */
  requeue: 'requeue',
  produce: 'produce',
  ship: 'ship',
  receive: 'receive',
  deliver: 'deliver',
} as const;

export type ApplicationAction = (typeof ApplicationAction)[keyof typeof ApplicationAction];

const S = ApplicationStatus;

/**
 * The lifecycle, in one table: submitted -> enrolled -> checked -> approved (or rejected with a reason,
 * or referred to an officer who approves or rejects) -> in production -> produced -> sent to the station
 * -> ready -> delivered. An application scheduled at a centre that goes offline returns to approved.
 */
export const applicationTransitions: Readonly<Record<ApplicationStatus, Partial<Record<ApplicationAction, ApplicationStatus>>>> = {
  submitted: { enrol: S.enrolled, reject: S.rejected },
  enrolled: { check: S.checked },
  checked: { approve: S.approved, reject: S.rejected, refer: S.referred },
  referred: { approve: S.approved, reject: S.rejected },
  approved: { schedule: S.inProduction },
  in_production: { produce: S.produced, requeue: S.approved },
  produced: { ship: S.sentToStation },
  sent_to_station: { receive: S.ready },
  ready: { deliver: S.delivered },
  delivered: {},
  rejected: {},
};

/** Actions that must say why (journaled with the reason). */
export const applicationActionsNeedingReason: ReadonlySet<ApplicationAction> = new Set([ApplicationAction.reject, ApplicationAction.refer]);

const applicationLifecycle = lifecycle(applicationTransitions);

export function allowedApplicationActions(status: ApplicationStatus): ApplicationAction[] {
  return applicationLifecycle.allowed(status);
}

/**
 * The status after `action`, or a refusal naming what is allowed:
 * "application CNIE-2026-0000001 is `submitted`; approve is not allowed; allowed actions: enrol, reject".
 */
export function nextApplicationStatus(number: string, status: ApplicationStatus, action: ApplicationAction): ApplicationStatus {
  return applicationLifecycle.check(`application ${number}`, status, action);
}

/** Statuses of an application still in progress (a person holds at most one). */
export const finishedStatuses: readonly ApplicationStatus[] = [S.delivered, S.rejected];

export const DeclarationKind = { lost: 'lost', stolen: 'stolen' } as const;

export type DeclarationKind = (typeof DeclarationKind)[keyof typeof DeclarationKind];

/** The deduplication checks run on every enrolment. */
export const CheckKind = { biometric: 'biometric', demographic: 'demographic' } as const;

export type CheckKind = (typeof CheckKind)[keyof typeof CheckKind];

/** Every status of an application, in the lifecycle's order. */
export const applicationStatuses: readonly ApplicationStatus[] = Object.values(ApplicationStatus);

/** Every kind of application. */
export const applicationKinds: readonly ApplicationKind[] = Object.values(ApplicationKind);
