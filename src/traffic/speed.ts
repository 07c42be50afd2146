import { SpeedSource, trafficLevelFloors, trafficLevelOf, type TrafficLevel } from '../contract/traffic-speed.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { roadClassNames, roadClassSpeeds } from '../geo/roads/road.js';

export { SpeedSource, TrafficLevel, trafficLevelOf } from '../contract/traffic-speed.js';

/** One speed measured on one directed edge. */
export interface SpeedObservation {
  readonly edge: number;
  readonly kmh: number;
  readonly atMs: number;
  readonly source: SpeedSource;
}

/** An edge driven whole, as the map matcher gives it: when the vehicle entered and left it. */
export interface EdgeTraversal {
  readonly edge: number;
  readonly enteredAtMs: number;
  readonly leftAtMs: number;
}

/** What became of an observation. */
export const SampleResult = {
  accepted: 'accepted',
  /** Driven in under `MIN_TRAVERSAL_MS`: the times interpolated between fixes say little about speed there. */
  tooShort: 'too_short',
  /** Faster than `PLAUSIBLE_FACTOR` times the road's speed plus `PLAUSIBLE_MARGIN_KMH`: a matching error. */
  implausible: 'implausible',
  /** Not a speed (negative, not finite), or an edge the graph does not have. */
  invalid: 'invalid',
} as const;
export type SampleResult = (typeof SampleResult)[keyof typeof SampleResult];

export const MIN_TRAVERSAL_MS = 2_000;
export const PLAUSIBLE_FACTOR = 1.5;
export const PLAUSIBLE_MARGIN_KMH = 10;

export interface SpeedEstimatorOptions {
  /** Between observations of one edge: an observation counts half as much as one this much newer. */
  readonly halfLifeMs?: number;
  /** The whole estimate fades towards the class speed with this half-life since its latest observation. */
  readonly fadeHalfLifeMs?: number;
  /** An edge with no observation for this long is back at its class speed and forgotten. */
  readonly maxAgeMs?: number;
  /**
   * The weight of the class speed in the mean, in fresh observations: what pulls an estimate back to
   * the usual speed as its observations age, and keeps one odd observation from swinging it alone.
   */
  readonly priorWeight?: number;
}

const DEFAULTS = { halfLifeMs: 45_000, fadeHalfLifeMs: 120_000, maxAgeMs: 1_800_000, priorWeight: 0.1 } as const;

/** The live estimate of one edge. */
export interface EdgeSpeed {
  readonly edge: number;
  readonly kmh: number;
  /** The class speed (the graph's travel time), which routing uses without live traffic. */
  readonly usualKmh: number;
  readonly ratio: number;
  readonly level: TrafficLevel;
  /** Milliseconds since the latest observation. */
  readonly ageMs: number;
  /** The observations' weight now (1 = one fresh observation). */
  readonly weight: number;
}

/** One edge's running sums, as saved and read back (`speed.repository.ts`). */
export interface EdgeSums {
  readonly edge: number;
  /** Σ weight × pace (seconds per metre), at `atMs`. */
  readonly paceSum: number;
  /** Σ weight, at `atMs`. */
  readonly weight: number;
  /** When the sums were last brought up to date (the latest observation). */
  readonly atMs: number;
}

/**
 * Per-edge live speeds from observations, one directed edge at a time (the two directions of a street
 * are two edges: a jam one way says nothing of the other).
 *
 * The estimate is a time-weighted mean of pace (seconds per metre, the inverse of speed) — the mean a
 * travel time needs: a car at 10 km/h and one at 50 km/h take as long as two at 16.7 km/h, not 30 —
 * with the class speed counted as `priorWeight` observations that never age. Two clocks: among the
 * observations of an edge, one weighs half as much as one `halfLifeMs` (45 s) newer, so the estimate
 * follows a jam within a few observations, and forgets quickly what came before it; and the estimate
 * as a whole fades towards the class speed with `fadeHalfLifeMs` (two minutes) since its latest
 * observation, so that a jam nobody drives through any more is not forgotten at once, nor kept for
 * ever: after `maxAgeMs` (half an hour: 15 half-lives, nothing left to speak of) the edge is dropped. Each edge
 * keeps two sums and a time (typed arrays, no object per edge), so an observation costs a few
 * arithmetic operations: AVL brings hundreds of fixes a second.
 *
 * The fleet's own cars are not a sample of free traffic: a patrol drives slower than the stream on
 * purpose. So a fleet observation at or above the free-flow floor (`trafficLevelFloors`, 60% of the
 * class speed) counts as the class speed: it shows the road flowing, not how fast the others go (a
 * traffic feed's measurement of the stream counts as measured). And no
 * estimate is faster than the class speed, so live traffic only ever slows routes down from what they
 * were planned on.
 */
export class SpeedEstimator {
  private readonly paceSum: Float64Array;
  private readonly weightSum: Float64Array;
  private readonly atMs: Float64Array;
  /** Edges with observations (for publication, which walks them only). */
  private readonly active = new Set<number>();
  private readonly halfLifeMs: number;
  private readonly fadeHalfLifeMs: number;
  /** Observations older than this are forgotten. */
  readonly maxAgeMs: number;
  private readonly priorWeight: number;
  private readonly freeFlowFloor = trafficLevelFloors[0]![1];

  constructor(
    readonly graph: RoadGraph,
    options: SpeedEstimatorOptions = {},
  ) {
    this.paceSum = new Float64Array(graph.edgeCount);
    this.weightSum = new Float64Array(graph.edgeCount);
    this.atMs = new Float64Array(graph.edgeCount);
    this.halfLifeMs = options.halfLifeMs ?? DEFAULTS.halfLifeMs;
    this.fadeHalfLifeMs = options.fadeHalfLifeMs ?? DEFAULTS.fadeHalfLifeMs;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULTS.maxAgeMs;
    this.priorWeight = options.priorWeight ?? DEFAULTS.priorWeight;
  }

  /** The class speed of an edge in km/h: its length over the graph's travel time. */
  usualKmh(edge: number): number {
    const time = this.graph.timeS[edge]!;
    return time > 0 ? (this.graph.lengthM[edge]! / time) * 3.6 : 0;
  }

  /** The fastest believable speed on an edge: `PLAUSIBLE_FACTOR` times its posted or class speed, plus a margin. */
  plausibleKmh(edge: number): number {
    const classKmh = roadClassSpeeds[roadClassNames[this.graph.roadClass[edge]!] ?? 'road']?.kmh ?? 30;
    const posted = this.graph.maxSpeedKmh[edge]!;
    return PLAUSIBLE_FACTOR * Math.max(classKmh, posted) + PLAUSIBLE_MARGIN_KMH;
  }

  /** An edge driven whole, turned into its speed (length over time) and observed; short or implausible ones are dropped. */
  observeTraversal(traversal: EdgeTraversal, source: SpeedSource = SpeedSource.fleet): SampleResult {
    const { edge, enteredAtMs, leftAtMs } = traversal;
    if (!this.hasEdge(edge)) return SampleResult.invalid;
    const ms = leftAtMs - enteredAtMs;
    if (!(ms >= MIN_TRAVERSAL_MS)) return SampleResult.tooShort;
    return this.observe({ edge, kmh: (this.graph.lengthM[edge]! / (ms / 1_000)) * 3.6, atMs: leftAtMs, source });
  }

  /** One observed speed. */
  observe(observation: SpeedObservation): SampleResult {
    const { edge, kmh } = observation;
    // Whole milliseconds: the times are saved as ISO 8601 text.
    const atMs = Math.round(observation.atMs);
    if (!this.hasEdge(edge) || !Number.isFinite(kmh) || kmh < 0 || !Number.isFinite(atMs)) return SampleResult.invalid;
    if (kmh > this.plausibleKmh(edge)) return SampleResult.implausible;
    const usual = this.usualKmh(edge);
    if (!(usual > 0)) return SampleResult.invalid;
    // A fleet car flowing freely: the class speed (see the class comment); a feed measures the stream
    // itself, counted as measured up to the class speed. A car standing still on the edge a whole
    // interval is stop-and-go at worst: a tenth of a km/h keeps the pace finite.
    const free = observation.source === SpeedSource.fleet ? usual * this.freeFlowFloor : usual;
    const counted = kmh >= free ? usual : Math.max(kmh, 0.1);
    const pace = 3.6 / counted;
    if (this.active.has(edge)) {
      const since = atMs - this.atMs[edge]!;
      if (since >= 0) {
        const decay = this.decay(since, this.halfLifeMs);
        this.paceSum[edge] = this.paceSum[edge]! * decay + pace;
        this.weightSum[edge] = this.weightSum[edge]! * decay + 1;
        this.atMs[edge] = atMs;
      } else {
        // Older than the latest (a tracker catching up): counted at its own age.
        const decay = this.decay(-since, this.halfLifeMs);
        this.paceSum[edge] = this.paceSum[edge]! + pace * decay;
        this.weightSum[edge] = this.weightSum[edge]! + decay;
      }
    } else {
      this.paceSum[edge] = pace;
      this.weightSum[edge] = 1;
      this.atMs[edge] = atMs;
      this.active.add(edge);
    }
    return SampleResult.accepted;
  }

  /** The estimate of one edge at `nowMs`, or undefined when it has no observation young enough. */
  estimate(edge: number, nowMs: number): EdgeSpeed | undefined {
    if (!this.active.has(edge)) return undefined;
    const ageMs = Math.max(0, nowMs - this.atMs[edge]!);
    if (ageMs > this.maxAgeMs) return undefined;
    const usual = this.usualKmh(edge);
    const fade = this.decay(ageMs, this.fadeHalfLifeMs);
    const weight = this.weightSum[edge]! * fade;
    const usualPace = 3.6 / usual;
    const pace = (this.priorWeight * usualPace + this.paceSum[edge]! * fade) / (this.priorWeight + weight);
    const kmh = Math.min(usual, 3.6 / pace);
    const ratio = kmh / usual;
    return { edge, kmh, usualKmh: usual, ratio, level: trafficLevelOf(ratio), ageMs, weight };
  }

  /** Every edge with a live estimate at `nowMs`; edges whose observations are too old are forgotten on the way. */
  estimates(nowMs: number): EdgeSpeed[] {
    const found: EdgeSpeed[] = [];
    for (const edge of this.active) {
      const speed = this.estimate(edge, nowMs);
      if (speed === undefined) this.forget(edge);
      else found.push(speed);
    }
    return found;
  }

  /** The sums of every edge with observations, to save. */
  sums(): EdgeSums[] {
    return [...this.active].map((edge) => ({ edge, paceSum: this.paceSum[edge]!, weight: this.weightSum[edge]!, atMs: this.atMs[edge]! }));
  }

  /** Sums read back after a restart; rows for edges the graph does not have are ignored. Returns how many were taken. */
  restore(rows: readonly EdgeSums[]): number {
    let taken = 0;
    for (const row of rows) {
      if (!this.hasEdge(row.edge) || !(row.weight > 0) || !(row.paceSum > 0)) continue;
      this.paceSum[row.edge] = row.paceSum;
      this.weightSum[row.edge] = row.weight;
      this.atMs[row.edge] = row.atMs;
      this.active.add(row.edge);
      taken += 1;
    }
    return taken;
  }

  /** How many edges hold observations. */
  get size(): number {
    return this.active.size;
  }

  private forget(edge: number): void {
    this.active.delete(edge);
    this.paceSum[edge] = 0;
    this.weightSum[edge] = 0;
    this.atMs[edge] = 0;
  }

  private decay(ms: number, halfLifeMs: number): number {
    return Math.pow(0.5, ms / halfLifeMs);
  }

  private hasEdge(edge: number): boolean {
    return Number.isInteger(edge) && edge >= 0 && edge < this.graph.edgeCount;
  }
}
