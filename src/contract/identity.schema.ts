import { Type } from 'typebox';

/** What every part of the identity service shares in its shapes: the national ID number, dates, place codes. */

/**
 * What every part of the identity service shares: the national ID number, dates as the register keeps
 * them (`YYYY-MM-DD`, the centre's local calendar), the codes of desks and centres, the journal streams.
 * Pure.
 */

/** `BE123456`: one or two capital letters, then 3 to 7 digits (the CNIE number, key of the register). */
export const NATIONAL_ID_PATTERN = /^[A-Z]{1,2}[0-9]{3,7}$/;

export const NationalIdNumber = Type.String({
  pattern: NATIONAL_ID_PATTERN.source,
  'x-expected': 'a national ID number: 1 or 2 capital letters then 3 to 7 digits, such as BE123456',
});

/** A calendar date that exists (ajv's `date` format knows February and leap years). */
export const IsoDate = Type.String({ format: 'date', 'x-expected': 'a date YYYY-MM-DD that exists, such as 1990-02-28' });

/** A time of day on a desk's schedule. */
export const TimeOfDay = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', 'x-expected': 'a time of day HH:MM, such as 09:30' });

/** Codes of enrolment desks and issuance centres: `RABAT`, `ST-ANFA`. */
export const PlaceCode = Type.String({
  pattern: '^[A-Z0-9][A-Z0-9_-]{1,31}$',
  'x-expected': 'a code: capital letters, digits, _ and -, 2 to 32 characters, such as RABAT',
});

/** Base64 as sent in JSON (standard alphabet, padding optional). */
export const BASE64_PATTERN = '^[A-Za-z0-9+/]*={0,2}$';
