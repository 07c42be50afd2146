import { randomUUID } from 'node:crypto';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import type { JournalEvent } from '../core/journal.js';
import { findEvents } from '../core/journal.repository.js';
import { StateKey } from '../core/module-state.js';
import { localPlane, type LatLon } from '../geo/geometry.js';
import type { EmitAlert, TransitWarning } from '../contract/transit.schema.js';
import { feedStream } from './gtfs.service.js';
import { encodeAlerts } from './realtime.js';
import { getNetwork, type TransitNetwork } from './transit-network.js';

/**
 * Warnings for the traffic operator: an open incident or an EOD cordon in force within
 * `WARNING_DISTANCE_M` of a tram or bus line's shape; and the GTFS-realtime Alerts emitted from them,
 * for the network's operator to read.
 */

/** How near a line an incident or a cordon's centre must be to warn. */
export const WARNING_DISTANCE_M = 150;
/** How far back the journal is read at start to find the incidents still open and the cordons in force. */
const LOOK_BACK_MS = 2 * 24 * 3600_000;

/** Something on the street that may block a line. */
export interface Hazard {
  readonly id: string;
  readonly source: 'incident' | 'cordon';
  readonly reference: string;
  readonly at: LatLon;
}

/** An Alert emitted for a hazard, served until the hazard ends. */
export interface EmittedAlert {
  readonly id: string;
  readonly hazard: string;
  readonly header: string;
  readonly description: string;
  readonly effect: string;
  readonly routes: readonly { feedId: string; routeId: string }[];
  readonly at: string;
}

/** The hazards and emitted alerts, kept from the journal's events. */
export class HazardTracker {
  readonly hazards = new Map<string, Hazard>();
  readonly alerts = new Map<string, EmittedAlert>();
  private readonly incidentPlaces = new Map<string, LatLon>();

  /** Applies one committed event; returns whether the hazards or alerts changed. */
  apply(event: Pick<JournalEvent, 'type' | 'stream' | 'data' | 'at'>): boolean {
    const number = event.stream.slice(event.stream.indexOf('/') + 1);
    const data = event.data as Record<string, unknown>;
    switch (event.type) {
      case 'incident.created': {
        const place = data.location as LatLon;
        this.incidentPlaces.set(number, place);
        return this.put({ id: `incident:${number}`, source: 'incident', reference: number, at: { lat: place.lat, lon: place.lon } });
      }
      case 'incident.reopened': {
        const place = this.incidentPlaces.get(number);
        return place === undefined ? false : this.put({ id: `incident:${number}`, source: 'incident', reference: number, at: place });
      }
      case 'incident.closed':
      case 'incident.cancelled':
        return this.end(`incident:${number}`);
      case 'cordon.set':
      case 'cordon.changed': {
        const centre = data.centre as LatLon;
        return this.put({ id: `cordon:${number}`, source: 'cordon', reference: number, at: { lat: centre.lat, lon: centre.lon } });
      }
      case 'cordon.lifted':
        return this.end(`cordon:${number}`);
      case 'transit_feed.alert_emitted': {
        const routes = (data.routes as string[]).map((each) => ({ feedId: each.slice(0, each.indexOf(':')), routeId: each.slice(each.indexOf(':') + 1) }));
        // Once per alert: the same alert is journaled on each feed whose lines it names, and the command
        // that emitted it has put it here with its description already.
        if (!this.hazards.has(data.source as string) || this.alerts.has(data.alert as string)) return false;
        this.alerts.set(data.alert as string, {
          id: data.alert as string,
          hazard: data.source as string,
          header: data.header as string,
          description: data.description as string,
          effect: data.effect as string,
          routes,
          at: event.at,
        });
        return true;
      }
      default:
        return false;
    }
  }

  private put(hazard: Hazard): boolean {
    this.hazards.set(hazard.id, hazard);
    return true;
  }

  private end(id: string): boolean {
    const had = this.hazards.delete(id);
    for (const [alertId, alert] of this.alerts) if (alert.hazard === id) this.alerts.delete(alertId);
    return had;
  }
}

const FOLLOWED = ['incident.created', 'incident.reopened', 'incident.closed', 'incident.cancelled', 'cordon.set', 'cordon.changed', 'cordon.lifted', 'transit_feed.alert_emitted'];

export const hazardsKey = new StateKey<Promise<HazardTracker>>('transit: incidents and cordons near the lines, and the alerts emitted');
export const followingKey = new StateKey<() => void>('transit: the journal followed for warnings');

/** The tracker, read from the last two days of the journal at first use. */
function trackerOf(core: Core): Promise<HazardTracker> {
  return core.state.obtain(hazardsKey, async () => {
    const tracker = new HazardTracker();
    const from = new Date(core.clock.now().getTime() - LOOK_BACK_MS).toISOString();
    let afterSeq = 0;
    for (;;) {
      const events = await findEvents(core.db, { type: FOLLOWED, from, afterSeq, limit: 1_000 });
      for (const event of events) tracker.apply(event);
      if (events.length < 1_000) break;
      afterSeq = events[events.length - 1]!.seq;
    }
    return tracker;
  });
}

/** Follows the journal: hazards change as incidents and cordons do, and the warnings go out on /live. */
export function followHazards(core: Core): void {
  const unsubscribe = core.bus.subscribe((events) => {
    const relevant = events.filter((event) => FOLLOWED.includes(event.type));
    if (relevant.length === 0) return;
    void trackerOf(core).then(async (tracker) => {
      // Read at first use, the tracker already holds these events when it was built after them.
      let changed = false;
      for (const event of relevant) changed = tracker.apply(event) || changed;
      if (changed) core.bus.publishTelemetry({ stream: 'transit-feed/*', kind: 'transit-warnings', items: await listWarnings(core) });
    }).catch((error: unknown) => core.log.error({ err: error }, 'following incidents and cordons for transit warnings failed'));
  });
  core.state.set(followingKey, unsubscribe);
}

/** The current warnings: each hazard with the tram and bus lines within reach, nearest first. */
export async function listWarnings(core: Core): Promise<TransitWarning[]> {
  const [tracker, network] = await Promise.all([trackerOf(core), getNetwork(core)]);
  const warnings: TransitWarning[] = [];
  for (const hazard of tracker.hazards.values()) {
    const routes = linesNear(network, hazard.at);
    if (routes.length === 0) continue;
    const emitted = [...tracker.alerts.values()].find((alert) => alert.hazard === hazard.id);
    warnings.push({ id: hazard.id, source: hazard.source, reference: hazard.reference, lat: hazard.at.lat, lon: hazard.at.lon, routes, emitted: emitted?.id ?? null });
  }
  return warnings.sort((a, b) => a.routes[0]!.distanceM - b.routes[0]!.distanceM);
}

/** The tram and bus lines whose shape passes within `WARNING_DISTANCE_M` of `at`, with how near. */
export function linesNear(network: TransitNetwork, at: LatLon): TransitWarning['routes'] {
  const plane = localPlane(at);
  const near: TransitWarning['routes'] = [];
  for (const route of network.routes) {
    if ((route.mode !== 'tram' && route.mode !== 'bus') || route.shape === null) continue;
    let best = Infinity;
    for (const line of route.shape.coordinates) {
      for (let i = 1; i < line.length; i += 1) {
        const [a, b] = [line[i - 1]!, line[i]!];
        best = Math.min(best, distanceToSegment(plane.x(a[0]!), plane.y(a[1]!), plane.x(b[0]!), plane.y(b[1]!)));
      }
    }
    if (best <= WARNING_DISTANCE_M) near.push({ feedId: route.feedId, routeId: route.id, name: route.shortName || route.longName, mode: route.mode, distanceM: Math.round(best) });
  }
  return near.sort((a, b) => a.distanceM - b.distanceM);
}

/** The distance from the origin to the segment a–b, on the local plane (metres). */
function distanceToSegment(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const squared = dx * dx + dy * dy;
  const t = squared === 0 ? 0 : Math.min(1, Math.max(0, (-ax * dx - ay * dy) / squared));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/**
 * The operator confirms a warning: a GTFS-realtime Alert on its lines (cause POLICE_ACTIVITY) joins
 * the Alert feed until the incident ends or the cordon is lifted; journaled on each line's feed.
 */
export async function emitAlert(core: Core, actor: string, input: EmitAlert): Promise<TransitWarning> {
  const warning = (await listWarnings(core)).find((each) => each.id === input.warning);
  if (warning === undefined) throw new DomainError('not_found', `no warning "${input.warning}": no open incident or cordon in force near a tram or bus line has that id`);
  if (warning.emitted !== null) throw new DomainError('conflict', `an alert (${warning.emitted}) was already emitted for ${warning.id}`);
  const alert = randomUUID();
  const effect = input.effect ?? 'DETOUR';
  await runCommand(core, actor, async ({ record }) => {
    for (const feedId of new Set(warning.routes.map((route) => route.feedId))) {
      record(feedStream(feedId), 'transit_feed.alert_emitted', {
        alert,
        routes: warning.routes.map((route) => `${route.feedId}:${route.routeId}`),
        cause: 'POLICE_ACTIVITY',
        effect,
        header: input.header,
        description: input.description ?? '',
        source: warning.id,
      });
    }
  });
  // The bus brings the event to the tracker too; applying it here makes the answer hold it already.
  const tracker = await trackerOf(core);
  tracker.alerts.set(alert, { id: alert, hazard: warning.id, header: input.header, description: input.description ?? '', effect, routes: warning.routes, at: core.clock.now().toISOString() });
  return { ...warning, emitted: alert };
}

/** The Alert feed: every alert emitted whose incident or cordon is still there, as a FeedMessage. */
export async function alertFeed(core: Core): Promise<Uint8Array> {
  const tracker = await trackerOf(core);
  const alerts = [...tracker.alerts.values()].map((alert) => ({
    id: alert.id,
    header: alert.header,
    description: alert.description,
    cause: 'POLICE_ACTIVITY',
    effect: alert.effect,
    routes: alert.routes,
    activeFrom: Math.floor(Date.parse(alert.at) / 1_000),
  }));
  return encodeAlerts(alerts, Math.floor(core.clock.now().getTime() / 1_000));
}
