import { useSyncExternalStore } from 'react';
import { get } from './api';
import { LiveFeed, type LiveEvent, type LiveState, type Telemetry } from './live';
import type { Call, CallTaker, Incident, IncidentType, Me, Unit, Position as UnitPosition } from '@contract/shapes';

/**
 * What every screen shares: the open incidents, the units, the call queue and the catalogue, loaded
 * once and kept current by `/live`. An event names the stream it changed (`incident/CASA-2026-000001`,
 * `unit/P-101`, `call/...`); the store asks the server for that one thing again rather than
 * re-deriving it from the event, so what an operator sees is always what the API says.
 *
 * Components subscribe to one channel each, so that positions (twice a second) redraw the map and
 * nothing else.
 */
export type Channel = 'incidents' | 'units' | 'positions' | 'queue' | 'callTakers' | 'catalogue' | 'live' | 'events';

const REFETCH_DELAY_MS = 80;

export class Store {
  me: Me = { permissions: [] };
  incidents = new Map<string, Incident>();
  units = new Map<string, Unit>();
  queue: readonly Call[] = [];
  callTakers: readonly CallTaker[] = [];
  types: readonly IncidentType[] = [];
  liveState: LiveState = 'connecting';
  lostSince: Date | null = null;
  /** Events seen on the feed, newest last (the screens' activity lists read the tail). */
  readonly recentEvents: LiveEvent[] = [];

  private readonly versions = new Map<Channel, number>();
  private readonly listeners = new Map<Channel, Set<() => void>>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly eventListeners = new Set<(event: LiveEvent) => void>();
  private feed: LiveFeed | undefined;
  private onSessionEnded: (why: 'ended' | 'idle') => void = () => {};

  can(permission: string): boolean {
    return this.me.permissions.includes(permission);
  }

  version(channel: Channel): number {
    return this.versions.get(channel) ?? 0;
  }

  subscribe(channel: Channel, listener: () => void): () => void {
    let set = this.listeners.get(channel);
    if (set === undefined) this.listeners.set(channel, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  /** Runs `listener` for each live event (a screen refreshing what it shows of one incident). */
  onEvent(listener: (event: LiveEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  changed(channel: Channel): void {
    this.versions.set(channel, this.version(channel) + 1);
    for (const listener of this.listeners.get(channel) ?? []) listener();
  }

  start(me: Me, onSessionEnded: (why: 'ended' | 'idle') => void): void {
    this.me = me;
    this.onSessionEnded = onSessionEnded;
    this.feed = new LiveFeed({
      event: (event) => this.receive(event),
      telemetry: (telemetry) => this.receiveTelemetry(telemetry),
      resync: () => void this.reloadAll(),
      state: (state, since) => {
        this.liveState = state;
        this.lostSince = since;
        this.changed('live');
      },
      sessionEnded: (why) => this.onSessionEnded(why),
    });
    this.feed.start();
  }

  stop(): void {
    this.feed?.stop();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.incidents.clear();
    this.units.clear();
    this.queue = [];
    this.callTakers = [];
  }

  async reloadAll(): Promise<void> {
    const work: Promise<void>[] = [];
    // The catalogue is the incident screens' (identity clerks, issuance operators, citizens have none).
    if (this.types.length === 0 && this.can('incident.read')) work.push(this.loadCatalogue());
    if (this.can('incident.read')) work.push(this.loadIncidents());
    if (this.can('unit.read')) work.push(this.loadUnits());
    if (this.can('call.read')) work.push(this.loadQueue(), this.loadCallTakers());
    await Promise.allSettled(work);
  }

  private async loadCatalogue(): Promise<void> {
    this.types = await get<IncidentType[]>('/incident-types');
    this.changed('catalogue');
  }

  private async loadIncidents(): Promise<void> {
    const open = await get<Incident[]>('/incidents?open=true&limit=500');
    const next = new Map<string, Incident>();
    for (const incident of open) {
      const known = this.incidents.get(incident.number);
      next.set(incident.number, known !== undefined && known.updatedAt > incident.updatedAt ? known : incident);
    }
    this.incidents = next;
    this.changed('incidents');
  }

  private async loadUnits(): Promise<void> {
    const units = await get<Unit[]>('/units');
    this.units = new Map(units.map((unit) => [unit.callSign, unit]));
    this.changed('units');
    this.changed('positions');
  }

  private async loadQueue(): Promise<void> {
    this.queue = await get<Call[]>('/calls/queue');
    this.changed('queue');
  }

  private async loadCallTakers(): Promise<void> {
    this.callTakers = await get<CallTaker[]>('/call-takers');
    this.changed('callTakers');
  }

  /** Asks for one thing again, once per burst of events about it. */
  private later(key: string, work: () => Promise<void>): void {
    if (this.pending.has(key)) return;
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        work().catch(() => undefined);
      }, REFETCH_DELAY_MS),
    );
  }

  async refreshIncident(number: string): Promise<Incident> {
    const incident = await get<Incident>(`/incidents/${encodeURIComponent(number)}`);
    this.incidents.set(number, incident);
    this.changed('incidents');
    return incident;
  }

  async refreshUnit(callSign: string): Promise<Unit> {
    const unit = await get<Unit>(`/units/${encodeURIComponent(callSign)}`);
    this.units.set(callSign, unit);
    this.changed('units');
    this.changed('positions');
    return unit;
  }

  private receive(event: LiveEvent): void {
    this.recentEvents.push(event);
    if (this.recentEvents.length > 200) this.recentEvents.splice(0, this.recentEvents.length - 200);
    const slash = event.stream.indexOf('/');
    const kind = slash === -1 ? event.stream : event.stream.slice(0, slash);
    const key = slash === -1 ? '' : event.stream.slice(slash + 1);
    switch (kind) {
      case 'incident':
        this.later(event.stream, async () => void (await this.refreshIncident(key)));
        break;
      case 'incident-types':
        this.later(event.stream, () => this.loadCatalogue());
        break;
      case 'unit':
        this.later(event.stream, async () => void (await this.refreshUnit(key)));
        break;
      case 'call':
        // Answering and hanging up also change a call-taker's state, recorded on the call's stream.
        this.later('queue', () => this.loadQueue());
        if (this.can('call.read')) this.later('call-takers', () => this.loadCallTakers());
        break;
      case 'call-taker':
        this.later('call-takers', () => this.loadCallTakers());
        break;
      default:
        break;
    }
    for (const listener of this.eventListeners) listener(event);
    this.changed('events');
  }

  private receiveTelemetry(telemetry: Telemetry): void {
    if (telemetry.kind !== 'positions') return;
    for (const item of telemetry.items) {
      const callSign = item.callSign as string;
      const unit = this.units.get(callSign);
      if (unit === undefined) continue;
      const { callSign: _callSign, ...position } = item;
      this.units.set(callSign, { ...unit, position: position as unknown as UnitPosition, positionStale: false });
    }
    this.changed('positions');
  }
}

export const store = new Store();

/** Re-renders the component when a channel changes; returns the store. */
export function useStore(...channels: Channel[]): Store {
  useSyncExternalStore(
    (listener) => {
      const off = channels.map((channel) => store.subscribe(channel, listener));
      return () => off.forEach((stop) => stop());
    },
    () => channels.map((channel) => store.version(channel)).join(':'),
  );
  return store;
}
