import { describe, expect, it } from 'vitest';
import { changedFields } from './changed-fields.js';

describe('changedFields', () => {
  it('gives only the fields whose value changed, nested values compared whole', () => {
    const before = { name: 'Anfa', location: { lat: 33.5, lon: -7.6 }, weekdays: [1, 2, 3] };
    expect(changedFields(before, { ...before, location: { lat: 33.6, lon: -7.6 } })).toEqual({ location: { lat: 33.6, lon: -7.6 } });
    expect(changedFields(before, { ...before, name: 'Maarif', weekdays: [1, 2] })).toEqual({ name: 'Maarif', weekdays: [1, 2] });
  });

  it('gives undefined when nothing changed, even with new copies of the same values', () => {
    const before = { name: 'Anfa', location: { lat: 33.5, lon: -7.6 } };
    expect(changedFields(before, { name: 'Anfa', location: { lat: 33.5, lon: -7.6 } })).toBeUndefined();
  });
});
