/**
 * Names compared as people write them: the same name in Arabic with or without vowels, and in Latin
 * letters as French-speaking clerks spell Moroccan names (Mohamed / Mohammed / Muhammad, Bouchra /
 * Bushra, Khalid / Halid, Hicham / Hisham, El Idrissi / Idrissi). Pure; the keys are stored beside each
 * person so that the demographic check finds candidates with one indexed query.
 */

// Tashkeel (harakat, tanwin, shadda, sukun, dagger alif), Quranic marks, and the tatweel.
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
const ARABIC_FOLDS: Readonly<Record<string, string>> = {
  '\u0623': '\u0627', // أ -> ا
  '\u0625': '\u0627', // إ -> ا
  '\u0622': '\u0627', // آ -> ا
  '\u0671': '\u0627', // ٱ -> ا
  '\u0629': '\u0647', // ة -> ه
  '\u0649': '\u064A', // ى -> ي
  '\u0624': '\u0648', // ؤ -> و
  '\u0626': '\u064A', // ئ -> ي
};

/**
 * An Arabic name in one comparable form: presentation forms folded (NFKC), vowel marks and tatweel
 * stripped, the alef forms أ إ آ ٱ as ا, ة as ه, ى as ي, the hamza seats ؤ ئ as و ي, no spaces or hyphens.
 * @example normaliseArabic('مُحَمَّد أمين') === normaliseArabic('محمد امين')
 */
export function normaliseArabic(text: string): string {
  let folded = '';
  for (const char of text.normalize('NFKC').replace(ARABIC_MARKS, '')) folded += ARABIC_FOLDS[char] ?? char;
  return folded.replace(/[\s\-\u2010-\u2015'’.]/g, '');
}

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
// Spellings of one sound, longest first: the French and English ways of writing Arabic consonants.
const LATIN_SOUNDS: readonly [RegExp, string][] = [
  [/^ou(?=[aeiy])/, 'w'], // Ouafae / Wafae, Oualid / Walid
  [/ou/g, 'u'],
  [/oo/g, 'u'],
  [/dj/g, 'j'],
  [/tch/g, 'x'],
  [/sch|ch|sh/g, 'x'],
  [/kh/g, 'h'], // Khalid / Halid, as the same letter is often written
  [/gh/g, 'r'], // Ghita / Rhita: the ghayn is written both ways in Morocco
  [/rh/g, 'r'],
  [/ph/g, 'f'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/q/g, 'k'],
  [/ck/g, 'k'],
  [/c(?=[eiy])/g, 's'], // Youcef / Youssef
  [/c/g, 'k'],
];

/** Tokens that are articles, not names: El Idrissi is Idrissi. */
const ARTICLES = new Set(['el', 'al', 'l', 'ed', 'ad', 'ech', 'es', 'et', 'ez']);

/**
 * A Latin-script name as a phonetic key tolerant of how Moroccan names are transliterated: case and
 * accents ignored; articles (el-, al-) dropped; abd el / abdel / abdul as abd; ou / u, kh / h, ch / sh,
 * gh / r, q / k, c / k or s folded; a French final e dropped; double letters single; each run of vowels
 * one vowel (so Said and Saad read alike: the other checks tell them apart); spaces and hyphens gone
 * (Fatima Zahra is Fatimazahra, Ben Jelloun is Benjelloun).
 * @example latinKey('Mohammed El-Idrissi') === latinKey('Muhamad Idrissi')
 */
export function latinKey(text: string): string {
  const plain = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
  const tokens = plain.split(' ').filter((token) => token !== '' && !ARTICLES.has(token));
  let key = '';
  for (const char of tokens.map(latinToken).join('')) {
    const symbol = VOWELS.has(char) ? 'a' : char;
    if (key.endsWith(symbol)) continue;
    key += symbol;
  }
  return key;
}

/** One word of a name, its sounds folded (before vowels and double letters are). */
function latinToken(word: string): string {
  // `elidrissi` is `idrissi`; a name that is mostly the article (Alia, Elie) keeps it.
  let token = word.replace(/^(?:el|al)(?=.{3,})/, '');
  // Abd el-, Abdel-, Abdul-, Abdal-: the servant of; one prefix however it is written.
  token = token.replace(/^abd[eua]?l/, 'abd');
  for (const [pattern, sound] of LATIN_SOUNDS) token = token.replace(pattern, sound);
  // A y before a consonant or at the end is a vowel (Chaymae, Rachidy); before a vowel, a consonant (Yassine).
  token = token.replace(/y(?![aeiou])/g, 'i');
  // A final h after a vowel is not heard (Abdellah, Abdella), nor a French final e (Amine, Amin).
  return token.replace(/([aeiou])h$/, '$1').replace(/([^aeiou])e$/, '$1');
}

/** Whether a name is written in Arabic script (else it is taken as Latin). */
export function isArabic(text: string): boolean {
  return /\p{Script=Arabic}/u.test(text);
}

/** A name in whichever script it is written, as a key prefixed by its script. */
export function anyNameKey(text: string): string {
  return isArabic(text) ? `ar:${normaliseArabic(text)}` : `la:${latinKey(text)}`;
}

/** What the demographic check compares of a person. */
export interface DemographicKeys {
  readonly nin: string;
  readonly birthDate: string;
  readonly birthPlace: string;
  /** Given names then surname, in each script. */
  readonly nameKeyAr: string;
  readonly nameKeyLatin: string;
  readonly fatherKey: string | null;
  readonly motherKey: string | null;
}

/** The keys of a person's names. */
export function demographicKeys(person: {
  nin: string;
  birthDate: string;
  birthPlace: string;
  givenNames: string;
  surname: string;
  givenNamesAr: string;
  surnameAr: string;
  fatherName: string | null;
  motherName: string | null;
}): DemographicKeys {
  return {
    nin: person.nin,
    birthDate: person.birthDate,
    birthPlace: person.birthPlace,
    nameKeyAr: normaliseArabic(`${person.givenNamesAr}${person.surnameAr}`),
    nameKeyLatin: latinKey(`${person.givenNames} ${person.surname}`),
    fatherKey: person.fatherName === null ? null : anyNameKey(person.fatherName),
    motherKey: person.motherName === null ? null : anyNameKey(person.motherName),
  };
}

/**
 * Why two records may be one person, or undefined when they are not alike: the same birth date, the
 * same name (in either script), and the same parents. A parent on one record only, or written in
 * different scripts, cannot tell them apart: then the birth place must agree. Two records that both
 * name a parent differently are two people.
 */
export function demographicMatch(a: DemographicKeys, b: DemographicKeys): string | undefined {
  if (a.nin === b.nin || a.birthDate !== b.birthDate) return undefined;
  const sameName = a.nameKeyAr === b.nameKeyAr || a.nameKeyLatin === b.nameKeyLatin;
  if (!sameName) return undefined;
  const parents = [compareParent(a.fatherKey, b.fatherKey), compareParent(a.motherKey, b.motherKey)];
  if (parents.includes('different')) return undefined;
  const known = parents.filter((p) => p === 'same').length;
  if (known < 2 && latinKey(a.birthPlace) !== latinKey(b.birthPlace) && normaliseArabic(a.birthPlace) !== normaliseArabic(b.birthPlace)) return undefined;
  return known === 2 ? 'same names, birth date and parents' : 'same names, birth date and birth place (parents not comparable)';
}

function compareParent(a: string | null, b: string | null): 'same' | 'different' | 'unknown' {
  if (a === null || b === null || a.slice(0, 3) !== b.slice(0, 3)) return 'unknown';
  return a === b ? 'same' : 'different';
}
