import bindings from 'gtfs-realtime-bindings';
import { listDevices, registerDevice, revokeDevice } from '../core/auth/device.service.js';
import { localYear } from '../core/time-zone.js';
// The company's own timetable and clock arithmetic: pure code, as any GTFS producer would hold.
import { DEMO_TRANSIT_FEED, demoTransitFiles } from '../transit/demo-lines.js';
import { readGtfsFiles, type GtfsFeed } from '../transit/gtfs.js';
import { serviceDate, serviceDayOrigin } from '../transit/timetable.js';
import { SIM_ACTOR } from './sim-credentials.js';
import type { SimCentre, SimulatedActor, SimWorld } from './sim.js';

const { transit_realtime: rt } = bindings;

/** How often the tram company's system pushes its GTFS-realtime feed. */
const PUSH_EVERY_MS = 30_000;
const SIM_DEVICE = /^sim-trams-(\d+)$/;

interface Call {
  readonly sequence: number;
  readonly arrivalS: number;
  readonly departureS: number;
  readonly lat: number;
  readonly lon: number;
}

/**
 * The demo city's tram company: its system follows the trams of lines T1 and T2 as the timetable runs
 * them, each trip late by a few minutes of its own, and pushes VehiclePositions and TripUpdates to the
 * centre every 30 s with a device token of kind `transit` (it may push, nothing else).
 */
export class TramNetwork implements SimulatedActor {
  readonly name = 'trams';
  private world: SimWorld | undefined;
  private token: string | undefined;
  private trips: { id: string; routeId: string; calls: Call[] }[] = [];
  private stopped = false;

  async start(world: SimWorld): Promise<void> {
    this.world = world;
    const { core } = world.centre;
    // The timetable the company runs: the demo feed, generated from the same roads as the centre's copy.
    const feed = readGtfsFiles(new Map(Object.entries(demoTransitFiles(world.city.graph, localYear(core.clock.now())))));
    this.trips = tramTrips(feed);
    if (this.trips.length === 0) return;
    // A token per run, as the other simulated devices: the previous run's is revoked.
    let generation = 0;
    for (const device of await listDevices(core.db)) {
      const match = SIM_DEVICE.exec(device.name);
      if (match === null) continue;
      generation = Math.max(generation, Number(match[1]));
      if (device.revokedAt === null) await revokeDevice(core, SIM_ACTOR, device.id, 'the simulator restarted; it keeps no device token between runs');
    }
    this.token = (await registerDevice(core, SIM_ACTOR, { name: `sim-trams-${generation + 1}`, kind: 'transit' })).token;
    world.scheduler.after(0, 'trams: push the realtime feed', () => this.push());
  }

  async stop(): Promise<void> {
    this.stopped = true;
  }

  /** One push: every tram running now, where its late timetable puts it. */
  private async push(): Promise<void> {
    const world = this.world!;
    if (this.stopped) return;
    world.scheduler.after(PUSH_EVERY_MS, 'trams: push the realtime feed', () => this.push());
    const now = world.scheduler.now();
    const message = tramMessage(this.trips, now, world.seed);
    if (!(await pushFeed(world.centre, this.token!, message))) {
      // A centre seeded before it had public transport holds no demo feed: nothing to follow.
      world.log.warn({ feed: DEMO_TRANSIT_FEED }, 'the centre holds no demo transit feed; the trams are not played');
      this.stopped = true;
    }
  }
}

/** The tram trips (route_type 0) with their calls and the stops' places. */
export function tramTrips(feed: GtfsFeed): { id: string; routeId: string; calls: Call[] }[] {
  const trams = new Set(feed.routes.filter((route) => route.type === 0).map((route) => route.id));
  const stops = new Map(feed.stops.map((stop) => [stop.id, stop]));
  const calls = new Map<string, Call[]>();
  for (const st of feed.stopTimes) {
    const stop = stops.get(st.stopId)!;
    calls.set(st.tripId, [...(calls.get(st.tripId) ?? []), { sequence: st.stopSequence, arrivalS: st.arrivalS, departureS: st.departureS, lat: stop.lat, lon: stop.lon }]);
  }
  return feed.trips.filter((trip) => trams.has(trip.routeId)).map((trip) => ({ id: trip.id, routeId: trip.routeId, calls: calls.get(trip.id)!.sort((a, b) => a.sequence - b.sequence) }));
}

/** A trip's delay, seconds: its own for the run's seed, mostly under two minutes, one trip in six about five. */
export function tripDelayS(tripId: string, seed: number): number {
  let hash = seed | 0;
  for (let i = 0; i < tripId.length; i += 1) hash = (Math.imul(hash, 31) + tripId.charCodeAt(i)) | 0;
  const draw = (hash >>> 0) % 600;
  return draw < 100 ? 240 + draw : Math.floor(draw / 5);
}

/** The FeedMessage of every tram running at `nowMs`: its position between stops, and its delay. */
export function tramMessage(trips: readonly { id: string; routeId: string; calls: readonly Call[] }[], nowMs: number, seed: number): Uint8Array {
  const origin = serviceDayOrigin(serviceDate(new Date(nowMs)));
  const entities: object[] = [];
  for (const trip of trips) {
    const delayS = tripDelayS(trip.id, seed);
    // Where the timetable, moved by the delay, has the tram now.
    const t = (nowMs - origin) / 1_000 - delayS;
    const calls = trip.calls;
    if (t < calls[0]!.departureS || t >= calls[calls.length - 1]!.arrivalS) continue;
    const next = calls.findIndex((call) => call.arrivalS > t);
    const from = calls[next - 1]!;
    const to = calls[next]!;
    const atStop = t < from.departureS;
    const share = atStop ? 0 : (t - from.departureS) / Math.max(1, to.arrivalS - from.departureS);
    entities.push({
      id: `v-${trip.id}`,
      vehicle: {
        trip: { tripId: trip.id, routeId: trip.routeId },
        vehicle: { id: `tram-${trip.id}`, label: trip.id },
        position: { latitude: from.lat + (to.lat - from.lat) * share, longitude: from.lon + (to.lon - from.lon) * share },
        currentStopSequence: atStop ? from.sequence : to.sequence,
        currentStatus: atStop ? 'STOPPED_AT' : 'IN_TRANSIT_TO',
        timestamp: Math.floor(nowMs / 1_000),
      },
    });
    entities.push({ id: `u-${trip.id}`, tripUpdate: { trip: { tripId: trip.id, routeId: trip.routeId }, stopTimeUpdate: [{ stopSequence: to.sequence, arrival: { delay: delayS } }] } });
  }
  const message = rt.FeedMessage.fromObject({ header: { gtfsRealtimeVersion: '2.0', incrementality: 'FULL_DATASET', timestamp: Math.floor(nowMs / 1_000) }, entity: entities });
  return rt.FeedMessage.encode(message).finish();
}

/** Pushes the message; false when the centre has no such feed. */
async function pushFeed(centre: SimCentre, token: string, message: Uint8Array): Promise<boolean> {
  const response = await centre.app.inject({
    method: 'POST',
    url: `/transit/feeds/${DEMO_TRANSIT_FEED}/realtime/data`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-protobuf' },
    payload: Buffer.from(message),
  });
  if (response.statusCode === 404) return false;
  if (response.statusCode !== 200) throw new Error(`the tram feed was refused: ${response.statusCode} ${response.body}`);
  return true;
}
