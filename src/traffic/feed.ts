import { FEED_MATCH_MAX_M, type TrafficEventKind, type TrafficFeedFormat } from '../contract/traffic-feed.js';
import { FeedDocument } from '../contract/traffic-feed.schema.js';
import { DomainError } from '../core/errors.js';
import { assertValid } from '../core/validate.js';
import { distanceM, localPlane, type LatLon } from '../geo/geometry.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { route } from '../geo/roads/road-routing.js';
import { snapToRoad } from '../geo/roads/road-snap.js';

/** A measurement site: one point (its bearing when the table gives one), or a line from its start to its end. */
export interface FeedSite {
  readonly id: string;
  readonly points: readonly LatLon[];
  readonly bearingDeg: number | null;
}

/** A speed measured at a site of a site table (DATEX II measured data). */
export interface SiteSpeed {
  readonly site: string;
  readonly kmh: number;
  readonly atMs: number;
}

/** A speed measured along a line (the JSON form: from, to). */
export interface LineSpeed {
  readonly points: readonly LatLon[];
  readonly kmh: number;
  readonly atMs: number;
}

/** An event as read from either form. */
export interface FeedEventIn {
  readonly id: string;
  readonly kind: TrafficEventKind;
  /** One point, or a line in the way traffic runs. */
  readonly points: readonly LatLon[];
  readonly bearingDeg: number | null;
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly description: string | null;
  readonly closesRoad: boolean;
}

/** What one document holds, whichever its form. */
export interface FeedContent {
  readonly format: TrafficFeedFormat;
  readonly sites: readonly FeedSite[];
  readonly siteSpeeds: readonly SiteSpeed[];
  readonly lineSpeeds: readonly LineSpeed[];
  /** The feed's whole current list of events, or undefined when the document says nothing of events. */
  readonly events: readonly FeedEventIn[] | undefined;
}

/** A refusal of a document, naming the field (400, nothing changes). */
export function feedRefusal(field: string, message: string): DomainError {
  return new DomainError('validation', `${field}: ${message}`, { errors: [{ field, message }] });
}

/**
 * Reads a document of the JSON form (docs/traffic.md, "Feeds in"); refuses one that does not match
 * the schema, or whose event has neither a line nor a point, or ends before it starts.
 */
export function readJsonFeed(value: unknown): FeedContent {
  const document = assertValid<FeedDocument>(FeedDocument, value, 'document');
  const lineSpeeds = (document.speeds ?? []).map((speed) => ({ points: [speed.from, speed.to], kmh: speed.kmh, atMs: Date.parse(speed.at) }));
  const ids = new Set<string>();
  const events = document.events?.map((event, i): FeedEventIn => {
    const field = `events.${i}`;
    if (ids.has(event.id)) throw feedRefusal(`${field}.id`, `"${event.id}" is given twice; an id names one event`);
    ids.add(event.id);
    if ((event.line === undefined) === (event.point === undefined)) throw feedRefusal(`${field}.line`, 'give either a line or a point, not both nor neither');
    const end = event.end ?? null;
    if (end !== null && Date.parse(end) <= Date.parse(event.start)) throw feedRefusal(`${field}.end`, `must be after the start (${event.start})`);
    return {
      id: event.id,
      kind: event.kind,
      points: event.line ?? [event.point!],
      bearingDeg: null,
      startsAt: new Date(event.start).toISOString(),
      endsAt: end === null ? null : new Date(end).toISOString(),
      description: event.description ?? null,
      closesRoad: event.closesRoad,
    };
  });
  return { format: 'json', sites: [], siteSpeeds: [], lineSpeeds, events };
}

// --- Matching to the road graph ------------------------------------------------------------------

/** Compass bearing of an edge, degrees (0 north, 90 east). */
function edgeBearing(graph: RoadGraph, edge: number): number {
  const a = graph.sources[edge]!;
  const b = graph.targets[edge]!;
  const plane = localPlane({ lat: graph.lat[a]!, lon: graph.lon[a]! });
  return ((Math.atan2(plane.x(graph.lon[b]!), plane.y(graph.lat[b]!)) * 180) / Math.PI + 360) % 360;
}

/** The smaller angle between two bearings, degrees. */
function turn(a: number, b: number): number {
  return Math.abs(((a - b + 540) % 360) - 180);
}

/**
 * The directed edges a point lies on, within `FEED_MATCH_MAX_M`: the one whose direction is nearer
 * the bearing when one is given (the traffic measured runs that way), else both directions.
 */
export function pointEdges(graph: RoadGraph, point: LatLon, bearingDeg: number | null): number[] {
  const snap = snapToRoad(graph, point, { maxDistanceM: FEED_MATCH_MAX_M });
  if (snap === undefined) return [];
  const twin = graph.twin[snap.edge]!;
  const both = twin >= 0 ? [snap.edge, twin] : [snap.edge];
  if (bearingDeg === null) return both;
  const best = both.reduce((a, b) => (turn(edgeBearing(graph, a), bearingDeg) <= turn(edgeBearing(graph, b), bearingDeg) ? a : b));
  return turn(edgeBearing(graph, best), bearingDeg) <= 90 ? [best] : [];
}

/** How far inside a stretch its ends are snapped, metres. */
const INWARD_M = 5;

/** The point `fraction` of the way from a to b. */
function towards(a: LatLon, b: LatLon, fraction: number): LatLon {
  return { lat: a.lat + (b.lat - a.lat) * fraction, lon: a.lon + (b.lon - a.lon) * fraction };
}

/** A path along the roads is believed when no longer than this many times the straight line, plus `DETOUR_MARGIN_M`. */
const DETOUR_FACTOR = 1.5;
const DETOUR_MARGIN_M = 100;

/**
 * The directed edges along a line, in the way it runs: each stretch between two of its points is the
 * shortest road path between their places on the roads (graph times, no live traffic or closures).
 * Empty when an end lies off the roads or the path wanders far from the line (a line the roads do not
 * follow).
 */
export function lineEdges(graph: RoadGraph, points: readonly LatLon[]): number[] {
  if (points.length === 1) return pointEdges(graph, points[0]!, null);
  const edges: number[] = [];
  for (let i = 0; i + 1 < points.length; i += 1) {
    // Each end taken a little inside the stretch: a line drawn from junction to junction would
    // otherwise snap to whichever road leaves the junction, and the path go round a block.
    const [a, b] = [points[i]!, points[i + 1]!];
    const inward = Math.min(0.25, INWARD_M / Math.max(distanceM(a, b), INWARD_M));
    const from = snapToRoad(graph, towards(a, b, inward), { maxDistanceM: FEED_MATCH_MAX_M });
    const to = snapToRoad(graph, towards(b, a, inward), { maxDistanceM: FEED_MATCH_MAX_M });
    if (from === undefined || to === undefined) return [];
    const found = route(graph, from, to);
    if (found === undefined || found.distanceM > distanceM(points[i]!, points[i + 1]!) * DETOUR_FACTOR + DETOUR_MARGIN_M) return [];
    for (const edge of found.edges) if (edges[edges.length - 1] !== edge) edges.push(edge);
  }
  return edges;
}

/** The edges a site or an event's place lies on. */
export function placeEdges(graph: RoadGraph, place: { readonly points: readonly LatLon[]; readonly bearingDeg: number | null }): number[] {
  return place.points.length === 1 ? pointEdges(graph, place.points[0]!, place.bearingDeg) : lineEdges(graph, place.points);
}

/** The names of the roads of some edges, sorted; unnamed ones left out. */
export function roadNamesOf(graph: RoadGraph, edges: readonly number[]): string[] {
  const names = new Set<string>();
  for (const edge of edges) {
    const name = graph.names[graph.nameIndex[edge]!] ?? '';
    if (name !== '') names.add(name);
  }
  return [...names].sort(new Intl.Collator('fr', { numeric: true }).compare);
}
