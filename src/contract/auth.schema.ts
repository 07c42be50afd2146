import { Type, type Static } from 'typebox';
import { TotpParameters, TotpState } from './auth.js';
import { Timestamp } from './schema.js';

/** The second factor as the API answers it. */

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

/** A person's second factor as `GET /auth/me` describes it. */
export const SecondFactor = Type.Object({
  state: Type.Enum(Object.values(TotpState)),
  /** Since when it is active; null otherwise. */
  enrolledAt: Type.Union([Timestamp, Type.Null()]),
  /** This session may do nothing but enrol one: the person's roles ask for it and it has not been proved. */
  mustEnrol: Type.Boolean(),
});

export type SecondFactor = Static<typeof SecondFactor>;
