import type { EventType } from '../contract/events.js';
import type { Core } from '../core/context.js';
import type { Db } from '../core/database.js';
import { StateKey } from '../core/module-state.js';
import { callKpis, callTakers, CallTakerState, callTimesBetween, percentile, queue } from '../calls/index.js';
import { getAreaIndex } from '../geo/area.service.js';
import { getTimeline } from '../incidents/index.js';
import { UnitStatus } from '../units/index.js';
import { startOfLocalDay } from '../core/time-zone.js';
import { asPercent, type LiveKpis } from './live-kpi.js';
import { countIncidentsCreatedSince, countOpenIncidents, countUnitsByStatus, listFullNames, listIncidentsChangedSince } from './live-kpi.repository.js';

/**
 * The supervisor's figures: calls and incidents since `since` (by default the start of the day in
 * Casablanca), the queue, open incidents, call-takers and units as they are now.
 */
export async function getLiveKpis(core: Pick<Core, 'db' | 'clock' | 'state'>, since?: string): Promise<LiveKpis> {
  const now = core.clock.now();
  const from = (since === undefined ? startOfLocalDay(now) : new Date(since)).toISOString();
  return {
    at: now.toISOString(),
    since: from,
    calls: await callFigures(core, from, now),
    ...(await incidentFigures(core, from)),
    callTakers: await callTakerFigures(core.db),
    units: await unitFigures(core.db),
  };
}

async function callFigures(core: Pick<Core, 'db' | 'clock'>, from: string, now: Date): Promise<LiveKpis['calls']> {
  // Up to and including this millisecond: a call that rang just now counts.
  const kpis = callKpis(await callTimesBetween(core.db, from, new Date(now.getTime() + 1).toISOString()));
  const waiting = await queue(core);
  return {
    total: kpis.calls,
    answered: kpis.answered,
    abandoned: kpis.abandoned,
    answeredWithin15sPct: asPercent(kpis.within15s),
    answeredWithin20sPct: asPercent(kpis.within20s),
    queueLength: waiting.length,
    longestWaitS: waiting.length === 0 ? null : Math.max(...waiting.map((call) => call.waitingS ?? 0)),
  };
}

async function incidentFigures(core: Pick<Core, 'db' | 'state'>, from: string): Promise<Pick<LiveKpis, 'incidents' | 'byDistrict'>> {
  const { db } = core;
  const open = await countOpenIncidents(db);
  const created = await countIncidentsCreatedSince(db, from);
  const byPriority = { 1: 0, 2: 0, 3: 0, 4: 0 };
  for (const row of open) {
    const level = Number(row.priority.slice(1));
    if (level in byPriority) byPriority[level as keyof typeof byPriority] += row.n;
  }
  const toDispatch: number[] = [];
  const toOnScene: number[] = [];
  for (const incident of await firstTimesSince(core, from)) {
    if (incident.dispatchedAt !== undefined && incident.dispatchedAt >= from) toDispatch.push(secondsBetween(incident.createdAt, incident.dispatchedAt));
    if (incident.onSceneAt !== undefined && incident.onSceneAt >= from) toOnScene.push(secondsBetween(incident.createdAt, incident.onSceneAt));
  }
  toDispatch.sort((a, b) => a - b);
  toOnScene.sort((a, b) => a - b);
  return {
    incidents: {
      created: sum(created),
      open: sum(open),
      byPriority,
      medianToDispatchS: percentile(toDispatch, 0.5),
      p90ToDispatchS: percentile(toDispatch, 0.9),
      medianToOnSceneS: percentile(toOnScene, 0.5),
      p90ToOnSceneS: percentile(toOnScene, 0.9),
    },
    byDistrict: await districtFigures(core, open, created),
  };
}

async function districtFigures(
  core: Pick<Core, 'db' | 'state'>,
  open: readonly { district: string | null; n: number }[],
  created: readonly { district: string | null; n: number }[],
): Promise<LiveKpis['byDistrict']> {
  const counts = new Map<string | null, { open: number; created: number }>();
  const at = (code: string | null) => counts.get(code) ?? counts.set(code, { open: 0, created: 0 }).get(code)!;
  for (const row of open) at(row.district).open += row.n;
  for (const row of created) at(row.district).created += row.n;
  const { areas } = await getAreaIndex(core);
  const known = new Set(areas.map((area) => area.code));
  // Incidents filed under a district that a later import no longer has keep their code, without names.
  const gone = [...counts.keys()].filter((code): code is string => code !== null && !known.has(code)).sort();
  const outside = counts.get(null);
  return [
    ...areas.map((area) => ({ code: area.code, name: area.name, nameAr: area.nameAr, ...at(area.code) })),
    ...gone.map((code) => ({ code, name: null, nameAr: null, ...at(code) })),
    ...(outside === undefined ? [] : [{ code: null, name: null, nameAr: null, ...outside }]),
  ];
}

async function callTakerFigures(db: Db): Promise<LiveKpis['callTakers']> {
  const takers = await callTakers(db);
  const count = (state: CallTakerState) => takers.filter((taker) => taker.state === state).length;
  const names = new Map((await listFullNames(db, takers.map((taker) => taker.username))).map((row) => [row.username, row]));
  return {
    ready: count(CallTakerState.ready),
    busy: count(CallTakerState.onCall),
    wrapUp: count(CallTakerState.wrapUp),
    notReady: count(CallTakerState.notReady),
    loggedOut: count(CallTakerState.loggedOut),
    // An account removed since it last took calls keeps its user name alone.
    list: takers.map(({ username, state, since }) => ({
      username,
      fullName: names.get(username)?.full_name ?? null,
      fullNameAr: names.get(username)?.full_name_ar ?? null,
      state: state as CallTakerState,
      since,
    })),
  };
}

async function unitFigures(db: Db): Promise<LiveKpis['units']> {
  const units = Object.fromEntries(Object.values(UnitStatus).map((status) => [status, 0])) as LiveKpis['units'];
  for (const row of await countUnitsByStatus(db)) {
    if (row.status in units) units[row.status] += row.n;
  }
  return units;
}

interface FirstTimes {
  readonly createdAt: string;
  readonly dispatchedAt: string | undefined;
  readonly onSceneAt: string | undefined;
}

// The first dispatch and arrival of each incident changed since the period began, read from its
// timeline (the journal) and kept while its row stays the same: every lifecycle step moves `updated_at`,
// so a screen polling every few seconds reads only the timelines of incidents that moved since. A cache
// of this kernel, rebuilt from the journal at the next read; dropped by the reports module's stop.
export const firstTimesKey = new StateKey<{ byIncident: Map<string, { version: string; times: FirstTimes }> }>('reports: first dispatch and arrival per incident');

async function firstTimesSince(core: Pick<Core, 'db' | 'state'>, from: string): Promise<FirstTimes[]> {
  const { db } = core;
  const cache = core.state.obtain(firstTimesKey, () => ({ byIncident: new Map() }));
  const cached = cache.byIncident;
  const fresh = new Map<string, { version: string; times: FirstTimes }>();
  for (const row of await listIncidentsChangedSince(db, from)) {
    const version = `${row.status} ${row.updated_at}`;
    let entry = cached.get(row.number);
    if (entry?.version !== version) {
      const { events } = await getTimeline({ db }, row.number);
      const first = (type: EventType) => events.find((event) => event.type === type)?.at;
      entry = { version, times: { createdAt: row.created_at, dispatchedAt: first('incident.dispatched'), onSceneAt: first('incident.on_scene') } };
    }
    fresh.set(row.number, entry);
  }
  cache.byIncident = fresh;
  return [...fresh.values()].map((entry) => entry.times);
}

function secondsBetween(from: string, to: string): number {
  return (new Date(to).getTime() - new Date(from).getTime()) / 1_000;
}

function sum(rows: readonly { n: number }[]): number {
  return rows.reduce((total, row) => total + row.n, 0);
}
