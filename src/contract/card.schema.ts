import { Type, type Static } from 'typebox';
import { CardStatus, VerificationStatus } from './card.js';
import { IsoDate, NationalIdNumber, PlaceCode } from './identity.schema.js';
import { Closed, Timestamp } from './schema.js';

/** The shapes of the card register as the API answers them. */

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

/** What a verification answers: anyone gets `valid` and `status`; a verifying officer also the holder. */
export const Verification = Closed({
  valid: Type.Boolean(),
  status: Type.Enum([...VerificationStatus]),
  documentNumber: Type.Optional(DocumentNumber),
  dateOfExpiry: Type.Optional(IsoDate),
  holder: Type.Optional(
    Closed({
      /** The national ID number, or a residence permit holder's foreigner registration number. */
      nin: Type.Union([NationalIdNumber, Type.String({ pattern: '^E[A-Z]{1,2}[0-9]{8}$' })]),
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
