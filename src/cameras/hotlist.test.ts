import { describe, expect, it } from 'vitest';
import { matchPlate, normalisePlate, type HotlistEntryForMatch } from './hotlist.js';

describe('plate normalisation', () => {
  it('ignores case, spaces, hyphens, bars and dots', () => {
    for (const text of ['12345-A-6', '12345 a 6', '12345|A|6', ' 12345.a.6 ', '12345 – A – 6']) expect(normalisePlate(text)).toEqual({ plate: '12345A6' });
    expect(normalisePlate('ab-123-cd')).toEqual({ plate: 'AB123CD' });
  });

  it('reads a Moroccan plate written with its Arabic letter as the same plate', () => {
    expect(normalisePlate('12345 | أ | 6')).toEqual({ plate: '12345A6' });
    expect(normalisePlate('12345 | ب | 6')).toEqual({ plate: '12345B6' });
    expect(normalisePlate('12345 | د | 6')).toEqual({ plate: '12345D6' });
    expect(normalisePlate('12345 | هـ | 6')).toEqual({ plate: '12345H6' });
    expect(normalisePlate('12345 | و | 6')).toEqual({ plate: '12345W6' });
    expect(normalisePlate('12345 | ط | 6')).toEqual({ plate: '12345T6' });
    // Alif without hamza, Arabic-Indic digits, a presentation form of heh, direction marks.
    expect(normalisePlate('١٢٣٤٥ | ا | ٦')).toEqual({ plate: '12345A6' });
    expect(normalisePlate('\u200F12345 ﻫـ 6\u200E')).toEqual({ plate: '12345H6' });
    expect(normalisePlate('۱۲۳۴۵-ب-۶')).toEqual({ plate: '12345B6' });
  });

  it('refuses letters outside the table and what is too short or too long', () => {
    expect(normalisePlate('12345 | ج | 6')).toMatchObject({ problem: expect.stringContaining('"ج" is not a plate character') });
    expect(normalisePlate('12#45')).toMatchObject({ problem: expect.stringContaining('"#"') });
    expect(normalisePlate(' - ')).toMatchObject({ problem: expect.stringContaining('has 0 letters and digits') });
    expect(normalisePlate('1234567890ABC')).toMatchObject({ problem: expect.stringContaining('has 13') });
  });
});

describe('plate matching', () => {
  const entry = (more: Partial<HotlistEntryForMatch>): HotlistEntryForMatch => ({
    hotlistId: 'l1',
    hotlistName: 'Stolen',
    reason: 'stolen_vehicle',
    priority: 'P2',
    plate: '12345A6',
    note: null,
    expiresAtMs: null,
    active: true,
    ...more,
  });
  const NOW = Date.parse('2026-03-01T08:00:00Z');

  it('hits active, unexpired entries, most urgent first', () => {
    const entries = [
      entry({ hotlistId: 'l1', hotlistName: 'Stolen', priority: 'P2' }),
      entry({ hotlistId: 'l2', hotlistName: 'Wanted', priority: 'P1', reason: 'wanted_person' }),
      entry({ hotlistId: 'l3', hotlistName: 'Paused', active: false }),
      entry({ hotlistId: 'l4', hotlistName: 'Expired', expiresAtMs: NOW - 1 }),
      entry({ hotlistId: 'l5', hotlistName: 'Later', expiresAtMs: NOW + 60_000 }),
    ];
    expect(matchPlate(entries, NOW).map((e) => e.hotlistId)).toEqual(['l2', 'l5', 'l1']);
    expect(matchPlate(undefined, NOW)).toEqual([]);
  });
});
