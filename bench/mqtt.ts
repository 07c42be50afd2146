// The MQTT hub's cost: position messages per second from devices through the embedded broker into an
// in-process handler, measured against a bare Aedes broker (no token check, no rules, no metrics) fed
// the same way in the same run. Devices are real MQTT clients in a child process (QoS 0, 120-byte JSON
// positions), so the broker's process has a core of its own, as in the field.
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Aedes } from 'aedes';
import { connectAsync } from 'mqtt';
import { registerDevice } from '../src/core/auth/device.service.js';
import { ManualClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config.js';
import type { Core } from '../src/core/context.js';
import { coreMigrations } from '../src/core/core.migrations.js';
import { openDatabase } from '../src/core/database.js';
import { LiveBus } from '../src/core/live.js';
import { createLogger } from '../src/core/logger.js';
import { Metrics } from '../src/core/metrics.js';
import { migrateToLatest } from '../src/core/migrate.js';
import { ModuleState } from '../src/core/module-state.js';
import { EmbeddedMqttHub } from '../src/core/mqtt/embedded-hub.js';
import { spawnTied } from '../src/server/tied-process.js';

const DEVICES = Number(process.env.BENCH_DEVICES ?? 40);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

if (process.argv[2] === 'devices') {
  await runDevices(process.argv[3]!, process.argv.slice(4));
} else {
  await main();
}

/** Child process: one MQTT connection per token, each publishing positions as fast as the socket takes them. */
async function runDevices(url: string, tokens: string[]): Promise<void> {
  const clients = await Promise.all(tokens.map((token, i) => connectAsync(url, { username: `car-${i}`, password: token, reconnectPeriod: 0 })));
  let stop = false;
  process.on('message', () => {
    stop = true;
  });
  process.send!('ready');
  await Promise.all(
    clients.map(async (client, i) => {
      const topic = `amane/units/car-${i}/position`;
      let n = 0;
      while (!stop) {
        const batch: Promise<unknown>[] = [];
        for (let k = 0; k < 100; k += 1) {
          n += 1;
          const payload = `{"lat":33.5${String(n % 10_000).padStart(4, '0')},"lon":-7.6${String(i).padStart(4, '0')},"speed":42,"heading":180,"at":"2026-03-01T08:00:00.000Z"}`;
          batch.push(client.publishAsync(topic, payload));
        }
        await Promise.all(batch);
        // Let the socket and the parent's stop message through.
        await new Promise((resolve) => setImmediate(resolve));
      }
    }),
  );
  process.exit(0);
}

/** Drives the devices at `url` for SECONDS and returns what `received()` counted per second. */
async function measure(url: string, tokens: string[], received: () => number): Promise<number> {
  const child = spawnTied([import.meta.filename, 'devices', url, ...tokens], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const died = exited.then(() => {
    throw new Error(`the devices process exited with ${child.exitCode ?? child.signalCode} during the measure`);
  });
  died.catch(() => undefined);
  await Promise.race([new Promise((resolve) => child.once('message', resolve)), died]);
  await Promise.race([new Promise((resolve) => setTimeout(resolve, 500)), died]); // warm up
  const before = received();
  const started = process.hrtime.bigint();
  await Promise.race([new Promise((resolve) => setTimeout(resolve, SECONDS * 1_000)), died]);
  const perSecond = (received() - before) / (Number(process.hrtime.bigint() - started) / 1e9);
  child.send('stop');
  await exited;
  return perSecond;
}

async function bareAedes(tokens: string[]): Promise<number> {
  const broker = await Aedes.createBroker();
  const server = net.createServer(broker.handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  let count = 0;
  broker.subscribe(
    'amane/units/+/position',
    (_packet, done) => {
      count += 1;
      done();
    },
    () => {},
  );
  const url = `mqtt://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const perSecond = await measure(url, tokens, () => count);
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return perSecond;
}

async function hub(core: Core, tokens: string[]): Promise<number> {
  const hub = new EmbeddedMqttHub(core, { host: '127.0.0.1', port: 0 });
  hub.authorize((device, topic, action) => action === 'publish' && topic === `amane/units/${device.name}/position`);
  let count = 0;
  hub.subscribe('amane/units/+/position', (message) => {
    if (message.device !== undefined) count += 1;
  });
  await hub.start();
  const perSecond = await measure(hub.url!, tokens, () => count);
  const refused = hub.stats().refused;
  await hub.close();
  if (refused.acl + refused.auth + refused.too_large > 0) throw new Error(`the hub refused messages: ${JSON.stringify(refused)}`);
  return perSecond;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-bench-mqtt-'));
  // Each unit here reports faster than a tracker on the road: no per-unit limit on fixes.
  const config = loadConfig({ AMANE_DATABASE_URL: path.join(dir, 'amane.db'), AMANE_LOG_LEVEL: 'warn', AMANE_MQTT_PORT: '0', AMANE_DEVICE_FIXES_PER_MINUTE: '100000' });
  const db = openDatabase(config.database);
  await migrateToLatest(db, coreMigrations);
  const core: Core = { config, db, clock: new ManualClock(), bus: new LiveBus(), metrics: new Metrics({ collectDefault: false }), log: createLogger(config), state: new ModuleState() };
  const tokens: string[] = [];
  for (let i = 0; i < DEVICES; i += 1) tokens.push((await registerDevice(core, 'system:bench', { name: `car-${i}`, kind: 'vehicle' })).token);

  console.log(`${DEVICES} devices, QoS 0 positions, ${SECONDS} s per measure, ${ROUNDS} rounds, ${os.cpus().length} cores`);
  const bare: number[] = [];
  const ours: number[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    bare.push(await bareAedes(tokens));
    ours.push(await hub(core, tokens));
    console.log(`round ${round}: bare Aedes ${Math.round(bare.at(-1)!)} msg/s, Amane hub ${Math.round(ours.at(-1)!)} msg/s`);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const hubPerS = Math.round(median(ours));
  const barePerS = Math.round(median(bare));
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`RESULT mqtt hub_msg_per_s=${hubPerS} bare_aedes_msg_per_s=${barePerS} ratio=${(hubPerS / barePerS).toFixed(2)}`);
}
