import { lifecycle } from './lifecycle.js';

/**
 * The card register: a card's statuses and what can happen to it, in one table; what a verification
 * answers. Pure, shared by the server and the console.
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

const cardLifecycle = lifecycle(cardTransitions);

export function allowedCardActions(status: CardStatus): CardAction[] {
  return cardLifecycle.allowed(status);
}

/** The status after `action`, or a refusal naming what is allowed. */
export function nextCardStatus(documentNumber: string, status: CardStatus, action: CardAction): CardStatus {
  return cardLifecycle.check(`card ${documentNumber}`, status, action);
}

/** The status a verifier sees: an active or suspended card past its expiry date is expired. */
export function effectiveCardStatus(status: CardStatus, dateOfExpiry: string, today: string): CardStatus {
  return (status === S.active || status === S.suspended) && dateOfExpiry < today ? S.expired : status;
}

/** Verdicts beside the card statuses: no such card, an MRZ that is not the card's, a holder erased from the register. */
export const VerificationStatus = [...Object.values(CardStatus), 'unknown', 'mismatch', 'erased'] as const;
