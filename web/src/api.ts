/** The server's API, as the console calls it: same origin, the session cookie, JSON both ways. */

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** An RFC 9457 problem answered by the server, kept whole so a form can show it on its field. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: readonly FieldProblem[] = [],
    readonly allowed: readonly string[] = [],
    /** For `rate_limited`: seconds until trying again is worth it. */
    readonly retryAfterS?: number,
  ) {
    super(message);
  }
}

/** Told the server's code: `session_idle` when the idle lock ended the session, `unauthenticated` otherwise. */
type Listener = (code: string) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when the server says the session is gone (expired, revoked, idle, logged out elsewhere). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/**
 * When a person last pressed a key, a button or the screen. A request the console sends after a minute
 * without (a refresh after a live event, a poll) is marked as made on its own: the server serves it but
 * does not count it as a use of the session, so a console left open still locks when nobody uses it.
 */
let lastInputAt = Date.now();
const QUIET_MS = 60_000;
for (const type of ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const) {
  window.addEventListener(type, () => (lastInputAt = Date.now()), { capture: true, passive: true });
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' };
  if (Date.now() - lastInputAt > QUIET_MS) headers['x-amane-background'] = '1';
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const problem = (json ?? {}) as { code?: string; detail?: string; title?: string; errors?: FieldProblem[]; allowed?: string[]; retryAfterS?: number };
    if (response.status === 401 && path !== '/auth/login') for (const listener of unauthenticatedListeners) listener(problem.code ?? 'unauthenticated');
    throw new ApiError(response.status, problem.code ?? 'internal', problem.detail ?? problem.title ?? response.statusText, problem.errors, problem.allowed, problem.retryAfterS);
  }
  return json as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body: unknown = {}) => api<T>('POST', path, body);
export const put = <T>(path: string, body: unknown) => api<T>('PUT', path, body);

/** A query string from the defined values of an object. */
export function query(params: Record<string, string | number | boolean | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}
