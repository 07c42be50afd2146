import { Type, type TSchema, type TString } from 'typebox';

/**
 * Shared building blocks of the API contracts. Every string says what it accepts (`x-expected` is
 * quoted in the error a client gets back), and none accepts control characters.
 */

// Printable text: no C0/C1 control characters except tab, line feed and carriage return.
const PRINTABLE_MULTILINE = '^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$';
const PRINTABLE_LINE = '^[^\\u0000-\\u001F\\u007F-\\u009F]*$';

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

/** A login name: lower-case ASCII letters, digits, dot, underscore, hyphen; starts with a letter. */
export const Username = Type.String({
  minLength: 3,
  maxLength: 32,
  pattern: '^[a-z][a-z0-9._-]*$',
  'x-expected': 'lower-case letters, digits, dots, underscores or hyphens, starting with a letter, 3 to 32 characters',
});

/** A secret typed by a person: 12 to 256 printable characters (argon2 bounds the cost of long ones). */
export const Password = Type.String({
  minLength: 12,
  maxLength: 256,
  pattern: PRINTABLE_LINE,
  'x-expected': '12 to 256 printable characters',
});

/** An identifier minted by Amane. */
export const Uuid = Type.String({
  format: 'uuid',
  'x-expected': 'a UUID such as 3f2b7c1e-9a4d-4e8b-8f00-1c2d3e4f5a6b',
});

/** A point in time, ISO 8601 in UTC. */
export const Timestamp = Type.String({ format: 'date-time', 'x-expected': 'an ISO 8601 date-time' });

export const Locale = Type.Enum(['ar', 'fr', 'en'], { 'x-expected': 'ar, fr or en' });

/** A closed object: unknown fields are refused, never silently dropped. */
export function Closed<T extends Record<string, TSchema>>(properties: T, options: { description?: string } = {}) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** Path parameters of a route about one thing: `/users/:id`. */
export const IdParams = Closed({ id: Uuid });

/** The body of an action that must say why (disable, revoke): journaled with it. */
export const ReasonBody = Closed({ reason: Line({ maxLength: 500, description: 'why; journaled with the action' }) });

/** A request that takes no body. */
export const NoBody = Closed({});

/** The body of an error (RFC 9457 problem details), for the OpenAPI description. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
    allowed: Type.Optional(Type.Array(Type.String())),
    requestId: Type.Optional(Type.String()),
  },
  { description: 'RFC 9457 problem details' },
);
