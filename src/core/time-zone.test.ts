import { describe, expect, it } from 'vitest';
import { localDateTime, localDay, localHour, localTime, localYear, offsetChanges, offsetMs, startOfLocalDay } from './time-zone.js';

const start = (at: string) => startOfLocalDay(new Date(at)).toISOString();

describe("the start of Casablanca's day", () => {
  it('is 23:00 UTC the day before in summer (UTC+1)', () => {
    expect(start('2026-07-15T10:00:00.000Z')).toBe('2026-07-14T23:00:00.000Z');
  });

  it('is 23:00 UTC the day before in winter too (Morocco keeps UTC+1 all year outside Ramadan)', () => {
    expect(start('2026-01-15T10:00:00.000Z')).toBe('2026-01-14T23:00:00.000Z');
  });

  it("is midnight UTC during Ramadan 2026, when the time-zone database puts Casablanca at UTC+0", () => {
    // What this Node's ICU says (tzdata 2025c): UTC+0 from 2026-02-15 02:00 UTC to 2026-03-22 02:00 UTC.
    expect(offsetMs(new Date('2026-03-01T12:00:00.000Z'), 'Africa/Casablanca')).toBe(0);
    expect(start('2026-03-01T12:00:00.000Z')).toBe('2026-03-01T00:00:00.000Z');
  });

  it('follows the offset of midnight, not of the moment asked, on the days the clocks change', () => {
    // 15 February 2026: midnight was still at UTC+1, the afternoon is at UTC+0.
    expect(offsetMs(new Date('2026-02-15T12:00:00.000Z'), 'Africa/Casablanca')).toBe(0);
    expect(start('2026-02-15T12:00:00.000Z')).toBe('2026-02-14T23:00:00.000Z');
    // 22 March 2026: midnight was at UTC+0, the afternoon is back at UTC+1.
    expect(offsetMs(new Date('2026-03-22T12:00:00.000Z'), 'Africa/Casablanca')).toBe(3_600_000);
    expect(start('2026-03-22T12:00:00.000Z')).toBe('2026-03-22T00:00:00.000Z');
  });

  it("counts the hour before UTC midnight as Casablanca's next day", () => {
    expect(start('2026-07-14T23:30:00.000Z')).toBe('2026-07-14T23:00:00.000Z');
    expect(start('2026-07-14T22:59:59.999Z')).toBe('2026-07-13T23:00:00.000Z');
  });

  it('works for other zones, half-hour offsets included', () => {
    expect(startOfLocalDay(new Date('2026-07-15T10:00:00.000Z'), 'Asia/Kolkata').toISOString()).toBe('2026-07-14T18:30:00.000Z');
    expect(startOfLocalDay(new Date('2026-07-15T10:00:00.000Z'), 'America/New_York').toISOString()).toBe('2026-07-15T04:00:00.000Z');
  });
});

describe("Casablanca's offset changes, for the console's clocks", () => {
  it('lists the offset at the start and each change, to the minute, as the database has them', () => {
    expect(offsetChanges(new Date('2026-01-01T00:00:00.000Z'), new Date('2026-12-31T00:00:00.000Z'))).toEqual([
      { from: '2026-01-01T00:00:00.000Z', offsetMinutes: 60 },
      { from: '2026-02-15T02:00:00.000Z', offsetMinutes: 0 },
      { from: '2026-03-22T02:00:00.000Z', offsetMinutes: 60 },
    ]);
  });

  it('finds half-hour zones and changes of any direction', () => {
    const changes = offsetChanges(new Date('2026-01-01T00:00:00.000Z'), new Date('2026-12-31T00:00:00.000Z'), 'America/New_York');
    expect(changes).toEqual([
      { from: '2026-01-01T00:00:00.000Z', offsetMinutes: -300 },
      { from: '2026-03-08T07:00:00.000Z', offsetMinutes: -240 },
      { from: '2026-11-01T06:00:00.000Z', offsetMinutes: -300 },
    ]);
    expect(offsetChanges(new Date('2026-01-01T00:00:00.000Z'), new Date('2026-02-01T00:00:00.000Z'), 'Asia/Kolkata')).toEqual([{ from: '2026-01-01T00:00:00.000Z', offsetMinutes: 330 }]);
  });
});

describe("the centre's calendar and clock", () => {
  it('turns the day, the hour and the year at local midnight, not at UTC midnight', () => {
    const at = new Date('2026-12-31T23:30:00Z');
    expect(localDay(at)).toBe('2027-01-01');
    expect(localTime(at)).toBe('00:30');
    expect(localHour(at)).toBe('2027-01-01 00');
    expect(localYear(at)).toBe(2027);
    expect(localYear(new Date('2026-12-31T22:59:00Z'))).toBe(2026);
  });

  it('writes an instant to the second with the offset in force, UTC+0 during Ramadan', () => {
    expect(localDateTime(new Date('2026-11-29T10:00:00.750Z'))).toBe('2026-11-29T11:00:00+01:00');
    expect(localDateTime(new Date('2026-03-01T10:00:00Z'))).toBe('2026-03-01T10:00:00+00:00');
    expect(localDay(new Date('2026-03-01T23:30:00Z'))).toBe('2026-03-01');
  });

  it('answers for another zone when asked', () => {
    expect(localDay(new Date('2026-07-15T02:00:00Z'), 'America/New_York')).toBe('2026-07-14');
    expect(localTime(new Date('2026-07-15T02:00:00Z'), 'Asia/Tokyo')).toBe('11:00');
  });
});
