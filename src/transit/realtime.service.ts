import { runCommandOn } from '../core/command.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { StateKey } from '../core/module-state.js';
import { startSweep, type Sweep } from '../core/sweep.js';
import type { RealtimeChange, RealtimeConfig, RealtimeStatus, TransitAlert, TransitVehicle } from '../contract/transit.schema.js';
import { feedStream } from './gtfs.service.js';
import { decodeRealtime, RealtimeError, type RealtimeMessage, type RealtimeTripUpdate } from './realtime.js';
import { serviceDate, serviceDayOrigin } from './timetable.js';
import { findFeedRow, listFeedRows, listStopTimeRows, listTripRows, updateFeedRealtime, type TransitFeedRow, type TransitStopTimeRow } from './transit.repository.js';
import { getNetwork } from './transit-network.js';

/** A trip's delays as its last TripUpdate gave them: by stop sequence, ascending. */
export interface TripDelays {
  readonly canceled: boolean;
  readonly tripDelayS: number | null;
  readonly atStops: readonly { readonly sequence: number; readonly delayS: number }[];
}

/** What a feed's last good realtime message left, and how the feed is doing. */
export interface FeedRealtime {
  vehicles: TransitVehicle[];
  trips: Map<string, TripDelays>;
  alerts: TransitAlert[];
  lastSuccessAt: string | null;
  lastError: { at: string; message: string } | null;
  unknownTrips: number;
  tripUpdates: number;
  /** Epoch ms of the last poll started (polled feeds only). */
  lastPolledAt: number;
}

/** Each feed's realtime picture, by feed id: in memory only (rebuilt from the next message after a restart). */
export const realtimeKey = new StateKey<Map<string, FeedRealtime>>("transit: each feed's realtime vehicles, trip updates, alerts and status");
export const pollingKey = new StateKey<Sweep>('transit: the GTFS-realtime polling sweep');

/** How often the sweep looks for feeds due a poll; each feed's own interval decides whether it is. */
const SWEEP_EVERY_MS = 5_000;
/** A poll that has not answered by then fails (and is recorded on the feed's status). */
const FETCH_TIMEOUT_MS = 10_000;
/** The largest FeedMessage read from a URL. */
const MAX_MESSAGE_BYTES = 20 * 1024 * 1024;
export const DEFAULT_POLL_S = 30;

function realtimeOf(core: Core): Map<string, FeedRealtime> {
  return core.state.obtain(realtimeKey, () => new Map());
}

function feedRealtime(core: Core, feedId: string): FeedRealtime {
  const all = realtimeOf(core);
  let state = all.get(feedId);
  if (state === undefined) {
    state = { vehicles: [], trips: new Map(), alerts: [], lastSuccessAt: null, lastError: null, unknownTrips: 0, tripUpdates: 0, lastPolledAt: 0 };
    all.set(feedId, state);
  }
  return state;
}

/** The feed's realtime status as the API shows it, or null when it has no realtime source and has had no message. */
export function realtimeStatus(core: Core, row: TransitFeedRow): RealtimeStatus | null {
  const state = realtimeOf(core).get(row.id);
  if (row.realtime_poll_s === null && state === undefined) return null;
  return {
    url: row.realtime_url,
    pollIntervalS: row.realtime_poll_s ?? DEFAULT_POLL_S,
    lastSuccessAt: state?.lastSuccessAt ?? null,
    lastError: state?.lastError ?? null,
    vehicles: state?.vehicles.length ?? 0,
    tripUpdates: state?.tripUpdates ?? 0,
    alerts: state?.alerts.length ?? 0,
    unknownTrips: state?.unknownTrips ?? 0,
  };
}

/** Every feed's vehicles. */
export function listVehicles(core: Core): TransitVehicle[] {
  return [...realtimeOf(core).values()].flatMap((state) => state.vehicles);
}

/** Every feed's alerts as last read. */
export function listAlerts(core: Core): TransitAlert[] {
  return [...realtimeOf(core).values()].flatMap((state) => state.alerts);
}

/** The delays the feed's trip updates give, by trip id. */
export function tripDelaysOf(core: Core, feedId: string): ReadonlyMap<string, TripDelays> {
  return realtimeOf(core).get(feedId)?.trips ?? new Map();
}

/**
 * The delay at stop `sequence` of a trip: the update at that stop, else the nearest one before it
 * (GTFS-realtime Reference, StopTimeUpdate: a delay propagates to the following stops), else the
 * trip's own delay. Null when nothing says.
 */
export function delayAt(trip: TripDelays, sequence: number): number | null {
  let found: number | null = null;
  for (const each of trip.atStops) {
    if (each.sequence > sequence) break;
    found = each.delayS;
  }
  return found ?? trip.tripDelayS;
}

/** Sets (POST) the feed's realtime source; journaled. */
export async function configureRealtime(core: Core, actor: string, feedId: string, config: RealtimeConfig): Promise<RealtimeStatus> {
  return changeRealtime(core, actor, feedId, config);
}

/** Changes (PATCH) the feed's realtime source; only what is given changes; journaled. */
export async function changeRealtime(core: Core, actor: string, feedId: string, change: RealtimeChange): Promise<RealtimeStatus> {
  const row = await runCommandOn(
    core,
    actor,
    async (trx) => (await findFeedRow(trx, feedId, { lock: true })) ?? notFound(feedId),
    async (before, { trx, at, record }) => {
      const url = change.url === undefined ? before.realtime_url : change.url;
      const pollIntervalS = change.pollIntervalS ?? before.realtime_poll_s ?? DEFAULT_POLL_S;
      await updateFeedRealtime(trx, feedId, { realtime_url: url, realtime_poll_s: pollIntervalS, realtime_updated_at: at });
      record(feedStream(feedId), 'transit_feed.realtime_configured', { url, pollIntervalS });
      return { ...before, realtime_url: url, realtime_poll_s: pollIntervalS, realtime_updated_at: at };
    },
  );
  // A new URL is polled at the next beat.
  feedRealtime(core, feedId).lastPolledAt = 0;
  return realtimeStatus(core, row)!;
}

function notFound(feedId: string): never {
  throw new DomainError('not_found', `no transit feed "${feedId}"; import its GTFS timetable first`);
}

/**
 * Takes a FeedMessage for `feedId` (pushed, or fetched by the poll). A message that does not decode or
 * check is refused, recorded on the feed's status, and the last good state stays.
 */
export async function acceptRealtime(core: Core, feedId: string, bytes: Uint8Array): Promise<RealtimeStatus> {
  const row = (await findFeedRow(core.db, feedId)) ?? notFound(feedId);
  const state = feedRealtime(core, feedId);
  let message: RealtimeMessage;
  try {
    message = decodeRealtime(bytes);
  } catch (error) {
    if (!(error instanceof RealtimeError)) throw error;
    state.lastError = { at: core.clock.now().toISOString(), message: error.message };
    throw new DomainError('validation', `GTFS-realtime message refused: ${error.message}`, { errors: [{ field: 'body', message: error.message }] });
  }
  await applyMessage(core, feedId, state, message);
  core.bus.publishTelemetry({ stream: feedStream(feedId), kind: 'transit-vehicles', items: state.vehicles });
  return realtimeStatus(core, row)!;
}

async function applyMessage(core: Core, feedId: string, state: FeedRealtime, message: RealtimeMessage): Promise<void> {
  const tripRows = new Map((await listTripRows(core.db, feedId)).map((row) => [row.trip_id, row]));
  const referenced = new Set([...message.vehicles.flatMap((v) => (v.tripId === null ? [] : [v.tripId])), ...message.tripUpdates.map((u) => u.tripId)]);
  const known = [...referenced].filter((id) => tripRows.has(id));
  const stopTimes = new Map<string, TransitStopTimeRow[]>();
  for (const row of await listStopTimeRows(core.db, feedId, known)) stopTimes.set(row.trip_id, [...(stopTimes.get(row.trip_id) ?? []), row]);

  const trips = new Map<string, TripDelays>();
  for (const update of message.tripUpdates) {
    if (!tripRows.has(update.tripId)) continue;
    trips.set(update.tripId, tripDelays(update, stopTimes.get(update.tripId) ?? []));
  }
  const network = await getNetwork(core);
  const modes = new Map(network.routes.filter((r) => r.feedId === feedId).map((r) => [r.id, r.mode]));
  const now = core.clock.now();
  const vehicles: TransitVehicle[] = message.vehicles.map((vehicle) => {
    const trip = vehicle.tripId === null ? undefined : tripRows.get(vehicle.tripId);
    const routeId = vehicle.routeId ?? trip?.route_id ?? null;
    const times = vehicle.tripId === null ? [] : (stopTimes.get(vehicle.tripId) ?? []);
    const sequence = vehicle.currentStopSequence ?? times.find((st) => st.stop_id === vehicle.stopId)?.stop_sequence ?? null;
    const delays = vehicle.tripId === null ? undefined : trips.get(vehicle.tripId);
    const fromUpdate = delays === undefined ? null : delayAt(delays, sequence ?? Number.MAX_SAFE_INTEGER);
    const fromSchedule = fromUpdate === null ? scheduleDelay(vehicle, sequence, times) : null;
    const at = vehicle.timestamp === null ? now : new Date(vehicle.timestamp * 1_000);
    return {
      feedId,
      id: vehicle.id,
      label: vehicle.label,
      tripId: vehicle.tripId,
      routeId,
      mode: routeId === null ? null : (modes.get(routeId) ?? null),
      lat: vehicle.lat,
      lon: vehicle.lon,
      bearing: vehicle.bearing,
      delayS: fromUpdate ?? fromSchedule,
      delaySource: fromUpdate !== null ? 'trip_update' : fromSchedule !== null ? 'schedule' : null,
      at: at.toISOString(),
    };
  });
  state.vehicles = vehicles;
  state.trips = trips;
  state.tripUpdates = message.tripUpdates.length;
  state.alerts = message.alerts.map((alert) => ({
    feedId,
    id: alert.id,
    header: alert.header,
    description: alert.description,
    cause: alert.cause,
    effect: alert.effect,
    routes: [...alert.routes],
    stops: [...alert.stops],
    activeFrom: alert.activeFrom === null ? null : new Date(alert.activeFrom * 1_000).toISOString(),
    activeUntil: alert.activeUntil === null ? null : new Date(alert.activeUntil * 1_000).toISOString(),
  }));
  state.unknownTrips = [...referenced].filter((id) => !tripRows.has(id)).length;
  state.lastSuccessAt = now.toISOString();
}

/** A TripUpdate's delays by stop sequence (stop ids turned into sequences through the trip's stop times). */
function tripDelays(update: RealtimeTripUpdate, times: readonly TransitStopTimeRow[]): TripDelays {
  const atStops: { sequence: number; delayS: number }[] = [];
  for (const stu of update.stopUpdates) {
    if (stu.delayS === null || stu.skipped) continue;
    const sequence = stu.stopSequence ?? times.find((st) => st.stop_id === stu.stopId)?.stop_sequence;
    if (sequence !== undefined) atStops.push({ sequence, delayS: stu.delayS });
  }
  atStops.sort((a, b) => a.sequence - b.sequence);
  return { canceled: update.canceled, tripDelayS: update.delayS, atStops };
}

/**
 * A vehicle's delay from the timetable when no TripUpdate gives one: the fix's time against the
 * scheduled departure of the stop it stands at; on its way to a stop, only lateness shows (a vehicle
 * not yet due is counted on time, as its place between stops is not timed).
 */
function scheduleDelay(vehicle: RealtimeMessage['vehicles'][number], sequence: number | null, times: readonly TransitStopTimeRow[]): number | null {
  if (vehicle.timestamp === null || sequence === null) return null;
  const stop = times.find((st) => st.stop_sequence === sequence);
  if (stop === undefined) return null;
  const date = vehicle.startDate ?? serviceDate(new Date(vehicle.timestamp * 1_000));
  const origin = serviceDayOrigin(date) / 1_000;
  if (vehicle.status === 'STOPPED_AT') return Math.round(vehicle.timestamp - (origin + stop.departure_s));
  return Math.max(0, Math.round(vehicle.timestamp - (origin + stop.arrival_s)));
}

/** Starts polling every feed that has a URL, each at its own interval. */
export function startPolling(core: Core): void {
  core.state.set(pollingKey, startSweep(core, { name: 'polling the GTFS-realtime feeds', everyMs: SWEEP_EVERY_MS, run: () => pollDueFeeds(core) }));
}

export async function stopPolling(core: Core): Promise<void> {
  await core.state.find(pollingKey)?.stop();
  core.state.delete(pollingKey);
}

/** One pass: fetches each feed whose interval has passed since its last poll. */
export async function pollDueFeeds(core: Core): Promise<void> {
  const now = core.clock.now().getTime();
  for (const row of await listFeedRows(core.db)) {
    if (row.realtime_url === null) continue;
    const state = feedRealtime(core, row.id);
    if (now - state.lastPolledAt < (row.realtime_poll_s ?? DEFAULT_POLL_S) * 1_000) continue;
    state.lastPolledAt = now;
    await pollFeed(core, row.id, row.realtime_url);
  }
}

async function pollFeed(core: Core, feedId: string, url: string): Promise<void> {
  const state = feedRealtime(core, feedId);
  let bytes: Uint8Array;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/x-protobuf, application/octet-stream' } });
    if (!response.ok) throw new RealtimeError(`${url} answered HTTP ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_MESSAGE_BYTES) throw new RealtimeError(`${url} sends ${length} bytes, more than the ${MAX_MESSAGE_BYTES} read`);
    bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length > MAX_MESSAGE_BYTES) throw new RealtimeError(`${url} sent more than the ${MAX_MESSAGE_BYTES} bytes read`);
  } catch (error) {
    const message = error instanceof RealtimeError ? error.message : `fetching ${url} failed: ${(error as Error).message}`;
    state.lastError = { at: core.clock.now().toISOString(), message };
    core.log.warn({ feed: feedId }, message);
    return;
  }
  try {
    await acceptRealtime(core, feedId, bytes);
  } catch (error) {
    // Refusals are on the status already; anything else goes to the log too.
    if (!(error instanceof DomainError)) throw error;
    core.log.warn({ feed: feedId }, error.message);
  }
}
