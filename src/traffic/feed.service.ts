import type { Actor } from '../core/auth/principal.js';
import { timestamp } from '../core/clock.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { StateKey } from '../core/module-state.js';
import { startSweep, type Sweep } from '../core/sweep.js';
import { ClosureSource, ClosureStatus } from '../contract/traffic.js';
import type { TrafficFeedFormat } from '../contract/traffic-feed.js';
import type { ClosureEntry } from '../contract/traffic.schema.js';
import type { FeedAccepted, NewTrafficFeed, TrafficEvent, TrafficFeed, TrafficFeedChange } from '../contract/traffic-feed.schema.js';
import { setRoadClosures, type EdgeClosure } from '../geo/roads/road-closures.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { closedLines, closureGeometry } from './closure.js';
import { readDatexFeed } from './feed-datex.js';
import { feedRefusal, placeEdges, readJsonFeed, roadNamesOf, type FeedContent, type FeedEventIn } from './feed.js';
import {
  countSiteRows,
  deleteEventRow,
  deleteFeedRows,
  findFeedRow,
  insertEventRow,
  insertFeedRow,
  listEventRows,
  listFeedRows,
  listSiteRows,
  markEventClosure,
  updateFeedRow,
  upsertSiteRows,
  type TrafficFeedEventRow,
  type TrafficFeedRow,
} from './feed.repository.js';
import { liveSpeeds } from './speed.service.js';

/** The system's name in the journal for the sweep that starts and ends feed closures on time. */
export const FEED_SWEEP_ACTOR: Actor = 'system:traffic-feeds';
/** How often feeds are polled when due, and closures started and ended. */
export const FEED_SWEEP_EVERY_MS = 15_000;
const DEFAULT_POLL_S = 60;
const FETCH_TIMEOUT_MS = 10_000;

/** How a feed fares, in memory (telemetry, per node): what the last document held, the last refusal. */
interface FeedRun {
  lastSuccessAt: string | null;
  lastFormat: TrafficFeedFormat | null;
  lastError: { at: string; message: string } | null;
  counts: { speeds: number; edges: number; unmatched: number; events: number };
  lastPolledAtMs: number;
}

interface FeedsState {
  readonly runs: Map<string, FeedRun>;
  sweep: Sweep | undefined;
  unsubscribe: (() => void) | undefined;
}

/** The feeds' runs and their sweep, per kernel. */
export const trafficFeedsKey = new StateKey<FeedsState>('traffic: the traffic feeds in (last document taken or refused, per feed) and their sweep');

function stateOf(core: Pick<Core, 'state'>): FeedsState {
  return core.state.obtain(trafficFeedsKey, () => ({ runs: new Map(), sweep: undefined, unsubscribe: undefined }));
}

function runOf(core: Pick<Core, 'state'>, id: string): FeedRun {
  const runs = stateOf(core).runs;
  let run = runs.get(id);
  if (run === undefined) runs.set(id, (run = { lastSuccessAt: null, lastFormat: null, lastError: null, counts: { speeds: 0, edges: 0, unmatched: 0, events: 0 }, lastPolledAtMs: 0 }));
  return run;
}

const feedStream = (id: string) => `traffic-feed/${id}`;
const closureStream = (feed: string, event: string) => `feed-closure/${feed}:${event}`;

function notFound(id: string): never {
  throw new DomainError('not_found', `no traffic feed "${id}"; configure it first (POST /traffic/feeds)`);
}

// --- Configuration (journaled) -------------------------------------------------------------------

function feedOf(core: Pick<Core, 'state'>, row: TrafficFeedRow, sites: number, events: readonly TrafficFeedEventRow[], now: string): TrafficFeed {
  const run = runOf(core, row.id);
  const own = events.filter((e) => e.feed_id === row.id && inForceOrComing(e, now));
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    pollIntervalS: row.poll_s,
    configuredAt: row.configured_at,
    updatedAt: row.updated_at,
    sites,
    lastSuccessAt: run.lastSuccessAt,
    lastFormat: run.lastFormat,
    lastError: run.lastError,
    counts: { ...run.counts },
    events: own.length,
    closures: own.filter((e) => e.closure === 'started').length,
  };
}

const inForceOrComing = (row: TrafficFeedEventRow, now: string) => row.ends_at === null || row.ends_at > now;

export async function listFeeds(core: Pick<Core, 'db' | 'state' | 'clock'>): Promise<TrafficFeed[]> {
  const sites = await countSiteRows(core.db);
  const events = await listEventRows(core.db);
  const now = timestamp(core.clock);
  return (await listFeedRows(core.db)).map((row) => feedOf(core, row, sites.get(row.id) ?? 0, events, now));
}

export async function getFeed(core: Pick<Core, 'db' | 'state' | 'clock'>, id: string): Promise<TrafficFeed> {
  const row = (await findFeedRow(core.db, id)) ?? notFound(id);
  return feedOf(core, row, (await countSiteRows(core.db)).get(id) ?? 0, await listEventRows(core.db, id), timestamp(core.clock));
}

/** Configures a feed (pushed by its device; polled from `url` when given); journaled. */
export async function configureFeed(core: Core, actor: Actor, body: NewTrafficFeed): Promise<TrafficFeed> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    if ((await findFeedRow(trx, body.id)) !== undefined) throw new DomainError('conflict', `a traffic feed "${body.id}" exists already; change it (PATCH) or choose another id`);
    const row: TrafficFeedRow = { id: body.id, name: body.name.trim(), url: body.url ?? null, poll_s: body.pollIntervalS ?? DEFAULT_POLL_S, configured_at: at, updated_at: at };
    await insertFeedRow(trx, row);
    record(feedStream(row.id), 'traffic_feed.configured', { name: row.name, url: row.url, pollIntervalS: row.poll_s });
  });
  return getFeed(core, body.id);
}

/** Changes a feed's name, URL or interval (only what is given); journaled. */
export async function changeFeed(core: Core, actor: Actor, id: string, change: TrafficFeedChange): Promise<TrafficFeed> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const row = (await findFeedRow(trx, id)) ?? notFound(id);
    const next = { name: change.name?.trim() ?? row.name, url: change.url === undefined ? row.url : change.url, poll_s: change.pollIntervalS ?? row.poll_s };
    await updateFeedRow(trx, id, { ...next, updated_at: at });
    record(feedStream(id), 'traffic_feed.changed', { name: next.name, url: next.url, pollIntervalS: next.poll_s });
  });
  // A new URL is polled at the next beat.
  runOf(core, id).lastPolledAtMs = 0;
  return getFeed(core, id);
}

/** Removes a feed, its sites and events; the closures it brought end (journaled). */
export async function removeFeed(core: Core, actor: Actor, id: string): Promise<void> {
  await runCommand(core, actor, async ({ trx, record }) => {
    const row = (await findFeedRow(trx, id)) ?? notFound(id);
    for (const event of await listEventRows(trx, id)) {
      if (event.closure === 'started') record(closureStream(id, event.event_id), 'feed_closure.ended', { endsAt: event.ends_at, why: 'feed_removed' });
    }
    await deleteFeedRows(trx, id);
    record(feedStream(id), 'traffic_feed.removed', { name: row.name });
  });
  stateOf(core).runs.delete(id);
  await refreshFeedClosures(core);
}

// --- Documents in -------------------------------------------------------------------------------

/** Reads a document by its content type: DATEX II XML, or the JSON form (already parsed). */
export function readFeedDocument(body: unknown, contentType: string): FeedContent {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return readJsonFeed(body);
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) {
    if (typeof body !== 'string') throw feedRefusal('body', 'an XML document is expected');
    return readDatexFeed(body);
  }
  throw new DomainError('unsupported_media_type', `content type "${type}" is not read; send DATEX II as application/xml or the JSON form as application/json`);
}

/**
 * Takes a document for feed `id` (pushed, or fetched by the poll): speeds become observations of the
 * live estimates (source `feed`); events, when the document lists them, replace the feed's events, and
 * those closing a road close it to routing from their start to their end (journaled then). A document
 * refused is recorded on the feed's status, and nothing changes.
 */
export async function acceptFeedDocument(core: Core, actor: Actor, id: string, body: unknown, contentType: string): Promise<FeedAccepted> {
  if ((await findFeedRow(core.db, id)) === undefined) notFound(id);
  const run = runOf(core, id);
  let content: FeedContent;
  try {
    content = readFeedDocument(body, contentType);
  } catch (error) {
    if (error instanceof DomainError) run.lastError = { at: timestamp(core.clock), message: error.message };
    throw error;
  }
  const graph = await getRoadGraph(core);
  // Sites, then speeds: a message container may hold its site table with the measured data.
  if (content.sites.length > 0) {
    await core.db.transaction().execute((trx) =>
      upsertSiteRows(trx, content.sites.map((site) => ({ feed_id: id, site_id: site.id, points: toJsonText(site.points.map((p) => ({ lat: p.lat, lon: p.lon }))), bearing_deg: site.bearingDeg }))),
    );
  }
  const sites = new Map((await listSiteRows(core.db, id)).map((row) => [row.site_id, { points: fromJsonText(row.points), bearingDeg: row.bearing_deg }]));
  const observations: { edge: number; kmh: number; atMs: number }[] = [];
  let unmatched = 0;
  const observe = (edges: readonly number[], kmh: number, atMs: number) => {
    if (edges.length === 0) unmatched += 1;
    for (const edge of edges) observations.push({ edge, kmh, atMs });
  };
  for (const speed of content.siteSpeeds) {
    const site = sites.get(speed.site);
    observe(site === undefined ? [] : placeEdges(graph, site), speed.kmh, speed.atMs);
  }
  for (const speed of content.lineSpeeds) observe(placeEdges(graph, { points: speed.points, bearingDeg: null }), speed.kmh, speed.atMs);
  const results = liveSpeeds(core).observeFeed(graph, observations);
  if (content.events !== undefined) await replaceEvents(core, actor, id, content.events);
  const counts = {
    speeds: content.siteSpeeds.length + content.lineSpeeds.length,
    edges: results.filter((r) => r === 'accepted').length,
    unmatched,
    events: content.events?.length ?? 0,
  };
  Object.assign(run, { lastSuccessAt: timestamp(core.clock), lastFormat: content.format, counts });
  return { format: content.format, ...counts, sites: content.sites.length };
}

/** Replaces the feed's events with `events`: closures withdrawn end (journaled); the rest waits for its start. */
async function replaceEvents(core: Core, actor: Actor, feedId: string, events: readonly FeedEventIn[]): Promise<void> {
  const receivedAt = timestamp(core.clock);
  // Read before the command: SQLite's one connection is the transaction's until it ends.
  const graph = await getRoadGraph(core);
  await runCommand(core, actor, async (scope) => {
    const before = new Map((await listEventRows(scope.trx, feedId)).map((row) => [row.event_id, row]));
    for (const [eventId, row] of before) {
      const kept = events.find((e) => e.id === eventId);
      // Withdrawn, or no longer closing the road: the closure ends now.
      if (row.closure === 'started' && (kept === undefined || !kept.closesRoad)) scope.record(closureStream(feedId, eventId), 'feed_closure.ended', { endsAt: row.ends_at, why: 'withdrawn' });
      await deleteEventRow(scope.trx, feedId, eventId);
    }
    for (const event of events) {
      const previous = before.get(event.id);
      await insertEventRow(scope.trx, {
        feed_id: feedId,
        event_id: event.id,
        kind: event.kind,
        description: event.description,
        points: toJsonText(event.points.map((p) => ({ lat: p.lat, lon: p.lon }))),
        bearing_deg: event.bearingDeg,
        starts_at: event.startsAt,
        ends_at: event.endsAt,
        closes_road: event.closesRoad ? 1 : 0,
        received_at: receivedAt,
        closure: previous?.closure === 'started' && event.closesRoad ? 'started' : null,
      });
    }
    await startAndEnd(graph, scope, feedId);
  });
  await refreshFeedClosures(core);
}

/**
 * In a command: starts (journaled) the closing events whose start has come, ends (journaled) those whose
 * end has passed, and forgets events past their end. One feed, or all.
 */
async function startAndEnd(graph: RoadGraph, scope: CommandScope, feedId?: string): Promise<number> {
  const now = scope.at;
  let changed = 0;
  for (const row of await listEventRows(scope.trx, feedId)) {
    const over = row.ends_at !== null && row.ends_at <= now;
    if (over) {
      if (row.closure === 'started') scope.record(closureStream(row.feed_id, row.event_id), 'feed_closure.ended', { endsAt: row.ends_at, why: 'end_time' });
      await deleteEventRow(scope.trx, row.feed_id, row.event_id);
      changed += 1;
    } else if (row.closes_road === 1 && row.closure === null && row.starts_at <= now) {
      const edges = placeEdges(graph, { points: fromJsonText(row.points), bearingDeg: row.bearing_deg });
      scope.record(closureStream(row.feed_id, row.event_id), 'feed_closure.started', {
        feed: row.feed_id,
        event: row.event_id,
        kind: row.kind,
        description: row.description,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        roads: roadNamesOf(graph, edges),
      });
      await markEventClosure(scope.trx, row.feed_id, row.event_id, 'started');
      changed += 1;
    }
  }
  return changed;
}

/** One pass of the sweep: closures started and ended on time, then routing told. */
export async function sweepFeedClosures(core: Core): Promise<number> {
  const now = timestamp(core.clock);
  const rows = await listEventRows(core.db);
  const due = rows.some((row) => (row.ends_at !== null && row.ends_at <= now) || (row.closes_road === 1 && row.closure === null && row.starts_at <= now));
  const graph = await getRoadGraph(core);
  const changed = due ? await runCommand(core, FEED_SWEEP_ACTOR, (scope) => startAndEnd(graph, scope)) : 0;
  await refreshFeedClosures(core);
  return changed;
}

/** Closes to routing, under source `feed`, the feed events journaled as started and not yet ended. */
export async function refreshFeedClosures(core: Pick<Core, 'db' | 'state' | 'clock'>): Promise<void> {
  const now = timestamp(core.clock);
  const rows = (await listEventRows(core.db)).filter((row) => row.closure === 'started' && (row.ends_at === null || row.ends_at > now));
  setRoadClosures(core, ClosureSource.feed, rows.map(edgeClosureOf));
}

function edgeClosureOf(row: TrafficFeedEventRow): EdgeClosure {
  const byGraph = new WeakMap<RoadGraph, readonly number[]>();
  const place = { points: fromJsonText(row.points), bearingDeg: row.bearing_deg };
  return {
    id: `${row.feed_id}:${row.event_id}`,
    edgesOn(graph) {
      let edges = byGraph.get(graph);
      // Both ways: a road closed is closed to all its traffic (routing closes an edge's twin too).
      if (edges === undefined) byGraph.set(graph, (edges = placeEdges(graph, place)));
      return edges;
    },
  };
}

// --- What the traffic room reads ----------------------------------------------------------------

function geometryOf(points: readonly { lat: number; lon: number }[]): TrafficEvent['geometry'] {
  return points.length === 1 ? { type: 'Point', coordinates: [points[0]!.lon, points[0]!.lat] } : { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat] as [number, number]) };
}

/** Every feed event not over, closing or not, by start. */
export async function listTrafficEvents(core: Pick<Core, 'db' | 'state' | 'clock'>): Promise<TrafficEvent[]> {
  const now = timestamp(core.clock);
  const graph = await getRoadGraph(core);
  return (await listEventRows(core.db))
    .filter((row) => inForceOrComing(row, now))
    .map((row) => {
      const points = fromJsonText(row.points);
      return {
        feed: row.feed_id,
        id: row.event_id,
        kind: row.kind,
        description: row.description,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        closesRoad: row.closes_road === 1,
        inForce: row.starts_at <= now,
        roads: roadNamesOf(graph, placeEdges(graph, { points, bearingDeg: row.bearing_deg })),
        geometry: geometryOf(points),
        receivedAt: row.received_at,
      };
    });
}

/** The feeds' closing events, for the traffic room's list of closures (source `feed`, read-only). */
export async function feedClosureEntries(core: Pick<Core, 'db' | 'clock'>, graph: RoadGraph): Promise<ClosureEntry[]> {
  const now = timestamp(core.clock);
  return (await listEventRows(core.db))
    .filter((row) => row.closes_road === 1 && inForceOrComing(row, now))
    .map((row) => {
      const edges = placeEdges(graph, { points: fromJsonText(row.points), bearingDeg: row.bearing_deg });
      const inForce = row.closure === 'started';
      return {
        source: ClosureSource.feed,
        id: `${row.feed_id}:${row.event_id}`,
        status: inForce ? ClosureStatus.inForce : ClosureStatus.scheduled,
        roads: roadNamesOf(graph, edges),
        reason: null,
        reasonText: row.description,
        startsAt: row.starts_at,
        endsAt: row.ends_at,
        incident: null,
        closesRouting: inForce,
        geometry: closureGeometry(closedLines(graph, edges)),
        closure: null,
      };
    });
}

// --- Polling and the sweep ----------------------------------------------------------------------

/** One pass: fetches each feed with a URL whose interval has passed since its last poll. */
export async function pollDueFeeds(core: Core): Promise<void> {
  const now = core.clock.now().getTime();
  for (const row of await listFeedRows(core.db)) {
    if (row.url === null) continue;
    const run = runOf(core, row.id);
    if (now - run.lastPolledAtMs < row.poll_s * 1_000) continue;
    run.lastPolledAtMs = now;
    await pollFeed(core, row.id, row.url);
  }
}

async function pollFeed(core: Core, id: string, url: string): Promise<void> {
  const run = runOf(core, id);
  let body: unknown;
  let contentType: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS), headers: { accept: 'application/xml, application/json' } });
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    contentType = response.headers.get('content-type') ?? 'application/xml';
    const text = await response.text();
    body = contentType.includes('json') ? JSON.parse(text) : text;
  } catch (error) {
    const message = `fetching ${url} failed: ${(error as Error).message}`;
    run.lastError = { at: timestamp(core.clock), message };
    core.log.warn({ feed: id }, message);
    return;
  }
  try {
    await acceptFeedDocument(core, FEED_SWEEP_ACTOR, id, body, contentType);
  } catch (error) {
    // Refusals are on the status already; anything else goes to the log too.
    if (!(error instanceof DomainError)) throw error;
    core.log.warn({ feed: id }, error.message);
  }
}

/**
 * Sets the feed closures in force, then every `FEED_SWEEP_EVERY_MS` polls the feeds due and starts and
 * ends closures on time; follows feed-closure events on the live bus (another node's push closes the
 * roads here too).
 */
export async function startTrafficFeeds(core: Core): Promise<void> {
  await sweepFeedClosures(core);
  const state = stateOf(core);
  state.sweep = startSweep(core, {
    name: 'the traffic feeds sweep',
    everyMs: FEED_SWEEP_EVERY_MS,
    run: async () => {
      await pollDueFeeds(core);
      await sweepFeedClosures(core);
    },
  });
  state.unsubscribe = core.bus.subscribe((events) => {
    if (events.some((e) => e.stream.startsWith('feed-closure/'))) void refreshFeedClosures(core).catch((error: unknown) => core.log.warn({ err: error }, 'reading the feed closures in force failed'));
  });
}

export async function stopTrafficFeeds(core: Core): Promise<void> {
  const state = core.state.find(trafficFeedsKey);
  state?.unsubscribe?.();
  await state?.sweep?.stop();
  core.state.delete(trafficFeedsKey);
}
