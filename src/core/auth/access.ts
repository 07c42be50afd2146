import type { FastifyRequest } from 'fastify';
import type { Core } from '../context.js';
import { DomainError } from '../errors.js';
import { SESSION_COOKIE } from '../http.js';
import { sameSecret } from './secret.js';
import type { Principal } from './principal.js';
import { authenticate } from './session.service.js';

/**
 * The one place where routes' declared permissions are enforced (an `onRequest` hook):
 * 401 without a valid session or device token, 403 for a role without the permission.
 */
export async function checkAccess(core: Pick<Core, 'db' | 'clock' | 'config'>, request: FastifyRequest): Promise<void> {
  request.principal = undefined;
  if (request.is404) return;
  const { permission, allowWithTemporaryPassword } = request.routeOptions.config;
  if (permission === undefined) throw new DomainError('internal', `route ${request.routeOptions.url} declares no permission`);
  if (permission === 'public') return;
  const bearer = bearerToken(request);
  if (permission === 'metrics') {
    if (isLoopback(request.ip)) return;
    const expected = core.config.metricsToken;
    if (expected !== undefined && bearer !== undefined && sameSecret(bearer, expected)) return;
    throw new DomainError('unauthenticated', 'metrics are served to loopback, or with the metrics token');
  }
  const token = requestToken(request);
  if (token === undefined) throw new DomainError('unauthenticated', 'log in first: no session token was sent');
  const principal = await authenticate(core, token);
  if (principal === undefined) {
    throw new DomainError('unauthenticated', 'the session or device token is unknown, expired or revoked; log in again');
  }
  request.principal = principal;
  if (principal.kind === 'user' && principal.mustChangePassword && allowWithTemporaryPassword !== true) {
    throw new DomainError('password_change_required', 'your password is temporary: change it first (POST /auth/password)');
  }
  if (permission === 'authenticated') return;
  if (!principal.permissions.has(permission)) {
    const who = principal.kind === 'user' ? `your roles (${principal.roles.join(', ')})` : 'a device';
    throw new DomainError('forbidden', `${who} do not hold the permission ${permission}`);
  }
}

/**
 * Who is calling, for a public route that answers differently to a logged-in caller: the owner of the
 * request's token (as `checkAccess` finds it), or undefined when none was sent or it opens nothing.
 */
export async function findCaller(core: Pick<Core, 'db' | 'clock'>, request: FastifyRequest): Promise<Principal | undefined> {
  const token = requestToken(request);
  return token === undefined ? undefined : authenticate(core, token);
}

/** The token a request carries: its bearer token (API clients, devices), else its session cookie (the console). */
function requestToken(request: FastifyRequest): string | undefined {
  const token = bearerToken(request) ?? request.cookies[SESSION_COOKIE];
  return token === '' ? undefined : token;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1];
}

export function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
