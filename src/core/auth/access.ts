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
export async function checkAccess(core: Pick<Core, 'db' | 'clock' | 'config' | 'bus' | 'metrics' | 'state'>, request: FastifyRequest): Promise<void> {
  request.principal = undefined;
  if (request.is404) return;
  const { permission, allowWithTemporaryPassword, allowWithoutSecondFactor } = request.routeOptions.config;
  if (permission === undefined) throw new DomainError('internal', `route ${request.routeOptions.url} declares no permission`);
  const bearer = bearerToken(request);
  if (bearer === undefined && permission !== 'metrics' && (WRITE_METHODS.has(request.method) || isWebSocketUpgrade(request))) assertSameOrigin(request);
  if (permission === 'public') return;
  if (permission === 'metrics') {
    if (isLoopback(request.ip)) return;
    const expected = core.config.metricsToken;
    if (expected !== undefined && bearer !== undefined && sameSecret(bearer, expected)) return;
    throw new DomainError('unauthenticated', 'metrics are served to loopback, or with the metrics token');
  }
  const token = requestToken(request);
  if (token === undefined) throw new DomainError('unauthenticated', 'log in first: no session token was sent');
  const principal = await authenticate(core, token, { use: request.headers[BACKGROUND_HEADER] !== '1' });
  if (principal === undefined) {
    throw new DomainError('unauthenticated', 'the session or device token is unknown, expired or revoked; log in again');
  }
  request.principal = principal;
  if (principal.kind === 'user' && principal.mustChangePassword && allowWithTemporaryPassword !== true) {
    throw new DomainError('password_change_required', 'your password is temporary: change it first (POST /auth/password)');
  }
  if (principal.kind === 'user' && principal.secondFactorMissing && allowWithoutSecondFactor !== true) {
    throw new DomainError(
      'second_factor_enrolment_required',
      `your roles (${principal.roles.join(', ')}) need a second factor: enrol one first (POST /auth/totp/enrolment, then /auth/totp/enrolment/confirm)`,
    );
  }
  if (permission === 'authenticated') return;
  if (!principal.permissions.has(permission)) {
    const who = principal.kind === 'user' ? `your roles (${principal.roles.join(', ')})` : 'a device';
    throw new DomainError('forbidden', `${who} do not hold the permission ${permission}`);
  }
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Sent as `1` by the console on a request it makes on its own (a refresh after a live event, a poll)
 * while nobody has touched it for a minute: such a request is served but does not count as a use of the
 * session, so a console left open on a busy floor still locks when idle. A client can only make its
 * session end sooner with it.
 */
export const BACKGROUND_HEADER = 'x-amane-background';

/**
 * A write, or the live feed's upgrade, without a bearer token must come from the centre's own pages. A
 * browser attaches the session cookie to requests another site makes it send (SameSite=Strict is then
 * the only guard, and older or misconfigured browsers do not honour it), so the request is refused when
 * the browser says it is cross-site (`Sec-Fetch-Site`) or names another origin (`Origin`, compared with
 * the host the request was sent to). Clients that are not browsers send neither header, and a browser
 * never sends a bearer token on its own: those need no check. Login is covered too (no login CSRF).
 */
function assertSameOrigin(request: FastifyRequest): void {
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') {
    throw new DomainError('forbidden', `a ${fetchSite} request may not act with the session cookie; use the console, or send a bearer token`);
  }
  const origin = request.headers.origin;
  if (origin === undefined) return;
  let host: string | undefined;
  try {
    host = origin === 'null' ? undefined : new URL(origin).host;
  } catch {
    host = undefined;
  }
  if (host === undefined || host !== request.headers.host) {
    throw new DomainError('forbidden', `a request from another origin (${origin.slice(0, 100)}) may not act with the session cookie; use the console, or send a bearer token`);
  }
}

function isWebSocketUpgrade(request: FastifyRequest): boolean {
  return request.headers.upgrade?.toLowerCase() === 'websocket';
}

/**
 * Who is calling, for a public route that answers differently to a logged-in caller: the owner of the
 * request's token (as `checkAccess` finds it), or undefined when none was sent or it opens nothing.
 */
export async function findCaller(core: Pick<Core, 'db' | 'clock' | 'config' | 'bus' | 'metrics' | 'state'>, request: FastifyRequest): Promise<Principal | undefined> {
  const token = requestToken(request);
  if (token === undefined) return undefined;
  try {
    return await authenticate(core, token);
  } catch (error) {
    // A session that went idle is ended; the caller is then anonymous, like one with no token.
    if (error instanceof DomainError && error.code === 'session_idle') return undefined;
    throw error;
  }
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
