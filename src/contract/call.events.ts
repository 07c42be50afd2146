/** Where the network says a caller is (Advanced Mobile Location, a cell, a civic address). */
export type CallLocation = {
  lat?: number;
  lon?: number;
  radiusM?: number;
  civic?: Record<string, string>;
  method?: string;
  at: string;
  source: string;
};

/** The calls module's events: `call/{id}`, `call-taker/{username}`, and the link on `incident/{number}`. */
export interface CallEvents {
  /** A call reached the centre and rings. */
  'call.ringing': { callerNumber: string; trunk: string; urgent: boolean; location: CallLocation | null };
  /** A call-taker answered, after `waitedS` seconds of ringing. */
  'call.answered': { callTaker: string; waitedS: number };
  /** The call was transferred to another service. */
  'call.transferred': { to: string };
  /** The caller hung up before anyone answered. */
  'call.abandoned': { callerNumber: string };
  /** The call ended, hung up by `endedBy`. */
  'call.ended': { callerNumber: string; endedBy?: string };
  /** The network sent a new location for the caller. */
  'call.location_added': CallLocation;
  /** The call was linked to an incident. */
  'call.linked': { incident: string };
  /** A call-taker called an abandoned caller back. */
  'call.callback_done': Record<string, never>;
  /** A call-taker's state changed (ready, not ready, on a call, wrap-up, logged out). */
  'call_taker.state_changed': { from: string; to: string };
  /** A call was linked to the incident. */
  'incident.call_linked': { callId: string; callerNumber: string; answeredAt: string | null };
}
