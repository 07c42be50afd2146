import { Type, type Static } from 'typebox';
import { CertificateAction, CertificateChannel, CertificateKind, CertificateStatus, JudicialRecordStatus, ResidenceSource } from './certificate.js';
import { IsoDate, NationalIdNumber, PlaceCode } from './identity.schema.js';
import { Closed, Line, Timestamp, Uuid } from './schema.js';

/** The shapes of administrative certificates and of the judicial records, as the API takes and answers them. */

/** `CERT-2026-0000123`: the year, then a number counted per year, as applications are numbered. */
export const CertificateNumber = Type.String({ pattern: '^CERT-[0-9]{4}-[0-9]{7,}$', 'x-expected': 'a certificate request number such as CERT-2026-0000123' });

export const CertificateKindSchema = Type.Enum(Object.values(CertificateKind), { 'x-expected': `one of ${Object.values(CertificateKind).join(', ')}` });
export const CertificateStatusSchema = Type.Enum(Object.values(CertificateStatus), { 'x-expected': `one of ${Object.values(CertificateStatus).join(', ')}` });
export const JudicialRecordStatusSchema = Type.Enum(Object.values(JudicialRecordStatus), { 'x-expected': `one of ${Object.values(JudicialRecordStatus).join(', ')}` });

const Reference = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9/_-]{2,39}$', 'x-expected': 'a reference: letters, digits, / _ -, 3 to 40 characters' });

// --- Judicial records ----------------------------------------------------------------------------

/** What a judgment says, as the records keep it (sealed under the person's key). */
export const JudicialRecordFields = {
  /** The court that judged: `Tribunal de première instance de Casablanca`. */
  court: Line({ minLength: 3, maxLength: 200 }),
  judgmentDate: IsoDate,
  /** The case's reference at the court. */
  caseReference: Reference,
  offence: Line({ minLength: 3, maxLength: 300 }),
  sentence: Line({ minLength: 3, maxLength: 300 }),
};

export const NewJudicialRecord = Closed({ nin: NationalIdNumber, ...JudicialRecordFields });
export type NewJudicialRecord = Static<typeof NewJudicialRecord>;

/** A correction: the fields that change, the status (rehabilitated, annulled), and why (journaled). */
export const JudicialRecordCorrection = Closed({
  court: Type.Optional(JudicialRecordFields.court),
  judgmentDate: Type.Optional(IsoDate),
  caseReference: Type.Optional(Reference),
  offence: Type.Optional(JudicialRecordFields.offence),
  sentence: Type.Optional(JudicialRecordFields.sentence),
  status: Type.Optional(JudicialRecordStatusSchema),
  reason: Line({ minLength: 3, maxLength: 500, description: 'why the record is corrected: a decision’s reference; journaled' }),
});
export type JudicialRecordCorrection = Static<typeof JudicialRecordCorrection>;

/** An entry of the judicial records. */
export const JudicialRecord = Closed({
  id: Uuid,
  nin: NationalIdNumber,
  court: Type.String(),
  judgmentDate: IsoDate,
  caseReference: Type.String(),
  offence: Type.String(),
  sentence: Type.String(),
  status: JudicialRecordStatusSchema,
  version: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type JudicialRecord = Static<typeof JudicialRecord>;

/** What a records system answers for a person: clean when no entry is in force. */
export const RecordsCheck = Closed({
  /** Which records system answered (`amane-register` for the built-in register). */
  source: Type.String(),
  clean: Type.Boolean(),
  checkedAt: Timestamp,
  /** The entries in force, as the certificate would list them. */
  entries: Type.Array(Closed({ court: Type.String(), judgmentDate: IsoDate, caseReference: Type.String(), offence: Type.String(), sentence: Type.String() })),
});
export type RecordsCheck = Static<typeof RecordsCheck>;

// --- Certificates --------------------------------------------------------------------------------

/** A certificate of residence at an address other than the register's: the address, and the document that supports it. */
export const DeclaredResidence = Closed(
  {
    address: Line({ minLength: 5, maxLength: 300 }),
    documentReference: Reference,
  },
  { description: 'For a certificate of residence at an address the person declares: the address and the reference of a supporting document (lease, bill); without it, the register’s address' },
);
export type DeclaredResidence = Static<typeof DeclaredResidence>;

/** A request at a desk: the person's national ID number, the kind, the desk. */
export const NewCertificateRequest = Closed({
  nin: NationalIdNumber,
  kind: CertificateKindSchema,
  desk: PlaceCode,
  residence: Type.Optional(DeclaredResidence),
});
export type NewCertificateRequest = Static<typeof NewCertificateRequest>;

/** A request online by the citizen signed in: their own national ID number (as on their card), the kind. */
export const OwnCertificateRequest = Closed({
  nin: NationalIdNumber,
  kind: CertificateKindSchema,
  residence: Type.Optional(DeclaredResidence),
});
export type OwnCertificateRequest = Static<typeof OwnCertificateRequest>;

export const CertificateDecision = Closed({
  decision: Type.Enum([CertificateAction.approve, CertificateAction.reject], { 'x-expected': 'approve or reject' }),
  reason: Type.Optional(Line({ maxLength: 500, description: 'required to reject; journaled' })),
});
export type CertificateDecision = Static<typeof CertificateDecision>;

export const CertificateQuery = Closed({
  status: Type.Optional(CertificateStatusSchema),
  kind: Type.Optional(CertificateKindSchema),
  desk: Type.Optional(PlaceCode),
  nin: Type.Optional(NationalIdNumber),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, 'x-expected': 'a whole number from 1 to 500' })),
});
export type CertificateQuery = Static<typeof CertificateQuery>;

/** The holder as the certificate names them (from the register, at the request). */
export const CertificateHolder = Closed({
  surname: Type.String(),
  givenNames: Type.String(),
  surnameAr: Type.String(),
  givenNamesAr: Type.String(),
  birthDate: IsoDate,
  birthPlace: Type.String(),
  sex: Type.String(),
});
export type CertificateHolder = Static<typeof CertificateHolder>;

export const CertificateResidence = Closed({
  source: Type.Enum(Object.values(ResidenceSource)),
  address: Type.String(),
  documentReference: Type.Union([Type.String(), Type.Null()]),
});
export type CertificateResidence = Static<typeof CertificateResidence>;

/** A request as staff read it: the holder, the records check, the decision, the document issued. */
export const Certificate = Closed({
  number: CertificateNumber,
  kind: CertificateKindSchema,
  nin: NationalIdNumber,
  channel: Type.Enum(Object.values(CertificateChannel)),
  desk: Type.Union([PlaceCode, Type.Null()]),
  status: CertificateStatusSchema,
  statusAt: Timestamp,
  createdAt: Timestamp,
  createdBy: Type.String(),
  /** Null once the holder was erased from the register. */
  holder: Type.Union([CertificateHolder, Type.Null()]),
  residence: Type.Union([CertificateResidence, Type.Null()]),
  /** A police record certificate's check against the judicial records (null for a certificate of residence). */
  recordsCheck: Type.Union([RecordsCheck, Type.Null()]),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Timestamp, Type.Null()]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  documentNumber: Type.Union([Type.String(), Type.Null()]),
  issuedOn: Type.Union([IsoDate, Type.Null()]),
  expiresOn: Type.Union([IsoDate, Type.Null()]),
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  revocationReason: Type.Union([Type.String(), Type.Null()]),
  allowedActions: Type.Array(Type.Enum(Object.values(CertificateAction))),
});
export type Certificate = Static<typeof Certificate>;

/** A line of a list (the desk's, the officer's queue): no personal data but the number. */
export const CertificateSummary = Closed({
  number: CertificateNumber,
  kind: CertificateKindSchema,
  nin: NationalIdNumber,
  channel: Type.Enum(Object.values(CertificateChannel)),
  desk: Type.Union([PlaceCode, Type.Null()]),
  status: CertificateStatusSchema,
  statusAt: Timestamp,
  createdAt: Timestamp,
  documentNumber: Type.Union([Type.String(), Type.Null()]),
  expiresOn: Type.Union([IsoDate, Type.Null()]),
});
export type CertificateSummary = Static<typeof CertificateSummary>;

/** A citizen's own request: where it stands, and the document once issued; not who handled it, not the records. */
export const OwnCertificate = Closed({
  number: CertificateNumber,
  kind: CertificateKindSchema,
  status: CertificateStatusSchema,
  statusAt: Timestamp,
  createdAt: Timestamp,
  residence: Type.Union([CertificateResidence, Type.Null()]),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  documentNumber: Type.Union([Type.String(), Type.Null()]),
  issuedOn: Type.Union([IsoDate, Type.Null()]),
  expiresOn: Type.Union([IsoDate, Type.Null()]),
});
export type OwnCertificate = Static<typeof OwnCertificate>;
