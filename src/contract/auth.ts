/**
 * The second factor: time-based one-time passwords (RFC 6238) as every authenticator app computes them,
 * HMAC-SHA-1, 6 digits, a 30-second step. A code is taken from the step before to the step after the
 * server's (a phone's clock may be half a minute off), and each step's code once only.
 */
export const TotpParameters = { algorithm: 'SHA1', digits: 6, period: 30, window: 1 } as const;

/** Where a person's second factor stands: none, enrolment started (not yet confirmed), or active. */
export const TotpState = { none: 'none', pending: 'pending', active: 'active' } as const;

export type TotpState = (typeof TotpState)[keyof typeof TotpState];
