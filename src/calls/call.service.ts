import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/auth/principal.js';
import { findDeviceByName } from '../core/auth/device.repository.js';
import { runCommand, runCommandOn, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import { localDay, localHour } from '../core/time-zone.js';
import { isUniqueViolation, type Db, type Trx } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { countOpenedIncident, getCatalogue, getIncident, incidentStream, openIncidentInCommand, prepareIncident, type NewIncident } from '../incidents/index.js';
import { callKpis, kpisBy, type CallKpis, type CallTimes } from './call-kpi.js';
import { callMetrics } from './call.metrics.js';

type GroupKpis = CallKpis & { group: string };
import { callStream, nextCallStatus, type Call, type CallLocation, type CallStatus, type CallTakerState, type RingReport } from './call.js';
import {
  findCallByCallId,
  findCallTaker,
  findNextWaiting,
  insertCall,
  listCallTakers,
  listCallbacks,
  listCallsBetween,
  listCallsOfIncident,
  listWaiting,
  saveCallTaker,
  updateCallRow,
  type CallTable,
} from './call.repository.js';
import { parsePidfLo } from '../geo/pidf-lo.js';

export function callRowToCall(row: CallTable, now?: Date): Call {
  const call: Call = {
    id: row.id,
    callId: row.call_id,
    callerNumber: row.caller_number,
    trunk: row.trunk,
    status: row.status,
    urgent: row.urgent === 1,
    callTaker: row.call_taker,
    rangAt: row.rang_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    transferredTo: row.transferred_to,
    networkLocation: row.network_location === null ? null : fromJsonText(row.network_location),
    supplementalLocations: fromJsonText(row.supplemental_locations),
    incident: row.incident_number,
    callbackDoneAt: row.callback_done_at,
  };
  if (now !== undefined && row.status === 'ringing') call.waitingS = Math.max(0, (now.getTime() - new Date(row.rang_at).getTime()) / 1_000);
  return call;
}

export async function getCall(db: Db, callId: string): Promise<Call> {
  const row = await findCallByCallId(db, callId);
  if (row === undefined) throw new DomainError('not_found', `no call has id ${callId}`);
  return callRowToCall(row);
}

/** The calls linked to an incident, in the order they rang. */
export async function getCallsOfIncident(db: Db, incidentNumber: string): Promise<Call[]> {
  return (await listCallsOfIncident(db, incidentNumber)).map((row) => callRowToCall(row));
}

/** The telephony reports a new call ringing; its network location (lat/lon or PIDF-LO) is kept as given. */
export async function ring(core: Core, actor: Actor, report: RingReport): Promise<Call> {
  if (report.location !== undefined && report.pidfLo !== undefined) {
    throw invalidField('pidfLo', 'send the location once: either location or pidfLo');
  }
  const at = core.clock.now().toISOString();
  let networkLocation: CallLocation | null = null;
  if (report.location !== undefined) networkLocation = { source: 'network', ...report.location, at };
  if (report.pidfLo !== undefined) {
    const parsed = parsePidfLo(report.pidfLo, 'pidfLo');
    networkLocation = {
      source: 'network',
      ...(parsed.geodetic === undefined ? {} : { lat: parsed.geodetic.lat, lon: parsed.geodetic.lon }),
      ...(parsed.geodetic?.radiusM === undefined ? {} : { radiusM: parsed.geodetic.radiusM }),
      ...(parsed.civic === undefined ? {} : { civic: { ...parsed.civic } }),
      ...(parsed.method === undefined ? {} : { method: parsed.method }),
      at: parsed.timestamp ?? at,
    };
  }
  try {
    await runCommand(core, actor, async ({ trx, at: now, record }) => {
      if ((await findCallByCallId(trx, report.callId)) !== undefined) throw invalidField('callId', `call ${report.callId} has already rung`, 'conflict');
      await insertCall(trx, {
        id: randomUUID(),
        call_id: report.callId,
        caller_number: report.callerNumber,
        trunk: report.trunk,
        status: 'ringing',
        urgent: report.urgentCallback === true ? 1 : 0,
        call_taker: null,
        rang_at: now,
        answered_at: null,
        ended_at: null,
        transferred_to: null,
        network_location: networkLocation === null ? null : toJsonText(networkLocation),
        supplemental_locations: toJsonText<CallLocation[]>([]),
        incident_number: null,
        callback_done_at: null,
        reported_by: actor,
      });
      record(callStream(report.callId), 'call.ringing', {
        callerNumber: report.callerNumber,
        trunk: report.trunk,
        urgent: report.urgentCallback === true,
        location: networkLocation,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('callId', `call ${report.callId} has already rung`, 'conflict');
    throw error;
  }
  callMetrics(core.metrics).calls.inc({ event: 'rang' });
  return getCall(core.db, report.callId);
}

/** The telephony reports who answered a call. */
export async function answer(core: Core, actor: Actor, callId: string, callTaker: string): Promise<Call> {
  await withReportedCall(core, actor, callId, async (row, scope) => answerRow(row, callTaker, scope));
  return countAnswered(core, await getCall(core.db, callId));
}

function countAnswered(core: Core, call: Call): Call {
  const metrics = callMetrics(core.metrics);
  metrics.calls.inc({ event: 'answered' });
  if (call.answeredAt !== null) metrics.answerSeconds.observe((new Date(call.answeredAt).getTime() - new Date(call.rangAt).getTime()) / 1_000);
  return call;
}

/** A ready call-taker takes the call that waited longest (urgent callbacks first). */
export async function takeNext(core: Core, callTaker: string): Promise<Call> {
  const actor: Actor = `user:${callTaker}`;
  const callId = await runCommand(core, actor, async (scope) => {
    const taker = await findCallTaker(scope.trx, callTaker);
    if (taker?.state !== 'ready') {
      throw new DomainError('invalid_transition', `you are \`${taker?.state ?? 'logged_out'}\`; go ready to take calls; allowed actions: ready`, {
        allowed: ['ready'],
      });
    }
    const row = await findNextWaiting(scope.trx);
    if (row === undefined) throw new DomainError('not_found', 'no call is waiting');
    await answerRow(row, callTaker, scope);
    return row.call_id;
  });
  return countAnswered(core, await getCall(core.db, callId));
}

async function answerRow(row: CallTable, callTaker: string, { trx, at, record }: CommandScope): Promise<void> {
  nextCallStatus(row.call_id, row.status, 'answer');
  await updateCallRow(trx, row.id, { status: 'answered', answered_at: at, call_taker: callTaker });
  await saveCallTaker(trx, { username: callTaker, state: 'on_call', since: at, call_id: row.call_id });
  const waitedS = (new Date(at).getTime() - new Date(row.rang_at).getTime()) / 1_000;
  record(callStream(row.call_id), 'call.answered', { callTaker, waitedS });
}

export async function transfer(core: Core, actor: Actor, callId: string, to: string): Promise<Call> {
  await withReportedCall(core, actor, callId, async (row, { trx, record }) => {
    nextCallStatus(callId, row.status, 'transfer');
    await updateCallRow(trx, row.id, { status: 'transferred', transferred_to: to });
    record(callStream(callId), 'call.transferred', { to });
  });
  callMetrics(core.metrics).calls.inc({ event: 'transferred' });
  return getCall(core.db, callId);
}

/**
 * The line goes down: abandoned if nobody had answered (it joins the callback list), ended otherwise;
 * the call-taker who held it goes to wrap-up. Reported after the call-taker ended it, it changes nothing.
 */
export async function hangup(core: Core, actor: Actor, callId: string): Promise<Call> {
  let ended = false;
  await withReportedCall(core, actor, callId, async (row, scope) => {
    // Ended already by the call-taker from the console: the line going down afterwards changes nothing.
    if (row.status === 'ended') return;
    await endRow(row, 'caller', scope);
    ended = true;
  });
  const call = await getCall(core.db, callId);
  if (ended) callMetrics(core.metrics).calls.inc({ event: call.status === 'abandoned' ? 'abandoned' : 'ended' });
  return call;
}

/**
 * The call-taker ends the call in hand (the caller said what was needed, or the line is left open): the
 * call has ended, and the call-taker goes to wrap-up. Only the call-taker holding the call may.
 */
export async function endCall(core: Core, callTaker: string, callId: string): Promise<Call> {
  let ended = false;
  await withCall(core, `user:${callTaker}`, callId, async (row, scope) => {
    if (row.call_taker !== callTaker || row.status === 'abandoned') {
      throw new DomainError('invalid_transition', `call ${callId} is not in your hands; only the call-taker who answered it ends it`, { allowed: [] });
    }
    // Ended already (the caller hung up as the key was pressed): nothing more to do.
    if (row.status === 'ended') return;
    await endRow(row, 'call-taker', scope);
    ended = true;
  });
  if (ended) callMetrics(core.metrics).calls.inc({ event: 'ended' });
  return getCall(core.db, callId);
}

async function endRow(row: CallTable, endedBy: 'caller' | 'call-taker', { trx, at, record }: CommandScope): Promise<void> {
  const status = nextCallStatus(row.call_id, row.status, 'hangup');
  await updateCallRow(trx, row.id, { status, ended_at: at });
  if (row.call_taker !== null) {
    const taker = await findCallTaker(trx, row.call_taker);
    if (taker?.state === 'on_call' && taker.call_id === row.call_id) {
      await saveCallTaker(trx, { username: row.call_taker, state: 'wrap_up', since: at, call_id: row.call_id });
      record(`call-taker/${row.call_taker}`, 'call_taker.state_changed', { from: 'on_call', to: 'wrap_up' });
    }
  }
  record(callStream(row.call_id), status === 'abandoned' ? 'call.abandoned' : 'call.ended', { callerNumber: row.caller_number, ...(status === 'ended' ? { endedBy } : {}) });
}

/** A call-taker logs in or out, goes ready or not ready (on call is set by answering, wrap-up by the call's end). */
export async function setCallTakerState(core: Core, callTaker: string, state: Exclude<CallTakerState, 'on_call' | 'wrap_up'>): Promise<void> {
  await runCommand(core, `user:${callTaker}`, async ({ trx, at, record }) => {
    const current = await findCallTaker(trx, callTaker);
    if (current?.state === 'on_call') {
      throw new DomainError('invalid_transition', `you are on call ${current.call_id}; the state changes when it ends`, { allowed: [] });
    }
    if (current?.state === state) return;
    await saveCallTaker(trx, { username: callTaker, state, since: at, call_id: null });
    record(`call-taker/${callTaker}`, 'call_taker.state_changed', { from: current?.state ?? 'logged_out', to: state });
  });
}

export async function callTakers(db: Db) {
  return (await listCallTakers(db)).map((row) => ({ username: row.username, state: row.state, since: row.since, callId: row.call_id }));
}

/**
 * Adds a location given later (by the call-taker, or another source) beside the network's; the
 * network's own location is never replaced.
 */
export async function addLocation(core: Core, actor: Actor, callId: string, location: { lat: number; lon: number; radiusM?: number }, source: string): Promise<Call> {
  await withCall(core, actor, callId, async (row, { trx, at, record }) => {
    const supplemental = fromJsonText(row.supplemental_locations);
    const added: CallLocation = { source, ...location, at };
    await updateCallRow(trx, row.id, { supplemental_locations: toJsonText([...supplemental, added]) });
    record(callStream(callId), 'call.location_added', { ...added });
  });
  return getCall(core.db, callId);
}

/** Links an answered call to an incident (a second caller about the same event, or the first). */
export async function linkIncident(core: Core, actor: Actor, callId: string, number: string): Promise<Call> {
  const incident = await getIncident(core.db, number);
  await withCall(core, actor, callId, async (row, { trx, record }) => {
    if (row.status === 'ringing' || row.status === 'abandoned') {
      throw new DomainError('invalid_transition', `call ${callId} is \`${row.status}\`; only an answered call can be linked`, { allowed: [] });
    }
    if (row.incident_number === incident.number) return;
    if (row.incident_number !== null) throw invalidField('incident', `call ${callId} is already linked to ${row.incident_number}`, 'conflict');
    await updateCallRow(trx, row.id, { incident_number: incident.number });
    record(callStream(callId), 'call.linked', { incident: incident.number });
    record(incidentStream(incident.number), 'incident.call_linked', { callId, callerNumber: row.caller_number, answeredAt: row.answered_at });
  });
  return getCall(core.db, callId);
}

/**
 * Turns an answered call into a new incident, located where the call-taker placed it, else where the
 * network did, and links them: one command, so the incident never exists unlinked.
 */
export async function createIncidentFromCall(
  core: Core,
  actor: Actor,
  callId: string,
  input: Omit<NewIncident, 'location'> & { location?: NewIncident['location'] },
): Promise<{ call: Call; incidentNumber: string }> {
  const call = await getCall(core.db, callId);
  refuseIncidentFor(callId, call.status, call.incident);
  const latest = [...call.supplementalLocations].reverse().find((l) => l.lat !== undefined) ?? call.networkLocation;
  const location = input.location ?? (latest?.lat !== undefined && latest.lon !== undefined ? { lat: latest.lat, lon: latest.lon } : undefined);
  if (location === undefined) throw invalidField('location', 'the call has no location yet: give one');
  const opening = await prepareIncident(core, await getCatalogue(core), { ...input, location });
  let incidentNumber = '';
  await withCall(core, actor, callId, async (row, scope) => {
    refuseIncidentFor(callId, row.status, row.incident_number);
    incidentNumber = (await openIncidentInCommand(scope, core, opening)).number;
    await updateCallRow(scope.trx, row.id, { incident_number: incidentNumber });
    scope.record(callStream(callId), 'call.linked', { incident: incidentNumber });
    scope.record(incidentStream(incidentNumber), 'incident.call_linked', { callId, callerNumber: row.caller_number, answeredAt: row.answered_at });
  });
  countOpenedIncident(core, opening);
  return { call: await getCall(core.db, callId), incidentNumber };
}

function refuseIncidentFor(callId: string, status: CallStatus, incident: string | null): void {
  if (status === 'ringing' || status === 'abandoned') {
    throw new DomainError('invalid_transition', `call ${callId} is \`${status}\`; answer it first`, { allowed: [] });
  }
  if (incident !== null) throw invalidField('incident', `call ${callId} is already linked to ${incident}`, 'conflict');
}

export async function markCallbackDone(core: Core, actor: Actor, callId: string): Promise<Call> {
  await withCall(core, actor, callId, async (row, { trx, at, record }) => {
    if (row.status !== 'abandoned') throw new DomainError('invalid_transition', `call ${callId} is \`${row.status}\`, not abandoned; it needs no callback`, { allowed: [] });
    if (row.callback_done_at !== null) return;
    await updateCallRow(trx, row.id, { callback_done_at: at });
    record(callStream(callId), 'call.callback_done', {});
  });
  return getCall(core.db, callId);
}

export async function queue(core: Pick<Core, 'db' | 'clock'>): Promise<Call[]> {
  const now = core.clock.now();
  return (await listWaiting(core.db)).map((row) => callRowToCall(row, now));
}

export async function callbacks(db: Db): Promise<Call[]> {
  return (await listCallbacks(db)).map((row) => callRowToCall(row));
}

/** When the calls that rang in [from, to) rang and were answered, and how they ended: what KPIs read. */
export async function callTimesBetween(db: Db, from: string, to: string): Promise<CallTimes[]> {
  return (await listCallsBetween(db, from, to)).map((r) => ({ rangAt: r.rang_at, answeredAt: r.answered_at, status: r.status }));
}

/** KPIs of the calls that rang in [from, to), overall, per hour, per call-taker and per day (Casablanca time). */
export async function kpis(
  db: Db,
  from: string,
  to: string,
): Promise<{ overall: CallKpis; byHour: GroupKpis[]; byCallTaker: GroupKpis[]; byDay: GroupKpis[] }> {
  const rows = await listCallsBetween(db, from, to);
  const calls = rows.map((r) => ({ rangAt: r.rang_at, answeredAt: r.answered_at, status: r.status, callTaker: r.call_taker }));
  return {
    overall: callKpis(calls),
    byHour: kpisBy(calls, (c) => localHour(new Date(c.rangAt))),
    byCallTaker: kpisBy(calls.filter((c) => c.callTaker !== null), (c) => c.callTaker!),
    byDay: kpisBy(calls, (c) => localDay(new Date(c.rangAt))),
  };
}

/**
 * `withCall` for what the telephony reports (and a call-taker may also do, such as a transfer): a device
 * reports the later states only of the calls it reported ringing, so one gateway cannot answer, move or
 * end another's calls. People act through their own permissions.
 */
async function withReportedCall(core: Core, actor: Actor, callId: string, work: (row: CallTable, scope: CommandScope) => Promise<void>): Promise<void> {
  await withCall(core, actor, callId, async (row, scope) => {
    if (actor.startsWith('device:') && row.reported_by !== null && row.reported_by !== actor && (await reporterStillServes(scope.trx, row.reported_by))) {
      throw new DomainError('forbidden', `call ${callId} was reported by another telephony gateway; only that gateway reports its states`);
    }
    await work(row, scope);
  });
}

/** Whether the device that reported a call still holds a valid token; a revoked gateway's calls pass to its successor. */
async function reporterStillServes(trx: Trx, reportedBy: string): Promise<boolean> {
  if (!reportedBy.startsWith('device:')) return false;
  const reporter = await findDeviceByName(trx, reportedBy.slice('device:'.length));
  return reporter !== undefined && reporter.revoked_at === null;
}

/** Runs a command on one call, holding it locked for the whole command. */
async function withCall(core: Core, actor: Actor, callId: string, work: (row: CallTable, scope: CommandScope) => Promise<void>): Promise<void> {
  await runCommandOn(core, actor, async (trx) => {
    const row = await findCallByCallId(trx, callId, { lock: true });
    if (row === undefined) throw new DomainError('not_found', `no call has id ${callId}`);
    return row;
  }, work);
}
