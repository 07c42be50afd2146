import { describe, expect, it } from 'vitest';
import { judgeFix, parseFix, type Fix } from './avl.js';
import { checkUnitTransition, unitTransitions, UnitStatus } from './unit.js';

const casablanca = { minLon: -8.0, minLat: 33.3, maxLon: -7.3, maxLat: 33.8 };
const t0 = Date.parse('2026-11-29T10:00:00.000Z');
const fix = (lat: number, lon: number, atMs: number, accuracyM: number | null = null): Fix => ({ lat, lon, speedKmh: null, heading: null, accuracyM, atMs });

describe('position fixes', () => {
  it('reads the device payload, with the time as ISO 8601 or epoch milliseconds', () => {
    expect(parseFix({ lat: 33.58, lon: -7.6, speed: 42, heading: 270, accuracy: 8, at: '2026-11-29T11:00:00+01:00' })).toEqual({
      lat: 33.58,
      lon: -7.6,
      speedKmh: 42,
      heading: 270,
      accuracyM: 8,
      atMs: t0,
    });
    expect(parseFix({ lat: 33.58, lon: -7.6, at: t0 })).toMatchObject({ speedKmh: null, heading: null, accuracyM: null, atMs: t0 });
  });

  it('names what is wrong with a payload', () => {
    expect(parseFix('33.5,-7.6')).toMatch(/^must be a JSON object/);
    expect(parseFix({ lat: 91, lon: 0, at: t0 })).toMatch(/^lat:/);
    expect(parseFix({ lat: 33, lon: '-7', at: t0 })).toMatch(/^lon:/);
    expect(parseFix({ lat: 33, lon: -7, speed: -1, at: t0 })).toMatch(/^speed:/);
    expect(parseFix({ lat: 33, lon: -7, heading: 400, at: t0 })).toMatch(/^heading:/);
    expect(parseFix({ lat: 33, lon: -7, accuracy: 'good', at: t0 })).toMatch(/^accuracy:/);
    expect(parseFix({ lat: 33, lon: -7, at: 'yesterday' })).toMatch(/^at:/);
    for (const day of ['2026-02-30', '2026-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00']) {
      expect(parseFix({ lat: 33, lon: -7, at: `${day}T10:00:00Z` }), day).toBe('at: is not a real date');
    }
    for (const day of ['2028-02-29', '2000-02-29', '2026-12-31', '2026-04-30']) {
      expect(parseFix({ lat: 33, lon: -7, at: `${day}T10:00:00Z` }), day).toMatchObject({ atMs: Date.parse(`${day}T10:00:00Z`) });
    }
  });

  it('accepts a first fix inside the area, and one reachable from the last', () => {
    expect(judgeFix(undefined, fix(33.58, -7.6, t0), t0, casablanca)).toBe('accepted');
    // 500 m in 30 s is 60 km/h.
    expect(judgeFix(fix(33.58, -7.6, t0), fix(33.58 + 500 / 111_195, -7.6, t0 + 30_000), t0 + 30_000, casablanca)).toBe('accepted');
  });

  it('drops fixes out of order, repeated, from the future or outside the area', () => {
    const last = fix(33.58, -7.6, t0);
    expect(judgeFix(last, fix(33.581, -7.6, t0 - 1_000), t0, casablanca)).toBe('out_of_order');
    expect(judgeFix(last, fix(33.58, -7.6, t0), t0, casablanca)).toBe('duplicate');
    expect(judgeFix(last, fix(33.58, -7.6, t0 + 60_000), t0, casablanca)).toBe('future');
    expect(judgeFix(undefined, fix(0, 0, t0), t0, casablanca)).toBe('out_of_area');
  });

  it('drops a jump faster than 200 km/h, granting both fixes their accuracy', () => {
    const last = fix(33.58, -7.6, t0, 10);
    // 2 km in 30 s is 240 km/h.
    const far = 2_000 / 111_195;
    expect(judgeFix(last, fix(33.58 + far, -7.6, t0 + 30_000, 10), t0 + 30_000, casablanca)).toBe('impossible_jump');
    // The same move with 400 m of uncertainty on each side is 1.2 km in 30 s: 144 km/h.
    expect(judgeFix({ ...last, accuracyM: 400 }, fix(33.58 + far, -7.6, t0 + 30_000, 400), t0 + 30_000, casablanca)).toBe('accepted');
  });
});

describe('unit statuses', () => {
  it('allows only the moves in the table, naming the allowed ones', () => {
    expect(() => checkUnitTransition('CASA-PC-1', 'available', 'en_route')).toThrow(/unit CASA-PC-1 is `available`; en_route is not allowed; allowed: dispatched, busy, out_of_service, off_duty/);
    expect(() => checkUnitTransition('CASA-PC-1', 'dispatched', 'en_route')).not.toThrow();
  });

  it('lets every status be left, and every status be reached', () => {
    const statuses = Object.values(UnitStatus);
    for (const status of statuses) expect(unitTransitions[status].length, status).toBeGreaterThan(0);
    const reached = new Set(statuses.flatMap((s) => unitTransitions[s]));
    expect([...reached].sort()).toEqual([...statuses].sort());
  });
});
