import { percentile, type CallKpis } from '../calls/call-kpi.js';
import type { SimClient } from './sim-http.js';

/** Response times (incident created to first unit on scene) of a group of incidents, seconds. */
export interface ResponseTimes {
  readonly incidents: number;
  /** Incidents a unit reached. */
  readonly reached: number;
  readonly medianS: number | null;
  readonly p90S: number | null;
}

/** The run's figures, as the centre computes them (`/calls/kpis`, `/kpis/live`, the incidents' timelines). */
export interface SimKpis {
  readonly from: string;
  readonly to: string;
  readonly calls: CallKpis;
  readonly incidents: {
    readonly created: number;
    readonly openAtEnd: number;
    readonly medianToDispatchS: number | null;
    readonly p90ToDispatchS: number | null;
    readonly medianToOnSceneS: number | null;
    readonly p90ToOnSceneS: number | null;
  };
  readonly byPriority: readonly (ResponseTimes & { readonly priority: string })[];
  readonly byDistrict: readonly (ResponseTimes & { readonly district: string | null; readonly name: string | null })[];
  /** Camera alarms raised in the period, by kind (object, plate, tamper...), from `GET /camera-alarms`. */
  readonly cameraAlarms: { readonly total: number; readonly byKind: Readonly<Record<string, number>> };
  /** Identity cards personalised on the days of the period, by issuance centre (`GET /identity/statistics`); null without the service. */
  readonly cards: { readonly produced: number; readonly byCentre: Readonly<Record<string, number>> } | null;
  /** The road jams the simulator made in the period (the world's truth, which the centre sees only through the fleet's positions). */
  readonly jams?: readonly { readonly road: string; readonly kmh: number; readonly lengthM: number; readonly from: string; readonly to: string }[];
}

interface LiveKpis {
  readonly incidents: { created: number; open: number; medianToDispatchS: number | null; p90ToDispatchS: number | null; medianToOnSceneS: number | null; p90ToOnSceneS: number | null };
  readonly byDistrict: readonly { code: string | null; name: string | null }[];
}

/**
 * Reads the figures of the period [from, to) from the centre, as a supervisor: answer times from
 * `GET /calls/kpis`, times to dispatch and on scene from `GET /kpis/live?since=`, and response times
 * by priority and district from each incident's timeline (`GET /incidents/{n}/timeline`), for the
 * incidents created in the period.
 */
export async function collectKpis(supervisor: SimClient, from: string, to: string, incidents: readonly string[], identity?: SimClient): Promise<SimKpis> {
  const calls = await supervisor.get<{ overall: CallKpis }>(`/calls/kpis?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
  const live = await supervisor.get<LiveKpis>(`/kpis/live?since=${encodeURIComponent(from)}`);
  const rows: { priority: string; district: string | null; responseS: number | undefined }[] = [];
  for (const number of incidents) {
    const incident = await supervisor.get<{ priority: string; district: string | null; createdAt: string }>(`/incidents/${number}`);
    if (incident.createdAt < from || incident.createdAt >= to) continue;
    const { intervals } = await supervisor.get<{ intervals: Record<string, number> }>(`/incidents/${number}/timeline`);
    const toDispatch = intervals.createdToDispatchedS;
    const toScene = intervals.dispatchedToOnSceneS;
    rows.push({ priority: incident.priority, district: incident.district, responseS: toDispatch !== undefined && toScene !== undefined ? toDispatch + toScene : undefined });
  }
  const alarms = (await supervisor.get<{ kind: string; firstSeenAt: string }[]>(`/camera-alarms?since=${encodeURIComponent(from)}&limit=1000`)).filter(
    (a) => a.firstSeenAt >= from && a.firstSeenAt < to,
  );
  const byKind: Record<string, number> = {};
  for (const alarm of alarms) byKind[alarm.kind] = (byKind[alarm.kind] ?? 0) + 1;
  let cards: SimKpis['cards'] = null;
  if (identity !== undefined) {
    const statistics = await identity.get<{ produced: { byDay: { centre: string; cards: number }[] } }>(`/identity/statistics?from=${from.slice(0, 10)}&to=${to.slice(0, 10)}`);
    const byCentre: Record<string, number> = {};
    for (const day of statistics.produced.byDay) byCentre[day.centre] = (byCentre[day.centre] ?? 0) + day.cards;
    cards = { produced: Object.values(byCentre).reduce((a, b) => a + b, 0), byCentre };
  }
  const names = new Map(live.byDistrict.map((d) => [d.code, d.name]));
  const priorities = [...new Set(rows.map((r) => r.priority))].sort();
  const districts = [...new Set(rows.map((r) => r.district))].sort((a, b) => (a ?? '~').localeCompare(b ?? '~'));
  return {
    from,
    to,
    calls: calls.overall,
    incidents: {
      created: live.incidents.created,
      openAtEnd: live.incidents.open,
      medianToDispatchS: live.incidents.medianToDispatchS,
      p90ToDispatchS: live.incidents.p90ToDispatchS,
      medianToOnSceneS: live.incidents.medianToOnSceneS,
      p90ToOnSceneS: live.incidents.p90ToOnSceneS,
    },
    byPriority: priorities.map((priority) => ({ priority, ...responseTimes(rows.filter((r) => r.priority === priority)) })),
    byDistrict: districts.map((district) => ({ district, name: names.get(district) ?? null, ...responseTimes(rows.filter((r) => r.district === district)) })),
    cameraAlarms: { total: alarms.length, byKind },
    cards,
  };
}

function responseTimes(rows: readonly { responseS: number | undefined }[]): ResponseTimes {
  const times = rows.map((r) => r.responseS).filter((s): s is number => s !== undefined).sort((a, b) => a - b);
  return { incidents: rows.length, reached: times.length, medianS: round(percentile(times, 0.5)), p90S: round(percentile(times, 0.9)) };
}

function round(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}

/** The figures as lines of text, for the terminal. */
export function formatKpis(kpis: SimKpis): string[] {
  const pct = (share: number | null) => (share === null ? '-' : `${(share * 100).toFixed(1)}%`);
  const s = (seconds: number | null) => (seconds === null ? '-' : seconds >= 120 ? `${(seconds / 60).toFixed(1)} min` : `${seconds.toFixed(0)} s`);
  const c = kpis.calls;
  const i = kpis.incidents;
  const lines = [
    `KPIs ${kpis.from} to ${kpis.to}`,
    `  calls: ${c.calls} rang, ${c.answered} answered, ${c.abandoned} abandoned (${pct(c.abandonedRate)})`,
    `  answered within 15 s: ${pct(c.within15s)}, within 20 s: ${pct(c.within20s)} (NENA: 90% and 95%: ${c.meetsNena ? 'met' : 'not met'}); answer p50 ${s(c.answerP50S)}, p90 ${s(c.answerP90S)}`,
    `  incidents: ${i.created} created, ${i.openAtEnd} open at the end`,
    `  time to dispatch: median ${s(i.medianToDispatchS)}, p90 ${s(i.p90ToDispatchS)}; to on scene: median ${s(i.medianToOnSceneS)}, p90 ${s(i.p90ToOnSceneS)}`,
    '  response time (created to first unit on scene), by priority:',
    ...kpis.byPriority.map((p) => `    ${p.priority}  ${String(p.incidents).padStart(5)} incidents, ${String(p.reached).padStart(5)} reached   median ${s(p.medianS).padStart(8)}   p90 ${s(p.p90S).padStart(8)}`),
    '  by district:',
    ...kpis.byDistrict.map(
      (d) => `    ${(d.name ?? d.district ?? 'outside every district').padEnd(16)} ${String(d.incidents).padStart(5)} incidents, ${String(d.reached).padStart(5)} reached   median ${s(d.medianS).padStart(8)}   p90 ${s(d.p90S).padStart(8)}`,
    ),
    `  camera alarms: ${kpis.cameraAlarms.total}${Object.keys(kpis.cameraAlarms.byKind).length === 0 ? '' : ` (${Object.entries(kpis.cameraAlarms.byKind).map(([kind, n]) => `${kind} ${n}`).join(', ')})`}`,
    ...(kpis.cards === null
      ? []
      : [`  identity cards produced (days ${kpis.from.slice(0, 10)} to ${kpis.to.slice(0, 10)}): ${kpis.cards.produced}${Object.entries(kpis.cards.byCentre).map(([centre, n]) => `, ${centre} ${n}`).join('')}`]),
    ...(kpis.jams === undefined
      ? []
      : [`  road jams: ${kpis.jams.length}`, ...kpis.jams.map((jam) => `    ${jam.road}: ${jam.lengthM} m at ${jam.kmh} km/h, ${jam.from.slice(11, 16)} to ${jam.to.slice(11, 16)}Z`)]),
  ];
  return lines;
}
