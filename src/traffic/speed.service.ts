import client from 'prom-client';
import type { Core } from '../core/context.js';
import type { Metrics } from '../core/metrics.js';
import { StateKey } from '../core/module-state.js';
import { startSweep, type Sweep } from '../core/sweep.js';
import type { SlowRoad, SpeedFeature, SpeedMap, SpeedSummary } from '../contract/traffic-speed.schema.js';
import { TraceMatcher } from '../geo/roads/map-match.js';
import { setLiveRoadSpeeds } from '../geo/roads/road-closures.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { followUnitFixes, unitIndex, UnitStatus, type Fix } from '../units/index.js';
import { SampleResult, SpeedEstimator, SpeedSource, TrafficLevel, trafficLevelOf, type EdgeSpeed } from './speed.js';
import { listTrafficSpeeds, replaceTrafficSpeeds, type TrafficSpeedTable } from './speed.repository.js';

/** How often the estimates are republished to routing and the console. */
export const PUBLISH_EVERY_MS = 20_000;
/** How often the estimates are saved (a restart loses at most this much). */
const SAVE_EVERY_MS = 60_000;

/**
 * Units going to an incident may drive with lights and siren, faster than the traffic around them
 * (the simulator's P1 and P2 responses do): their tracks are not a sample of general traffic, and are
 * left out. Units on patrol, returning or available are samples (slow patrolling reads as free flow:
 * see `SpeedEstimator`).
 */
const responding: ReadonlySet<string> = new Set([UnitStatus.dispatched, UnitStatus.enRoute]);

/**
 * The live road speeds of a kernel: the fleet's accepted fixes, matched to the road graph one unit at
 * a time (`TraceMatcher`), turned into per-edge observations (`SpeedEstimator`), republished to routing
 * and the console every `PUBLISH_EVERY_MS`, and saved every minute. Estimates are telemetry, like the
 * positions they come from: not journaled; a restart reads back the saved ones still within the decay
 * window.
 */
export class LiveSpeeds {
  private estimator: SpeedEstimator | undefined;
  private readonly matchers = new Map<string, TraceMatcher>();
  private readonly counts: client.Counter<'result'>;
  private levels = new Map<number, TrafficLevel>();
  private published: { readonly atMs: number; readonly speeds: EdgeSpeed[] } | undefined;
  private stopFollowing: (() => void) | undefined;
  private sweeps: Sweep[] = [];

  constructor(private readonly core: Core) {
    this.counts = sampleCounter(core.metrics);
  }

  /** Reads the graph and the saved estimates, follows the fleet's fixes, starts republishing and saving. */
  async start(): Promise<void> {
    await this.useGraph(await getRoadGraph(this.core));
    this.stopFollowing = followUnitFixes(this.core, (callSign, fix) => this.fix(callSign, fix));
    this.sweeps = [
      startSweep(this.core, { name: 'republishing live road speeds', everyMs: PUBLISH_EVERY_MS, run: () => this.republish() }),
      startSweep(this.core, { name: 'saving live road speeds', everyMs: SAVE_EVERY_MS, run: () => this.save() }),
    ];
  }

  async stop(): Promise<void> {
    this.stopFollowing?.();
    this.stopFollowing = undefined;
    const sweeps = this.sweeps;
    this.sweeps = [];
    await Promise.all(sweeps.map((sweep) => sweep.stop()));
    await this.save();
  }

  /** One accepted fix of a unit: matched, and the edges it completes observed. */
  fix(callSign: string, fix: Fix): void {
    const estimator = this.estimator;
    if (estimator === undefined) return;
    if (responding.has(unitIndex(this.core).find(callSign)?.status ?? '')) {
      // Its track while responding is not kept, nor joined to what it drives after.
      this.matchers.delete(callSign);
      return;
    }
    let matcher = this.matchers.get(callSign);
    if (matcher === undefined) this.matchers.set(callSign, (matcher = new TraceMatcher(estimator.graph)));
    try {
      for (const traversal of matcher.push({ lat: fix.lat, lon: fix.lon, atMs: fix.atMs })) {
        this.counts.inc({ result: estimator.observeTraversal(traversal, SpeedSource.fleet) });
      }
    } catch (error) {
      // Called in the fix's own turn: a failure here must not refuse the fix. The unit starts a new track.
      this.matchers.delete(callSign);
      this.core.log.warn({ err: error, callSign }, 'live speeds: a fix could not be matched to the roads; the unit starts a new track');
    }
  }

  /**
   * Speeds a traffic centre's feed measured on edges of `graph` (source `feed`): observed as they are,
   * one observation per edge. Dropped when the estimates are on another graph (a new import under way).
   */
  observeFeed(graph: RoadGraph, observations: readonly { readonly edge: number; readonly kmh: number; readonly atMs: number }[]): SampleResult[] {
    const estimator = this.estimator;
    if (estimator === undefined || estimator.graph !== graph) return observations.map(() => SampleResult.invalid);
    return observations.map((observation) => estimator.observe({ ...observation, source: SpeedSource.feed }));
  }

  /**
   * Recomputes every estimate at the clock's time, hands the slow ones to routing, and sends the
   * console a summary of the change. A new road graph (an import) starts the estimates afresh.
   */
  async republish(): Promise<SpeedSummary | undefined> {
    const graph = await getRoadGraph(this.core);
    if (graph !== this.estimator?.graph) await this.useGraph(graph);
    const estimator = this.estimator!;
    const nowMs = this.core.clock.now().getTime();
    const speeds = estimator.estimates(nowMs);
    const routing = new Map<number, number>();
    const levels = new Map<number, TrafficLevel>();
    let changed = 0;
    for (const speed of speeds) {
      if ((this.levels.get(speed.edge) ?? TrafficLevel.freeFlow) !== speed.level) changed += 1;
      // Free flow is the class speed for routing: a patrol's slower pace, or a slow car among free ones,
      // should not move routes nor say that live traffic changed them.
      if (speed.level === TrafficLevel.freeFlow) continue;
      routing.set(speed.edge, speed.kmh);
      levels.set(speed.edge, speed.level);
    }
    // Edges that lost their estimate are back to free flow: a change if they were not.
    const estimated = new Set(speeds.map((speed) => speed.edge));
    for (const edge of this.levels.keys()) if (!estimated.has(edge)) changed += 1;
    this.levels = levels;
    this.published = { atMs: nowMs, speeds };
    setLiveRoadSpeeds(this.core, graph, routing);
    const count = (level: TrafficLevel) => [...levels.values()].filter((l) => l === level).length;
    const summary: SpeedSummary = {
      publishedAt: new Date(nowMs).toISOString(),
      live: speeds.length,
      heavy: count(TrafficLevel.heavy),
      congested: count(TrafficLevel.congested),
      impossible: count(TrafficLevel.impossible),
      changed,
    };
    this.core.bus.publishTelemetry({ stream: 'road-speeds/*', kind: 'speed-summary', items: [summary] });
    return summary;
  }

  /** Writes the current sums (every edge with observations), replacing the saved set. */
  async save(): Promise<void> {
    const estimator = this.estimator;
    if (estimator === undefined) return;
    const { graph } = estimator;
    const rows: TrafficSpeedTable[] = estimator.sums().map((sums) => {
      const tail = graph.sources[sums.edge]!;
      const head = graph.targets[sums.edge]!;
      return {
        edge: sums.edge,
        tail_lat: graph.lat[tail]!,
        tail_lon: graph.lon[tail]!,
        head_lat: graph.lat[head]!,
        head_lon: graph.lon[head]!,
        pace_sum: sums.paceSum,
        weight: sums.weight,
        observed_at: new Date(sums.atMs).toISOString(),
      };
    });
    await this.core.db.transaction().execute((trx) => replaceTrafficSpeeds(trx, rows));
  }

  /** The edges slower than free flow, as GeoJSON lines, as last republished. */
  speedMap(): SpeedMap {
    const published = this.published;
    const graph = this.estimator?.graph;
    if (published === undefined || graph === undefined) return { type: 'FeatureCollection', publishedAt: null, features: [] };
    const features: SpeedFeature[] = published.speeds
      .filter((speed) => speed.level !== TrafficLevel.freeFlow)
      .map((speed) => {
        const tail = graph.sources[speed.edge]!;
        const head = graph.targets[speed.edge]!;
        return {
          type: 'Feature',
          geometry: { type: 'LineString', coordinates: [[graph.lon[tail]!, graph.lat[tail]!], [graph.lon[head]!, graph.lat[head]!]] },
          properties: {
            edge: speed.edge,
            road: graph.names[graph.nameIndex[speed.edge]!] ?? '',
            speedKmh: round1(speed.kmh),
            usualKmh: round1(speed.usualKmh),
            level: speed.level,
            ageS: Math.round(speed.ageMs / 1_000),
            weight: Math.round(speed.weight * 100) / 100,
          },
        };
      });
    return { type: 'FeatureCollection', publishedAt: new Date(published.atMs).toISOString(), features };
  }

  /**
   * The named roads with the worst ratio of live to usual speed, as last republished: per road, the
   * length-weighted harmonic mean over its stretches with an estimate (time over time, as a driver
   * along them feels it). Roads below free flow only, worst first.
   */
  slowestRoads(limit: number): SlowRoad[] {
    const published = this.published;
    const graph = this.estimator?.graph;
    if (published === undefined || graph === undefined) return [];
    const roads = new Map<number, { lengthM: number; liveS: number; usualS: number }>();
    for (const speed of published.speeds) {
      const name = graph.nameIndex[speed.edge]!;
      if (name === 0) continue;
      const lengthM = graph.lengthM[speed.edge]!;
      const road = roads.get(name) ?? { lengthM: 0, liveS: 0, usualS: 0 };
      road.lengthM += lengthM;
      road.liveS += lengthM / (speed.kmh / 3.6);
      road.usualS += lengthM / (speed.usualKmh / 3.6);
      roads.set(name, road);
    }
    return [...roads.entries()]
      .map(([name, road]) => {
        const ratio = road.usualS / road.liveS;
        return {
          road: graph.names[name]!,
          ratio: Math.round(ratio * 1_000) / 1_000,
          speedKmh: round1((road.lengthM / road.liveS) * 3.6),
          usualKmh: round1((road.lengthM / road.usualS) * 3.6),
          level: trafficLevelOf(ratio),
          lengthM: Math.round(road.lengthM),
        };
      })
      .filter((road) => road.level !== TrafficLevel.freeFlow)
      .sort((a, b) => a.ratio - b.ratio || a.road.localeCompare(b.road))
      .slice(0, limit);
  }

  /** When the estimates were last republished (clock time), if ever since the start. */
  get publishedAtMs(): number | undefined {
    return this.published?.atMs;
  }

  /** The estimator, for tests and the benchmark (undefined before `start`). */
  get current(): SpeedEstimator | undefined {
    return this.estimator;
  }

  private async useGraph(graph: RoadGraph): Promise<void> {
    const estimator = new SpeedEstimator(graph);
    const since = new Date(this.core.clock.now().getTime() - estimator.maxAgeMs).toISOString();
    const rows = (await listTrafficSpeeds(this.core.db, since)).filter((row) => sameEnds(graph, row));
    estimator.restore(rows.map((row) => ({ edge: row.edge, paceSum: row.pace_sum, weight: row.weight, atMs: Date.parse(row.observed_at) })));
    this.estimator = estimator;
    this.matchers.clear();
    this.levels.clear();
    this.published = undefined;
  }
}

function sameEnds(graph: RoadGraph, row: TrafficSpeedTable): boolean {
  if (!(row.edge >= 0 && row.edge < graph.edgeCount)) return false;
  const tail = graph.sources[row.edge]!;
  const head = graph.targets[row.edge]!;
  return graph.lat[tail] === row.tail_lat && graph.lon[tail] === row.tail_lon && graph.lat[head] === row.head_lat && graph.lon[head] === row.head_lon;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The live speeds of a kernel: made and started by the traffic module. */
export const liveSpeedsKey = new StateKey<LiveSpeeds>('traffic: live road speeds (estimator, per-unit matchers, last publication)');

/** The live speeds of a kernel; throws when the traffic module was not started. */
export function liveSpeeds(core: Pick<Core, 'state'>): LiveSpeeds {
  return core.state.get(liveSpeedsKey);
}

/**
 * Republishes the estimates when `PUBLISH_EVERY_MS` of the clock's time have passed since the last
 * publication, as the timer would (for a simulator whose clock runs faster than the wall clock).
 */
export async function flushTrafficSpeeds(core: Core): Promise<void> {
  const speeds = core.state.find(liveSpeedsKey);
  if (speeds === undefined) return;
  const last = speeds.publishedAtMs;
  if (last === undefined || core.clock.now().getTime() - last >= PUBLISH_EVERY_MS) await speeds.republish();
}

const counters = new WeakMap<client.Registry, client.Counter<'result'>>();

function sampleCounter(metrics: Metrics): client.Counter<'result'> {
  let counter = counters.get(metrics.registry);
  if (counter === undefined) {
    counter = new client.Counter({
      name: 'amane_traffic_speed_samples_total',
      help: 'Edge traversals from the fleet by what became of them: accepted, or dropped and why.',
      labelNames: ['result'] as const,
      registers: [metrics.registry],
    });
    for (const result of Object.values(SampleResult)) counter.inc({ result }, 0);
    counters.set(metrics.registry, counter);
  }
  return counter;
}
