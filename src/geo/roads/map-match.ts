import { distanceM } from '../geometry.js';
import { MinHeap } from './min-heap.js';
import type { RoadGraph } from './road-graph.js';
import { snapIndexOf, type RoadSnapIndex } from './road-snap.js';

/**
 * Map matching: which roads a vehicle drove, from its GPS fixes. A hidden Markov model as in Newson
 * and Krumm, "Hidden Markov Map Matching Through Noise and Sparseness" (ACM SIGSPATIAL GIS 2009):
 * - the hidden states of a fix are its candidates: places on the roads within a radius of it (§4.1),
 *   one per direction a road can be driven;
 * - a candidate's emission is a Gaussian on its distance from the fix, sigma `sigmaM` (§4.1, eq. 1);
 * - a transition between candidates of consecutive fixes is exponential in the difference between
 *   the route distance from one to the other and the great-circle distance between the fixes,
 *   scale `betaM` (§4.2, eq. 2): vehicles drive the short way, so the two are usually close;
 * - the matched places are the most likely sequence (Viterbi, in logarithms); when no candidate of a
 *   fix can be reached from any of the previous one's (§4.4's breaks), the chain ends there and a new
 *   one starts with that fix, instead of the whole trace failing.
 * - beyond the paper, a route the vehicle could only have driven far faster than the graph's speeds
 *   costs the transition too (see SPEED_TOLERANCE).
 * Route distances come from a bounded search by length, one per node the earlier fix's candidates
 * leave their edges by (most have their own), reaching every candidate of the later fix, bounded by
 * a multiple of the great-circle distance and by the distance a vehicle can plausibly cover in the
 * time between the fixes. Each search stops as soon as nothing further could change a score: past
 * every candidate's own share of the bound, or past where its best score so far can no longer be
 * beaten; and it is steered towards the candidates by a straight-line lower bound (A*), so it
 * settles about half the nodes a plain Dijkstra search would, with the same distances. The
 * searches' arrays are per graph, the matcher's per fix are reused: a fix allocates almost nothing.
 */

export interface TraceFix {
  readonly lat: number;
  readonly lon: number;
  readonly atMs: number;
}

/** An edge driven whole between two matched fixes; times interpolated along the matched route. */
export interface Traversal {
  readonly edge: number;
  readonly enteredAtMs: number;
  readonly leftAtMs: number;
}

export interface MatchOptions {
  /** GPS noise: the standard deviation of a fix's distance from its road, metres (default 20). */
  sigmaM?: number;
  /** How far a route may differ from the straight line between fixes (exponential scale, metres; default 20). */
  betaM?: number;
  /** Roads further than this from a fix are not its candidates, metres (default 60). */
  radiusM?: number;
  /**
   * At most this many places on the roads per fix, nearest first (default 10): a segment is one place
   * (both its directions), and segments whose nearest point is the same node count as one.
   */
  maxCandidates?: number;
}

export const DEFAULT_MATCH_OPTIONS: Required<MatchOptions> = { sigmaM: 20, betaM: 20, radiusM: 60, maxCandidates: 10 };

/** Faster than any vehicle of a city's traffic, m/s (180 km/h): a route longer than this allows is not taken. */
const MAX_SPEED_MPS = 50;
/** A route may be this many times the great-circle distance between fixes, plus the candidate radius. */
const ROUTE_FACTOR = 2;
/**
 * A route may take up to this many times the time between its fixes at the graph's speeds, plus
 * SPEED_SLACK_S, before it counts against the transition, one nat per SPEED_SCALE_S seconds beyond
 * (vehicles drive faster than the class speeds, a police car on call much faster).
 */
const SPEED_TOLERANCE = 1.5;
const SPEED_SLACK_S = 5;
const SPEED_SCALE_S = 5;
/** Candidates scoring this far below the best of their fix are not searched from: e^-20 does not come back. */
const PRUNE_NATS = 20;
/** Room for rounding when a search's bound is derived from scores (metres, far below any road's length). */
const BOUND_SLACK_M = 1e-6;

/** The candidates of one fix: parallel arrays, one entry per place and direction. */
interface Step {
  fixIndex: number;
  fix: TraceFix;
  readonly edges: Int32Array;
  readonly fractions: Float64Array;
  /** The Viterbi log-score of the best path ending at each candidate (-Infinity: none). */
  readonly scores: Float64Array;
  /** The previous step's candidate on that best path (-1 at a chain's first step). */
  readonly back: Int32Array;
}

/** A fix whose place is final: the stream the path and the traversals are built from. */
interface Settled {
  readonly fixIndex: number;
  readonly atMs: number;
  readonly edge: number;
  readonly fraction: number;
  /** The first fix of a chain: not joined by road to the settled fix before it. */
  readonly chainStart: boolean;
}

/**
 * Per-graph working memory of the searches (they are synchronous, one at a time, so every matcher on a
 * graph shares it): arrays valid where their stamp is the current search's, never cleared.
 */
class MatchScratch {
  private stamp = 0;
  /** Marks the tails of the candidates of the step being reached, in `targetAt`. */
  targetStamp = 0;
  readonly dist: Float64Array;
  readonly seen: Uint32Array;
  readonly settled: Uint32Array;
  readonly pred: Int32Array;
  readonly heap = new MinHeap(1_024);
  /** The candidates whose edge leaves a node (a list through `targetNext`), for the step being reached. */
  readonly targetAt: Uint32Array;
  readonly targetHead: Int32Array;
  targetNext = new Int32Array(64);
  /** Each such node's number among them (`targetNodes`), and the nodes in that order. */
  readonly targetIndex: Uint32Array;
  targetNodes = new Int32Array(64);
  /** Per target node: the stamp of the search that settled it. */
  targetDone = new Uint32Array(64);
  /** Per target node: how far the current search must go for it (see `transition`). */
  targetNeedM = new Float64Array(64);
  /** Per candidate of the step being reached: the way along its edge from its tail, metres. */
  tailM = new Float64Array(64);
  /** The target nodes, on the snap index's plane (see `transition`). */
  soughtX = new Float64Array(64);
  soughtY = new Float64Array(64);
  /** Per node: a lower bound of its distance to the nearest target node (valid where `boundSeen` is `targetStamp`). */
  readonly toSoughtM: Float64Array;
  readonly boundSeen: Uint32Array;
  /** What share of a straight line on the snap index's plane is never longer than the road (see `planeShare`). */
  lowerBoundShare: number | undefined;
  /** Per candidate of the step being reached: the best score found so far, and from which earlier candidate. */
  best = new Float64Array(64);
  back = new Int32Array(64);
  /** The earlier step's candidates grouped by the node they leave their edge by, in order of first appearance. */
  readonly groupAt: Uint32Array;
  readonly groupOf: Int32Array;
  private groupStamp = 0;
  groupNode = new Int32Array(64);
  groupFirst = new Int32Array(64);
  groupLast = new Int32Array(64);
  groupNext = new Int32Array(64);
  /** A fix's candidates while they are gathered, before `candidates` copies them to their step. */
  edges = new Int32Array(64);
  fractions = new Float64Array(64);
  scores = new Float64Array(64);
  /** The nodes the candidates of one fix stand at (a segment's end), to count a place once. */
  placeNodes = new Int32Array(64);
  /** Per candidate of the step being reached: the shortest route to it found by the current search. */
  routeM = new Float64Array(64);
  /** The same routes' driving times at the graph's speeds, seconds. */
  routeS = new Float64Array(64);
  /** Each node's driving time from the search's start along the shortest route found to it. */
  readonly timeTo: Float64Array;
  /**
   * 1 for an edge that has a faster twin in geometry: another edge with the same two ends and length
   * (the same road drawn twice, e.g. a motorway and its unnamed duplicate). No GPS can tell them apart,
   * so a match takes the one the router would, and never the other.
   */
  readonly shadowed: Uint8Array;
  /**
   * The graph's forward CSR without the shadowed edges, lengths and times widened to 64 bits (the
   * same values): what the transition searches walk, every edge they read packed together.
   */
  readonly searchOffsets: Uint32Array;
  readonly searchTargets: Uint32Array;
  readonly searchLengthM: Float64Array;
  readonly searchTimeS: Float64Array;

  constructor(graph: RoadGraph) {
    const { nodeCount } = graph;
    this.shadowed = shadowedEdges(graph);
    let kept = 0;
    for (let e = 0; e < graph.edgeCount; e += 1) if (this.shadowed[e] === 0) kept += 1;
    this.searchOffsets = new Uint32Array(nodeCount + 1);
    this.searchTargets = new Uint32Array(kept);
    this.searchLengthM = new Float64Array(kept);
    this.searchTimeS = new Float64Array(kept);
    let at = 0;
    for (let v = 0; v < nodeCount; v += 1) {
      for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e += 1) {
        if (this.shadowed[e] === 1) continue;
        this.searchTargets[at] = graph.targets[e]!;
        this.searchLengthM[at] = graph.lengthM[e]!;
        this.searchTimeS[at] = graph.timeS[e]!;
        at += 1;
      }
      this.searchOffsets[v + 1] = at;
    }
    this.dist = new Float64Array(nodeCount);
    this.timeTo = new Float64Array(nodeCount);
    this.seen = new Uint32Array(nodeCount);
    this.settled = new Uint32Array(nodeCount);
    this.pred = new Int32Array(nodeCount);
    this.targetAt = new Uint32Array(nodeCount);
    this.targetHead = new Int32Array(nodeCount);
    this.targetIndex = new Uint32Array(nodeCount);
    this.groupAt = new Uint32Array(nodeCount);
    this.toSoughtM = new Float64Array(nodeCount);
    this.boundSeen = new Uint32Array(nodeCount);
    this.groupOf = new Int32Array(nodeCount);
  }

  /** Room for `count` candidates in the per-fix arrays. */
  reserveCandidates(count: number): void {
    if (this.edges.length >= count) return;
    const size = Math.max(count, 2 * this.edges.length);
    this.edges = new Int32Array(size);
    this.fractions = new Float64Array(size);
    this.scores = new Float64Array(size);
    this.placeNodes = new Int32Array(size);
  }

  nextStamp(): number {
    if (this.stamp === 0xffff_ffff) {
      this.stamp = 0;
      this.seen.fill(0);
      this.settled.fill(0);
    }
    return ++this.stamp;
  }

  /**
   * Hangs the candidates of a step on the tails of their edges (listed in `targetNodes`, each
   * candidate's way from its tail in `tailM`); returns how many distinct nodes.
   */
  setTargets(graph: RoadGraph, edges: Int32Array, fractions: Float64Array): number {
    if (this.targetStamp === 0xffff_ffff) {
      this.targetStamp = 0;
      this.targetAt.fill(0);
      this.boundSeen.fill(0);
    }
    const stamp = ++this.targetStamp;
    const count = edges.length;
    if (this.targetNext.length < count) {
      const size = count * 2;
      this.targetNext = new Int32Array(size);
      this.routeM = new Float64Array(size);
      this.routeS = new Float64Array(size);
      this.best = new Float64Array(size);
      this.back = new Int32Array(size);
      this.targetNodes = new Int32Array(size);
      this.targetDone = new Uint32Array(size);
      this.targetNeedM = new Float64Array(size);
      this.tailM = new Float64Array(size);
      this.soughtX = new Float64Array(size);
      this.soughtY = new Float64Array(size);
    }
    const { targetAt, targetHead, targetNext, targetIndex, targetNodes, targetDone } = this;
    const { lengthM, sources } = graph;
    let nodes = 0;
    for (let j = 0; j < count; j += 1) {
      const edge = edges[j]!;
      const node = sources[edge]!;
      const tailM = fractions[j]! * lengthM[edge]!;
      this.tailM[j] = tailM;
      if (targetAt[node] !== stamp) {
        targetAt[node] = stamp;
        targetHead[node] = -1;
        targetIndex[node] = nodes;
        targetNodes[nodes] = node;
        targetDone[nodes] = 0;
        nodes += 1;
      }
      targetNext[j] = targetHead[node]!;
      targetHead[node] = j;
    }
    return nodes;
  }

  /**
   * Groups the candidates of a step scoring at least `floor` by the head of their edge (where a search
   * from them starts), groups in order of their first candidate, candidates in order within a group
   * (through `groupFirst` and `groupNext`, ending at -1); returns how many groups.
   */
  setGroups(graph: RoadGraph, edges: Int32Array, scores: Float64Array, floor: number): number {
    if (this.groupStamp === 0xffff_ffff) {
      this.groupStamp = 0;
      this.groupAt.fill(0);
    }
    const stamp = ++this.groupStamp;
    const count = edges.length;
    if (this.groupNode.length < count) {
      const size = count * 2;
      this.groupNode = new Int32Array(size);
      this.groupFirst = new Int32Array(size);
      this.groupLast = new Int32Array(size);
      this.groupNext = new Int32Array(size);
    }
    const { groupAt, groupOf, groupNode, groupFirst, groupLast, groupNext } = this;
    const { targets } = graph;
    let groups = 0;
    for (let i = 0; i < count; i += 1) {
      if (!(scores[i]! >= floor)) continue;
      const start = targets[edges[i]!]!;
      groupNext[i] = -1;
      if (groupAt[start] !== stamp) {
        groupAt[start] = stamp;
        groupOf[start] = groups;
        groupNode[groups] = start;
        groupFirst[groups] = i;
        groupLast[groups] = i;
        groups += 1;
      } else {
        const g = groupOf[start]!;
        groupNext[groupLast[g]!] = i;
        groupLast[g] = i;
      }
    }
    return groups;
  }
}

const scratches = new WeakMap<RoadGraph, MatchScratch>();

function scratchOf(graph: RoadGraph): MatchScratch {
  let scratch = scratches.get(graph);
  if (scratch === undefined) {
    scratch = new MatchScratch(graph);
    scratches.set(graph, scratch);
  }
  return scratch;
}

/** Marks the slower of each pair of edges with the same ends and length (see `MatchScratch.shadowed`). */
function shadowedEdges(graph: RoadGraph): Uint8Array {
  const { offsets, targets, lengthM, timeS } = graph;
  const shadowed = new Uint8Array(graph.edgeCount);
  for (let v = 0; v < graph.nodeCount; v += 1) {
    for (let a = offsets[v]!; a < offsets[v + 1]!; a += 1) {
      for (let b = a + 1; b < offsets[v + 1]!; b += 1) {
        if (targets[a] !== targets[b] || Math.abs(lengthM[a]! - lengthM[b]!) > 0.01) continue;
        shadowed[timeS[b]! < timeS[a]! ? a : b] = 1;
      }
    }
  }
  return shadowed;
}

/**
 * The largest share of the straight line on the index's plane that no edge is shorter than (1 on a
 * true plane; the projection is off by under 0.3% across a city): that share of the straight line
 * to a node is then a lower bound of the road distance to it, and a consistent one (each edge at
 * least covers what it moves the bound by).
 */
function planeShare(graph: RoadGraph, index: RoadSnapIndex): number {
  let share = 1;
  for (let e = 0; e < graph.edgeCount; e += 1) {
    const a = graph.sources[e]!;
    const b = graph.targets[e]!;
    const planeM = Math.hypot(index.x[a]! - index.x[b]!, index.y[a]! - index.y[b]!);
    if (planeM > 0) share = Math.min(share, graph.lengthM[e]! / planeM);
  }
  // Room for rounding in the sums of a search.
  return share * (1 - 1e-9);
}

/** The longest route considered between two fixes this far apart in space and time. */
function routeLimitM(greatCircleM: number, elapsedMs: number, radiusM: number): number {
  // Each fix may be a radius off its road.
  const slack = radiusM;
  const bySpeed = (Math.max(0, elapsedMs) / 1_000) * MAX_SPEED_MPS + slack;
  return Math.min(ROUTE_FACTOR * greatCircleM + slack, bySpeed);
}

/**
 * The Viterbi recursion over a trace, with fixes pushed one at a time: keeps the steps whose place is
 * not final yet, and settles them when every surviving path agrees on them (then the best final path
 * goes through them whatever comes next), or, beyond `maxLag` unsettled steps, on the best path so far.
 */
class ViterbiMatcher {
  private readonly sigmaM: number;
  private readonly betaM: number;
  readonly radiusM: number;
  private readonly maxCandidates: number;
  /** How far back along the same edge a fix may land and still count as not having moved, metres. */
  readonly backtrackM: number;
  private window: Step[] = [];
  private fixCount = 0;
  readonly out: Settled[] = [];
  private readonly scratch: MatchScratch;
  private index: RoadSnapIndex | undefined;
  /** Steps settled and dropped, by their number of candidates: the next fix with as many reuses one. */
  private readonly freeSteps: Step[][] = [];

  constructor(
    readonly graph: RoadGraph,
    options: MatchOptions,
    private readonly maxLag: number,
  ) {
    const merged = { ...DEFAULT_MATCH_OPTIONS, ...definedOnly(options) };
    for (const [name, value] of Object.entries(merged)) {
      if (!(value > 0)) throw new RangeError(`map matching option ${name} must be a positive number, not ${value}`);
    }
    this.sigmaM = merged.sigmaM;
    this.betaM = merged.betaM;
    this.radiusM = merged.radiusM;
    this.maxCandidates = Math.max(1, Math.floor(merged.maxCandidates));
    // A fix a little behind the previous one on the same road is noise (or a vehicle standing), not a
    // drive around the block.
    this.backtrackM = 2 * this.sigmaM;
    if (!(maxLag >= 1)) throw new RangeError(`maxLag must be at least 1, not ${maxLag}`);
    this.scratch = scratchOf(graph);
  }

  /** The next fix (numbered in push order, from 0); one with no finite position or no road near is passed over. */
  push(fix: TraceFix): void {
    const fixIndex = this.fixCount++;
    if (!(Number.isFinite(fix.lat) && Number.isFinite(fix.lon) && Number.isFinite(fix.atMs))) return;
    const step = this.candidates(fixIndex, fix);
    if (step === undefined) return;
    const previous = this.window[this.window.length - 1];
    if (previous === undefined || !this.transition(previous, step)) {
      // A break: what came before is final as it stands, and a new chain starts here.
      this.settleAll();
      for (let j = 0; j < step.scores.length; j += 1) step.back[j] = -1;
    }
    this.window.push(step);
    this.settleAgreed();
    if (this.window.length > this.maxLag) this.settleOldest();
  }

  /** The end of the trace: every step left is settled on the best path. */
  flush(): void {
    this.settleAll();
  }

  private candidates(fixIndex: number, fix: TraceFix): Step | undefined {
    const { graph, scratch } = this;
    const { shadowed } = scratch;
    // Built on the first fix rather than with the matcher: a matcher made and never fed costs nothing.
    const index = (this.index ??= snapIndexOf(graph));
    // Segments whose nearest point is the same node (the outside of a bend, a junction) are one
    // place: they count once towards `maxCandidates`, so that a curving road drawn as many short
    // segments does not crowd out the other roads near the fix.
    const found = index.withinInto(fix, this.radiusM, 2 * this.maxCandidates);
    scratch.reserveCandidates(2 * found);
    const { edges, fractions, scores, placeNodes } = scratch;
    const { foundEdges, foundFractions, foundDistancesM } = index;
    const { sources, targets, twin } = graph;
    let count = 0;
    let places = 0;
    let nodeCount = 0;
    for (let i = 0; i < found; i += 1) {
      const edge = foundEdges[i]!;
      const fraction = foundFractions[i]!;
      const node = fraction === 0 ? sources[edge]! : fraction === 1 ? targets[edge]! : -1;
      let known = false;
      if (node >= 0) for (let k = 0; k < nodeCount && !known; k += 1) known = placeNodes[k] === node;
      if (!known) {
        if (places === this.maxCandidates) break;
        places += 1;
        if (node >= 0) placeNodes[nodeCount++] = node;
      }
      // Newson and Krumm's eq. 1 in logarithms, without its constant: every candidate shares it.
      const z = foundDistancesM[i]! / this.sigmaM;
      const emission = -0.5 * z * z;
      if (shadowed[edge] !== 1) {
        edges[count] = edge;
        fractions[count] = fraction;
        scores[count++] = emission;
      }
      const other = twin[edge]!;
      if (other >= 0 && shadowed[other] !== 1) {
        edges[count] = other;
        fractions[count] = 1 - fraction;
        scores[count++] = emission;
      }
    }
    if (count === 0) return undefined;
    // `back` is written whole before it is read: by `transition`, or as a chain's start.
    const step = this.freeSteps[count]?.pop() ?? { fixIndex, fix, edges: new Int32Array(count), fractions: new Float64Array(count), scores: new Float64Array(count), back: new Int32Array(count) };
    step.fixIndex = fixIndex;
    step.fix = fix;
    for (let k = 0; k < count; k += 1) {
      step.edges[k] = edges[k]!;
      step.fractions[k] = fractions[k]!;
      step.scores[k] = scores[k]!;
    }
    return step;
  }

  /**
   * Scores `next`'s candidates from `previous`'s (their emission is in `next.scores` on entry); false
   * when none can be reached, `next` untouched.
   */
  private transition(previous: Step, next: Step): boolean {
    const { graph, scratch: s } = this;
    const { lengthM, sources, timeS } = graph;
    const greatCircleM = distanceM(previous.fix, next.fix);
    const limitM = routeLimitM(greatCircleM, next.fix.atMs - previous.fix.atMs, this.radiusM);
    const elapsedS = (next.fix.atMs - previous.fix.atMs) / 1_000;
    const targetCount = s.setTargets(graph, next.edges, next.fractions);
    const count = next.edges.length;
    let top = -Infinity;
    for (let i = 0; i < previous.scores.length; i += 1) top = Math.max(top, previous.scores[i]!);
    // Candidates of the earlier fix that leave their edge through the same node (all those at a
    // junction, say) share one search from it.
    const groupCount = s.setGroups(graph, previous.edges, previous.scores, top - PRUNE_NATS);
    const { dist, timeTo, seen, settled, heap, targetAt, targetHead, targetNext, targetIndex, targetDone, targetNeedM, tailM, routeM, routeS, best, back } = s;
    const { groupNode, groupFirst, groupNext, searchOffsets, searchTargets, searchLengthM, searchTimeS } = s;
    const { targetNodes, soughtX, soughtY, toSoughtM, boundSeen } = s;
    const index = this.index!;
    const { x: planeX, y: planeY } = index;
    const lowerBoundShare = (s.lowerBoundShare ??= planeShare(graph, index));
    const nextEdges = next.edges;
    const nextFractions = next.fractions;
    const targetStamp = s.targetStamp;
    for (let t = 0; t < targetCount; t += 1) {
      soughtX[t] = planeX[targetNodes[t]!]!;
      soughtY[t] = planeY[targetNodes[t]!]!;
    }
    best.fill(-Infinity, 0, count);
    back.fill(-1, 0, count);

    for (let g = 0; g < groupCount; g += 1) {
      const start = groupNode[g]!;
      let nearestStartM = Infinity;
      for (let i = groupFirst[g]!; i >= 0; i = groupNext[i]!) nearestStartM = Math.min(nearestStartM, (1 - previous.fractions[i]!) * lengthM[previous.edges[i]!]!);
      // Through the graph: from the node to the tails of the later candidates' edges.
      routeM.fill(Infinity, 0, count);
      const budget = limitM - nearestStartM;
      if (budget >= 0) {
        const stamp = s.nextStamp();
        // How far the search must go for each target node. Beyond `budget` less the way along its
        // edge to a candidate, the route to that candidate is longer than `limitM`. And a route of
        // length R from this group scores at most groupTop - (R - greatCircleM) / betaM: once that
        // cannot beat the candidate's best so far, searching further for it changes nothing (except
        // for a candidate on one of the group's own edges, which may be reached along the edge).
        // The search stops at the furthest such distance among the target nodes not settled yet,
        // and never queues a node beyond it.
        let groupTop = -Infinity;
        for (let i = groupFirst[g]!; i >= 0; i = groupNext[i]!) groupTop = Math.max(groupTop, previous.scores[i]!);
        for (let t = 0; t < targetCount; t += 1) targetNeedM[t] = -Infinity;
        for (let j = 0; j < count; j += 1) {
          let needM = budget - tailM[j]!;
          if (best[j]! > -Infinity) {
            let ownEdge = false;
            for (let i = groupFirst[g]!; i >= 0 && !ownEdge; i = groupNext[i]!) ownEdge = previous.edges[i] === nextEdges[j];
            if (!ownEdge) needM = Math.min(needM, this.betaM * (groupTop - best[j]!) + greatCircleM - nearestStartM - tailM[j]! + BOUND_SLACK_M);
          }
          const t = targetIndex[sources[nextEdges[j]!]!]!;
          if (needM > targetNeedM[t]!) targetNeedM[t] = needM;
        }
        let boundM = -Infinity;
        for (let t = 0; t < targetCount; t += 1) if (targetNeedM[t]! > boundM) boundM = targetNeedM[t]!;
        // Searched in order of the distance so far plus a lower bound of the rest (A*: Hart, Nilsson
        // and Raphael, "A Formal Basis for the Heuristic Determination of Minimum Cost Paths", IEEE
        // Trans. SSC 4(2), 1968): the straight line on the index's plane to the nearest target node,
        // shortened so that it never exceeds the road (see `planeShare`). Such a bound is consistent,
        // so a node is settled at its shortest distance, and a node whose bound goes past every
        // target's need is never queued.
        heap.clear();
        seen[start] = stamp;
        dist[start] = 0;
        timeTo[start] = 0;
        heap.push(0, start);
        let left = targetCount;
        while (heap.size > 0) {
          if (heap.peekKey() > boundM) break;
          const v = heap.pop();
          if (settled[v] === stamp) continue;
          settled[v] = stamp;
          const d = dist[v]!;
          if (targetAt[v] === targetStamp) {
            for (let j = targetHead[v]!; j >= 0; j = targetNext[j]!) {
              routeM[j] = d + nextFractions[j]! * lengthM[nextEdges[j]!]!;
              routeS[j] = timeTo[v]! + nextFractions[j]! * timeS[nextEdges[j]!]!;
            }
            targetDone[targetIndex[v]!] = stamp;
            left -= 1;
            if (left === 0) break;
            boundM = -Infinity;
            for (let t = 0; t < targetCount; t += 1) if (targetDone[t] !== stamp && targetNeedM[t]! > boundM) boundM = targetNeedM[t]!;
          }
          for (let e = searchOffsets[v]!, end = searchOffsets[v + 1]!; e < end; e += 1) {
            const u = searchTargets[e]!;
            if (settled[u] === stamp) continue;
            const nd = d + searchLengthM[e]!;
            if (nd > boundM) continue;
            if (seen[u] !== stamp || nd < dist[u]!) {
              if (boundSeen[u] !== targetStamp) {
                boundSeen[u] = targetStamp;
                const ux = planeX[u]!;
                const uy = planeY[u]!;
                let nearest2 = Infinity;
                for (let k = 0; k < targetCount; k += 1) {
                  const dx = soughtX[k]! - ux;
                  const dy = soughtY[k]! - uy;
                  const squared = dx * dx + dy * dy;
                  if (squared < nearest2) nearest2 = squared;
                }
                toSoughtM[u] = lowerBoundShare * Math.sqrt(nearest2);
              }
              const key = nd + toSoughtM[u]!;
              if (key > boundM) continue;
              seen[u] = stamp;
              dist[u] = nd;
              timeTo[u] = timeTo[v]! + searchTimeS[e]!;
              heap.push(key, u);
            }
          }
        }
      }
      for (let i = groupFirst[g]!; i >= 0; i = groupNext[i]!) {
        const score = previous.scores[i]!;
        const edge = previous.edges[i]!;
        const fraction = previous.fractions[i]!;
        const length = lengthM[edge]!;
        const startM = (1 - fraction) * length;
        const startS = (1 - fraction) * timeS[edge]!;
        for (let j = 0; j < count; j += 1) {
          let route = startM + routeM[j]!;
          let routeTimeS = startS + routeS[j]!;
          if (nextEdges[j] === edge) {
            // Along the same edge: forward, or a little back (noise, or a vehicle standing).
            const ahead = (nextFractions[j]! - fraction) * length;
            if (ahead >= -this.backtrackM && Math.abs(ahead) < route) {
              route = Math.abs(ahead);
              routeTimeS = ahead > 0 ? (ahead / length) * timeS[edge]! : 0;
            }
          }
          if (!(route <= limitM)) continue;
          // Newson and Krumm's eq. 2 in logarithms, without its constant. And a route the vehicle
          // could only have driven far faster than its roads allow is unlikely (the temporal analysis
          // of Lou et al., "Map-Matching for Low-Sampling-Rate GPS Trajectories", ACM SIGSPATIAL GIS
          // 2009, §4.2): a service road beside a motorway.
          const tooFastS = Math.max(0, routeTimeS - SPEED_TOLERANCE * elapsedS - SPEED_SLACK_S);
          const candidate = score - Math.abs(route - greatCircleM) / this.betaM - tooFastS / SPEED_SCALE_S;
          if (candidate > best[j]!) {
            best[j] = candidate;
            back[j] = i;
          }
        }
      }
    }
    let reached = false;
    let bestScore = -Infinity;
    for (let j = 0; j < count; j += 1) {
      if (back[j]! >= 0) {
        reached = true;
        bestScore = Math.max(bestScore, best[j]! + next.scores[j]!);
      }
    }
    if (!reached) return false;
    // Scores relative to the best: they stay near zero however long the trace.
    for (let j = 0; j < count; j += 1) {
      next.scores[j] = back[j]! >= 0 ? best[j]! + next.scores[j]! - bestScore : -Infinity;
      next.back[j] = back[j]!;
    }
    return true;
  }

  /** Settles the steps every surviving path goes through (all but the newest, at most). */
  private settleAgreed(): void {
    const window = this.window;
    const last = window.length - 1;
    if (last < 1) return;
    let alive: number[] = [];
    const newest = window[last]!;
    for (let j = 0; j < newest.scores.length; j += 1) if (newest.scores[j]! > -Infinity) alive.push(j);
    for (let k = last; k >= 1; k -= 1) {
      const parents = new Set<number>();
      for (const j of alive) parents.add(window[k]!.back[j]!);
      alive = [...parents];
      if (alive.length === 1) {
        this.settleThrough(k - 1, alive[0]!);
        return;
      }
    }
  }

  /** Settles the oldest step on the best path so far, and drops the paths that do not go through it. */
  private settleOldest(): void {
    const window = this.window;
    let j = argmax(window[window.length - 1]!.scores);
    for (let k = window.length - 1; k >= 1; k -= 1) j = window[k]!.back[j]!;
    let keep = new Uint8Array(window[0]!.scores.length);
    keep[j] = 1;
    for (let k = 1; k < window.length; k += 1) {
      const step = window[k]!;
      const next = new Uint8Array(step.scores.length);
      for (let c = 0; c < step.scores.length; c += 1) {
        if (keep[step.back[c]!] === 1 && step.scores[c]! > -Infinity) next[c] = 1;
        else step.scores[c] = -Infinity;
      }
      keep = next;
    }
    this.settleThrough(0, j);
  }

  /** Settles every step up to `k`, given the candidate of step `k` (the rest follow its back pointers). */
  private settleThrough(k: number, candidate: number): void {
    const chosen = new Array<number>(k + 1);
    let j = candidate;
    for (let at = k; at >= 0; at -= 1) {
      chosen[at] = j;
      if (at > 0) j = this.window[at]!.back[j]!;
    }
    for (let at = 0; at <= k; at += 1) {
      const step = this.window[at]!;
      const c = chosen[at]!;
      this.out.push({
        fixIndex: step.fixIndex,
        atMs: step.fix.atMs,
        edge: step.edges[c]!,
        fraction: step.fractions[c]!,
        chainStart: step.back[c]! < 0,
      });
    }
    for (const step of this.window.splice(0, k + 1)) (this.freeSteps[step.edges.length] ??= []).push(step);
  }

  private settleAll(): void {
    if (this.window.length === 0) return;
    const window = this.window;
    this.settleThrough(window.length - 1, argmax(window[window.length - 1]!.scores));
  }
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i += 1) if (values[i]! > values[best]!) best = i;
  return best;
}

function definedOnly(options: MatchOptions): MatchOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as MatchOptions;
}

/**
 * Turns settled fixes into the path driven and the edges driven whole: joins consecutive fixes of a
 * chain by the shortest route between their places (the one the transition measured), and times each
 * edge's entry and exit by distance along that route between the two fixes' times.
 */
class PathBuilder {
  readonly edges: number[] = [];
  private previous: Settled | undefined;
  /** When the edge of the previous settled fix was entered (NaN: before its chain began). */
  private enteredAtMs = Number.NaN;

  constructor(
    private readonly graph: RoadGraph,
    private readonly radiusM: number,
    private readonly backtrackM: number,
    /** Whether to keep the whole path in `edges` (a whole trace), or not (a vehicle followed for days). */
    private readonly keepPath: boolean,
  ) {}

  /** Takes the next settled fix; returns the traversals it completes. */
  add(fix: Settled, traversals: Traversal[]): void {
    const previous = this.previous;
    this.previous = fix;
    if (previous === undefined || fix.chainStart) {
      this.enteredAtMs = Number.NaN;
      this.pushEdge(fix.edge);
      return;
    }
    const { graph } = this;
    const length = graph.lengthM[previous.edge]!;
    if (previous.edge === fix.edge && (fix.fraction - previous.fraction) * length >= -this.backtrackM) return;
    const inner = this.route(previous, fix);
    if (inner === undefined) {
      // Not reachable within the same bound as the transition's: cannot happen for a settled pair,
      // but a chain end is the safe reading.
      this.enteredAtMs = Number.NaN;
      this.pushEdge(fix.edge);
      return;
    }
    const startM = (1 - previous.fraction) * length;
    let innerM = 0;
    for (const e of inner) innerM += graph.lengthM[e]!;
    const totalM = startM + innerM + fix.fraction * graph.lengthM[fix.edge]!;
    const spanMs = fix.atMs - previous.atMs;
    const at = (m: number) => previous.atMs + (totalM > 0 ? (spanMs * m) / totalM : 0);
    if (!Number.isNaN(this.enteredAtMs)) traversals.push({ edge: previous.edge, enteredAtMs: this.enteredAtMs, leftAtMs: at(startM) });
    let m = startM;
    for (const e of inner) {
      const enteredAtMs = at(m);
      m += graph.lengthM[e]!;
      traversals.push({ edge: e, enteredAtMs, leftAtMs: at(m) });
      this.pushEdge(e);
    }
    this.enteredAtMs = at(m);
    this.pushEdge(fix.edge);
  }

  private pushEdge(edge: number): void {
    if (this.keepPath && this.edges[this.edges.length - 1] !== edge) this.edges.push(edge);
  }

  /** The edges driven whole from one settled place to the next: a shortest path by length. */
  private route(from: Settled, to: Settled): number[] | undefined {
    const { graph } = this;
    const { lengthM, offsets, targets, sources } = graph;
    const s = scratchOf(graph);
    const limitM = routeLimitM(distanceM(pointOn(graph, from.edge, from.fraction), pointOn(graph, to.edge, to.fraction)), to.atMs - from.atMs, this.radiusM);
    const stamp = s.nextStamp();
    const { dist, seen, settled, heap, pred, shadowed } = s;
    heap.clear();
    const start = targets[from.edge]!;
    const goal = sources[to.edge]!;
    seen[start] = stamp;
    dist[start] = 0;
    pred[start] = -1;
    heap.push(0, start);
    // Generous: the fixes' own distance was measured from the raw fixes, not from their places.
    const budget = 2 * limitM + 2 * this.radiusM;
    while (heap.size > 0) {
      const d = heap.peekKey();
      if (d > budget) return undefined;
      const v = heap.pop();
      if (settled[v] === stamp) continue;
      settled[v] = stamp;
      if (v === goal) {
        const path: number[] = [];
        for (let e = pred[v]!; e >= 0; e = pred[sources[e]!]!) path.push(e);
        return path.reverse();
      }
      for (let e = offsets[v]!, end = offsets[v + 1]!; e < end; e += 1) {
        if (shadowed[e] === 1) continue;
        const u = targets[e]!;
        if (settled[u] === stamp) continue;
        const nd = d + lengthM[e]!;
        if (seen[u] !== stamp || nd < dist[u]!) {
          seen[u] = stamp;
          dist[u] = nd;
          pred[u] = e;
          heap.push(nd, u);
        }
      }
    }
    return undefined;
  }
}

function pointOn(graph: RoadGraph, edge: number, fraction: number): { lat: number; lon: number } {
  const a = graph.sources[edge]!;
  const b = graph.targets[edge]!;
  return { lat: graph.lat[a]! + (graph.lat[b]! - graph.lat[a]!) * fraction, lon: graph.lon[a]! + (graph.lon[b]! - graph.lon[a]!) * fraction };
}

/**
 * Offline: a whole trace. `edges`: the matched path (edges in driving order); `fixEdges[i]`: fix i's
 * matched edge or -1 (no road within the radius, or not a finite position). Across a break the path
 * simply goes on from the next chain's first edge.
 * @example matchTrace(graph, fixes).traversals // the edges driven whole, with their times
 */
export function matchTrace(graph: RoadGraph, fixes: readonly TraceFix[], options: MatchOptions = {}): { edges: number[]; fixEdges: Int32Array; traversals: Traversal[] } {
  const viterbi = new ViterbiMatcher(graph, options, Infinity);
  const builder = new PathBuilder(graph, viterbi.radiusM, viterbi.backtrackM, true);
  for (const fix of fixes) viterbi.push(fix);
  viterbi.flush();
  const fixEdges = new Int32Array(fixes.length).fill(-1);
  const traversals: Traversal[] = [];
  for (const settled of viterbi.out) {
    fixEdges[settled.fixIndex] = settled.edge;
    builder.add(settled, traversals);
  }
  return { edges: builder.edges, fixEdges, traversals };
}

/**
 * Online, one per vehicle: push fixes as they come; returns the traversals that became final (fixed
 * lag: when all surviving Viterbi paths agree, or after at most `maxLag` fixes; default 10). Each
 * traversal is returned once.
 * @example const matcher = new TraceMatcher(graph); for (const t of matcher.push(fix)) observe(t);
 */
export class TraceMatcher {
  private readonly viterbi: ViterbiMatcher;
  private readonly builder: PathBuilder;

  constructor(graph: RoadGraph, options: MatchOptions & { maxLag?: number } = {}) {
    const { maxLag = 10, ...rest } = options;
    this.viterbi = new ViterbiMatcher(graph, rest, maxLag);
    this.builder = new PathBuilder(graph, this.viterbi.radiusM, this.viterbi.backtrackM, false);
  }

  push(fix: TraceFix): Traversal[] {
    this.viterbi.push(fix);
    return this.drain();
  }

  /** The end of a trace (or a vehicle gone quiet): settles what is left. The matcher can go on after. */
  flush(): Traversal[] {
    this.viterbi.flush();
    return this.drain();
  }

  private drain(): Traversal[] {
    const traversals: Traversal[] = [];
    const out = this.viterbi.out;
    for (const settled of out) this.builder.add(settled, traversals);
    out.length = 0;
    return traversals;
  }
}
