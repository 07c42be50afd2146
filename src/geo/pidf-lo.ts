import { SaxesParser, type SaxesTagNS } from 'saxes';
import { DomainError } from '../core/errors.js';
import { escapeXml } from '../core/xml-text.js';

/**
 * Caller location as telephony supplies it: a PIDF-LO document (RFC 4119, shapes per RFC 5491, civic
 * address per RFC 5139). Only what a call-taker needs is kept: a geodetic point or circle, the civic
 * address, how the location was obtained and when.
 */
export interface PidfLocation {
  readonly geodetic?: {
    readonly shape: 'point' | 'circle';
    readonly lat: number;
    readonly lon: number;
    readonly altitudeM?: number;
    /** Radius of the circle of uncertainty, metres (circles only). */
    readonly radiusM?: number;
  };
  /** Civic address elements by their RFC 5139 names (`country`, `A1`..`A6`, `RD`, `HNO`, `PC`...). */
  readonly civic?: Readonly<Record<string, string>>;
  /** How the location was determined (`GPS`, `Cell`, `Manual`...), from `gp:method`. */
  readonly method?: string;
  /** When the location was current, from the tuple's `timestamp`. */
  readonly timestamp?: string;
}

export const PIDF_NS = 'urn:ietf:params:xml:ns:pidf';
const GEOPRIV_NS = 'urn:ietf:params:xml:ns:pidf:geopriv10';
const GML_NS = 'http://www.opengis.net/gml';
const GS_NS = 'http://www.opengis.net/pidflo/1.0';
const CIVIC_NS = 'urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr';

const CRS_2D = 'urn:ogc:def:crs:EPSG::4326';
const CRS_3D = 'urn:ogc:def:crs:EPSG::4979';
const UOM_METRE = 'urn:ogc:def:uom:EPSG::9001';

/** A PIDF-LO is a few kilobytes; anything much larger is not one. */
export const PIDF_MAX_BYTES = 64 * 1024;
const MAX_DEPTH = 32;
const MAX_ELEMENTS = 2_000;

const CIVIC_ELEMENTS = new Set([
  'country', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'PRD', 'POD', 'STS', 'HNO', 'HNS', 'LMK', 'LOC', 'FLR', 'NAM',
  'PC', 'BLD', 'UNIT', 'ROOM', 'SEAT', 'PLC', 'PCN', 'POBOX', 'ADDCODE', 'RD', 'RDSEC', 'RDBR', 'RDSUBBR', 'PRM', 'POM',
]);
const GEODETIC_SHAPES = new Set(['Point', 'Circle', 'Polygon', 'Ellipse', 'ArcBand', 'Sphere', 'Ellipsoid', 'Prism']);
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Parses a PIDF-LO document. Refuses, with a validation error on `field`: malformed XML, any DOCTYPE
 * (external entities and entity expansion are never processed), a document that is not PIDF, shapes
 * other than point and circle, coordinate systems other than WGS 84 (EPSG 4326 / 4979), coordinates
 * out of range, and documents with no location at all.
 */
export function parsePidfLo(xml: string, field = 'location'): PidfLocation {
  const refuse = (message: string) => new DomainError('validation', `${field}: ${message}`, { errors: [{ field, message }] });
  if (Buffer.byteLength(xml, 'utf8') > PIDF_MAX_BYTES) throw refuse(`is larger than ${PIDF_MAX_BYTES / 1024} KiB, which no PIDF-LO document is`);
  // Checked before parsing, and again by the parser: a DTD is how external entities (XXE) and entity
  // expansion bombs get in, and PIDF-LO has no use for one.
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw refuse('must not contain a DOCTYPE or entity declarations');

  const collector = new LocationCollector(refuse);
  const parser = new SaxesParser({ xmlns: true, position: true });
  parser.on('doctype', () => {
    throw refuse('must not contain a DOCTYPE or entity declarations');
  });
  parser.on('opentag', (tag) => collector.open(tag as SaxesTagNS, parser.line));
  parser.on('text', (text) => collector.text(text));
  parser.on('cdata', (text) => collector.text(text));
  parser.on('closetag', (tag) => collector.close(tag as SaxesTagNS));
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw refuse(`is not well-formed XML (${(error as Error).message.replace(/^undefined:/, 'line ')})`);
  }
  return collector.result();
}

interface Open {
  readonly uri: string;
  readonly local: string;
  readonly attributes: Readonly<Record<string, string>>;
  text: string;
}

/** Walks the element tree as the parser reports it and keeps the parts of a location. */
class LocationCollector {
  private readonly stack: Open[] = [];
  private elements = 0;
  private rootSeen = false;
  private geodetic: PidfLocation['geodetic'];
  private civic: Record<string, string> | undefined;
  private method: string | undefined;
  private timestamp: string | undefined;
  private shape: { kind: 'Point' | 'Circle'; srsName: string; pos?: string; radius?: string; uom?: string } | undefined;

  constructor(private readonly refuse: (message: string) => DomainError) {}

  open(tag: SaxesTagNS, line: number): void {
    this.elements += 1;
    if (this.elements > MAX_ELEMENTS) throw this.refuse(`has more than ${MAX_ELEMENTS} elements`);
    if (this.stack.length >= MAX_DEPTH) throw this.refuse(`nests elements deeper than ${MAX_DEPTH} levels`);
    const uri = tag.uri ?? '';
    if (!this.rootSeen) {
      this.rootSeen = true;
      if (uri !== PIDF_NS || tag.local !== 'presence') {
        throw this.refuse(`is not a PIDF document: its root is {${uri}}${tag.local}, not {${PIDF_NS}}presence`);
      }
    }
    const attributes: Record<string, string> = {};
    for (const attribute of Object.values(tag.attributes)) {
      if (typeof attribute === 'object' && attribute.uri === '') attributes[attribute.local] = attribute.value;
    }
    const inLocationInfo = this.stack.some((e) => e.uri === GEOPRIV_NS && e.local === 'location-info');
    if (inLocationInfo && (uri === GML_NS || uri === GS_NS) && GEODETIC_SHAPES.has(tag.local) && this.shape === undefined && this.geodetic === undefined) {
      if (tag.local !== 'Point' && tag.local !== 'Circle') {
        throw this.refuse(`line ${line}: the ${tag.local} shape is not supported; send a Point or a Circle`);
      }
      if ((tag.local === 'Point' && uri !== GML_NS) || (tag.local === 'Circle' && uri !== GS_NS)) {
        throw this.refuse(`line ${line}: ${tag.local} is in the namespace ${uri}, not ${tag.local === 'Point' ? GML_NS : GS_NS}`);
      }
      this.shape = { kind: tag.local, srsName: attributes.srsName ?? '' };
    }
    if (uri === CIVIC_NS && tag.local === 'civicAddress' && inLocationInfo) this.civic ??= {};
    if (uri === GS_NS && tag.local === 'radius' && this.shape !== undefined) this.shape.uom = attributes.uom ?? '';
    this.stack.push({ uri, local: tag.local, attributes, text: '' });
  }

  text(text: string): void {
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined) top.text += text;
  }

  close(tag: SaxesTagNS): void {
    const element = this.stack.pop();
    if (element === undefined) return;
    const value = element.text.trim();
    const parent = this.stack[this.stack.length - 1];
    if (element.uri === GML_NS && element.local === 'pos' && this.shape !== undefined) this.shape.pos = value;
    else if (element.uri === GS_NS && element.local === 'radius' && this.shape !== undefined) this.shape.radius = value;
    else if (element.uri === GML_NS && element.local === 'Point' && this.shape?.kind === 'Point') this.finishShape();
    else if (element.uri === GS_NS && element.local === 'Circle' && this.shape?.kind === 'Circle') this.finishShape();
    else if (element.uri === CIVIC_NS && parent?.uri === CIVIC_NS && parent.local === 'civicAddress' && CIVIC_ELEMENTS.has(element.local)) {
      // XML 1.0 admits no control characters but tab and line breaks; those become single spaces.
      const line = value.replace(/\s+/g, ' ');
      if (line.length > 200) throw this.refuse(`civic element ${element.local} is longer than 200 characters`);
      if (this.civic !== undefined && line !== '') this.civic[element.local] = line;
    } else if (element.uri === GEOPRIV_NS && element.local === 'method' && this.method === undefined && value !== '') {
      this.method = value.slice(0, 100);
    } else if (element.uri === PIDF_NS && element.local === 'timestamp' && this.timestamp === undefined) {
      const at = new Date(value);
      if (Number.isNaN(at.getTime())) throw this.refuse(`timestamp "${value.slice(0, 40)}" is not a date-time`);
      this.timestamp = at.toISOString();
    }
    void tag;
  }

  result(): PidfLocation {
    if (this.geodetic === undefined && (this.civic === undefined || Object.keys(this.civic).length === 0)) {
      throw this.refuse(
        `holds no location: expected a gml:Point, a gs:Circle or a ca:civicAddress inside gp:location-info (namespace ${GEOPRIV_NS})`,
      );
    }
    return {
      ...(this.geodetic === undefined ? {} : { geodetic: this.geodetic }),
      ...(this.civic === undefined || Object.keys(this.civic).length === 0 ? {} : { civic: this.civic }),
      ...(this.method === undefined ? {} : { method: this.method }),
      ...(this.timestamp === undefined ? {} : { timestamp: this.timestamp }),
    };
  }

  private finishShape(): void {
    const shape = this.shape!;
    const threeD = shape.srsName === CRS_3D;
    if (shape.srsName !== CRS_2D && !threeD) {
      throw this.refuse(`srsName "${shape.srsName.slice(0, 80)}" is not WGS 84; use ${CRS_2D} or ${CRS_3D}`);
    }
    const parts = (shape.pos ?? '').split(/\s+/).filter(Boolean);
    if (parts.length !== (threeD ? 3 : 2) || !parts.every((p) => DECIMAL.test(p))) {
      throw this.refuse(`gml:pos "${(shape.pos ?? '').slice(0, 80)}" must be ${threeD ? 'latitude longitude altitude' : 'latitude longitude'} in decimal degrees`);
    }
    const [lat, lon, altitude] = parts.map(Number) as [number, number, number | undefined];
    if (!(lat >= -90 && lat <= 90)) throw this.refuse(`latitude ${parts[0]} is out of range (-90 to 90)`);
    if (!(lon >= -180 && lon <= 180)) throw this.refuse(`longitude ${parts[1]} is out of range (-180 to 180)`);
    let radiusM: number | undefined;
    if (shape.kind === 'Circle') {
      if (shape.uom !== UOM_METRE) throw this.refuse(`gs:radius must be in metres (uom ${UOM_METRE})`);
      radiusM = Number(shape.radius);
      if (!DECIMAL.test(shape.radius ?? '') || !(radiusM > 0) || radiusM > 100_000) {
        throw this.refuse(`gs:radius "${(shape.radius ?? '').slice(0, 40)}" must be a distance in metres above 0 and up to 100000`);
      }
    }
    this.geodetic = {
      shape: shape.kind === 'Point' ? 'point' : 'circle',
      lat,
      lon,
      ...(altitude === undefined ? {} : { altitudeM: altitude }),
      ...(radiusM === undefined ? {} : { radiusM }),
    };
    this.shape = undefined;
  }
}


/** What `formatPidfLo` writes: a point, or a circle when a radius is given, and a civic address. */
export interface PidfLocationOut {
  readonly lat?: number;
  readonly lon?: number;
  readonly radiusM?: number;
  /** Civic elements by their RFC 5139 names; unknown names are left out. */
  readonly civic?: Readonly<Record<string, string>>;
  readonly method?: string;
  /** The PIDF entity (`pres:` URI) the location is about. */
  readonly entity: string;
  readonly timestamp: string;
}

/**
 * Writes a PIDF-LO document (RFC 4119 with the RFC 5491 point and circle shapes and an RFC 5139 civic
 * address) that `parsePidfLo` reads back to the same location.
 */
export function formatPidfLo(location: PidfLocationOut): string {
  const parts: string[] = [];
  if (location.lat !== undefined && location.lon !== undefined) {
    const pos = `<gml:pos>${location.lat} ${location.lon}</gml:pos>`;
    parts.push(
      location.radiusM === undefined
        ? `<gml:Point srsName="${CRS_2D}">${pos}</gml:Point>`
        : `<gs:Circle srsName="${CRS_2D}">${pos}<gs:radius uom="${UOM_METRE}">${location.radiusM}</gs:radius></gs:Circle>`,
    );
  }
  const civic = Object.entries(location.civic ?? {}).filter(([name, value]) => CIVIC_ELEMENTS.has(name) && value.trim() !== '');
  if (civic.length > 0) {
    parts.push(`<ca:civicAddress>${civic.map(([name, value]) => `<ca:${name}>${escapeXml(value)}</ca:${name}>`).join('')}</ca:civicAddress>`);
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<presence xmlns="${PIDF_NS}" xmlns:gp="${GEOPRIV_NS}" xmlns:gml="${GML_NS}" xmlns:gs="${GS_NS}" xmlns:ca="${CIVIC_NS}" entity="${escapeXml(location.entity)}">` +
    '<tuple id="location"><status><gp:geopriv>' +
    `<gp:location-info>${parts.join('')}</gp:location-info>` +
    '<gp:usage-rules/>' +
    (location.method === undefined ? '' : `<gp:method>${escapeXml(location.method)}</gp:method>`) +
    `</gp:geopriv></status><timestamp>${escapeXml(location.timestamp)}</timestamp></tuple></presence>`
  );
}
