import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalEventJson, canonicalJson, chainEvents, hashEvent } from './journal.js';

describe('canonical JSON', () => {
  it('sorts object keys at every depth and drops no array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, 1], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,1]},"b":1}');
  });

  it('gives the same text for objects built in a different key order', () => {
    expect(canonicalJson({ x: 1, y: { p: true, q: null } })).toBe(canonicalJson({ y: { q: null, p: true }, x: 1 }));
  });

  it('keeps Arabic text and escapes control characters', () => {
    expect(canonicalJson({ name: 'الدار البيضاء', note: 'a\nb' })).toBe('{"name":"الدار البيضاء","note":"a\\nb"}');
  });

  it('refuses numbers JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/cannot journal the number NaN/);
    expect(() => canonicalJson({ n: Infinity })).toThrow(/Infinity/);
  });
});

describe('hash chain', () => {
  it('writes the canonical JSON of an event exactly as the general function does', () => {
    const event = { seq: 42, at: '2026-03-01T08:00:00.000Z', actor: 'user:alice', stream: 'user/bob', type: 'user.updated', data: { z: [1, { b: 2, a: 'ع' }], a: null } };
    expect(canonicalEventJson(event)).toBe(canonicalJson(event));
  });

  const at = '2026-03-01T08:00:00.000Z';

  it('chains each event to the previous hash, starting from the genesis hash', () => {
    const [first, second] = chainEvents({ seq: 0, hash: GENESIS_HASH }, at, 'user:alice', [
      { stream: 'user/bob', type: 'user.created', data: { roles: ['dispatcher'] } },
      { stream: 'user/bob', type: 'user.updated', data: { locale: 'ar' } },
    ]);
    expect(first!.seq).toBe(1);
    expect(first!.prevHash).toBe(GENESIS_HASH);
    expect(second!.seq).toBe(2);
    expect(second!.prevHash).toBe(first!.hash);
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hashEvent(first!.hash, second!)).toBe(second!.hash);
  });

  it('changes the hash when any field of the event changes', () => {
    const base = { seq: 7, at, actor: 'user:alice', stream: 'user/bob', type: 'user.updated', data: { locale: 'ar' } };
    const reference = hashEvent(GENESIS_HASH, base);
    expect(hashEvent(GENESIS_HASH, { ...base, seq: 8 })).not.toBe(reference);
    expect(hashEvent(GENESIS_HASH, { ...base, at: '2026-03-01T08:00:00.001Z' })).not.toBe(reference);
    expect(hashEvent(GENESIS_HASH, { ...base, actor: 'user:mallory' })).not.toBe(reference);
    expect(hashEvent(GENESIS_HASH, { ...base, stream: 'user/eve' })).not.toBe(reference);
    expect(hashEvent(GENESIS_HASH, { ...base, type: 'user.created' })).not.toBe(reference);
    expect(hashEvent(GENESIS_HASH, { ...base, data: { locale: 'fr' } })).not.toBe(reference);
    expect(hashEvent('1'.repeat(64), base)).not.toBe(reference);
  });
});
