import { randomBytes } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { coreMigrations } from '../core.migrations.js';
import { setupTestCore, type TestCore } from '../testing.js';
import { ExternalMqttHub } from './external-hub.js';
import type { MqttMessage } from './mqtt-hub.js';
import { RestartableBroker, testBrokerUrl } from './testing.js';

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The server's kernel, the hubs and plain clients a test opened, all closed after it. */
function setupExternal() {
  const opened: { hubs: ExternalMqttHub[]; clients: MqttClient[] } = { hubs: [], clients: [] };
  let base: TestCore;
  beforeEach(async () => {
    base = await setupTestCore({ migrations: coreMigrations });
  });
  afterEach(async () => {
    await Promise.all(opened.clients.splice(0).map((client) => client.endAsync(true)));
    await Promise.all(opened.hubs.splice(0).map((hub) => hub.close()));
    await base.close();
  });
  return {
    core: () => base.core,
    hub(url: string, options: { reconnectMinMs?: number; reconnectMaxMs?: number } = {}) {
      const hub = new ExternalMqttHub(base.core, { url, ...options });
      opened.hubs.push(hub);
      return hub;
    },
    async client(url: string) {
      const client = await connectAsync(url, { reconnectPeriod: 0 });
      opened.clients.push(client);
      return client;
    },
  };
}

const mosquitto = await testBrokerUrl();

describe.skipIf(mosquitto === undefined)(`the server on an external MQTT broker (Mosquitto at ${mosquitto})`, () => {
  const t = setupExternal();
  // Topics of their own, so that runs sharing the broker do not see each other's messages.
  let prefix: string;
  beforeEach(() => {
    prefix = `amane-test-${randomBytes(6).toString('hex')}`;
  });

  it("hands what a device publishes to the server's handler, without a device identity", async () => {
    const hub = t.hub(mosquitto!);
    const positions: MqttMessage[] = [];
    hub.subscribe(`${prefix}/units/+/position`, (message) => {
      positions.push(message);
    });
    await hub.start();
    expect(hub.stats().connected).toBe(true);

    const device = await t.client(mosquitto!);
    await device.publishAsync(`${prefix}/units/car-12/position`, '{"lat":33.5731,"lon":-7.5898}', { qos: 1 });
    await waitFor(() => positions.length === 1, 'the position');
    expect(positions[0]).toMatchObject({ topic: `${prefix}/units/car-12/position`, device: undefined });
    expect(positions[0]!.payload.toString()).toBe('{"lat":33.5731,"lon":-7.5898}');
    expect(hub.stats()).toMatchObject({ mode: 'external', received: 1, clients: undefined });
    expect(await t.core().metrics.registry.getSingleMetricAsString('amane_mqtt_broker_connected')).toContain('amane_mqtt_broker_connected 1');
  });

  it('publishes to the broker for the devices subscribed there', async () => {
    const hub = t.hub(mosquitto!);
    await hub.start();
    const device = await t.client(mosquitto!);
    const orders: string[] = [];
    device.on('message', (topic, payload) => orders.push(`${topic} ${payload.toString()}`));
    await device.subscribeAsync(`${prefix}/units/car-12/orders`, { qos: 1 });

    await hub.publish(`${prefix}/units/car-12/orders`, '{"incident":"CASA-2026-000123"}', { qos: 1 });
    await waitFor(() => orders.length === 1, 'the order');
    expect(orders).toEqual([`${prefix}/units/car-12/orders {"incident":"CASA-2026-000123"}`]);
  });
});

describe('the server on an external MQTT broker that restarts', () => {
  const t = setupExternal();
  const broker = new RestartableBroker();
  afterEach(async () => broker.stop());

  it('reports the broker gone without failing, reconnects when it is back, and subscribes again', async () => {
    await broker.start();
    const hub = t.hub(broker.url, { reconnectMinMs: 20, reconnectMaxMs: 200 });
    const positions: string[] = [];
    hub.subscribe('fleet/+/position', (message) => {
      positions.push(message.payload.toString());
    });
    await hub.start();
    expect(hub.stats().connected).toBe(true);
    const connectedGauge = () => t.core().metrics.registry.getSingleMetricAsString('amane_mqtt_broker_connected');

    await broker.stop();
    await waitFor(() => !hub.stats().connected, 'the hub to see the broker gone');
    expect(await connectedGauge()).toContain('amane_mqtt_broker_connected 0');
    await expect(hub.publish('fleet/car-12/orders', 'while away')).rejects.toMatchObject({ code: 'unavailable' });
    // Several reconnection attempts fail meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(hub.stats().connected).toBe(false);

    await broker.start();
    await waitFor(() => hub.stats().connected, 'the hub to reconnect');
    expect(await connectedGauge()).toContain('amane_mqtt_broker_connected 1');
    const device = await t.client(broker.url);
    // The restarted broker knows nothing of the old subscription: the hub asked again on reconnecting.
    await waitFor(() => {
      void device.publishAsync('fleet/car-12/position', 'after the restart');
      return positions.length > 0;
    }, 'a position after the restart');
    expect(positions[0]).toBe('after the restart');
  });
});
