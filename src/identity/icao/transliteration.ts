/**
 * Names written for the MRZ: only A-Z, with `<` between name components (Doc 9303 Part 3 §4.6, and §6
 * "Transliterations recommended for use by States").
 *
 * - Latin script: Table A of §6. Letters with diacritics lose them (É -> E, Ñ -> N), except those the
 *   table spells out: Ä -> AE, Å -> AA, Æ -> AE, Ö -> OE, Ø -> OE, Ü -> UE, ß -> SS, Þ -> TH, Œ -> OE,
 *   Ĳ -> IJ, Ð/Đ -> D, Ħ -> H, Ł/Ŀ -> L, Ŋ -> N, Ŧ -> T. (The table also allows the shorter A, O,
 *   U for Ä, Ö, Ü; we write the recommended two-letter forms.)
 * - Arabic script: Table C of §6 (7th edition numbering; "Transliteration of Arabic script"), the
 *   reversible letter-for-letter scheme where X marks a letter with no plain Latin equivalent
 *   (ث XTH, ح XH, خ XKH, ش XSH, ...). Harakat, sukun, dagger alif and tatweel are not encoded; shadda
 *   doubles the letter it sits on; ة is XTA, or XAH at the end of a name component. Example from the
 *   standard: ابو بكر محمد بن زكريا الرازي -> ABW<BKR<MXHMD<BN<ZKRYA<ALRAZY.
 *
 * Spaces and hyphens separate components (one `<`); apostrophes, full stops and commas are omitted.
 * Anything else is refused, naming the character, rather than guessed.
 */

/** A name that cannot be written in the MRZ. */
export class TransliterationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransliterationError';
  }
}

/** Table A letters whose transliteration is not simply the letter without its diacritic (upper case). */
const LATIN_SPECIAL: Readonly<Record<string, string>> = {
  Ä: 'AE',
  Å: 'AA',
  Æ: 'AE',
  Ö: 'OE',
  Ø: 'OE',
  Ü: 'UE',
  ẞ: 'SS',
  Þ: 'TH',
  Œ: 'OE',
  Ĳ: 'IJ',
  Ð: 'D',
  Đ: 'D',
  Ħ: 'H',
  Ł: 'L',
  Ŀ: 'L',
  Ŋ: 'N',
  Ŧ: 'T',
};

/** Doc 9303 Part 3 §6 Table C: Arabic-script letters (Arabic, and the Persian, Urdu and Pashto additions). */
const ARABIC: Readonly<Record<string, string>> = {
  '\u0621': 'XE', // ء hamza
  '\u0622': 'XAA', // آ alef with madda above
  '\u0623': 'XAE', // أ alef with hamza above
  '\u0624': 'U', // ؤ waw with hamza above
  '\u0625': 'I', // إ alef with hamza below
  '\u0626': 'XI', // ئ yeh with hamza above
  '\u0627': 'A', // ا alef
  '\u0628': 'B', // ب beh
  '\u062A': 'T', // ت teh
  '\u062B': 'XTH', // ث theh
  '\u062C': 'J', // ج jeem
  '\u062D': 'XH', // ح hah
  '\u062E': 'XKH', // خ khah
  '\u062F': 'D', // د dal
  '\u0630': 'XDH', // ذ thal
  '\u0631': 'R', // ر reh
  '\u0632': 'Z', // ز zain
  '\u0633': 'S', // س seen
  '\u0634': 'XSH', // ش sheen
  '\u0635': 'XSS', // ص sad
  '\u0636': 'XDZ', // ض dad
  '\u0637': 'XTT', // ط tah
  '\u0638': 'XZZ', // ظ zah
  '\u0639': 'E', // ع ain
  '\u063A': 'G', // غ ghain
  '\u0641': 'F', // ف feh
  '\u0642': 'Q', // ق qaf
  '\u0643': 'K', // ك kaf
  '\u0644': 'L', // ل lam
  '\u0645': 'M', // م meem
  '\u0646': 'N', // ن noon
  '\u0647': 'H', // ه heh
  '\u0648': 'W', // و waw
  '\u0649': 'XAY', // ى alef maksura
  '\u064A': 'Y', // ي yeh
  '\u0671': 'XXA', // ٱ alef wasla
  '\u0679': 'XXT', // ٹ tteh
  '\u067C': 'XRT', // ټ teh with ring
  '\u067E': 'P', // پ peh
  '\u0681': 'XKE', // ځ hah with hamza above
  '\u0685': 'XXH', // څ hah with three dots above
  '\u0686': 'XC', // چ tcheh
  '\u0688': 'XXD', // ڈ ddal
  '\u0689': 'XDR', // ډ dal with ring
  '\u0691': 'XXR', // ڑ rreh
  '\u0693': 'XRR', // ړ reh with ring
  '\u0696': 'XRX', // ږ reh with dot below and dot above
  '\u0698': 'XJ', // ژ jeh
  '\u069A': 'XXS', // ښ seen with dot below and dot above
  '\u06A9': 'XKK', // ک keheh
  '\u06AB': 'XXK', // ګ kaf with ring
  '\u06AD': 'XNG', // ڭ ng (Moroccan gaf)
  '\u06AF': 'XGG', // گ gaf
  '\u06BA': 'XNN', // ں noon ghunna
  '\u06BC': 'XXN', // ڼ noon with ring
  '\u06BE': 'XDO', // ھ heh doachashmee
  '\u06C0': 'XYH', // ۀ heh with yeh above
  '\u06C1': 'XXG', // ہ heh goal
  '\u06C2': 'XGE', // ۂ heh goal with hamza above
  '\u06C3': 'XTG', // ۃ teh marbuta goal
  '\u06CC': 'XYA', // ی farsi yeh
  '\u06CD': 'XXY', // ۍ yeh with tail
  '\u06D0': 'Y', // ې e
  '\u06D2': 'XYB', // ے yeh barree
  '\u06D3': 'XBE', // ۓ yeh barree with hamza above
};
/** Table C by character code from U+0600, for the letter-by-letter loop. */
const ARABIC_BY_CODE: readonly (string | undefined)[] = Array.from({ length: 0x100 }, (_, i) => ARABIC[String.fromCharCode(0x600 + i)]);
const TEH_MARBUTA = '\u0629';
const SHADDA = '\u0651';
/** Not encoded (Table C): fathatan..kasra (064B-0650), sukun (0652), dagger alif (0670), tatweel (0640). */
const NOT_ENCODED = /[\u064B-\u0650\u0652\u0670\u0640]/u;
const SEPARATOR = /[\s\-\u2010\u2011]/u;
const OMITTED = /['’ʼ`.,]/u;
const ARABIC_SCRIPT = /\p{Script=Arabic}/u;
/** Arabic letters, signs and spaces that NFKC leaves as they are (no presentation forms, no combining hamza or madda). */
const COMPOSED_ARABIC = /^[\u0621-\u063A\u0640-\u0652\u0670-\u06D3\s\-'’ʼ`.,]*$/u;
const PLAIN = /^[A-Za-z ]*$/;

const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Whether a name is written in Arabic script (any Arabic letter in it). */
export function isArabicScript(name: string): boolean {
  return ARABIC_SCRIPT.test(name);
}

/** The components of a name, each in MRZ letters: `transliterateLatin("Anna-María d'Ávila")` -> ANNA MARIA DAVILA. */
export function transliterateLatin(name: string): string[] {
  // Most names on record need no table: plain letters and spaces.
  if (PLAIN.test(name)) return plainComponents(name);
  const components: string[] = [];
  let current = '';
  for (const ch of name.normalize('NFC').toUpperCase()) {
    if (ch >= 'A' && ch <= 'Z') current += ch;
    else if (SEPARATOR.test(ch)) {
      if (current !== '') components.push(current);
      current = '';
    } else if (OMITTED.test(ch) || /\p{M}/u.test(ch)) continue;
    else if (LATIN_SPECIAL[ch] !== undefined) current += LATIN_SPECIAL[ch];
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      if (!/^[A-Z]+$/.test(base)) throw new TransliterationError(`"${ch}" (${codePoint(ch)}) in "${name}" has no transliteration to the MRZ (Doc 9303 Part 3 §6, Table A)`);
      current += base;
    }
  }
  if (current !== '') components.push(current);
  return components;
}

/** The components of a name of plain letters and spaces, upper-cased. */
function plainComponents(name: string): string[] {
  const components: string[] = [];
  const upper = name.toUpperCase();
  let start = 0;
  for (let i = 0; i <= upper.length; i++) {
    if (i === upper.length || upper.charCodeAt(i) === 0x20) {
      if (i > start) components.push(upper.slice(start, i));
      start = i + 1;
    }
  }
  return components;
}

/** The components of an Arabic-script name, per Table C: `transliterateArabic('محمد')` -> ['MXHMD']. */
export function transliterateArabic(name: string): string[] {
  const components: string[] = [];
  // NFKC folds presentation forms (ﻻ, ﺔ) and combining hamza or madda to the letters of the table; most
  // names have none, and are spared the normalisation.
  const text = COMPOSED_ARABIC.test(name) ? name : name.normalize('NFKC');
  for (const word of text.split(SEPARATOR)) {
    let letters = '';
    let previous = '';
    for (let i = 0; i < word.length; i++) {
      const ch = word[i]!;
      const code = word.charCodeAt(i);
      const latin = code >= 0x600 && code <= 0x6ff ? ARABIC_BY_CODE[code - 0x600] : undefined;
      if (latin !== undefined) {
        letters += latin;
        previous = latin;
      } else if (ch === SHADDA) {
        if (previous === '') throw new TransliterationError(`shadda with no letter before it in "${name}"`);
        letters += previous;
      } else if (ch === TEH_MARBUTA) {
        // XAH when it ends the component (nothing but unwritten signs after it), XTA elsewhere.
        previous = /^[\u064B-\u0652\u0670\u0640'’ʼ`.,]*$/u.test(word.slice(i + 1)) ? 'XAH' : 'XTA';
        letters += previous;
      } else if (!NOT_ENCODED.test(ch) && !OMITTED.test(ch)) {
        const full = String.fromCodePoint(word.codePointAt(i)!);
        throw new TransliterationError(`"${full}" (${codePoint(full)}) in "${name}" is not in the Arabic table of Doc 9303 Part 3 §6 (Table C)`);
      }
    }
    if (letters !== '') components.push(letters);
  }
  return components;
}

/** A name's MRZ components from either script: Arabic script goes through Table C, Latin through Table A. */
export function mrzNameComponents(name: string): string[] {
  if (PLAIN.test(name)) return plainComponents(name);
  return isArabicScript(name) ? transliterateArabic(name) : transliterateLatin(name);
}
