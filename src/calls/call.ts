import { Type, type Static } from 'typebox';
import { DomainError } from '../core/errors.js';
import { Closed, Line, Timestamp, Uuid } from '../core/schema.js';

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

export function nextCallStatus(callId: string, status: CallStatus, action: CallAction): CallStatus {
  const next = callTransitions[status][action];
  if (next === undefined) {
    const allowed = Object.keys(callTransitions[status]);
    throw new DomainError('invalid_transition', `call ${callId} is \`${status}\`; ${action} is not allowed; allowed actions: ${allowed.join(', ') || 'none'}`, {
      allowed,
    });
  }
  return next;
}

/**
 * A call-taker's availability, as the automatic call distribution sees it. After a call ends (the caller
 * hung up, or the call-taker ended it) comes the wrap-up: no call is offered until the call-taker says
 * ready (or not ready).
 */
export const CallTakerState = { loggedOut: 'logged_out', ready: 'ready', notReady: 'not_ready', onCall: 'on_call', wrapUp: 'wrap_up' } as const;
export type CallTakerState = (typeof CallTakerState)[keyof typeof CallTakerState];

export function callStream(id: string): string {
  return `call/${id}`;
}

const LatLonFields = {
  lat: Type.Number({ minimum: -90, maximum: 90, 'x-expected': 'a latitude from -90 to 90' }),
  lon: Type.Number({ minimum: -180, maximum: 180, 'x-expected': 'a longitude from -180 to 180' }),
};

/** A location as the network or a person gives it: a point with an uncertainty radius. */
export const CallLocationInput = Closed({
  ...LatLonFields,
  radiusM: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100_000, 'x-expected': 'metres, above 0' })),
});

/** A caller location kept on the call, with where it came from. */
export const CallLocation = Type.Object({
  source: Type.String(),
  lat: Type.Optional(Type.Number()),
  lon: Type.Optional(Type.Number()),
  radiusM: Type.Optional(Type.Number()),
  civic: Type.Optional(Type.Record(Type.String(), Type.String())),
  method: Type.Optional(Type.String()),
  at: Timestamp,
});
export type CallLocation = Static<typeof CallLocation>;

/** The telephony's identifier of a call, as it reports it. */
export const TelephonyCallId = Type.String({ pattern: '^[A-Za-z0-9._:@-]{1,100}$', 'x-expected': 'letters, digits and . _ : @ -, up to 100 characters' });

export const RingReport = Closed({
  callId: TelephonyCallId,
  callerNumber: Type.String({ pattern: '^\\+?[0-9]{2,20}$', 'x-expected': 'a telephone number: digits, optionally after +' }),
  trunk: Type.String({ pattern: '^[A-Za-z0-9._-]{1,40}$', 'x-expected': 'a trunk name: letters, digits, . _ -' }),
  /** Network location: lat/lon with uncertainty, or a PIDF-LO document (RFC 4119). */
  location: Type.Optional(CallLocationInput),
  pidfLo: Type.Optional(Type.String({ maxLength: 64 * 1024 })),
  /** A callback marked urgent jumps ahead of the queue. */
  urgentCallback: Type.Optional(Type.Boolean()),
});
export type RingReport = Static<typeof RingReport>;

export const Call = Closed({
  id: Uuid,
  callId: Type.String(),
  callerNumber: Type.String(),
  trunk: Type.String(),
  status: Type.Enum(Object.values(CallStatus)),
  urgent: Type.Boolean(),
  callTaker: Type.Union([Type.String(), Type.Null()]),
  rangAt: Timestamp,
  answeredAt: Type.Union([Timestamp, Type.Null()]),
  endedAt: Type.Union([Timestamp, Type.Null()]),
  transferredTo: Type.Union([Type.String(), Type.Null()]),
  /** As the network gave it; never replaced. */
  networkLocation: Type.Union([CallLocation, Type.Null()]),
  /** Given later by the call-taker or another source, kept beside the network's. */
  supplementalLocations: Type.Array(CallLocation),
  incident: Type.Union([Type.String(), Type.Null()]),
  callbackDoneAt: Type.Union([Timestamp, Type.Null()]),
  waitingS: Type.Optional(Type.Number()),
});
export type Call = Static<typeof Call>;

export const TransferReport = Closed({ to: Line({ maxLength: 60, description: 'where the call went: civil-protection, 15, 150...' }) });
