import { MinHeap } from './min-heap.js';
import type { RoadGraph } from './road-graph.js';
import type { Snap } from './road-snap.js';

/**
 * Travel times that replace the graph's own for a search, without rebuilding the graph: live speeds
 * from the traffic module, roads closed by an EOD cordon. One array in edge order, so the search
 * reads it exactly as it reads the graph's.
 */
export interface EdgeCostOverrides {
  /** Seconds to drive each edge (`graph.edgeCount` of them); Infinity (or NaN) closes the edge. */
  readonly timeS: Float32Array;
}

export interface RoutingOptions {
  readonly costs?: EdgeCostOverrides;
}

/**
 * Overrides built from the graph's own times: a speed for some edges (km/h; 0 closes), and closed
 * segments. Closing an edge closes its twin too: a cordon shuts a road both ways.
 * @example overrideEdgeCosts(graph, { closed: edgesInsideCordon, speedKmh: new Map([[1234, 12]]) })
 */
export function overrideEdgeCosts(graph: RoadGraph, changes: { speedKmh?: ReadonlyMap<number, number>; closed?: Iterable<number> }): EdgeCostOverrides {
  const timeS = graph.timeS.slice();
  for (const [edge, kmh] of changes.speedKmh ?? []) timeS[edge] = kmh > 0 ? graph.lengthM[edge]! / (kmh / 3.6) : Infinity;
  for (const edge of changes.closed ?? []) {
    timeS[edge] = Infinity;
    if (graph.twin[edge]! >= 0) timeS[graph.twin[edge]!] = Infinity;
  }
  return { timeS };
}

/** One of `kNearestByRoad`'s answers. */
export interface NearestSource<Id> {
  readonly id: Id;
  /** Seconds from the source's place to the target by road. */
  readonly etaS: number;
  /** Metres driven on that route. */
  readonly distanceM: number;
}

/** A route for display: GeoJSON LineString coordinates. */
export interface RoadRoute {
  readonly etaS: number;
  readonly distanceM: number;
  /** [lon, lat] positions from the start's place on its road to the end's. */
  readonly coordinates: [number, number][];
  /** The edges driven, in order (the first and the last possibly in part). */
  readonly edges: number[];
}

/**
 * The `k` sources nearest to the target by travel time, nearest first (ties by id).
 *
 * One Dijkstra search from the target over the reversed graph: a node's settled cost is the time to
 * drive from it to the target, so one search prices every source, one-way streets included. The
 * search starts from the target's place on its edge (the part of the edge before it) and meets each
 * source where the source leaves its own edge (the rest of that edge, either way if two-way; a source
 * on the target's own edge may also drive straight to it). It stops as soon as the next node to
 * settle costs more than the k-th best source found: nothing later can beat it.
 * Sources nobody can drive from are left out. Ids should be unique.
 * @example kNearestByRoad(graph, incidentSnap, units.map((u) => ({ id: u.id, snap: u.snap })), 5)
 */
export function kNearestByRoad<Id extends string | number>(
  graph: RoadGraph,
  target: Snap,
  sources: readonly { readonly id: Id; readonly snap: Snap }[],
  k: number,
  options: RoutingOptions = {},
): NearestSource<Id>[] {
  const wanted = Math.min(Math.floor(k), sources.length);
  if (!(wanted > 0)) return [];
  const s = scratchOf(graph);
  const stamp = s.nextStamp();
  s.reserveSources(sources.length);
  const time = costsOf(graph, options);
  const { lengthM, twin, sources: tails, targets: heads, inOffsets, inEdges } = graph;
  const { dist, lengthTo, seen, settled, heap, best, bestLength, bestSeen, attachedAt, attachHead, attachNext, attachSource, attachCost, attachLength } = s;

  const top = new Int32Array(wanted);
  let count = 0;
  let threshold = Infinity;
  const before = (i: number, j: number) => best[i]! < best[j]! || (best[i] === best[j] && (sources[i]!.id < sources[j]!.id || (sources[i]!.id === sources[j]!.id && i < j)));
  const offer = (i: number, cost: number, length: number) => {
    if (!(cost < Infinity) || (bestSeen[i] === stamp && cost >= best[i]!)) return;
    best[i] = cost;
    bestLength[i] = length;
    bestSeen[i] = stamp;
    let at = count - 1;
    while (at >= 0 && top[at] !== i) at -= 1;
    if (at < 0) {
      if (count < wanted) at = count++;
      else if (before(i, top[wanted - 1]!)) at = wanted - 1;
      else return;
      top[at] = i;
    }
    // The only entry that moved got better: bubble it up to its place.
    while (at > 0 && before(i, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      top[--at] = i;
    }
    if (count === wanted) threshold = best[top[wanted - 1]!]!;
  };

  const [targetEdge, targetFraction] = canonical(graph, target);
  let pending = 0;
  for (let i = 0; i < sources.length; i += 1) {
    // Inline `canonical`: a thousand sources should not make a thousand arrays.
    const snap = sources[i]!.snap;
    checkSnap(graph, snap);
    let edge = snap.edge;
    let fraction = snap.fraction;
    if (twin[edge]! >= 0 && twin[edge]! < edge) {
      edge = twin[edge]!;
      fraction = 1 - fraction;
    }
    const back = twin[edge]!;
    if (edge === targetEdge) {
      // Straight along the shared edge, whichever way is allowed.
      if (fraction <= targetFraction) offer(i, part(targetFraction - fraction, time[edge]!), (targetFraction - fraction) * lengthM[edge]!);
      if (back >= 0 && fraction >= targetFraction) offer(i, part(fraction - targetFraction, time[back]!), (fraction - targetFraction) * lengthM[back]!);
    }
    pending += s.attach(heads[edge]!, i, part(1 - fraction, time[edge]!), (1 - fraction) * lengthM[edge]!);
    if (back >= 0) pending += s.attach(tails[edge]!, i, part(fraction, time[back]!), fraction * lengthM[back]!);
  }

  heap.clear();
  const seed = (node: number, cost: number, length: number) => {
    if (!(cost < Infinity) || (seen[node] === stamp && cost >= dist[node]!)) return;
    seen[node] = stamp;
    dist[node] = cost;
    lengthTo[node] = length;
    heap.push(cost, node);
  };
  // Reversed graph: we search from the target back to every source.
  seed(tails[targetEdge]!, part(targetFraction, time[targetEdge]!), targetFraction * lengthM[targetEdge]!);
  const targetBack = twin[targetEdge]!;
  if (targetBack >= 0) seed(heads[targetEdge]!, part(1 - targetFraction, time[targetBack]!), (1 - targetFraction) * lengthM[targetBack]!);

  while (heap.size > 0 && pending > 0) {
    const d = heap.peekKey();
    if (d > threshold) break;
    const v = heap.pop();
    if (settled[v] === stamp) continue;
    settled[v] = stamp;
    if (attachedAt[v] === stamp) {
      for (let a = attachHead[v]!; a >= 0; a = attachNext[a]!) {
        offer(attachSource[a]!, attachCost[a]! + d, attachLength[a]! + lengthTo[v]!);
        pending -= 1;
      }
    }
    const toHere = lengthTo[v]!;
    for (let j = inOffsets[v]!, end = inOffsets[v + 1]!; j < end; j += 1) {
      const e = inEdges[j]!;
      const w = time[e]!;
      if (!(w < Infinity)) continue;
      const u = tails[e]!;
      if (settled[u] === stamp) continue;
      const nd = d + w;
      if (seen[u] !== stamp || nd < dist[u]!) {
        seen[u] = stamp;
        dist[u] = nd;
        lengthTo[u] = toHere + lengthM[e]!;
        heap.push(nd, u);
      }
    }
  }
  const result: NearestSource<Id>[] = [];
  for (let at = 0; at < count; at += 1) result.push({ id: sources[top[at]!]!.id, etaS: best[top[at]!]!, distanceM: bestLength[top[at]!]! });
  return result;
}

/** One of `kNearestOnEdges`'s answers: the item found, with its time and distance. */
export interface NearestItem<Item> extends NearestSource<Item extends { readonly id: infer Id } ? Id : never> {
  readonly item: Item;
}

/**
 * The edge that stands for a place's road segment, and the place's fraction along it: a place on a
 * twin is the same place on its pair. `kNearestOnEdges` looks items up by this edge.
 */
export function segmentOf(graph: RoadGraph, snap: Snap): { edge: number; fraction: number } {
  const [edge, fraction] = canonical(graph, snap);
  return { edge, fraction };
}

/**
 * The same answers as `kNearestByRoad` over the items `accept` keeps, without being handed every item
 * first: the items are found on the roads the search reaches. `on(edge)` gives the items placed on a
 * segment (keyed by `segmentOf`); when the search settles a node it looks at the segments whose ends
 * lead there, asks `accept` about each item once, and prices it as `kNearestByRoad` prices a source
 * (the same sums in the same order, so the same times to the last bit; ties by id). It stops once the
 * next node costs more than the k-th best item, so its work follows the region searched and the items
 * in it, not how many items there are. The items `accept` keeps should have distinct ids. With fewer
 * than k items to be found it searches every road it can reach: give those few to `kNearestByRoad`.
 * @example kNearestOnEdges(graph, incidentSnap, (edge) => unitsOn.get(edge), (unit) => unit.available, 5)
 */
export function kNearestOnEdges<Id extends string | number, Item extends { readonly id: Id; readonly snap: Snap }>(
  graph: RoadGraph,
  target: Snap,
  on: (edge: number) => Iterable<Item> | undefined,
  accept: (item: Item) => boolean,
  k: number,
  options: RoutingOptions = {},
): NearestItem<Item>[] {
  const wanted = Math.floor(k);
  if (!(wanted > 0)) return [];
  const s = scratchOf(graph);
  const stamp = s.nextStamp();
  const time = costsOf(graph, options);
  const { lengthM, twin, sources: tails, targets: heads, inOffsets, inEdges } = graph;
  const { dist, lengthTo, seen, settled, heap } = s;

  /** Each item met: whether it is accepted, and its best offer so far. */
  interface Met {
    readonly item: Item;
    readonly accepted: boolean;
    best: number;
    bestLength: number;
  }
  const met = new Map<Item, Met>();
  const meet = (item: Item): Met | undefined => {
    let found = met.get(item);
    if (found === undefined) met.set(item, (found = { item, accepted: accept(item), best: Infinity, bestLength: Infinity }));
    return found.accepted ? found : undefined;
  };
  const top: Met[] = [];
  let threshold = Infinity;
  const before = (a: Met, b: Met) => a.best < b.best || (a.best === b.best && a.item.id < b.item.id);
  // As `kNearestByRoad`'s offer: a better time moves the item up the k best, the k-th sets the bound.
  const offer = (entry: Met, cost: number, length: number) => {
    if (!(cost < Infinity) || cost >= entry.best) return;
    entry.best = cost;
    entry.bestLength = length;
    let at = top.indexOf(entry);
    if (at < 0) {
      if (top.length < wanted) at = top.push(entry) - 1;
      else if (before(entry, top[wanted - 1]!)) top[(at = wanted - 1)] = entry;
      else return;
    }
    while (at > 0 && before(entry, top[at - 1]!)) {
      top[at] = top[at - 1]!;
      top[--at] = entry;
    }
    if (top.length === wanted) threshold = top[wanted - 1]!.best;
  };
  /** An item's fraction along the segment's edge, checked to be placed on that segment. */
  const fractionOn = (edge: number, item: Item): number => {
    const { edge: segment, fraction } = item.snap;
    checkSnap(graph, item.snap);
    if (segment === edge) return fraction;
    if (twin[segment] === edge && edge < segment) return 1 - fraction;
    throw new RangeError(`item ${String(item.id)} is listed on edge ${edge} but placed on edge ${segment}`);
  };

  const [targetEdge, targetFraction] = canonical(graph, target);
  const targetBack = twin[targetEdge]!;
  for (const item of on(targetEdge) ?? []) {
    const entry = meet(item);
    if (entry === undefined) continue;
    // Straight along the shared edge, whichever way is allowed.
    const fraction = fractionOn(targetEdge, item);
    if (fraction <= targetFraction) offer(entry, part(targetFraction - fraction, time[targetEdge]!), (targetFraction - fraction) * lengthM[targetEdge]!);
    if (targetBack >= 0 && fraction >= targetFraction) offer(entry, part(fraction - targetFraction, time[targetBack]!), (fraction - targetFraction) * lengthM[targetBack]!);
  }

  heap.clear();
  const seed = (node: number, cost: number, length: number) => {
    if (!(cost < Infinity) || (seen[node] === stamp && cost >= dist[node]!)) return;
    seen[node] = stamp;
    dist[node] = cost;
    lengthTo[node] = length;
    heap.push(cost, node);
  };
  // Reversed graph: we search from the target back to the items, exactly as `kNearestByRoad` does.
  seed(tails[targetEdge]!, part(targetFraction, time[targetEdge]!), targetFraction * lengthM[targetEdge]!);
  if (targetBack >= 0) seed(heads[targetEdge]!, part(1 - targetFraction, time[targetBack]!), (1 - targetFraction) * lengthM[targetBack]!);

  while (heap.size > 0) {
    const d = heap.peekKey();
    if (d > threshold) break;
    const v = heap.pop();
    if (settled[v] === stamp) continue;
    settled[v] = stamp;
    const toHere = lengthTo[v]!;
    for (let j = inOffsets[v]!, end = inOffsets[v + 1]!; j < end; j += 1) {
      const e = inEdges[j]!;
      // The items on e's segment leave it here: through e's head, the rest of e to drive. When e is
      // the twin standing for the other way, they are on its pair, and drive the part behind them.
      const pair = twin[e]!;
      const viaTwin = pair >= 0 && pair < e;
      const items = on(viaTwin ? pair : e);
      if (items !== undefined) {
        for (const item of items) {
          const entry = meet(item);
          if (entry === undefined) continue;
          const fraction = fractionOn(viaTwin ? pair : e, item);
          const share = viaTwin ? fraction : 1 - fraction;
          offer(entry, part(share, time[e]!) + d, share * lengthM[e]! + toHere);
        }
      }
      const w = time[e]!;
      if (!(w < Infinity)) continue;
      const u = tails[e]!;
      if (settled[u] === stamp) continue;
      const nd = d + w;
      if (seen[u] !== stamp || nd < dist[u]!) {
        seen[u] = stamp;
        dist[u] = nd;
        lengthTo[u] = toHere + lengthM[e]!;
        heap.push(nd, u);
      }
    }
  }
  return top.map((entry) => ({ id: entry.item.id, etaS: entry.best, distanceM: entry.bestLength, item: entry.item }) as NearestItem<Item>);
}

/**
 * The same answer as `kNearestByRoad`, the plain way: one Dijkstra search from the target over the
 * whole reversed graph, with no early stop, then every source priced from the costs of its edge's
 * ends, sorted, and the first `k` kept. What `kNearestByRoad`'s early stop is measured against
 * (`bench/dispatch.ts`); it reads as many nodes whether one unit or a thousand are wanted.
 * @example kNearestByFullSearch(graph, incidentSnap, units, 5)
 */
export function kNearestByFullSearch<Id extends string | number>(
  graph: RoadGraph,
  target: Snap,
  sources: readonly { readonly id: Id; readonly snap: Snap }[],
  k: number,
  options: RoutingOptions = {},
): NearestSource<Id>[] {
  const wanted = Math.min(Math.floor(k), sources.length);
  if (!(wanted > 0)) return [];
  const s = scratchOf(graph);
  const stamp = s.nextStamp();
  const time = costsOf(graph, options);
  const { lengthM, twin, sources: tails, targets: heads, inOffsets, inEdges } = graph;
  const { dist, lengthTo, seen, settled, heap } = s;
  heap.clear();
  const seed = (node: number, cost: number, length: number) => {
    if (!(cost < Infinity) || (seen[node] === stamp && cost >= dist[node]!)) return;
    seen[node] = stamp;
    dist[node] = cost;
    lengthTo[node] = length;
    heap.push(cost, node);
  };
  const [targetEdge, targetFraction] = canonical(graph, target);
  seed(tails[targetEdge]!, part(targetFraction, time[targetEdge]!), targetFraction * lengthM[targetEdge]!);
  const targetBack = twin[targetEdge]!;
  if (targetBack >= 0) seed(heads[targetEdge]!, part(1 - targetFraction, time[targetBack]!), (1 - targetFraction) * lengthM[targetBack]!);
  while (heap.size > 0) {
    const d = heap.peekKey();
    const v = heap.pop();
    if (settled[v] === stamp) continue;
    settled[v] = stamp;
    const toHere = lengthTo[v]!;
    for (let j = inOffsets[v]!, end = inOffsets[v + 1]!; j < end; j += 1) {
      const e = inEdges[j]!;
      const w = time[e]!;
      if (!(w < Infinity)) continue;
      const u = tails[e]!;
      if (settled[u] === stamp) continue;
      const nd = d + w;
      if (seen[u] !== stamp || nd < dist[u]!) {
        seen[u] = stamp;
        dist[u] = nd;
        lengthTo[u] = toHere + lengthM[e]!;
        heap.push(nd, u);
      }
    }
  }
  const priced: NearestSource<Id>[] = [];
  for (const source of sources) {
    const [edge, fraction] = canonical(graph, source.snap);
    const back = twin[edge]!;
    let etaS = Infinity;
    let distanceM = Infinity;
    const offer = (cost: number, length: number) => {
      if (cost < etaS) [etaS, distanceM] = [cost, length];
    };
    if (edge === targetEdge) {
      if (fraction <= targetFraction) offer(part(targetFraction - fraction, time[edge]!), (targetFraction - fraction) * lengthM[edge]!);
      if (back >= 0 && fraction >= targetFraction) offer(part(fraction - targetFraction, time[back]!), (fraction - targetFraction) * lengthM[back]!);
    }
    const head = heads[edge]!;
    if (settled[head] === stamp) offer(part(1 - fraction, time[edge]!) + dist[head]!, (1 - fraction) * lengthM[edge]! + lengthTo[head]!);
    const tail = tails[edge]!;
    if (back >= 0 && settled[tail] === stamp) offer(part(fraction, time[back]!) + dist[tail]!, fraction * lengthM[back]! + lengthTo[tail]!);
    if (etaS < Infinity) priced.push({ id: source.id, etaS, distanceM });
  }
  priced.sort((a, b) => a.etaS - b.etaS || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return priced.slice(0, wanted);
}

/**
 * Travel time from one place to another: a plain Dijkstra search over the forward graph, stopped
 * when the target is settled. The baseline `kNearestByRoad` is checked and measured against.
 */
export function etaOneToOne(graph: RoadGraph, from: Snap, to: Snap, options: RoutingOptions = {}): { etaS: number; distanceM: number } | undefined {
  const found = forwardSearch(graph, from, [to], options, false);
  return found.etaS[0]! < Infinity ? { etaS: found.etaS[0]!, distanceM: found.distanceM[0]! } : undefined;
}

/**
 * Travel times from one place to many (Infinity where unreachable): one forward search, until every
 * target is priced. For checking many answers at once (tests, the benchmark).
 */
export function etaOneToMany(graph: RoadGraph, from: Snap, to: readonly Snap[], options: RoutingOptions = {}): { etaS: Float64Array; distanceM: Float64Array } {
  const found = forwardSearch(graph, from, to, options, false);
  return { etaS: found.etaS, distanceM: found.distanceM };
}

/** The fastest route between two places, for display; undefined when no road leads there. */
export function route(graph: RoadGraph, from: Snap, to: Snap, options: RoutingOptions = {}): RoadRoute | undefined {
  const found = forwardSearch(graph, from, [to], options, true);
  const etaS = found.etaS[0]!;
  if (!(etaS < Infinity)) return undefined;
  const [fromEdge, fromFraction] = canonical(graph, from);
  const [toEdge, toFraction] = canonical(graph, to);
  const edges: number[] = [];
  const nodes: number[] = [];
  if (found.endNode >= 0) {
    // Back from where the target was met to where the search started.
    const { predEdge } = scratchOf(graph);
    for (let v = found.endNode; ; ) {
      nodes.push(v);
      const e = predEdge[v]!;
      if (e < 0) break;
      edges.push(e);
      v = graph.sources[e]!;
    }
    nodes.reverse();
    edges.reverse();
    const first = nodes[0]!;
    const startEdge = first === graph.targets[fromEdge] ? fromEdge : graph.twin[fromEdge]!;
    if ((startEdge === fromEdge ? 1 - fromFraction : fromFraction) > 0) edges.unshift(startEdge);
    const last = nodes[nodes.length - 1]!;
    const endEdge = last === graph.sources[toEdge] ? toEdge : graph.twin[toEdge]!;
    if ((endEdge === toEdge ? toFraction : 1 - toFraction) > 0) edges.push(endEdge);
  } else if (fromFraction !== toFraction) {
    edges.push(fromFraction < toFraction ? fromEdge : graph.twin[fromEdge]!);
  }
  const coordinates: [number, number][] = [];
  const add = (lon: number, lat: number) => {
    const previous = coordinates[coordinates.length - 1];
    if (previous === undefined || previous[0] !== lon || previous[1] !== lat) coordinates.push([lon, lat]);
  };
  add(...pointOn(graph, fromEdge, fromFraction));
  for (const v of nodes) add(graph.lon[v]!, graph.lat[v]!);
  add(...pointOn(graph, toEdge, toFraction));
  if (coordinates.length === 1) coordinates.push([...coordinates[0]!]);
  return { etaS, distanceM: found.distanceM[0]!, coordinates, edges };
}

/** [lon, lat] of a place along an edge. */
function pointOn(graph: RoadGraph, edge: number, fraction: number): [number, number] {
  const a = graph.sources[edge]!;
  const b = graph.targets[edge]!;
  return [graph.lon[a]! + (graph.lon[b]! - graph.lon[a]!) * fraction, graph.lat[a]! + (graph.lat[b]! - graph.lat[a]!) * fraction];
}

/**
 * Dijkstra over the forward graph from one place to some others. Each target is met at the ends of
 * its edge (the part of the edge up to it remains to be driven); a target on the start's own edge
 * may be reached straight along it. Stops when every target's cost is final.
 */
function forwardSearch(graph: RoadGraph, from: Snap, to: readonly Snap[], options: RoutingOptions, withPath: boolean): { etaS: Float64Array; distanceM: Float64Array; endNode: number } {
  const s = scratchOf(graph);
  const stamp = s.nextStamp();
  s.reserveSources(to.length);
  const time = costsOf(graph, options);
  const { lengthM, twin, sources: tails, targets: heads, offsets } = graph;
  const { dist, lengthTo, seen, settled, heap, predEdge, attachedAt, attachHead, attachNext, attachSource, attachCost, attachLength } = s;
  const etaS = new Float64Array(to.length).fill(Infinity);
  const distanceM = new Float64Array(to.length).fill(Infinity);
  let endNode = -1;
  let unknown = to.length;
  let worst = Infinity;
  const offer = (j: number, cost: number, length: number, node: number) => {
    if (!(cost < etaS[j]!)) return;
    const previous = etaS[j]!;
    etaS[j] = cost;
    distanceM[j] = length;
    if (j === 0) endNode = node;
    if (previous === Infinity) unknown -= 1;
    // The search may stop once the worst target's cost is final; recompute it when it moved.
    if (unknown === 0 && (previous === Infinity || previous === worst)) worst = Math.max(...etaS);
  };

  const [fromEdge, fromFraction] = canonical(graph, from);
  let pending = 0;
  for (let j = 0; j < to.length; j += 1) {
    const [edge, fraction] = canonical(graph, to[j]!);
    const back = twin[edge]!;
    if (edge === fromEdge) {
      if (fromFraction <= fraction) offer(j, part(fraction - fromFraction, time[edge]!), (fraction - fromFraction) * lengthM[edge]!, -1);
      if (back >= 0 && fromFraction >= fraction) offer(j, part(fromFraction - fraction, time[back]!), (fromFraction - fraction) * lengthM[back]!, -1);
    }
    pending += s.attach(tails[edge]!, j, part(fraction, time[edge]!), fraction * lengthM[edge]!);
    if (back >= 0) pending += s.attach(heads[edge]!, j, part(1 - fraction, time[back]!), (1 - fraction) * lengthM[back]!);
  }

  heap.clear();
  const seed = (node: number, cost: number, length: number) => {
    if (!(cost < Infinity) || (seen[node] === stamp && cost >= dist[node]!)) return;
    seen[node] = stamp;
    dist[node] = cost;
    lengthTo[node] = length;
    if (withPath) predEdge[node] = -1;
    heap.push(cost, node);
  };
  seed(heads[fromEdge]!, part(1 - fromFraction, time[fromEdge]!), (1 - fromFraction) * lengthM[fromEdge]!);
  const fromBack = twin[fromEdge]!;
  if (fromBack >= 0) seed(tails[fromEdge]!, part(fromFraction, time[fromBack]!), fromFraction * lengthM[fromBack]!);

  while (heap.size > 0 && pending > 0) {
    const d = heap.peekKey();
    if (d >= worst) break;
    const v = heap.pop();
    if (settled[v] === stamp) continue;
    settled[v] = stamp;
    if (attachedAt[v] === stamp) {
      for (let a = attachHead[v]!; a >= 0; a = attachNext[a]!) {
        offer(attachSource[a]!, d + attachCost[a]!, lengthTo[v]! + attachLength[a]!, v);
        pending -= 1;
      }
    }
    const toHere = lengthTo[v]!;
    for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e += 1) {
      const w = time[e]!;
      if (!(w < Infinity)) continue;
      const u = heads[e]!;
      if (settled[u] === stamp) continue;
      const nd = d + w;
      if (seen[u] !== stamp || nd < dist[u]!) {
        seen[u] = stamp;
        dist[u] = nd;
        lengthTo[u] = toHere + lengthM[e]!;
        if (withPath) predEdge[u] = e;
        heap.push(nd, u);
      }
    }
  }
  return { etaS, distanceM, endNode };
}

/** A share of an edge's cost; none at all for a zero share, even of a closed edge. */
function part(share: number, cost: number): number {
  return share === 0 ? 0 : share * cost;
}

/** A snap on the edge that stands for its segment (a place on a twin is the same place on its pair). */
function canonical(graph: RoadGraph, snap: Snap): [number, number] {
  checkSnap(graph, snap);
  const { edge, fraction } = snap;
  const twin = graph.twin[edge]!;
  return twin >= 0 && twin < edge ? [twin, 1 - fraction] : [edge, fraction];
}

function checkSnap(graph: RoadGraph, snap: Snap): void {
  const { edge, fraction } = snap;
  if (!(Number.isInteger(edge) && edge >= 0 && edge < graph.edgeCount && fraction >= 0 && fraction <= 1)) {
    throw new RangeError(`not a place on this road graph: edge ${edge}, fraction ${fraction}`);
  }
}

function costsOf(graph: RoadGraph, options: RoutingOptions): Float32Array {
  const time = options.costs?.timeS ?? graph.timeS;
  if (time.length !== graph.edgeCount) throw new RangeError(`edge costs for ${time.length} edges given to a graph of ${graph.edgeCount}`);
  return time;
}

/**
 * Per-graph working memory, reused by every search so a search allocates almost nothing. Arrays
 * are valid where their stamp equals the current search's, so nothing is cleared between searches.
 */
class SearchScratch {
  private stamp = 0;
  private attachments = 0;
  readonly dist: Float64Array;
  readonly lengthTo: Float64Array;
  readonly seen: Uint32Array;
  readonly settled: Uint32Array;
  readonly predEdge: Int32Array;
  readonly attachedAt: Uint32Array;
  readonly attachHead: Int32Array;
  readonly heap: MinHeap;
  attachNext = new Int32Array(0);
  attachSource = new Int32Array(0);
  attachCost = new Float64Array(0);
  attachLength = new Float64Array(0);
  best = new Float64Array(0);
  bestLength = new Float64Array(0);
  bestSeen = new Uint32Array(0);

  constructor(nodeCount: number, edgeCount: number) {
    this.dist = new Float64Array(nodeCount);
    this.lengthTo = new Float64Array(nodeCount);
    this.seen = new Uint32Array(nodeCount);
    this.settled = new Uint32Array(nodeCount);
    this.predEdge = new Int32Array(nodeCount);
    this.attachedAt = new Uint32Array(nodeCount);
    this.attachHead = new Int32Array(nodeCount);
    this.heap = new MinHeap(Math.min(edgeCount + 2, 1 << 16));
  }

  nextStamp(): number {
    if (this.stamp === 0xffff_ffff) {
      this.stamp = 0;
      for (const stamps of [this.seen, this.settled, this.attachedAt, this.bestSeen]) stamps.fill(0);
    }
    this.attachments = 0;
    return ++this.stamp;
  }

  /**
   * Hangs source or target `ref` on `node` at `cost` seconds and `length` metres from it, for the search to
   * pick up when it settles the node: 1 when hung, 0 when the node cannot be reached (an infinite cost).
   */
  attach(node: number, ref: number, cost: number, length: number): 0 | 1 {
    if (!(cost < Infinity)) return 0;
    if (this.attachedAt[node] !== this.stamp) {
      this.attachedAt[node] = this.stamp;
      this.attachHead[node] = -1;
    }
    const a = this.attachments++;
    this.attachSource[a] = ref;
    this.attachCost[a] = cost;
    this.attachLength[a] = length;
    this.attachNext[a] = this.attachHead[node]!;
    this.attachHead[node] = a;
    return 1;
  }

  /** Room for `count` sources (two attachments each). */
  reserveSources(count: number): void {
    if (this.best.length >= count) return;
    const size = Math.max(count, this.best.length * 2);
    this.attachNext = new Int32Array(2 * size);
    this.attachSource = new Int32Array(2 * size);
    this.attachCost = new Float64Array(2 * size);
    this.attachLength = new Float64Array(2 * size);
    this.best = new Float64Array(size);
    this.bestLength = new Float64Array(size);
    this.bestSeen = new Uint32Array(size);
  }
}

const scratches = new WeakMap<RoadGraph, SearchScratch>();

function scratchOf(graph: RoadGraph): SearchScratch {
  let scratch = scratches.get(graph);
  if (scratch === undefined) {
    scratch = new SearchScratch(graph.nodeCount, graph.edgeCount);
    scratches.set(graph, scratch);
  }
  return scratch;
}
