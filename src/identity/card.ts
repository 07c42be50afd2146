import { Type, type Static } from 'typebox';
import { DocumentNumber } from '../contract/card.schema.js';
import { manualCardActions } from '../contract/card.js';
import { Closed, Line } from '../core/schema.js';

// The statuses, their table and the shapes answered are the contract's, shared with the console.
export {
  CardAction,
  CardStatus,
  VerificationStatus,
  allowedCardActions,
  cardTransitions,
  effectiveCardStatus,
  manualCardActions,
  nextCardStatus,
  type ManualCardAction,
} from '../contract/card.js';
export { Card, CardSummary, DocumentNumber, Verification } from '../contract/card.schema.js';

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
