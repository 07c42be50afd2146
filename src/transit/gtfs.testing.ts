import { SaxesParser } from 'saxes';
import { strToU8, zipSync } from 'fflate';
import { csvText } from './gtfs-csv.js';

/** Test kit for GTFS: zips written from tables, and a tram feed derived from OSM tram routes. */

/** A CSV file from a header and rows. */
export const csv = csvText;

/** A zip of text files. */
export function zipOf(files: Readonly<Record<string, string>>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(files).map(([name, text]) => [name, strToU8(text)])));
}

/** `HH:MM:SS` of seconds after the service day's origin. */
export function gtfsTime(seconds: number): string {
  const two = (n: number) => String(Math.floor(n)).padStart(2, '0');
  return `${two(seconds / 3600)}:${two((seconds % 3600) / 60)}:${two(seconds % 60)}`;
}

interface OsmNode { lat: number; lon: number; tags: Map<string, string> }
interface OsmRelation { id: string; tags: Map<string, string>; members: { type: string; ref: string; role: string }[] }

/** What the OSM extract gave the tram feed. */
export interface OsmTramFeed {
  readonly files: Record<string, string>;
  readonly routes: number;
  readonly stops: number;
  readonly trips: number;
}

/**
 * A GTFS feed from OSM public-transport routes (route=tram relations, PTv2): a route per relation with
 * its colour and name, the relation's ways joined into its shape, its stop members present in the
 * extract (else the railway=tram_stop nodes on its ways) as stops, and one trip an hour from 06:00
 * to 22:00, two minutes between stops, every day of 2026.
 */
export function tramFeedFromOsm(xml: string): OsmTramFeed {
  const nodes = new Map<string, OsmNode>();
  const ways = new Map<string, string[]>();
  const relations: OsmRelation[] = [];
  let current: { kind: 'node'; id: string; node: OsmNode } | { kind: 'way'; id: string; refs: string[] } | { kind: 'relation'; relation: OsmRelation } | undefined;
  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    const a = tag.attributes as Record<string, string>;
    if (tag.name === 'node') {
      const node = { lat: Number(a.lat), lon: Number(a.lon), tags: new Map<string, string>() };
      nodes.set(a.id!, node);
      current = { kind: 'node', id: a.id!, node };
    } else if (tag.name === 'way') current = { kind: 'way', id: a.id!, refs: [] };
    else if (tag.name === 'relation') current = { kind: 'relation', relation: { id: a.id!, tags: new Map(), members: [] } };
    else if (tag.name === 'nd' && current?.kind === 'way') current.refs.push(a.ref!);
    else if (tag.name === 'member' && current?.kind === 'relation') current.relation.members.push({ type: a.type!, ref: a.ref!, role: a.role ?? '' });
    else if (tag.name === 'tag') {
      if (current?.kind === 'node') current.node.tags.set(a.k!, a.v!);
      else if (current?.kind === 'relation') current.relation.tags.set(a.k!, a.v!);
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.name === 'way' && current?.kind === 'way') ways.set(current.id, current.refs);
    if (tag.name === 'relation' && current?.kind === 'relation') relations.push(current.relation);
    if (tag.name === 'node' || tag.name === 'way' || tag.name === 'relation') current = undefined;
  });
  parser.write(xml).close();

  const routes: (string | number)[][] = [];
  const stops = new Map<string, OsmNode>();
  const trips: (string | number)[][] = [];
  const stopTimes: (string | number)[][] = [];
  const shapes: (string | number)[][] = [];
  for (const relation of relations.filter((r) => r.tags.get('type') === 'route' && r.tags.get('route') === 'tram')) {
    // The path: the relation's ways present in the extract, each turned to continue the one before.
    const path: string[] = [];
    for (const member of relation.members.filter((m) => m.type === 'way' && !m.role.startsWith('platform'))) {
      const refs = ways.get(member.ref)?.filter((ref) => nodes.has(ref));
      if (refs === undefined || refs.length < 2) continue;
      const last = path[path.length - 1];
      const oriented = last !== undefined && refs[refs.length - 1] === last ? [...refs].reverse() : refs;
      path.push(...(oriented[0] === last ? oriented.slice(1) : oriented));
    }
    let stopRefs = relation.members.filter((m) => m.type === 'node' && m.role.startsWith('stop') && nodes.has(m.ref)).map((m) => m.ref);
    if (stopRefs.length < 2) stopRefs = path.filter((ref) => nodes.get(ref)!.tags.get('railway') === 'tram_stop');
    stopRefs = stopRefs.filter((ref, i) => stopRefs.indexOf(ref) === i);
    if (path.length < 2 || stopRefs.length < 2) continue;
    const routeId = `R${relation.id}`;
    const colour = (relation.tags.get('colour') ?? '').replace('#', '');
    routes.push([routeId, 'CASATRAM', relation.tags.get('ref') ?? '', relation.tags.get('name') ?? routeId, 0, /^[0-9A-Fa-f]{6}$/.test(colour) ? colour : '']);
    path.forEach((ref, i) => shapes.push([routeId, nodes.get(ref)!.lat, nodes.get(ref)!.lon, i + 1]));
    for (const ref of stopRefs) stops.set(ref, nodes.get(ref)!);
    for (let hour = 6; hour <= 22; hour += 1) {
      const tripId = `${routeId}-${String(hour).padStart(2, '0')}`;
      trips.push([routeId, 'DAILY', tripId, relation.tags.get('to') ?? '', routeId]);
      stopRefs.forEach((ref, i) => {
        const time = gtfsTime(hour * 3600 + i * 120);
        stopTimes.push([tripId, time, time, `N${ref}`, i + 1]);
      });
    }
  }
  const files = {
    'agency.txt': csv(['agency_id', 'agency_name', 'agency_url', 'agency_timezone'], [['CASATRAM', 'Casa Tramway (from OSM)', 'https://www.openstreetmap.org', 'Africa/Casablanca']]),
    'routes.txt': csv(['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type', 'route_color'], routes),
    'stops.txt': csv(['stop_id', 'stop_name', 'stop_lat', 'stop_lon'], [...stops].map(([ref, node]) => [`N${ref}`, node.tags.get('name') ?? `stop ${ref}`, node.lat, node.lon])),
    'trips.txt': csv(['route_id', 'service_id', 'trip_id', 'trip_headsign', 'shape_id'], trips),
    'stop_times.txt': csv(['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'], stopTimes),
    'calendar.txt': csv(['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'], [['DAILY', 1, 1, 1, 1, 1, 1, 1, '20260101', '20261231']]),
    'shapes.txt': csv(['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'], shapes),
  };
  return { files, routes: routes.length, stops: stops.size, trips: trips.length };
}
