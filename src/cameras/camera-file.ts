import { CsvError, parse as parseCsvText, type Info, type Options as CsvOptions } from 'csv-parse/sync';
import type { FieldProblem } from '../core/errors.js';
import { findMalformedText, jsonMayHoldLoneSurrogate, loneSurrogateAt, malformedTextMessage } from '../core/well-formed-text.js';
import type { NewCamera, Preset } from './camera.js';

/**
 * Camera registry files: CSV (RFC 4180) and GeoJSON, both read into `NewCamera`-shaped values to be
 * checked against the contract, and written from registered cameras. Nothing here knows the database.
 */

/** The CSV columns, in the order exports write them; `lat` and `lon` are the location. */
export const cameraCsvColumns = [
  'id', 'name', 'lat', 'lon', 'heightM', 'headingDeg', 'fovDeg', 'rangeM', 'ptz', 'presets',
  'streamMain', 'streamSub', 'streamHls', 'streamWebrtc', 'snapshotUrl', 'onvifUrl',
  'device', 'district', 'owner', 'status',
] as const;
type CsvColumn = (typeof cameraCsvColumns)[number];

const requiredColumns: readonly CsvColumn[] = ['id', 'name', 'lat', 'lon', 'headingDeg', 'fovDeg', 'rangeM'];
const numberColumns: ReadonlySet<CsvColumn> = new Set(['lat', 'lon', 'heightM', 'headingDeg', 'fovDeg', 'rangeM']);

/** One record of a file, not yet checked: where it is (`lines.3`, `features.0`) and its fields. */
export interface FileRecord {
  readonly where: string;
  readonly value: Record<string, unknown>;
  /** Maps a field of `NewCamera` (`location.lat`, `rangeM`) to where it is in the file. */
  readonly fieldOf: (field: string) => string;
}

/** What a file reading gives: the records, and the problems already found in its shape. */
export interface FileReading {
  readonly records: FileRecord[];
  readonly problems: FieldProblem[];
}

// Headers match without regard to case or underscores: `heading_deg` and `HeadingDeg` are `headingDeg`.
const columnByKey = new Map<string, CsvColumn>(cameraCsvColumns.map((c) => [c.toLowerCase(), c]));

/**
 * Reads a camera CSV: a header row naming columns (any order; `cameraCsvColumns`), then one camera a
 * row. Numbers are read as numbers, `ptz` as true/false/1/0/yes/no, presets as `name:heading[:zoom]`
 * separated by `;` (`gate:90:2;street:180`); empty cells are absent fields. Lines are counted from 1,
 * the header; a quoted cell may span lines.
 */
export function readCameraCsv(content: string): FileReading {
  const malformedAt = loneSurrogateAt(content);
  if (malformedAt >= 0) {
    const line = content.slice(0, malformedAt).split('\n').length;
    return { records: [], problems: [{ field: `lines.${line}`, message: malformedTextMessage(content, malformedAt) }] };
  }
  const records: FileRecord[] = [];
  const problems: FieldProblem[] = [];
  const rows = parseCsv(content.replace(/^\uFEFF/, ''));
  const header = rows[0];
  if (header === undefined) return { records, problems: [{ field: 'content', message: 'is empty; expected a header row, then one camera a row' }] };
  if (header.malformed !== undefined) return { records, problems: [{ field: 'lines.1', message: header.malformed }] };
  const columns: (CsvColumn | undefined)[] = header.cells.map((cell) => columnByKey.get(cell.trim().replace(/_/g, '').toLowerCase()));
  columns.forEach((column, i) => {
    if (column === undefined) problems.push({ field: `lines.1.${header.cells[i]!.trim() || `column ${i + 1}`}`, message: `is not a known column; columns: ${cameraCsvColumns.join(', ')}` });
  });
  const missing = requiredColumns.filter((c) => !columns.includes(c));
  if (missing.length > 0) problems.push({ field: 'lines.1', message: `lacks the column(s) ${missing.join(', ')}; required: ${requiredColumns.join(', ')}` });
  const seen = new Set<CsvColumn>();
  columns.forEach((column) => {
    if (column === undefined) return;
    if (seen.has(column)) problems.push({ field: `lines.1.${column}`, message: 'is given twice' });
    seen.add(column);
  });
  if (problems.length > 0) return { records, problems };

  for (const row of rows.slice(1)) {
    const where = `lines.${row.line}`;
    if (row.malformed !== undefined) {
      problems.push({ field: where, message: row.malformed });
      continue;
    }
    if (row.cells.every((cell) => cell.trim() === '')) continue;
    if (row.cells.length > columns.length) {
      problems.push({ field: where, message: `has ${row.cells.length} cells; the header has ${columns.length}` });
      continue;
    }
    const value: Record<string, unknown> = {};
    const location: Record<string, unknown> = {};
    row.cells.forEach((raw, i) => {
      const column = columns[i]!;
      const cell = raw.trim();
      if (cell === '') return;
      if (column === 'lat' || column === 'lon') location[column] = readNumber(cell);
      else if (numberColumns.has(column)) value[column] = readNumber(cell);
      else if (column === 'ptz') value.ptz = readBoolean(cell);
      else if (column === 'presets') {
        const presets = readPresets(cell);
        if (presets === undefined) problems.push({ field: `${where}.presets`, message: 'must be name:heading[:zoom] separated by ; such as gate:90:2;street:180' });
        else value.presets = presets;
      } else value[column] = cell;
    });
    if (Object.keys(location).length > 0) value.location = location;
    records.push({ where, value, fieldOf: (field) => `${where}.${field.replace(/^location\./, '')}` });
  }
  return { records, problems };
}

/**
 * Reads a GeoJSON FeatureCollection of Point features: the point is the camera's location, the
 * properties are the other fields (presets as a list of `{ name, headingDeg, zoom? }`).
 */
export function readCameraGeoJson(content: string): FileReading {
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch (error) {
    return { records: [], problems: [{ field: 'content', message: `is not JSON (${(error as Error).message})` }] };
  }
  // Named as the other problems are (`features.3.properties.name`); the file is refused whole.
  const malformed = jsonMayHoldLoneSurrogate(content) ? findMalformedText(document, 'content') : undefined;
  if (malformed !== undefined) return { records: [], problems: [malformed] };
  const features = (document as { type?: unknown; features?: unknown } | null)?.features;
  if ((document as { type?: unknown } | null)?.type !== 'FeatureCollection' || !Array.isArray(features)) {
    return { records: [], problems: [{ field: 'content', message: 'must be a GeoJSON FeatureCollection of Point features' }] };
  }
  const records: FileRecord[] = [];
  const problems: FieldProblem[] = [];
  features.forEach((feature: unknown, i) => {
    const where = `features.${i}`;
    const f = feature as { type?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown } | null;
    const coordinates = f?.geometry?.coordinates;
    if (f?.type !== 'Feature' || f.geometry?.type !== 'Point' || !Array.isArray(coordinates) || coordinates.length < 2) {
      problems.push({ field: `${where}.geometry`, message: 'must be a Feature with a Point geometry [lon, lat]' });
      return;
    }
    if (typeof f.properties !== 'object' || f.properties === null || Array.isArray(f.properties)) {
      problems.push({ field: `${where}.properties`, message: 'must be an object with the camera’s fields (id, name, headingDeg, fovDeg, rangeM...)' });
      return;
    }
    const value: Record<string, unknown> = { ...(f.properties as Record<string, unknown>), location: { lon: coordinates[0], lat: coordinates[1] } };
    records.push({ where, value, fieldOf: (field) => (field.startsWith('location') ? `${where}.geometry.coordinates` : `${where}.properties.${field}`) });
  });
  return { records, problems };
}

/** The cameras as CSV (header first, CRLF line ends), readable again by `readCameraCsv`. */
export function writeCameraCsv(cameras: readonly NewCamera[]): string {
  const lines = [cameraCsvColumns.join(',')];
  for (const camera of cameras) {
    lines.push(
      cameraCsvColumns
        .map((column) => {
          if (column === 'lat' || column === 'lon') return String(camera.location[column]);
          if (column === 'presets') return csvCell((camera.presets ?? []).map(presetText).join(';'));
          const value = camera[column];
          return value === undefined ? '' : csvCell(String(value));
        })
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The cameras as a GeoJSON FeatureCollection, readable again by `readCameraGeoJson`. */
export function writeCameraGeoJson(cameras: readonly NewCamera[]): { type: 'FeatureCollection'; features: unknown[] } {
  return {
    type: 'FeatureCollection',
    features: cameras.map(({ location, ...properties }) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [location.lon, location.lat] },
      properties,
    })),
  };
}

function presetText(preset: Preset): string {
  return [preset.name, String(preset.headingDeg), ...(preset.zoom === undefined ? [] : [String(preset.zoom)])].join(':');
}

function readPresets(cell: string): Preset[] | undefined {
  const presets: Preset[] = [];
  for (const part of cell.split(';')) {
    if (part.trim() === '') continue;
    const [name, heading, zoom, ...rest] = part.split(':').map((s) => s.trim());
    if (name === undefined || name === '' || heading === undefined || rest.length > 0) return undefined;
    const headingDeg = readNumber(heading);
    const zoomValue = zoom === undefined ? undefined : readNumber(zoom);
    if (typeof headingDeg !== 'number' || (zoomValue !== undefined && typeof zoomValue !== 'number')) return undefined;
    presets.push({ name, headingDeg, ...(zoomValue === undefined ? {} : { zoom: zoomValue }) });
  }
  return presets;
}

/** A number when the cell is one; else the text itself, for the validator to name. */
function readNumber(cell: string): number | string {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell) ? Number(cell) : cell;
}

function readBoolean(cell: string): boolean | string {
  const lower = cell.toLowerCase();
  if (lower === 'true' || lower === '1' || lower === 'yes') return true;
  if (lower === 'false' || lower === '0' || lower === 'no') return false;
  return cell;
}

function csvCell(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record: the line it starts on and its cells, or what is wrong with it. */
export interface CsvRecord {
  readonly line: number;
  readonly cells: string[];
  /** The record is not valid CSV, for this reason: nothing after it is read. */
  readonly malformed?: string;
}

/**
 * RFC 4180 records: cells split on commas, quoted cells may hold commas, quotes (doubled) and line
 * breaks; CRLF, LF or CR ends a record; blanks round a cell are dropped (not inside quotes). Each record
 * keeps the line it starts on. The first record that is not valid CSV (a quote never closed, text after
 * a closing quote) ends the list, marked `malformed`.
 * @example parseCsv('a,b\n"x, y",2') // [{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['x, y', '2'] }]
 */
export function parseCsv(text: string): CsvRecord[] {
  try {
    return csvRecords(text).map(({ line, cells }) => ({ line, cells }));
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const good = typeof error.records === 'number' ? error.records : 0;
    const records = good > 0 ? csvRecords(text, good) : [];
    const line = records.length === 0 ? 1 : records[records.length - 1]!.endLine + 1;
    const malformed = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'opens a quoted cell that never closes' : 'has text after the closing quote of a cell; a quote inside a quoted cell is written twice ("")';
    return [...records.map(({ line, cells }) => ({ line, cells })), { line, cells: [], malformed }];
  }
}

/** The first `to` records (all when undefined) with the lines each starts and ends on; throws `CsvError` on one not valid. */
function csvRecords(text: string, to?: number): (CsvRecord & { endLine: number })[] {
  const options: CsvOptions = { relax_column_count: true, relax_quotes: true, trim: true, info: true, record_delimiter: ['\r\n', '\n', '\r'], ...(to === undefined ? {} : { to }) };
  // With `info`, each record comes with the line it ends on; the next one starts on the line after.
  const parsed = parseCsvText(text, options) as unknown as { record: string[]; info: Info }[];
  return parsed.map(({ record, info }, i) => ({ line: i === 0 ? 1 : parsed[i - 1]!.info.lines + 1, cells: record, endLine: info.lines }));
}
