import type { Language } from '@contract/shapes';

/** The plural categories a language may add to English's `one` and `other` (Arabic has all six). */
type MorePlurals<K> = K extends `${infer Base}.other` ? `${Base}.${'zero' | 'two' | 'few' | 'many'}` : never;

/**
 * A screen's words in the three languages of the console; French and Arabic must say everything English
 * says, and may add the plural forms their grammar needs to a sentence counted (`key.one`, `key.other`).
 */
export type Bundle<T extends Record<string, string>> = { readonly en: T } & {
  readonly [L in Exclude<Language, 'en'>]: Record<keyof T, string> & Partial<Record<MorePlurals<keyof T>, string>>;
};
