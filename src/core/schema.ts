import { Type } from 'typebox';
import { Closed, Line, PRINTABLE_LINE, Uuid } from '../contract/schema.js';

// The shared building blocks are part of the contract the console reads (src/contract/schema.ts).
export { ArabicName, Closed, LatinName, Line, Locale, Text, Timestamp, Username, Uuid } from '../contract/schema.js';

/** A secret typed by a person: 12 to 256 printable characters (argon2 bounds the cost of long ones). */
export const Password = Type.String({
  minLength: 12,
  maxLength: 256,
  pattern: PRINTABLE_LINE,
  'x-expected': '12 to 256 printable characters',
});

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
