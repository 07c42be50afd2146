import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { Language } from '@contract/shapes';
import { admin } from './admin';
import { audit } from './audit';
import { auth } from './auth';
import { calltaker } from './calltaker';
import { catalogue } from './catalogue';
import { certificates } from './certificates';
import { cctv } from './cctv';
import { common } from './common';
import { calendarParts } from './dayFirst';
import { dispatcher } from './dispatcher';
import { withArabicDigits } from './digits';
import { eod } from './eod';
import { field } from './field';
import { identity } from './identity';
import { permit } from './permit';
import { supervisor } from './supervisor';
import { traffic } from './traffic';

const bundles = [common, admin, auth, calltaker, dispatcher, supervisor, field, cctv, eod, identity, certificates, permit, traffic, audit, catalogue] as const;
type Keys<B> = B extends { en: infer T } ? keyof T : never;
export type MessageKey = Keys<(typeof bundles)[number]>;
/**
 * A sentence that depends on a number: its words are the keys `<base>.one` and `<base>.other` (English
 * has those two), and the other plural categories a language needs (`.zero`, `.two`, `.few`, `.many`).
 */
export type CountKey = { [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never }[MessageKey];

const dictionaries: Record<Language, Record<string, string>> = {
  en: Object.assign({}, ...bundles.map((b) => b.en)) as Record<string, string>,
  fr: Object.assign({}, ...bundles.map((b) => b.fr)) as Record<string, string>,
  ar: Object.assign({}, ...bundles.map((b) => b.ar)) as Record<string, string>,
};

export const languages: readonly { code: Language; name: string }[] = [
  { code: 'ar', name: 'العربية' },
  { code: 'fr', name: 'Français' },
  { code: 'en', name: 'English' },
];

import { centreClock } from './centreClock';
export { TIME_ZONE, centreClock, setServerOffsets } from './centreClock';

export interface I18n {
  readonly language: Language;
  readonly arabicDigits: boolean;
  readonly dir: 'rtl' | 'ltr';
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** Whether the console has words for `key` (for keys made from the server's codes). */
  has(key: string): key is MessageKey;
  /** What separates the items of a list in a sentence: `، ` in Arabic, `, ` otherwise. */
  readonly separator: string;
  /** A label from the server's catalogue ({ar, fr, en}). */
  label(labels: { ar: string; fr: string; en: string }): string;
  number(value: number, digits?: number): string;
  time(iso: string | Date): string;
  dateTime(iso: string | Date): string;
  /** Any other date or time format, on the centre's clock. */
  format(iso: string | Date, options: Intl.DateTimeFormatOptions): string;
  /** A duration in seconds as m:ss or h:mm:ss. */
  duration(seconds: number): string;
  /**
   * A day written day first, `14/05/1990` (Arabic-Indic digits when asked), whatever the browser's
   * locale. A calendar date `YYYY-MM-DD` (a birth date) is written as it is, never moved by a time
   * zone; an instant is written as its day on the centre's clock.
   */
  date(iso: string | Date): string;
  /**
   * The sentence for `n` of `key`: `key.<plural category of n in the language>` (Arabic has zero, one,
   * two, few, many and other), else `key.other`; `{n}` is `n` as `number` writes it.
   *
   *   count('identity.readyCount', 1) // ar: 'بطاقة واحدة جاهزة للتسليم', where '{n} بطاقات' read "1 بطاقات"
   */
  count(key: CountKey, n: number, vars?: Record<string, string | number>): string;
  /** A share (0.42) as a percentage: `42 %` in French, `42%` in Arabic, `٤٢٪` with Arabic-Indic digits. */
  percent(ratio: number, digits?: number): string;
}

function makeI18n(language: Language, arabicDigits: boolean): I18n {
  const dictionary = dictionaries[language];
  const locale = language === 'ar' ? (arabicDigits ? 'ar-MA-u-nu-arab' : 'ar-MA-u-nu-latn') : language === 'fr' ? 'fr-MA' : 'en-GB';
  const numbers = new Map<number, Intl.NumberFormat>();
  const formats = new Map<string, Intl.DateTimeFormat>();
  const format = (options: Intl.DateTimeFormatOptions, iso: string | Date) => {
    const { date, timeZone } = centreClock(typeof iso === 'string' ? new Date(iso) : iso);
    const key = `${timeZone}|${JSON.stringify(options)}`;
    let formatter = formats.get(key);
    if (formatter === undefined) formats.set(key, (formatter = new Intl.DateTimeFormat(locale, { ...options, timeZone })));
    return formatter.format(date);
  };
  const integer = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2, useGrouping: false });
  /** The console's words already written in Arabic-Indic digits, by key: `t` runs at every render. */
  const inArabicDigits = language === 'ar' && arabicDigits ? new Map<string, string>() : undefined;
  const year = new Intl.NumberFormat(locale, { useGrouping: false });
  const plurals = new Intl.PluralRules(locale);
  const centreDays = new Map<string, Intl.DateTimeFormat>();
  /** The day of the centre's calendar an instant falls on. */
  const centreDay = (at: Date) => {
    const { date, timeZone } = centreClock(at);
    let formatter = centreDays.get(timeZone);
    if (formatter === undefined) centreDays.set(timeZone, (formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
    return calendarParts(formatter.format(date));
  };
  const i18n: I18n = {
    language,
    arabicDigits,
    dir: language === 'ar' ? 'rtl' : 'ltr',
    separator: language === 'ar' ? '، ' : ', ',
    t(key, vars) {
      const words = dictionary[key] ?? dictionaries.en[key] ?? key;
      let text = words;
      if (inArabicDigits !== undefined) {
        text = inArabicDigits.get(key) ?? withArabicDigits(words);
        inArabicDigits.set(key, text);
      }
      return vars === undefined ? text : text.replace(/\{(\w+)\}/g, (_: string, name: string) => String(vars[name] ?? `{${name}}`));
    },
    has: (key): key is MessageKey => key in dictionaries.en,
    label: (labels) => labels[language],
    number(value, digits = 0) {
      let format = numbers.get(digits);
      if (format === undefined) numbers.set(digits, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: digits })));
      return format.format(value);
    },
    time: (iso) => format({ hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }, iso),
    dateTime: (iso) => format({ dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23' }, iso),
    format: (iso, options) => format(options, iso),
    duration(seconds) {
      const s = Math.max(0, Math.floor(seconds));
      const h = Math.floor(s / 3_600);
      const m = Math.floor((s % 3_600) / 60);
      const rest = s % 60;
      const mm = h > 0 ? integer.format(m) : i18n.number(m);
      return h > 0 ? `${i18n.number(h)}:${mm}:${integer.format(rest)}` : `${mm}:${integer.format(rest)}`;
    },
    date(iso) {
      const calendar = typeof iso === 'string' ? calendarParts(iso) : undefined;
      const instant = typeof iso === 'string' ? new Date(iso) : iso;
      const day = calendar ?? (Number.isNaN(instant.getTime()) ? undefined : centreDay(instant));
      if (day === undefined) return String(iso);
      return `${integer.format(day.day)}/${integer.format(day.month)}/${year.format(day.year)}`;
    },
    count(key, n, vars) {
      const specific = `${key}.${plurals.select(n)}`;
      const chosen = (specific in dictionary ? specific : `${key}.other`) as MessageKey;
      return i18n.t(chosen, { n: i18n.number(n), ...vars });
    },
    percent(ratio, digits = 0) {
      const sign = language === 'fr' ? '\u00a0%' : language === 'ar' && arabicDigits ? '\u066a' : '%';
      return `${i18n.number(ratio * 100, digits)}${sign}`;
    },
  };
  return i18n;
}

interface I18nState extends I18n {
  setLanguage(language: Language): void;
  setArabicDigits(on: boolean): void;
}

const I18nContext = createContext<I18nState | undefined>(undefined);

const STORAGE_KEY = 'amane.language';
const DIGITS_KEY = 'amane.arabicDigits';

export function storedLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'ar' || saved === 'fr' || saved === 'en' ? saved : 'fr';
}

/** The language in force; `<html lang dir>` follows it, so the whole layout mirrors for Arabic. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(storedLanguage);
  const [arabicDigits, setArabicDigitsState] = useState(() => localStorage.getItem(DIGITS_KEY) === 'true');
  const value = useMemo<I18nState>(
    () => ({
      ...makeI18n(language, arabicDigits),
      setLanguage(next) {
        localStorage.setItem(STORAGE_KEY, next);
        setLanguageState(next);
      },
      setArabicDigits(on) {
        localStorage.setItem(DIGITS_KEY, String(on));
        setArabicDigitsState(on);
      },
    }),
    [language, arabicDigits],
  );
  inForce = value;
  useEffect(() => {
    document.documentElement.lang = language;
    document.documentElement.dir = value.dir;
    // What the style sheet reads for the numbers it writes itself (the markers of numbered lists).
    document.documentElement.dataset.digits = language === 'ar' && arabicDigits ? 'arab' : 'latn';
  }, [language, value.dir, arabicDigits]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The language in force outside React (messages built in callbacks, e.g. a refusal's words). */
let inForce: I18n = makeI18n(storedLanguage(), false);

export function i18nInForce(): I18n {
  return inForce;
}

export function useI18n(): I18nState {
  const value = useContext(I18nContext);
  if (value === undefined) throw new Error('useI18n outside I18nProvider');
  return value;
}
