import { Type, type Static } from 'typebox';
import { Closed, Line } from '../core/schema.js';

// The lifecycle and the shapes answered are the contract's, shared with the console.
export { CallAction, CallStatus, CallTakerState, callTransitions, nextCallStatus } from '../contract/call.js';
export { Call, CallLocation } from '../contract/call.schema.js';

export function callStream(id: string): string {
  return `call/${id}`;
}

const LatLonFields = {
  lat: Type.Number({ minimum: -90, maximum: 90, 'x-expected': 'a latitude from -90 to 90' }),
  lon: Type.Number({ minimum: -180, maximum: 180, 'x-expected': 'a longitude from -180 to 180' }),
};

/** A location as the network or a person gives it: a point with an uncertainty radius. */
export const CallLocationInput = Closed(
  {
    ...LatLonFields,
    radiusM: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100_000, 'x-expected': 'metres, above 0', description: 'The uncertainty: the caller is within this many metres' })),
  },
  { description: 'A point with an uncertainty radius, as the network or a person gives it' },
);

/** The telephony's identifier of a call, as it reports it. */
export const TelephonyCallId = Type.String({ pattern: '^[A-Za-z0-9._:@-]{1,100}$', 'x-expected': 'letters, digits and . _ : @ -, up to 100 characters' });

export const RingReport = Closed({
  callId: TelephonyCallId,
  callerNumber: Type.String({ pattern: '^\\+?[0-9]{2,20}$', 'x-expected': 'a telephone number: digits, optionally after +' }),
  trunk: Type.String({ pattern: '^[A-Za-z0-9._-]{1,40}$', 'x-expected': 'a trunk name: letters, digits, . _ -' }),
  /** Network location: lat/lon with uncertainty, or a PIDF-LO document (RFC 4119). */
  location: Type.Optional(CallLocationInput),
  pidfLo: Type.Optional(Type.String({ maxLength: 64 * 1024, description: 'The network location as a PIDF-LO document (RFC 4119): a point or a circle; instead of location' })),
  urgentCallback: Type.Optional(Type.Boolean({ description: 'A callback marked urgent jumps ahead of the queue' })),
});
export type RingReport = Static<typeof RingReport>;

export const TransferReport = Closed({ to: Line({ maxLength: 60, description: 'where the call went: civil-protection, 15, 150...' }) });
