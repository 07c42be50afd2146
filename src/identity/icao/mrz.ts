/**
 * The TD1 machine readable zone (ICAO Doc 9303 Part 5 §4.2.2): three lines of 30 characters, written
 * from a card's fields and read back with every check digit verified.
 *
 *   line 1: document code (1-2) | issuing state (3-5) | document number (6-14) | check digit (15) | optional data (16-30)
 *   line 2: birth YYMMDD (1-6) | check (7) | sex (8) | expiry YYMMDD (9-14) | check (15) | nationality (16-18) | optional data (19-29) | composite check (30)
 *   line 3: name (1-30): primary identifier `<<` secondary identifiers, components separated by `<`
 *
 * What the check digits cover, and what they do not (a reader should know):
 * - the document number, birth and expiry dates each have their own check digit (Part 3 §4.9);
 * - the composite check digit (Part 5 §4.2.2) covers line 1 positions 6-30 and line 2 positions 1-7,
 *   9-15 and 19-29;
 * - nothing covers the document code and issuing state (line 1, 1-5), the sex (line 2, 8), the nationality
 *   (line 2, 16-18) nor the name (line 3): a misread there is caught only when it makes an invalid value;
 * - weights 7-3-1 modulo 10 do not see a swap between characters of equal value modulo 10: `0`, `A`,
 *   `K`, `U` and `<` all count 0 (`1`, `B`, `L`, `V` all count 1, and so on).
 *
 * Two-digit years are read with these rules, which make every MRZ written here read back to its fields:
 * - expiry: 20YY. Writing refuses an expiry outside 2000-2099.
 * - birth: the latest date with those YYMMDD that is not after `today` (default: now), i.e. the holder is
 *   under 100 years old on the day the MRZ is read.
 */
import { systemClock } from '../../core/clock.js';
import { DomainError, type FieldProblem } from '../../core/errors.js';
import type { CardData } from './personalisation.js';
import { mrzNameComponents, TransliterationError } from './transliteration.js';

export const TD1_LINE_LENGTH = 30;
const DOCUMENT_NUMBER_LENGTH = 9;
const OPTIONAL_DATA_1_LENGTH = 15;
const OPTIONAL_DATA_2_LENGTH = 11;
/** Part 5 note on long numbers: the overflow goes into optional data, followed by its check digit and a filler. */
const MAX_DOCUMENT_NUMBER_LENGTH = DOCUMENT_NUMBER_LENGTH + OPTIONAL_DATA_1_LENGTH - 2;

/** The fields of a TD1 MRZ. Names are text: written through Doc 9303 Part 3 §6, read back as MRZ letters. */
export interface Td1Fields {
  /** One or two characters, the first A, C or I: `I`, `ID`. */
  readonly documentCode: string;
  /** ICAO three-letter code (Doc 9303 Part 3 §5): `MAR`, `UTO`, `D` (written `D<<`). */
  readonly issuingState: string;
  /** Up to 9 characters [0-9A-Z]; 10 to 22 use the overflow rule into the optional data of line 1. */
  readonly documentNumber: string;
  readonly optionalData1: string;
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth: string;
  readonly sex: 'F' | 'M' | 'X';
  /** `YYYY-MM-DD`, in 2000-2099. */
  readonly dateOfExpiry: string;
  readonly nationality: string;
  readonly optionalData2: string;
  /** Surname(s), components separated by spaces: `ERIKSSON`, `Van der Steen`, `العلوي`. */
  readonly primaryIdentifier: string;
  /** Given names: `ANNA MARIA`; may be empty. */
  readonly secondaryIdentifier: string;
}

/** The fields read from a TD1 MRZ; names come back as MRZ letters, components separated by one space. */
export interface ParsedTd1 extends Td1Fields {
  /** Line 3 is full and ends in a letter: the name may have been truncated (Part 3 §4.6). */
  readonly nameMayBeTruncated: boolean;
}

/** The check-digit value of each MRZ character, by character code (Part 3 §4.9); -1 for any other character. */
const MRZ_VALUE = new Int8Array(128).fill(-1);
for (let code = 48; code <= 57; code++) MRZ_VALUE[code] = code - 48;
for (let code = 65; code <= 90; code++) MRZ_VALUE[code] = code - 55;
MRZ_VALUE[0x3c] = 0;
/** Weights 7, 3, 1 by position modulo 3. */
const WEIGHT = Int8Array.of(7, 3, 1);
const FILLER = 0x3c;
const DIGIT_0 = 0x30;
const DASH = 0x2d;

function characterValue(text: string, i: number): number {
  const code = text.charCodeAt(i);
  const value = code < 128 ? MRZ_VALUE[code]! : -1;
  if (value < 0) throw new DomainError('validation', `"${text[i]}" is not an MRZ character (0-9, A-Z, <)`);
  return value;
}

/**
 * The check digit of Doc 9303 Part 3 §4.9: weights 7, 3, 1 repeated, `0-9` = 0-9, `A-Z` = 10-35, `<` = 0,
 * sum modulo 10. @example checkDigit('D23145890') // '7'
 */
export function checkDigit(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += characterValue(text, i) * WEIGHT[i % 3]!;
  return String(sum % 10);
}

/** The weighted sum of MRZ bytes `[from, to)` already written, the first at weight position `k`. */
function weightedSum(bytes: Uint8Array, from: number, to: number, k: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += MRZ_VALUE[bytes[i]!]! * WEIGHT[(k + i - from) % 3]!;
  return sum;
}

function refuse(field: string, message: string): never {
  throw new DomainError('validation', `${field}: ${message}`, { errors: [{ field, message }] });
}

const isLetter = (code: number) => code >= 65 && code <= 90;
const isDigit = (code: number) => code >= 48 && code <= 57;

/** Writes `text` (already checked to be MRZ characters) at `at` and fills with `<` up to `width`. */
function writeText(target: Uint8Array, at: number, text: string, width: number): void {
  const length = text.length;
  for (let i = 0; i < length; i++) target[at + i] = text.charCodeAt(i);
  for (let i = length; i < width; i++) target[at + i] = FILLER;
}

/** An ICAO three-letter code (letters, then up to two fillers), written padded with `<`. */
function writeCode3(target: Uint8Array, at: number, value: string, field: string): void {
  let letters = 0;
  while (letters < value.length && isLetter(value.charCodeAt(letters))) letters++;
  let valid = letters >= 1 && value.length <= 3;
  for (let i = letters; valid && i < value.length; i++) valid = value.charCodeAt(i) === FILLER;
  if (!valid) refuse(field, `"${value}" is not an ICAO three-letter code (A-Z, e.g. MAR, or D for Germany)`);
  writeText(target, at, value, 3);
}

/** Optional data: 0-9, A-Z and `<`, at most `length` characters, written padded with `<`. */
function writeOptionalData(target: Uint8Array, at: number, value: string, length: number, field: string): void {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (!(isDigit(code) || isLetter(code) || code === FILLER)) refuse(field, `"${value}" may hold only 0-9, A-Z and <`);
  }
  if (value.length > length) refuse(field, `"${value}" is ${value.length} characters; at most ${length} fit`);
  writeText(target, at, value, length);
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

/** Two ASCII digits of `text` at `i` as a number, or NaN. */
function twoDigits(text: string, i: number): number {
  const tens = text.charCodeAt(i);
  const units = text.charCodeAt(i + 1);
  return isDigit(tens) && isDigit(units) ? (tens - DIGIT_0) * 10 + units - DIGIT_0 : Number.NaN;
}

/** Writes a `YYYY-MM-DD` date as YYMMDD at `at`; returns its year. Refuses what is not a calendar date. */
function writeDate(target: Uint8Array, at: number, iso: string, field: string): number {
  const year = twoDigits(iso, 0) * 100 + twoDigits(iso, 2);
  const month = twoDigits(iso, 5);
  const day = twoDigits(iso, 8);
  if (iso.length !== 10 || iso.charCodeAt(4) !== DASH || iso.charCodeAt(7) !== DASH || !isValidDate(year, month, day)) refuse(field, `"${iso}" is not a date YYYY-MM-DD`);
  target[at] = iso.charCodeAt(2);
  target[at + 1] = iso.charCodeAt(3);
  target[at + 2] = iso.charCodeAt(5);
  target[at + 3] = iso.charCodeAt(6);
  target[at + 4] = iso.charCodeAt(8);
  target[at + 5] = iso.charCodeAt(9);
  return year;
}

function nameComponents(text: string, field: string): string[] {
  try {
    return mrzNameComponents(text);
  } catch (error) {
    if (error instanceof TransliterationError) refuse(field, error.message);
    throw error;
  }
}

/**
 * Line 3 of a TD1 from the MRZ components of the name, truncated when it does not fit. Our reading of
 * Doc 9303 Part 3 §4.6, where truncation must show as a letter in the last position:
 * 1. primary `<<` secondary components, each separated by `<`, when it fits in 30;
 * 2. else the secondary identifiers are cut at position 30; when the cut would leave a filler in
 *    position 30, the component before it gives up its last letter for `<` and the next initial
 *    (`...ANNA<MARIA` -> `...ANN<M`);
 * 3. when the primary identifier leaves no room for `<<` and an initial, it is cut to 27 characters, then
 *    `<<` and the first initial (with no secondary identifier, it is cut to 30).
 */
export function td1NameField(primary: readonly string[], secondary: readonly string[], width = TD1_LINE_LENGTH): string {
  if (primary.length === 0) refuse('primaryIdentifier', 'a name needs a primary identifier (surname)');
  const head = primary.join('<');
  const full = secondary.length === 0 ? head : `${head}<<${secondary.join('<')}`;
  if (full.length <= width) return full.padEnd(width, '<');
  if (secondary.length === 0) return head.slice(0, width).replace(/<+$/, '').padEnd(width, '<');
  if (head.length + 3 > width) return `${head.slice(0, width - 3).replace(/<+$/, '')}<<${secondary[0]![0]}`.padEnd(width, '<');
  let field = full.slice(0, width);
  if (field.endsWith('<')) {
    const nextInitial = full[width]!;
    // Position width-1 holds the last letter of a component; take it back unless the component is one letter.
    if (field[width - 3] !== '<') field = `${field.slice(0, width - 2)}<${nextInitial}`;
  }
  return field;
}

/** The characters of a TD1 MRZ: three lines of 30, written one after the other (as DG1 holds them). */
export const TD1_LENGTH = 3 * TD1_LINE_LENGTH;

/**
 * Writes the TD1 of `fields` into `target` at `at`: 90 MRZ characters as ASCII octets, the three lines
 * one after the other, as DG1 holds them. Refuses, naming the field, what cannot be written or read back;
 * on a refusal the octets at `at` are left partly written.
 */
export function writeTd1(fields: Td1Fields, target: Uint8Array, at = 0): void {
  const line1 = at;
  const line2 = at + TD1_LINE_LENGTH;
  const line3 = at + 2 * TD1_LINE_LENGTH;

  const code = fields.documentCode;
  const first = code.charCodeAt(0);
  const second = code.length === 2 ? code.charCodeAt(1) : FILLER;
  if (!(code.length >= 1 && code.length <= 2 && (first === 0x41 || first === 0x43 || first === 0x49) && (isLetter(second) || second === FILLER))) {
    refuse('documentCode', `"${code}" is not a TD1 document code (A, C or I, then an optional letter)`);
  }
  target[line1] = first;
  target[line1 + 1] = second;

  const number = fields.documentNumber;
  let alphanumeric = number.length > 0;
  for (let i = 0; alphanumeric && i < number.length; i++) alphanumeric = isDigit(number.charCodeAt(i)) || isLetter(number.charCodeAt(i));
  if (!alphanumeric) refuse('documentNumber', `"${number}" may hold only 0-9 and A-Z (${DOCUMENT_NUMBER_LENGTH} characters, or up to ${MAX_DOCUMENT_NUMBER_LENGTH} with the overflow rule)`);
  if (number.length > MAX_DOCUMENT_NUMBER_LENGTH) refuse('documentNumber', `"${number}" is ${number.length} characters; with the overflow rule at most ${MAX_DOCUMENT_NUMBER_LENGTH} fit`);
  if (number.length <= DOCUMENT_NUMBER_LENGTH) {
    writeText(target, line1 + 5, number, DOCUMENT_NUMBER_LENGTH);
    target[line1 + 14] = DIGIT_0 + (weightedSum(target, line1 + 5, line1 + 14, 0) % 10);
    writeOptionalData(target, line1 + 15, fields.optionalData1, OPTIONAL_DATA_1_LENGTH, 'optionalData1');
  } else {
    // Part 5 §4.2.2 note: 9 principal characters, a filler for the check digit, then the rest of the
    // number, its check digit (over the whole number) and a filler at the start of the optional data.
    writeText(target, line1 + 5, number, number.length);
    target[line1 + 14 + number.length - DOCUMENT_NUMBER_LENGTH] = DIGIT_0 + (weightedSum(target, line1 + 5, line1 + 5 + number.length, 0) % 10);
    target.copyWithin(line1 + 15, line1 + 14, line1 + 5 + number.length + 1);
    target[line1 + 14] = FILLER;
    const overflow = number.length - DOCUMENT_NUMBER_LENGTH + 2;
    target[line1 + 15 + overflow - 1] = FILLER;
    writeOptionalData(target, line1 + 15 + overflow, fields.optionalData1, OPTIONAL_DATA_1_LENGTH - overflow, 'optionalData1');
  }
  writeCode3(target, line1 + 2, fields.issuingState, 'issuingState');

  writeDate(target, line2, fields.dateOfBirth, 'dateOfBirth');
  target[line2 + 6] = DIGIT_0 + (weightedSum(target, line2, line2 + 6, 0) % 10);
  const expiryYear = writeDate(target, line2 + 8, fields.dateOfExpiry, 'dateOfExpiry');
  if (expiryYear < 2000 || expiryYear > 2099) refuse('dateOfExpiry', `${fields.dateOfExpiry} cannot be read back: expiry years are read as 2000-2099`);
  const sex = fields.sex;
  if (sex !== 'F' && sex !== 'M' && sex !== 'X') refuse('sex', `"${String(sex)}" is not F, M or X`);
  target[line2 + 7] = sex === 'X' ? FILLER : sex.charCodeAt(0);
  target[line2 + 14] = DIGIT_0 + (weightedSum(target, line2 + 8, line2 + 14, 0) % 10);
  writeCode3(target, line2 + 15, fields.nationality, 'nationality');
  writeOptionalData(target, line2 + 18, fields.optionalData2, OPTIONAL_DATA_2_LENGTH, 'optionalData2');
  // The composite check digit: line 1 positions 6-30, line 2 positions 1-7, 9-15 and 19-29, weights running on.
  let composite = weightedSum(target, line1 + 5, line1 + 30, 0);
  composite += weightedSum(target, line2, line2 + 7, 25);
  composite += weightedSum(target, line2 + 8, line2 + 15, 32);
  composite += weightedSum(target, line2 + 18, line2 + 29, 39);
  target[line2 + 29] = DIGIT_0 + (composite % 10);

  const primary = nameComponents(fields.primaryIdentifier, 'primaryIdentifier');
  const secondary = nameComponents(fields.secondaryIdentifier, 'secondaryIdentifier');
  if (!writeWholeName(target, line3, primary, secondary)) writeText(target, line3, td1NameField(primary, secondary), TD1_LINE_LENGTH);
}

/** Writes line 3 when the whole name fits (most names do), as `td1NameField` would; false when it does not. */
function writeWholeName(target: Uint8Array, at: number, primary: readonly string[], secondary: readonly string[]): boolean {
  if (primary.length === 0) return false;
  let length = primary.length - 1 + (secondary.length === 0 ? 0 : secondary.length + 1);
  for (const component of primary) length += component.length;
  for (const component of secondary) length += component.length;
  if (length > TD1_LINE_LENGTH) return false;
  let next = at;
  for (let i = 0; i < primary.length; i++) {
    if (i > 0) target[next++] = FILLER;
    writeText(target, next, primary[i]!, 0);
    next += primary[i]!.length;
  }
  if (secondary.length > 0) {
    target[next++] = FILLER;
    for (const component of secondary) {
      target[next++] = FILLER;
      writeText(target, next, component, 0);
      next += component.length;
    }
  }
  for (; next < at + TD1_LINE_LENGTH; next++) target[next] = FILLER;
  return true;
}

/** The three lines of a TD1 MRZ written by `writeTd1`, read from `bytes` at `at`. */
export function td1Lines(bytes: Uint8Array, at = 0): [string, string, string] {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + at, TD1_LENGTH).toString('latin1');
  return [text.slice(0, TD1_LINE_LENGTH), text.slice(TD1_LINE_LENGTH, 2 * TD1_LINE_LENGTH), text.slice(2 * TD1_LINE_LENGTH)];
}

/** Writes the three TD1 lines. Refuses, naming the field, what cannot be written or read back. */
export function generateTd1(fields: Td1Fields): [string, string, string] {
  const bytes = new Uint8Array(TD1_LENGTH);
  writeTd1(fields, bytes);
  return td1Lines(bytes);
}

/** The Latin name when one is on record, else the Arabic one. */
function nameOnRecord(latin: string, arabic: string | undefined): string {
  return latin.trim() !== '' ? latin : (arabic ?? '');
}

/** The TD1 fields of a card: Latin names when on record, else the Arabic ones through Table C. */
export function td1FieldsFromCard(card: CardData): Td1Fields {
  const primaryIdentifier = nameOnRecord(card.surname, card.surnameArabic);
  if (primaryIdentifier.trim() === '') refuse('surname', 'a card needs a surname, in Latin or in Arabic script');
  return {
    documentCode: card.documentCode ?? 'ID',
    issuingState: card.issuingState,
    documentNumber: card.documentNumber,
    optionalData1: card.optionalData1 ?? '',
    dateOfBirth: card.dateOfBirth,
    sex: card.sex,
    dateOfExpiry: card.dateOfExpiry,
    nationality: card.nationality,
    optionalData2: card.optionalData2 ?? '',
    primaryIdentifier,
    secondaryIdentifier: nameOnRecord(card.givenNames, card.givenNamesArabic),
  };
}

// --- reading ---------------------------------------------------------------------------------------------

function mrzError(line: number, position: number, message: string): never {
  const problem: FieldProblem = { field: `mrz.line${line}`, message: `position ${position}: ${message}` };
  throw new DomainError('validation', `MRZ line ${line}, position ${position}: ${message}`, { errors: [problem] });
}

function verify(line: number, position: number, what: string, data: string, digit: string): void {
  if (!/^[0-9]$/.test(digit)) mrzError(line, position, `the ${what} check digit is "${digit}", not a digit`);
  const expected = checkDigit(data);
  if (digit !== expected) mrzError(line, position, `the ${what} check digit is ${digit}, but "${data}" gives ${expected}`);
}

function readCode3(text: string, line: number, position: number, what: string): string {
  if (!/^[A-Z]+<*$/.test(text)) mrzError(line, position, `the ${what} "${text}" is not a three-letter code`);
  return text.replace(/<+$/, '');
}

function readDate(text: string, line: number, position: number, what: string, century: (yy: number, mmdd: string) => number): string {
  if (!/^\d{6}$/.test(text)) mrzError(line, position, `the ${what} "${text}" is not YYMMDD`);
  const yy = Number(text.slice(0, 2));
  const year = century(yy, text.slice(2));
  const iso = `${String(year).padStart(4, '0')}-${text.slice(2, 4)}-${text.slice(4, 6)}`;
  if (!isValidDate(year, Number(text.slice(2, 4)), Number(text.slice(4, 6)))) mrzError(line, position, `the ${what} ${iso} is not a date`);
  return iso;
}

function readName(line3: string): Pick<ParsedTd1, 'primaryIdentifier' | 'secondaryIdentifier' | 'nameMayBeTruncated'> {
  const digit = /[0-9]/.exec(line3);
  if (digit !== null) mrzError(3, digit.index + 1, `"${digit[0]}": a name holds only A-Z and <`);
  const name = line3.replace(/<+$/, '');
  if (name === '') mrzError(3, 1, 'the name is empty');
  const split = name.indexOf('<<');
  const primary = split < 0 ? name : name.slice(0, split);
  const secondary = split < 0 ? '' : name.slice(split + 2);
  const components = (part: string, offset: number) => {
    if (part === '') return [];
    const list = part.split('<');
    const empty = list.indexOf('');
    if (empty >= 0) mrzError(3, offset + list.slice(0, empty).join('<').length + 1, 'fillers in a row inside a name component');
    return list;
  };
  const primaryComponents = components(primary, 0);
  if (primaryComponents.length === 0) mrzError(3, 1, 'the name has no primary identifier');
  return {
    primaryIdentifier: primaryComponents.join(' '),
    secondaryIdentifier: components(secondary, split + 2).join(' '),
    nameMayBeTruncated: line3[TD1_LINE_LENGTH - 1] !== '<',
  };
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Reads the three TD1 lines, verifying every check digit; the error names the line, the position and what
 * is wrong. `today` sets the century of the birth date (see the top of this file).
 */
export function parseTd1(lines: readonly string[], options: { today?: Date } = {}): ParsedTd1 {
  if (lines.length !== 3) throw new DomainError('validation', `a TD1 MRZ has 3 lines; got ${lines.length}`, { errors: [{ field: 'mrz', message: `${lines.length} lines` }] });
  lines.forEach((text, i) => {
    if (text.length !== TD1_LINE_LENGTH) mrzError(i + 1, Math.min(text.length, TD1_LINE_LENGTH) + 1, `the line has ${text.length} characters; a TD1 line has ${TD1_LINE_LENGTH}`);
    const bad = /[^0-9A-Z<]/.exec(text);
    if (bad !== null) mrzError(i + 1, bad.index + 1, `"${bad[0]}" is not an MRZ character (0-9, A-Z, <)`);
  });
  const [line1, line2, line3] = lines as [string, string, string];

  if (!/^[ACI][A-Z<]$/.test(line1.slice(0, 2))) mrzError(1, 1, `the document code "${line1.slice(0, 2)}" is not a TD1 code (A, C or I, then a letter or <)`);
  const documentCode = line1.slice(0, 2).replace(/<$/, '');
  const issuingState = readCode3(line1.slice(2, 5), 1, 3, 'issuing state');

  let documentNumber: string;
  let optionalData1: string;
  const numberField = line1.slice(5, 14);
  if (line1[14] === '<') {
    // Overflow (Part 5 §4.2.2 note): the number goes on in the optional data up to a filler, its last character the check digit.
    if (!/^[0-9A-Z]{9}$/.test(numberField)) mrzError(1, 6, `a filler for the document number check digit means a long number, but "${numberField}" is not 9 characters`);
    const optional = line1.slice(15);
    const end = optional.indexOf('<');
    if (end < 2) mrzError(1, 16, 'a filler for the document number check digit means a long number, but the optional data holds no continuation and check digit followed by <');
    documentNumber = numberField + optional.slice(0, end - 1);
    verify(1, 15 + end, 'document number', documentNumber, optional[end - 1]!);
    optionalData1 = optional.slice(end + 1).replace(/<+$/, '');
  } else {
    if (!/^[0-9A-Z]+<*$/.test(numberField)) mrzError(1, 6, `the document number "${numberField}" has a filler inside it`);
    verify(1, 15, 'document number', numberField, line1[14]!);
    documentNumber = numberField.replace(/<+$/, '');
    optionalData1 = line1.slice(15).replace(/<+$/, '');
  }

  const today = isoDay(options.today ?? systemClock.now());
  const dateOfBirth = readDate(line2.slice(0, 6), 2, 1, 'date of birth', (yy, mmdd) => {
    const recent = 2000 + yy;
    const candidate = `${recent}-${mmdd.slice(0, 2)}-${mmdd.slice(2)}`;
    return candidate <= today ? recent : recent - 100;
  });
  verify(2, 7, 'date of birth', line2.slice(0, 6), line2[6]!);
  const sexCharacter = line2[7]!;
  if (sexCharacter !== 'F' && sexCharacter !== 'M' && sexCharacter !== '<') mrzError(2, 8, `the sex "${sexCharacter}" is not F, M or <`);
  const dateOfExpiry = readDate(line2.slice(8, 14), 2, 9, 'date of expiry', (yy) => 2000 + yy);
  verify(2, 15, 'date of expiry', line2.slice(8, 14), line2[14]!);
  const nationality = readCode3(line2.slice(15, 18), 2, 16, 'nationality');
  const optionalData2 = line2.slice(18, 29).replace(/<+$/, '');
  verify(2, 30, 'composite', line1.slice(5) + line2.slice(0, 7) + line2.slice(8, 15) + line2.slice(18, 29), line2[29]!);

  return {
    documentCode,
    issuingState,
    documentNumber,
    optionalData1,
    dateOfBirth,
    sex: sexCharacter === '<' ? 'X' : sexCharacter,
    dateOfExpiry,
    nationality,
    optionalData2,
    ...readName(line3),
  };
}
