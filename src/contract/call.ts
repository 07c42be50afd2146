import { lifecycle } from './lifecycle.js';

/** A line-19 call's statuses and lifecycle, and a call-taker's states, as server and console know them. */

/** Where a line-19 call stands. */
export const CallStatus = {
  ringing: 'ringing',
  answered: 'answered',
  transferred: 'transferred',
  ended: 'ended',
  abandoned: 'abandoned',
} as const;
export type CallStatus = (typeof CallStatus)[keyof typeof CallStatus];

export const CallAction = { answer: 'answer', transfer: 'transfer', hangup: 'hangup' } as const;
export type CallAction = (typeof CallAction)[keyof typeof CallAction];

/**
 * The call lifecycle, in one table. A call hung up while ringing is abandoned (it goes to the callback
 * list); one hung up after it was answered has ended.
 */
export const callTransitions: Readonly<Record<CallStatus, Partial<Record<CallAction, CallStatus>>>> = {
  ringing: { answer: 'answered', hangup: 'abandoned' },
  answered: { transfer: 'transferred', hangup: 'ended' },
  transferred: { hangup: 'ended' },
  ended: {},
  abandoned: {},
};

const callLifecycle = lifecycle(callTransitions);

/** The status after `action`, or a refusal naming what is allowed. */
export function nextCallStatus(callId: string, status: CallStatus, action: CallAction): CallStatus {
  return callLifecycle.check(`call ${callId}`, status, action);
}

/**
 * A call-taker's availability, as the automatic call distribution sees it. After a call ends (the caller
 * hung up, or the call-taker ended it) comes the wrap-up: no call is offered until the call-taker says
 * ready (or not ready).
 */
export const CallTakerState = { loggedOut: 'logged_out', ready: 'ready', notReady: 'not_ready', onCall: 'on_call', wrapUp: 'wrap_up' } as const;
export type CallTakerState = (typeof CallTakerState)[keyof typeof CallTakerState];
