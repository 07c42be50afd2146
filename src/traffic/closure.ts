import { ClosureDirection, SEGMENT_POINT_MAX_M } from '../contract/traffic.js';
import type { ClosureGeometry } from '../contract/traffic.schema.js';
import { invalidField } from '../core/errors.js';
import { inRing, localPlane, segmentWithin, type LatLon } from '../geo/geometry.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { snapToRoad } from '../geo/roads/road-snap.js';

/**
 * What a closure closes, as stored: geometry and names, never edge numbers (they change at each import
 * of the roads). The edges are derived from it against the graph of the day (`closureEdges`).
 */
export type ClosurePlace =
  | { readonly kind: 'segment'; readonly point: LatLon; readonly direction: ClosureDirection; readonly headingDeg: number | null }
  | { readonly kind: 'street'; readonly street: string; readonly near: { readonly point: LatLon; readonly withinM: number } | null }
  | { readonly kind: 'area'; readonly area: readonly LatLon[] };

/** The closed directed edges on a graph, with the names of their roads. */
export interface ClosedEdges {
  readonly edges: readonly number[];
  /** Named roads closed, sorted (French collation: Rue 2 before Rue 10). */
  readonly roads: readonly string[];
}

const byName = new Intl.Collator('fr', { numeric: true });

/** A road's name as compared: Unicode NFC, case folded, spaces collapsed ("Bd  Zerktouni" = "bd zerktouni"). */
export function streetKey(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('fr').replace(/\s+/g, ' ').trim();
}

/**
 * The directed edges a closure closes on `graph`; refuses (400 naming the field) a place that closes
 * nothing there: a segment point more than 100 m from every road, a street name not on the network (or
 * not within `nearM` of the point), an area that encloses nothing or no road.
 * @example closureEdges(graph, { kind: 'street', street: 'Rue 3', near: null }).roads // ['Rue 3']
 */
export function closureEdges(graph: RoadGraph, place: ClosurePlace): ClosedEdges {
  const edges = place.kind === 'segment' ? segmentEdges(graph, place) : place.kind === 'street' ? streetEdges(graph, place.street, place.near) : areaEdges(graph, place.area);
  return { edges, roads: roadNames(graph, edges) };
}

function roadNames(graph: RoadGraph, edges: readonly number[]): string[] {
  const names = new Set<string>();
  for (const e of edges) {
    const name = graph.names[graph.nameIndex[e]!] ?? '';
    if (name !== '') names.add(name);
  }
  return [...names].sort(byName.compare);
}

// --- Segment: junction to junction --------------------------------------------------------------

/** The distinct nodes joined to `v` by an edge either way. */
function neighbours(graph: RoadGraph, v: number): number[] {
  const found = new Set<number>();
  for (let i = graph.offsets[v]!; i < graph.offsets[v + 1]!; i += 1) found.add(graph.targets[i]!);
  for (let i = graph.inOffsets[v]!; i < graph.inOffsets[v + 1]!; i += 1) found.add(graph.sources[graph.inEdges[i]!]!);
  found.delete(v);
  return [...found];
}

/** The edge from `a` to `b`, or -1. */
function edgeBetween(graph: RoadGraph, a: number, b: number): number {
  for (let i = graph.offsets[a]!; i < graph.offsets[a + 1]!; i += 1) if (graph.targets[i] === b) return i;
  return -1;
}

/**
 * The nodes of the segment through edge `e`, junction to junction: from its tail back, and from its
 * head on, through every shape point (a node with exactly two neighbours), in the edge's direction.
 * A junction is where a road meets another, splits or ends, as CIFS closures are drawn (Waze, "Road
 * closure information": closures run between two junctions).
 */
export function segmentPath(graph: RoadGraph, e: number): number[] {
  const tail = graph.sources[e]!;
  const head = graph.targets[e]!;
  const walk = (from: number, to: number): number[] => {
    const path: number[] = [];
    let previous = from;
    let current = to;
    for (;;) {
      const next = neighbours(graph, current).filter((n) => n !== previous);
      if (next.length !== 1 || next[0] === tail || next[0] === head) return path;
      previous = current;
      current = next[0]!;
      path.push(current);
    }
  };
  const before = walk(head, tail).reverse();
  return [...before, tail, head, ...walk(tail, head)];
}

/** Compass bearing from a to b, degrees (0 north, 90 east), on a local plane. */
function headingOf(graph: RoadGraph, a: number, b: number): number {
  const plane = localPlane({ lat: graph.lat[a]!, lon: graph.lon[a]! });
  const degrees = (Math.atan2(plane.x(graph.lon[b]!), plane.y(graph.lat[b]!)) * 180) / Math.PI;
  return (degrees + 360) % 360;
}

/**
 * The edges of the segment (junction to junction) on the road nearest `point`, both ways; none when no
 * road is within `maxDistanceM`. A major incident's road is drawn with it.
 */
export function segmentEdgesNear(graph: RoadGraph, point: LatLon, maxDistanceM: number): number[] {
  const snap = snapToRoad(graph, point, { maxDistanceM });
  if (snap === undefined) return [];
  const { along, against } = pathEdges(graph, segmentPath(graph, snap.edge));
  return [...along, ...against];
}

/** A path's edges driven along it and against it (a one-way road has only one of the two). */
function pathEdges(graph: RoadGraph, path: readonly number[]): { along: number[]; against: number[] } {
  const along: number[] = [];
  const against: number[] = [];
  for (let i = 0; i + 1 < path.length; i += 1) {
    const forward = edgeBetween(graph, path[i]!, path[i + 1]!);
    const backward = edgeBetween(graph, path[i + 1]!, path[i]!);
    if (forward >= 0) along.push(forward);
    if (backward >= 0) against.push(backward);
  }
  return { along, against };
}

function segmentEdges(graph: RoadGraph, place: Extract<ClosurePlace, { kind: 'segment' }>): number[] {
  const snap = snapToRoad(graph, place.point, { maxDistanceM: SEGMENT_POINT_MAX_M });
  if (snap === undefined) throw invalidField('point', `is more than ${SEGMENT_POINT_MAX_M} m from any road; click on a road`);
  const path = segmentPath(graph, snap.edge);
  const { along, against } = pathEdges(graph, path);
  if (place.direction === ClosureDirection.both) return [...along, ...against];
  if (place.headingDeg === null) throw invalidField('headingDeg', 'is needed to close one way: the heading of the traffic that may not pass');
  const pathHeading = headingOf(graph, path[0]!, path[path.length - 1]!);
  const turn = Math.abs(((place.headingDeg - pathHeading + 540) % 360) - 180);
  const closed = turn <= 90 ? along : against;
  if (closed.length === 0) throw invalidField('headingDeg', `no traffic runs that way on this segment (a one-way road); close the other way or both`);
  return closed;
}

// --- Street: by name ----------------------------------------------------------------------------

function streetEdges(graph: RoadGraph, street: string, near: { readonly point: LatLon; readonly withinM: number } | null): number[] {
  const key = streetKey(street);
  const named = new Set<number>();
  graph.names.forEach((name, i) => {
    if (i > 0 && streetKey(name) === key) named.add(i);
  });
  if (named.size === 0) throw invalidField('street', `no road named "${street}" on the road network; give a name as the map shows it`);
  const plane = near === null ? undefined : localPlane(near.point);
  const edges: number[] = [];
  for (let e = 0; e < graph.edgeCount; e += 1) {
    if (!named.has(graph.nameIndex[e]!)) continue;
    if (plane !== undefined && near !== null) {
      const a = graph.sources[e]!;
      const b = graph.targets[e]!;
      if (!segmentWithin(plane.x(graph.lon[a]!), plane.y(graph.lat[a]!), plane.x(graph.lon[b]!), plane.y(graph.lat[b]!), near.withinM)) continue;
    }
    edges.push(e);
  }
  if (edges.length === 0) throw invalidField('nearM', `no part of "${street}" lies within ${near?.withinM ?? 0} m of the point; move the point or widen the distance`);
  return edges;
}

// --- Area: inside or crossing a polygon ---------------------------------------------------------

/** The polygon's area, square metres (shoelace, on a local plane). */
export function ringAreaM2(ring: readonly LatLon[]): number {
  const plane = localPlane(ring[0]!);
  let twice = 0;
  for (let i = 0; i < ring.length; i += 1) {
    const p = ring[i]!;
    const q = ring[(i + 1) % ring.length]!;
    twice += plane.x(p.lon) * plane.y(q.lat) - plane.x(q.lon) * plane.y(p.lat);
  }
  return Math.abs(twice) / 2;
}

/** Whether segments p1-p2 and q1-q2 cross or touch (plane coordinates). */
function segmentsCross(p1x: number, p1y: number, p2x: number, p2y: number, q1x: number, q1y: number, q2x: number, q2y: number): boolean {
  const side = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  const d1 = side(q1x, q1y, q2x, q2y, p1x, p1y);
  const d2 = side(q1x, q1y, q2x, q2y, p2x, p2y);
  const d3 = side(p1x, p1y, p2x, p2y, q1x, q1y);
  const d4 = side(p1x, p1y, p2x, p2y, q2x, q2y);
  return d1 * d2 <= 0 && d3 * d4 <= 0 && !(d1 === 0 && d2 === 0 && d3 === 0 && d4 === 0);
}

/** Less than this is a line or a point drawn by mistake, not an area. */
const MIN_AREA_M2 = 100;

function areaEdges(graph: RoadGraph, area: readonly LatLon[]): number[] {
  const corners = area.filter((p, i) => i === 0 || p.lat !== area[i - 1]!.lat || p.lon !== area[i - 1]!.lon);
  if (corners.length > 1 && corners[0]!.lat === corners[corners.length - 1]!.lat && corners[0]!.lon === corners[corners.length - 1]!.lon) corners.pop();
  if (corners.length < 3) throw invalidField('area', 'needs at least 3 distinct corners');
  if (ringAreaM2(corners) < MIN_AREA_M2) throw invalidField('area', `encloses less than ${MIN_AREA_M2} m² (its corners are in a line); draw the area round the roads`);
  const ring = corners.map((p) => [p.lon, p.lat] as const);
  const plane = localPlane(corners[0]!);
  const rx = corners.map((p) => plane.x(p.lon));
  const ry = corners.map((p) => plane.y(p.lat));
  const minLat = Math.min(...corners.map((p) => p.lat));
  const maxLat = Math.max(...corners.map((p) => p.lat));
  const minLon = Math.min(...corners.map((p) => p.lon));
  const maxLon = Math.max(...corners.map((p) => p.lon));
  const edges: number[] = [];
  for (let e = 0; e < graph.edgeCount; e += 1) {
    const a = graph.sources[e]!;
    const b = graph.targets[e]!;
    const [alat, alon, blat, blon] = [graph.lat[a]!, graph.lon[a]!, graph.lat[b]!, graph.lon[b]!];
    if ((alat < minLat && blat < minLat) || (alat > maxLat && blat > maxLat) || (alon < minLon && blon < minLon) || (alon > maxLon && blon > maxLon)) continue;
    if (inRing({ lat: alat, lon: alon }, ring) || inRing({ lat: blat, lon: blon }, ring)) {
      edges.push(e);
      continue;
    }
    const [ax, ay, bx, by] = [plane.x(alon), plane.y(alat), plane.x(blon), plane.y(blat)];
    for (let i = 0; i < corners.length; i += 1) {
      const j = (i + 1) % corners.length;
      if (segmentsCross(ax, ay, bx, by, rx[i]!, ry[i]!, rx[j]!, ry[j]!)) {
        edges.push(e);
        break;
      }
    }
  }
  if (edges.length === 0) throw invalidField('area', 'no road lies inside it or crosses it');
  return edges;
}

// --- Lines for the map and the feeds ------------------------------------------------------------

/** A run of closed road: one name, closed both ways or one way (its positions in the way closed). */
export interface ClosedLine {
  readonly road: string;
  readonly bothWays: boolean;
  /** [lon, lat], 6 decimals. */
  readonly coordinates: [number, number][];
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * The closed edges joined into lines, one road and one way of closing each: what the map draws and
 * what the feeds publish (a CIFS polyline runs in the direction closed; a line closed both ways has
 * its two edges merged).
 * @example closedLines(graph, [e, twin(e)]) // [{ road: 'Rue 3', bothWays: true, coordinates: [[lon, lat], [lon, lat]] }]
 */
export function closedLines(graph: RoadGraph, edges: readonly number[]): ClosedLine[] {
  const set = new Set(edges);
  interface Piece {
    a: number;
    b: number;
    road: string;
    bothWays: boolean;
  }
  const pieces: Piece[] = [];
  for (const e of set) {
    const twin = graph.twin[e]!;
    const bothWays = twin >= 0 && set.has(twin);
    if (bothWays && twin < e) continue;
    pieces.push({ a: graph.sources[e]!, b: graph.targets[e]!, road: graph.names[graph.nameIndex[e]!] ?? '', bothWays });
  }
  // Pieces by node, to extend a line from either end.
  const atNode = new Map<number, number[]>();
  pieces.forEach((piece, i) => {
    for (const node of [piece.a, piece.b]) {
      const list = atNode.get(node);
      if (list === undefined) atNode.set(node, [i]);
      else list.push(i);
    }
  });
  const used = new Uint8Array(pieces.length);
  const lines: ClosedLine[] = [];
  pieces.forEach((first, start) => {
    if (used[start] === 1) return;
    used[start] = 1;
    const nodes = [first.a, first.b];
    // Forward from the last node: a piece of the same road and kind, leaving it (either end if both ways).
    const extend = (atEnd: boolean) => {
      for (;;) {
        const end = atEnd ? nodes[nodes.length - 1]! : nodes[0]!;
        const next = (atNode.get(end) ?? []).find((i) => {
          const p = pieces[i]!;
          if (used[i] === 1 || p.road !== first.road || p.bothWays !== first.bothWays) return false;
          return p.bothWays || (atEnd ? p.a === end : p.b === end);
        });
        if (next === undefined) return;
        used[next] = 1;
        const p = pieces[next]!;
        const other = p.a === end ? p.b : p.a;
        if (atEnd) nodes.push(other);
        else nodes.unshift(other);
      }
    };
    extend(true);
    extend(false);
    lines.push({ road: first.road, bothWays: first.bothWays, coordinates: nodes.map((v) => [round6(graph.lon[v]!), round6(graph.lat[v]!)]) });
  });
  return lines;
}

/** The lines as GeoJSON, for the map. */
export function closureGeometry(lines: readonly ClosedLine[]): ClosureGeometry {
  return { type: 'MultiLineString', coordinates: lines.map((line) => line.coordinates) };
}
