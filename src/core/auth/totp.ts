import { Secret, TOTP } from 'otpauth';
import { Type, type Static } from 'typebox';
import { Closed, Timestamp } from '../schema.js';

/**
 * The second factor: time-based one-time passwords (RFC 6238) as every authenticator app computes them,
 * HMAC-SHA-1, 6 digits, a 30-second step. A code is taken from the step before to the step after the
 * server's (a phone's clock may be half a minute off), and each step's code once only.
 */
export const TotpParameters = { algorithm: 'SHA1', digits: 6, period: 30, window: 1 } as const;

/** Where a person's second factor stands: none, enrolment started (not yet confirmed), or active. */
export const TotpState = { none: 'none', pending: 'pending', active: 'active' } as const;
export type TotpState = (typeof TotpState)[keyof typeof TotpState];

/** A code as the person reads it from the app: six digits. */
export const TotpCode = Type.String({ pattern: '^[0-9]{6}$', 'x-expected': 'the 6 digits the authenticator app shows now' });

/** The answer to starting an enrolment: the secret to put in the app, as text and as an `otpauth://` URI (for a QR code). */
export const TotpEnrolment = Type.Object({
  /** Base32, as apps take it when typed. */
  secret: Type.String(),
  uri: Type.String(),
  algorithm: Type.Literal(TotpParameters.algorithm),
  digits: Type.Literal(TotpParameters.digits),
  period: Type.Literal(TotpParameters.period),
});
export type TotpEnrolment = Static<typeof TotpEnrolment>;

export const TotpConfirmation = Closed({ code: TotpCode });

/** A person's second factor as `GET /auth/me` describes it. */
export const SecondFactor = Type.Object({
  state: Type.Enum(Object.values(TotpState)),
  /** Since when it is active; null otherwise. */
  enrolledAt: Type.Union([Timestamp, Type.Null()]),
  /** This session may do nothing but enrol one: the person's roles ask for it and it has not been proved. */
  mustEnrol: Type.Boolean(),
});
export type SecondFactor = Static<typeof SecondFactor>;

/** A new random secret: 20 bytes (160 bits, RFC 4226's recommendation), in base32. */
export function newTotpSecret(): string {
  // otpauth draws them from node:crypto's randomBytes.
  return new Secret({ size: 20 }).base32;
}

/**
 * The `otpauth://` URI an app reads from a QR code, naming the centre and the account.
 * @example totpUri('JBSWY3DPEHPK3PXP', 'nadia', 'Amane') // otpauth://totp/Amane:nadia?issuer=Amane&secret=...
 */
export function totpUri(secret: string, account: string, issuer: string): string {
  return totpOf(secret, { label: account, issuer }).toString();
}

/** The code an app shows at `at` (tests and the browser journeys play the person's phone with it). */
export function totpCode(secret: string, at: Date): string {
  return totpOf(secret).generate({ timestamp: at.getTime() });
}

/** The time step a code was made for, when it matches one within a step of `at`; undefined otherwise. */
export function matchingStep(secret: string, code: string, at: Date): number | undefined {
  const delta = totpOf(secret).validate({ token: code, timestamp: at.getTime(), window: TotpParameters.window });
  return delta === null ? undefined : stepAt(at) + delta;
}

/** The time step of a moment: whole periods since the epoch. */
export function stepAt(at: Date): number {
  return Math.floor(at.getTime() / 1_000 / TotpParameters.period);
}

function totpOf(secret: string, names: { label?: string; issuer?: string } = {}): TOTP {
  return new TOTP({
    ...names,
    secret: Secret.fromBase32(secret),
    algorithm: TotpParameters.algorithm,
    digits: TotpParameters.digits,
    period: TotpParameters.period,
  });
}
