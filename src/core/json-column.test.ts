import { describe, expect, it } from 'vitest';
import { fromJsonText, toJsonText, type JsonText } from './json-column.js';

describe('JSON kept in a text column', () => {
  it('writes the bytes JSON.stringify writes, so rows stored before read the same', () => {
    const presets = [{ name: 'gate', headingDeg: 90, zoom: 2 }, { name: 'car park', headingDeg: 270.5 }];
    expect(toJsonText(presets)).toBe('[{"name":"gate","headingDeg":90,"zoom":2},{"name":"car park","headingDeg":270.5}]');
    expect(toJsonText<string[]>([])).toBe('[]');
    expect(toJsonText({ ar: 'الدار البيضاء', n: null })).toBe('{"ar":"الدار البيضاء","n":null}');
  });

  it('gives back the value it was written from', () => {
    const tiles: (string | null)[] = ['CAM-0001', null, 'CAM-0003'];
    expect(fromJsonText(toJsonText(tiles))).toEqual(tiles);
  });

  it('reads a column written before the codec existed', () => {
    const stored = '["armed","traffic"]' as JsonText<string[]>;
    expect(fromJsonText(stored)).toEqual(['armed', 'traffic']);
  });
});
