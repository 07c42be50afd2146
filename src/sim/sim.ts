import type { Logger } from 'pino';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import type { SimCity } from './sim-city.js';
import type { SimScheduler } from './sim-scheduler.js';
import type { TrafficAt } from './unit-motion.js';

/** The centre the simulator plays against: the app it sends requests to, the kernel, its broker. */
export interface SimCentre {
  readonly app: App;
  readonly core: Core;
  /** The embedded broker's `mqtt://host:port`; undefined without one (positions then go over HTTP). */
  readonly mqttUrl: string | undefined;
  /** Runs now what the server's wall-clock timers do (positions saved and published); absent, they run on their own. */
  flushTimers?(): Promise<void>;
}

/** What every simulated actor is given: the centre, the agenda, the city, the seed. */
export interface SimWorld {
  readonly centre: SimCentre;
  readonly scheduler: SimScheduler;
  readonly city: SimCity;
  readonly seed: number;
  /** A tag that makes this run's identifiers (call ids) unique in the database. */
  readonly runTag: string;
  readonly log: Logger;
  readonly stats: SimStats;
  /** Whether the clock is the simulator's own (accelerated runs): the server's timers must then be helped along. */
  readonly manualClock: boolean;
  /** The city's traffic: how fast a road can be driven when (its jams, `RoadJams`). */
  readonly traffic: TrafficAt;
}

/**
 * Someone or something the simulator plays: callers and their telephony, call-takers, a dispatcher,
 * the fleet and its trackers; later camera controllers and identity clerks. An actor acts only through
 * the centre's public interfaces (HTTP routes, MQTT topics) with credentials of its own, and only from
 * events on the world's agenda, so that a run is reproducible for its seed.
 */
export interface SimulatedActor {
  readonly name: string;
  /** Logs in, connects, brings its part of the world to its starting state, and puts its first events on the agenda. */
  start(world: SimWorld): Promise<void>;
  /** Disconnects; the agenda is stopped already. */
  stop(): Promise<void>;
}

/** Running counts, for progress lines. */
export interface SimStats {
  events: number;
  calls: number;
  answered: number;
  abandoned: number;
  incidents: number;
  linked: number;
  dispatched: number;
  closed: number;
  fixes: number;
  /** Road jams drawn (planned ones included). */
  jams: number;
  /** Streets the simulated traffic room closed. */
  roadClosures: number;
  failures: number;
}

export function emptyStats(): SimStats {
  return { events: 0, calls: 0, answered: 0, abandoned: 0, incidents: 0, linked: 0, dispatched: 0, closed: 0, fixes: 0, jams: 0, roadClosures: 0, failures: 0 };
}
