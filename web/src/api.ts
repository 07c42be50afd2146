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

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called when the server says the session is gone (expired, revoked, logged out elsewhere). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json: unknown = text === '' ? undefined : JSON.parse(text);
  if (!response.ok) {
    const problem = (json ?? {}) as { code?: string; detail?: string; title?: string; errors?: FieldProblem[]; allowed?: string[]; retryAfterS?: number };
    if (response.status === 401 && path !== '/auth/login') for (const listener of unauthenticatedListeners) listener();
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
