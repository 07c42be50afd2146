import type { RoadGraph } from '../geo/roads/road-graph.js';
import { RoadClass } from '../geo/roads/road.js';
import type { SimClient } from './sim-http.js';
import { exponential, pickWeighted, randomStream, uniform, type Random } from './sim-random.js';
import type { SimulatedActor, SimWorld } from './sim.js';

const DAY_MS = 86_400_000;

/** Roads the traffic room closes a stretch of: the city's streets, not its motorways and ring roads. */
const closable: ReadonlySet<number> = new Set([RoadClass.primary, RoadClass.secondary, RoadClass.tertiary, RoadClass.residential, RoadClass.unclassified]);

/**
 * The traffic room's operator, as the simulator plays it: now and then (about `perDay` a day, at random
 * times) closes the segment of a named street for works or an event, for half an hour to two hours,
 * through the route the console uses; the closure ends on its own at its end time, and routing, the
 * feeds and the screens follow it as they would a real one.
 */
export class SimTrafficRoom implements SimulatedActor {
  readonly name = 'traffic-room';
  private world: SimWorld | undefined;
  private random: Random = Math.random;
  private stopped = false;

  constructor(
    private readonly client: SimClient,
    private readonly perDay: number,
  ) {}

  async start(world: SimWorld): Promise<void> {
    this.world = world;
    this.random = randomStream(world.seed, 'traffic-room');
    if (this.perDay > 0) this.planNext();
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  private planNext(): void {
    this.world!.scheduler.after(exponential(this.random, DAY_MS / this.perDay), 'traffic room closes a street', () => this.close());
  }

  /** One closure, planned by `streetClosure`, set as the operator would set it. */
  async close(): Promise<void> {
    const world = this.world!;
    if (this.stopped) return;
    this.planNext();
    const closure = streetClosure(world.city.graph, this.random, world.scheduler.now());
    if (closure === undefined) return;
    await this.client.post('/traffic/closures', closure);
    world.stats.roadClosures += 1;
  }
}

/**
 * What the simulated operator closes: the segment of a named street (not a motorway nor a ring road)
 * picked at random, both ways, for works or an event, from now for 30 to 120 minutes; undefined on a
 * network without named streets.
 */
export function streetClosure(graph: RoadGraph, random: Random, nowMs: number): SimulatedClosure | undefined {
  let edge = -1;
  for (let tries = 0; tries < 200 && edge < 0; tries += 1) {
    const e = Math.floor(random() * graph.edgeCount);
    if (graph.nameIndex[e] !== 0 && closable.has(graph.roadClass[e]!)) edge = e;
  }
  if (edge < 0) return undefined;
  const [a, b] = [graph.sources[edge]!, graph.targets[edge]!];
  const [reason, reasonText] = pickWeighted(random, [
    [['works', 'Travaux de voirie'], 3],
    [['event', 'Manifestation sur la voie publique'], 1],
  ] as const);
  return {
    kind: 'segment',
    point: { lat: (graph.lat[a]! + graph.lat[b]!) / 2, lon: (graph.lon[a]! + graph.lon[b]!) / 2 },
    reason,
    reasonText,
    endsAt: new Date(nowMs + Math.round(uniform(random, 30, 120)) * 60_000).toISOString(),
  };
}

/** The body of `POST /traffic/closures` the simulated operator sends. */
export interface SimulatedClosure {
  readonly kind: 'segment';
  readonly point: { readonly lat: number; readonly lon: number };
  readonly reason: 'works' | 'event';
  readonly reasonText: string;
  readonly endsAt: string;
}
