import { Type, type Static } from 'typebox';
import { CallStatus, CallTakerState } from './call.js';
import { Closed, Timestamp, Uuid } from './schema.js';

/** The shapes of a call as the API answers them. */

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

/** A call-taker on the supervisor's board (`GET /call-takers`): their state, since when, and the call in hand. */
export const CallTakerOnBoard = Closed({
  username: Type.String(),
  state: Type.Enum(Object.values(CallTakerState)),
  since: Timestamp,
  /** The call in hand (`on_call`, `wrap_up`), by the telephony's call id, else null. */
  callId: Type.Union([Type.String(), Type.Null()]),
});
export type CallTakerOnBoard = Static<typeof CallTakerOnBoard>;
