import { distanceM, type LatLon } from '../geo/geometry.js';
import { route } from '../geo/roads/road-routing.js';
import type { Station, Unit } from '../contract/unit.schema.js';
import { httpAvlLink, mqttAvlLink, type AvlLink, type TrackerFix, type UnitOrder } from './avl-link.js';
import { incidentMix } from './call-scenarios.js';
import type { SimDevices } from './sim-credentials.js';
import { SimHttpError, type SimClient } from './sim-http.js';
import { logNormal, randomStream, uniform, type Random } from './sim-random.js';
import type { SimWorld, SimulatedActor } from './sim.js';
import { legAlong, positionOn, standingAt, type Leg } from './unit-motion.js';

/** Trackers report every 10 s while the vehicle moves, and once a minute when it stands still. */
const TICK_MS = 10_000;
const HEARTBEAT_MS = 60_000;
/** Kinds that patrol their district between calls; the others wait at their station. */
const patrolling = new Set(['patrol_car', 'motorcycle', 'foot_patrol', 'traffic_unit']);
/** Lights and siren: faster than the road's usual speed for the most urgent calls. */
const responseSpeed: Readonly<Record<string, number>> = { P1: 1.25, P2: 1.1 };
const PATROL_SPEED = 0.7;
/** Off the road network (the EOD squads of Rabat and Fez): straight there at this speed. */
const CROSS_COUNTRY_MS = 80 / 3.6;

type Task = 'idle' | 'patrol' | 'assigned' | 'en_route' | 'on_scene' | 'returning' | 'finishing';

interface SimUnit {
  readonly callSign: string;
  readonly kind: string;
  readonly home: LatLon;
  readonly district: string | null;
  readonly random: Random;
  leg: Leg;
  task: Task;
  incident: string | undefined;
  lastFixMs: number;
  /** Bumped whenever the unit's plan changes, so that events planned before are dropped. */
  epoch: number;
}

/** The orders an assignment sends to its units' devices, expected by the dispatcher who sent it. */
export interface OrderWait {
  /** The assignment is made: each unit plans its reaction now, and acts on its device's order when it comes. */
  arrived(expected: Omit<UnitOrder, 'type'>): void;
  cancel(): void;
}

/** An order a dispatcher expects for a unit: resolved by its arrival on the unit's dispatch topic. */
interface Expected {
  readonly promise: Promise<UnitOrder | undefined>;
  resolve(order: UnitOrder | undefined): void;
}

/** How long a unit waits for its device's order before going on what the dispatcher said. */
const ORDER_TIMEOUT_MS = 5_000;

/**
 * The fleet and its trackers' gateway (a registered device, the tracker of every unit it drives).
 * Units report positions through the gateway (MQTT, as real trackers; HTTP without a broker), patrol
 * their district at a patrol's pace when free, and act on the orders their devices receive: acknowledge,
 * en route (`POST /units/{callSign}/status` with the gateway's token), drive the road route at the
 * road's speed (faster for P1 and P2), on scene, then available after a time on scene that depends on
 * the incident's type; then back to patrol, or to their station.
 */
export class Fleet implements SimulatedActor {
  readonly name = 'fleet';
  private world!: SimWorld;
  private link!: AvlLink;
  private readonly units = new Map<string, SimUnit>();
  /** Orders expected on the units' dispatch topics, by `callSign incident`. */
  private readonly waiting = new Map<string, Expected>();

  constructor(
    private readonly devices: SimDevices,
    /** Someone who may read the unit board (the simulated dispatcher). */
    private readonly reader: SimClient,
  ) {}

  async start(world: SimWorld): Promise<void> {
    this.world = world;
    const now = world.scheduler.now();
    const board = new Map((await this.reader.get<Unit[]>('/units')).map((u) => [u.callSign, u]));
    const stations = new Map((await this.reader.get<Station[]>('/stations')).map((s) => [s.code, s]));
    const mine = this.devices.units.map((cs) => board.get(cs)).filter((u): u is Unit => u !== undefined);
    for (const unit of mine) {
      const station = stations.get(unit.station);
      const home = station?.location ?? unit.position ?? { lat: 33.5731, lon: -7.5898 };
      const fresh = unit.position !== null && now - Date.parse(unit.position.at) < 3_600_000 && Date.parse(unit.position.at) <= now;
      this.units.set(unit.callSign, {
        callSign: unit.callSign,
        kind: unit.kind,
        home,
        district: station?.area ?? null,
        random: randomStream(world.seed, 'unit', unit.callSign),
        leg: standingAt(fresh ? unit.position! : home, now),
        task: 'idle',
        incident: undefined,
        lastFixMs: -Infinity,
        epoch: 0,
      });
    }
    const url = world.centre.mqttUrl;
    this.link =
      url !== undefined && world.centre.core.config.mqttMode === 'embedded'
        ? await mqttAvlLink(url, this.devices.gateway, [...this.units.keys()], (cs, order) => this.received(cs, order))
        : httpAvlLink(this.devices.gateway.client);
    // Every unit reports where it is; the shift starts for those off duty; those a previous run left
    // on a job finish it.
    await this.tick(true);
    for (const unit of mine) {
      const sim = this.units.get(unit.callSign)!;
      if (unit.status === 'off_duty' || unit.status === 'out_of_service') await this.setStatus(sim, 'available');
      if (unit.status === 'available' || unit.status === 'off_duty' || unit.status === 'out_of_service') {
        this.planPatrol(sim, uniform(sim.random, 0, world.manualClock ? 600_000 : 45_000));
      } else {
        sim.task = 'finishing';
        const epoch = sim.epoch;
        world.scheduler.after(uniform(sim.random, 60_000, 600_000), 'unit finishes', () => this.clear(sim, epoch));
      }
    }
    world.scheduler.after(TICK_MS, 'trackers report', () => this.everyTick());
  }

  async stop(): Promise<void> {
    await this.link?.close();
  }

  /**
   * Called before an assignment is sent. The units plan their reaction in the dispatcher's turn (so a
   * run does not depend on how fast MQTT delivers), and when the time comes to set off they act on the
   * order their device received (it arrives over MQTT a moment after the assignment commits). Without a
   * broker the dispatcher's knowledge of the incident stands in for the order.
   */
  expectOrders(incident: string, callSigns: readonly string[]): OrderWait {
    const expected = new Map<string, Expected>();
    for (const callSign of callSigns) {
      if (!this.units.has(callSign) || !this.link.carriesOrders) continue;
      let resolve!: (order: UnitOrder | undefined) => void;
      const promise = new Promise<UnitOrder | undefined>((done) => (resolve = done));
      const entry = { promise, resolve };
      expected.set(callSign, entry);
      this.waiting.set(`${callSign} ${incident}`, entry);
    }
    const forget = () => {
      for (const callSign of expected.keys()) this.waiting.delete(`${callSign} ${incident}`);
    };
    return {
      arrived: (order) => {
        for (const callSign of callSigns) this.act(callSign, { type: 'assigned', ...order }, expected.get(callSign)?.promise);
      },
      cancel: () => {
        forget();
        for (const entry of expected.values()) entry.resolve(undefined);
      },
    };
  }

  /** An order on a unit's dispatch topic: expected by the simulated dispatcher, or (sent by a person) acted on now. */
  private received(callSign: string, order: UnitOrder): void {
    const key = `${callSign} ${order.incident}`;
    const expected = this.waiting.get(key);
    if (expected !== undefined && order.type === 'assigned') {
      this.waiting.delete(key);
      expected.resolve(order);
      return;
    }
    this.world.scheduler.at(this.world.scheduler.now(), 'unit reads its order', () => this.act(callSign, order));
  }

  private act(callSign: string, order: UnitOrder, delivered?: Promise<UnitOrder | undefined>): void {
    const unit = this.units.get(callSign);
    if (unit === undefined) return;
    const now = this.world.scheduler.now();
    if (order.type === 'released') {
      if (unit.incident !== order.incident) return;
      this.replan(unit, now);
      unit.incident = undefined;
      this.afterJob(unit);
      return;
    }
    // An order read a second time (it came after the unit had stopped waiting for it).
    if (unit.incident === order.incident && unit.task !== 'idle' && unit.task !== 'patrol') return;
    this.replan(unit, now);
    unit.task = 'assigned';
    unit.incident = order.incident;
    const epoch = unit.epoch;
    const reactMs = order.priority === 'P1' ? uniform(unit.random, 3_000, 10_000) : uniform(unit.random, 5_000, 25_000);
    this.world.scheduler.after(reactMs, 'unit sets off', async () => {
      const read = delivered === undefined ? order : await this.orderOrTimeout(delivered, `${callSign} ${order.incident}`);
      await this.setOff(unit, epoch, read ?? order);
    });
  }

  /** The order as the device received it; undefined if it did not come in time (the dispatcher's word then stands). */
  private async orderOrTimeout(delivered: Promise<UnitOrder | undefined>, key: string): Promise<UnitOrder | undefined> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ORDER_TIMEOUT_MS)));
    try {
      return await Promise.race([delivered, timeout]);
    } finally {
      clearTimeout(timer);
      this.waiting.delete(key);
    }
  }

  private async setOff(unit: SimUnit, epoch: number, order: UnitOrder): Promise<void> {
    if (unit.epoch !== epoch) return;
    const now = this.world.scheduler.now();
    try {
      await this.devices.gateway.client.post(`/units/${unit.callSign}/acknowledge`);
    } catch (error) {
      // Taken off the incident before it set off (a person released it): nothing to acknowledge.
      if (!(error instanceof SimHttpError) || error.status !== 409) throw error;
    }
    if (!(await this.setStatus(unit, 'en_route'))) return;
    const target = order.location ?? unit.home;
    unit.leg = this.drive(unit, target, now, responseSpeed[order.priority ?? ''] ?? 1);
    unit.task = 'en_route';
    this.world.scheduler.at(Math.max(unit.leg.endMs, now + 5_000), 'unit arrives', async () => {
      if (unit.epoch !== epoch) return;
      if (!(await this.setStatus(unit, 'on_scene'))) return;
      unit.task = 'on_scene';
      const profile = incidentMix[order.incidentType ?? ''] ?? incidentMix.other!;
      const stayMs = Math.min(6 * 3_600_000, Math.max(180_000, logNormal(unit.random, profile.onSceneMinutes * 60_000, 0.5)));
      this.world.scheduler.after(stayMs, 'unit clears', () => this.clear(unit, epoch));
    });
  }

  /** Done on scene: available again, then back to patrol or to the station. */
  private async clear(unit: SimUnit, epoch: number): Promise<void> {
    if (unit.epoch !== epoch) return;
    if (!(await this.setStatus(unit, 'available'))) return;
    unit.incident = undefined;
    this.replan(unit, this.world.scheduler.now());
    this.afterJob(unit);
  }

  private afterJob(unit: SimUnit): void {
    if (patrolling.has(unit.kind) && unit.district !== null) {
      this.planPatrol(unit, uniform(unit.random, 30_000, 300_000));
      return;
    }
    const now = this.world.scheduler.now();
    unit.leg = this.drive(unit, unit.home, now, 1);
    unit.task = 'returning';
    const epoch = unit.epoch;
    this.world.scheduler.at(unit.leg.endMs, 'unit back at station', () => {
      if (unit.epoch === epoch) unit.task = 'idle';
    });
  }

  /** Free units drive to a random street of their district, stop a while, and go on. */
  private planPatrol(unit: SimUnit, afterMs: number): void {
    unit.task = 'idle';
    if (!patrolling.has(unit.kind) || unit.district === null) return;
    const epoch = unit.epoch;
    this.world.scheduler.after(afterMs, 'unit patrols', () => {
      if (unit.epoch !== epoch || unit.task !== 'idle') return;
      const now = this.world.scheduler.now();
      unit.leg = this.drive(unit, this.world.city.placeIn(unit.district, unit.random), now, PATROL_SPEED);
      unit.task = 'patrol';
      this.world.scheduler.at(unit.leg.endMs, 'unit stops', () => {
        if (unit.epoch !== epoch || unit.task !== 'patrol') return;
        this.planPatrol(unit, uniform(unit.random, 300_000, 1_200_000));
      });
    });
  }

  /** A new plan: the unit stops where it is now, and what was planned before is dropped. */
  private replan(unit: SimUnit, now: number): void {
    unit.epoch += 1;
    unit.leg = standingAt(positionOn(unit.leg, now), now);
  }

  /** The drive from where the unit is to `target`: by road, or straight when either end is off the roads. */
  private drive(unit: SimUnit, target: LatLon, now: number, speedFactor: number): Leg {
    const here = positionOn(unit.leg, now);
    const city = this.world.city;
    const from = city.snap(here);
    const to = city.snap(target);
    const found = from === undefined || to === undefined ? undefined : route(city.graph, from, to);
    if (found !== undefined) return legAlong(city.graph, found, now, speedFactor, this.world.traffic);
    const metres = distanceM(here, target);
    const seconds = metres / CROSS_COUNTRY_MS;
    return legAlong(city.graph, { etaS: seconds, distanceM: metres, coordinates: [[here.lon, here.lat], [target.lon, target.lat]], edges: [] }, now, 1);
  }

  /** Moves the unit's status through its tracker; a refusal (a person changed it meanwhile) ends the plan. */
  private async setStatus(unit: SimUnit, status: 'available' | 'en_route' | 'on_scene'): Promise<boolean> {
    try {
      await this.devices.gateway.client.post(`/units/${unit.callSign}/status`, { status });
      return true;
    } catch (error) {
      if (!(error instanceof SimHttpError) || (error.status !== 409 && error.status !== 403)) throw error;
      this.world.log.debug({ callSign: unit.callSign, status, err: error.message }, 'simulated unit: status refused; it waits for its next order');
      this.replan(unit, this.world.scheduler.now());
      unit.task = 'idle';
      unit.incident = undefined;
      return false;
    }
  }

  private async everyTick(): Promise<void> {
    this.world.scheduler.after(TICK_MS, 'trackers report', () => this.everyTick());
    await this.tick(false);
  }

  /** Each moving unit reports; a unit standing still reports once a minute (staggered). */
  private async tick(all: boolean): Promise<void> {
    const now = this.world.scheduler.now();
    const fixes: TrackerFix[] = [];
    for (const unit of this.units.values()) {
      const moving = unit.leg.endMs > now - TICK_MS && unit.leg.atMs.length > 1;
      if (!all && !moving && now - unit.lastFixMs < HEARTBEAT_MS) continue;
      const at = positionOn(unit.leg, now);
      fixes.push({ callSign: unit.callSign, lat: round6(at.lat), lon: round6(at.lon), speed: Math.round(at.speedKmh), heading: at.heading, accuracy: 8, at: now });
      // Standing units spread their minute over the ticks, so that they do not all report at once.
      unit.lastFixMs = all ? now - Math.floor(unit.random() * HEARTBEAT_MS) : now;
    }
    if (fixes.length === 0) return;
    await this.link.send(fixes);
    this.world.stats.fixes += fixes.length;
    if (this.world.manualClock) {
      // The tracker writes positions on a wall-clock timer (every second); time here runs faster, so
      // its save and its live publication are run at each simulated tick instead (see architecture.md).
      await this.world.centre.flushTimers?.();
    }
  }
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
