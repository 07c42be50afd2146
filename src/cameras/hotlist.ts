import { Type, type Static } from 'typebox';
import { Closed, Line, Timestamp, Uuid } from '../core/schema.js';
import { HotlistPriority, HotlistReason } from '../contract/camera.js';

/**
 * Plate hotlists: lists of wanted plates (stolen vehicles, wanted persons...), each with a reason and a
 * priority, and the rule that turns any way of writing a plate into one comparable form. Pure.
 */

// Reasons and priorities are the contract's: an alarm carries them to the console.
export { HotlistPriority, HotlistReason } from '../contract/camera.js';

/**
 * Arabic letters of Moroccan plates (`12345 | أ | 6`) and their Latin equivalents, as the registration
 * series are commonly transcribed. و is W (the letter's sound, and how Latin-only systems print the
 * series); a Latin E is not folded into it, so a plate read as `12345E6` matches an entry typed with E only.
 * Letters outside this table make a plate unreadable rather than silently dropped.
 */
const ARABIC_PLATE_LETTERS: Readonly<Record<string, string>> = {
  '\u0627': 'A', // ا
  '\u0623': 'A', // أ
  '\u0625': 'A', // إ
  '\u0622': 'A', // آ
  '\u0628': 'B', // ب
  '\u062F': 'D', // د
  '\u0647': 'H', // ه (هـ is ه and a tatweel, dropped first)
  '\u0648': 'W', // و
  '\u0637': 'T', // ط
};

// Separators between a plate's groups: spaces, hyphens and dashes, bars (Moroccan plates), dots, slashes.
const SEPARATORS = /[\s\-\u2010-\u2015\u2212|\u00A6./_\u00B7]/gu;
// Invisible direction marks, the Arabic elongation (tatweel) and combining marks (Arabic vowels): they change nothing.
const INVISIBLE = /[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069\u0640]|\p{Mn}/gu;

/** The longest and shortest plates compared (after normalisation). */
export const PLATE_MIN_LENGTH = 2;
export const PLATE_MAX_LENGTH = 12;

/**
 * A plate in the one form hotlists and readers are compared in: upper-case Latin letters and Western
 * digits, nothing else. Case, spaces, hyphens, bars and dots do not count; Arabic-Indic digits are
 * digits; the Arabic letters of Moroccan plates become Latin ones (see ARABIC_PLATE_LETTERS); Unicode
 * compatibility forms (full-width letters, Arabic presentation forms) are folded first.
 * Returns the plate, or what is wrong with the text.
 * @example normalisePlate('12345 | أ | 6') === '12345A6'; normalisePlate('ab-123-cd') === 'AB123CD'
 */
export function normalisePlate(text: string): { plate: string } | { problem: string } {
  let folded = '';
  for (const char of text.normalize('NFKC').replace(INVISIBLE, '').replace(SEPARATORS, '')) {
    const code = char.codePointAt(0)!;
    if (code >= 0x0660 && code <= 0x0669) folded += String(code - 0x0660);
    else if (code >= 0x06f0 && code <= 0x06f9) folded += String(code - 0x06f0);
    else if (/[0-9A-Za-z]/.test(char)) folded += char.toUpperCase();
    else if (ARABIC_PLATE_LETTERS[char] !== undefined) folded += ARABIC_PLATE_LETTERS[char];
    else return { problem: `"${char}" is not a plate character (Latin letters, digits, and the Arabic letters ${Object.keys(ARABIC_PLATE_LETTERS).join(' ')} are)` };
  }
  if (folded.length < PLATE_MIN_LENGTH || folded.length > PLATE_MAX_LENGTH) {
    return { problem: `has ${folded.length} letters and digits once separators are removed; a plate has ${PLATE_MIN_LENGTH} to ${PLATE_MAX_LENGTH}` };
  }
  return { plate: folded };
}

/** A list entry as the matcher sees it (with its list). */
export interface HotlistEntryForMatch {
  readonly hotlistId: string;
  readonly hotlistName: string;
  readonly reason: HotlistReason;
  readonly priority: HotlistPriority;
  readonly plate: string;
  readonly note: string | null;
  /** Epoch ms; null: does not expire. The entry's own expiry, or its list's if sooner. */
  readonly expiresAtMs: number | null;
  readonly active: boolean;
}

/**
 * The entries `plate` (normalised) hits at `atMs`: of an active list, not expired; the most urgent first.
 */
export function matchPlate(entries: readonly HotlistEntryForMatch[] | undefined, atMs: number): HotlistEntryForMatch[] {
  if (entries === undefined) return [];
  return entries.filter((e) => e.active && (e.expiresAtMs === null || e.expiresAtMs > atMs)).sort((a, b) => a.priority.localeCompare(b.priority) || a.hotlistName.localeCompare(b.hotlistName));
}

/** The journal stream of a list: its creation, changes, entries added and removed. */
export function hotlistStream(id: string): string {
  return `plate-hotlist/${id}`;
}

const ReasonSchema = Type.Enum(Object.values(HotlistReason), { 'x-expected': `one of ${Object.values(HotlistReason).join(', ')}` });
const PrioritySchema = Type.Enum(Object.values(HotlistPriority), { 'x-expected': 'P1, P2, P3 or P4' });

/** A plate as typed: any script, separators allowed; normalised on the way in. */
export const PlateText = Type.String({ minLength: 2, maxLength: 40, pattern: '^[^\\u0000-\\u001F\\u007F-\\u009F]*$', 'x-expected': 'a plate such as 12345-A-6 or 12345 | أ | 6' });

export const HotlistEntry = Closed({
  plate: Type.String({ description: 'normalised: upper-case Latin letters and digits' }),
  text: Type.String({ description: 'as it was typed' }),
  note: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Timestamp, Type.Null()]),
  addedAt: Timestamp,
  addedBy: Type.String(),
});
export type HotlistEntry = Static<typeof HotlistEntry>;

export const Hotlist = Closed({
  id: Uuid,
  name: Type.String(),
  reason: ReasonSchema,
  priority: PrioritySchema,
  description: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  expiresAt: Type.Union([Timestamp, Type.Null()]),
  entryCount: Type.Integer(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Hotlist = Static<typeof Hotlist>;

export const HotlistWithEntries = Closed({ ...Hotlist.properties, entries: Type.Array(HotlistEntry) });
export type HotlistWithEntries = Static<typeof HotlistWithEntries>;

export const NewHotlistEntry = Closed({
  plate: PlateText,
  note: Type.Optional(Line({ maxLength: 300 })),
  expiresAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
});
export type NewHotlistEntry = Static<typeof NewHotlistEntry>;

const Entries = Type.Array(NewHotlistEntry, { maxItems: 5_000, 'x-expected': 'a list of at most 5000 plates' });

export const NewHotlist = Closed({
  name: Line({ maxLength: 100 }),
  reason: ReasonSchema,
  priority: PrioritySchema,
  description: Type.Optional(Line({ maxLength: 500 })),
  active: Type.Optional(Type.Boolean({ description: 'Whether plate reads are matched against the list' })),
  expiresAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
  entries: Type.Optional(Entries),
});
export type NewHotlist = Static<typeof NewHotlist>;

export const HotlistChange = Closed({
  name: Type.Optional(Line({ maxLength: 100 })),
  reason: Type.Optional(ReasonSchema),
  priority: Type.Optional(PrioritySchema),
  description: Type.Optional(Type.Union([Line({ maxLength: 500 }), Type.Null()])),
  active: Type.Optional(Type.Boolean({ description: 'Whether plate reads are matched against the list' })),
  expiresAt: Type.Optional(Type.Union([Timestamp, Type.Null()])),
});
export type HotlistChange = Static<typeof HotlistChange>;

export const EntriesBody = Closed({ entries: Type.Array(NewHotlistEntry, { minItems: 1, maxItems: 5_000, 'x-expected': 'a list of 1 to 5000 plates' }) });

/** What a plate hits, for an operator checking a plate by hand. */
export const PlateMatch = Closed({
  plate: Type.String(),
  hits: Type.Array(
    Closed({ hotlistId: Uuid, hotlistName: Type.String(), reason: ReasonSchema, priority: PrioritySchema, note: Type.Union([Type.String(), Type.Null()]) }),
  ),
});
export type PlateMatch = Static<typeof PlateMatch>;
