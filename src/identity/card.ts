import { Type, type Static } from 'typebox';
import { DomainError } from '../core/errors.js';
import { Closed, Line, Timestamp } from '../core/schema.js';
import { IsoDate, NationalIdNumber, PlaceCode } from './identity.js';

/**
 * The card register: a card's statuses and what can happen to it, in one table; what a verification
 * answers. Pure.
 */

export const CardStatus = {
  /** Personalised, on its way to the holder: not yet valid. */
  pending: 'pending',
  active: 'active',
  suspended: 'suspended',
  lost: 'lost',
  stolen: 'stolen',
  revoked: 'revoked',
  expired: 'expired',
  /** A newer card of the same person was handed over. */
  replaced: 'replaced',
} as const;
export type CardStatus = (typeof CardStatus)[keyof typeof CardStatus];

export const CardAction = {
  deliver: 'deliver',
  suspend: 'suspend',
  reinstate: 'reinstate',
  declareLost: 'declare_lost',
  declareStolen: 'declare_stolen',
  revoke: 'revoke',
  expire: 'expire',
  replace: 'replace',
} as const;
export type CardAction = (typeof CardAction)[keyof typeof CardAction];

const S = CardStatus;

/**
 * The lifecycle in one table. A lost or stolen card stays so (a card found again is not trusted again),
 * and is not marked replaced when its successor is handed over: a verifier must keep seeing why.
 */
export const cardTransitions: Readonly<Record<CardStatus, Partial<Record<CardAction, CardStatus>>>> = {
  pending: { deliver: S.active, declare_lost: S.lost, declare_stolen: S.stolen, revoke: S.revoked },
  active: { suspend: S.suspended, declare_lost: S.lost, declare_stolen: S.stolen, revoke: S.revoked, expire: S.expired, replace: S.replaced },
  suspended: { reinstate: S.active, declare_lost: S.lost, declare_stolen: S.stolen, revoke: S.revoked, expire: S.expired, replace: S.replaced },
  lost: { revoke: S.revoked },
  stolen: { revoke: S.revoked },
  expired: { replace: S.replaced, revoke: S.revoked },
  revoked: {},
  replaced: {},
};

/** What a person with `identity.card.status` may do by hand (the others follow production and delivery). */
export const manualCardActions = [CardAction.suspend, CardAction.reinstate, CardAction.declareLost, CardAction.declareStolen, CardAction.revoke] as const;
export type ManualCardAction = (typeof manualCardActions)[number];

export function allowedCardActions(status: CardStatus): CardAction[] {
  return Object.keys(cardTransitions[status]) as CardAction[];
}

/** The status after `action`, or a refusal naming what is allowed. */
export function nextCardStatus(documentNumber: string, status: CardStatus, action: CardAction): CardStatus {
  const next = cardTransitions[status][action];
  if (next === undefined) {
    const allowed = allowedCardActions(status);
    throw new DomainError('invalid_transition', `card ${documentNumber} is \`${status}\`; ${action} is not allowed; allowed actions: ${allowed.join(', ') || 'none'}`, { allowed });
  }
  return next;
}

/** The status a verifier sees: an active or suspended card past its expiry date is expired. */
export function effectiveCardStatus(status: CardStatus, dateOfExpiry: string, today: string): CardStatus {
  return (status === S.active || status === S.suspended) && dateOfExpiry < today ? S.expired : status;
}

export const DocumentNumber = Type.String({ pattern: '^[A-Z0-9]{9}$', 'x-expected': 'a document number: 9 capital letters and digits, such as R00000001' });

const StatusSchema = Type.Enum(Object.values(CardStatus));

/** A card as the register keeps it (no chip data beyond its signer). */
export const Card = Closed({
  documentNumber: DocumentNumber,
  nin: NationalIdNumber,
  application: Type.String(),
  status: StatusSchema,
  /** What a verifier sees today (expired past the expiry date). */
  effectiveStatus: StatusSchema,
  statusAt: Timestamp,
  mrz: Type.Array(Type.String()),
  dateOfIssue: IsoDate,
  dateOfExpiry: IsoDate,
  centre: PlaceCode,
  signerSerial: Type.String(),
  replacedBy: Type.Union([DocumentNumber, Type.Null()]),
  allowedActions: Type.Array(Type.String()),
  /** The holder was erased from the register: the card's MRZ can no longer be read (`mrz` is empty). */
  holderErased: Type.Boolean(),
});
export type Card = Static<typeof Card>;

/** A person's card, as their record lists it. */
export const CardSummary = Closed({ documentNumber: DocumentNumber, status: StatusSchema, dateOfIssue: IsoDate, dateOfExpiry: IsoDate });
export type CardSummary = Static<typeof CardSummary>;

export const CardStatusChange = Closed({
  action: Type.Enum([...manualCardActions], { 'x-expected': `one of ${manualCardActions.join(', ')}` }),
  reason: Line({ maxLength: 500, description: 'why; journaled with the change' }),
});
export type CardStatusChange = Static<typeof CardStatusChange>;

/** One line of a TD1 machine-readable zone. */
export const MrzLine = Type.String({ pattern: '^[A-Z0-9<]{30}$', 'x-expected': '30 characters of A-Z, 0-9 and < (a line of a TD1 MRZ)' });

export const VerifyQuery = Closed({ documentNumber: DocumentNumber });
export const VerifyMrzBody = Closed({ mrz: Type.Array(MrzLine, { minItems: 3, maxItems: 3, 'x-expected': 'the three lines of the card’s MRZ' }) });
export type VerifyMrzBody = Static<typeof VerifyMrzBody>;

/** The document number a TD1 MRZ carries (line 1, characters 6 to 14), fillers removed. */
export function documentNumberOfMrz(line1: string): string {
  return line1.slice(5, 14).replace(/<+$/, '');
}

/** Verdicts beside the card statuses: no such card, an MRZ that is not the card's, a holder erased from the register. */
export const VerificationStatus = [...Object.values(CardStatus), 'unknown', 'mismatch', 'erased'] as const;

/** What a verification answers: anyone gets `valid` and `status`; a verifying officer also the holder. */
export const Verification = Closed({
  valid: Type.Boolean(),
  status: Type.Enum([...VerificationStatus]),
  documentNumber: Type.Optional(DocumentNumber),
  dateOfExpiry: Type.Optional(IsoDate),
  holder: Type.Optional(
    Closed({
      nin: NationalIdNumber,
      surname: Type.String(),
      givenNames: Type.String(),
      surnameAr: Type.String(),
      givenNamesAr: Type.String(),
      dateOfBirth: IsoDate,
      sex: Type.String(),
    }),
  ),
});
export type Verification = Static<typeof Verification>;
