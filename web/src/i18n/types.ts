import type { Language } from '../model';

/** A screen's words in the three languages of the console; French and Arabic must say everything English says. */
export type Bundle<T extends Record<string, string>> = { readonly en: T } & { readonly [L in Exclude<Language, 'en'>]: Record<keyof T, string> };
