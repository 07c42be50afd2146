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

const WEIGHTS = [7, 3, 1] as const;

function characterValue(ch: string): number {
  const code = ch.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (ch === '<') return 0;
  throw new DomainError('validation', `"${ch}" is not an MRZ character (0-9, A-Z, <)`);
}

/**
 * The check digit of Doc 9303 Part 3 §4.9: weights 7, 3, 1 repeated, `0-9` = 0-9, `A-Z` = 10-35, `<` = 0,
 * sum modulo 10. @example checkDigit('D23145890') // '7'
 */
export function checkDigit(text: string): string {
  let sum = 0;
  for (let i = 0; i < text.length; i++) sum += characterValue(text[i]!) * WEIGHTS[i % 3]!;
  return String(sum % 10);
}

function refuse(field: string, message: string): never {
  throw new DomainError('validation', `${field}: ${message}`, { errors: [{ field, message }] });
}

function code3(value: string, field: string): string {
  if (!/^[A-Z]{1,3}<{0,2}$/.test(value) || value.length > 3) refuse(field, `"${value}" is not an ICAO three-letter code (A-Z, e.g. MAR, or D for Germany)`);
  return value.padEnd(3, '<');
}

function optionalData(value: string, length: number, field: string): string {
  if (!/^[0-9A-Z<]*$/.test(value)) refuse(field, `"${value}" may hold only 0-9, A-Z and <`);
  if (value.length > length) refuse(field, `"${value}" is ${value.length} characters; at most ${length} fit`);
  return value.padEnd(length, '<');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isValidDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

function yymmdd(iso: string, field: string): string {
  const match = ISO_DATE.exec(iso);
  if (match === null || !isValidDate(Number(match[1]), Number(match[2]), Number(match[3]))) refuse(field, `"${iso}" is not a date YYYY-MM-DD`);
  return `${match[1]!.slice(2)}${match[2]}${match[3]}`;
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

/** Writes the three TD1 lines. Refuses, naming the field, what cannot be written or read back. */
export function generateTd1(fields: Td1Fields): [string, string, string] {
  const documentCode = fields.documentCode;
  if (!/^[ACI][A-Z<]?$/.test(documentCode)) refuse('documentCode', `"${documentCode}" is not a TD1 document code (A, C or I, then an optional letter)`);
  const number = fields.documentNumber;
  if (!/^[0-9A-Z]+$/.test(number)) refuse('documentNumber', `"${number}" may hold only 0-9 and A-Z (${DOCUMENT_NUMBER_LENGTH} characters, or up to ${MAX_DOCUMENT_NUMBER_LENGTH} with the overflow rule)`);
  if (number.length > MAX_DOCUMENT_NUMBER_LENGTH) refuse('documentNumber', `"${number}" is ${number.length} characters; with the overflow rule at most ${MAX_DOCUMENT_NUMBER_LENGTH} fit`);
  let numberField: string;
  let numberCheck: string;
  let optional1: string;
  if (number.length <= DOCUMENT_NUMBER_LENGTH) {
    numberField = number.padEnd(DOCUMENT_NUMBER_LENGTH, '<');
    numberCheck = checkDigit(numberField);
    optional1 = optionalData(fields.optionalData1, OPTIONAL_DATA_1_LENGTH, 'optionalData1');
  } else {
    // Part 5 §4.2.2 note: 9 principal characters, a filler for the check digit, then the rest of the
    // number, its check digit (over the whole number) and a filler at the start of the optional data.
    numberField = number.slice(0, DOCUMENT_NUMBER_LENGTH);
    numberCheck = '<';
    const overflow = `${number.slice(DOCUMENT_NUMBER_LENGTH)}${checkDigit(number)}<`;
    optional1 = overflow + optionalData(fields.optionalData1, OPTIONAL_DATA_1_LENGTH - overflow.length, 'optionalData1');
  }
  const line1 = `${documentCode.padEnd(2, '<')}${code3(fields.issuingState, 'issuingState')}${numberField}${numberCheck}${optional1}`;

  const birth = yymmdd(fields.dateOfBirth, 'dateOfBirth');
  const expiry = yymmdd(fields.dateOfExpiry, 'dateOfExpiry');
  const expiryYear = Number(fields.dateOfExpiry.slice(0, 4));
  if (expiryYear < 2000 || expiryYear > 2099) refuse('dateOfExpiry', `${fields.dateOfExpiry} cannot be read back: expiry years are read as 2000-2099`);
  const sex = fields.sex === 'X' ? '<' : fields.sex;
  if (sex !== 'F' && sex !== 'M' && sex !== '<') refuse('sex', `"${String(fields.sex)}" is not F, M or X`);
  const upper = `${birth}${checkDigit(birth)}${sex}${expiry}${checkDigit(expiry)}${code3(fields.nationality, 'nationality')}${optionalData(fields.optionalData2, OPTIONAL_DATA_2_LENGTH, 'optionalData2')}`;
  const line2 = `${upper}${checkDigit(line1.slice(5) + upper.slice(0, 7) + upper.slice(8, 15) + upper.slice(18, 29))}`;

  const line3 = td1NameField(nameComponents(fields.primaryIdentifier, 'primaryIdentifier'), nameComponents(fields.secondaryIdentifier, 'secondaryIdentifier'));
  return [line1, line2, line3];
}

/** The TD1 fields of a card: Latin names when on record, else the Arabic ones through Table C. */
export function td1FieldsFromCard(card: CardData): Td1Fields {
  const pick = (latin: string, arabic: string | undefined) => (latin.trim() !== '' ? latin : (arabic ?? ''));
  const primaryIdentifier = pick(card.surname, card.surnameArabic);
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
    secondaryIdentifier: pick(card.givenNames, card.givenNamesArabic),
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
