import { randomBytes } from 'node:crypto';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { RestartableBroker, testBrokerUrl } from '../core/mqtt/testing.js';
import { counterValues, countsDiff, eventually, testDatabaseKind, warningsLogger } from '../core/testing.js';
import type { Assignment } from '../dispatch/dispatch.js';
import type { Incident } from '../incidents/incident.js';
import { LiveClient } from '../server/live-client.js';
import { requestsTo, setupTestApp, type TestApp, type TestAppOptions } from '../server/testing.js';
import { avlTracker } from './avl.service.js';
import type { Unit } from './unit.js';
import { unitTopic } from './unit.mqtt.js';

const NOW = '2026-11-29T10:00:00.000Z';
const P = { lat: 33.58, lon: -7.63 };
const at = (secondsAfter: number) => new Date(Date.parse(NOW) + secondsAfter * 1_000).toISOString();


/** The app with MQTT, a supervisor and a dispatcher, a station, and warnings kept to be read. */
function setupUnitMqtt(mqtt: () => TestAppOptions['mqtt']) {
  const s = { t: undefined as unknown as TestApp, supervisor: '', dispatcher: '', warnings: [] as Record<string, unknown>[] };
  beforeAll(async () => {
    s.t = await setupTestApp({ mqtt: mqtt(), log: warningsLogger(s.warnings) });
    s.t.clock.set(NOW);
    s.supervisor = (await s.t.login(['supervisor'])).token;
    s.dispatcher = (await s.t.login(['dispatcher'])).token;
    const station = await post('/stations', s.supervisor, { code: 'ST-ANFA', name: 'Anfa', location: P });
    expect(station.statusCode, station.body).toBe(201);
  });
  afterAll(async () => s.t?.close());

  const requests = requestsTo(() => s.t.app);
  const post = requests.post;
  const get = <T>(url: string, token: string) => requests.get(url, token).then((response) => response.json() as T);
  const metrics = async () => (await s.t.app.inject({ url: '/metrics' })).body;
  /** Adds a unit, once the tracker knows it (the topic rule asks the tracker whose unit it is). */
  const addUnit = async (callSign: string, device: string | null) => {
    const created = await post('/units', s.supervisor, { callSign, kind: 'patrol_car', station: 'ST-ANFA', ...(device === null ? {} : { device }) });
    expect(created.statusCode, created.body).toBe(201);
    await eventually(() => avlTracker(s.t.core).deviceOf(callSign) === device, `the tracker to know ${callSign}`);
  };

  return {
    get t() {
      return s.t;
    },
    get dispatcher() {
      return s.dispatcher;
    },
    warnings: s.warnings,
    post,
    get,
    addUnit,
    /** A unit with a tracker device of its own, registered and connected to the embedded broker. */
    async unitWithTracker(callSign: string): Promise<MqttClient> {
      const name = `avl-${callSign.toLowerCase()}`;
      const { token } = await registerDevice(s.t.core, 'system:test', { name, kind: 'vehicle' });
      await addUnit(callSign, name);
      return s.t.connectMqtt(token);
    },
    /** `amane_avl_fixes_total` by result. */
    async fixCounts(): Promise<Record<string, number>> {
      return counterValues(await metrics(), 'amane_avl_fixes_total');
    },
    /** `amane_mqtt_refused_total` for one reason (0 before the first refusal). */
    async refusedMetric(reason: 'auth' | 'acl'): Promise<number> {
      return Number(new RegExp(`^amane_mqtt_refused_total\\{reason="${reason}"\\} (\\d+)$`, 'm').exec(await metrics())?.[1] ?? 0);
    },
    latestAt(callSign: string): string | undefined {
      const fix = avlTracker(s.t.core).latest(callSign);
      return fix === undefined ? undefined : new Date(fix.atMs).toISOString();
    },
  };
}

const fix = (lat: number, lon: number, secondsAfter: number, more: Record<string, unknown> = {}) => JSON.stringify({ lat, lon, ...more, at: at(secondsAfter) });

describe(`units over MQTT, embedded broker (${testDatabaseKind()})`, () => {
  const u = setupUnitMqtt(() => 'embedded');

  it('moves the unit when its tracker publishes fixes, and sends the position live to dispatchers', async () => {
    const device = await u.unitWithTracker('CASA-PC-1');
    // The counters belong to the file's app: count what this test adds to them.
    const before = await u.fixCounts();
    const ws = (await u.t.app.listen({ host: '127.0.0.1', port: 0 })).replace('http://', 'ws://');
    const room = await LiveClient.connect(`${ws}/live`, u.dispatcher);
    await room.waitFor((c) => c.messages.some((m) => m.type === 'hello'));

    await device.publishAsync(unitTopic('CASA-PC-1', 'position'), fix(33.58, -7.63, -10, { speed: 30, heading: 90, accuracy: 5 }), { qos: 1 });
    await device.publishAsync(unitTopic('CASA-PC-1', 'position'), fix(33.5801, -7.6299, -5, { speed: 25 }), { qos: 1 });
    await eventually(() => u.latestAt('CASA-PC-1') === at(-5), 'the second fix');
    await room.waitFor((c) => c.telemetry('positions').some((p) => p.callSign === 'CASA-PC-1' && p.at === at(-5)));
    expect(room.telemetry('positions').find((p) => p.at === at(-5))).toEqual({ callSign: 'CASA-PC-1', lat: 33.5801, lon: -7.6299, speedKmh: 25, heading: null, accuracyM: null, at: at(-5) });
    room.close();

    await avlTracker(u.t.core).save();
    const unit = await u.get<Unit>('/units/CASA-PC-1', u.dispatcher);
    expect(unit.position).toEqual({ lat: 33.5801, lon: -7.6299, speedKmh: 25, heading: null, accuracyM: null, at: at(-5) });
    expect(countsDiff(before, await u.fixCounts())).toEqual({ accepted: 2 });
  });

  it('refuses unreadable, out-of-range and impossible fixes, counting each, and takes the next good one', async () => {
    const device = await u.unitWithTracker('CASA-PC-2');
    const topic = unitTopic('CASA-PC-2', 'position');
    await device.publishAsync(topic, fix(33.58, -7.63, -60), { qos: 1 });
    await eventually(() => u.latestAt('CASA-PC-2') === at(-60), 'the first fix');
    const before = await u.fixCounts();

    for (const payload of [
      '{"lat":33.58,"lon":',
      Buffer.from([0xff, 0xfe, 0x00]),
      '[33.58,-7.63]',
      fix(91, -7.63, -50),
      fix(33.58, -7.63, -50, { speed: -3 }),
      JSON.stringify({ lat: 33.58, lon: -7.63, at: '2026-02-30T10:00:00Z' }),
      // 11 km in 5 s.
      fix(33.68, -7.63, -55),
      fix(33.58, -7.63, -60),
      fix(33.58, -7.63, -70),
      fix(33.58, -7.63, 3_600),
      fix(0, 0, -40),
    ]) {
      await device.publishAsync(topic, payload, { qos: 1 });
    }
    await device.publishAsync(topic, fix(33.5802, -7.6301, -30), { qos: 1 });

    await eventually(() => u.latestAt('CASA-PC-2') === at(-30), 'the good fix after the bad ones');
    expect(countsDiff(before, await u.fixCounts())).toEqual({ invalid: 6, impossible_jump: 1, duplicate: 1, out_of_order: 1, future: 1, out_of_area: 1, accepted: 1 });
    expect(u.t.core.mqtt!.stats().handlerErrors).toBe(0);
    expect(device.connected).toBe(true);
  });

  it("drops a fix a device publishes for another unit, as the topic rule's refusal, and keeps its connection", async () => {
    const device = await u.unitWithTracker('CASA-PC-3');
    await u.unitWithTracker('CASA-PC-4');
    const refusedBefore = u.t.core.mqtt!.stats().refused.acl;
    const metricBefore = await u.refusedMetric('acl');
    const before = await u.fixCounts();

    await device.publishAsync(unitTopic('CASA-PC-4', 'position'), fix(33.58, -7.63, -20), { qos: 1 });
    await device.publishAsync(unitTopic('CASA-PC-4', 'status'), '{"status":"available"}', { qos: 1 });
    await device.publishAsync(unitTopic('CASA-PC-3', 'position'), fix(33.58, -7.63, -10), { qos: 1 });

    await eventually(() => u.latestAt('CASA-PC-3') === at(-10), 'its own fix');
    expect(u.latestAt('CASA-PC-4')).toBeUndefined();
    expect(u.t.core.mqtt!.stats().refused.acl).toBe(refusedBefore + 2);
    expect(await u.refusedMetric('acl')).toBe(metricBefore + 2);
    // Refused at the broker, the fix never reached the tracker.
    expect(countsDiff(before, await u.fixCounts())).toEqual({ accepted: 1 });
    expect((await u.get<Unit>('/units/CASA-PC-4', u.dispatcher)).status).toBe('off_duty');
    expect(device.connected).toBe(true);
  });

  it('drops the fixes of a device that is not a tracker, even when its name is the one bound to the unit', async () => {
    const { token } = await registerDevice(u.t.core, 'system:test', { name: 'cam-as-tracker', kind: 'camera' });
    await u.addUnit('CASA-PC-15', 'cam-as-tracker');
    const camera = await u.t.connectMqtt(token);
    const refusedBefore = u.t.core.mqtt!.stats().refused.acl;
    await camera.publishAsync(unitTopic('CASA-PC-15', 'position'), fix(33.58, -7.63, -20), { qos: 1 });
    await camera.publishAsync(unitTopic('CASA-PC-15', 'status'), '{"status":"available"}', { qos: 1 });
    await eventually(() => u.t.core.mqtt!.stats().refused.acl === refusedBefore + 2, 'both refusals');
    expect(u.latestAt('CASA-PC-15')).toBeUndefined();
    expect((await u.get<Unit>('/units/CASA-PC-15', u.dispatcher)).status).toBe('off_duty');
    await camera.endAsync();
  });

  it('takes a device’s statuses for a unit up to its limit a minute, drops the flood beyond with one warning, and keeps serving', async () => {
    const device = await u.unitWithTracker('CASA-PC-16');
    const topic = unitTopic('CASA-PC-16', 'status');
    const journaled = async () =>
      (await u.t.core.db.selectFrom('journal').select('seq').where('stream', '=', 'unit/CASA-PC-16').where('type', '=', 'unit.status_changed').execute()).length;
    // 200 alternating statuses in a burst: 30 a minute are taken (AMANE_DEVICE_STATUS_PER_MINUTE), the rest dropped.
    for (let i = 0; i < 200; i += 1) void device.publish(topic, i % 2 === 0 ? '{"status":"available"}' : '{"status":"busy"}', { qos: 0 });
    const limited = () => u.warnings.filter((w) => w.topic === topic && w.code === 'rate_limited');
    await eventually(() => limited().length === 1, 'the flood to be noticed');
    expect(limited()[0]).toMatchObject({ device: 'avl-casa-pc-16', err: expect.stringContaining('too many status reports for this unit from this device: at most 30 a minute') as string });
    expect((await u.t.app.inject({ url: '/health' })).statusCode).toBe(200);
    // Once the admitted statuses have committed, the journal holds at most 30 of the 200. (On PostgreSQL
    // concurrent statuses may commit in either order, so a few of the 30 change nothing and add no event.)
    let settled = -1;
    for (let count = await journaled(); count !== settled; count = await journaled()) {
      settled = count;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(settled).toBeGreaterThan(0);
    expect(settled).toBeLessThanOrEqual(30);
    // Through HTTP the same device is refused with 429 for the rest of the minute.
    const http = await u.t.app.inject({ method: 'POST', url: '/units/CASA-PC-16/status', headers: { authorization: `Bearer ${(device.options.password as Buffer | string).toString()}` }, payload: { status: 'available' } });
    expect(http.statusCode).toBe(429);
    expect(http.headers['retry-after']).toBe('60');
  });

  it('takes a unit’s fixes up to its limit a minute and drops a flood beyond, counted, while serving', async () => {
    const device = await u.unitWithTracker('CASA-PC-17');
    const topic = unitTopic('CASA-PC-17', 'position');
    const before = await u.fixCounts();
    // 300 fixes in a burst, each a second newer: 120 a minute are judged (AMANE_DEVICE_FIXES_PER_MINUTE), the rest dropped unread.
    for (let i = 0; i < 300; i += 1) void device.publish(topic, fix(33.58 + i * 0.00001, -7.63, -300 + i), { qos: 0 });
    await eventually(async () => {
      const diff = countsDiff(before, await u.fixCounts());
      return (diff.accepted ?? 0) + (diff.rate_limited ?? 0) === 300;
    }, 'every fix of the flood to be counted');
    expect(countsDiff(before, await u.fixCounts())).toEqual({ accepted: 120, rate_limited: 180 });
    expect(u.latestAt('CASA-PC-17')).toBe(at(-300 + 119));
    expect((await u.t.app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('refuses a connection with a wrong token at CONNECT, counts it, and goes on serving the others', async () => {
    const device = await u.unitWithTracker('CASA-PC-5');
    const refusedBefore = u.t.core.mqtt!.stats().refused.auth;
    const metricBefore = await u.refusedMetric('auth');

    await expect(u.t.connectMqtt(`amd_${'x'.repeat(43)}`)).rejects.toMatchObject({ code: 4 });
    await expect(u.t.connectMqtt()).rejects.toMatchObject({ code: 4 });

    expect(u.t.core.mqtt!.stats().refused.auth).toBe(refusedBefore + 2);
    expect(await u.refusedMetric('auth')).toBe(metricBefore + 2);
    await device.publishAsync(unitTopic('CASA-PC-5', 'position'), fix(33.58, -7.63, -10), { qos: 1 });
    await eventually(() => u.latestAt('CASA-PC-5') === at(-10), 'the fix of the device that did log in');
  });

  it('moves the unit’s status as its tracker reports it, and refuses an illegal move or an unknown status without failing', async () => {
    const device = await u.unitWithTracker('CASA-PC-6');
    const topic = unitTopic('CASA-PC-6', 'status');
    const status = async () => (await u.get<Unit>('/units/CASA-PC-6', u.dispatcher)).status;
    const refusals = () => u.warnings.filter((w) => w.topic === topic && w.msg === 'unit status over MQTT refused');

    await device.publishAsync(topic, '{"status":"available"}', { qos: 1 });
    await eventually(async () => (await status()) === 'available', 'available');

    await device.publishAsync(topic, '{"status":"on_scene"}', { qos: 1 });
    await eventually(() => refusals().length === 1, 'the illegal move to be refused');
    expect(refusals()[0]).toMatchObject({ code: 'invalid_transition', err: 'unit CASA-PC-6 is `available`; on_scene is not allowed; allowed: dispatched, busy, out_of_service, off_duty' });
    const unreadable = () => u.warnings.filter((w) => w.topic === topic && String(w.msg).startsWith('unit status over MQTT refused: expected'));
    await device.publishAsync(topic, '{"status":"flying"}', { qos: 1 });
    await device.publishAsync(topic, 'available', { qos: 1 });
    expect(await status()).toBe('available');
    await device.publishAsync(topic, '{"status":"busy","reason":"arrest paperwork"}', { qos: 1 });
    await eventually(async () => (await status()) === 'busy', 'busy');
    // Handled in order: both unreadable statuses were seen, and made one warning (the next would come
    // 10 s later with how many there were since: rate-limit.test.ts).
    expect(unreadable().map((w) => w.count)).toEqual([1]);
    const timeline = await u.t.core.db.selectFrom('journal').select(['type', 'actor', 'data']).where('stream', '=', 'unit/CASA-PC-6').orderBy('seq').execute();
    expect(timeline.map((e) => [e.type, e.actor])).toEqual([
      ['unit.created', expect.stringMatching(/^user:/)],
      ['unit.status_changed', 'device:avl-casa-pc-6'],
      ['unit.status_changed', 'device:avl-casa-pc-6'],
    ]);
    expect(timeline[2]!.data).toContain('arrest paperwork');
    expect(u.t.core.mqtt!.stats().handlerErrors).toBe(0);
  });

  it('sends an assignment to the unit’s device, and records the acknowledgement the device publishes', async () => {
    const device = await u.unitWithTracker('CASA-PC-7');
    expect((await u.post('/units/CASA-PC-7/status', u.dispatcher, { status: 'available' })).statusCode).toBe(200);
    const orders: { topic: string; order: Record<string, unknown> }[] = [];
    device.on('message', (topic, payload) => orders.push({ topic, order: JSON.parse(payload.toString()) as Record<string, unknown> }));
    await expect(device.subscribeAsync(unitTopic('CASA-PC-1', 'dispatch'))).rejects.toMatchObject({ packet: { granted: [128] } });
    expect((await device.subscribeAsync(unitTopic('CASA-PC-7', 'dispatch'), { qos: 1 }))[0]!.qos).toBe(1);

    const created = await u.post('/incidents', u.dispatcher, { type: 'robbery', answers: {}, location: P, summary: 'A robbery at the corner shop' });
    expect(created.statusCode, created.body).toBe(201);
    const number = (created.json() as Incident).number;
    const assigned = await u.post(`/incidents/${number}/assign`, u.dispatcher, { units: ['CASA-PC-7'] });
    expect(assigned.statusCode, assigned.body).toBe(200);

    await eventually(() => orders.length === 1, 'the order on the device');
    expect(orders[0]).toMatchObject({ topic: 'amane/units/CASA-PC-7/dispatch', order: { type: 'assigned', incident: number, at: NOW, location: P, summary: 'A robbery at the corner shop' } });
    const assignment = async () => (await u.get<Assignment[]>(`/incidents/${number}/units`, u.dispatcher)).find((a) => a.callSign === 'CASA-PC-7');
    expect(await assignment()).toMatchObject({ acknowledgedAt: null });

    u.t.clock.advance(7_000);
    await device.publishAsync(unitTopic('CASA-PC-7', 'ack'), '{}', { qos: 1 });
    await eventually(async () => (await assignment())?.acknowledgedAt !== null, 'the acknowledgement');
    expect(await assignment()).toMatchObject({ acknowledgedAt: '2026-11-29T10:00:07.000Z' });
    expect(u.t.core.mqtt!.stats().handlerErrors).toBe(0);
  });
});

const mosquitto = await testBrokerUrl();

describe.skipIf(mosquitto === undefined)(`units over MQTT, through Mosquitto at ${mosquitto} (${testDatabaseKind()})`, () => {
  const u = setupUnitMqtt(() => ({ url: mosquitto! }));

  it('moves the unit when a fix reaches the server through the external broker', async () => {
    // Call signs of this run's own: the broker is shared, and every server on it hears every unit.
    const callSign = `CASA-${randomBytes(5).toString('hex').toUpperCase()}`;
    await u.addUnit(callSign, null);
    const before = await u.fixCounts();
    const device = await u.t.connectMqtt();
    expect(u.t.core.mqtt!.stats()).toMatchObject({ mode: 'external', connected: true });

    await device.publishAsync(unitTopic(callSign, 'position'), fix(33.58, -7.63, -20), { qos: 1 });
    await device.publishAsync(unitTopic(callSign, 'position'), '{"lat":', { qos: 1 });
    await device.publishAsync(unitTopic(callSign, 'position'), fix(33.5801, -7.6302, -10, { speed: 40 }), { qos: 1 });

    await eventually(() => u.latestAt(callSign) === at(-10), 'the fix through the broker');
    await avlTracker(u.t.core).save();
    expect((await u.get<Unit>(`/units/${callSign}`, u.dispatcher)).position).toMatchObject({ lat: 33.5801, lon: -7.6302, speedKmh: 40, at: at(-10) });
    const diff = countsDiff(before, await u.fixCounts());
    expect({ accepted: diff.accepted, invalid: diff.invalid }).toEqual({ accepted: 2, invalid: 1 });
  });
});

describe(`units over MQTT, an external broker that restarts (${testDatabaseKind()})`, () => {
  const broker = new RestartableBroker();
  beforeAll(async () => broker.start());
  afterAll(async () => broker.stop());
  const u = setupUnitMqtt(() => ({ url: broker.url, reconnectMinMs: 20, reconnectMaxMs: 200 }));

  it('takes fixes again once the broker is back, and nothing fails meanwhile', async () => {
    await u.addUnit('CASA-PC-9', null);
    const hub = u.t.core.mqtt!;
    const before = await u.fixCounts();
    const first = await u.t.connectMqtt();
    await first.publishAsync(unitTopic('CASA-PC-9', 'position'), fix(33.58, -7.63, -60), { qos: 1 });
    await eventually(() => u.latestAt('CASA-PC-9') === at(-60), 'the fix before the restart');

    await broker.stop();
    await eventually(() => !hub.stats().connected, 'the hub to see the broker gone');
    await new Promise((resolve) => setTimeout(resolve, 200));
    await broker.start();
    await eventually(() => hub.stats().connected, 'the hub to reconnect');

    const second = await u.t.connectMqtt();
    // The restarted broker lost the hub's subscription until the hub asks again: publish until it is heard.
    await eventually(async () => {
      await second.publishAsync(unitTopic('CASA-PC-9', 'position'), fix(33.5801, -7.6301, -30), { qos: 1 });
      return u.latestAt('CASA-PC-9') === at(-30);
    }, 'a fix after the restart');
    await second.publishAsync(unitTopic('CASA-PC-9', 'position'), fix(33.5802, -7.6302, -20), { qos: 1 });
    await eventually(() => u.latestAt('CASA-PC-9') === at(-20), 'the next fix');

    expect(countsDiff(before, await u.fixCounts())).toMatchObject({ accepted: 3 });
    expect(hub.stats().handlerErrors).toBe(0);
    expect((await u.get<Unit>('/units/CASA-PC-9', u.dispatcher)).callSign).toBe('CASA-PC-9');
  });
});
