import { SaxesParser, type SaxesTagNS } from 'saxes';
import { TrafficEventKind } from '../contract/traffic-feed.js';
import { DomainError } from '../core/errors.js';
import type { LatLon } from '../geo/geometry.js';
import { feedRefusal, type FeedContent, type FeedEventIn, type FeedSite, type SiteSpeed } from './feed.js';

/**
 * DATEX II version 3 documents from a city's traffic centre, read for what routing and the traffic room
 * use. The namespaces and names are those of the v3 schemas (CEN/TS 16157, "Intelligent transport
 * systems — DATEX II data exchange specifications for traffic management and information"):
 * - Part 7 (common elements, `http://datex2.eu/schema/3/common`): the publication's payload, `validity`;
 * - Part 2 (location referencing, `.../3/locationReferencing`): `PointLocation` with `pointByCoordinates`
 *   (`pointCoordinates` latitude/longitude, `bearing`), `LinearLocation` with `gmlLineString` (`posList`)
 *   or `linearByCoordinates` (`startPoint`, `intermediatePoint`, `endPoint`), and
 *   `ItineraryByIndexedLocations` (`locationContainedInItinerary`);
 * - Part 3 (situation publication, `.../3/situation`): `SituationPublication`, its `situation`s and
 *   their `situationRecord`s: `Accident`, `MaintenanceWorks`/`ConstructionWorks`, `AbnormalTraffic`,
 *   `RoadOrCarriagewayOrLaneManagement` (`roadOrCarriagewayOrLaneManagementType` `roadClosed`);
 * - Part 5 (measured and elaborated data, `.../3/roadTrafficData`): `MeasurementSiteTablePublication`
 *   (`measurementSite` with its `measurementSiteLocation`) and `MeasuredDataPublication`
 *   (`siteMeasurements`: `measurementSiteReference`, `measurementTimeDefault`, `physicalQuantity` whose
 *   `basicData` of type `TrafficSpeed` holds `averageVehicleSpeed`/`speed`, km/h).
 * A document is a `d2Payload` `payload`, or a `messageContainer` (`.../3/messageContainer`) holding
 * several `payload`s (a site table and measured data together). Anything the reader cannot use safely
 * — not well-formed, a DTD, another version, a record without a place or a start — is refused whole,
 * naming the element.
 */

export const DATEX_NS = {
  common: 'http://datex2.eu/schema/3/common',
  payload: 'http://datex2.eu/schema/3/d2Payload',
  container: 'http://datex2.eu/schema/3/messageContainer',
  location: 'http://datex2.eu/schema/3/locationReferencing',
  situation: 'http://datex2.eu/schema/3/situation',
  roadTrafficData: 'http://datex2.eu/schema/3/roadTrafficData',
} as const;
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** A traffic centre's document is a few megabytes at most (a city's sites measured every minute). */
export const DATEX_MAX_BYTES = 16 * 1024 * 1024;
const MAX_ELEMENTS = 2_000_000;
const MAX_DEPTH = 64;

/** One element of the document: namespace, local name, attributes by local name, children, text. */
interface Element {
  readonly uri: string;
  readonly local: string;
  /** Unqualified attributes by name; `xsi:type` under `type` as its local part (the type's name). */
  readonly attributes: Record<string, string>;
  readonly xsiType: string | null;
  readonly children: Element[];
  text: string;
}

/** Parses XML into elements (namespaces resolved), refusing DTDs and oversized documents. */
function parseXml(xml: string): Element {
  if (Buffer.byteLength(xml, 'utf8') > DATEX_MAX_BYTES) throw feedRefusal('body', `is larger than ${DATEX_MAX_BYTES / 1024 / 1024} MiB`);
  // External entities (XXE) and entity expansion come in through a DTD: DATEX II has no use for one.
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw feedRefusal('body', 'must not contain a DOCTYPE or entity declarations');
  const parser = new SaxesParser({ xmlns: true, position: true });
  const stack: Element[] = [];
  let root: Element | undefined;
  let count = 0;
  parser.on('opentag', (tag: SaxesTagNS) => {
    count += 1;
    if (count > MAX_ELEMENTS) throw feedRefusal('body', `has more than ${MAX_ELEMENTS} elements`);
    if (stack.length >= MAX_DEPTH) throw feedRefusal('body', `nests elements deeper than ${MAX_DEPTH} levels`);
    const attributes: Record<string, string> = {};
    let xsiType: string | null = null;
    for (const attribute of Object.values(tag.attributes)) {
      if (typeof attribute !== 'object') continue;
      if (attribute.uri === XSI && attribute.local === 'type') xsiType = attribute.value.slice(attribute.value.indexOf(':') + 1);
      else if (attribute.uri === '') attributes[attribute.local] = attribute.value;
    }
    const element: Element = { uri: tag.uri ?? '', local: tag.local ?? tag.name, attributes, xsiType, children: [], text: '' };
    if (stack.length === 0) root = element;
    else stack[stack.length - 1]!.children.push(element);
    stack.push(element);
  });
  parser.on('text', (text) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) top.text += text;
  });
  parser.on('cdata', (text) => {
    const top = stack[stack.length - 1];
    if (top !== undefined) top.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  parser.on('doctype', () => {
    throw feedRefusal('body', 'must not contain a DOCTYPE or entity declarations');
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw feedRefusal('body', `is not well-formed XML (${(error as Error).message.replace(/^undefined:/, 'line ')})`);
  }
  if (root === undefined) throw feedRefusal('body', 'holds no XML element');
  return root;
}

const child = (element: Element, local: string): Element | undefined => element.children.find((c) => c.local === local);
const childrenNamed = (element: Element, local: string): Element[] => element.children.filter((c) => c.local === local);

/** Every descendant named `local`, in document order. */
function descendants(element: Element, local: string, found: Element[] = []): Element[] {
  for (const c of element.children) {
    if (c.local === local) found.push(c);
    descendants(c, local, found);
  }
  return found;
}

/** The element's text with its descendants', trimmed (a `measurementTimeDefault` may wrap its value). */
function textOf(element: Element): string {
  return (element.text + element.children.map(textOf).join('')).trim();
}

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function numberAt(element: Element, field: string): number {
  const text = textOf(element);
  if (!DECIMAL.test(text)) throw feedRefusal(field, `"${text.slice(0, 40)}" is not a number`);
  return Number(text);
}

function timeAt(element: Element, field: string): string {
  const text = textOf(element);
  const ms = Date.parse(text);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(text) || Number.isNaN(ms)) throw feedRefusal(field, `"${text.slice(0, 40)}" is not an ISO 8601 date-time`);
  return new Date(ms).toISOString();
}

/** A `pointCoordinates`: latitude and longitude in decimal degrees (WGS 84). */
function coordinatesOf(element: Element, field: string): LatLon {
  const lat = child(element, 'latitude');
  const lon = child(element, 'longitude');
  if (lat === undefined || lon === undefined) throw feedRefusal(field, 'needs a latitude and a longitude');
  const point = { lat: numberAt(lat, `${field}.latitude`), lon: numberAt(lon, `${field}.longitude`) };
  if (!(point.lat >= -90 && point.lat <= 90)) throw feedRefusal(`${field}.latitude`, `${point.lat} is out of range (-90 to 90)`);
  if (!(point.lon >= -180 && point.lon <= 180)) throw feedRefusal(`${field}.longitude`, `${point.lon} is out of range (-180 to 180)`);
  return point;
}

/** A GML `posList`: latitude-longitude pairs (EPSG 4326 axis order), space-separated. */
function posListOf(element: Element, field: string): LatLon[] {
  const parts = textOf(element).split(/\s+/).filter(Boolean);
  if (parts.length < 4 || parts.length % 2 !== 0 || !parts.every((p) => DECIMAL.test(p))) throw feedRefusal(field, 'must hold at least two latitude-longitude pairs');
  const points: LatLon[] = [];
  for (let i = 0; i < parts.length; i += 2) points.push({ lat: Number(parts[i]), lon: Number(parts[i + 1]) });
  if (points.some((p) => !(Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180))) throw feedRefusal(field, 'holds a position out of range');
  return points;
}

const LINE_START = new Set(['startPoint', 'linearCoordinatesStartPoint', 'from']);
const LINE_MIDDLE = new Set(['intermediatePoint']);
const LINE_END = new Set(['endPoint', 'linearCoordinatesEndPoint', 'to']);

/**
 * A location's place: a point with its bearing, or a line start to end. Point and linear locations by
 * coordinates (Part 2), and an itinerary of them (its locations joined in index order).
 */
function placeOf(location: Element, field: string): { points: LatLon[]; bearingDeg: number | null } {
  const type = location.xsiType ?? '';
  if (type === 'ItineraryByIndexedLocations') {
    const parts = childrenNamed(location, 'locationContainedInItinerary').sort((a, b) => Number(a.attributes.index ?? 0) - Number(b.attributes.index ?? 0));
    const points = parts.flatMap((part, i) => {
      const inner = child(part, 'location');
      if (inner === undefined) throw feedRefusal(`${field}.locationContainedInItinerary[${i}]`, 'has no location');
      return placeOf(inner, `${field}.locationContainedInItinerary[${i}].location`).points;
    });
    if (points.length === 0) throw feedRefusal(field, 'the itinerary holds no location');
    return { points, bearingDeg: null };
  }
  const byCoordinates = descendants(location, 'pointByCoordinates')[0];
  if (type.endsWith('PointLocation') || (type === 'LocationReference' && byCoordinates !== undefined)) {
    if (byCoordinates === undefined) throw feedRefusal(field, 'a PointLocation needs pointByCoordinates (Part 2); other point references are not read');
    const coordinates = child(byCoordinates, 'pointCoordinates');
    if (coordinates === undefined) throw feedRefusal(`${field}.pointByCoordinates`, 'needs pointCoordinates');
    const bearing = child(byCoordinates, 'bearing');
    const bearingDeg = bearing === undefined ? null : numberAt(bearing, `${field}.pointByCoordinates.bearing`);
    if (bearingDeg !== null && !(bearingDeg >= 0 && bearingDeg <= 360)) throw feedRefusal(`${field}.pointByCoordinates.bearing`, 'must be from 0 to 360 degrees');
    return { points: [coordinatesOf(coordinates, `${field}.pointByCoordinates.pointCoordinates`)], bearingDeg };
  }
  if (type.endsWith('LinearLocation')) {
    const posList = descendants(location, 'posList')[0];
    if (posList !== undefined) return { points: posListOf(posList, `${field}.gmlLineString.posList`), bearingDeg: null };
    const byLine = descendants(location, 'linearByCoordinates')[0] ?? descendants(location, 'linearByCoordinatesExtension')[0] ?? descendants(location, 'tpegLinearLocation')[0];
    if (byLine !== undefined) {
      const pick = (names: ReadonlySet<string>) => byLine.children.filter((c) => names.has(c.local));
      const ends = [...pick(LINE_START), ...pick(LINE_MIDDLE).sort((a, b) => Number(a.attributes.index ?? 0) - Number(b.attributes.index ?? 0)), ...pick(LINE_END)];
      const points = ends.map((end) => {
        const coordinates = descendants(end, 'pointCoordinates')[0];
        if (coordinates === undefined) throw feedRefusal(`${field}.${byLine.local}.${end.local}`, 'needs pointCoordinates');
        return coordinatesOf(coordinates, `${field}.${byLine.local}.${end.local}.pointCoordinates`);
      });
      if (points.length < 2) throw feedRefusal(`${field}.${byLine.local}`, 'needs a startPoint and an endPoint');
      return { points, bearingDeg: null };
    }
    throw feedRefusal(field, 'a LinearLocation needs a gmlLineString or linearByCoordinates (Part 2); other linear references are not read');
  }
  throw feedRefusal(field, `location type "${type || 'none'}" is not read; give a PointLocation, a LinearLocation or an ItineraryByIndexedLocations by coordinates`);
}

/** Part 5: the measurement sites of a site table. */
function readSiteTable(payload: Element): FeedSite[] {
  return descendants(payload, 'measurementSite').map((site, i) => {
    const id = site.attributes.id;
    const field = `measurementSite[${id ?? i}]`;
    if (id === undefined || id === '') throw feedRefusal(`measurementSite[${i}].id`, 'is missing');
    const location = child(site, 'measurementSiteLocation');
    if (location === undefined) throw feedRefusal(`${field}.measurementSiteLocation`, 'is missing');
    return { id, ...placeOf(location, `${field}.measurementSiteLocation`) };
  });
}

/** Part 5: the average speeds of each site (a site measured per lane gives the mean of its lanes). */
function readMeasuredData(payload: Element, publishedAt: string | null): SiteSpeed[] {
  const speeds: SiteSpeed[] = [];
  childrenNamed(payload, 'siteMeasurements').forEach((measurements, i) => {
    const reference = child(measurements, 'measurementSiteReference');
    const site = reference?.attributes.id;
    if (site === undefined || site === '') throw feedRefusal(`siteMeasurements[${i}].measurementSiteReference`, 'needs the id of a measurement site');
    const field = `siteMeasurements[${site}]`;
    const timeElement = child(measurements, 'measurementTimeDefault');
    const at = timeElement === undefined ? publishedAt : timeAt(timeElement, `${field}.measurementTimeDefault`);
    if (at === null) throw feedRefusal(`${field}.measurementTimeDefault`, 'is missing, and the publication has no publicationTime');
    const values: number[] = [];
    for (const data of descendants(measurements, 'basicData')) {
      if (data.xsiType !== 'TrafficSpeed') continue;
      for (const average of descendants(data, 'averageVehicleSpeed')) {
        const speed = child(average, 'speed');
        if (speed === undefined) throw feedRefusal(`${field}.averageVehicleSpeed`, 'needs a speed');
        const kmh = numberAt(speed, `${field}.averageVehicleSpeed.speed`);
        // A negative speed is how stations say "no value this period" (no vehicle passed).
        if (kmh >= 0) values.push(kmh);
      }
    }
    if (values.length > 0) speeds.push({ site, kmh: values.reduce((a, b) => a + b, 0) / values.length, atMs: Date.parse(at) });
  });
  return speeds;
}

/** Part 3: a record's kind, and whether it closes the road. */
function kindOf(record: Element): { kind: TrafficEventKind; closesRoad: boolean } {
  switch (record.xsiType) {
    case 'Accident':
      return { kind: TrafficEventKind.accident, closesRoad: false };
    case 'MaintenanceWorks':
    case 'ConstructionWorks':
      return { kind: TrafficEventKind.roadworks, closesRoad: false };
    case 'AbnormalTraffic':
      return { kind: TrafficEventKind.abnormalTraffic, closesRoad: false };
    case 'RoadOrCarriagewayOrLaneManagement': {
      const type = child(record, 'roadOrCarriagewayOrLaneManagementType');
      return textOf(type ?? record) === 'roadClosed' && type !== undefined ? { kind: TrafficEventKind.roadClosed, closesRoad: true } : { kind: TrafficEventKind.other, closesRoad: false };
    }
    default:
      return { kind: TrafficEventKind.other, closesRoad: false };
  }
}

/** Part 3: every record of every situation, with its validity and place. Suspended records are left out. */
function readSituations(payload: Element): FeedEventIn[] {
  const events: FeedEventIn[] = [];
  const ids = new Set<string>();
  for (const situation of childrenNamed(payload, 'situation')) {
    childrenNamed(situation, 'situationRecord').forEach((record, i) => {
      const id = record.attributes.id;
      if (id === undefined || id === '') throw feedRefusal(`situation[${situation.attributes.id ?? '?'}].situationRecord[${i}].id`, 'is missing');
      const field = `situationRecord[${id}]`;
      if (ids.has(id)) throw feedRefusal(`${field}.id`, 'is given twice; an id names one record');
      ids.add(id);
      const validity = child(record, 'validity');
      if (validity === undefined) throw feedRefusal(`${field}.validity`, 'is missing');
      const status = child(validity, 'validityStatus');
      if (status !== undefined && textOf(status) === 'suspended') return;
      const span = child(validity, 'validityTimeSpecification');
      const start = span === undefined ? undefined : child(span, 'overallStartTime');
      if (start === undefined) throw feedRefusal(`${field}.validity.validityTimeSpecification.overallStartTime`, 'is missing');
      const startsAt = timeAt(start, `${field}.validity.validityTimeSpecification.overallStartTime`);
      const end = child(span!, 'overallEndTime');
      const endsAt = end === undefined ? null : timeAt(end, `${field}.validity.validityTimeSpecification.overallEndTime`);
      if (endsAt !== null && endsAt <= startsAt) throw feedRefusal(`${field}.validity.validityTimeSpecification.overallEndTime`, `must be after the start (${startsAt})`);
      const location = child(record, 'locationReference');
      if (location === undefined) throw feedRefusal(`${field}.locationReference`, 'is missing');
      const comment = descendants(record, 'generalPublicComment').flatMap((c) => descendants(c, 'value'))[0];
      const description = comment === undefined ? null : textOf(comment).replace(/\s+/g, ' ').slice(0, 500) || null;
      events.push({ id, ...kindOf(record), ...placeOf(location, `${field}.locationReference`), startsAt, endsAt, description });
    });
  }
  return events;
}

/**
 * Reads a DATEX II v3 document: its site tables, measured speeds and situations.
 * @example readDatexFeed(xml).siteSpeeds // [{ site: 'CASA-S1', kmh: 12, atMs: 1796... }]
 */
export function readDatexFeed(xml: string): FeedContent {
  const root = parseXml(xml);
  let payloads: Element[];
  if (root.uri === DATEX_NS.container && root.local === 'messageContainer') payloads = childrenNamed(root, 'payload');
  else if (root.uri === DATEX_NS.payload && root.local === 'payload') payloads = [root];
  else if (root.uri.startsWith('http://datex2.eu/schema/')) {
    throw feedRefusal('body', `is DATEX II of namespace ${root.uri}; only version 3 is read (payload in ${DATEX_NS.payload} or messageContainer in ${DATEX_NS.container})`);
  } else throw feedRefusal('body', `is not DATEX II: its root is {${root.uri}}${root.local}, not {${DATEX_NS.payload}}payload or {${DATEX_NS.container}}messageContainer`);
  const sites: FeedSite[] = [];
  const siteSpeeds: SiteSpeed[] = [];
  let events: FeedEventIn[] | undefined;
  payloads.forEach((payload, i) => {
    const publicationTime = child(payload, 'publicationTime');
    const publishedAt = publicationTime === undefined ? null : timeAt(publicationTime, `payload[${i}].publicationTime`);
    switch (payload.xsiType) {
      case 'MeasurementSiteTablePublication':
        sites.push(...readSiteTable(payload));
        break;
      case 'MeasuredDataPublication':
        siteSpeeds.push(...readMeasuredData(payload, publishedAt));
        break;
      case 'SituationPublication':
        events = [...(events ?? []), ...readSituations(payload)];
        break;
      default:
        throw feedRefusal(`payload[${i}]`, `publication type "${payload.xsiType ?? 'none'}" is not read; send a MeasuredDataPublication, a MeasurementSiteTablePublication or a SituationPublication`);
    }
  });
  return { format: 'datex2', sites, siteSpeeds, lineSpeeds: [], events };
}
