/**
 * JSON kept in a text column, typed by what it holds. Every JSON column is `text` on both databases (no
 * `jsonb`), so both drivers give back the string as stored and the bytes written are `JSON.stringify`'s.
 * A table interface declares such a column as `JsonText<Shape>`; the service writes `toJsonText(value)`
 * and reads `fromJsonText(row.column)`, and the shape travels with the column instead of a cast at each
 * read. (The journal's `data` is not one of these: its bytes are canonical and hashed, see `journal.ts`.)
 */

declare const holds: unique symbol;

/** A string that holds the JSON of a `T`, as written by `toJsonText`. */
export type JsonText<T> = string & { readonly [holds]: T };

/** The JSON of `value`, as stored: `toJsonText(['a'])` is the text `["a"]`. */
export function toJsonText<T>(value: T): JsonText<T> {
  return JSON.stringify(value) as JsonText<T>;
}

/** The value a JSON column holds. */
export function fromJsonText<T>(text: JsonText<T>): T {
  return JSON.parse(text) as T;
}
