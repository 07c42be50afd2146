import { errorCodes, ErrorCodes } from '@contract';
import { describe, expect, it } from 'vitest';
import { common } from './i18n/common';
import type { MessageKey } from './i18n';
import { oneFieldKey, problemKeys, problemParamKeys, refusalText, type RefusalWords } from './refusal';

const languages = ['ar', 'fr', 'en'] as const;

/** The console's words in one language, as far as refusals go (the common bundle holds them). */
function wordsIn(language: (typeof languages)[number]): RefusalWords {
  const dictionary: Record<string, string> = common[language];
  return {
    t: (key: MessageKey, vars: Record<string, string | number> = {}) => (dictionary[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name])),
    separator: language === 'ar' ? '، ' : ', ',
    number: (value: number) => String(value),
    has: (key: string) => key in dictionary,
  };
}

describe('refusals in the operator’s language', () => {
  it('has a sentence for every code of the contract’s catalogue in Arabic, French and English', () => {
    for (const language of languages) {
      const dictionary: Record<string, string> = common[language];
      for (const code of errorCodes) {
        expect(dictionary[problemKeys[code]], `${language}: ${code}`).toMatch(/\S/);
        for (const param of ErrorCodes[code].params) expect(dictionary[problemParamKeys[param]], `${language}: ${code} with ${param}`).toMatch(/\S/);
      }
    }
  });

  it('words an invalid transition in the operator’s language, never with the API’s names of actions it has no words for', () => {
    const text = refusalText(wordsIn('ar'), { status: 409, code: 'invalid_transition', errors: [], allowed: ['reopen', 'close'] });
    expect(text).toBe('غير ممكن في حالته الحالية.');
  });

  it('names the fields a validation refused when it has words for them, and says “the fields marked” otherwise', () => {
    const named = refusalText(wordsIn('ar'), { status: 400, code: 'validation', errors: [{ field: 'address', message: 'must be one line' }, { field: 'type', message: 'unknown' }], allowed: [] });
    expect(named).toBe('غير صالح: العنوان، النوع. راجعها وحاول مجدداً.');
    const unnamed = refusalText(wordsIn('fr'), { status: 400, code: 'validation', errors: [{ field: 'surname', message: 'must be one line' }], allowed: [] });
    expect(unnamed).toBe('Un champ n’est pas valide : vérifiez les champs signalés.');
  });

  it('says how long to wait when the centre limits attempts', () => {
    expect(refusalText(wordsIn('en'), { status: 429, code: 'rate_limited', errors: [], allowed: [], retryAfterS: 30 })).toBe('Too many attempts: try again in 30 s.');
  });

  it('falls back to the generic sentence, in the operator’s language, for a code it does not know', () => {
    expect(refusalText(wordsIn('ar'), { status: 418, code: 'teapot', errors: [], allowed: [] })).toBe('رفض المركز الطلب (الرمز 418).');
  });

  it('names a refused field with the form’s own label, one field in the singular', () => {
    const closes = (field: string) => (field === 'closes' ? 'ساعة الإغلاق' : undefined);
    const text = refusalText(wordsIn('ar'), { status: 400, code: 'validation', errors: [{ field: 'closes', message: 'must be after opens' }], allowed: [] }, closes);
    expect(text).toBe('تحقق من الحقل «ساعة الإغلاق».');
    const both = refusalText(wordsIn('en'), { status: 400, code: 'validation', errors: [{ field: 'opens', message: 'not a time' }, { field: 'address', message: 'empty' }], allowed: [] }, (field) => (field === 'opens' ? 'Opens' : undefined));
    expect(both).toBe('Not valid: Opens, Address. Check them and try again.');
  });

  it('never shows the API’s name of a field: one the form has no label for leaves the code’s own sentence', () => {
    for (const language of languages) {
      const refusal = { status: 400, code: 'validation', errors: [{ field: 'fromDate', message: 'not a date' }, { field: 'address', message: 'empty' }], allowed: [] };
      const text = refusalText(wordsIn(language), refusal, (field) => (field === 'address' ? 'Adresse' : undefined));
      expect(text).toBe(wordsIn(language).t(problemKeys.validation));
      expect(text).not.toContain('fromDate');
    }
  });

  it('has the sentence naming one field in every language', () => {
    for (const language of languages) expect(common[language][oneFieldKey], language).toMatch(/\{field\}/);
  });
});
