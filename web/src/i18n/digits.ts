/**
 * The console's own words with Arabic-Indic digits and the Arabic percent sign, for an operator who
 * reads them: the figures written into a sentence ("خلال 15 ثانية") follow the same digits as the
 * figures formatted into it. Digits that belong to a Latin token (a key such as F9, a standard such as
 * CAP 1.2) keep theirs. Only the sentence is changed, before the values are put in: a call sign or a
 * plate given as a value stays as the server wrote it.
 */
export function withArabicDigits(words: string): string {
  return words
    .replace(/(?<![A-Za-z0-9.]|[A-Za-z] )[0-9][0-9.]*/g, (run) => run.replace(/[0-9]/g, (digit) => String.fromCharCode(0x0660 + Number(digit))).replace(/\.(?=\p{Nd})/gu, '\u066B'))
    .replace(/%/g, '\u066A');
}
