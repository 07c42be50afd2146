import client from 'prom-client';
import type { Metrics } from '../core/metrics.js';
import { ApplicationKind } from './application.js';

export interface IdentityMetrics {
  /** Applications opened, by kind, and refused at opening (fee, kind, person), by kind. */
  readonly applications: client.Counter<'kind' | 'result'>;
  /** Cards personalised, by issuance centre. */
  readonly cardsProduced: client.Counter<'centre'>;
}

export const ApplicationResult = { opened: 'opened', refused: 'refused' } as const;
export type ApplicationResult = (typeof ApplicationResult)[keyof typeof ApplicationResult];

const byRegistry = new WeakMap<client.Registry, IdentityMetrics>();

/** The identity metrics of a process, registered once in its registry, every kind at 0. */
export function identityMetrics(metrics: Metrics): IdentityMetrics {
  let found = byRegistry.get(metrics.registry);
  if (found === undefined) {
    found = {
      applications: new client.Counter({
        name: 'amane_identity_applications_total',
        help: 'Identity card applications, by kind (first_card, renewal, replacement, change_of_data) and result (opened, refused).',
        labelNames: ['kind', 'result'] as const,
        registers: [metrics.registry],
      }),
      cardsProduced: new client.Counter({
        name: 'amane_identity_cards_produced_total',
        help: 'Identity cards personalised, by issuance centre.',
        labelNames: ['centre'] as const,
        registers: [metrics.registry],
      }),
    };
    for (const kind of Object.values(ApplicationKind)) for (const result of Object.values(ApplicationResult)) found.applications.inc({ kind, result }, 0);
    byRegistry.set(metrics.registry, found);
  }
  return found;
}
