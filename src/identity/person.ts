import { Type, type Static } from 'typebox';
import { ParentName, Phone, Place, SexSchema } from '../contract/person.schema.js';
import { ArabicName, Closed, LatinName, Line, Username } from '../core/schema.js';
import { IsoDate, NationalIdNumber, PlaceCode } from './identity.js';

/** The national register: a person as recorded, keyed by the national ID number. */

// The register's shapes answered are the contract's, shared with the console.
export { Sex } from '../contract/person.js';
export { ErasedPerson, Person, PersonChange, PersonRecord } from '../contract/person.schema.js';

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

export { PersonRead, PersonReads } from '../contract/person.schema.js';
