import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.js';
import { checkDigit, generateTd1, parseTd1, td1FieldsFromCard, td1NameField, type Td1Fields } from './mrz.js';
import { transliterateArabic, transliterateLatin } from './transliteration.js';

const TODAY = new Date('2026-11-29T10:00:00Z');

const specimen: Td1Fields = {
  documentCode: 'I',
  issuingState: 'UTO',
  documentNumber: 'D23145890',
  optionalData1: '',
  dateOfBirth: '1974-08-12',
  sex: 'F',
  dateOfExpiry: '2012-04-15',
  nationality: 'UTO',
  optionalData2: '',
  primaryIdentifier: 'ERIKSSON',
  secondaryIdentifier: 'ANNA MARIA',
};
const SPECIMEN_LINES = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'] as const;

/** The message of the error a function throws (a test fails if it does not throw). */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('the TD1 MRZ of the ICAO specimen (Doc 9303 Part 5)', () => {
  it('is generated exactly from its fields', () => {
    expect(generateTd1(specimen)).toEqual(SPECIMEN_LINES);
  });

  it('is parsed back to its fields, every check digit verified', () => {
    expect(parseTd1(SPECIMEN_LINES, { today: TODAY })).toEqual({ ...specimen, nameMayBeTruncated: false });
  });

  it('computes check digits with weights 7-3-1, < as 0 and A-Z as 10-35 (Part 3 §4.9)', () => {
    expect(checkDigit('D23145890')).toBe('7');
    expect(checkDigit('740812')).toBe('2');
    expect(checkDigit('120415')).toBe('9');
    expect(checkDigit('<<<')).toBe('0');
    expect(checkDigit('A')).toBe('0');
    expect(checkDigit('Z')).toBe('5');
  });
});

describe('writing a TD1 MRZ', () => {
  it('puts a long document number in the optional data, after a filler for its check digit (Part 5 overflow rule)', () => {
    const lines = generateTd1({ ...specimen, documentNumber: 'D23145890123', optionalData1: 'XY' });
    expect(lines[0]).toBe(`I<UTOD23145890<123${checkDigit('D23145890123')}<XY<<<<<<<<`);
    expect(parseTd1(lines, { today: TODAY })).toMatchObject({ documentNumber: 'D23145890123', optionalData1: 'XY' });
  });

  it('refuses a document number the overflow rule cannot hold, and optional data that does not fit', () => {
    expect(refusal(() => generateTd1({ ...specimen, documentNumber: 'A'.repeat(23) }))).toMatch(/documentNumber: .* is 23 characters; with the overflow rule at most 22 fit/);
    expect(refusal(() => generateTd1({ ...specimen, documentNumber: 'D2314-589' }))).toMatch(/documentNumber/);
    expect(refusal(() => generateTd1({ ...specimen, documentNumber: 'D23145890123', optionalData1: 'ABCDEFGHIJK' }))).toMatch(/optionalData1: .* at most 10 fit/);
    expect(refusal(() => generateTd1({ ...specimen, optionalData2: 'ABCDEFGHIJKL' }))).toMatch(/optionalData2: .* at most 11 fit/);
  });

  it('writes X as < in the sex field and refuses an expiry it could not read back', () => {
    expect(generateTd1({ ...specimen, sex: 'X' })[1][7]).toBe('<');
    expect(parseTd1(generateTd1({ ...specimen, sex: 'X' }), { today: TODAY }).sex).toBe('X');
    expect(refusal(() => generateTd1({ ...specimen, dateOfExpiry: '2101-01-01' }))).toMatch(/dateOfExpiry: .* expiry years are read as 2000-2099/);
    expect(refusal(() => generateTd1({ ...specimen, dateOfBirth: '1974-02-30' }))).toMatch(/dateOfBirth: "1974-02-30" is not a date/);
    expect(refusal(() => generateTd1({ ...specimen, documentCode: 'P' }))).toMatch(/not a TD1 document code/);
  });

  it('transliterates Latin names with diacritics per Doc 9303 Part 3 §6', () => {
    const lines = generateTd1({ ...specimen, primaryIdentifier: 'Ødegård-Müller', secondaryIdentifier: "Éloïse Ñúñez d'Aßmann" });
    expect(lines[2]).toBe('OEDEGAARD<MUELLER<<ELOISE<NUNE');
    expect(transliterateLatin('Ærøskøbing Straße')).toEqual(['AEROESKOEBING', 'STRASSE']);
    expect(transliterateLatin('Łódź Þór Œuvre Ĳssel')).toEqual(['LODZ', 'THOR', 'OEUVRE', 'IJSSEL']);
  });

  it('uses the Arabic names, through Table C of Doc 9303 Part 3 §6, when no Latin name is on record', () => {
    expect(transliterateArabic('ابو بكر محمد بن زكريا الرازي').join('<')).toBe('ABW<BKR<MXHMD<BN<ZKRYA<ALRAZY');
    expect(transliterateArabic('فاطمة الزهراء')).toEqual(['FAXTTMXAH', 'ALZHRAXE']);
    expect(transliterateArabic('عبّاس')).toEqual(['EBBAS']);
    expect(transliterateArabic('حمزة بنشقرون')).toEqual(['XHMZXAH', 'BNXSHQRWN']);
    // Harakat are not encoded; presentation forms fold to their letters.
    expect(transliterateArabic('مُحَمَّد')).toEqual(['MXHMMD']);
    expect(transliterateArabic('\uFEE3\uFEA4\uFEE4\uFEAA')).toEqual(['MXHMD']);
    const card = td1FieldsFromCard({
      documentNumber: 'AB1234567',
      issuingState: 'MAR',
      nationality: 'MAR',
      surname: '',
      givenNames: '',
      surnameArabic: 'العلوي',
      givenNamesArabic: 'فاطمة',
      dateOfBirth: '1990-01-31',
      sex: 'F',
      dateOfExpiry: '2036-01-30',
    });
    expect(generateTd1(card)[2]).toBe('ALELWY<<FAXTTMXAH<<<<<<<<<<<<<');
    expect(card.documentCode).toBe('ID');
  });

  it('refuses a letter it has no transliteration for, naming it', () => {
    expect(refusal(() => generateTd1({ ...specimen, primaryIdentifier: 'ڤاطمة' }))).toMatch(/primaryIdentifier: "ڤ" \(U\+06A4\) .* not in the Arabic table/);
    expect(refusal(() => generateTd1({ ...specimen, secondaryIdentifier: 'Anna@Maria' }))).toMatch(/secondaryIdentifier: "@" \(U\+0040\)/);
    expect(refusal(() => td1FieldsFromCard({ ...cardOf(specimen), surname: ' ', surnameArabic: undefined }))).toMatch(/needs a surname/);
  });
});

function cardOf(fields: Td1Fields) {
  return {
    documentNumber: fields.documentNumber,
    issuingState: fields.issuingState,
    nationality: fields.nationality,
    surname: fields.primaryIdentifier,
    givenNames: fields.secondaryIdentifier,
    dateOfBirth: fields.dateOfBirth,
    sex: fields.sex,
    dateOfExpiry: fields.dateOfExpiry,
  };
}

describe('truncating a name longer than line 3 (our reading of Doc 9303 Part 3 §4.6)', () => {
  it('cuts the secondary identifiers first, ending in a letter', () => {
    expect(td1NameField(['NILAVADHANANANDA'], ['CHAYAPA', 'DEJTHAMRONG', 'KRASUANG'])).toBe('NILAVADHANANANDA<<CHAYAPA<DEJT');
  });

  it('gives the next initial the last position when the cut falls on a filler', () => {
    expect(td1NameField(['ERIKSSON'], ['MAXIMILIANAUGUSTINE', 'JOHANNES'])).toBe('ERIKSSON<<MAXIMILIANAUGUSTIN<J');
  });

  it('cuts a primary identifier that leaves no room to 27 characters, then the first initial', () => {
    expect(td1NameField(['WOLFESCHLEGELSTEINHAUSENBERGERDORFF'], ['HUBERT', 'BLAINE'])).toBe('WOLFESCHLEGELSTEINHAUSENBER<<H');
    expect(td1NameField(['WOLFESCHLEGELSTEINHAUSENBERGERDORFF'], [])).toBe('WOLFESCHLEGELSTEINHAUSENBERGER');
  });

  it('says when a name read back may have been truncated', () => {
    const lines = generateTd1({ ...specimen, primaryIdentifier: 'NILAVADHANANANDA', secondaryIdentifier: 'CHAYAPA DEJTHAMRONG KRASUANG' });
    expect(parseTd1(lines, { today: TODAY })).toMatchObject({ primaryIdentifier: 'NILAVADHANANANDA', secondaryIdentifier: 'CHAYAPA DEJT', nameMayBeTruncated: true });
  });
});

describe('reading a TD1 MRZ', () => {
  it('names the line, the position and the check digit that is wrong', () => {
    expect(refusal(() => parseTd1([SPECIMEN_LINES[0].replace('D2314', 'D2315'), SPECIMEN_LINES[1], SPECIMEN_LINES[2]]))).toBe(
      'MRZ line 1, position 15: the document number check digit is 7, but "D23155890" gives 0',
    );
    expect(refusal(() => parseTd1([SPECIMEN_LINES[0], SPECIMEN_LINES[1].replace('7408122', '7408132'), SPECIMEN_LINES[2]]))).toMatch(/line 2, position 7: the date of birth check digit is 2, but "740813" gives 3/);
    expect(refusal(() => parseTd1([SPECIMEN_LINES[0], `${SPECIMEN_LINES[1].slice(0, 29)}5`, SPECIMEN_LINES[2]]))).toMatch(/line 2, position 30: the composite check digit is 5, but .* gives 6/);
    expect(refusal(() => parseTd1([SPECIMEN_LINES[0], SPECIMEN_LINES[1].replace('F', 'Q'), SPECIMEN_LINES[2]]))).toMatch(/line 2, position 8: the sex "Q" is not F, M or </);
    expect(refusal(() => parseTd1([SPECIMEN_LINES[0], SPECIMEN_LINES[1].slice(1), SPECIMEN_LINES[2]]))).toMatch(/line 2, .* the line has 29 characters; a TD1 line has 30/);
    expect(refusal(() => parseTd1([SPECIMEN_LINES[0].toLowerCase(), SPECIMEN_LINES[1], SPECIMEN_LINES[2]]))).toMatch(/line 1, position 1: "i" is not an MRZ character/);
    expect(refusal(() => parseTd1(SPECIMEN_LINES.slice(0, 2)))).toMatch(/a TD1 MRZ has 3 lines; got 2/);
  });

  it('reads the birth century so that the holder is under 100 on the day of reading', () => {
    const lines = generateTd1({ ...specimen, dateOfBirth: '2020-03-01' });
    expect(parseTd1(lines, { today: TODAY }).dateOfBirth).toBe('2020-03-01');
    expect(parseTd1(lines, { today: new Date('2019-01-01T00:00:00Z') }).dateOfBirth).toBe('1920-03-01');
    expect(parseTd1(generateTd1({ ...specimen, dateOfBirth: '1926-11-30' }), { today: TODAY }).dateOfBirth).toBe('1926-11-30');
  });
});

// --- properties -------------------------------------------------------------------------------------------

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';
const value = (ch: string) => ALPHABET.indexOf(ch) % 36;
const letters = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'), minLength: min, maxLength: max });
const optional = (max: number) =>
  fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: max }).map((s) => s.replace(/<+$/, ''));
const isoDate = (min: string, max: string) => fc.date({ min: new Date(`${min}T00:00:00Z`), max: new Date(`${max}T00:00:00Z`), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

const td1Fields: fc.Arbitrary<Td1Fields> = fc
  .record({
    documentCode: fc.tuple(fc.constantFrom('A', 'C', 'I'), fc.constantFrom('', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ')).map(([a, b]) => a + b),
    issuingState: fc.oneof(letters(3, 3), letters(1, 1)),
    documentNumber: fc.oneof({ weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...ALPHABET.slice(0, 36)), minLength: 1, maxLength: 9 }) }, fc.string({ unit: fc.constantFrom(...ALPHABET.slice(0, 36)), minLength: 10, maxLength: 22 })),
    optionalData1: optional(15),
    dateOfBirth: isoDate('1926-11-30', '2026-11-29'),
    sex: fc.constantFrom('F' as const, 'M' as const, 'X' as const),
    dateOfExpiry: isoDate('2000-01-01', '2099-12-31'),
    nationality: letters(3, 3),
    optionalData2: optional(11),
    primary: fc.array(letters(1, 10), { minLength: 1, maxLength: 3 }),
    secondary: fc.array(letters(1, 10), { maxLength: 3 }),
  })
  .map(({ primary, secondary, ...rest }) => {
    const room = rest.documentNumber.length > 9 ? 15 - (rest.documentNumber.length - 9) - 2 : 15;
    return { ...rest, optionalData1: rest.optionalData1.slice(0, room).replace(/<+$/, ''), primaryIdentifier: primary.join(' '), secondaryIdentifier: secondary.join(' ') };
  })
  .filter((f) => f.primaryIdentifier.length + (f.secondaryIdentifier === '' ? 0 : f.secondaryIdentifier.length + 2) <= 30);

const withChange = (lines: readonly string[], line: number, index: number, ch: string) => lines.map((text, i) => (i === line ? text.slice(0, index) + ch + text.slice(index + 1) : text));
const parses = (lines: readonly string[]) => {
  try {
    return parseTd1(lines, { today: TODAY });
  } catch (error) {
    if (error instanceof DomainError) return undefined;
    throw error;
  }
};

/** Positions (0-based) that the composite check digit covers, with the composite digit itself. */
const COVERED: readonly (readonly [number, number])[] = [
  ...Array.from({ length: 25 }, (_, i) => [0, 5 + i] as const),
  ...[0, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, ...Array.from({ length: 12 }, (_, i) => 18 + i)].map((i) => [1, i] as const),
];
const UNCOVERED: readonly (readonly [number, number])[] = [[0, 0], [0, 1], [0, 2], [0, 3], [0, 4], [1, 7], [1, 15], [1, 16], [1, 17]];

describe('TD1 MRZ properties', () => {
  it('reads every generated MRZ back to its fields', () => {
    fc.assert(
      fc.property(td1Fields, (fields) => {
        const lines = generateTd1(fields);
        // A name that exactly fills line 3 ends in a letter: it reads as "may be truncated", which it may be.
        expect(parseTd1(lines, { today: TODAY })).toEqual({ ...fields, nameMayBeTruncated: !lines[2].endsWith('<') });
      }),
      { numRuns: 500 },
    );
  });

  it('detects every single-character change at a check-digit-covered position of lines 1–2 (line 1: 6–30, line 2: 1–7, 9–15, 19–30) to a character of another value mod 10', () => {
    const change = fc.record({ fields: td1Fields, at: fc.constantFrom(...COVERED), ch: fc.constantFrom(...ALPHABET) });
    fc.assert(
      fc.property(change, ({ fields, at: [line, index], ch }) => {
        const lines = generateTd1(fields);
        fc.pre(value(ch) % 10 !== value(lines[line]![index]!) % 10);
        expect(parses(withChange(lines, line, index, ch))).toBeUndefined();
      }),
      { numRuns: 2_000 },
    );
  });

  it('cannot see a change between characters of equal value mod 10 (0, A, K, U and < all count 0): weights 7-3-1 are blind to it', () => {
    const changed = withChange(SPECIMEN_LINES, 0, 13, 'A');
    expect(changed[0]).toBe('I<UTOD2314589A7<<<<<<<<<<<<<<<');
    expect(parseTd1(changed, { today: TODAY }).documentNumber).toBe('D2314589A');
    expect(parseTd1(withChange(SPECIMEN_LINES, 0, 20, 'K'), { today: TODAY }).optionalData1).toBe('<<<<<K');
  });

  it('covers line 1 positions 1–5 and line 2 positions 8 and 16–18 with no check digit: a change there is refused only when the value is invalid, and is otherwise read as another value', () => {
    expect(parseTd1(withChange(SPECIMEN_LINES, 0, 4, 'A'), { today: TODAY }).issuingState).toBe('UTA');
    expect(parseTd1(withChange(SPECIMEN_LINES, 0, 1, 'D'), { today: TODAY }).documentCode).toBe('ID');
    expect(parseTd1(withChange(SPECIMEN_LINES, 1, 7, 'M'), { today: TODAY }).sex).toBe('M');
    expect(parseTd1(withChange(SPECIMEN_LINES, 1, 16, 'S'), { today: TODAY }).nationality).toBe('USO');
    const change = fc.record({ fields: td1Fields, at: fc.constantFrom(...UNCOVERED), ch: fc.constantFrom(...ALPHABET) });
    fc.assert(
      fc.property(change, ({ fields, at: [line, index], ch }) => {
        const lines = generateTd1(fields);
        fc.pre(ch !== lines[line]![index]);
        const read = parses(withChange(lines, line, index, ch));
        // Never silently the original: either refused, or visibly different fields.
        if (read !== undefined) expect({ ...read, nameMayBeTruncated: false }).not.toEqual({ ...fields, nameMayBeTruncated: false });
      }),
      { numRuns: 1_000 },
    );
  });

  it('covers line 3 (the name) with no check digit: a letter changed to another letter is read, as another name', () => {
    const change = fc.record({ fields: td1Fields, index: fc.nat(29), ch: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ') });
    fc.assert(
      fc.property(change, ({ fields, index, ch }) => {
        const lines = generateTd1(fields);
        fc.pre(/[A-Z]/.test(lines[2][index]!) && lines[2][index] !== ch);
        const read = parseTd1(withChange(lines, 2, index, ch), { today: TODAY });
        expect(`${read.primaryIdentifier}|${read.secondaryIdentifier}`).not.toBe(`${fields.primaryIdentifier}|${fields.secondaryIdentifier}`);
      }),
      { numRuns: 500 },
    );
  });
});
