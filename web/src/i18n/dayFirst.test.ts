import { describe, expect, it } from 'vitest';
import { calendarParts, formatDayFirst, isCalendarDay, latinDigits, parseDayFirst } from './dayFirst';

describe('dates written day first', () => {
  it('writes a calendar date day first, as it is, with no time zone involved', () => {
    expect(formatDayFirst('1990-05-14')).toBe('14/05/1990');
    expect(formatDayFirst('2026-06-12')).toBe('12/06/2026');
    expect(formatDayFirst('2016-09-01')).toBe('01/09/2016');
  });

  it('writes nothing for what is not a calendar date', () => {
    expect(formatDayFirst('2026-02-30')).toBe('');
    expect(formatDayFirst('2026-06-12T10:00:00Z')).toBe('');
    expect(formatDayFirst('')).toBe('');
    expect(calendarParts('12/06/2026')).toBeUndefined();
  });

  it('reads 12/06/2026 as the twelfth of June', () => {
    expect(parseDayFirst('12/06/2026')).toEqual({ kind: 'date', iso: '2026-06-12' });
  });

  it('reads the separators and short forms an operator types', () => {
    for (const typed of ['14/05/1990', '14.05.1990', '14-05-1990', '14 05 1990', ' 14/5/1990 ', '14051990', '14 / 05 / 1990']) {
      expect(parseDayFirst(typed), typed).toEqual({ kind: 'date', iso: '1990-05-14' });
    }
    expect(parseDayFirst('1/2/2003')).toEqual({ kind: 'date', iso: '2003-02-01' });
  });

  it('reads a date pasted as YYYY-MM-DD as such', () => {
    expect(parseDayFirst('1990-05-14')).toEqual({ kind: 'date', iso: '1990-05-14' });
  });

  it('reads Arabic-Indic and Eastern Arabic-Indic digits', () => {
    expect(latinDigits('٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789 0123456789');
    expect(parseDayFirst('١٤/٠٥/١٩٩٠')).toEqual({ kind: 'date', iso: '1990-05-14' });
    expect(parseDayFirst('۱۴/۰۵/۱۹۹۰')).toEqual({ kind: 'date', iso: '1990-05-14' });
  });

  it('refuses days that the calendar does not have', () => {
    for (const typed of ['31/02/1990', '30/02/2024', '29/02/2023', '29/02/1900', '31/04/2026', '00/05/1990', '14/00/1990', '14/13/1990', '32/01/2026', '14/05/0990']) {
      expect(parseDayFirst(typed), typed).toEqual({ kind: 'invalid' });
    }
  });

  it('accepts 29 February in leap years only', () => {
    expect(parseDayFirst('29/02/2024')).toEqual({ kind: 'date', iso: '2024-02-29' });
    expect(parseDayFirst('29/02/2000')).toEqual({ kind: 'date', iso: '2000-02-29' });
    expect(isCalendarDay({ year: 2100, month: 2, day: 29 })).toBe(false);
  });

  it('never completes a two-digit year: 12/06/26 is a date still being typed', () => {
    expect(parseDayFirst('12/06/26')).toEqual({ kind: 'partial' });
  });

  it('refuses what is no date at all', () => {
    for (const typed of ['demain', '14/05/19900', '123456789', '14//1990']) {
      expect(parseDayFirst(typed), typed).toEqual({ kind: 'invalid' });
    }
  });

  it('takes a date being typed for unfinished, not wrong', () => {
    for (const typed of ['1', '14', '14/', '14/0', '14/05/', '14/05/199', '1405', '1990-05', '١٤/٠']) {
      expect(parseDayFirst(typed), typed).toEqual({ kind: 'partial' });
    }
    expect(parseDayFirst('   ')).toEqual({ kind: 'empty' });
  });

  it('reads back every day it writes, from 1900 to 2100', () => {
    const day = new Date(Date.UTC(1900, 0, 1));
    let days = 0;
    const misread: string[] = [];
    while (day.getUTCFullYear() <= 2100) {
      const iso = day.toISOString().slice(0, 10);
      const read = parseDayFirst(formatDayFirst(iso));
      if (read.kind !== 'date' || read.iso !== iso) misread.push(iso);
      day.setUTCDate(day.getUTCDate() + 1);
      days += 1;
    }
    expect(misread).toEqual([]);
    expect(days).toBe(73_414);
  });
});
