import { SaxesParser } from 'saxes';
import { DomainError } from '../../core/errors.js';
import { OSM_ATTRIBUTION, type ParsedRoads } from './road-geojson.js';
import { parseMaxSpeed, roadClassOf, type OneWay, type RoadClassName, type RoadWay } from './road.js';

/**
 * Which way a way may be driven, from its tags. `oneway=yes|-1|no` first; without it, roundabouts
 * and motorways are one-way along their drawing, as OSM implies. Undefined: not drivable at all
 * (`reversible` roads change direction by the hour, so neither can be relied on).
 */
export function osmOneWay(tags: ReadonlyMap<string, string>, roadClass: RoadClassName): OneWay | undefined {
  const value = tags.get('oneway');
  switch (value) {
    case 'yes':
    case 'true':
    case '1':
      return 'forward';
    case '-1':
    case 'reverse':
      return 'backward';
    case 'no':
    case 'false':
    case '0':
    case 'alternating':
      return 'both';
    case 'reversible':
      return undefined;
    default:
      break;
  }
  const junction = tags.get('junction');
  if (junction === 'roundabout' || junction === 'circular' || roadClass === 'motorway') return 'forward';
  return 'both';
}

/**
 * Whether a police car may use a way: `access`, `vehicle` or `motor_vehicle` set to `no` closes it,
 * unless `emergency` opens it. Private roads stay in (a patrol may have to enter them).
 */
function closedToPolice(tags: ReadonlyMap<string, string>): boolean {
  const emergency = tags.get('emergency');
  if (emergency === 'yes' || emergency === 'designated' || emergency === 'permissive') return false;
  return ['access', 'vehicle', 'motor_vehicle'].some((key) => tags.get(key) === 'no');
}

/**
 * Reads OSM XML (API 0.6 / an editor's export): nodes by id, ways with a drivable `highway` tag
 * (`area=yes` squares left out), `oneway`, `maxspeed`, `name` (else `ref`). Vertices are joined by
 * OSM node id. A way whose nodes are partly missing (clipped by the extract) keeps its runs of
 * present nodes. DOCTYPE declarations are refused: they are how XML entity attacks get in.
 */
export function parseOsmXml(xml: string): ParsedRoads {
  const refuse = (message: string) => new DomainError('validation', `roads: ${message}`, { errors: [{ field: 'roads', message }] });
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) throw refuse('must not contain a DOCTYPE or entity declarations');
  const nodes = new Map<string, readonly [number, number]>();
  const rawWays: { refs: string[]; tags: Map<string, string> }[] = [];
  let way: { refs: string[]; tags: Map<string, string> } | undefined;
  let sawOsm = false;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const attributes = tag.attributes as Record<string, string>;
    switch (tag.name) {
      case 'osm':
        sawOsm = true;
        break;
      case 'node': {
        const lat = Number(attributes.lat);
        const lon = Number(attributes.lon);
        if (attributes.id !== undefined && Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat) <= 90 && Math.abs(lon) <= 180) nodes.set(attributes.id, [lon, lat]);
        break;
      }
      case 'way':
        way = { refs: [], tags: new Map() };
        break;
      case 'nd':
        if (way !== undefined && attributes.ref !== undefined) way.refs.push(attributes.ref);
        break;
      case 'tag':
        if (way !== undefined && attributes.k !== undefined) way.tags.set(attributes.k, attributes.v ?? '');
        break;
      default:
        break;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'way' && way !== undefined) {
      if (way.tags.has('highway')) rawWays.push(way);
      way = undefined;
    }
  });
  try {
    parser.write(xml).close();
  } catch (error) {
    throw refuse(`is not well-formed XML (${(error as Error).message.replace(/^undefined:/, 'line ')})`);
  }
  if (!sawOsm) throw refuse('is not OSM XML (no <osm> element)');

  const ways: RoadWay[] = [];
  let skippedWays = 0;
  for (const { refs, tags } of rawWays) {
    const roadClass = roadClassOf(tags.get('highway')!);
    const oneWay = roadClass === undefined ? undefined : osmOneWay(tags, roadClass);
    if (roadClass === undefined || oneWay === undefined || tags.get('area') === 'yes' || closedToPolice(tags)) {
      skippedWays += 1;
      continue;
    }
    const name = tags.get('name') ?? tags.get('name:fr') ?? tags.get('ref') ?? '';
    const maxSpeedKmh = parseMaxSpeed(tags.get('maxspeed'));
    let run: string[] = [];
    const flush = () => {
      if (run.length >= 2) ways.push({ coordinates: run.map((ref) => nodes.get(ref)!), nodeKeys: run, roadClass, oneWay, maxSpeedKmh, name });
      run = [];
    };
    for (const ref of refs) {
      if (nodes.has(ref)) run.push(ref);
      else flush();
    }
    flush();
  }
  if (ways.length === 0) throw refuse('holds no road cars can drive on');
  return { ways, skippedWays, attribution: OSM_ATTRIBUTION };
}
