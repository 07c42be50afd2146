/**
 * A CSV reader for GTFS files, as RFC 4180 §2 defines the format: records end with CRLF (a bare LF or
 * CR is taken too, as GTFS producers write both), fields are separated by commas, a field may be
 * enclosed in double quotes, and inside one a double quote is written twice ("") and commas and line
 * breaks are kept. A UTF-8 byte order mark at the start is dropped (the GTFS reference allows one).
 */

/** A malformed CSV file: where (1-based line) and why. */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvError';
  }
}

/** One record, with the line of the file where it starts (1-based; the header is line 1). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: readonly string[];
}

/**
 * Splits CSV text into records. An empty trailing line is not a record.
 * @example parseCsv('a,b\r\n"x, y","say ""hi"""\r\n') // [{ line: 1, fields: ['a','b'] }, { line: 2, fields: ['x, y', 'say "hi"'] }]
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let recordLine = 1;
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    fields.push(field);
    field = '';
    quoted = false;
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    // A line holding nothing at all (a blank line, often the last) is no record.
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
  };
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        // After the closing quote only a separator or the end of the record may come (RFC 4180 §2.5).
        const next = text[i];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') throw new CsvError(line, 'a quoted field must end at its closing quote');
        continue;
      }
      if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line += 1;
      field += c;
      i += 1;
      continue;
    }
    if (c === ',') {
      endField();
      fieldStarted = true;
      i += 1;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else if (c === '"') {
      if (field !== '') throw new CsvError(line, 'a double quote may appear inside a field only if the field is enclosed in double quotes');
      quoted = true;
      fieldStarted = true;
      i += 1;
    } else {
      field += c;
      fieldStarted = true;
      i += 1;
    }
  }
  if (quoted) throw new CsvError(recordLine, 'a quoted field is not closed before the end of the file');
  if (fieldStarted || field !== '' || fields.length > 0) endRecord();
  return records;
}

/**
 * CSV text from a header and rows, CRLF line ends (RFC 4180 §2.1); a field holding a comma, a double
 * quote or a line break is enclosed in double quotes, its quotes doubled (§2.6, §2.7).
 * @example csvText(['a', 'b'], [['x, y', 1]]) // 'a,b\r\n"x, y",1\r\n'
 */
export function csvText(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const field = (value: string | number) => {
    const text = String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}
