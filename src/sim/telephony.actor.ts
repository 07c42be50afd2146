import { catalogued, type JournalEvent } from '../core/journal.js';
import { ArrivalProcess, localHour } from './call-arrivals.js';
import { drawScenario, meanCallersPerEvent, type CallScenario, type ScenarioType } from './call-scenarios.js';
import type { Place } from './sim-city.js';
import type { SimClient } from './sim-http.js';
import { chance, exponential, logNormal, randomStream, uniform, type Random } from './sim-random.js';
import type { SimWorld, SimulatedActor } from './sim.js';

/** Something that happens in the city and makes people call 19. */
export interface CityEvent {
  readonly index: number;
  readonly scenario: CallScenario;
  readonly place: Place;
  /** One of the demo's first events: an incident, reported briefly, so that one is open within a minute. */
  readonly quick: boolean;
  /** The incident the first caller's call-taker opened (the next callers' call-takers find it nearby). */
  incident: string | undefined;
}

/** One person calling about an event, as the simulated world knows them. */
export interface SimCall {
  readonly callId: string;
  readonly event: CityEvent;
  /** 0 for the first caller, 1... for those who call about the same event after them. */
  readonly caller: number;
  /** This caller's own random stream (their patience, how long they talk). */
  readonly random: Random;
  /** Where the network places the caller: near the event, within `radiusM`. */
  readonly network: { readonly lat: number; readonly lon: number; readonly radiusM: number };
  state: 'ringing' | 'answered' | 'over';
}

/**
 * Line 19's callers and the telephony that reports their calls (a device with `call.report`). Events
 * happen as a Poisson process following the hour of the day, in districts drawn by population; one
 * caller or several per event; each rings through `POST /telephony/calls` with a network location, hangs
 * up unanswered when their patience runs out (abandoned), or once the call-taker is done. A call answered
 * by a person at the console is hung up by its caller after a conversation of their own.
 */
export class Telephony implements SimulatedActor {
  readonly name = 'telephony';
  private world!: SimWorld;
  private arrivals!: ArrivalProcess;
  private readonly calls = new Map<string, SimCall>();
  private events = 0;
  private stopWatching: (() => void) | undefined;

  constructor(
    private readonly client: SimClient,
    private readonly catalogue: readonly ScenarioType[],
    private readonly options: { readonly callsPerDay: number; readonly simTakers: ReadonlySet<string>; readonly burst: boolean },
  ) {}

  async start(world: SimWorld): Promise<void> {
    this.world = world;
    const eventsPerDay = this.options.callsPerDay / meanCallersPerEvent(this.catalogue);
    this.arrivals = new ArrivalProcess(randomStream(world.seed, 'arrivals'), eventsPerDay);
    this.stopWatching = world.centre.core.bus.subscribe((events) => this.watch(events));
    const now = world.scheduler.now();
    if (this.options.burst) {
      // Someone sitting down at the demo sees calls within seconds, and incidents within the minute,
      // whatever the hour: three short, clear incident calls open the demo.
      for (const delayMs of [2_000, 9_000, 20_000]) world.scheduler.at(now + delayMs, 'city event', () => this.happen(true));
    }
    this.scheduleNextEvent(now);
  }

  async stop(): Promise<void> {
    this.stopWatching?.();
  }

  /** What the caller of `callId` will tell the call-taker; undefined for a call this world did not place. */
  story(callId: string): SimCall | undefined {
    return this.calls.get(callId);
  }

  /** The caller hangs up: the call-taker is done with them (or the line is cut). */
  async hangUp(callId: string): Promise<void> {
    const call = this.calls.get(callId);
    if (call !== undefined) call.state = 'over';
    await this.client.post(`/telephony/calls/${encodeURIComponent(callId)}/hangup`);
    this.calls.delete(callId);
  }

  private scheduleNextEvent(after: number): void {
    const at = this.arrivals.next(after);
    if (Number.isFinite(at)) {
      this.world.scheduler.at(at, 'city event', async () => {
        this.scheduleNextEvent(at);
        await this.happen();
      });
    }
  }

  /** An event happens somewhere in the city; its first caller rings now, the others a little later. */
  private async happen(quick = false): Promise<void> {
    const index = (this.events += 1);
    const random = randomStream(this.world.seed, 'event', index);
    const scenario = drawScenario(random, this.catalogue, localHour(this.world.scheduler.now()), { incidentOnly: quick });
    const event: CityEvent = { index, scenario, place: this.world.city.randomPlace(random), quick, incident: undefined };
    for (let caller = 1; caller < scenario.callers; caller += 1) {
      this.world.scheduler.after(uniform(random, 20_000, 240_000), 'caller rings', () => this.ring(event, caller));
    }
    await this.ring(event, 0);
  }

  private async ring(event: CityEvent, caller: number): Promise<void> {
    const random = randomStream(this.world.seed, 'caller', event.index, caller);
    // Most phones give their position within tens of metres (AML); some only the cell, within a kilometre.
    const radiusM = chance(random, 0.7) ? Math.round(uniform(random, 10, 60)) : Math.round(uniform(random, 300, 1_500));
    const bearing = random() * 2 * Math.PI;
    const offsetM = random() * radiusM * 0.8 + (caller === 0 ? 0 : uniform(random, 10, 120));
    const network = {
      lat: round6(event.place.lat + (offsetM * Math.cos(bearing)) / 111_195),
      lon: round6(event.place.lon + (offsetM * Math.sin(bearing)) / (111_195 * Math.cos((event.place.lat * Math.PI) / 180))),
      radiusM,
    };
    const callId = `${this.world.runTag}-${event.index}-${caller}`;
    const call: SimCall = { callId, event, caller, random, network, state: 'ringing' };
    this.calls.set(callId, call);
    await this.client.post('/telephony/calls', {
      callId,
      callerNumber: `+2126${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
      trunk: 'line19',
      location: network,
    });
    this.world.stats.calls += 1;
    // Some hang up within seconds (a misdial, a change of mind: most abandoned calls on emergency lines
    // are these); the others wait a minute or two.
    const patienceMs = chance(random, 0.05) ? uniform(random, 1_000, 6_000) : 5_000 + exponential(random, 100_000);
    this.world.scheduler.after(patienceMs, 'caller gives up', async () => {
      if (call.state !== 'ringing') return;
      call.state = 'over';
      await this.hangUp(callId);
      this.world.stats.abandoned += 1;
    });
  }

  /**
   * The live feed as the telephony sees it: a call answered at a console by a person (not one of the
   * simulated call-takers) is one whose caller now talks, then hangs up.
   */
  private watch(events: readonly JournalEvent[]): void {
    for (const event of events.map(catalogued)) {
      if (event.type !== 'call.answered') continue;
      const call = this.calls.get(event.stream.slice('call/'.length));
      if (call === undefined || call.state !== 'ringing') continue;
      call.state = 'answered';
      const taker = event.data.callTaker;
      if (this.options.simTakers.has(taker)) continue;
      this.world.scheduler.after(logNormal(call.random, 120_000, 0.4), 'caller hangs up', async () => {
        if (call.state === 'answered') await this.hangUp(call.callId);
      });
    }
  }
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
