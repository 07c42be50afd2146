import type { Actor } from '../core/auth/principal.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import { DomainError, invalidField } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { StateKey } from '../core/module-state.js';
import { startSweep, type Sweep } from '../core/sweep.js';
import { timestamp } from '../core/clock.js';
import { ClosureDirection, ClosureKind, ClosureSource, ClosureStatus, closureActions, closureStatus } from '../contract/traffic.js';
import type { RoadClosureJournal } from '../contract/traffic.events.js';
import type { Closure, ClosureChange, ClosureEntry, NewClosure } from '../contract/traffic.schema.js';
import { listRoadClosures as listCordonClosures } from '../eod/index.js';
import { closedEdgesWithin, setRoadClosures, type EdgeClosure } from '../geo/roads/road-closures.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { listIncidents } from '../incidents/index.js';
import { feedClosureEntries } from './feed.service.js';
import { closedLines, closureEdges, closureGeometry, segmentEdgesNear, type ClosedLine, type ClosurePlace } from './closure.js';
import {
  findClosureRow,
  insertClosureRow,
  listActiveClosureRows,
  listDueClosureRows,
  nextClosureId,
  updateClosureRow,
  type TrafficClosureRow,
} from './closure.repository.js';

/**
 * The traffic operator's road closures: set (now or from a later start), end moved, reopened by
 * someone, ended by the system at their end time. Each in force closes its edges to routing under the
 * source `traffic` (`setRoadClosures`), set again at start, after each change, on each closure event
 * seen on the live bus (another node's change) and at each pass of the sweep, which also starts the
 * scheduled ones and ends those whose end has come.
 */

/** The stream of a closure's events. */
export function closureStream(id: number): string {
  return `road-closure/${id}`;
}

/** The actor of the sweep that ends closures at their end time. */
export const CLOSURE_SWEEP_ACTOR: Actor = 'system:traffic-closures';

/** How often the sweep runs: a closure starts and ends at most this late. */
export const CLOSURE_SWEEP_EVERY_MS = 15_000;

/** The place a row closes, as `closureEdges` reads it. */
function placeOf(row: Pick<TrafficClosureRow, 'kind' | 'point_lat' | 'point_lon' | 'street' | 'near_m' | 'area' | 'direction' | 'heading_deg'>): ClosurePlace {
  const point = row.point_lat === null || row.point_lon === null ? null : { lat: row.point_lat, lon: row.point_lon };
  switch (row.kind) {
    case ClosureKind.segment:
      return { kind: 'segment', point: point!, direction: row.direction, headingDeg: row.heading_deg };
    case ClosureKind.street:
      return { kind: 'street', street: row.street!, near: point === null || row.near_m === null ? null : { point, withinM: row.near_m } };
    case ClosureKind.area:
      return { kind: 'area', area: fromJsonText(row.area!) };
  }
}

interface Derived {
  readonly edges: readonly number[];
  readonly roads: readonly string[];
  readonly lines: readonly ClosedLine[];
}

/**
 * What each place closes, per graph and place (its geometry and names, which never change after it is
 * set): the list, the feeds (public, read by every partner) and routing derive a closure once per graph.
 * Keyed by what it is derived from, so two kernels in one process share only what is equal.
 */
const derivedByGraph = new WeakMap<RoadGraph, Map<string, Derived>>();
const DERIVED_PER_GRAPH = 2_000;

/**
 * A stored closure against `graph`: its edges, roads and lines. A closure the new network no longer
 * holds (a street renamed at a new import) closes nothing, and says so in the log.
 */
function derive(core: Pick<Core, 'log'>, graph: RoadGraph, row: TrafficClosureRow): Derived {
  const place = placeOf(row);
  const key = JSON.stringify(place);
  let known = derivedByGraph.get(graph);
  if (known === undefined) derivedByGraph.set(graph, (known = new Map()));
  const found = known.get(key);
  if (found !== undefined) return found;
  let derived: Derived;
  try {
    const { edges, roads } = closureEdges(graph, place);
    derived = { edges, roads, lines: closedLines(graph, edges) };
  } catch (error) {
    core.log.warn({ err: error, closure: row.id }, 'a road closure closes nothing on the current road network');
    derived = { edges: [], roads: [], lines: [] };
  }
  // The places of a few days' closures: dropped all at once past a bound, built again at the next read.
  if (known.size >= DERIVED_PER_GRAPH) known.clear();
  known.set(key, derived);
  return derived;
}


/** What a closure closes and why, as a row holds it: the part its answer and its journal event share. */
function placeAndReasonOf(row: TrafficClosureRow) {
  return {
    kind: row.kind,
    point: row.point_lat === null || row.point_lon === null ? null : { lat: row.point_lat, lon: row.point_lon },
    street: row.street,
    nearM: row.near_m,
    area: row.area === null ? null : fromJsonText(row.area),
    direction: row.direction,
    headingDeg: row.heading_deg,
    reason: row.reason,
    reasonText: row.reason_text,
  };
}

function closureOf(row: TrafficClosureRow, derived: Derived, now: string): Closure {
  const status = closureStatus(row.status, row.starts_at, now);
  return {
    id: row.id,
    ...placeAndReasonOf(row),
    status,
    allowedActions: [...closureActions[status]],
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    setBy: row.set_by,
    setAt: row.set_at,
    updatedAt: row.updated_at,
    reopenedBy: row.reopened_by,
    reopenedAt: row.reopened_at,
    endedAt: row.ended_at,
    version: row.version,
    roads: [...derived.roads],
    closedEdges: derived.edges.length,
    geometry: closureGeometry(derived.lines),
  };
}

/** An ISO date-time as stored (UTC, milliseconds): the same instant, compared as text. */
function normalised(at: string): string {
  return new Date(at).toISOString();
}

/** Checks the fields that go together for each kind; returns the place to close. */
function placeOfNew(body: NewClosure): ClosurePlace {
  const direction = body.direction ?? ClosureDirection.both;
  if (body.kind !== ClosureKind.segment && direction !== ClosureDirection.both) throw invalidField('direction', 'one way is for a segment only; a street or an area closes both ways');
  if (body.kind !== ClosureKind.segment && body.headingDeg !== undefined) throw invalidField('headingDeg', 'is for closing one way along a segment');
  if (body.kind !== ClosureKind.area && body.area !== undefined) throw invalidField('area', `is for kind area; a ${body.kind} takes ${body.kind === 'segment' ? 'point' : 'street'}`);
  switch (body.kind) {
    case ClosureKind.segment:
      if (body.point === undefined) throw invalidField('point', 'is needed: the point on the road whose segment (junction to junction) closes');
      if (body.street !== undefined || body.nearM !== undefined) throw invalidField(body.street !== undefined ? 'street' : 'nearM', 'is for kind street');
      if (direction === ClosureDirection.both && body.headingDeg !== undefined) throw invalidField('headingDeg', 'is for one way only (direction: one_way)');
      return { kind: 'segment', point: body.point, direction, headingDeg: body.headingDeg ?? null };
    case ClosureKind.street:
      if (body.street === undefined) throw invalidField('street', "is needed: the street's name as the map shows it");
      if ((body.point === undefined) !== (body.nearM === undefined)) throw invalidField(body.point === undefined ? 'point' : 'nearM', 'a street is limited to near a place with both point and nearM');
      return { kind: 'street', street: body.street.trim(), near: body.point === undefined || body.nearM === undefined ? null : { point: body.point, withinM: body.nearM } };
    case ClosureKind.area:
      if (body.area === undefined) throw invalidField('area', "is needed: the polygon's corners, at least 3");
      if (body.point !== undefined || body.street !== undefined || body.nearM !== undefined) throw invalidField(body.point !== undefined ? 'point' : body.street !== undefined ? 'street' : 'nearM', 'is not for kind area');
      return { kind: 'area', area: body.area };
  }
}

/**
 * Closes a segment, a street or an area, now or from `startsAt`; refused (400 naming the field, nothing
 * written) when its end is not after its start and now, or the place closes no road.
 */
export async function setClosure(core: Core, actor: Actor, body: NewClosure): Promise<Closure> {
  const now = timestamp(core.clock);
  const startsAt = body.startsAt === undefined ? now : normalised(body.startsAt);
  const endsAt = body.endsAt === undefined ? null : normalised(body.endsAt);
  if (endsAt !== null && endsAt <= startsAt) throw invalidField('endsAt', `must be after the start (${startsAt})`);
  if (endsAt !== null && endsAt <= now) throw invalidField('endsAt', `is already past (now is ${now})`);
  const place = placeOfNew(body);
  const graph = await getRoadGraph(core);
  const { roads } = closureEdges(graph, place);
  const row = await runCommand(core, actor, async ({ trx, at, record }) => {
    const row: TrafficClosureRow = {
      id: await nextClosureId(trx),
      kind: place.kind,
      status: 'active',
      point_lat: place.kind === 'segment' ? place.point.lat : place.kind === 'street' && place.near !== null ? place.near.point.lat : null,
      point_lon: place.kind === 'segment' ? place.point.lon : place.kind === 'street' && place.near !== null ? place.near.point.lon : null,
      street: place.kind === 'street' ? place.street : null,
      near_m: place.kind === 'street' && place.near !== null ? place.near.withinM : null,
      area: place.kind === 'area' ? toJsonText(place.area.map((p) => ({ lat: p.lat, lon: p.lon }))) : null,
      direction: place.kind === 'segment' ? place.direction : ClosureDirection.both,
      heading_deg: place.kind === 'segment' && place.direction === ClosureDirection.oneWay ? place.headingDeg : null,
      reason: body.reason,
      reason_text: body.reasonText ?? null,
      starts_at: startsAt,
      ends_at: endsAt,
      set_by: actor,
      set_at: at,
      updated_at: at,
      reopened_by: null,
      reopened_at: null,
      ended_at: null,
      version: 1,
    };
    await insertClosureRow(trx, row);
    const data: RoadClosureJournal = {
      ...placeAndReasonOf(row),
      startsAt,
      endsAt,
      roads: [...roads],
    };
    record(closureStream(row.id), 'road_closure.set', data);
    return row;
  });
  await refreshClosures(core);
  return getClosure(core, row.id);
}

/** A closure's row in the command under way, locked; `not_found` when there is none. */
async function activeRow(scope: CommandScope, id: number, action: 'change' | 'reopen', now: string): Promise<TrafficClosureRow> {
  const row = await findClosureRow(scope.trx, id, { lock: true });
  if (row === undefined) throw new DomainError('not_found', `no road closure has number ${id}`);
  const status = closureStatus(row.status, row.starts_at, now);
  if (!closureActions[status].includes(action)) throw new DomainError('invalid_transition', `road closure ${id} is \`${status}\`; allowed actions: ${closureActions[status].join(', ') || 'none'}`, { allowed: [...closureActions[status]] });
  return row;
}

/** Moves a closure's end (later, earlier, or none: until reopened). The new end must be after its start and now. */
export async function changeClosure(core: Core, actor: Actor, id: number, change: ClosureChange): Promise<Closure> {
  const endsAt = change.endsAt === null ? null : normalised(change.endsAt);
  await runCommand(core, actor, async (scope) => {
    const row = await activeRow(scope, id, 'change', scope.at);
    if (endsAt !== null && endsAt <= row.starts_at) throw invalidField('endsAt', `must be after the start (${row.starts_at})`);
    if (endsAt !== null && endsAt <= scope.at) throw invalidField('endsAt', `is already past (now is ${scope.at}); reopen the closure instead`);
    const version = row.version + 1;
    await updateClosureRow(scope.trx, id, { ends_at: endsAt, version, updated_at: scope.at });
    scope.record(closureStream(id), 'road_closure.changed', { endsAt, previousEndsAt: row.ends_at, version });
  });
  await refreshClosures(core);
  return getClosure(core, id);
}

/** Reopens the roads before the closure's end (or cancels a scheduled one), journaled with who did. */
export async function reopenClosure(core: Core, actor: Actor, id: number): Promise<Closure> {
  await runCommand(core, actor, async (scope) => {
    const row = await activeRow(scope, id, 'reopen', scope.at);
    await updateClosureRow(scope.trx, id, { status: 'reopened', reopened_by: actor, reopened_at: scope.at, updated_at: scope.at, version: row.version + 1 });
    scope.record(closureStream(id), 'road_closure.reopened', { by: actor, endsAt: row.ends_at });
  });
  await refreshClosures(core);
  return getClosure(core, id);
}

export async function getClosure(core: Pick<Core, 'db' | 'state' | 'clock' | 'log'>, id: number): Promise<Closure> {
  const row = await findClosureRow(core.db, id);
  if (row === undefined) throw new DomainError('not_found', `no road closure has number ${id}`);
  return closureOf(row, derive(core, await getRoadGraph(core), row), timestamp(core.clock));
}

/**
 * One pass of the sweep: ends (journaled, by the system) every closure whose end has come, then
 * closes to routing exactly those in force now (the scheduled ones whose start has come included).
 */
export async function sweepClosures(core: Core): Promise<{ ended: number }> {
  const now = timestamp(core.clock);
  // Most passes find nothing to end: no command (nor transaction) for them.
  const due = (await listActiveClosureRows(core.db)).some((row) => row.ends_at !== null && row.ends_at <= now);
  const ended = !due
    ? 0
    : await runCommand(core, CLOSURE_SWEEP_ACTOR, async ({ trx, at, record }) => {
    const due = await listDueClosureRows(trx, at);
    for (const row of due) {
      await updateClosureRow(trx, row.id, { status: 'ended', ended_at: at, updated_at: at, version: row.version + 1 });
      record(closureStream(row.id), 'road_closure.ended', { endsAt: row.ends_at! });
    }
    return due.length;
  });
  await refreshClosures(core);
  return { ended };
}

/**
 * Reads the closures not ended and closes to routing those in force at the clock's now, under source
 * `traffic`. Each closure's edges are derived once per graph (a new import of the roads derives them
 * again from the stored geometry).
 */
export async function refreshClosures(core: Pick<Core, 'db' | 'state' | 'clock' | 'log'>): Promise<void> {
  const now = timestamp(core.clock);
  const rows = (await listActiveClosureRows(core.db)).filter((row) => row.starts_at <= now && (row.ends_at === null || row.ends_at > now));
  setRoadClosures(core, ClosureSource.traffic, rows.map((row) => edgeClosureOf(core, row)));
}

function edgeClosureOf(core: Pick<Core, 'log'>, row: TrafficClosureRow): EdgeClosure {
  return { id: String(row.id), edgesOn: (graph) => derive(core, graph, row).edges };
}

/** What the traffic module's `start` leaves running: the sweep and the follower of closure events. */
export const closureSweepKey = new StateKey<{ readonly sweep: Sweep; readonly unsubscribe: () => void }>('traffic: the road closure sweep and follower');

/**
 * Sets the closures in force, then runs the sweep every 15 s and follows closure events on the live
 * bus (a change made on another node closes the roads here too).
 */
export async function startClosures(core: Core): Promise<void> {
  await sweepClosures(core);
  const sweep = startSweep(core, { name: 'the road closure sweep', everyMs: CLOSURE_SWEEP_EVERY_MS, run: async () => void (await sweepClosures(core)) });
  const unsubscribe = core.bus.subscribe((events) => {
    if (events.some((e) => e.stream.startsWith('road-closure/'))) void refreshClosures(core).catch((error: unknown) => core.log.warn({ err: error }, 'reading the road closures in force failed'));
  });
  core.state.set(closureSweepKey, { sweep, unsubscribe });
}

export async function stopClosures(core: Core): Promise<void> {
  const running = core.state.find(closureSweepKey);
  running?.unsubscribe();
  await running?.sweep.stop();
  core.state.delete(closureSweepKey);
}

// --- The traffic room's list --------------------------------------------------------------------

/** A major incident is drawn on the segment of the nearest road within this distance. */
export const MAJOR_INCIDENT_ROAD_M = 250;

/**
 * Whether an incident shows in the traffic room's list as a closure: open, priority P1, and needing
 * traffic police (its type's or its answers' capabilities include `traffic`): a serious accident, a
 * road blocked. Shown on the segment of its nearest road, not closed to routing: units must reach it.
 */
export function isMajorTrafficIncident(incident: { readonly priority: string; readonly capabilities: readonly string[] }): boolean {
  return incident.priority === 'P1' && incident.capabilities.includes('traffic');
}

/**
 * Every closure in force for the traffic operator, oldest start first: their own (in force and
 * scheduled), the EOD cordons' (read-only) and the major incidents' (read-only, not closing routing).
 */
export async function listClosureEntries(core: Pick<Core, 'db' | 'state' | 'clock' | 'log'>): Promise<ClosureEntry[]> {
  const now = timestamp(core.clock);
  const graph = await getRoadGraph(core);
  const own: ClosureEntry[] = (await listActiveClosureRows(core.db)).map((row) => {
    const closure = closureOf(row, derive(core, graph, row), now);
    return {
      source: ClosureSource.traffic,
      id: String(row.id),
      status: closure.status,
      roads: closure.roads,
      reason: row.reason,
      reasonText: row.reason_text,
      startsAt: row.starts_at,
      endsAt: row.ends_at,
      incident: null,
      closesRouting: closure.status === ClosureStatus.inForce,
      geometry: closure.geometry,
      closure,
    };
  });
  const cordons: ClosureEntry[] = (await listCordonClosures(core)).map((cordon) => ({
    source: ClosureSource.eod,
    id: cordon.incident,
    status: ClosureStatus.inForce,
    roads: cordon.roads.filter((r) => r.road !== '').map((r) => r.road),
    reason: null,
    reasonText: null,
    startsAt: cordon.setAt,
    endsAt: null,
    incident: cordon.incident,
    closesRouting: true,
    geometry: closureGeometry(closedLines(graph, closedEdgesWithin(graph, cordon.centre, cordon.mandatoryM))),
    closure: null,
  }));
  const incidents: ClosureEntry[] = (await listIncidents(core.db, { open: true, limit: 1_000 })).filter(isMajorTrafficIncident).map((incident) => {
    const edges = segmentEdgesNear(graph, incident.location, MAJOR_INCIDENT_ROAD_M);
    const lines = closedLines(graph, edges);
    return {
      source: ClosureSource.incident,
      id: incident.number,
      status: ClosureStatus.inForce,
      roads: [...new Set(lines.map((l) => l.road).filter((r) => r !== ''))].sort(),
      reason: null,
      reasonText: incident.address,
      startsAt: incident.createdAt,
      endsAt: null,
      incident: incident.number,
      closesRouting: false,
      geometry: closureGeometry(lines),
      closure: null,
    };
  });
  // The city traffic centre's closures (read-only, they end with the feed's event).
  const feeds = await feedClosureEntries(core, graph);
  return [...own, ...cordons, ...incidents, ...feeds].sort((a, b) => (a.startsAt < b.startsAt ? -1 : a.startsAt > b.startsAt ? 1 : a.id < b.id ? -1 : 1));
}

/** A closure to publish: the operator's (in force or scheduled) and the EOD cordons', as lines. */
export interface PublishedClosure {
  readonly id: string;
  readonly source: 'traffic' | 'eod';
  readonly reason: string | null;
  readonly reasonText: string | null;
  readonly startsAt: string;
  readonly endsAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly lines: readonly ClosedLine[];
}

/** The closures the feeds publish: the operator's not ended (scheduled ones included) and the cordons in force. */
export async function listPublishedClosures(core: Pick<Core, 'db' | 'state' | 'clock' | 'log'>): Promise<PublishedClosure[]> {
  const graph = await getRoadGraph(core);
  const own = (await listActiveClosureRows(core.db)).map((row) => ({
    id: `closure-${row.id}`,
    source: 'traffic' as const,
    reason: row.reason,
    reasonText: row.reason_text,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    createdAt: row.set_at,
    updatedAt: row.updated_at,
    version: row.version,
    lines: derive(core, graph, row).lines,
  }));
  const cordons = (await listCordonClosures(core)).map((cordon) => ({
    id: `cordon-${cordon.incident}`,
    source: 'eod' as const,
    reason: null,
    reasonText: null,
    startsAt: cordon.setAt,
    endsAt: null,
    createdAt: cordon.setAt,
    updatedAt: cordon.updatedAt,
    version: cordon.version,
    lines: closedLines(graph, closedEdgesWithin(graph, cordon.centre, cordon.mandatoryM)),
  }));
  return [...own, ...cordons];
}
