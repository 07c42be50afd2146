import { Type, type Static, type TSchema, type TString } from 'typebox';

/**
 * Building blocks of the shapes the server and the console share: TypeBox schemas, which hold no Node
 * code and are read by the console as types only (`import type`). Every string says what it accepts
 * (`x-expected` is quoted in the error a client gets back), and none accepts control characters.
 */

// Printable text: no C0/C1 control characters except tab, line feed and carriage return.
export const PRINTABLE_MULTILINE = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$';
export const PRINTABLE_LINE = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';

/** One line of free text (a title, an address line). */
export function Line(options: { maxLength: number; minLength?: number; description?: string }): TString {
  return Type.String({
    minLength: options.minLength ?? 1,
    maxLength: options.maxLength,
    pattern: PRINTABLE_LINE,
    'x-expected': `one line of printable text, ${options.minLength ?? 1} to ${options.maxLength} characters`,
    ...(options.description === undefined ? {} : { description: options.description }),
  });
}

/** Free text over several lines (a note, a narrative). */
export function Text(options: { maxLength: number; description?: string }): TString {
  return Type.String({
    minLength: 1,
    maxLength: options.maxLength,
    pattern: PRINTABLE_MULTILINE,
    'x-expected': `printable text, 1 to ${options.maxLength} characters`,
    ...(options.description === undefined ? {} : { description: options.description }),
  });
}

/** An identifier minted by Amane. */
export const Uuid = Type.String({
  format: 'uuid',
  'x-expected': 'a UUID such as 3f2b7c1e-9a4d-4e8b-8f00-1c2d3e4f5a6b',
});

/** A point in time, ISO 8601 in UTC. */
export const Timestamp = Type.String({ format: 'date-time', 'x-expected': 'an ISO 8601 date-time' });

/** A login name: lower-case ASCII letters, digits, dot, underscore, hyphen; starts with a letter. */
export const Username = Type.String({
  minLength: 3,
  maxLength: 32,
  pattern: '^[a-z][a-z0-9._-]*$',
  'x-expected': 'lower-case letters, digits, dots, underscores or hyphens, starting with a letter, 3 to 32 characters',
});

export const Locale = Type.Enum(['ar', 'fr', 'en'], { 'x-expected': 'ar, fr or en' });

/** A closed object: unknown fields are refused, never silently dropped. */
export function Closed<T extends Record<string, TSchema>>(properties: T, options: { description?: string } = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/**
 * Shared building blocks of the API contracts. Every string says what it accepts (`x-expected` is
 * quoted in the error a client gets back), and none accepts control characters.
 */

/** A person's name in Latin script: letters (with accents), spaces, hyphens, apostrophes, dots. */
export const LatinName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: "^\\p{Script=Latin}[\\p{Script=Latin}\\p{M}' .-]*$",
  'x-expected': 'a name in Latin letters (spaces, hyphens, apostrophes and dots allowed), 1 to 100 characters',
});

/** A person's name in Arabic script: Arabic letters and marks, spaces, hyphens. */
export const ArabicName = Type.String({
  minLength: 1,
  maxLength: 100,
  pattern: '^\\p{Script=Arabic}[\\p{Script=Arabic}\\p{M}\\u0640 -]*$',
  'x-expected': 'a name in Arabic letters (spaces and hyphens allowed), 1 to 100 characters',
});

/** A latitude in degrees (WGS 84). */
export const Latitude = Type.Number({ minimum: -90, maximum: 90, 'x-expected': 'a latitude from -90 to 90' });

/** A longitude in degrees (WGS 84). */
export const Longitude = Type.Number({ minimum: -180, maximum: 180, 'x-expected': 'a longitude from -180 to 180' });

/** A place on the map: the console's `LatLon`. */
export const Point = Closed({ lat: Latitude, lon: Longitude }, { description: 'A point: latitude and longitude in degrees (WGS 84)' });
export type Point = Static<typeof Point>;

/** A language of the centre: the console's words and a person's choice. */
export type Language = Static<typeof Locale>;
