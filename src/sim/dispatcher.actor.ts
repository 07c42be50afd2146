import { catalogued, type JournalEvent } from '../core/journal.js';
import { incidentMix, unitsToSend } from './call-scenarios.js';
import type { Fleet } from './fleet.actor.js';
import { SimHttpError, type SimClient } from './sim-http.js';
import { randomStream, uniform } from './sim-random.js';
import type { SimWorld, SimulatedActor } from './sim.js';

interface IncidentView {
  readonly number: string;
  readonly type: string;
  readonly priority: string;
  readonly status: string;
  readonly location: { readonly lat: number; readonly lon: number };
}

interface Recommendation {
  readonly callSign: string;
  readonly divertFrom: string | null;
}

/** Seconds before the dispatcher acts on a new incident, by priority (reading it, choosing). */
const decisionDelayS: Readonly<Record<string, readonly [number, number]>> = { P1: [10, 30], P2: [20, 60], P3: [45, 150], P4: [90, 300] };
/** Minutes a P3 or P4 incident may wait for a free unit before the caller is advised instead. */
const giveUpAfterMinutes: Readonly<Record<string, number>> = { P3: 45, P4: 20 };
const RETRY_MS = 60_000;

/**
 * The dispatcher the simulator plays (a real user, `sim-dispatcher`). It learns of incidents from the
 * live feed, as a dispatcher's console does, whoever opened them (a simulated call-taker or a person):
 * after a short delay it asks for the recommendation and sends the unit(s) recommended (two for P1,
 * three to a crowd; diverting from a lower priority when a P1 finds no free unit); with none free it
 * tries again every minute. Incidents no unit goes to (lost property) are closed with the advice given.
 * When the last unit leaves and the incident is cleared, it closes it.
 */
export class SimDispatcher implements SimulatedActor {
  readonly name = 'dispatcher';
  private world!: SimWorld;
  private readonly reported = new Map<string, { readonly answers: Readonly<Record<string, boolean | string>>; readonly since: number }>();
  private stopWatching: (() => void) | undefined;

  constructor(
    private readonly client: SimClient,
    private readonly fleet: Fleet,
  ) {}

  async start(world: SimWorld): Promise<void> {
    this.world = world;
    this.stopWatching = world.centre.core.bus.subscribe((events) => this.watch(events));
    // Incidents a previous run left: new ones are dispatched, cleared ones closed.
    for (const incident of await this.client.get<IncidentView[]>('/incidents?open=true&limit=500')) {
      if (incident.status === 'new') this.planDecision(incident.number, incident.priority, {});
      if (incident.status === 'cleared') world.scheduler.after(5_000, 'dispatcher closes', () => this.close(incident.number));
    }
  }

  async stop(): Promise<void> {
    this.stopWatching?.();
  }

  private watch(events: readonly JournalEvent[]): void {
    for (const event of events.map(catalogued)) {
      if (!event.stream.startsWith('incident/')) continue;
      const number = event.stream.slice('incident/'.length);
      if (event.type === 'incident.created') {
        this.planDecision(number, event.data.priority, event.data.answers ?? {});
      } else if (event.type === 'incident.recalled') {
        this.world.scheduler.after(30_000, 'dispatcher sends units', () => this.decide(number));
      } else if (event.type === 'incident.cleared') {
        const random = randomStream(this.world.seed, 'close', number);
        this.world.scheduler.after(uniform(random, 20_000, 120_000), 'dispatcher closes', () => this.close(number));
      }
    }
  }

  private planDecision(number: string, priority: string, answers: Readonly<Record<string, boolean | string>>): void {
    this.reported.set(number, { answers, since: this.world.scheduler.now() });
    const [min, max] = decisionDelayS[priority] ?? [30, 120];
    const random = randomStream(this.world.seed, 'dispatch', number);
    this.world.scheduler.after(uniform(random, min, max) * 1_000, 'dispatcher sends units', () => this.decide(number));
  }

  private async decide(number: string): Promise<void> {
    const incident = await this.client.get<IncidentView>(`/incidents/${number}`);
    if (incident.status !== 'new') return;
    const path = `/incidents/${number}`;
    if (incident.type === 'lost_property') {
      await this.client.post(`${path}/close`, { reason: 'Appelant orienté vers le commissariat le plus proche pour déclarer la perte' });
      this.finished(number);
      return;
    }
    const known = this.reported.get(number) ?? { answers: {}, since: this.world.scheduler.now() };
    const profile = incidentMix[incident.type] ?? incidentMix.other!;
    const wanted = unitsToSend(profile, incident.priority, known.answers);
    const waitedMs = this.world.scheduler.now() - known.since;
    const divertible = incident.priority === 'P1' && waitedMs > RETRY_MS;
    const recommended = await this.client.get<Recommendation[]>(`${path}/recommendation?k=${wanted}${divertible ? '&divertible=true' : ''}`);
    if (recommended.length === 0) {
      const limit = giveUpAfterMinutes[incident.priority];
      if (limit !== undefined && waitedMs >= limit * 60_000) {
        await this.client.post(`${path}/close`, { reason: 'Aucune unité disponible : appelant informé, il sera rappelé' });
        this.finished(number);
      } else {
        this.world.scheduler.after(RETRY_MS, 'dispatcher sends units', () => this.decide(number));
      }
      return;
    }
    const units = recommended.map((r) => r.callSign);
    const orders = this.fleet.expectOrders(number, units);
    try {
      await this.client.post(`${path}/assign`, { units, ...(recommended.some((r) => r.divertFrom !== null) ? { divert: true } : {}) });
    } catch (error) {
      orders.cancel();
      // A unit was taken meanwhile (by a person at a console): look again shortly.
      if (error instanceof SimHttpError && error.status === 409) {
        this.world.scheduler.after(15_000, 'dispatcher sends units', () => this.decide(number));
        return;
      }
      throw error;
    }
    this.world.stats.dispatched += 1;
    orders.arrived({ incident: number, priority: incident.priority, incidentType: incident.type, location: incident.location });
  }

  private async close(number: string): Promise<void> {
    const incident = await this.client.get<IncidentView>(`/incidents/${number}`);
    if (incident.status !== 'cleared') return;
    await this.client.post(`/incidents/${number}/close`, {});
    this.finished(number);
  }

  private finished(number: string): void {
    this.reported.delete(number);
    this.world.stats.closed += 1;
  }
}
