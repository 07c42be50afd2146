/**
 * The fields of `after` whose value differs from `before` (compared as JSON, so a moved location or a
 * new list of days counts), or undefined when nothing changed: an edit that changes nothing writes and
 * journals nothing.
 * @example changedFields({ name: 'Anfa', slots: 4 }, { name: 'Anfa', slots: 6 }) // { slots: 6 }
 */
export function changedFields<T extends object>(before: T, after: T): Partial<T> | undefined {
  const changed = Object.fromEntries(Object.entries(after).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(before[key as keyof T]))) as Partial<T>;
  return Object.keys(changed).length === 0 ? undefined : changed;
}
