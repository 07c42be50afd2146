import { Type, type Static } from 'typebox';
import { IsoDate, PlaceCode } from './identity.schema.js';
import { Phone, Place, SexSchema } from './person.schema.js';
import { permitKinds, PermitStatus, ReceiptStatus } from './permit.js';
import { ArabicName, Closed, LatinName, Line, Timestamp } from './schema.js';

/** The shapes of foreign residents and their residence permits, as the API takes and answers them. */

export const ForeignerNumber = Type.String({
  pattern: '^E[A-Z]{1,2}[0-9]{8}$',
  'x-expected': 'a foreigner registration number: E, the desk letters, then 8 digits, such as EBK00000001',
});

/** An ISO 3166-1 alpha-3 code; the list of assigned codes is checked by the service. */
export const CountryCode = Type.String({ pattern: '^[A-Z]{3}$', 'x-expected': 'an ISO 3166-1 alpha-3 country code, such as SEN' });

export const Passport = Closed(
  {
    number: Type.String({ pattern: '^[A-Z0-9]{5,15}$', 'x-expected': 'a passport number: 5 to 15 capital letters or digits' }),
    issuingState: CountryCode,
    expiry: IsoDate,
  },
  { description: 'the passport shown: its number, issuing state (ISO alpha-3) and expiry' },
);
export type Passport = Static<typeof Passport>;

export const NewResident = Closed({
  /** The desk that registers the foreigner and allocates the number. */
  desk: PlaceCode,
  surname: LatinName,
  givenNames: LatinName,
  surnameAr: Type.Optional(ArabicName),
  givenNamesAr: Type.Optional(ArabicName),
  sex: SexSchema,
  birthDate: IsoDate,
  birthPlace: Place,
  nationality: CountryCode,
  passport: Passport,
  entryDate: IsoDate,
  /** When regular residence began, for a foreigner whose earlier permits predate this register (shown at the desk). */
  regularResidenceSince: Type.Optional(IsoDate),
  address: Line({ maxLength: 300 }),
  /** The employer, or the school. */
  activity: Closed(
    { kind: Type.Enum(['employer', 'school', 'none'], { 'x-expected': 'employer, school or none' }), name: Type.Optional(Line({ maxLength: 200, description: 'the employer or the school' })) },
    { description: 'what the resident does here: works for an employer, studies at a school, or neither' },
  ),
  phone: Type.Optional(Phone),
});
export type NewResident = Static<typeof NewResident>;

export const Resident = Closed({
  number: ForeignerNumber,
  desk: Type.String(),
  surname: Type.String(),
  givenNames: Type.String(),
  surnameAr: Type.Union([Type.String(), Type.Null()]),
  givenNamesAr: Type.Union([Type.String(), Type.Null()]),
  sex: SexSchema,
  birthDate: IsoDate,
  birthPlace: Type.String(),
  nationality: Type.String(),
  passport: Passport,
  entryDate: IsoDate,
  regularResidenceSince: Type.Union([IsoDate, Type.Null()]),
  address: Type.String(),
  activity: Closed({ kind: Type.String(), name: Type.Optional(Type.String()) }),
  phone: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
});
export type Resident = Static<typeof Resident>;

export const DocumentCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', 'x-expected': 'a document code: lower-case letters, digits and _, such as passport' });

export const PermitKindSchema = Type.Enum(permitKinds, { 'x-expected': permitKinds.join(', ') });

export const NewPermitApplication = Closed({
  resident: ForeignerNumber,
  kind: PermitKindSchema,
  desk: PlaceCode,
  /** The codes of the documents presented (the kind's checklist). */
  documents: Type.Array(DocumentCode, { maxItems: 40, description: "the codes of the documents presented, from the kind's checklist" }),
  /** The holder's portrait for the card (JPEG), base64. */
  photo: Closed({ data: Type.String({ minLength: 8, maxLength: 200_000, pattern: '^[A-Za-z0-9+/]*={0,2}$', 'x-expected': 'a JPEG image in base64' }) }, { description: "the holder's portrait for the card's DG2" }),
});
export type NewPermitApplication = Static<typeof NewPermitApplication>;

export const PresentedDocuments = Closed({ documents: Type.Array(DocumentCode, { minItems: 1, maxItems: 40, description: "codes of more documents presented, from the kind's checklist" }) });
export type PresentedDocuments = Static<typeof PresentedDocuments>;

export const PermitDecision = Closed({
  decision: Type.Enum(['approve', 'reject'], { 'x-expected': 'approve or reject' }),
  reason: Type.Optional(Line({ minLength: 3, maxLength: 500, description: 'why; required to reject' })),
});
export type PermitDecision = Static<typeof PermitDecision>;

export const PermitHandover = Closed({ resident: ForeignerNumber, birthDate: IsoDate });
export type PermitHandover = Static<typeof PermitHandover>;

export const Receipt = Closed({
  number: Type.String(),
  application: Type.String(),
  status: Type.Enum(Object.values(ReceiptStatus)),
  issuedOn: IsoDate,
  validUntil: IsoDate,
  renewals: Type.Integer(),
  closedAt: Type.Union([Timestamp, Type.Null()]),
  closedReason: Type.Union([Type.String(), Type.Null()]),
});
export type Receipt = Static<typeof Receipt>;

export const PermitApplication = Closed({
  number: Type.String(),
  resident: ForeignerNumber,
  kind: PermitKindSchema,
  desk: Type.String(),
  status: Type.Enum(Object.values(PermitStatus)),
  statusAt: Timestamp,
  documents: Type.Array(Type.String()),
  missingDocuments: Type.Array(Type.String()),
  validityYears: Type.Integer(),
  decisionReason: Type.Union([Type.String(), Type.Null()]),
  centre: Type.Union([Type.String(), Type.Null()]),
  documentNumber: Type.Union([Type.String(), Type.Null()]),
  receipt: Receipt,
  allowedActions: Type.Array(Type.String()),
  createdAt: Timestamp,
});
export type PermitApplication = Static<typeof PermitApplication>;

/** What a receipt prints (the PDF's data): the receipt, the application, the holder, and its seal when there is one. */
export const ReceiptDocument = Closed({
  receipt: Receipt,
  kind: PermitKindSchema,
  desk: Closed({ code: Type.String(), name: Type.String() }),
  holder: Closed({
    number: ForeignerNumber,
    surname: Type.String(),
    givenNames: Type.String(),
    surnameAr: Type.Union([Type.String(), Type.Null()]),
    givenNamesAr: Type.Union([Type.String(), Type.Null()]),
    birthDate: IsoDate,
    nationality: Type.String(),
    passportNumber: Type.String(),
  }),
  /** The visible digital seal (ICAO 9303 Part 13) over the receipt's data, base64: what the DataMatrix holds. */
  seal: Type.Union([Type.String(), Type.Null()]),
  /** The seal's document number in the register of sealed documents (the receipt's, then `R1`, `R2`... per renewal). */
  sealNumber: Type.Union([Type.String(), Type.Null()]),
});
export type ReceiptDocument = Static<typeof ReceiptDocument>;

export const ChecklistItem = Closed({
  code: DocumentCode,
  label: Line({ maxLength: 200 }),
  labelAr: Type.Union([Line({ maxLength: 200 }), Type.Null()]),
  required: Type.Boolean({ description: 'whether an application cannot be approved without it' }),
});
export const Checklist = Closed({ kind: PermitKindSchema, documents: Type.Array(ChecklistItem, { minItems: 1, maxItems: 40 }) });
export type Checklist = Static<typeof Checklist>;
export const ChecklistChange = Closed({ documents: Type.Array(ChecklistItem, { minItems: 1, maxItems: 40, description: 'the whole checklist, in the order it is shown' }) });
export type ChecklistChange = Static<typeof ChecklistChange>;

export const PermitRulesSchema = Closed({
  validityYears: Type.Array(Type.Integer({ minimum: 1, maximum: 10 }), { minItems: 1, maxItems: 10, 'x-expected': '1 to 10 whole numbers of years, each 1 to 10' }),
  residenceCardAfterYears: Type.Integer({ minimum: 1, maximum: 20, 'x-expected': 'years of regular residence before a carte de résidence, 1 to 20 (law 02-03: 4)' }),
  residenceCardValidityYears: Type.Integer({ minimum: 1, maximum: 10, 'x-expected': 'years of validity of a carte de résidence, 1 to 10 (law 02-03: 10)' }),
  receiptMonths: Type.Integer({ minimum: 1, maximum: 12, 'x-expected': 'months of validity of a receipt and of each renewal, 1 to 12' }),
  reminderDays: Type.Array(Type.Integer({ minimum: 1, maximum: 365 }), { minItems: 1, maxItems: 5, 'x-expected': 'days before the expiry when the holder is reminded, 1 to 5 values from 1 to 365' }),
});

export const PermitReminder = Closed({
  documentNumber: Type.String(),
  application: Type.String(),
  resident: ForeignerNumber,
  desk: Type.String(),
  days: Type.Integer(),
  dateOfExpiry: IsoDate,
  dueOn: IsoDate,
  phone: Type.Union([Type.String(), Type.Null()]),
  remindedAt: Timestamp,
});
export type PermitReminder = Static<typeof PermitReminder>;

export const PermitFigures = Closed({
  year: Type.Integer(),
  total: Type.Integer(),
  byKind: Type.Record(Type.String(), Type.Integer()),
  byNationality: Type.Record(Type.String(), Type.Integer()),
  byCentre: Type.Record(Type.String(), Type.Integer()),
});
export type PermitFigures = Static<typeof PermitFigures>;
