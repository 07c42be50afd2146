import type { App } from '../core/http.js';

/** An answer other than 2xx, with the problem the server sent (RFC 9457). */
export class SimHttpError extends Error {
  constructor(
    readonly status: number,
    readonly problem: { code?: string; detail?: string } | undefined,
    what: string,
  ) {
    super(`${what}: ${status} ${problem?.code ?? ''} ${problem?.detail ?? ''}`.trim());
    this.name = 'SimHttpError';
  }
}

/**
 * Someone the simulator plays, speaking to the server over HTTP like any client: through the same
 * routes, schemas and permission checks (Fastify's `inject` runs the whole request in-process, without
 * a socket). A person logs in with a username and password and logs in again when the session ends;
 * a device sends its token.
 */
export class SimClient {
  private token: string | undefined;

  private constructor(
    private readonly app: App,
    readonly name: string,
    private readonly credentials: { readonly kind: 'device'; readonly token: string } | { readonly kind: 'user'; readonly username: string; password: string },
  ) {
    if (credentials.kind === 'device') this.token = credentials.token;
  }

  static device(app: App, name: string, token: string): SimClient {
    return new SimClient(app, name, { kind: 'device', token });
  }

  static user(app: App, username: string, password: string): SimClient {
    return new SimClient(app, username, { kind: 'user', username, password });
  }

  /** Opens a session (a person); a no-op for a device. */
  async login(): Promise<void> {
    if (this.credentials.kind !== 'user') return;
    const { token } = await this.send<{ token: string }>('POST', '/auth/login', { username: this.credentials.username, password: this.credentials.password }, false);
    this.token = token;
  }

  /** Changes the person's password (a temporary one must be changed before anything else). */
  async changePassword(newPassword: string): Promise<void> {
    if (this.credentials.kind !== 'user') throw new Error('a device has no password');
    await this.send('POST', '/auth/password', { currentPassword: this.credentials.password, newPassword }, true);
    this.credentials.password = newPassword;
  }

  get<T>(url: string): Promise<T> {
    return this.request<T>('GET', url);
  }

  post<T>(url: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', url, body);
  }

  /** A request with the credentials; a person whose session ended (401) logs in again once. */
  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, body?: unknown): Promise<T> {
    if (this.token === undefined) await this.login();
    try {
      return await this.send<T>(method, url, body, true);
    } catch (error) {
      if (!(error instanceof SimHttpError) || error.status !== 401 || this.credentials.kind !== 'user') throw error;
      await this.login();
      return this.send<T>(method, url, body, true);
    }
  }

  private async send<T>(method: string, url: string, body: unknown, authenticated: boolean): Promise<T> {
    const response = await this.app.inject({
      method: method as 'GET',
      url,
      headers: authenticated && this.token !== undefined ? { authorization: `Bearer ${this.token}` } : {},
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });
    if (response.statusCode >= 200 && response.statusCode < 300) {
      return (response.body === '' ? undefined : JSON.parse(response.body)) as T;
    }
    let problem: { code?: string; detail?: string } | undefined;
    try {
      problem = JSON.parse(response.body) as { code?: string; detail?: string };
    } catch {
      problem = undefined;
    }
    throw new SimHttpError(response.statusCode, problem, `${this.name} ${method} ${url.split('?')[0]}`);
  }
}
