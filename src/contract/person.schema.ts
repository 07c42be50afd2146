import { Type, type Static } from 'typebox';
import { CardSummary } from './card.schema.js';
import { IsoDate, NationalIdNumber } from './identity.schema.js';
import { Sex } from './person.js';
import { ArabicName, Closed, LatinName, Line, Timestamp } from './schema.js';

/** The national register's shapes as the API answers them: a person as recorded, keyed by the national ID number. */

export const SexSchema = Type.Enum(Object.values(Sex), { 'x-expected': 'F or M' });

/** A parent's name, in Latin or in Arabic letters (one script). */
export const ParentName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: "^(?:\\p{Script=Latin}[\\p{Script=Latin}\\p{M}' .-]*|\\p{Script=Arabic}[\\p{Script=Arabic}\\p{M}\\u0640 -]*)$",
  'x-expected': 'a name in Latin or in Arabic letters (one script; spaces, hyphens, apostrophes allowed), 1 to 100 characters',
});

/** A place of birth: letters of any script, spaces, hyphens, apostrophes, dots; no digits. */
export const Place = Type.String({
  minLength: 1,
  maxLength: 120,
  pattern: "^[\\p{L}\\p{M}][\\p{L}\\p{M}' .-]*$",
  'x-expected': 'a place name in letters (spaces, hyphens, apostrophes, dots allowed), 1 to 120 characters',
});

export const Phone = Type.String({ pattern: '^\\+?[0-9]{9,15}$', 'x-expected': 'a phone number of 9 to 15 digits, optionally after +, such as +212612345678' });

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
