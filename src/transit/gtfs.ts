import { unzipSync } from 'fflate';
import { CsvError, parseCsv } from './gtfs-csv.js';

/**
 * A GTFS Schedule feed read from its zip and checked against the GTFS Schedule Reference
 * (https://gtfs.org/documentation/schedule/reference/, revised 2024): "Dataset Files" for which files
 * must be present, "Field Definitions" for each file's required fields and their types ("Field Types":
 * Color, Date, Enum, Latitude, Longitude, Time). Only what the centre uses is kept; other files and
 * columns are ignored, as the reference allows of consumers.
 */

/** How a route runs, from `route_type` (GTFS "routes.txt"; the extended types of Google's Transit "Extended GTFS Route Types" folded in). */
export const TransitMode = { tram: 'tram', metro: 'metro', rail: 'rail', bus: 'bus', other: 'other' } as const;
export type TransitMode = (typeof TransitMode)[keyof typeof TransitMode];

/** The mode of a GTFS `route_type`: 0 tram, 1 subway, 2 rail, 3 bus, 11 trolleybus; 100–117 rail, 200–209 coach, 400–405 metro, 700–716 and 800 bus, 900–906 tram. */
export function modeOfRouteType(type: number): TransitMode {
  if (type === 0 || (type >= 900 && type <= 906)) return TransitMode.tram;
  if (type === 1 || (type >= 400 && type <= 405)) return TransitMode.metro;
  if (type === 2 || (type >= 100 && type <= 117)) return TransitMode.rail;
  if (type === 3 || type === 11 || (type >= 200 && type <= 209) || (type >= 700 && type <= 716) || type === 800) return TransitMode.bus;
  return TransitMode.other;
}

export interface GtfsAgency { readonly id: string; readonly name: string; readonly url: string; readonly timezone: string }
export interface GtfsRoute {
  readonly id: string;
  readonly agencyId: string;
  readonly shortName: string;
  readonly longName: string;
  readonly type: number;
  /** Six hex digits without `#`, or null when the feed gives none. */
  readonly color: string | null;
  readonly textColor: string | null;
}
export interface GtfsStop {
  readonly id: string;
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  /** 0 stop or platform, 1 station, 2 entrance, 3 generic node, 4 boarding area. */
  readonly locationType: number;
  readonly parentStation: string | null;
}
export interface GtfsTrip {
  readonly id: string;
  readonly routeId: string;
  readonly serviceId: string;
  readonly headsign: string;
  readonly directionId: number | null;
  readonly shapeId: string | null;
}
export interface GtfsStopTime {
  readonly tripId: string;
  readonly stopSequence: number;
  readonly stopId: string;
  /** Seconds after the service day's noon minus 12 h ("Time" field type: may pass 24:00:00). */
  readonly arrivalS: number;
  readonly departureS: number;
}
export interface GtfsCalendar {
  readonly serviceId: string;
  /** Seven flags, Monday first: `1111100` runs on weekdays. */
  readonly days: string;
  /** YYYYMMDD, inclusive. */
  readonly startDate: string;
  readonly endDate: string;
}
export interface GtfsCalendarDate {
  readonly serviceId: string;
  readonly date: string;
  /** 1: service added that day; 2: removed. */
  readonly exceptionType: 1 | 2;
}
export interface GtfsShape {
  readonly id: string;
  /** [lon, lat] in shape_pt_sequence order, as GeoJSON writes positions. */
  readonly points: readonly (readonly [number, number])[];
}

/** A feed as read: every reference between its files checked. */
export interface GtfsFeed {
  readonly agencies: readonly GtfsAgency[];
  readonly routes: readonly GtfsRoute[];
  readonly stops: readonly GtfsStop[];
  readonly trips: readonly GtfsTrip[];
  readonly stopTimes: readonly GtfsStopTime[];
  readonly calendars: readonly GtfsCalendar[];
  readonly calendarDates: readonly GtfsCalendarDate[];
  readonly shapes: readonly GtfsShape[];
  /** frequencies.txt rows, counted: trips run by headway are not expanded. */
  readonly frequencies: number;
}

/** What was wrong with a feed: the file, the line (1-based, the header is 1; 0 for the whole file), the field. */
export class GtfsError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${file}${line > 0 ? ` line ${line}` : ''}${field === '' ? '' : `, ${field}`}: ${reason}`);
    this.name = 'GtfsError';
  }
}

/** The largest feed accepted, uncompressed: a zip that inflates beyond it is refused before it is inflated. */
export const MAX_GTFS_BYTES = 200 * 1024 * 1024;

/** The files a feed must hold ("Dataset Files"; stops.txt is required unless the feed is all demand-responsive zones, which the centre does not read). */
const REQUIRED_FILES = ['agency.txt', 'routes.txt', 'trips.txt', 'stop_times.txt', 'stops.txt'] as const;

/**
 * Reads and checks a GTFS zip. Throws `GtfsError` naming the file, line and field of the first fault.
 * @example const feed = readGtfsZip(fs.readFileSync('oncf.zip')); feed.stops.length // 33
 */
export function readGtfsZip(zip: Uint8Array): GtfsFeed {
  let files: Record<string, Uint8Array>;
  try {
    let total = 0;
    files = unzipSync(zip, {
      filter: (entry) => {
        total += entry.originalSize;
        if (total > MAX_GTFS_BYTES) throw new GtfsError('(zip)', 0, '', `inflates beyond ${MAX_GTFS_BYTES / 1024 / 1024} MB`);
        // Files at the root, or in one folder (some producers zip the folder itself).
        return /^([^/]+\/)?[a-z_]+\.txt$/.test(entry.name);
      },
    });
  } catch (error) {
    if (error instanceof GtfsError) throw error;
    throw new GtfsError('(zip)', 0, '', `is not a readable zip archive (${(error as Error).message})`);
  }
  const texts = new Map<string, string>();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for (const [name, bytes] of Object.entries(files)) {
    const base = name.slice(name.lastIndexOf('/') + 1);
    try {
      texts.set(base, decoder.decode(bytes));
    } catch {
      throw new GtfsError(base, 0, '', 'is not UTF-8 text (the reference asks for UTF-8)');
    }
  }
  return readGtfsFiles(texts);
}

/** Checks and reads the text of a feed's files, by file name. */
export function readGtfsFiles(texts: ReadonlyMap<string, string>): GtfsFeed {
  for (const file of REQUIRED_FILES) if (!texts.has(file)) throw new GtfsError(file, 0, '', 'is missing; a GTFS feed must hold agency, routes, trips, stop_times and stops');
  if (!texts.has('calendar.txt') && !texts.has('calendar_dates.txt')) {
    throw new GtfsError('calendar.txt', 0, '', 'is missing, and so is calendar_dates.txt; a feed needs one of them to say when its trips run');
  }
  const table = (file: string) => new Table(file, texts.get(file));

  const agencyTable = table('agency.txt');
  const agencies = agencyTable.rows(['agency_name', 'agency_url', 'agency_timezone'], (row) => ({
    id: row.optional('agency_id') ?? '',
    name: row.required('agency_name'),
    url: row.required('agency_url'),
    timezone: row.timeZone('agency_timezone'),
  }));
  if (agencies.length === 0) throw new GtfsError('agency.txt', 0, '', 'holds no agency');
  if (agencies.length > 1) {
    // agency_id is "Conditionally Required: when the dataset contains data for multiple transit agencies".
    agencies.forEach((agency, index) => {
      if (agency.id === '') throw new GtfsError('agency.txt', index + 2, 'agency_id', 'is required when the feed holds several agencies');
    });
  }
  const agencyIds = new Set(agencies.map((agency) => agency.id));

  const stopTable = table('stops.txt');
  const stops = stopTable.rows(['stop_id'], (row) => {
    const locationType = row.enumeration('location_type', [0, 1, 2, 3, 4], 0);
    // stop_name, stop_lat, stop_lon: required for stops, stations and entrances (location_type 0–2).
    const located = locationType <= 2;
    return {
      id: row.required('stop_id'),
      name: located ? row.required('stop_name') : (row.optional('stop_name') ?? ''),
      lat: located ? row.latitude('stop_lat') : (row.optionalNumber('stop_lat') ?? 0),
      lon: located ? row.longitude('stop_lon') : (row.optionalNumber('stop_lon') ?? 0),
      locationType,
      parentStation: row.optional('parent_station') ?? null,
    };
  });
  const stopIds = unique(stopTable, stops, 'stop_id');

  const routeTable = table('routes.txt');
  const routes = routeTable.rows(['route_id', 'route_type'], (row) => {
    const agencyId = row.optional('agency_id') ?? (agencies.length === 1 ? agencies[0]!.id : '');
    if (!agencyIds.has(agencyId)) row.fail('agency_id', agencyId === '' ? 'is required when the feed holds several agencies' : `"${agencyId}" is not in agency.txt`);
    const shortName = row.optional('route_short_name') ?? '';
    const longName = row.optional('route_long_name') ?? '';
    if (shortName === '' && longName === '') row.fail('route_short_name', 'route_short_name or route_long_name is required');
    return { id: row.required('route_id'), agencyId, shortName, longName, type: row.integer('route_type', 0, 1702), color: row.color('route_color'), textColor: row.color('route_text_color') };
  });
  const routeIds = unique(routeTable, routes, 'route_id');

  const calendars = texts.has('calendar.txt')
    ? table('calendar.txt').rows(['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'], (row) => {
        const days = WEEKDAYS.map((day) => String(row.enumeration(day, [0, 1]))).join('');
        const startDate = row.date('start_date');
        const endDate = row.date('end_date');
        if (endDate < startDate) row.fail('end_date', `is before start_date ${startDate}`);
        return { serviceId: row.required('service_id'), days, startDate, endDate };
      })
    : [];
  const calendarDates = texts.has('calendar_dates.txt')
    ? table('calendar_dates.txt').rows(['service_id', 'date', 'exception_type'], (row) => ({
        serviceId: row.required('service_id'),
        date: row.date('date'),
        exceptionType: row.enumeration('exception_type', [1, 2]) as 1 | 2,
      }))
    : [];
  const serviceIds = new Set([...calendars.map((c) => c.serviceId), ...calendarDates.map((c) => c.serviceId)]);

  const shapeRows = texts.has('shapes.txt')
    ? table('shapes.txt').rows(['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'], (row) => ({
        id: row.required('shape_id'),
        lat: row.latitude('shape_pt_lat'),
        lon: row.longitude('shape_pt_lon'),
        sequence: row.integer('shape_pt_sequence', 0, Number.MAX_SAFE_INTEGER),
      }))
    : [];
  const shapePoints = new Map<string, { sequence: number; point: readonly [number, number] }[]>();
  for (const point of shapeRows) {
    const list = shapePoints.get(point.id) ?? [];
    list.push({ sequence: point.sequence, point: [point.lon, point.lat] });
    shapePoints.set(point.id, list);
  }
  const shapes = [...shapePoints].map(([id, list]) => ({ id, points: list.sort((a, b) => a.sequence - b.sequence).map((each) => each.point) }));
  const shapeIds = new Set(shapePoints.keys());

  const tripTable = table('trips.txt');
  const trips = tripTable.rows(['route_id', 'service_id', 'trip_id'], (row) => {
    const routeId = row.required('route_id');
    if (!routeIds.has(routeId)) row.fail('route_id', `"${routeId}" is not in routes.txt`);
    const serviceId = row.required('service_id');
    if (!serviceIds.has(serviceId)) row.fail('service_id', `"${serviceId}" is in neither calendar.txt nor calendar_dates.txt`);
    const shapeId = row.optional('shape_id') ?? null;
    if (shapeId !== null && !shapeIds.has(shapeId)) row.fail('shape_id', `"${shapeId}" is not in shapes.txt`);
    const direction = row.optional('direction_id');
    return {
      id: row.required('trip_id'),
      routeId,
      serviceId,
      headsign: row.optional('trip_headsign') ?? '',
      directionId: direction === undefined ? null : row.enumeration('direction_id', [0, 1]),
      shapeId,
    };
  });
  const tripIds = unique(tripTable, trips, 'trip_id');

  const stopTimeTable = table('stop_times.txt');
  const raw = stopTimeTable.rows(['trip_id', 'stop_sequence'], (row) => {
    const tripId = row.required('trip_id');
    if (!tripIds.has(tripId)) row.fail('trip_id', `"${tripId}" is not in trips.txt`);
    const stopId = row.required('stop_id');
    if (!stopIds.has(stopId)) row.fail('stop_id', `"${stopId}" is not in stops.txt`);
    const arrival = row.time('arrival_time');
    const departure = row.time('departure_time');
    return { line: row.line, tripId, stopId, stopSequence: row.integer('stop_sequence', 0, Number.MAX_SAFE_INTEGER), arrivalS: arrival ?? departure, departureS: departure ?? arrival };
  });
  const stopTimes = timedStopTimes(raw);

  const frequencies = texts.has('frequencies.txt')
    ? table('frequencies.txt').rows(['trip_id', 'start_time', 'end_time', 'headway_secs'], (row) => {
        const tripId = row.required('trip_id');
        if (!tripIds.has(tripId)) row.fail('trip_id', `"${tripId}" is not in trips.txt`);
        return tripId;
      }).length
    : 0;

  return { agencies, routes, stops, trips, stopTimes, calendars, calendarDates, shapes, frequencies };
}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/**
 * Each trip's stop times in sequence, with the times of stops that give none interpolated evenly
 * between the timed stops around them (the reference: "arrival_time ... Required for the first and
 * last stop in a trip"; consumers interpolate the others).
 */
function timedStopTimes(raw: readonly { line: number; tripId: string; stopId: string; stopSequence: number; arrivalS: number | undefined; departureS: number | undefined }[]): GtfsStopTime[] {
  const byTrip = new Map<string, (typeof raw)[number][]>();
  for (const each of raw) {
    const list = byTrip.get(each.tripId) ?? [];
    list.push(each);
    byTrip.set(each.tripId, list);
  }
  const out: GtfsStopTime[] = [];
  for (const [tripId, list] of byTrip) {
    list.sort((a, b) => a.stopSequence - b.stopSequence);
    for (let i = 1; i < list.length; i += 1) {
      if (list[i]!.stopSequence === list[i - 1]!.stopSequence) throw new GtfsError('stop_times.txt', list[i]!.line, 'stop_sequence', `${list[i]!.stopSequence} appears twice in trip "${tripId}"`);
    }
    const first = list[0]!;
    const last = list[list.length - 1]!;
    if (first.arrivalS === undefined) throw new GtfsError('stop_times.txt', first.line, 'arrival_time', `is required for the first stop of trip "${tripId}"`);
    if (last.arrivalS === undefined) throw new GtfsError('stop_times.txt', last.line, 'arrival_time', `is required for the last stop of trip "${tripId}"`);
    let previousTimed = 0;
    for (let i = 0; i < list.length; i += 1) {
      const each = list[i]!;
      if (each.arrivalS !== undefined) {
        const before = list[previousTimed]!;
        if (i > 0 && each.arrivalS < before.departureS!) throw new GtfsError('stop_times.txt', each.line, 'arrival_time', `goes back in time within trip "${tripId}"`);
        for (let j = previousTimed + 1; j < i; j += 1) {
          const at = Math.round(before.departureS! + ((each.arrivalS - before.departureS!) * (j - previousTimed)) / (i - previousTimed));
          out.push({ tripId, stopSequence: list[j]!.stopSequence, stopId: list[j]!.stopId, arrivalS: at, departureS: at });
        }
        out.push({ tripId, stopSequence: each.stopSequence, stopId: each.stopId, arrivalS: each.arrivalS, departureS: each.departureS! });
        previousTimed = i;
      }
    }
  }
  return out;
}

function unique<T extends { id: string }>(table: Table, items: readonly T[], field: string): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) throw new GtfsError(table.file, table.lineOf(index), field, `"${item.id}" appears twice`);
    seen.add(item.id);
  });
  return seen;
}

/** One file's records, read through its header. */
class Table {
  private readonly header: readonly string[];
  private readonly records: readonly { line: number; fields: readonly string[] }[];

  constructor(
    readonly file: string,
    text: string | undefined,
  ) {
    let records;
    try {
      records = parseCsv(text ?? '');
    } catch (error) {
      if (error instanceof CsvError) throw new GtfsError(file, error.line, '', error.reason);
      throw error;
    }
    if (records.length === 0) throw new GtfsError(file, 0, '', 'is empty; it must start with a header line naming its fields');
    this.header = records[0]!.fields.map((name) => name.trim());
    this.records = records.slice(1);
  }

  lineOf(index: number): number {
    return this.records[index]?.line ?? 0;
  }

  /** Maps every record, after checking that the header names the required fields. */
  rows<T>(required: readonly string[], read: (row: Row) => T): T[] {
    for (const field of required) if (!this.header.includes(field)) throw new GtfsError(this.file, 1, field, 'is a required field and is missing from the header');
    const index = new Map(this.header.map((name, i) => [name, i]));
    return this.records.map((record) => {
      if (record.fields.length !== this.header.length) {
        throw new GtfsError(this.file, record.line, '', `has ${record.fields.length} fields where the header names ${this.header.length}`);
      }
      return read(new Row(this.file, record.line, record.fields, index));
    });
  }
}

/** One record's fields, read by name with their GTFS field types. */
class Row {
  constructor(
    private readonly file: string,
    readonly line: number,
    private readonly fields: readonly string[],
    private readonly index: ReadonlyMap<string, number>,
  ) {}

  fail(field: string, reason: string): never {
    throw new GtfsError(this.file, this.line, field, reason);
  }

  optional(field: string): string | undefined {
    const i = this.index.get(field);
    const value = i === undefined ? '' : this.fields[i]!.trim();
    return value === '' ? undefined : value;
  }

  required(field: string): string {
    return this.optional(field) ?? this.fail(field, 'is required and empty');
  }

  optionalNumber(field: string): number | undefined {
    const value = this.optional(field);
    if (value === undefined) return undefined;
    const number = Number(value);
    return Number.isFinite(number) ? number : this.fail(field, `"${value}" is not a number`);
  }

  integer(field: string, min: number, max: number): number {
    const value = this.required(field);
    const number = Number(value);
    if (!/^-?\d+$/.test(value) || number < min || number > max) this.fail(field, `"${value}" is not a whole number from ${min} to ${max}`);
    return number;
  }

  /** An Enum field; empty takes `fallback` when there is one. */
  enumeration(field: string, allowed: readonly number[], fallback?: number): number {
    const value = this.optional(field);
    if (value === undefined) return fallback ?? this.fail(field, `is required; allowed: ${allowed.join(', ')}`);
    const number = Number(value);
    if (!allowed.includes(number) || !/^\d+$/.test(value)) this.fail(field, `"${value}" is not allowed; allowed: ${allowed.join(', ')}`);
    return number;
  }

  latitude(field: string): number {
    const value = this.optionalNumber(field) ?? this.fail(field, 'is required and empty');
    return value >= -90 && value <= 90 ? value : this.fail(field, `${value} is not a latitude from -90 to 90`);
  }

  longitude(field: string): number {
    const value = this.optionalNumber(field) ?? this.fail(field, 'is required and empty');
    return value >= -180 && value <= 180 ? value : this.fail(field, `${value} is not a longitude from -180 to 180`);
  }

  /** A Date field: YYYYMMDD. */
  date(field: string): string {
    const value = this.required(field);
    const month = Number(value.slice(4, 6));
    const day = Number(value.slice(6, 8));
    if (!/^\d{8}$/.test(value) || month < 1 || month > 12 || day < 1 || day > 31) this.fail(field, `"${value}" is not a date written YYYYMMDD`);
    return value;
  }

  /** A Time field, HH:MM:SS (H:MM:SS taken), in seconds; may pass 24:00:00 for trips past midnight. */
  time(field: string): number | undefined {
    const value = this.optional(field);
    if (value === undefined) return undefined;
    const match = /^(\d{1,2}):([0-5]\d):([0-5]\d)$/.exec(value);
    if (match === null) return this.fail(field, `"${value}" is not a time written HH:MM:SS`);
    return Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3]);
  }

  /** A Color field: six hex digits, without `#`. */
  color(field: string): string | null {
    const value = this.optional(field);
    if (value === undefined) return null;
    return /^[0-9A-Fa-f]{6}$/.test(value) ? value.toUpperCase() : this.fail(field, `"${value}" is not a colour of six hexadecimal digits`);
  }

  timeZone(field: string): string {
    const value = this.required(field);
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
    } catch {
      this.fail(field, `"${value}" is not a TZ database time zone`);
    }
    return value;
  }
}
