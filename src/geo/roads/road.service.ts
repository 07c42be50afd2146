import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Actor } from '../../core/auth/principal.js';
import { runCommand } from '../../core/command.js';
import type { Core } from '../../core/context.js';
import type { Db } from '../../core/database.js';
import { DomainError, invalidField } from '../../core/errors.js';
import { StateKey } from '../../core/module-state.js';
import { assertWellFormedText, jsonMayHoldLoneSurrogate } from '../../core/well-formed-text.js';
import { getAreaIndex } from '../area.service.js';
import { distanceM, type LatLon } from '../geometry.js';
import { generateDemoCity } from './demo-city.js';
import { decodeRoadGraph, encodeRoadGraph } from './road-graph-codec.js';
import { buildRoadGraph, type RoadGraph, type RoadGraphStats } from './road-graph.js';
import { parseRoadGeoJson, type ParsedRoads } from './road-geojson.js';
import { roadFeatureCollection } from './road-map.js';
import { parseOsmXml } from './road-osm.js';
import { roadCostsOn } from './road-closures.js';
import { route, type RoadRoute } from './road-routing.js';
import { snapToRoad } from './road-snap.js';
import { findRoadGraphRow, findRoadGraphVersion, replaceRoadGraph } from './road.repository.js';

/** What `amane import-roads` reports. */
export interface RoadImport extends RoadGraphStats {
  readonly format: 'geojson' | 'osm-xml';
  readonly ways: number;
  readonly skippedWays: number;
  readonly graphBytes: number;
  readonly attribution: string;
}

/**
 * Reads a road file, GeoJSON or OSM XML, told apart by its first character (`{` or `<`), not by its
 * name. OSM PBF is not read: convert it first (osmium cat FILE.pbf -o FILE.osm).
 */
export function parseRoadFile(text: string, source: string): ParsedRoads & { format: RoadImport['format'] } {
  // Road names end up in the graph and the journal: a lone surrogate in them would be kept differently.
  assertWellFormedText(text, 'roads');
  const first = text.trimStart()[0];
  if (first === '<') return { ...parseOsmXml(text), format: 'osm-xml' };
  if (first !== '{') throw invalidField('roads', `${source} is neither GeoJSON nor OSM XML (OSM PBF: convert it to .osm first)`);
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw invalidField('roads', `${source} is not JSON (${(error as Error).message})`);
  }
  if (jsonMayHoldLoneSurrogate(text)) assertWellFormedText(document, 'roads');
  return { ...parseRoadGeoJson(document), format: 'geojson' };
}

/**
 * Replaces the road network with the one in a file (`amane import-roads FILE`). The journal records
 * the counts, the file's name and SHA-256 and the attribution; the graph itself lives in `road_graph`.
 */
export async function importRoads(core: Core, actor: Actor, text: string, source: string): Promise<RoadImport> {
  const parsed = parseRoadFile(text, source);
  const { graph, stats } = buildRoadGraph(parsed.ways, { attribution: parsed.attribution, source });
  const bytes = encodeRoadGraph(graph);
  const summary: RoadImport = { format: parsed.format, ways: parsed.ways.length, skippedWays: parsed.skippedWays, ...stats, graphBytes: bytes.length, attribution: parsed.attribution };
  await runCommand(core, actor, async ({ trx, at, record }) => {
    await replaceRoadGraph(trx, {
      graph: bytes,
      source,
      attribution: parsed.attribution,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      imported_at: at,
      node_count: graph.nodeCount,
      edge_count: graph.edgeCount,
    });
    record('road/network', 'roads.imported', { ...summary, source, sha256: createHash('sha256').update(text).digest('hex') });
  });
  return summary;
}

const DEMO_VERSION = 'demo';
/**
 * The road graph as this kernel last read it, with the stored graph's hash it was read at: a cache, read
 * at the geo module's start and again whenever the hash differs; dropped by the module's stop.
 */
export const roadGraphKey = new StateKey<{ known?: { version: string; graph: Promise<RoadGraph> } }>('geo: the road graph');
// Generated once per process: the same for every kernel, and never changed.
let demoCity: RoadGraph | undefined;

/**
 * The road network: the imported one, or the generated demo city when none was imported. Kept in
 * memory per kernel and read again when another import happened (by this process or another: the
 * stored graph's hash tells).
 */
export async function getRoadGraph(core: Pick<Core, 'db' | 'state'>): Promise<RoadGraph> {
  const version = (await findRoadGraphVersion(core.db)) ?? DEMO_VERSION;
  const cache = core.state.obtain(roadGraphKey, () => ({}));
  if (cache.known?.version === version) return cache.known.graph;
  const graph = version === DEMO_VERSION ? Promise.resolve((demoCity ??= generateDemoCity())) : loadStoredGraph(core.db);
  cache.known = { version, graph };
  graph.catch(() => {
    if (cache.known?.graph === graph) cache.known = undefined;
  });
  return graph;
}

async function loadStoredGraph(db: Db): Promise<RoadGraph> {
  const row = await findRoadGraphRow(db);
  // Deleted between the two reads: the demo city stands in, and the next call looks again.
  if (row === undefined) return (demoCity ??= generateDemoCity());
  return decodeRoadGraph(row.graph);
}

/** A place further than this from every road is not on the network. */
export const MAX_SNAP_M = 1_000;

/** What a route answers: on the roads, or a straight-line estimate when asked for one and an end is off them. */
export type RouteAnswer = RoadRoute & {
  readonly kind: 'road' | 'straight_line';
  readonly from: PlaceOnRoad;
  readonly to: PlaceOnRoad;
  /** The ends further than `MAX_SNAP_M` from every road (empty for a road route). */
  readonly outside: readonly ('from' | 'to')[];
};

/**
 * The fastest route by road between two points, each put on its nearest road within `MAX_SNAP_M`;
 * closed roads are avoided. An end further from every road is refused (`outside_road_network`, naming
 * it), or, with `offNetwork: 'estimate'`, answered with a straight-line estimate (`straightLine`).
 */
export async function routeBetween(
  core: Pick<Core, 'db' | 'config' | 'state'>,
  from: LatLon,
  to: LatLon,
  options: { forIncident?: string; offNetwork?: 'refuse' | 'estimate' } = {},
): Promise<RouteAnswer> {
  const graph = await getRoadGraph(core);
  const start = snapToRoad(graph, from, { maxDistanceM: MAX_SNAP_M });
  const end = snapToRoad(graph, to, { maxDistanceM: MAX_SNAP_M });
  const outside = [...(start === undefined ? (['from'] as const) : []), ...(end === undefined ? (['to'] as const) : [])];
  if (start === undefined || end === undefined) {
    if (options.offNetwork === 'estimate') return straightLine(from, to, outside, { roadFactor: core.config.eodRoadFactor, kmh: core.config.eodIntercityKmh });
    const errors = outside.map((field) => ({ field, message: `is more than ${MAX_SNAP_M} m from any road` }));
    throw new DomainError('outside_road_network', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
  const costs = roadCostsOn(graph, core, options);
  const found = route(graph, start, end, costs === undefined ? {} : { costs });
  if (found === undefined) throw new DomainError('not_found', 'no road leads from the start to the end (a road may be closed)');
  const place = (snap: typeof start) => ({ lat: snap.lat, lon: snap.lon, offsetM: Math.round(snap.distanceM * 10) / 10 });
  return { ...found, kind: 'road', from: place(start), to: place(end), outside: [] };
}

/**
 * An estimate where there is no road to follow (an end off the network: a squad coming from another
 * city): the straight line, its time that of a road `roadFactor` times longer driven at `kmh` (the
 * intercity estimate's settings, AMANE_EOD_ROAD_FACTOR and AMANE_EOD_INTERCITY_KMH). Said as such to
 * whoever reads it; never drawn as a road.
 */
function straightLine(from: LatLon, to: LatLon, outside: readonly ('from' | 'to')[], settings: { roadFactor: number; kmh: number }): RouteAnswer {
  const metres = distanceM(from, to);
  return {
    kind: 'straight_line',
    distanceM: Math.round(metres),
    etaS: Math.round((metres * settings.roadFactor) / (settings.kmh / 3.6)),
    coordinates: [
      [from.lon, from.lat],
      [to.lon, to.lat],
    ],
    edges: [],
    from: { lat: from.lat, lon: from.lon, offsetM: 0 },
    to: { lat: to.lat, lon: to.lon, offsetM: 0 },
    outside,
  };
}

/** Where a requested point was put on the road, and how far it moved. */
export interface PlaceOnRoad {
  readonly lat: number;
  readonly lon: number;
  readonly offsetM: number;
}

/** The map of the network, serialised once per graph (several megabytes), with a gzipped copy. */
export interface RoadMap {
  readonly etag: string;
  readonly json: Buffer;
  readonly gzip: Buffer;
}

const maps = new WeakMap<RoadGraph, RoadMap>();

/** The network as GeoJSON for the map, ready to send. */
export async function getRoadMap(core: Pick<Core, 'db' | 'state'>): Promise<RoadMap> {
  const graph = await getRoadGraph(core);
  let map = maps.get(graph);
  if (map === undefined) {
    const json = Buffer.from(JSON.stringify(roadFeatureCollection(graph)), 'utf8');
    map = { etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`, json, gzip: gzipSync(json) };
    maps.set(graph, map);
  }
  return map;
}

/** Where a point is, in words: the street it is on or beside, and its district. */
export interface PlaceDescription {
  /** The name of the nearest road within `STREET_WITHIN_M`, or null (none that near, or it has no name). */
  readonly street: string | null;
  /** How far the point is from that road, metres; null without a street. */
  readonly streetDistanceM: number | null;
  readonly district: { readonly code: string; readonly name: string; readonly nameAr: string | null } | null;
}

/** A road further than this from the caller is not "their" street. */
export const STREET_WITHIN_M = 150;

/**
 * The address a call-taker would write for a point: the nearest road's name from the imported roads,
 * and the district from the imported areas. What the data does not know stays null.
 */
export async function describePlace(core: Pick<Core, 'db' | 'state'>, point: LatLon): Promise<PlaceDescription> {
  const graph = await getRoadGraph(core);
  const snap = snapToRoad(graph, point, { maxDistanceM: STREET_WITHIN_M });
  const name = snap === undefined ? '' : (graph.names[graph.nameIndex[snap.edge]!] ?? '');
  const area = (await getAreaIndex(core)).locate(point);
  return {
    street: name === '' ? null : name,
    streetDistanceM: name === '' || snap === undefined ? null : Math.round(snap.distanceM),
    district: area === undefined ? null : { code: area.code, name: area.name, nameAr: area.nameAr },
  };
}
