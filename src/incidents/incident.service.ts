import type { DispositionCode } from './disposition.js';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/auth/principal.js';
import { runCommand, runCommandOn, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db, Trx } from '../core/database.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { DomainError, invalidField } from '../core/errors.js';
import type { EventData, EventType } from '../contract/events.js';
import type { TimelineEvent } from '../contract/views.js';
import { catalogued } from '../core/journal.js';
import { getAreaIndex } from '../geo/area.service.js';
import { boxAround, distanceM, type LatLon } from '../geo/geometry.js';
import { findEvents } from '../core/journal.repository.js';
import { localYear } from '../core/time-zone.js';
import {
  actionsNeedingReason,
  allowedActions,
  formatIncidentNumber,
  incidentStream,
  nextStatus,
  type Flags,
  type Incident,
  type IncidentAction,
  type IncidentStatus,
  type NearbyIncident,
  type NewIncident,
  type Note,
} from './incident.js';
import { classify, compatibleTypes, type IncidentTypeCatalogue, type Priority } from './incident-type.js';
import {
  appendNote,
  findIncidentByNumber,
  findIncidentsInBox,
  insertIncident,
  listIncidentRows,
  listNotes,
  nextSequence,
  updateIncidentRow,
  type IncidentTable,
} from './incident.repository.js';

export function incidentRowToIncident(row: IncidentTable): Incident {
  return {
    id: row.id,
    number: row.number,
    type: row.type_code,
    priority: row.priority,
    status: row.status,
    location: { lat: row.lat, lon: row.lon },
    address: row.address,
    district: row.district,
    summary: row.summary,
    capabilities: fromJsonText(row.capabilities),
    flags: { weapons: row.flag_weapons === 1, hazards: row.flag_hazards === 1, children: row.flag_children === 1 },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    allowedActions: allowedActions(row.status),
  };
}

export async function getIncident(db: Db, number: string): Promise<Incident> {
  const row = await findIncidentByNumber(db, number);
  if (row === undefined) throw new DomainError('not_found', `no incident has number ${number}`);
  return incidentRowToIncident(row);
}

/** The incident of that number, or undefined; in the caller's transaction when given one. */
export async function findIncident(db: Db | Trx, number: string): Promise<Incident | undefined> {
  const row = await findIncidentByNumber(db, number);
  return row === undefined ? undefined : incidentRowToIncident(row);
}

export async function listIncidents(db: Db, options: { open: boolean; limit: number }): Promise<Incident[]> {
  return (await listIncidentRows(db, options)).map(incidentRowToIncident);
}

/**
 * Creates an incident from what the call-taker established: its type and questionnaire answers set
 * the priority and the capabilities it needs; it gets the next number of the city's year.
 */
export async function createIncident(core: Core, actor: Actor, catalogue: IncidentTypeCatalogue, input: NewIncident): Promise<Incident> {
  return openIncident(core, actor, await prepareIncident(core, catalogue, input));
}

/**
 * What `openIncidentInCommand` writes, made ready before the command starts: the type checked against
 * the catalogue, the answers classified (priority, capabilities, flags) and the district looked up.
 */
export async function prepareIncident(core: Pick<Core, 'db' | 'state'>, catalogue: IncidentTypeCatalogue, input: NewIncident): Promise<IncidentOpening> {
  const type = findType(catalogue, input.type);
  const { priority, capabilities, flags } = classify(type, input.answers ?? {});
  // What the answers say is set whatever was ticked; a tick adds a flag no answer set.
  const ticked = { weapons: false, hazards: false, children: false, ...input.flags };
  return placeOpening(core, {
    type: type.code,
    priority,
    capabilities,
    location: input.location,
    address: input.address ?? null,
    summary: input.summary,
    flags: { weapons: ticked.weapons || flags.weapons, hazards: ticked.hazards || flags.hazards, children: ticked.children || flags.children },
    journal: { answers: input.answers ?? {} },
  });
}

/** An incident handed over by another centre (CAD-to-CAD transfer), with its priority as they set it. */
export interface ReceivedIncident {
  readonly type: string;
  readonly priority: Priority;
  readonly location: LatLon;
  readonly address: string | null;
  readonly summary: string;
  readonly flags: Flags;
  /** Narrative notes, in order, added after creation. */
  readonly notes: readonly string[];
  /** Where it came from, as journaled with its creation. */
  readonly source: Readonly<Record<string, string>>;
}

/**
 * Creates an incident received from another centre. `alongside` runs in the same transaction (to
 * record the transfer so it is received only once).
 */
export async function receiveIncident(
  core: Core,
  actor: Actor,
  catalogue: IncidentTypeCatalogue,
  input: ReceivedIncident,
  alongside?: (trx: Trx, number: string) => Promise<void>,
): Promise<Incident> {
  const type = findType(catalogue, input.type);
  return openIncident(
    core,
    actor,
    await placeOpening(core, {
      type: type.code,
      priority: input.priority,
      capabilities: classify(type, {}).capabilities,
      location: input.location,
      address: input.address,
      summary: input.summary,
      flags: input.flags,
      journal: { source: input.source },
    }),
    async (scope, number, id) => {
      for (const text of input.notes) {
        const n = await appendNote(scope.trx, { incident_id: id, author: actor, at: scope.at, text });
        scope.record(incidentStream(number), 'incident.note_added', { n, text });
      }
      await alongside?.(scope.trx, number);
    },
  );
}

function findType(catalogue: IncidentTypeCatalogue, code: string) {
  const type = catalogue.find((t) => t.code === code);
  if (type === undefined) throw invalidField('type', `"${code}" is not in the catalogue; known types: ${catalogue.map((t) => t.code).join(', ')}`);
  return type;
}

/** An incident about to be opened (`prepareIncident`): classified and placed in its district. */
export interface IncidentOpening {
  readonly type: string;
  readonly priority: Priority;
  readonly capabilities: readonly string[];
  readonly location: LatLon;
  readonly address: string | null;
  readonly summary: string;
  readonly flags: Flags;
  /** More to journal with `incident.created`. */
  readonly journal: Pick<EventData<'incident.created'>, 'answers'> | Pick<EventData<'incident.created'>, 'source'>;
  /** The district it lies in, looked up before the command (a read outside its transaction). */
  readonly district: string | null;
}

async function placeOpening(core: Pick<Core, 'db' | 'state'>, opening: Omit<IncidentOpening, 'district'>): Promise<IncidentOpening> {
  const location = { lat: opening.location.lat, lon: opening.location.lon };
  const district = (await getAreaIndex(core)).locate(location)?.code ?? null;
  return { ...opening, location, district };
}

async function openIncident(
  core: Core,
  actor: Actor,
  opening: IncidentOpening,
  then?: (scope: CommandScope, number: string, id: string) => Promise<void>,
): Promise<Incident> {
  const number = await runCommand(core, actor, async (scope) => {
    const { number: assigned, id } = await openIncidentInCommand(scope, core, opening);
    await then?.(scope, assigned, id);
    return assigned;
  });
  countOpenedIncident(core, opening);
  return getIncident(core.db, number);
}

/**
 * Opens an incident inside a command already running, so that what the caller changes with it (the
 * call or camera alarm it comes from) is one transaction: if the command fails, no incident exists.
 * It gets the next number of the city's year. The caller counts it (`countOpenedIncident`) once committed.
 */
export async function openIncidentInCommand(scope: CommandScope, core: Pick<Core, 'config'>, opening: IncidentOpening): Promise<{ number: string; id: string }> {
  const { trx, at, record } = scope;
  const { priority, capabilities, flags, location, district } = opening;
  const year = localYear(new Date(at));
  const number = formatIncidentNumber(core.config.cityCode, year, await nextSequence(trx, core.config.cityCode, year));
  const id = randomUUID();
  await insertIncident(trx, {
    id,
    number,
    type_code: opening.type,
    priority,
    status: 'new',
    lat: location.lat,
    lon: location.lon,
    address: opening.address,
    district,
    summary: opening.summary,
    capabilities: toJsonText([...capabilities]),
    flag_weapons: flags.weapons ? 1 : 0,
    flag_hazards: flags.hazards ? 1 : 0,
    flag_children: flags.children ? 1 : 0,
    created_at: at,
    updated_at: at,
  });
  record(incidentStream(number), 'incident.created', {
    type: opening.type,
    priority,
    capabilities: [...capabilities],
    location: { lat: location.lat, lon: location.lon },
    address: opening.address,
    district,
    summary: opening.summary,
    ...opening.journal,
    flags,
  });
  return { number, id };
}

/** Counts an opened incident in the metrics, once its command has committed. */
export function countOpenedIncident(core: Pick<Core, 'metrics'>, opening: Pick<IncidentOpening, 'priority'>): void {
  core.metrics.incidents.inc({ priority: opening.priority });
}

/** The journal's name for what each action did. */
const actionEvents = {
  dispatch: 'incident.dispatched',
  en_route: 'incident.en_route',
  arrive: 'incident.on_scene',
  clear: 'incident.cleared',
  close: 'incident.closed',
  cancel: 'incident.cancelled',
  reopen: 'incident.reopened',
  recall: 'incident.recalled',
  reclear: 'incident.recleared',
} as const satisfies Record<IncidentAction, EventType>;

/** Moves an incident along its lifecycle; refuses an action its status does not allow. */
export async function applyAction(core: Core, actor: Actor, number: string, action: IncidentAction, reason?: string, disposition?: DispositionCode): Promise<Incident> {
  if (disposition !== undefined && action !== 'close') throw invalidField('disposition', 'is said only when the incident is closed');
  await runCommand(core, actor, (scope) => applyActionInCommand(scope, number, action, reason, disposition));
  return getIncident(core.db, number);
}

/**
 * The same, inside a command already running (when a unit's move moves its incident along), so both
 * changes are one transaction. Returns the incident's new status.
 */
export async function applyActionInCommand(scope: CommandScope, number: string, action: IncidentAction, reason?: string, disposition?: DispositionCode): Promise<IncidentStatus> {
  if (actionsNeedingReason.has(action) && (reason === undefined || reason.trim() === '')) {
    throw invalidField('reason', `is required to ${action} an incident`);
  }
  const { trx, at, record } = scope;
  const row = await lockedIncidentRow(trx, number);
  const status = nextStatus(number, row.status, action);
  if (action === 'close' && row.status === 'new' && (reason === undefined || reason.trim() === '')) {
    throw invalidField('reason', 'is required to close an incident no unit was sent to');
  }
  await updateIncidentRow(trx, row.id, { status, updated_at: at });
  record(incidentStream(number), actionEvents[action], {
    from: row.status,
    to: status,
    ...(reason === undefined ? {} : { reason }),
    ...(disposition === undefined ? {} : { disposition }),
  });
  return status;
}

/** An incident, locked for the rest of the command. */
export async function lockIncident(scope: CommandScope, number: string): Promise<Incident> {
  return incidentRowToIncident(await lockedIncidentRow(scope.trx, number));
}

async function lockedIncidentRow(trx: Trx, number: string): Promise<IncidentTable> {
  const row = await findIncidentByNumber(trx, number, { lock: true });
  if (row === undefined) throw new DomainError('not_found', `no incident has number ${number}`);
  return row;
}

/** Changes the priority, with the reason journaled. */
export async function changePriority(core: Core, actor: Actor, number: string, priority: Priority, reason: string): Promise<Incident> {
  await runCommand(core, actor, (scope) => changePriorityInCommand(scope, number, priority, reason));
  return getIncident(core.db, number);
}

/** The same, inside a command already running (an alarm's incident raised to its hotlist's priority). */
export async function changePriorityInCommand(scope: CommandScope, number: string, priority: Priority, reason: string): Promise<void> {
  const row = await lockedIncidentRow(scope.trx, number);
  if (row.priority === priority) return;
  await updateIncidentRow(scope.trx, row.id, { priority, updated_at: scope.at });
  scope.record(incidentStream(number), 'incident.priority_changed', { from: row.priority, to: priority, reason });
}

/** Sets or clears flags (weapons, hazards, children involved); journals only what changed. */
export async function setFlags(core: Core, actor: Actor, number: string, change: Partial<Flags>): Promise<Incident> {
  await withIncident(core, actor, number, async (row, { trx, at, record }) => {
    const current: Flags = { weapons: row.flag_weapons === 1, hazards: row.flag_hazards === 1, children: row.flag_children === 1 };
    const changed = Object.fromEntries(Object.entries(change).filter(([key, value]) => current[key as keyof Flags] !== value));
    if (Object.keys(changed).length === 0) return;
    const next = { ...current, ...changed };
    await updateIncidentRow(trx, row.id, {
      flag_weapons: next.weapons ? 1 : 0,
      flag_hazards: next.hazards ? 1 : 0,
      flag_children: next.children ? 1 : 0,
      updated_at: at,
    });
    record(incidentStream(number), 'incident.flags_changed', changed);
  });
  return getIncident(core.db, number);
}

/** Adds a narrative note, signed by its author; notes are never edited. */
export async function addNote(core: Core, actor: Actor, number: string, text: string): Promise<Note> {
  let note: Note | undefined;
  await withIncident(core, actor, number, async (row, { trx, at, record }) => {
    const n = await appendNote(trx, { incident_id: row.id, author: actor, at, text });
    await updateIncidentRow(trx, row.id, { updated_at: at });
    record(incidentStream(number), 'incident.note_added', { n, text });
    note = { n, author: actor, at, text };
  });
  return note!;
}

export async function getNotes(db: Db, number: string): Promise<Note[]> {
  const incident = await getIncident(db, number);
  return (await listNotes(db, incident.id)).map((row) => ({ n: row.n, author: row.author, at: row.at, text: row.text }));
}

/**
 * Open incidents a new call may be about: within the duplicate radius and window of `location`, of a
 * type compatible with `type` (same type or family) when one is given; nearest first.
 */
export async function findDuplicates(
  core: Pick<Core, 'db' | 'clock' | 'config'>,
  catalogue: IncidentTypeCatalogue,
  query: { location: LatLon; type?: string },
): Promise<NearbyIncident[]> {
  const now = core.clock.now().getTime();
  const since = new Date(now - core.config.duplicateWindowMinutes * 60_000).toISOString();
  const rows = await findIncidentsInBox(core.db, boxAround(query.location, core.config.duplicateRadiusM), { openOnly: true, since, limit: 500 });
  return nearest(rows, query.location, core.config.duplicateRadiusM).filter(
    (incident) => query.type === undefined || compatibleTypes(catalogue, query.type, incident.type),
  );
}

/** What happened at this place before: incidents within the premise radius in the days before this one. */
export async function premiseHistory(core: Pick<Core, 'db' | 'config'>, number: string): Promise<NearbyIncident[]> {
  const incident = await getIncident(core.db, number);
  const created = new Date(incident.createdAt).getTime();
  const since = new Date(created - core.config.premiseDays * 86_400_000).toISOString();
  const rows = await findIncidentsInBox(core.db, boxAround(incident.location, core.config.premiseRadiusM), {
    openOnly: false,
    since,
    until: incident.createdAt,
    limit: 500,
  });
  return nearest(rows, incident.location, core.config.premiseRadiusM).filter((other) => other.number !== number);
}

function nearest(rows: readonly IncidentTable[], from: LatLon, radiusM: number): NearbyIncident[] {
  return rows
    .map((row) => ({ row, distanceM: distanceM(from, { lat: row.lat, lon: row.lon }) }))
    .filter(({ distanceM: d }) => d <= radiusM)
    .sort((a, b) => a.distanceM - b.distanceM || b.row.created_at.localeCompare(a.row.created_at))
    .map(({ row, distanceM: d }) => ({
      number: row.number,
      type: row.type_code,
      status: row.status,
      priority: row.priority,
      summary: row.summary,
      location: { lat: row.lat, lon: row.lon },
      createdAt: row.created_at,
      distanceM: Math.round(d),
    }));
}

/** An incident's timeline: its journal events, and the intervals the centre's KPIs are made of. */
export interface Timeline {
  readonly events: TimelineEvent[];
  /** Seconds between the first occurrences; absent until both ends have happened. */
  readonly intervals: {
    /** From the first linked call's answer to the incident's creation. */
    readonly callAnsweredToCreatedS?: number;
    readonly createdToDispatchedS?: number;
    readonly dispatchedToOnSceneS?: number;
    readonly onSceneToClearedS?: number;
  };
}

export async function getTimeline(core: Pick<Core, 'db'>, number: string): Promise<Timeline> {
  await getIncident(core.db, number);
  const events: TimelineEvent[] = [];
  for (let after = 0; ; ) {
    const page = await findEvents(core.db, { stream: incidentStream(number), afterSeq: after, limit: 1_000 });
    events.push(...page.map(({ seq, at, actor, type, data }) => catalogued({ seq, at, actor, type, data })));
    if (page.length < 1_000) break;
    after = page[page.length - 1]!.seq;
  }
  const first = (type: EventType) => events.find((e) => e.type === type)?.at;
  const between = (from: string | undefined, to: string | undefined) =>
    from === undefined || to === undefined ? undefined : (new Date(to).getTime() - new Date(from).getTime()) / 1_000;
  const created = first('incident.created');
  const dispatched = first('incident.dispatched');
  const onScene = first('incident.on_scene');
  const cleared = first('incident.cleared');
  const intervals: Record<string, number> = {};
  const put = (key: string, value: number | undefined) => {
    if (value !== undefined) intervals[key] = value;
  };
  // The calls linked to the incident carry their answer time; the first one answered opened the case.
  const answers = events.flatMap((e) => (e.type === 'incident.call_linked' && e.data.answeredAt !== null ? [e.data.answeredAt] : [])).sort();
  put('callAnsweredToCreatedS', between(answers[0], created));
  put('createdToDispatchedS', between(created, dispatched));
  put('dispatchedToOnSceneS', between(dispatched, onScene));
  put('onSceneToClearedS', between(onScene, cleared));
  return {
    events,
    intervals,
  };
}

/** Runs a command on one incident, holding it locked for the whole command. */
async function withIncident(
  core: Core,
  actor: Actor,
  number: string,
  work: (row: IncidentTable, scope: CommandScope) => Promise<void>,
): Promise<void> {
  await runCommandOn(core, actor, (trx) => lockedIncidentRow(trx, number), work);
}
