import type { Logger } from 'pino';
import { ManualClock } from '../core/clock.js';
import { CameraNetwork } from './cameras.actor.js';
import type { ScenarioType } from './call-scenarios.js';
import { CallTakerRoom } from './call-takers.actor.js';
import { callTakerUsernames, SIM_CLERK, SIM_DISPATCHER, SIM_ISSUANCE, SIM_SUPERVISOR, SIM_TRAFFIC } from './demo-seed.js';
import { IdentityDesks } from './identity.actor.js';
import { SimDispatcher } from './dispatcher.actor.js';
import { Fleet } from './fleet.actor.js';
import { RoadJams } from './road-jams.js';
import { SimCity } from './sim-city.js';
import { issueSimDevices, simPerson } from './sim-credentials.js';
import type { SimClient } from './sim-http.js';
import { SimScheduler, type Pace } from './sim-scheduler.js';
import { emptyStats, type SimCentre, type SimStats, type SimulatedActor, type SimWorld } from './sim.js';
import { Telephony } from './telephony.actor.js';
import { SimTrafficRoom } from './traffic-room.actor.js';
import { TramNetwork } from './trams.actor.js';

export interface SimulatorOptions {
  readonly seed: number;
  /** Calls a day, spread by hour (the daily curve) and by district population. */
  readonly callsPerDay: number;
  /** Call-takers the simulator plays (the demo's first N); 0 leaves every call to people. */
  readonly callTakers: number;
  readonly pace: Pace;
  /** Passwords known for the simulator's accounts (set by this process's seeding). */
  readonly passwords?: ReadonlyMap<string, string>;
  /** AMANE_DEMO_PASSWORD: tried for the accounts whose password is not known. */
  readonly password?: string;
  /** A few calls in the first seconds (the demo, so that whoever sits down sees something happen). */
  readonly burst?: boolean;
  readonly log: Logger;
  /** More actors to play (camera controllers, identity clerks, when those modules exist). */
  readonly actors?: readonly SimulatedActor[];
  /** A line every `everyMs` of simulated time. */
  readonly progress?: { readonly everyMs: number; readonly print: (line: string) => void };
  /** Keeps the numbers of the incidents opened during the run, for its figures (a run with an end). */
  readonly recordIncidents?: boolean;
  /** Road jams a day (AMANE_SIM_JAMS_PER_DAY); 0 or absent: none but those asked for (`jams.jam()`). */
  readonly jamsPerDay?: number;
  /** Streets the traffic room closes in a day (AMANE_SIM_CLOSURES_PER_DAY); 0 or absent: none. */
  readonly closuresPerDay?: number;
}

/**
 * The city simulator, inside the server's process, playing against the centre through its public
 * interfaces. It gives itself credentials (devices for the telephony and the trackers, sessions for
 * the people it plays), then drives its actors from one agenda on the centre's clock.
 */
export class Simulator {
  /** The incidents opened while the simulator ran (seen on the live feed), for the figures. */
  readonly incidents: string[] = [];
  private readonly stopWatching: () => void;

  private constructor(
    readonly world: SimWorld,
    /** The city's road jams: those drawn, and a jam asked for (`jams.jam({ road })`). */
    readonly jams: RoadJams,
    private readonly actors: readonly SimulatedActor[],
    /** A supervisor's session, to read the centre's figures. */
    readonly supervisor: SimClient,
    /** The issuance operator's session, to read the identity service's figures (undefined without it). */
    readonly identityReader: SimClient | undefined,
    recordIncidents: boolean,
  ) {
    this.stopWatching = recordIncidents
      ? world.centre.core.bus.subscribe((events) => {
          for (const event of events) if (event.type === 'incident.created') this.incidents.push(event.stream.slice('incident/'.length));
        })
      : () => undefined;
  }

  static async start(centre: SimCentre, options: SimulatorOptions): Promise<Simulator> {
    const { core, app } = centre;
    const scheduler = new SimScheduler(core.clock, options.pace, (label, error) => {
      stats.failures += 1;
      options.log.warn({ err: error, event: label }, 'a simulated action failed');
    });
    const stats: SimStats = emptyStats();
    const city = await SimCity.load(core);
    const devices = await issueSimDevices(core, app);
    const person = async (username: string) => simPerson(core, app, username, options.passwords?.get(username) ?? options.password);
    const takerNames = callTakerUsernames(options.callTakers).slice(0, options.callTakers);
    const [dispatcher, supervisor, clerk, issuance, trafficOperator, ...takers] = await Promise.all([SIM_DISPATCHER, SIM_SUPERVISOR, SIM_CLERK, SIM_ISSUANCE, SIM_TRAFFIC, ...takerNames].map(person));
    if (dispatcher === undefined || supervisor === undefined) throw new Error(`the simulator's accounts (${SIM_DISPATCHER}, ${SIM_SUPERVISOR}) are missing: seed the demo first`);
    const catalogue = await dispatcher.get<(ScenarioType & { transferTo?: { numbers: string[] } })[]>('/incident-types');

    const fleet = new Fleet(devices, dispatcher);
    const takerClients = takers.filter((t): t is SimClient => t !== undefined);
    const telephony = new Telephony(devices.telephony, catalogue, {
      callsPerDay: options.callsPerDay,
      simTakers: new Set(takerClients.map((t) => t.name)),
      burst: options.burst ?? false,
    });
    const room = new CallTakerRoom(takerClients, telephony, catalogue);
    const cameras = (await dispatcher.get<{ id: string; name: string }[]>('/cameras')).map((camera) => ({ id: camera.id, name: camera.name }));
    const cameraNetwork = new CameraNetwork(devices.recorder, cameras, { burst: options.burst ?? false });
    // A demo seeded before the identity service existed has no clerk nor operator: it goes without.
    const identity = clerk !== undefined && issuance !== undefined ? [new IdentityDesks(clerk, issuance, { burst: options.burst ?? false })] : [];
    const jams = new RoadJams(city.graph, options.seed, options.jamsPerDay ?? 0);
    // A demo seeded before the traffic room existed has no traffic operator: no street is closed.
    const trafficRoom = trafficOperator !== undefined ? [new SimTrafficRoom(trafficOperator, options.closuresPerDay ?? 0)] : [];
    // The jams first: a jam drawn at the start is known to the fleet's first drives.
    const actors: SimulatedActor[] = [jams, fleet, new SimDispatcher(dispatcher, fleet), room, telephony, cameraNetwork, ...identity, new TramNetwork(), ...trafficRoom, ...(options.actors ?? [])];
    const world: SimWorld = {
      centre,
      scheduler,
      city,
      seed: options.seed,
      runTag: `s${options.seed}-${scheduler.now().toString(36)}`,
      log: options.log,
      stats,
      manualClock: core.clock instanceof ManualClock,
      traffic: jams.trafficAt,
    };
    const simulator = new Simulator(world, jams, actors, supervisor, identity.length > 0 ? issuance : undefined, options.recordIncidents ?? false);
    for (const actor of actors) await actor.start(world);
    if (options.progress !== undefined) simulator.reportEvery(options.progress.everyMs, options.progress.print);
    return simulator;
  }

  /** Runs until `untilMs` (simulated), or until `stop()` when none is given. */
  run(untilMs?: number): Promise<void> {
    return this.world.scheduler.run(untilMs);
  }

  stop(): void {
    this.world.scheduler.stop();
  }

  /** Stops the agenda and every actor (their connections). */
  async close(): Promise<void> {
    this.stop();
    this.stopWatching();
    for (const actor of [...this.actors].reverse()) await actor.stop();
  }

  get stats(): Readonly<SimStats> {
    return { ...this.world.stats, events: this.world.scheduler.ran };
  }

  private reportEvery(everyMs: number, print: (line: string) => void): void {
    const started = performance.now();
    const from = this.world.scheduler.now();
    const report = () => {
      const s = this.stats;
      const simulatedS = (this.world.scheduler.now() - from) / 1_000;
      const wallS = (performance.now() - started) / 1_000;
      print(
        `[${new Date(this.world.scheduler.now()).toISOString().slice(0, 16)}Z] calls ${s.calls} (answered ${s.answered}, abandoned ${s.abandoned}), ` +
          `incidents ${s.incidents} (+${s.linked} linked), dispatched ${s.dispatched}, closed ${s.closed}, fixes ${s.fixes}, road jams ${s.jams}, streets closed ${s.roadClosures}` +
          `${s.failures > 0 ? `, failed actions ${s.failures}` : ''}; wall ${wallS.toFixed(1)} s (x${wallS > 0 ? Math.round(simulatedS / wallS) : '-'})`,
      );
      this.world.scheduler.after(everyMs, 'progress', report);
    };
    this.world.scheduler.after(everyMs, 'progress', report);
  }
}
