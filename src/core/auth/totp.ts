import { Secret, TOTP } from 'otpauth';
import { Type } from 'typebox';
import { TotpParameters } from '../../contract/auth.js';
import { Closed } from '../schema.js';

// The second factor's states and the shapes answered are the contract's, shared with the console.
export { TotpParameters, TotpState } from '../../contract/auth.js';
export { SecondFactor, TotpEnrolment } from '../../contract/auth.schema.js';

/** A code as the person reads it from the app: six digits. */
export const TotpCode = Type.String({ pattern: '^[0-9]{6}$', 'x-expected': 'the 6 digits the authenticator app shows now' });

export const TotpConfirmation = Closed({ code: TotpCode });

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
