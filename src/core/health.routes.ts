import { Type } from 'typebox';
import type { Core } from './context.js';
import { isDatabaseReachable } from './database.js';
import { DomainError } from './errors.js';
import type { App } from './http.js';
import { StateKey } from './module-state.js';

/** Whether a part a module depends on can serve now; answered from memory, since /ready is probed often. */
export type ReadinessCheck = () => boolean;

const readinessChecksKey = new StateKey<Map<string, ReadinessCheck>>('kernel: readiness checks of the modules');

/**
 * Reports a part of a module under `/ready` (`parts.NAME`: available or unavailable). Such a part does
 * not make the server unready: the rest still serves; the part's own routes answer 503 meanwhile.
 */
export function addReadinessCheck(core: Pick<Core, 'state'>, name: string, check: ReadinessCheck): void {
  let checks = core.state.find(readinessChecksKey);
  if (checks === undefined) core.state.set(readinessChecksKey, (checks = new Map()));
  checks.set(name, check);
}

export function removeReadinessCheck(core: Pick<Core, 'state'>, name: string): void {
  core.state.find(readinessChecksKey)?.delete(name);
}

const PartState = Type.Union([Type.Literal('available'), Type.Literal('unavailable')]);

/** Liveness, readiness and Prometheus metrics. */
export function registerHealthRoutes(app: App, core: Core): void {
  app.get(
    '/health',
    {
      config: { permission: 'public' },
      schema: { tags: ['operations'], summary: 'Liveness: the process answers', response: { 200: Type.Object({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers',
        description:
          '`mqtt` says whether devices can reach the server (present when it runs or reaches an MQTT broker). ' +
          'A broker that is away does not make the server unready: the console and the API still work. ' +
          '`parts` says the same of the parts modules depend on, such as `identityKeystore` (the keys that sign the cards): ' +
          'an unavailable part answers 503 on its own routes while everything else serves.',
        response: {
          200: Type.Object({
            status: Type.Literal('ready'),
            mqtt: Type.Optional(Type.Union([Type.Literal('connected'), Type.Literal('disconnected')])),
            parts: Type.Optional(Type.Record(Type.String(), PartState)),
          }),
        },
      },
    },
    async () => {
      if (!(await isDatabaseReachable(core.db))) throw new DomainError('unavailable', 'the database does not answer');
      const checks = core.state.find(readinessChecksKey);
      const parts = checks === undefined || checks.size === 0 ? undefined : Object.fromEntries([...checks].map(([name, check]) => [name, check() ? ('available' as const) : ('unavailable' as const)]));
      return {
        status: 'ready' as const,
        ...(core.mqtt === undefined ? {} : { mqtt: core.mqtt.stats().connected ? ('connected' as const) : ('disconnected' as const) }),
        ...(parts === undefined ? {} : { parts }),
      };
    },
  );

  app.get(
    '/metrics',
    {
      config: { permission: 'metrics' },
      schema: { tags: ['operations'], summary: 'Prometheus metrics (loopback, or the metrics token)' },
    },
    async (_request, reply) => {
      reply.type(core.metrics.registry.contentType);
      return core.metrics.registry.metrics();
    },
  );
}
