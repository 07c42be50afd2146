import type { IClientOptions, MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { PersonRole } from '../core/auth/permission.js';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import { findLastEvent } from '../core/journal.repository.js';
import { EmbeddedMqttHub } from '../core/mqtt/embedded-hub.js';
import { ExternalMqttHub, type ExternalMqttHubOptions } from '../core/mqtt/external-hub.js';
import { connectTestClient } from '../core/mqtt/testing.js';
import { createTestUser, setupTestCore, type TestCore } from '../core/testing.js';
import { buildApp } from './app.js';
import { allMigrations, modules } from './modules.js';

export interface TestApp extends TestCore {
  readonly app: App;
  /** Creates a user holding `roles`, logs them in through the API, and returns their bearer token. */
  login(roles: readonly PersonRole[]): Promise<{ token: string; username: string; id: string; password: string }>;
  /** The journal's last sequence number (to prove a refused request wrote nothing). */
  journalHead(): Promise<number>;
  /** Where MQTT clients reach the app's broker (the `mqtt` option); undefined without one. */
  readonly mqttUrl: string | undefined;
  /**
   * Connects an MQTT client to that broker, a device token as its password (the embedded broker asks
   * for one); rejects when the broker refuses. The clients are ended by `close`.
   */
  connectMqtt(token?: string, options?: IClientOptions): Promise<MqttClient>;
}

export interface TestAppOptions {
  readonly env?: Record<string, string>;
  readonly log?: Logger;
  /**
   * Runs MQTT as the server does: `core.mqtt` set, the modules started, then the hub started.
   * `embedded`: a broker on a free port of 127.0.0.1 (never 1883, which a system broker may hold);
   * otherwise the external broker these options reach.
   */
  readonly mqtt?: 'embedded' | ExternalMqttHubOptions;
}

/** The longest idle time a setting allows (a week): beyond any test's moves of its clock. */
const IDLE_MINUTES_IN_TESTS = 7 * 24 * 60;

/** The whole server on a fresh database, its modules started as the server starts them, called in-process (Fastify's inject). */
export async function setupTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const { mqtt, env, ...coreOptions } = options;
  // Tests move their clock by hours and days between requests of one session (a day's production, an
  // expiry): no idle lock unless a test asks for one (session-idle.api.test.ts does).
  const base = await setupTestCore({ migrations: allMigrations, env: { AMANE_SESSION_IDLE_MINUTES: String(IDLE_MINUTES_IN_TESTS), ...env }, ...coreOptions });
  const hub = mqtt === undefined ? undefined : mqtt === 'embedded' ? new EmbeddedMqttHub(base.core, { host: '127.0.0.1', port: 0 }) : new ExternalMqttHub(base.core, mqtt);
  const core: Core = hub === undefined ? base.core : { ...base.core, mqtt: hub };
  const app = await buildApp(core, modules);
  // As the server starts: each module's in-memory state built, every subscription and rule in place
  // before a device can connect.
  for (const module of modules) await module.start?.(core);
  await hub?.start();
  // An external hub's own `url` hides the password that clients need.
  const mqttUrl = typeof mqtt === 'object' ? mqtt.url : hub?.url;
  const clients: MqttClient[] = [];
  return {
    ...base,
    core,
    app,
    mqttUrl,
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
    async connectMqtt(token, clientOptions = {}) {
      if (mqttUrl === undefined) throw new Error('this test app runs no MQTT broker: set the mqtt option');
      return connectTestClient(clients, mqttUrl, token, clientOptions);
    },
    async close() {
      // Devices first, then the hub (it waits for the handlers still running), then the routes and the database.
      await Promise.all(clients.map((client) => client.endAsync(true)));
      await hub?.close();
      await app.close();
      for (const module of [...modules].reverse()) await module.stop?.(core);
      await base.close();
    },
  };
}

// The request helpers are the kernel's, for the modules' own test kits too.
export { bearer, requestsTo, type RequestMethod } from '../core/testing.js';
