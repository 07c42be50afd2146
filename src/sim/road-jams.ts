import type { RoadGraph } from '../geo/roads/road-graph.js';
import { ArrivalProcess } from './call-arrivals.js';
import { randomStream, uniform, type Random } from './sim-random.js';
import type { SimWorld, SimulatedActor } from './sim.js';

/** A road (or a stretch of it) that traffic slows to `kmh`, both ways, from `startMs` to `endMs`. */
export interface SimJam {
  readonly road: string;
  readonly edges: readonly number[];
  readonly kmh: number;
  readonly startMs: number;
  readonly endMs: number;
  /** Metres of road jammed (one direction). */
  readonly lengthM: number;
}

export interface JamRequest {
  /** The road's name; a random named road when absent. */
  readonly road?: string;
  readonly kmh?: number;
  readonly startMs?: number;
  readonly durationMs?: number;
  /** How much of the road, metres; from a random point of it. Infinity: the whole road. */
  readonly lengthM?: number;
}

/** A jam drops a road to between these speeds, for about an hour, over a stretch of about this length. */
const JAM_KMH = [8, 15] as const;
const JAM_MS = 3_600_000;
const JAM_LENGTH_M = 1_200;
/** A road shorter than this does not make a jam worth the name. */
const MIN_ROAD_M = 400;
/** The next jam is drawn this long before it starts, so that a unit planning its drive already meets it. */
const NOTICE_MS = 15 * 60_000;

/**
 * The city's traffic jams: now and then a named road (a stretch of it) slows to 8–15 km/h for an
 * hour. This is the world, not what the centre knows: the simulated fleet drives the jammed edges at
 * the jam's speed (`trafficAt`, given to `legAlong`), so the centre learns of a jam only from the
 * fleet's positions. Jams are drawn as calls are (busier hours, more jams), `perDay` a day on
 * average; each is logged and kept for the run's report, and a test may ask for one (`jam`).
 */
export class RoadJams implements SimulatedActor {
  readonly name = 'road-jams';
  /** Every jam of the run, in the order drawn (planned ones included). */
  readonly jams: SimJam[] = [];
  private readonly roads: readonly { readonly name: number; readonly lengthM: number }[];
  private world: SimWorld | undefined;
  private readonly random: Random;
  private arrivals: ArrivalProcess | undefined;

  constructor(
    private readonly graph: RoadGraph,
    seed: number,
    private readonly perDay: number,
  ) {
    this.random = randomStream(seed, 'road-jams');
    const lengths = new Map<number, number>();
    for (let e = 0; e < graph.edgeCount; e += 1) {
      const name = graph.nameIndex[e]!;
      // Each segment once: the edge of a two-way pair with the lower number, or a one-way edge.
      if (name !== 0 && (graph.twin[e]! < 0 || graph.twin[e]! > e)) lengths.set(name, (lengths.get(name) ?? 0) + graph.lengthM[e]!);
    }
    this.roads = [...lengths.entries()].filter(([, lengthM]) => lengthM >= MIN_ROAD_M).map(([name, lengthM]) => ({ name, lengthM }));
  }

  async start(world: SimWorld): Promise<void> {
    this.world = world;
    if (this.perDay <= 0 || this.roads.length === 0) return;
    this.arrivals = new ArrivalProcess(this.random, this.perDay);
    this.planNext(world.scheduler.now());
    await Promise.resolve();
  }

  async stop(): Promise<void> {
    await Promise.resolve();
  }

  /** The speed traffic allows on `edge` at `atMs` (km/h), or undefined when it flows as usual. */
  readonly trafficAt = (edge: number, atMs: number): number | undefined => {
    let slowest: number | undefined;
    for (const jam of this.jams) {
      if (atMs < jam.startMs || atMs >= jam.endMs || !jam.edges.includes(edge)) continue;
      slowest = Math.min(slowest ?? Infinity, jam.kmh);
    }
    return slowest;
  };

  /** The jams in force at `atMs`. */
  inForce(atMs: number): SimJam[] {
    return this.jams.filter((jam) => jam.startMs <= atMs && atMs < jam.endMs);
  }

  /** Plans a jam (by default now, on a random named road, for an hour): the world's traffic from then on. */
  jam(request: JamRequest = {}): SimJam {
    const now = this.world?.scheduler.now() ?? 0;
    const name = request.road === undefined ? this.roads[Math.floor(this.random() * this.roads.length)]?.name : this.graph.names.indexOf(request.road);
    if (name === undefined || name <= 0) throw new Error(`no road named ${request.road ?? '(any)'} to jam`);
    const { edges, lengthM } = this.stretchOf(name, request.lengthM ?? JAM_LENGTH_M);
    const startMs = request.startMs ?? now;
    const jam: SimJam = {
      road: this.graph.names[name]!,
      edges,
      kmh: request.kmh ?? Math.round(uniform(this.random, JAM_KMH[0], JAM_KMH[1])),
      startMs,
      endMs: startMs + (request.durationMs ?? JAM_MS),
      lengthM: Math.round(lengthM),
    };
    this.jams.push(jam);
    this.world?.log.info({ road: jam.road, kmh: jam.kmh, from: new Date(jam.startMs).toISOString(), to: new Date(jam.endMs).toISOString(), lengthM: jam.lengthM }, 'simulated road jam');
    if (this.world !== undefined) this.world.stats.jams += 1;
    return jam;
  }

  private planNext(afterMs: number): void {
    const world = this.world!;
    const startMs = this.arrivals!.next(afterMs);
    if (!Number.isFinite(startMs)) return;
    // Drawn ahead of its start: units that set off before it already meet it on their way.
    world.scheduler.at(Math.max(world.scheduler.now(), startMs - NOTICE_MS), 'a road jam is coming', () => {
      this.jam({ startMs });
      this.planNext(startMs);
    });
  }

  /**
   * A stretch of the road `name` of about `wantedM`: from a random segment of it, grown along the
   * road's own segments (both directions) until long enough or the road ends.
   */
  private stretchOf(name: number, wantedM: number): { edges: number[]; lengthM: number } {
    const { graph } = this;
    const own: number[] = [];
    for (let e = 0; e < graph.edgeCount; e += 1) if (graph.nameIndex[e] === name) own.push(e);
    const seed = own[Math.floor(this.random() * own.length)]!;
    const taken = new Set<number>();
    const take = (edge: number) => {
      taken.add(edge);
      if (graph.twin[edge]! >= 0) taken.add(graph.twin[edge]!);
    };
    let lengthM = 0;
    const frontier = [graph.sources[seed]!, graph.targets[seed]!];
    take(seed);
    lengthM += graph.lengthM[seed]!;
    const seen = new Set(frontier);
    while (frontier.length > 0 && lengthM < wantedM) {
      const node = frontier.shift()!;
      const around = [...graph.inEdges.subarray(graph.inOffsets[node]!, graph.inOffsets[node + 1]!)];
      for (let e = graph.offsets[node]!; e < graph.offsets[node + 1]!; e += 1) around.push(e);
      for (const edge of around) {
        if (graph.nameIndex[edge] !== name || taken.has(edge) || lengthM >= wantedM) continue;
        take(edge);
        lengthM += graph.lengthM[edge]!;
        for (const next of [graph.sources[edge]!, graph.targets[edge]!]) {
          if (!seen.has(next)) {
            seen.add(next);
            frontier.push(next);
          }
        }
      }
    }
    return { edges: [...taken].sort((a, b) => a - b), lengthM };
  }
}
