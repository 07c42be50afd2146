import client from 'prom-client';
import type { Metrics } from '../core/metrics.js';

export interface CallMetrics {
  /** Calls by what happened to them: rang, answered, abandoned, ended, transferred. */
  readonly calls: client.Counter<'event'>;
  /** Seconds from ring to answer (the NENA 15 s / 20 s and NFPA 10 s marks are bucket edges). */
  readonly answerSeconds: client.Histogram;
}

const byRegistry = new WeakMap<client.Registry, CallMetrics>();

/** The call metrics of a process, registered once in its registry. */
export function callMetrics(metrics: Metrics): CallMetrics {
  let found = byRegistry.get(metrics.registry);
  if (found === undefined) {
    found = {
      calls: new client.Counter({ name: 'amane_calls_total', help: 'Line-19 calls by event (rang, answered, abandoned, ended, transferred).', labelNames: ['event'] as const, registers: [metrics.registry] }),
      answerSeconds: new client.Histogram({
        name: 'amane_call_answer_seconds',
        help: 'Seconds from ring to answer.',
        buckets: [2, 5, 10, 15, 20, 30, 45, 60, 120],
        registers: [metrics.registry],
      }),
    };
    byRegistry.set(metrics.registry, found);
  }
  return found;
}
