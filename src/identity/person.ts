import { Type, type Static } from 'typebox';
import { ArabicName, Closed, LatinName, Line, Timestamp, Username } from '../core/schema.js';
import { CardSummary } from './card.js';
import { IsoDate, NationalIdNumber, PlaceCode } from './identity.js';

/** The national register: a person as recorded, keyed by the national ID number. */

export const Sex = { female: 'F', male: 'M' } as const;
export type Sex = (typeof Sex)[keyof typeof Sex];

const SexSchema = Type.Enum(Object.values(Sex), { 'x-expected': 'F or M' });

/** A parent's name, in Latin or in Arabic letters (one script). */
const ParentName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: "^(?:\\p{Script=Latin}[\\p{Script=Latin}\\p{M}' .-]*|\\p{Script=Arabic}[\\p{Script=Arabic}\\p{M}\\u0640 -]*)$",
  'x-expected': 'a name in Latin or in Arabic letters (one script; spaces, hyphens, apostrophes allowed), 1 to 100 characters',
});

/** A place of birth: letters of any script, spaces, hyphens, apostrophes, dots; no digits. */
const Place = Type.String({
  minLength: 1,
  maxLength: 120,
  pattern: "^[\\p{L}\\p{M}][\\p{L}\\p{M}' .-]*$",
  'x-expected': 'a place name in letters (spaces, hyphens, apostrophes, dots allowed), 1 to 120 characters',
});

const Phone = Type.String({ pattern: '^\\+?[0-9]{9,15}$', 'x-expected': 'a phone number of 9 to 15 digits, optionally after +, such as +212612345678' });

export const NewPerson = Closed({
  /** Absent: the desk given allocates the next number of its letters. */
  nin: Type.Optional(NationalIdNumber),
  desk: Type.Optional(PlaceCode),
  surname: LatinName,
  givenNames: LatinName,
  surnameAr: ArabicName,
  givenNamesAr: ArabicName,
  sex: SexSchema,
  birthDate: IsoDate,
  birthPlace: Place,
  fatherName: Type.Optional(ParentName),
  motherName: Type.Optional(ParentName),
  address: Line({ maxLength: 300 }),
  phone: Type.Optional(Phone),
});
export type NewPerson = Static<typeof NewPerson>;

/** What a change-of-data application changes in the register (applied when it is approved). */
export const PersonChange = Type.Object(
  {
    surname: Type.Optional(LatinName),
    givenNames: Type.Optional(LatinName),
    surnameAr: Type.Optional(ArabicName),
    givenNamesAr: Type.Optional(ArabicName),
    birthPlace: Type.Optional(Place),
    fatherName: Type.Optional(ParentName),
    motherName: Type.Optional(ParentName),
    address: Type.Optional(Line({ maxLength: 300 })),
    phone: Type.Optional(Phone),
  },
  { additionalProperties: false, minProperties: 1, 'x-expected': 'at least one field of the record to change' },
);
export type PersonChange = Static<typeof PersonChange>;

export const Person = Closed({
  nin: NationalIdNumber,
  surname: Type.String(),
  givenNames: Type.String(),
  surnameAr: Type.String(),
  givenNamesAr: Type.String(),
  sex: SexSchema,
  birthDate: IsoDate,
  birthPlace: Type.String(),
  fatherName: Type.Union([Type.String(), Type.Null()]),
  motherName: Type.Union([Type.String(), Type.Null()]),
  address: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  /** The citizen account that may see this record and book for it. */
  account: Type.Union([Type.String(), Type.Null()]),
  cards: Type.Array(CardSummary),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Person = Static<typeof Person>;

/**
 * A person erased from the register: their national ID number and cards stay (numbers are never given
 * again, and a card must still say what became of it), their personal data is gone.
 */
export const ErasedPerson = Closed({
  nin: NationalIdNumber,
  erased: Type.Literal(true),
  erasedAt: Timestamp,
  legalBasis: Type.String(),
  cards: Type.Array(CardSummary),
});
export type ErasedPerson = Static<typeof ErasedPerson>;

/** What a read of the register answers: the record, or that it was erased. */
export const PersonRecord = Type.Union([Person, ErasedPerson]);
export type PersonRecord = Person | ErasedPerson;

/** Erasing a person: why, and under which text (both journaled; no personal data in either). */
export const PersonErasure = Closed({
  reason: Line({ minLength: 3, maxLength: 300, description: 'why the record is erased (a decision, a death certificate number...); journaled, without personal data' }),
  legalBasis: Line({
    minLength: 3,
    maxLength: 200,
    description: 'the text that allows it, such as "loi 09-08, art. 8" or a court decision; journaled',
  }),
});
export type PersonErasure = Static<typeof PersonErasure>;

/** Why a record is read: journaled with the read. */
const Reason = Line({ minLength: 3, maxLength: 200, description: 'why the record is read; journaled' });

export const PersonReadQuery = Closed({ reason: Reason });
export type PersonReadQuery = Static<typeof PersonReadQuery>;

export const PersonSearchQuery = Closed({
  birthDate: IsoDate,
  name: Line({ maxLength: 200, description: 'given names and surname, in Latin or Arabic letters, as written by the person' }),
  reason: Reason,
});
export type PersonSearchQuery = Static<typeof PersonSearchQuery>;

export const AccountLink = Closed({ username: Username });
export type AccountLink = Static<typeof AccountLink>;

export const NinParams = Closed({ nin: NationalIdNumber });

/** An auditor's question: who read this person's record. Why it is asked is journaled, like any read. */
export const PersonReadsQuery = Closed({
  reason: Line({ minLength: 3, maxLength: 200, description: 'why the reads are listed (an inquiry, a complaint); journaled' }),
  after: Type.Optional(Type.Integer({ minimum: 0, 'x-expected': 'a sequence number (0 or more)' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000, 'x-expected': 'a whole number from 1 to 1000' })),
});
export type PersonReadsQuery = Static<typeof PersonReadsQuery>;

/**
 * One read of a record, as journaled: who, when, why, and through what (`record`, `search`,
 * `verification`, `self`; `photo` for the enrolled photo of an application, which names no reason).
 */
export const PersonRead = Closed({
  seq: Type.Integer(),
  at: Timestamp,
  actor: Type.String(),
  /** The reader's names as the user list has them now (null for a device or an account since removed). */
  name: Type.Union([Type.String(), Type.Null()]),
  nameAr: Type.Union([Type.String(), Type.Null()]),
  reason: Type.String(),
  via: Type.String(),
  /** The application whose photo was read (`via: photo`), else null. */
  application: Type.Union([Type.String(), Type.Null()]),
});
export type PersonRead = Static<typeof PersonRead>;

export const PersonReads = Closed({
  nin: NationalIdNumber,
  reads: Type.Array(PersonRead),
  /** The `after` of the next page, or null when this one is the last. */
  next: Type.Union([Type.Integer(), Type.Null()]),
});
export type PersonReads = Static<typeof PersonReads>;
