import { Type, type Static } from 'typebox';

/**
 * Call-answering KPIs, from the call times the journal recorded (rang, answered, ended):
 * NENA-STA-020.1 asks for 90% of calls answered within 15 s and 95% within 20 s; NFPA 1225 for 90%
 * within 10 s (the share within 10 s is reported against that). Abandoned calls (hung up while
 * ringing) count in the total and in the abandoned rate, not in answer times.
 */
export const CallKpis = Type.Object({
  calls: Type.Integer(),
  answered: Type.Integer(),
  abandoned: Type.Integer(),
  abandonedRate: Type.Number(),
  /** Shares of answered calls answered within 10, 15 and 20 seconds (0-1); null with no answered call. */
  within10s: Type.Union([Type.Number(), Type.Null()]),
  within15s: Type.Union([Type.Number(), Type.Null()]),
  within20s: Type.Union([Type.Number(), Type.Null()]),
  answerP50S: Type.Union([Type.Number(), Type.Null()]),
  answerP90S: Type.Union([Type.Number(), Type.Null()]),
  answerP95S: Type.Union([Type.Number(), Type.Null()]),
  meetsNena: Type.Boolean(),
});
export type CallKpis = Static<typeof CallKpis>;

export interface CallTimes {
  readonly rangAt: string;
  readonly answeredAt: string | null;
  readonly status: string;
}

/** The KPIs of a set of calls. */
export function callKpis(calls: readonly CallTimes[]): CallKpis {
  const waits = calls
    .filter((c) => c.answeredAt !== null)
    .map((c) => (new Date(c.answeredAt!).getTime() - new Date(c.rangAt).getTime()) / 1_000)
    .sort((a, b) => a - b);
  const abandoned = calls.filter((c) => c.status === 'abandoned').length;
  const share = (limitS: number) => (waits.length === 0 ? null : waits.filter((w) => w <= limitS).length / waits.length);
  const within15s = share(15);
  const within20s = share(20);
  return {
    calls: calls.length,
    answered: waits.length,
    abandoned,
    abandonedRate: calls.length === 0 ? 0 : abandoned / calls.length,
    within10s: share(10),
    within15s,
    within20s,
    answerP50S: percentile(waits, 0.5),
    answerP90S: percentile(waits, 0.9),
    answerP95S: percentile(waits, 0.95),
    meetsNena: within15s !== null && within20s !== null && within15s >= 0.9 && within20s >= 0.95,
  };
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

/** Calls grouped by a key (the hour, the call-taker, the day), each group with its KPIs. */
export function kpisBy(calls: readonly (CallTimes & { callTaker: string | null })[], key: (call: CallTimes & { callTaker: string | null }) => string) {
  const groups = new Map<string, (CallTimes & { callTaker: string | null })[]>();
  for (const call of calls) {
    const k = key(call);
    groups.set(k, [...(groups.get(k) ?? []), call]);
  }
  return [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([group, members]) => ({ group, ...callKpis(members) }));
}
