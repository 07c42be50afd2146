import { distanceM } from '../geometry.js';
import { RoadClass, roadClassNames, travelTimeS, type RoadWay } from './road.js';

/**
 * The road network as routing engines hold it: typed arrays, no object per node or edge, so a city
 * of 50,000 junctions fits in a few megabytes and a search touches contiguous memory.
 *
 * Nodes are road vertices (junctions and shape points). A directed edge is one straight segment
 * driven one way; a two-way segment is two edges, each the other's `twin`. Edges are numbered in
 * forward CSR order: the edges leaving node `v` are `offsets[v]` to `offsets[v + 1] - 1`.
 */
export interface RoadGraph {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** Forward CSR: nodeCount + 1 offsets into the edges. */
  readonly offsets: Uint32Array;
  /** Each edge's head node. */
  readonly targets: Uint32Array;
  /** Each edge's tail node (derived from `offsets`). */
  readonly sources: Uint32Array;
  readonly lengthM: Float32Array;
  /** Travel time without live traffic, seconds. */
  readonly timeS: Float32Array;
  /** `RoadClass` numbers. */
  readonly roadClass: Uint8Array;
  /** Posted limit in km/h, 0 when unknown (kept for the traffic module). */
  readonly maxSpeedKmh: Uint8Array;
  /** Index into `names`; 0 is the empty name. */
  readonly nameIndex: Uint32Array;
  /** The edge of the same segment driven the other way, or -1 on a one-way segment. */
  readonly twin: Int32Array;
  /** Reversed CSR: the edges entering node `v` are `inEdges[inOffsets[v]]` to `inEdges[inOffsets[v + 1] - 1]`. */
  readonly inOffsets: Uint32Array;
  readonly inEdges: Uint32Array;
  readonly names: readonly string[];
  readonly attribution: string;
  /** Where the network came from: the imported file's name, or `demo`. */
  readonly source: string;
}

/** What a graph is made of; the rest (`sources`, the reversed CSR) is derived. */
export type RoadGraphParts = Omit<RoadGraph, 'sources' | 'inOffsets' | 'inEdges'>;

/** Derives each edge's tail and the reversed CSR from the forward arrays. */
export function assembleRoadGraph(parts: RoadGraphParts): RoadGraph {
  const { nodeCount, edgeCount, offsets, targets } = parts;
  const sources = new Uint32Array(edgeCount);
  for (let v = 0; v < nodeCount; v += 1) sources.fill(v, offsets[v]!, offsets[v + 1]!);
  const inOffsets = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e += 1) inOffsets[targets[e]! + 1]! += 1;
  for (let v = 0; v < nodeCount; v += 1) inOffsets[v + 1]! += inOffsets[v]!;
  const fill = inOffsets.slice(0, nodeCount);
  const inEdges = new Uint32Array(edgeCount);
  for (let e = 0; e < edgeCount; e += 1) inEdges[fill[targets[e]!]!++] = e;
  return { ...parts, sources, inOffsets, inEdges };
}

/** How an import went, for the journal and the operator. */
export interface RoadGraphStats {
  readonly nodes: number;
  readonly edges: number;
  /** Nodes (and their edges) left out: outside the largest strongly connected part. */
  readonly droppedNodes: number;
  readonly droppedEdges: number;
}

export interface BuildOptions {
  readonly attribution: string;
  readonly source: string;
  /**
   * `largest` (the default) keeps only the largest strongly connected part: a unit or an incident
   * snapped to a fragment the rest cannot reach (a one-way exit at the edge of the extract, a
   * parking lot not joined to a street) would get no ETA at all. `all` keeps everything.
   */
  readonly keep?: 'largest' | 'all';
}

/**
 * Joins the ways' vertices into nodes (by OSM node id, or by exactly equal coordinates), measures
 * each segment (haversine), honours one-way, and lays the result out in CSR arrays.
 */
export function buildRoadGraph(ways: Iterable<RoadWay>, options: BuildOptions): { graph: RoadGraph; stats: RoadGraphStats } {
  const nodeIds = new Map<string, number>();
  const lat: number[] = [];
  const lon: number[] = [];
  const nameIds = new Map<string, number>([['', 0]]);
  const names: string[] = [''];
  const edges = new EdgeList();
  for (const way of ways) {
    const nodes = way.coordinates.map(([x, y], i) => {
      const key = way.nodeKeys?.[i] ?? `${x},${y}`;
      let id = nodeIds.get(key);
      if (id === undefined) {
        id = lat.length;
        nodeIds.set(key, id);
        lat.push(y);
        lon.push(x);
      }
      return id;
    });
    let name = nameIds.get(way.name);
    if (name === undefined) {
      name = names.length;
      nameIds.set(way.name, name);
      names.push(way.name);
    }
    const roadClass = RoadClass[way.roadClass];
    const maxSpeed = Math.min(255, Math.max(0, Math.round(way.maxSpeedKmh)));
    for (let i = 1; i < nodes.length; i += 1) {
      const a = nodes[i - 1]!;
      const b = nodes[i]!;
      if (a === b) continue;
      const length = distanceM({ lat: lat[a]!, lon: lon[a]! }, { lat: lat[b]!, lon: lon[b]! });
      if (way.oneWay === 'forward') edges.push(a, b, length, roadClass, maxSpeed, name, -1);
      else if (way.oneWay === 'backward') edges.push(b, a, length, roadClass, maxSpeed, name, -1);
      else {
        const first = edges.push(a, b, length, roadClass, maxSpeed, name, -2);
        edges.push(b, a, length, roadClass, maxSpeed, name, first);
      }
    }
  }
  const meta = { names, attribution: options.attribution, source: options.source };
  const full = graphFromEdgeList(Float64Array.from(lat), Float64Array.from(lon), edges, meta);
  if (options.keep === 'all') return { graph: full, stats: { nodes: full.nodeCount, edges: full.edgeCount, droppedNodes: 0, droppedEdges: 0 } };
  const { component, sizes } = stronglyConnectedComponents(full);
  const largest = sizes.indexOf(Math.max(0, ...sizes));
  const keep = new Uint8Array(full.nodeCount);
  for (let v = 0; v < full.nodeCount; v += 1) keep[v] = component[v] === largest ? 1 : 0;
  const graph = subgraph(full, keep);
  return {
    graph,
    stats: { nodes: graph.nodeCount, edges: graph.edgeCount, droppedNodes: full.nodeCount - graph.nodeCount, droppedEdges: full.edgeCount - graph.edgeCount },
  };
}

/** Edges in input order, growing like a vector, before they are sorted into CSR. */
class EdgeList {
  tail: number[] = [];
  head: number[] = [];
  length: number[] = [];
  roadClass: number[] = [];
  maxSpeed: number[] = [];
  name: number[] = [];
  /** The partner of a two-way pair (-2 while the partner is still to come), or -1. */
  twin: number[] = [];

  get size(): number {
    return this.tail.length;
  }

  push(tail: number, head: number, length: number, roadClass: number, maxSpeed: number, name: number, twin: number): number {
    const index = this.tail.length;
    this.tail.push(tail);
    this.head.push(head);
    this.length.push(length);
    this.roadClass.push(roadClass);
    this.maxSpeed.push(maxSpeed);
    this.name.push(name);
    this.twin.push(twin);
    if (twin >= 0) this.twin[twin] = index;
    return index;
  }
}

/** Sorts edges by tail (a stable counting sort) into CSR arrays, and prices each edge. */
function graphFromEdgeList(lat: Float64Array, lon: Float64Array, edges: EdgeList, meta: Pick<RoadGraph, 'names' | 'attribution' | 'source'>): RoadGraph {
  const nodeCount = lat.length;
  const edgeCount = edges.size;
  const offsets = new Uint32Array(nodeCount + 1);
  for (let e = 0; e < edgeCount; e += 1) offsets[edges.tail[e]! + 1]! += 1;
  for (let v = 0; v < nodeCount; v += 1) offsets[v + 1]! += offsets[v]!;
  const fill = offsets.slice(0, nodeCount);
  const position = new Uint32Array(edgeCount);
  for (let e = 0; e < edgeCount; e += 1) position[e] = fill[edges.tail[e]!]!++;
  const targets = new Uint32Array(edgeCount);
  const lengthM = new Float32Array(edgeCount);
  const timeS = new Float32Array(edgeCount);
  const roadClass = new Uint8Array(edgeCount);
  const maxSpeedKmh = new Uint8Array(edgeCount);
  const nameIndex = new Uint32Array(edgeCount);
  const twin = new Int32Array(edgeCount);
  for (let e = 0; e < edgeCount; e += 1) {
    const at = position[e]!;
    targets[at] = edges.head[e]!;
    lengthM[at] = edges.length[e]!;
    roadClass[at] = edges.roadClass[e]!;
    maxSpeedKmh[at] = edges.maxSpeed[e]!;
    nameIndex[at] = edges.name[e]!;
    timeS[at] = travelTimeS(lengthM[at]!, roadClassNames[roadClass[at]!]!, maxSpeedKmh[at]!);
    const partner = edges.twin[e]!;
    twin[at] = partner >= 0 ? position[partner]! : -1;
  }
  return assembleRoadGraph({ nodeCount, edgeCount, lat, lon, offsets, targets, lengthM, timeS, roadClass, maxSpeedKmh, nameIndex, twin, ...meta });
}

/** The graph restricted to the nodes marked in `keep` (and the edges between them), renumbered in order. */
export function subgraph(graph: RoadGraph, keep: Uint8Array): RoadGraph {
  const newId = new Int32Array(graph.nodeCount).fill(-1);
  let nodes = 0;
  for (let v = 0; v < graph.nodeCount; v += 1) if (keep[v] === 1) newId[v] = nodes++;
  const lat = new Float64Array(nodes);
  const lon = new Float64Array(nodes);
  const edges = new EdgeList();
  const newEdge = new Int32Array(graph.edgeCount).fill(-1);
  for (let v = 0; v < graph.nodeCount; v += 1) {
    if (newId[v]! < 0) continue;
    lat[newId[v]!] = graph.lat[v]!;
    lon[newId[v]!] = graph.lon[v]!;
    for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e += 1) {
      const head = newId[graph.targets[e]!]!;
      if (head < 0) continue;
      const partner = graph.twin[e]!;
      // A twin has the same two ends, so it is kept too; link the pair when its second half comes.
      const twin = partner >= 0 && newEdge[partner]! >= 0 ? newEdge[partner]! : partner >= 0 ? -2 : -1;
      newEdge[e] = edges.push(newId[v]!, head, graph.lengthM[e]!, graph.roadClass[e]!, graph.maxSpeedKmh[e]!, graph.nameIndex[e]!, twin);
    }
  }
  return graphFromEdgeList(lat, lon, edges, { names: graph.names, attribution: graph.attribution, source: graph.source });
}

/** Components of a graph: each node's component number and each component's size. */
export interface Components {
  readonly component: Int32Array;
  readonly sizes: number[];
}

/**
 * Strongly connected components (Kosaraju, iterative: a city's road chain is deeper than the call
 * stack). Within one component every node can drive to every other.
 */
export function stronglyConnectedComponents(graph: RoadGraph): Components {
  const { nodeCount, offsets, targets, inOffsets, inEdges, sources } = graph;
  // First pass: nodes in order of finishing a depth-first search over the forward edges.
  const order = new Uint32Array(nodeCount);
  let finished = 0;
  const visited = new Uint8Array(nodeCount);
  const cursor = new Uint32Array(nodeCount);
  const stack = new Uint32Array(nodeCount);
  for (let start = 0; start < nodeCount; start += 1) {
    if (visited[start] === 1) continue;
    let depth = 0;
    stack[depth++] = start;
    visited[start] = 1;
    cursor[start] = offsets[start]!;
    while (depth > 0) {
      const v = stack[depth - 1]!;
      if (cursor[v]! < offsets[v + 1]!) {
        const u = targets[cursor[v]!++]!;
        if (visited[u] === 0) {
          visited[u] = 1;
          cursor[u] = offsets[u]!;
          stack[depth++] = u;
        }
      } else {
        depth -= 1;
        order[finished++] = v;
      }
    }
  }
  // Second pass: over the reversed edges, latest finisher first; each search is one component.
  const component = new Int32Array(nodeCount).fill(-1);
  const sizes: number[] = [];
  for (let i = nodeCount - 1; i >= 0; i -= 1) {
    const start = order[i]!;
    if (component[start]! >= 0) continue;
    const id = sizes.length;
    let size = 0;
    let depth = 0;
    stack[depth++] = start;
    component[start] = id;
    while (depth > 0) {
      const v = stack[--depth]!;
      size += 1;
      for (let j = inOffsets[v]!; j < inOffsets[v + 1]!; j += 1) {
        const u = sources[inEdges[j]!]!;
        if (component[u]! < 0) {
          component[u] = id;
          stack[depth++] = u;
        }
      }
    }
    sizes.push(size);
  }
  return { component, sizes };
}

/** Weakly connected components: joined by some road, whatever its direction (union-find). */
export function weaklyConnectedComponents(graph: RoadGraph): Components {
  const parent = new Int32Array(graph.nodeCount);
  for (let v = 0; v < graph.nodeCount; v += 1) parent[v] = v;
  const find = (v: number): number => {
    while (parent[v] !== v) {
      parent[v] = parent[parent[v]!]!;
      v = parent[v]!;
    }
    return v;
  };
  for (let e = 0; e < graph.edgeCount; e += 1) {
    const a = find(graph.sources[e]!);
    const b = find(graph.targets[e]!);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  }
  const component = new Int32Array(graph.nodeCount).fill(-1);
  const sizes: number[] = [];
  const idOfRoot = new Int32Array(graph.nodeCount).fill(-1);
  for (let v = 0; v < graph.nodeCount; v += 1) {
    const root = find(v);
    if (idOfRoot[root]! < 0) {
      idOfRoot[root] = sizes.length;
      sizes.push(0);
    }
    component[v] = idOfRoot[root]!;
    sizes[component[v]!]! += 1;
  }
  return { component, sizes };
}

/**
 * The edge that stands for a segment in snaps and on the map: the lower-numbered of a two-way pair,
 * or the only edge of a one-way segment.
 */
export function isCanonicalEdge(graph: RoadGraph, edge: number): boolean {
  const twin = graph.twin[edge]!;
  return twin < 0 || edge < twin;
}
