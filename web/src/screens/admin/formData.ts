/** Reading the administrator's forms: what was typed, in the shapes the API takes. */

/** The text of a field, trimmed. */
export function textIn(data: FormData, name: string): string {
  return String(data.get(name) ?? '').trim();
}

/** A code (desk, centre, station, prefix): trimmed, in capitals as every code is written. */
export function codeIn(data: FormData, name: string): string {
  return textIn(data, name).toUpperCase();
}

/** Whether something was typed in the field. */
export function filled(data: FormData, name: string): boolean {
  return textIn(data, name) !== '';
}

/**
 * A number typed in a field, or null when it is empty or holds no number: the request then carries
 * null, and the server's refusal names the field.
 */
export function numberIn(data: FormData, name: string): number | null {
  const text = textIn(data, name);
  const value = Number(text);
  return text === '' || !Number.isFinite(value) ? null : value;
}
