import { distanceM, type LatLon } from '../geometry.js';
import { isCanonicalEdge, type RoadGraph } from './road-graph.js';

/** A position on the road network: an edge and how far along it, with the point it stands for. */
export interface Snap {
  readonly edge: number;
  /** 0 at the edge's tail, 1 at its head (along its length). */
  readonly fraction: number;
  /** The point on the road. */
  readonly lat: number;
  readonly lon: number;
  /** From the point that was snapped to the road, metres. */
  readonly distanceM: number;
}

const METRES_PER_DEGREE = (6_371_008.8 * Math.PI) / 180;

/**
 * Where the nearest point of segment A-B lies from P, on a plane: the fraction along A-B and the
 * squared distance. The index and its brute-force check both measure with this.
 */
export function nearestOnSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): { fraction: number; distance2: number } {
  const dx = bx - ax;
  const dy = by - ay;
  const squared = dx * dx + dy * dy;
  let t = squared > 0 ? ((px - ax) * dx + (py - ay) * dy) / squared : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const x = ax + t * dx - px;
  const y = ay + t * dy - py;
  return { fraction: t, distance2: x * x + y * y };
}

/**
 * Nearest-road lookup: a uniform grid of square cells over the network, each cell listing the
 * segments whose bounding box touches it. Coordinates are projected once onto a local plane
 * (equirectangular at the network's middle latitude: under 0.3% error across a city), so a lookup is
 * arithmetic on typed arrays. A lookup scans rings of cells outward from the point's cell and stops
 * when no unscanned cell can hold anything nearer.
 */
export class RoadSnapIndex {
  /** Node positions on the plane, metres. */
  readonly x: Float64Array;
  readonly y: Float64Array;
  private readonly lat0: number;
  private readonly lon0: number;
  private readonly cosLat0: number;
  private readonly minX: number;
  private readonly minY: number;
  private readonly columns: number;
  private readonly rows: number;
  private readonly cellStart: Uint32Array;
  private readonly cellEdges: Uint32Array;
  // The best segment so far of the lookup under way (lookups are synchronous, one at a time).
  private bestEdge = -1;
  private bestFraction = 0;
  private best2 = Infinity;
  // `within`'s once-per-segment marks, made on its first use.
  private withinStamps: Uint32Array | undefined;
  private withinStamp = 0;
  /** `withinInto`'s answer: edges, fractions along them, distances on the plane (metres). */
  foundEdges = new Int32Array(16);
  foundFractions = new Float64Array(16);
  foundDistancesM = new Float64Array(16);

  constructor(
    readonly graph: RoadGraph,
    readonly cellSizeM = 100,
  ) {
    let minLat = Infinity;
    let maxLat = -Infinity;
    let minLon = Infinity;
    let maxLon = -Infinity;
    for (let v = 0; v < graph.nodeCount; v += 1) {
      minLat = Math.min(minLat, graph.lat[v]!);
      maxLat = Math.max(maxLat, graph.lat[v]!);
      minLon = Math.min(minLon, graph.lon[v]!);
      maxLon = Math.max(maxLon, graph.lon[v]!);
    }
    this.lat0 = graph.nodeCount === 0 ? 0 : (minLat + maxLat) / 2;
    this.lon0 = graph.nodeCount === 0 ? 0 : (minLon + maxLon) / 2;
    this.cosLat0 = Math.cos((this.lat0 * Math.PI) / 180);
    this.x = new Float64Array(graph.nodeCount);
    this.y = new Float64Array(graph.nodeCount);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    for (let v = 0; v < graph.nodeCount; v += 1) {
      const [x, y] = this.project(graph.lat[v]!, graph.lon[v]!);
      this.x[v] = x;
      this.y[v] = y;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
    this.minX = graph.nodeCount === 0 ? 0 : minX;
    this.minY = graph.nodeCount === 0 ? 0 : minY;
    this.columns = graph.nodeCount === 0 ? 1 : Math.floor((maxX - minX) / cellSizeM) + 1;
    this.rows = graph.nodeCount === 0 ? 1 : Math.floor((maxY - minY) / cellSizeM) + 1;

    // Two passes over the segments (count, then fill) build the cells' lists as one CSR array.
    const cellStart = new Uint32Array(this.columns * this.rows + 1);
    this.forEachSegmentCell((_, cell) => void (cellStart[cell + 1]! += 1));
    for (let c = 0; c < this.columns * this.rows; c += 1) cellStart[c + 1]! += cellStart[c]!;
    const fill = cellStart.slice(0, this.columns * this.rows);
    const cellEdges = new Uint32Array(cellStart[this.columns * this.rows]!);
    this.forEachSegmentCell((edge, cell) => void (cellEdges[fill[cell]!++] = edge));
    this.cellStart = cellStart;
    this.cellEdges = cellEdges;
  }

  /** A point on the index's plane, metres east and north of the network's middle. */
  project(lat: number, lon: number): [number, number] {
    return [(lon - this.lon0) * this.cosLat0 * METRES_PER_DEGREE, (lat - this.lat0) * METRES_PER_DEGREE];
  }

  private forEachSegmentCell(visit: (edge: number, cell: number) => void): void {
    const { graph, x, y, cellSizeM } = this;
    for (let edge = 0; edge < graph.edgeCount; edge += 1) {
      // One entry per segment: a two-way pair is found through its canonical edge.
      if (!isCanonicalEdge(graph, edge)) continue;
      const a = graph.sources[edge]!;
      const b = graph.targets[edge]!;
      const c0 = Math.floor((Math.min(x[a]!, x[b]!) - this.minX) / cellSizeM);
      const c1 = Math.floor((Math.max(x[a]!, x[b]!) - this.minX) / cellSizeM);
      const r0 = Math.floor((Math.min(y[a]!, y[b]!) - this.minY) / cellSizeM);
      const r1 = Math.floor((Math.max(y[a]!, y[b]!) - this.minY) / cellSizeM);
      for (let r = r0; r <= r1; r += 1) for (let c = c0; c <= c1; c += 1) visit(edge, r * this.columns + c);
    }
  }

  /**
   * The nearest point on any road (ties: the lower edge number), or undefined when none lies within
   * `maxDistanceM`. The returned edge is the segment's canonical edge (see `isCanonicalEdge`).
   */
  nearest(point: LatLon, maxDistanceM = Infinity): Snap | undefined {
    if (this.graph.edgeCount === 0) return undefined;
    const [px, py] = this.project(point.lat, point.lon);
    const { cellSizeM, columns, rows, minX, minY } = this;
    const maxX = minX + columns * cellSizeM;
    const maxY = minY + rows * cellSizeM;
    // Nothing can be nearer than the grid's own box.
    const outsideX = Math.max(minX - px, 0, px - maxX);
    const outsideY = Math.max(minY - py, 0, py - maxY);
    if (Math.hypot(outsideX, outsideY) > maxDistanceM) return undefined;
    const cx = Math.min(columns - 1, Math.max(0, Math.floor((px - minX) / cellSizeM)));
    const cy = Math.min(rows - 1, Math.max(0, Math.floor((py - minY) / cellSizeM)));
    this.bestEdge = -1;
    this.bestFraction = 0;
    this.best2 = maxDistanceM === Infinity ? Infinity : maxDistanceM * maxDistanceM;
    for (let ring = 0; ; ring += 1) {
      const c0 = cx - ring;
      const c1 = cx + ring;
      const r0 = cy - ring;
      const r1 = cy + ring;
      for (let c = Math.max(c0, 0); c <= Math.min(c1, columns - 1); c += 1) {
        if (r0 >= 0) this.scanCell(r0 * columns + c, px, py);
        if (r1 < rows && r1 !== r0) this.scanCell(r1 * columns + c, px, py);
      }
      for (let r = Math.max(r0 + 1, 0); r <= Math.min(r1 - 1, rows - 1); r += 1) {
        if (c0 >= 0) this.scanCell(r * columns + c0, px, py);
        if (c1 < columns && c1 !== c0) this.scanCell(r * columns + c1, px, py);
      }
      if (c0 <= 0 && r0 <= 0 && c1 >= columns - 1 && r1 >= rows - 1) break;
      // Everything not scanned lies in cells outside the square scanned so far: at least this far.
      const boxX0 = minX + c0 * cellSizeM;
      const boxX1 = minX + (c1 + 1) * cellSizeM;
      const boxY0 = minY + r0 * cellSizeM;
      const boxY1 = minY + (r1 + 1) * cellSizeM;
      const inside = px >= boxX0 && px <= boxX1 && py >= boxY0 && py <= boxY1;
      const margin = inside ? Math.min(px - boxX0, boxX1 - px, py - boxY0, boxY1 - py) : 0;
      if (margin * margin > this.best2) break;
    }
    if (this.bestEdge < 0) return undefined;
    return this.snapAt(this.bestEdge, this.bestFraction, point);
  }

  /**
   * The segments that pass within `radiusM` of a point, nearest first (ties: the lower edge number),
   * at most `maxCount` of them: the candidate roads of a GPS fix for map matching. Each segment once,
   * as its canonical edge (see `isCanonicalEdge`), with its nearest point.
   * @example index.within({ lat: 33.5928, lon: -7.6190 }, 60, 6)
   */
  within(point: LatLon, radiusM: number, maxCount: number): Snap[] {
    const found = this.withinInto(point, radiusM, maxCount);
    const snaps: Snap[] = [];
    for (let i = 0; i < found; i += 1) snaps.push(this.snapAt(this.foundEdges[i]!, this.foundFractions[i]!, point));
    return snaps;
  }

  /**
   * `within` without allocating: fills `foundEdges`, `foundFractions` and `foundDistancesM` (distances
   * on the index's plane) and returns how many. Valid until the next lookup.
   */
  withinInto(point: LatLon, radiusM: number, maxCount: number): number {
    const count = Math.floor(maxCount);
    if (this.graph.edgeCount === 0 || !(radiusM >= 0) || !(count > 0)) return 0;
    const [px, py] = this.project(point.lat, point.lon);
    const { cellSizeM, columns, rows, minX, minY, cellStart, cellEdges } = this;
    const c0 = Math.max(0, Math.floor((px - radiusM - minX) / cellSizeM));
    const c1 = Math.min(columns - 1, Math.floor((px + radiusM - minX) / cellSizeM));
    const r0 = Math.max(0, Math.floor((py - radiusM - minY) / cellSizeM));
    const r1 = Math.min(rows - 1, Math.floor((py + radiusM - minY) / cellSizeM));
    if (c0 > c1 || r0 > r1) return 0;
    // A long segment is listed in every cell it crosses: a stamp per edge measures it once.
    this.withinStamps ??= new Uint32Array(this.graph.edgeCount);
    if (this.withinStamp === 0xffff_ffff) {
      this.withinStamps.fill(0);
      this.withinStamp = 0;
    }
    if (this.foundEdges.length < count) {
      this.foundEdges = new Int32Array(count);
      this.foundFractions = new Float64Array(count);
      this.foundDistancesM = new Float64Array(count);
    }
    const stamp = ++this.withinStamp;
    const stamps = this.withinStamps;
    const { sources, targets } = this.graph;
    const { x, y, foundEdges, foundFractions } = this;
    // Squared distances while searching, in the same array; rooted at the end.
    const found2 = this.foundDistancesM;
    const radius2 = radiusM * radiusM;
    let size = 0;
    for (let r = r0; r <= r1; r += 1) {
      for (let cell = r * columns + c0, last = r * columns + c1; cell <= last; cell += 1) {
        for (let i = cellStart[cell]!; i < cellStart[cell + 1]!; i += 1) {
          const edge = cellEdges[i]!;
          if (stamps[edge] === stamp) continue;
          stamps[edge] = stamp;
          const ax = x[sources[edge]!]!;
          const ay = y[sources[edge]!]!;
          const dx = x[targets[edge]!]! - ax;
          const dy = y[targets[edge]!]! - ay;
          const squared = dx * dx + dy * dy;
          let t = squared > 0 ? ((px - ax) * dx + (py - ay) * dy) / squared : 0;
          t = t < 0 ? 0 : t > 1 ? 1 : t;
          const ex = ax + t * dx - px;
          const ey = ay + t * dy - py;
          const distance2 = ex * ex + ey * ey;
          if (distance2 > radius2) continue;
          if (size === count && !(distance2 < found2[count - 1]! || (distance2 === found2[count - 1]! && edge < foundEdges[count - 1]!))) continue;
          // Insertion into the handful kept, sorted by distance.
          let at = size < count ? size++ : count - 1;
          while (at > 0 && (found2[at - 1]! > distance2 || (found2[at - 1]! === distance2 && foundEdges[at - 1]! > edge))) {
            found2[at] = found2[at - 1]!;
            foundEdges[at] = foundEdges[at - 1]!;
            foundFractions[at] = foundFractions[at - 1]!;
            at -= 1;
          }
          found2[at] = distance2;
          foundEdges[at] = edge;
          foundFractions[at] = t;
        }
      }
    }
    for (let i = 0; i < size; i += 1) found2[i] = Math.sqrt(found2[i]!);
    return size;
  }

  /** Measures P against every segment of one cell (inlined: a lookup allocates nothing until its result). */
  private scanCell(cell: number, px: number, py: number): void {
    const { sources, targets } = this.graph;
    const { x, y } = this;
    for (let i = this.cellStart[cell]!; i < this.cellStart[cell + 1]!; i += 1) {
      const edge = this.cellEdges[i]!;
      const ax = x[sources[edge]!]!;
      const ay = y[sources[edge]!]!;
      const dx = x[targets[edge]!]! - ax;
      const dy = y[targets[edge]!]! - ay;
      const squared = dx * dx + dy * dy;
      let t = squared > 0 ? ((px - ax) * dx + (py - ay) * dy) / squared : 0;
      t = t < 0 ? 0 : t > 1 ? 1 : t;
      const ex = ax + t * dx - px;
      const ey = ay + t * dy - py;
      const distance2 = ex * ex + ey * ey;
      if (distance2 < this.best2 || (distance2 === this.best2 && edge < this.bestEdge)) {
        this.best2 = distance2;
        this.bestEdge = edge;
        this.bestFraction = t;
      }
    }
  }

  /** The snap for a given place on an edge, measured from `from` (the point that was snapped). */
  snapAt(edge: number, fraction: number, from: LatLon): Snap {
    const { graph } = this;
    const a = graph.sources[edge]!;
    const b = graph.targets[edge]!;
    const lat = graph.lat[a]! + (graph.lat[b]! - graph.lat[a]!) * fraction;
    const lon = graph.lon[a]! + (graph.lon[b]! - graph.lon[a]!) * fraction;
    return { edge, fraction, lat, lon, distanceM: distanceM(from, { lat, lon }) };
  }
}

const indexes = new WeakMap<RoadGraph, RoadSnapIndex>();

/** The graph's snap index, built on first use (some tens of milliseconds for a city) and kept. */
export function snapIndexOf(graph: RoadGraph): RoadSnapIndex {
  let index = indexes.get(graph);
  if (index === undefined) {
    index = new RoadSnapIndex(graph);
    indexes.set(graph, index);
  }
  return index;
}

/**
 * Snaps a point to the nearest road of the graph; undefined when none is within `maxDistanceM`.
 * @example snapToRoad(graph, { lat: 33.5928, lon: -7.6190 }, { maxDistanceM: 500 })
 */
export function snapToRoad(graph: RoadGraph, point: LatLon, options: { maxDistanceM?: number } = {}): Snap | undefined {
  return snapIndexOf(graph).nearest(point, options.maxDistanceM ?? Infinity);
}
