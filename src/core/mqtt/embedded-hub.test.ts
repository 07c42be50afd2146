import net from 'node:net';
import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { revokeDevice, rotateDeviceToken } from '../auth/device.service.js';
import { testDatabaseKind } from '../testing.js';
import { MQTT_MAX_PAYLOAD_BYTES } from './embedded-hub.js';
import type { MqttMessage, MqttRule } from './mqtt-hub.js';
import { setupTestMqtt, type TestMqtt } from './testing.js';

// What the units module will say: a vehicle publishes under its own name and reads its own orders.
const unitRule: MqttRule = (device, topic, action) =>
  action === 'publish' ? topic.startsWith(`amane/units/${device.name}/`) : topic === `amane/units/${device.name}/orders`;

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const closed = (client: MqttClient) => waitFor(() => !client.connected, 'the connection to close');

describe(`the embedded MQTT broker (${testDatabaseKind()})`, () => {
  let t: TestMqtt;
  beforeEach(async () => {
    t = await setupTestMqtt();
    t.hub.authorize(unitRule);
  });
  afterEach(async () => t.close());

  /** Subscribes the server to `filter` and keeps what arrives. */
  function collect(filter: string): MqttMessage[] {
    const messages: MqttMessage[] = [];
    t.hub.subscribe(filter, (message) => {
      messages.push(message);
    });
    return messages;
  }

  const metric = async (name: string) => t.core.metrics.registry.getSingleMetricAsString(name);

  it("hands a device's message to the server's subscribers with the device that published it", async () => {
    const car = await t.device('car-12');
    const positions = collect('amane/units/+/position');
    const client = await t.connect(car.token, { username: 'car-12' });
    await client.publishAsync('amane/units/car-12/position', '{"lat":33.5731,"lon":-7.5898}', { qos: 1 });

    await waitFor(() => positions.length === 1, 'the position');
    expect(positions[0]!.topic).toBe('amane/units/car-12/position');
    expect(positions[0]!.payload.toString()).toBe('{"lat":33.5731,"lon":-7.5898}');
    expect(positions[0]!.device).toEqual({ id: car.id, name: 'car-12', kind: 'vehicle' });
    expect(t.hub.stats()).toMatchObject({ mode: 'embedded', connected: true, clients: 1, received: 1, handlerErrors: 0 });
    expect(await metric('amane_mqtt_messages_total')).toContain('amane_mqtt_messages_total{family="amane/units"} 1');
    expect(await metric('amane_mqtt_clients')).toContain('amane_mqtt_clients 1');
  });

  it('refuses a connection without a valid device token: bad username or password', async () => {
    const car = await t.device('car-12');
    await expect(t.connect(`amd_${'x'.repeat(43)}`, { username: 'car-12' })).rejects.toMatchObject({ code: 4 });
    await expect(t.connect(undefined, { username: 'nobody' })).rejects.toMatchObject({ code: 4 });
    // A person's session token opens the API, not the broker.
    await expect(t.connect(`ams_${car.token.slice(4)}`)).rejects.toMatchObject({ code: 4 });
    expect(t.hub.stats().refused).toEqual({ auth: 3, acl: 0, too_large: 0, malformed_text: 0 });
    expect(t.hub.stats().clients).toBe(0);
    expect(await metric('amane_mqtt_refused_total')).toContain('amane_mqtt_refused_total{reason="auth"} 3');
  });

  it('refuses a revoked device, and closes the connection it had', async () => {
    const car = await t.device('car-12');
    const client = await t.connect(car.token);
    await revokeDevice(t.core, 'system:test', car.id, 'reported stolen');

    await closed(client);
    await expect(t.connect(car.token)).rejects.toMatchObject({ code: 4 });
    expect(t.hub.stats().refused.auth).toBe(1);
  });

  it('closes the connection made with a token that was rotated, and takes the new token', async () => {
    const car = await t.device('car-12');
    const client = await t.connect(car.token);
    const { token } = await rotateDeviceToken(t.core, 'system:test', car.id, 'yearly rotation');

    await closed(client);
    await expect(t.connect(car.token)).rejects.toMatchObject({ code: 4 });
    const again = await t.connect(token);
    expect(again.connected).toBe(true);
    await again.endAsync();
  });

  it('drops and counts a publish the rules refuse, and keeps the connection', async () => {
    const car = await t.device('car-12');
    const everything = collect('#');
    const client = await t.connect(car.token);
    // As Mosquitto does, a refused QoS 1 publish is still acknowledged, so the device does not resend it.
    await client.publishAsync('amane/units/car-13/position', 'pretending to be another car', { qos: 1 });
    await client.publishAsync('$SYS/broker/clients', 'writing to the broker', { qos: 1 });
    await client.publishAsync('amane/units/car-12/position', 'its own', { qos: 1 });

    await waitFor(() => everything.length === 1, 'the allowed message');
    expect(everything.map((m) => m.payload.toString())).toEqual(['its own']);
    expect(client.connected).toBe(true);
    expect(t.hub.stats()).toMatchObject({ received: 1, refused: { auth: 0, acl: 2, too_large: 0 } });
    expect(await metric('amane_mqtt_refused_total')).toContain('amane_mqtt_refused_total{reason="acl"} 2');
  });

  it('answers a subscription the rules refuse with 0x80, and delivers what the server publishes to an allowed one', async () => {
    const car = await t.device('car-12');
    const client = await t.connect(car.token);
    const orders: string[] = [];
    client.on('message', (topic, payload) => orders.push(`${topic} ${payload.toString()}`));

    const refused = { packet: { granted: [128] } };
    await expect(client.subscribeAsync('amane/units/car-13/orders')).rejects.toMatchObject(refused);
    await expect(client.subscribeAsync('amane/units/#')).rejects.toMatchObject(refused);
    expect(client.connected).toBe(true);
    expect((await client.subscribeAsync('amane/units/car-12/orders', { qos: 1 }))[0]!.qos).toBe(1);
    await t.hub.publish('amane/units/car-13/orders', 'not for car-12', { qos: 1 });
    await t.hub.publish('amane/units/car-12/orders', '{"incident":"CASA-2026-000123"}', { qos: 1 });

    await waitFor(() => orders.length === 1, 'the order');
    expect(orders).toEqual(['amane/units/car-12/orders {"incident":"CASA-2026-000123"}']);
    expect(t.hub.stats().refused.acl).toBe(2);
  });

  it('drops a payload over 64 KiB, and closes a connection announcing a far larger packet before reading it', async () => {
    const car = await t.device('car-12');
    const positions = collect('amane/units/+/position');
    const client = await t.connect(car.token);
    await client.publishAsync('amane/units/car-12/position', Buffer.alloc(MQTT_MAX_PAYLOAD_BYTES + 1), { qos: 1 });
    await client.publishAsync('amane/units/car-12/position', Buffer.alloc(MQTT_MAX_PAYLOAD_BYTES), { qos: 1 });
    await waitFor(() => positions.length === 1, 'the message at the limit');
    expect(positions[0]!.payload.length).toBe(MQTT_MAX_PAYLOAD_BYTES);
    expect(client.connected).toBe(true);
    expect(t.hub.stats().refused.too_large).toBe(1);

    client.publish('amane/units/car-12/position', Buffer.alloc(4 * 1_048_576), { qos: 0 });
    await closed(client);
    expect(t.hub.stats().refused.too_large).toBe(2);
    expect(positions).toHaveLength(1);
    expect(await metric('amane_mqtt_refused_total')).toContain('amane_mqtt_refused_total{reason="too_large"} 2');
  });

  it('drops a JSON payload holding a lone surrogate before any subscriber, server or device, gets it', async () => {
    const car = await t.device('car-12');
    const orders = collect('amane/units/+/orders');
    const client = await t.connect(car.token);
    const received: string[] = [];
    client.on('message', (_topic, payload) => received.push(payload.toString()));
    await client.subscribeAsync('amane/units/car-12/orders', { qos: 1 });
    const topic = 'amane/units/car-12/orders';
    await client.publishAsync(topic, '{"incident":"CASA-2026-000123","note":"\\udc00"}', { qos: 1 });
    // Not JSON (a snapshot's bytes would not be either): left to the handlers to judge.
    await client.publishAsync(topic, 'not JSON \\udc00', { qos: 1 });
    // A pair, escaped: well-formed text.
    await client.publishAsync(topic, '{"note":"\\ud83d\\ude00"}', { qos: 1 });

    await waitFor(() => orders.length === 2 && received.length === 2, 'the two messages that pass');
    expect(orders.map((m) => m.payload.toString())).toEqual(['not JSON \\udc00', '{"note":"\\ud83d\\ude00"}']);
    expect(received).toEqual(['not JSON \\udc00', '{"note":"\\ud83d\\ude00"}']);
    expect(t.hub.stats()).toMatchObject({ received: 2, refused: { auth: 0, acl: 0, too_large: 0, malformed_text: 1 } });
    expect(client.connected).toBe(true);
    expect(await metric('amane_mqtt_refused_total')).toContain('amane_mqtt_refused_total{reason="malformed_text"} 1');
  });

  it('keeps delivering the next messages after a handler throws or rejects', async () => {
    const car = await t.device('car-12');
    t.hub.subscribe('amane/units/+/position', () => {
      throw new Error('a handler bug');
    });
    t.hub.subscribe('amane/units/+/position', async () => {
      throw new Error('an async handler bug');
    });
    const positions = collect('amane/units/+/position');
    const client = await t.connect(car.token);
    for (const n of [1, 2, 3]) await client.publishAsync('amane/units/car-12/position', `position ${n}`, { qos: 1 });

    await waitFor(() => positions.length === 3 && t.hub.stats().handlerErrors === 6, 'three positions and six failures');
    expect(positions.map((m) => m.payload.toString())).toEqual(['position 1', 'position 2', 'position 3']);
    expect(await metric('amane_mqtt_handler_errors_total')).toContain('amane_mqtt_handler_errors_total 6');
  });

  it('lets a device take its own session over, never another device', async () => {
    const car = await t.device('car-12');
    const thief = await t.device('car-13');
    const first = await t.connect(car.token, { clientId: 'car-12' });
    await expect(t.connect(thief.token, { clientId: 'car-12' })).rejects.toMatchObject({ code: 2 });
    expect(first.connected).toBe(true);

    const again = await t.connect(car.token, { clientId: 'car-12' });
    await closed(first);
    expect(again.connected).toBe(true);
  });

  it('closes its connections and releases its port when closed', async () => {
    const car = await t.device('car-12');
    const client = await t.connect(car.token);
    const port = t.hub.port!;
    await t.hub.close();

    await closed(client);
    expect(t.hub.stats()).toMatchObject({ connected: false, clients: 0 });
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
    await expect(t.hub.publish('amane/units/car-12/orders', 'late')).rejects.toMatchObject({ code: 'unavailable' });
  });
});
