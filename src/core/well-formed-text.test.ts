import { describe, expect, it } from 'vitest';
import { DomainError } from './errors.js';
import { assertWellFormedText, findMalformedText, jsonMayHoldLoneSurrogate, loneSurrogateAt } from './well-formed-text.js';

describe('well-formed text', () => {
  it('finds a lone high or low surrogate, a reversed pair, and steps over real pairs', () => {
    expect(loneSurrogateAt('plain text, يوسف, 😀')).toBe(-1);
    expect(loneSurrogateAt('x\ud800y')).toBe(1);
    expect(loneSurrogateAt('ab\udc00')).toBe(2);
    expect(loneSurrogateAt('😀\ud83d')).toBe(2);
    expect(loneSurrogateAt('\ude00\ud83d')).toBe(0);
  });

  it('names the field by its dotted path, the root when the value itself is text, and says where the surrogate is', () => {
    expect(findMalformedText({ person: { names: ['Amine', 'Ya\udfffssine'] } }, 'body')).toEqual({
      field: 'person.names.1',
      message: 'must be well-formed Unicode text (a lone UTF-16 surrogate U+DFFF is at character 3)',
    });
    expect(findMalformedText('a\ud800', 'roads')).toEqual({ field: 'roads', message: 'must be well-formed Unicode text (a lone UTF-16 surrogate U+D800 is at character 2)' });
    expect(findMalformedText({ n: 1, ok: true, none: null, list: [1, 2, 'three'] }, 'body')).toBeUndefined();
  });

  it('refuses a field name holding a lone surrogate without echoing it', () => {
    const problem = findMalformedText({ outer: { ['k\ud800']: 'v' } }, 'body');
    expect(problem).toEqual({ field: 'outer', message: 'must have field names in well-formed Unicode text (one holds a lone UTF-16 surrogate)' });
  });

  it('walks objects without a prototype (query strings) as any other', () => {
    const query = Object.assign(Object.create(null) as Record<string, string>, { reason: 'audit \ud800' });
    expect(findMalformedText(query, 'querystring')?.field).toBe('reason');
  });

  it('throws a validation error carrying the problem', () => {
    let thrown: unknown;
    try {
      assertWellFormedText({ notes: 'a\ud800' }, 'body');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({
      code: 'validation',
      message: 'notes: must be well-formed Unicode text (a lone UTF-16 surrogate U+D800 is at character 2)',
      errors: [{ field: 'notes', message: 'must be well-formed Unicode text (a lone UTF-16 surrogate U+D800 is at character 2)' }],
    });
  });

  it('tells which JSON texts could decode to a lone surrogate, from text or bytes', () => {
    expect(jsonMayHoldLoneSurrogate('{"a":"\\ud800"}')).toBe(true);
    expect(jsonMayHoldLoneSurrogate('{"a":"\\uDBFF\\uDFFF"}')).toBe(true);
    expect(jsonMayHoldLoneSurrogate(Buffer.from('{"a":"\\udc00"}'))).toBe(true);
    expect(jsonMayHoldLoneSurrogate('{"a":"\ud800"}')).toBe(true);
    expect(jsonMayHoldLoneSurrogate('{"a":"\\u00e9 \\ud7ff 😀"}')).toBe(false);
    expect(jsonMayHoldLoneSurrogate(Buffer.from('{"a":"\\u0041"}'))).toBe(false);
    // Invalid UTF-8 bytes decode to U+FFFD, never to a surrogate.
    expect(jsonMayHoldLoneSurrogate(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]))).toBe(false);
    expect(JSON.parse(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22]).toString('utf8'))).toBe('\ufffd\ufffd\ufffd');
  });
});
