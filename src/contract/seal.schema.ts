import { Type, type Static } from 'typebox';
import { SealKind, SealStatus, SealVerdict } from './seal.js';
import { IsoDate } from './identity.schema.js';
import { Closed, Timestamp } from './schema.js';

/** The shapes of the register of sealed documents and of a seal's verification, as the API answers them. */

export const SealedDocumentNumber = Type.String({ pattern: '^[A-Z0-9]{1,20}$', 'x-expected': 'a document number: 1 to 20 capital letters and digits' });

/** A verification of a seal given as base64 (the DataMatrix's bytes). */
export const SealVerifyBody = Closed({
  seal: Type.String({ minLength: 1, maxLength: 8000, pattern: '^[A-Za-z0-9+/]+={0,2}$', 'x-expected': "the seal's bytes in base64 (standard alphabet)" }),
});
export type SealVerifyBody = Static<typeof SealVerifyBody>;

/** What a seal says, decoded. */
export const SealDocument = Closed({
  kind: Type.Enum(Object.values(SealKind)),
  documentNumber: Type.String(),
  issuedOn: IsoDate,
  expiresOn: IsoDate,
  holderName: Type.Optional(Type.String()),
  personNumber: Type.Optional(Type.String()),
  birthDate: Type.Optional(IsoDate),
  validUntil: Type.Optional(IsoDate),
  outcome: Type.Optional(Type.String()),
});
export type SealDocument = Static<typeof SealDocument>;

/** A verification's answer; `document` is what the seal says, absent when it does not read. */
export const SealVerification = Closed({
  verdict: Type.Enum(Object.values(SealVerdict)),
  document: Type.Optional(SealDocument),
});
export type SealVerification = Static<typeof SealVerification>;

export const SealRevocation = Closed({
  reason: Type.String({ minLength: 3, maxLength: 500, 'x-expected': 'why the document is revoked, 3 to 500 characters' }),
});
export type SealRevocation = Static<typeof SealRevocation>;

/** A document of the register of sealed documents (without the seal's personal content). */
export const SealedDocument = Closed({
  documentNumber: Type.String(),
  kind: Type.Enum(Object.values(SealKind)),
  issuedOn: IsoDate,
  expiresOn: IsoDate,
  status: Type.Enum(Object.values(SealStatus)),
  signerReference: Type.String(),
  issuedAt: Timestamp,
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  revokedBy: Type.Union([Type.String(), Type.Null()]),
  revokedReason: Type.Union([Type.String(), Type.Null()]),
});
export type SealedDocument = Static<typeof SealedDocument>;
