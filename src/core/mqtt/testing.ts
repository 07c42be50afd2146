import net, { type AddressInfo, type Socket } from 'node:net';
import { Aedes } from 'aedes';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { registerDevice } from '../auth/device.service.js';
import type { Core } from '../context.js';
import { coreMigrations } from '../core.migrations.js';
import type { Migrations } from '../migrate.js';
import { setupTestCore, testServiceUrl, type TestCore } from '../testing.js';
import { EmbeddedMqttHub } from './embedded-hub.js';

export interface TestMqtt extends TestCore {
  /** The kernel with `mqtt` set to the hub. */
  readonly core: Core & { readonly mqtt: EmbeddedMqttHub };
  readonly hub: EmbeddedMqttHub;
  /** Registers a device (a vehicle unless told) and returns it with its token. */
  device(name: string, kind?: 'vehicle' | 'camera' | 'recorder' | 'other'): Promise<{ id: string; name: string; token: string }>;
  /** Connects an MQTT client to the hub with `token` as its password; rejects when the broker refuses. */
  connect(token: string | undefined, options?: IClientOptions): Promise<MqttClient>;
  close(): Promise<void>;
}

/**
 * A migrated kernel with an embedded broker on a free port of 127.0.0.1 (never 1883, which a system
 * broker may hold), started; the clients `connect` opens are ended by `close`.
 */
export async function setupTestMqtt(options: { migrations?: Migrations; maxPayloadBytes?: number } = {}): Promise<TestMqtt> {
  const base = await setupTestCore({ migrations: options.migrations ?? coreMigrations });
  const hub = new EmbeddedMqttHub(base.core, { host: '127.0.0.1', port: 0, ...(options.maxPayloadBytes === undefined ? {} : { maxPayloadBytes: options.maxPayloadBytes }) });
  await hub.start();
  const core = { ...base.core, mqtt: hub };
  const clients: MqttClient[] = [];
  return {
    ...base,
    core,
    hub,
    async device(name, kind = 'vehicle') {
      const { device, token } = await registerDevice(core, 'system:test', { name, kind });
      return { id: device.id, name: device.name, token };
    },
    async connect(token, clientOptions = {}) {
      return connectTestClient(clients, hub.url!, token, { username: 'device', ...clientOptions });
    },
    async close() {
      await Promise.all(clients.map((client) => client.endAsync(true)));
      await hub.close();
      await base.close();
    },
  };
}

/**
 * Connects a device's MQTT client to `url` for a test, `token` as its password (with the user name
 * `device` when there is one), no reconnection; rejects when the broker refuses. The client joins
 * `clients`, for the test to end them all.
 */
export async function connectTestClient(clients: MqttClient[], url: string, token: string | undefined, options: IClientOptions = {}): Promise<MqttClient> {
  const client = await connectAsync(url, {
    ...(token === undefined ? {} : { username: 'device', password: token }),
    reconnectPeriod: 0,
    connectTimeout: 5_000,
    ...options,
  });
  clients.push(client);
  return client;
}

/**
 * The URL of the team's Mosquitto (127.0.0.1:1883, or AMANE_TEST_MQTT_URL) when it answers; undefined
 * otherwise, and under CI=true its absence fails the run instead of skipping the tests that need it.
 */
export async function testBrokerUrl(): Promise<string | undefined> {
  return testServiceUrl(process.env.AMANE_TEST_MQTT_URL ?? 'mqtt://127.0.0.1:1883', 1883, 'the MQTT broker', 'Mosquitto');
}


/** A broker of the test's own (Aedes) on a port it keeps, to stop and start again. */
export class RestartableBroker {
  private broker: Aedes | undefined;
  private server: net.Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async start(): Promise<void> {
    const broker = await Aedes.createBroker();
    const server = net.createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      broker.handle(socket);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as AddressInfo).port;
    this.broker = broker;
    this.server = server;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Stops as a killed broker does: every connection cut, every session lost. Stopped, it does nothing. */
  async stop(): Promise<void> {
    const server = this.server;
    const broker = this.broker;
    if (server === undefined) return;
    const stopped = new Promise((resolve) => server.close(resolve));
    for (const socket of this.sockets) socket.destroy();
    if (broker !== undefined) await new Promise<void>((resolve) => broker.close(() => resolve()));
    await stopped;
    this.server = undefined;
    this.broker = undefined;
  }
}
