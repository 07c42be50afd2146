import { DomainError, type FieldProblem } from './errors.js';

/**
 * Text that is not well-formed Unicode: a string holding a lone UTF-16 surrogate (U+D800 to U+DFFF
 * without its partner). JSON's `\uD800` escape yields one (the XML parser refuses `&#xD800;` itself).
 * No database keeps it faithfully (SQLite stores invalid UTF-8, PostgreSQL U+FFFD) while the journal
 * keeps the escape, so table and journal would disagree: such text is refused where it enters (HTTP,
 * MQTT, imports), naming the field.
 */

/** Where the first lone surrogate of a value is: the field's dotted path, and the problem with it. */
export function findMalformedText(value: unknown, rootName: string): FieldProblem | undefined {
  return walk(value, [], rootName);
}

/**
 * Refuses a value (a request body, a parsed file) holding a lone surrogate anywhere, in a string or in
 * a field's name, with a validation error naming the field.
 * @example assertWellFormedText({ notes: 'a\ud800' }, 'body') // throws "notes: must be well-formed Unicode text (...)"
 */
export function assertWellFormedText(value: unknown, rootName: string): void {
  const problem = findMalformedText(value, rootName);
  if (problem !== undefined) throw new DomainError('validation', `${problem.field}: ${problem.message}`, { errors: [problem] });
}

// `\uD800` to `\uDFFF` in JSON source: the only way a JSON text decoded from bytes yields a surrogate alone.
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * Whether JSON source text could decode to a lone surrogate: it is itself malformed, or it escapes a
 * surrogate. A cheap test that spares walking a large document (a city's roads) that cannot hold one.
 */
export function jsonMayHoldLoneSurrogate(source: string | Buffer): boolean {
  if (typeof source !== 'string') return source.includes('\\u') && SURROGATE_ESCAPE.test(source.toString('latin1'));
  return !source.isWellFormed() || SURROGATE_ESCAPE.test(source);
}

function walk(value: unknown, path: string[], rootName: string): FieldProblem | undefined {
  if (typeof value === 'string') {
    const at = loneSurrogateAt(value);
    return at < 0 ? undefined : { field: fieldName(path, rootName), message: malformedTextMessage(value, at) };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  // One path, pushed and popped: a body or a file may hold many thousands of values.
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const item: unknown = value[i];
      if (typeof item !== 'string' && (typeof item !== 'object' || item === null)) continue;
      path.push(String(i));
      const found = walk(item, path, rootName);
      path.pop();
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    // The key itself is not echoed: it would carry the surrogate back into the answer.
    if (!key.isWellFormed()) return { field: fieldName(path, rootName), message: 'must have field names in well-formed Unicode text (one holds a lone UTF-16 surrogate)' };
    path.push(key);
    const found = walk((value as Record<string, unknown>)[key], path, rootName);
    path.pop();
    if (found !== undefined) return found;
  }
  return undefined;
}

function fieldName(path: readonly string[], rootName: string): string {
  return path.length === 0 ? rootName : path.join('.');
}

/** The index of the first lone surrogate of `text`, or -1 when it is well-formed. */
export function loneSurrogateAt(text: string): number {
  if (text.isWellFormed()) return -1;
  for (let at = 0; at < text.length; at += 1) {
    const unit = text.charCodeAt(at);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(at + 1);
    // A high surrogate followed by a low one is a pair (one character beyond U+FFFF): step over both.
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) at += 1;
    else return at;
  }
  return -1;
}

/** The refusal's message: which surrogate and where, so the sender can find it in a long text. */
export function malformedTextMessage(text: string, at: number): string {
  const code = text.charCodeAt(at).toString(16).toUpperCase();
  return `must be well-formed Unicode text (a lone UTF-16 surrogate U+${code} is at character ${at + 1})`;
}
