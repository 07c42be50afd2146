/**
 * Visible digital seals (ICAO Doc 9303 Part 13) on the identity service's printed documents: the kinds
 * of sealed document, their feature definitions (one table), the register's statuses and what a
 * verification answers. Pure, shared by the server and the console.
 */

/** The printed documents that carry a seal. */
export const SealKind = {
  policeRecordCertificate: 'police-record-certificate',
  residenceCertificate: 'residence-certificate',
  residencePermitReceipt: 'residence-permit-receipt',
} as const;
export type SealKind = (typeof SealKind)[keyof typeof SealKind];

/** A sealed document in the register. */
export const SealStatus = { valid: 'valid', revoked: 'revoked' } as const;
export type SealStatus = (typeof SealStatus)[keyof typeof SealStatus];

/**
 * What a verification answers: `changed` when the signature fails (a byte changed) or the register's copy
 * differs; `unknown-signer` when no Barcode Signer certificate of the CSCA has the seal's reference;
 * `unreadable` when the bytes or the image hold no seal.
 */
export const SealVerdict = {
  valid: 'valid',
  changed: 'changed',
  revoked: 'revoked',
  expired: 'expired',
  unknownSigner: 'unknown-signer',
  unreadable: 'unreadable',
} as const;
export type SealVerdict = (typeof SealVerdict)[keyof typeof SealVerdict];

/** How a feature's value is written: C40 text, UTF-8 text, or a date (MMDDYYYY in 3 bytes). */
export const SealEncoding = { c40: 'c40', utf8: 'utf8', date: 'date' } as const;
export type SealEncoding = (typeof SealEncoding)[keyof typeof SealEncoding];

/** The features a seal of this service carries, by name; values are strings (dates `YYYY-MM-DD`). */
export const SealFeature = {
  documentNumber: 'documentNumber',
  /** Latin, as printed. */
  holderName: 'holderName',
  /** The national ID number (CNIE) or the foreigner registration number. */
  personNumber: 'personNumber',
  birthDate: 'birthDate',
  validUntil: 'validUntil',
  /** The kind's outcome: a certificate's result, a receipt's application. */
  outcome: 'outcome',
} as const;
export type SealFeature = (typeof SealFeature)[keyof typeof SealFeature];

/** One feature of a definition: its tag in the message zone, how it is written, its bounds. */
export interface SealFeatureDefinition {
  readonly feature: SealFeature;
  readonly tag: number;
  readonly encoding: SealEncoding;
  /** Characters (C40) or bytes (UTF-8). */
  readonly maxLength: number;
}

/** A kind's header numbers and features. */
export interface SealDefinition {
  readonly kind: SealKind;
  /** The header's document feature definition reference. */
  readonly featureDefinitionReference: number;
  /** The header's document type category. */
  readonly documentTypeCategory: number;
  readonly features: readonly SealFeatureDefinition[];
  /** The outcomes this kind's `outcome` feature takes. */
  readonly outcomes: readonly string[];
}

const commonFeatures: readonly SealFeatureDefinition[] = [
  { feature: SealFeature.documentNumber, tag: 0x01, encoding: SealEncoding.c40, maxLength: 20 },
  { feature: SealFeature.holderName, tag: 0x02, encoding: SealEncoding.utf8, maxLength: 90 },
  { feature: SealFeature.personNumber, tag: 0x03, encoding: SealEncoding.c40, maxLength: 20 },
  { feature: SealFeature.birthDate, tag: 0x04, encoding: SealEncoding.date, maxLength: 10 },
  { feature: SealFeature.validUntil, tag: 0x05, encoding: SealEncoding.date, maxLength: 10 },
  { feature: SealFeature.outcome, tag: 0x06, encoding: SealEncoding.utf8, maxLength: 40 },
];

/**
 * The feature definitions of this service's seals, national documents all. Doc 9303 Part 13 (8th edition,
 * §2.2, header) leaves the document feature definition reference and the document type category of a
 * State's own documents to that State; ICAO's own use cases take odd categories and low references (visa:
 * 0x5D / 0x01, Part 7; emergency travel document: 0x5E / 0x03, Part 8 §6.1.1). Ours take even categories
 * and references from 0xE1, clear of ICAO's, as national profiles do (Germany's BSI TR-03137 uses 0xF8-0xFE
 * with even categories).
 */
export const sealDefinitions: Readonly<Record<SealKind, SealDefinition>> = {
  'police-record-certificate': {
    kind: SealKind.policeRecordCertificate,
    featureDefinitionReference: 0xe1,
    documentTypeCategory: 0x0a,
    features: commonFeatures,
    outcomes: ['no-record', 'record'],
  },
  'residence-certificate': {
    kind: SealKind.residenceCertificate,
    featureDefinitionReference: 0xe2,
    documentTypeCategory: 0x0a,
    features: commonFeatures,
    outcomes: ['resident'],
  },
  'residence-permit-receipt': {
    kind: SealKind.residencePermitReceipt,
    featureDefinitionReference: 0xe3,
    documentTypeCategory: 0x0c,
    features: commonFeatures,
    outcomes: ['first-permit', 'renewal', 'residence-card'],
  },
};

/** The kind whose header numbers these are, if any. */
export function sealKindOf(featureDefinitionReference: number, documentTypeCategory: number): SealKind | undefined {
  return Object.values(sealDefinitions).find((d) => d.featureDefinitionReference === featureDefinitionReference && d.documentTypeCategory === documentTypeCategory)?.kind;
}
