import { DEMO_CITY_ATTRIBUTION, DEMO_CITY_SOURCE } from './demo-city.js';
import { isCanonicalEdge, type RoadGraph } from './road-graph.js';
import { roadClassNames } from './road.js';

/** A road on the map: a run of segments of one class and name, drawn once whichever way it is driven. */
export interface RoadFeature {
  readonly type: 'Feature';
  readonly properties: { readonly class: string; readonly name: string; readonly oneway: boolean };
  readonly geometry: { readonly type: 'LineString'; readonly coordinates: [number, number][] };
}

/**
 * Where a network's streets come from, so that a map can credit them in its reader's language:
 * `generated` (the demo city, not map data), `openstreetmap` (OpenStreetMap data, credited as its
 * licence, the ODbL, asks), `other` (credited by the attribution the imported file gives).
 */
export const RoadOrigin = { generated: 'generated', openStreetMap: 'openstreetmap', other: 'other' } as const;
export type RoadOrigin = (typeof RoadOrigin)[keyof typeof RoadOrigin];

/** The origin of a graph's streets, from its source and attribution. Example: an OSM import's is `openstreetmap`. */
export function roadOrigin(graph: Pick<RoadGraph, 'source' | 'attribution'>): RoadOrigin {
  if (graph.source === DEMO_CITY_SOURCE && graph.attribution === DEMO_CITY_ATTRIBUTION) return RoadOrigin.generated;
  // The ODbL asks every user of OpenStreetMap data to name it: its attribution does.
  return /\bOpenStreetMap\b/i.test(graph.attribution) ? RoadOrigin.openStreetMap : RoadOrigin.other;
}

export interface RoadFeatureCollection {
  readonly type: 'FeatureCollection';
  readonly attribution: string;
  readonly origin: RoadOrigin;
  readonly features: RoadFeature[];
}

/**
 * The network as GeoJSON LineStrings for the map. Segments are chained through every node where
 * the street goes on unambiguously (exactly one other segment of the same class, name and
 * direction meets it there), so the map gets streets rather than a hundred thousand segments. A one-way line is drawn in its
 * driving direction. Coordinates keep 6 decimals (11 cm).
 */
export function roadFeatureCollection(graph: RoadGraph): RoadFeatureCollection {
  const segments: number[] = [];
  for (let e = 0; e < graph.edgeCount; e += 1) if (isCanonicalEdge(graph, e)) segments.push(e);
  // Segments touching each node, in CSR form.
  const start = new Uint32Array(graph.nodeCount + 1);
  for (const e of segments) {
    start[graph.sources[e]! + 1]! += 1;
    start[graph.targets[e]! + 1]! += 1;
  }
  for (let v = 0; v < graph.nodeCount; v += 1) start[v + 1]! += start[v]!;
  const fill = start.slice(0, graph.nodeCount);
  const touching = new Uint32Array(start[graph.nodeCount]!);
  for (const e of segments) {
    touching[fill[graph.sources[e]!]!++] = e;
    touching[fill[graph.targets[e]!]!++] = e;
  }
  const oneWay = (e: number) => graph.twin[e]! < 0;
  const same = (a: number, b: number) => graph.roadClass[a] === graph.roadClass[b] && graph.nameIndex[a] === graph.nameIndex[b] && oneWay(a) === oneWay(b);
  /** The segment that continues `e` through node `v`: the one other segment of the same street there. */
  const continuation = (e: number, v: number): number | undefined => {
    let other: number | undefined;
    for (let i = start[v]!; i < start[v + 1]!; i += 1) {
      const candidate = touching[i]!;
      if (candidate === e || !same(e, candidate)) continue;
      // Two ways on (a fork, or unnamed streets crossing): where the street goes is not clear.
      if (other !== undefined) return undefined;
      other = candidate;
    }
    if (other === undefined) return undefined;
    // A one-way street goes on only with a segment leaving where this one arrives.
    if (oneWay(e) && (graph.targets[e] === v) !== (graph.sources[other] === v)) return undefined;
    return other;
  };

  const used = new Uint8Array(graph.edgeCount);
  const features: RoadFeature[] = [];
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  for (const first of segments) {
    if (used[first] === 1) continue;
    used[first] = 1;
    // Walk forwards from the head, then backwards from the tail; `nodes` ends in driving order.
    const nodes = [graph.sources[first]!, graph.targets[first]!];
    for (let e = first, v = graph.targets[first]!; ; ) {
      const next = continuation(e, v);
      if (next === undefined || used[next] === 1) break;
      used[next] = 1;
      v = graph.sources[next] === v ? graph.targets[next]! : graph.sources[next]!;
      nodes.push(v);
      e = next;
    }
    const before: number[] = [];
    for (let e = first, v = graph.sources[first]!; ; ) {
      const next = continuation(e, v);
      if (next === undefined || used[next] === 1) break;
      used[next] = 1;
      v = graph.targets[next] === v ? graph.sources[next]! : graph.targets[next]!;
      before.push(v);
      e = next;
    }
    const chain = [...before.reverse(), ...nodes];
    features.push({
      type: 'Feature',
      properties: { class: roadClassNames[graph.roadClass[first]!]!, name: graph.names[graph.nameIndex[first]!]!, oneway: oneWay(first) },
      geometry: { type: 'LineString', coordinates: chain.map((v) => [round(graph.lon[v]!), round(graph.lat[v]!)]) },
    });
  }
  return { type: 'FeatureCollection', attribution: graph.attribution, origin: roadOrigin(graph), features };
}
