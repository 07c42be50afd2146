import type { JournalEvent } from '../core/journal.js';
import type { ScenarioType, Summary } from './call-scenarios.js';
import { SimHttpError, type SimClient } from './sim-http.js';
import { logNormal, randomStream, uniform, type Random } from './sim-random.js';
import type { SimWorld, SimulatedActor } from './sim.js';
import type { SimCall, Telephony } from './telephony.actor.js';

interface Taker {
  readonly username: string;
  readonly client: SimClient;
  /** The language this call-taker writes summaries in (the room is half French, half Arabic). */
  readonly writes: keyof Summary;
  random: Random;
  state: 'idle' | 'reaching' | 'busy';
}

interface CallAnswer {
  readonly callId: string;
  readonly networkLocation: { lat?: number; lon?: number } | null;
}

/**
 * The call-takers the simulator plays, each logged in as a real user. They see the queue as the
 * console does (the live feed's `call.ringing`), answer with `POST /calls/next` a few seconds after a
 * call rings, talk (a minute or so, less for a second caller about the same event), place the caller
 * when the network's location is rough, check for an open incident nearby and link the call to it or
 * open a new one with the caller's answers, transfer fire and medical calls to 15, and after a short
 * wrap-up take the next call. Half of them write their summaries in French, half in Arabic. When nobody waits they call back the callers who hung up.
 */
export class CallTakerRoom implements SimulatedActor {
  readonly name = 'call-takers';
  private world!: SimWorld;
  private readonly takers: Taker[];
  private readonly ringing = new Set<string>();
  private readonly callbacks: string[] = [];
  private reaching = 0;
  private stopWatching: (() => void) | undefined;

  constructor(
    clients: readonly SimClient[],
    private readonly telephony: Telephony,
    private readonly catalogue: readonly (ScenarioType & { readonly transferTo?: { readonly numbers: readonly string[] } })[],
  ) {
    this.takers = clients.map((client, i) => ({ username: client.name, client, writes: i % 2 === 0 ? 'fr' : 'ar', random: Math.random, state: 'idle' as const }));
  }

  async start(world: SimWorld): Promise<void> {
    this.world = world;
    // Each call-taker's own stream: their reaction times do not depend on anyone else's.
    for (const taker of this.takers) taker.random = randomStream(world.seed, 'taker', taker.username);
    this.stopWatching = world.centre.core.bus.subscribe((events) => this.watch(events));
    if (this.takers.length === 0) return;
    // A call left in hand by a previous run is ended (its caller is long gone), then everyone goes ready.
    const states = await this.takers[0]!.client.get<{ username: string; state: string; callId: string | null }[]>('/call-takers');
    for (const taker of this.takers) {
      const left = states.find((s) => s.username === taker.username);
      if (left?.state === 'on_call' && left.callId !== null) await this.telephony.hangUp(left.callId).catch(() => undefined);
      await taker.client.post('/call-takers/me/state', { state: 'ready' });
    }
    for (const call of await this.takers[0]!.client.get<{ callId: string }[]>('/calls/queue')) this.ringing.add(call.callId);
    this.assign();
  }

  async stop(): Promise<void> {
    this.stopWatching?.();
  }

  /** The queue as the console shows it: calls ring, and leave it when answered or hung up. */
  private watch(events: readonly JournalEvent[]): void {
    let changed = false;
    for (const event of events) {
      if (!event.stream.startsWith('call/')) continue;
      const callId = event.stream.slice('call/'.length);
      if (event.type === 'call.ringing') {
        this.ringing.add(callId);
        changed = true;
      } else if (event.type === 'call.answered' || event.type === 'call.ended') {
        this.ringing.delete(callId);
      } else if (event.type === 'call.abandoned') {
        this.ringing.delete(callId);
        this.callbacks.push(callId);
        changed = true;
      }
    }
    if (changed) this.assign();
  }

  /** Idle call-takers reach for waiting calls (one each); with none waiting, they call back. */
  private assign(): void {
    for (const taker of this.takers) {
      if (taker.state !== 'idle') continue;
      if (this.ringing.size > this.reaching) {
        taker.state = 'reaching';
        this.reaching += 1;
        // Seeing the call and pressing F2.
        this.world.scheduler.after(uniform(taker.random, 1_500, 5_000), 'call-taker answers', () => this.answer(taker));
      } else if (this.callbacks.length > 0) {
        const callId = this.callbacks.shift()!;
        taker.state = 'busy';
        this.world.scheduler.after(uniform(taker.random, 20_000, 60_000), 'call-taker calls back', async () => {
          try {
            await taker.client.post(`/calls/${encodeURIComponent(callId)}/callback-done`);
          } finally {
            this.free(taker, 0);
          }
        });
      }
    }
  }

  private async answer(taker: Taker): Promise<void> {
    this.reaching -= 1;
    let answered: CallAnswer;
    try {
      answered = await taker.client.post<CallAnswer>('/calls/next');
    } catch (error) {
      // Someone else took it, or its caller hung up meanwhile.
      if (error instanceof SimHttpError && error.status === 404) {
        this.free(taker, 0);
        return;
      }
      this.free(taker, 0);
      throw error;
    }
    taker.state = 'busy';
    this.world.stats.answered += 1;
    const call = this.telephony.story(answered.callId);
    try {
      if (call === undefined || call.event.scenario.kind === 'no_incident') await this.shortCall(taker, answered.callId, call);
      else this.converse(taker, call);
    } catch (error) {
      this.free(taker, 0);
      throw error;
    }
  }

  /** A call that needs no incident: a few words, and the caller hangs up. */
  private async shortCall(taker: Taker, callId: string, call: SimCall | undefined): Promise<void> {
    const talkMs = call === undefined ? 30_000 : clamp(logNormal(call.random, 25_000, 0.5), 5_000, 120_000);
    this.world.scheduler.after(talkMs, 'caller hangs up', async () => {
      try {
        await this.telephony.hangUp(callId);
      } finally {
        this.free(taker, uniform(taker.random, 5_000, 20_000));
      }
    });
  }

  /** Questions, the caller placed if need be, then the incident opened or the call linked to it. */
  private converse(taker: Taker, call: SimCall): void {
    const scenario = call.event.scenario;
    if (scenario.kind !== 'incident') return;
    const talkMs = call.event.quick
      ? clamp(logNormal(call.random, 25_000, 0.2), 15_000, 35_000)
      : call.caller === 0
        ? clamp(logNormal(call.random, 75_000, 0.35), 30_000, 240_000)
        : clamp(logNormal(call.random, 40_000, 0.3), 15_000, 120_000);
    const path = `/calls/${encodeURIComponent(call.callId)}`;
    const place = call.event.place;
    if (call.network.radiusM > 100) {
      this.world.scheduler.after(talkMs * 0.4, 'call-taker places the caller', () => taker.client.post(`${path}/location`, { lat: place.lat, lon: place.lon }));
    }
    this.world.scheduler.after(talkMs, 'call-taker classifies', async () => {
      try {
        const nearby = await taker.client.get<{ number: string }[]>(`/incidents/near?lat=${place.lat}&lon=${place.lon}&type=${scenario.type}`);
        const same = call.event.incident !== undefined ? nearby.find((n) => n.number === call.event.incident) : undefined;
        if (same !== undefined) {
          await taker.client.post(`${path}/link`, { incident: same.number });
          this.world.stats.linked += 1;
        } else {
          const created = await taker.client.post<{ incidentNumber: string }>(`${path}/incident`, {
            type: scenario.type,
            answers: scenario.answers,
            summary: scenario.summary[taker.writes],
            ...(place.street === null ? {} : { address: place.street }),
          });
          call.event.incident ??= created.incidentNumber;
          this.world.stats.incidents += 1;
        }
        const transfer = this.catalogue.find((t) => t.code === scenario.type)?.transferTo;
        if (transfer !== undefined && call.caller === 0) await taker.client.post(`${path}/transfer`, { to: transfer.numbers[0]! });
        this.world.scheduler.after(uniform(call.random, 2_000, 8_000), 'caller hangs up', async () => {
          try {
            await this.telephony.hangUp(call.callId);
          } finally {
            this.free(taker, uniform(taker.random, 5_000, 20_000));
          }
        });
      } catch (error) {
        this.world.scheduler.after(2_000, 'caller hangs up', async () => {
          try {
            await this.telephony.hangUp(call.callId);
          } finally {
            this.free(taker, 0);
          }
        });
        throw error;
      }
    });
  }

  /** After the wrap-up, the call-taker takes the next call. */
  private free(taker: Taker, afterMs: number): void {
    taker.state = 'busy';
    this.world.scheduler.after(afterMs, 'call-taker ready', async () => {
      try {
        // The wrap-up ends when the call-taker says ready: the centre offers no call before.
        await taker.client.post('/call-takers/me/state', { state: 'ready' });
      } finally {
        taker.state = 'idle';
        this.assign();
      }
    });
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
