import type { FastifyBaseLogger, FastifyInstance, FastifyRequest, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { RouteAccess } from './auth/permission.js';
import type { Principal } from './auth/principal.js';
import { DomainError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route asks of its caller; a route without one refuses to register. */
    permission?: RouteAccess;
    /** Reachable while the caller's password is temporary (to change it, see who one is, log out). */
    allowWithTemporaryPassword?: boolean;
    /** Reachable by a session whose roles ask for a second factor it has not proved (to enrol one). */
    allowWithoutSecondFactor?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

/** The Fastify instance modules register their routes on (TypeBox schemas give the types). */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export const SESSION_COOKIE = 'amane_session';

/** The caller of an authenticated route (the access hook has already checked it). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw new DomainError('unauthenticated', 'log in first');
  return request.principal;
}

/** The logged-in person calling (refuses devices). */
export function userOf(request: FastifyRequest): Extract<Principal, { kind: 'user' }> {
  const principal = principalOf(request);
  if (principal.kind !== 'user') throw new DomainError('forbidden', 'this route is for people, not devices');
  return principal;
}
