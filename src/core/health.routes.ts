import { Type } from 'typebox';
import type { Core } from './context.js';
import { isDatabaseReachable } from './database.js';
import { DomainError } from './errors.js';
import type { App } from './http.js';

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
          'A broker that is away does not make the server unready: the console and the API still work.',
        response: {
          200: Type.Object({
            status: Type.Literal('ready'),
            mqtt: Type.Optional(Type.Union([Type.Literal('connected'), Type.Literal('disconnected')])),
          }),
        },
      },
    },
    async () => {
      if (!(await isDatabaseReachable(core.db))) throw new DomainError('unavailable', 'the database does not answer');
      if (core.mqtt === undefined) return { status: 'ready' as const };
      return { status: 'ready' as const, mqtt: core.mqtt.stats().connected ? ('connected' as const) : ('disconnected' as const) };
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
