import net from 'node:net';
import { connectAsync } from 'mqtt';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { loadConfig } from '../core/config.js';
import { parseAnchor, type JournalAnchor } from '../core/journal-attestation.js';
import { createTestDatabase, testDatabaseKind, type TestDatabase } from '../core/testing.js';
import { startServer } from './server.js';

function readAnchors(file: string): JournalAnchor[] {
  return fs.readFileSync(file, 'utf8').trim().split('\n').map((line) => parseAnchor(line)!);
}

describe(`the server started whole, with its MQTT broker (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => database.drop());

  // Free ports only: 1883 is the system broker's, and other suites start servers at the same time.
  const configWith = (env: Record<string, string>) =>
    loadConfig({ ...database.settings, AMANE_PORT: '0', AMANE_LOG_LEVEL: 'silent', AMANE_ADMIN_PASSWORD: 'server-test-password', ...env });

  it('runs the embedded broker on a free port for devices, says so in /ready, and releases the port at close', async () => {
    const server = await startServer(configWith({ AMANE_MQTT: 'embedded', AMANE_MQTT_PORT: '0' }), { collectDefaultMetrics: false });
    const port = Number(/^mqtt:\/\/127\.0\.0\.1:(\d+)$/.exec(server.mqttUrl ?? '')?.[1]);
    try {
      expect(port).toBeGreaterThan(0);
      expect(await (await fetch(`${server.url}/ready`)).json()).toEqual({ status: 'ready', mqtt: 'connected', parts: { identityKeystore: 'available' } });
      const { token } = await registerDevice(server.core, 'system:test', { name: 'car-12', kind: 'vehicle' });
      const device = await connectAsync(server.mqttUrl!, { username: 'car-12', password: token, reconnectPeriod: 0 });
      expect(server.core.mqtt?.stats()).toMatchObject({ mode: 'embedded', connected: true, clients: 1 });
      const deviceClosed = new Promise<void>((resolve) => device.once('close', () => resolve()));
      await server.close();
      await deviceClosed;
      expect(device.connected).toBe(false);
    } finally {
      await server.close();
    }
    const probe = net.createServer();
    await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => probe.close(resolve));
  });

  it('signs the journal on the interval and at a clean stop; a later start over a signed head adds no anchor', async () => {
    const config = configWith({ AMANE_MQTT: 'off', AMANE_JOURNAL_ANCHOR_SECONDS: '1' });
    const server = await startServer(config, { collectDefaultMetrics: false });
    try {
      // The first administrator, created at this start, is signed within the interval.
      await vi.waitFor(() => expect(readAnchors(config.journalAnchorsFile).map((anchor) => anchor.reason)).toEqual(['interval']), { timeout: 5_000 });
      await registerDevice(server.core, 'system:test', { name: 'car-12', kind: 'vehicle' });
    } finally {
      await server.close();
    }
    const anchors = readAnchors(config.journalAnchorsFile);
    expect(anchors.map((anchor) => anchor.reason)).toEqual(['interval', 'stop']);
    expect(anchors[1]).toMatchObject({ previousSeq: anchors[0]!.seq, seq: anchors[0]!.seq + 1 });
    const again = await startServer(config, { collectDefaultMetrics: false });
    await again.close();
    expect(readAnchors(config.journalAnchorsFile)).toHaveLength(2);
  });

  it('refuses to start in production without the journal signing key, naming the file', async () => {
    await expect(startServer(configWith({ AMANE_MQTT: 'off', AMANE_ENV: 'production' }), { collectDefaultMetrics: false })).rejects.toThrow(
      /in production the journal needs its signing key .*journal-signing\.key/,
    );
  });

  it('runs no broker when AMANE_MQTT is off', async () => {
    const server = await startServer(configWith({ AMANE_MQTT: 'off' }), { collectDefaultMetrics: false });
    try {
      expect(server.core.mqtt).toBeUndefined();
      expect(server.mqttUrl).toBeUndefined();
      expect(await (await fetch(`${server.url}/ready`)).json()).toEqual({ status: 'ready', parts: { identityKeystore: 'available' } });
    } finally {
      await server.close();
    }
  });

  it('fails to start when the MQTT port is taken, naming the address', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    try {
      await expect(startServer(configWith({ AMANE_MQTT: 'embedded', AMANE_MQTT_PORT: String(taken) }), { collectDefaultMetrics: false })).rejects.toMatchObject({
        code: 'EADDRINUSE',
        message: expect.stringContaining(`127.0.0.1:${taken}`),
      });
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
