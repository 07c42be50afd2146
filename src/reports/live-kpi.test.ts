import { describe, expect, it } from 'vitest';
import { asPercent } from './live-kpi.js';

describe('answer shares as percentages', () => {
  it('rounds to one decimal and keeps null for no answered call', () => {
    expect(asPercent(2 / 3)).toBe(66.7);
    expect(asPercent(1)).toBe(100);
    expect(asPercent(null)).toBeNull();
  });
});
