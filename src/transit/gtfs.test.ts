import { describe, expect, it } from 'vitest';
import { CsvError, csvText, parseCsv } from './gtfs-csv.js';
import { readGtfsFiles, type GtfsError } from './gtfs.js';
import { runsOn, serviceDayOrigin } from './timetable.js';

describe('the GTFS CSV reader (RFC 4180)', () => {
  it('drops a byte order mark, takes CRLF, LF and quoted fields with commas, doubled quotes and line breaks', () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""","two\r\nlines"\n1,,3\r\n\r\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['x, y', 'say "hi"', 'two\r\nlines'] },
      { line: 4, fields: ['1', '', '3'] },
    ]);
  });

  it('refuses a quote inside an unquoted field and an unclosed quote, with the line', () => {
    expect(() => parseCsv('a,b\nx"y,z\n')).toThrow(new CsvError(2, 'a double quote may appear inside a field only if the field is enclosed in double quotes'));
    expect(() => parseCsv('a,b\n"x,y\n')).toThrow(new CsvError(2, 'a quoted field is not closed before the end of the file'));
    expect(() => parseCsv('a\n"x"y\n')).toThrow(new CsvError(2, 'a quoted field must end at its closing quote'));
  });

  it('reads back what csvText writes', () => {
    const rows = [['x, y', 'say "hi"'], ['plain', 'multi\r\nline']];
    expect(parseCsv(csvText(['a', 'b'], rows)).map((record) => record.fields)).toEqual([['a', 'b'], ...rows]);
  });
});

describe('reading a GTFS feed', () => {
  const files = (overrides: Record<string, string> = {}) =>
    new Map(
      Object.entries({
        'agency.txt': 'agency_name,agency_url,agency_timezone\nCT,https://x.ma,Africa/Casablanca\n',
        'routes.txt': 'route_id,route_short_name,route_type\nT1,T1,0\n',
        'stops.txt': 'stop_id,stop_name,stop_lat,stop_lon\nA,A,33.5,-7.6\nB,B,33.5,-7.61\nC,C,33.5,-7.62\n',
        'trips.txt': 'route_id,service_id,trip_id\nT1,S,t1\n',
        'stop_times.txt': 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nt1,10:00:00,10:00:00,A,1\nt1,,,B,2\nt1,10:10:00,10:10:00,C,3\n',
        'calendar_dates.txt': 'service_id,date,exception_type\nS,20261207,1\n',
        ...overrides,
      }),
    );

  it('interpolates the times of stops that give none between the timed stops around them', () => {
    expect(readGtfsFiles(files()).stopTimes.map((st) => [st.stopId, st.arrivalS])).toEqual([['A', 36_000], ['B', 36_300], ['C', 36_600]]);
  });

  it('names the file, line and field of what is wrong', () => {
    const fault = (overrides: Record<string, string>) => {
      try {
        readGtfsFiles(files(overrides));
      } catch (error) {
        return (error as GtfsError).message;
      }
      return 'accepted';
    };
    expect(fault({ 'routes.txt': 'route_id,route_short_name,route_type\nT1,T1,zero\n' })).toBe('routes.txt line 2, route_type: "zero" is not a whole number from 0 to 1702');
    expect(fault({ 'trips.txt': 'route_id,service_id,trip_id\nT9,S,t1\n' })).toBe('trips.txt line 2, route_id: "T9" is not in routes.txt');
    expect(fault({ 'stop_times.txt': 'trip_id,arrival_time,departure_time,stop_id,stop_sequence\nt1,10:00,10:00:00,A,1\n' })).toBe('stop_times.txt line 2, arrival_time: "10:00" is not a time written HH:MM:SS');
    expect(fault({ 'calendar_dates.txt': 'service_id,date,exception_type\nS,2026-12-07,1\n' })).toBe('calendar_dates.txt line 2, date: "2026-12-07" is not a date written YYYYMMDD');
    expect(fault({ 'agency.txt': 'agency_name,agency_url,agency_timezone\nCT,https://x.ma,Mars/Olympus\n' })).toBe('agency.txt line 2, agency_timezone: "Mars/Olympus" is not a TZ database time zone');
    const withoutStops = files();
    withoutStops.delete('stops.txt');
    expect(() => readGtfsFiles(withoutStops)).toThrow('stops.txt: is missing');
  });
});

describe('service calendars', () => {
  const weekdays = { days: '1111100', startDate: '20260101', endDate: '20261231', exceptions: {} };
  it('runs on the weekdays of its range, and exceptions decide alone', () => {
    expect(runsOn(weekdays, '20261207')).toBe(true); // a Monday
    expect(runsOn(weekdays, '20261206')).toBe(false); // a Sunday
    expect(runsOn(weekdays, '20270104')).toBe(false); // after end_date
    expect(runsOn({ ...weekdays, exceptions: { '20261207': 2 } }, '20261207')).toBe(false);
    expect(runsOn({ ...weekdays, exceptions: { '20261206': 1 } }, '20261206')).toBe(true);
    expect(runsOn({ days: null, startDate: null, endDate: null, exceptions: { '20261206': 1 } }, '20261206')).toBe(true);
  });

  it("counts GTFS times from noon minus 12 h in Casablanca (UTC+1 in winter, UTC+0 in Ramadan)", () => {
    expect(new Date(serviceDayOrigin('20261207')).toISOString()).toBe('2026-12-06T23:00:00.000Z');
    expect(new Date(serviceDayOrigin('20260301')).toISOString()).toBe('2026-03-01T00:00:00.000Z');
  });
});
