import { distanceM, type LatLon } from '../geo/geometry.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import type { RoadRoute } from '../geo/roads/road-routing.js';

/** A drive along a road route: its points and when the vehicle passes each. */
export interface Leg {
  readonly startMs: number;
  readonly endMs: number;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** Milliseconds from the start at which each point is passed. */
  readonly atMs: Float64Array;
  readonly distanceM: number;
}

/**
 * What the traffic imposes: the speed (km/h) an edge can be driven at when entered at `atMs`, or
 * undefined when it flows as usual (the simulator's jams).
 */
export type TrafficAt = (edge: number, atMs: number) => number | undefined;

/**
 * The route driven from `startMs`, each stretch at its road's speed (the graph's travel time of the
 * edge it lies on), the whole in the route's time divided by `speedFactor` (1.2: lights and siren).
 * A stretch whose edge is not known (the partial first and last ones) goes at the route's mean speed.
 * A stretch on an edge that `traffic` slows when the vehicle gets there goes no faster than that,
 * lights and siren or not: a jam holds everyone.
 */
export function legAlong(graph: RoadGraph, route: RoadRoute, startMs: number, speedFactor = 1, traffic?: TrafficAt): Leg {
  const points = route.coordinates;
  const n = points.length;
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  const atMs = new Float64Array(n);
  const meanSpeed = route.etaS > 0 && route.distanceM > 0 ? route.distanceM / route.etaS : 10;
  const edgesMatch = route.edges.length === n - 1;
  let seconds = 0;
  let metres = 0;
  for (let i = 0; i < n; i += 1) {
    lon[i] = points[i]![0];
    lat[i] = points[i]![1];
    if (i === 0) continue;
    const d = distanceM({ lat: lat[i - 1]!, lon: lon[i - 1]! }, { lat: lat[i]!, lon: lon[i]! });
    const edge = edgesMatch ? route.edges[i - 1]! : -1;
    const speed = edge >= 0 && graph.timeS[edge]! > 0 ? graph.lengthM[edge]! / graph.timeS[edge]! : meanSpeed;
    seconds += d / speed;
    metres += d;
    atMs[i] = seconds;
  }
  // Stretched or shrunk to the route's own time, so the unit arrives when the ETA said (traffic aside).
  const totalMs = (route.etaS * 1_000) / speedFactor;
  const scale = seconds > 0 ? totalMs / seconds : 0;
  let previous = 0;
  for (let i = 1; i < n; i += 1) {
    const usualMs = (atMs[i]! - previous) * scale;
    previous = atMs[i]!;
    const edge = edgesMatch ? route.edges[i - 1]! : -1;
    const jamKmh = edge >= 0 && traffic !== undefined ? traffic(edge, startMs + atMs[i - 1]!) : undefined;
    const ms = jamKmh === undefined ? usualMs : Math.max(usualMs, (distanceM({ lat: lat[i - 1]!, lon: lon[i - 1]! }, { lat: lat[i]!, lon: lon[i]! }) / (jamKmh / 3.6)) * 1_000);
    atMs[i] = atMs[i - 1]! + ms;
  }
  for (let i = 0; i < n; i += 1) atMs[i] = Math.round(atMs[i]!);
  return { startMs, endMs: startMs + atMs[n - 1]!, lat, lon, atMs, distanceM: metres };
}

/** Where a vehicle standing still is. */
export function standingAt(point: LatLon, sinceMs: number): Leg {
  return { startMs: sinceMs, endMs: sinceMs, lat: Float64Array.of(point.lat), lon: Float64Array.of(point.lon), atMs: Float64Array.of(0), distanceM: 0 };
}

/** Where on its leg a vehicle is at `ms`, its speed (km/h) and heading (degrees from north). */
export function positionOn(leg: Leg, ms: number): LatLon & { speedKmh: number; heading: number | null } {
  const last = leg.atMs.length - 1;
  const t = ms - leg.startMs;
  if (last === 0 || t <= 0) return { lat: leg.lat[0]!, lon: leg.lon[0]!, speedKmh: 0, heading: null };
  if (t >= leg.atMs[last]!) return { lat: leg.lat[last]!, lon: leg.lon[last]!, speedKmh: 0, heading: null };
  // The stretch being driven: the first point passed after t.
  let low = 1;
  let high = last;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (leg.atMs[middle]! < t) low = middle + 1;
    else high = middle;
  }
  const i = low;
  const span = leg.atMs[i]! - leg.atMs[i - 1]!;
  const f = span > 0 ? (t - leg.atMs[i - 1]!) / span : 1;
  const a = { lat: leg.lat[i - 1]!, lon: leg.lon[i - 1]! };
  const b = { lat: leg.lat[i]!, lon: leg.lon[i]! };
  const metres = distanceM(a, b);
  return {
    lat: a.lat + (b.lat - a.lat) * f,
    lon: a.lon + (b.lon - a.lon) * f,
    speedKmh: span > 0 ? Math.min(400, (metres / (span / 1_000)) * 3.6) : 0,
    heading: bearing(a, b),
  };
}

/** Degrees clockwise from north, from a to b (flat at a city's scale). */
function bearing(a: LatLon, b: LatLon): number {
  const dx = (b.lon - a.lon) * Math.cos((a.lat * Math.PI) / 180);
  const dy = b.lat - a.lat;
  const degrees = (Math.atan2(dx, dy) * 180) / Math.PI;
  return Math.round(((degrees % 360) + 360) % 360);
}
