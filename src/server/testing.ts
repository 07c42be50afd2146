import type { Logger } from 'pino';
import type { PersonRole } from '../core/auth/permission.js';
import type { App } from '../core/http.js';
import { findLastEvent } from '../core/journal.repository.js';
import { createTestUser, setupTestCore, type TestCore } from '../core/testing.js';
import { buildApp } from './app.js';
import { allMigrations, modules } from './modules.js';

export interface TestApp extends TestCore {
  readonly app: App;
  /** Creates a user holding `roles`, logs them in through the API, and returns their bearer token. */
  login(roles: readonly PersonRole[]): Promise<{ token: string; username: string; id: string; password: string }>;
  /** The journal's last sequence number (to prove a refused request wrote nothing). */
  journalHead(): Promise<number>;
}

/** The whole server on a fresh database, called in-process (Fastify's inject). */
export async function setupTestApp(options: { env?: Record<string, string>; log?: Logger } = {}): Promise<TestApp> {
  const base = await setupTestCore({ migrations: allMigrations, ...options });
  const app = await buildApp(base.core, modules);
  return {
    ...base,
    app,
    async login(roles) {
      const user = await createTestUser(base.core, roles);
      const response = await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: { username: user.username, password: user.password },
      });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
      return { ...user, token: (response.json() as { token: string }).token };
    },
    async journalHead() {
      return (await findLastEvent(base.core.db)).seq;
    },
    async close() {
      await app.close();
      await base.close();
    },
  };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
