import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { testBrokerUrl } from '../core/mqtt/testing.js';
import { countsDiff, eventually, testDatabaseKind } from '../core/testing.js';
import { LiveClient } from '../server/live-client.js';
import { setupTestApp } from '../server/testing.js';
import type { HotlistWithEntries } from './hotlist.js';
import { AlarmDesk } from './alarm.service.js';
import { readFrigateEvent } from './camera-events.js';
import { frigateEventMessage, frigateReviewMessage } from './camera-events.testing.js';
import { heartbeatTopic } from './camera-ingest.mqtt.js';
import { setupCameraTest } from './camera-ingest.testing.js';

/** Unix seconds of the test clock's now, plus `s`. */
const NOW_S = Date.parse('2026-11-29T10:00:00.000Z') / 1_000;
const t0 = (s: number) => NOW_S - 60 + s;
const trackedObject = (id: string, camera: string, more: Record<string, unknown> = {}) => ({ id, camera, start_time: t0(0), frame_time: t0(1), ...more });

describe(`camera events over MQTT, embedded broker (${testDatabaseKind()})`, () => {
  const c = setupCameraTest(setupTestApp, { mqtt: 'embedded' });

  const frigate = () => c.t.connectMqtt(c.recorderToken);
  const frontDoorObject = '1764410340.1-aaaaaa';
  /** Frigate's messages about one person at the front door: new, 19 updates, end; waits for the alarm to end. */
  async function trackFrontDoorObject(): Promise<void> {
    const recorder = await frigate();
    const object = trackedObject(frontDoorObject, 'front_door');
    await recorder.publishAsync('frigate/events', JSON.stringify(frigateEventMessage('new', { ...object, sub_label: null, current_zones: [], entered_zones: [] })), { qos: 1 });
    for (let k = 2; k <= 20; k += 1) {
      await recorder.publishAsync('frigate/events', JSON.stringify(frigateEventMessage('update', { ...object, frame_time: t0(k), score: 0.5 + k / 100, has_snapshot: true })), { qos: 1 });
    }
    await recorder.publishAsync('frigate/events', JSON.stringify(frigateEventMessage('end', { ...object, frame_time: t0(21), end_time: t0(22), has_snapshot: true, has_clip: true })), { qos: 1 });
    await eventually(async () => (await c.alarms('camera=CAM-0001')).some((a) => a.endedAt !== null), 'the alarm to end');
  }

  it("turns Frigate's documented messages about one tracked object into one alarm, updated, and journaled once", async () => {
    const id = frontDoorObject;
    await trackFrontDoorObject();
    const [alarm, ...others] = await c.alarms('camera=CAM-0001&kind=object');
    expect(others).toEqual([]);
    expect(alarm).toMatchObject({
      camera: 'CAM-0001',
      cameraName: 'front_door',
      kind: 'object',
      source: 'frigate',
      severity: 'medium',
      status: 'open',
      label: 'person',
      subLabel: 'John Smith',
      score: 0.87890625,
      topScore: 0.958984375,
      zones: ['yard', 'driveway'],
      snapshotUrl: `http://frigate.local:5000/api/events/${id}/snapshot.jpg`,
      clip: `http://frigate.local:5000/api/events/${id}/clip.mp4`,
      firstSeenAt: new Date(t0(1) * 1_000).toISOString(),
      lastSeenAt: new Date(t0(22) * 1_000).toISOString(),
      endedAt: new Date(t0(22) * 1_000).toISOString(),
      updates: 21,
      allowedActions: ['acknowledge', 'dismiss', 'incident'],
    });
    // Along the camera's heading (east) at half its range.
    expect(alarm!.objectPosition).toEqual({ lat: 33.58, lon: expect.closeTo(-7.62935, 4) as number, accuracyM: 60 });
    const journal = await c.stream(`camera-alarm/${alarm!.id}`);
    expect(journal.map((e) => e.type)).toEqual(['camera_alarm.raised']);
    expect(journal[0]!.data).toMatchObject({ camera: 'CAM-0001', kind: 'object', severity: 'medium', label: 'person', key: `frigate:event:${id}` });
  });

  it('keeps one alarm for a tracked object across a restart of the desk (the stored alarm is found by its key)', async () => {
    await trackFrontDoorObject();
    const [before] = await c.alarms('camera=CAM-0001&kind=object');
    expect(before).toMatchObject({ updates: 21 });
    // A desk with nothing in memory, as after a restart, hears of the same tracked object again.
    const restarted = new AlarmDesk(c.t.core);
    const read = readFrigateEvent(frigateEventMessage('update', { ...trackedObject(frontDoorObject, 'front_door'), frame_time: t0(30), score: 0.6 }));
    if (!('ok' in read)) throw new Error('expected an event');
    restarted.observe(read.ok, c.ingest.monitor.find('CAM-0001')!);
    await restarted.flush();
    const after = await c.alarms('camera=CAM-0001&kind=object');
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before!.id, updates: 22, score: 0.6, firstSeenAt: before!.firstSeenAt, lastSeenAt: new Date(t0(30) * 1_000).toISOString() });
    expect((await c.stream(`camera-alarm/${before!.id}`)).map((e) => e.type)).toEqual(['camera_alarm.raised']);
  });

  it('refuses malformed messages, counting and logging each, and takes the good one after them', async () => {
    const recorder = await frigate();
    const before = await c.eventCounts();
    const warningsBefore = c.warnings.length;
    const garbage: (string | Buffer)[] = [
      '{"type":"new","after":',
      Buffer.from([0xff, 0xfe, 0x00, 0x01]),
      '[]',
      JSON.stringify({ type: 'created', after: trackedObject('x1', 'front_door', { label: 'person' }) }),
      JSON.stringify(frigateEventMessage('new', { ...trackedObject('x2', 'front_door'), score: 7 })),
      JSON.stringify(frigateEventMessage('new', { ...trackedObject('x3', 'front_door'), start_time: 'yesterday' })),
      JSON.stringify(frigateEventMessage('new', { ...trackedObject('x4', 'front_door'), frame_time: NOW_S + 3_600 })),
    ];
    for (const payload of garbage) await recorder.publishAsync('frigate/events', payload, { qos: 1 });
    await recorder.publishAsync('frigate/reviews', '{"type":"new","after":{"id":"r1"}}', { qos: 1 });
    await recorder.publishAsync('frigate/front_door/person', 'many', { qos: 1 });
    await recorder.publishAsync('frigate/events', JSON.stringify(frigateEventMessage('new', trackedObject('1764410400.2-bbbbbb', 'no_such_camera'))), { qos: 1 });
    await recorder.publishAsync('frigate/events', JSON.stringify(frigateEventMessage('new', trackedObject('1764410400.3-cccccc', 'driveway'))), { qos: 1 });

    await eventually(async () => (await c.alarms('camera=CAM-0002')).length === 1, 'the good event after the bad ones');
    expect(countsDiff(before, await c.eventCounts())).toEqual({ 'frigate/invalid': 9, 'frigate/unknown_camera': 1, 'frigate/accepted': 1 });
    const refused = c.warnings.slice(warningsBefore).filter((w) => String(w.msg).startsWith('camera report refused'));
    expect(refused.map((w) => [w.source, w.result])).toEqual(expect.arrayContaining([['frigate', 'invalid'], ['frigate', 'unknown_camera']]));
    expect(refused.find((w) => w.result === 'invalid')).toMatchObject({ level: 40, topic: 'frigate/events', reason: 'not JSON' });
    expect(c.t.core.mqtt!.stats().handlerErrors).toBe(0);
  });

  it('follows a car below the alarm threshold, and raises it to high when a Frigate review makes it an alert', async () => {
    const recorder = await frigate();
    const id = '1764410460.4-dddddd';
    await recorder.publishAsync('frigate/events', JSON.stringify(frigateEventMessage('new', { ...trackedObject(id, 'front_cam'), label: 'car', sub_label: null })), { qos: 1 });
    await c.ingest.desk.flush();
    expect(await c.alarms('camera=CAM-0003')).toEqual([]);

    await recorder.publishAsync('frigate/reviews', JSON.stringify(frigateReviewMessage('new', { data: { detections: [id], objects: ['car'], sub_labels: [], zones: ['front_yard'], audio: [] } })), { qos: 1 });
    await eventually(async () => (await c.alarms('camera=CAM-0003')).length === 1, 'the reviewed car');
    const [alarm] = await c.alarms('camera=CAM-0003');
    expect(alarm).toMatchObject({ label: 'car', severity: 'high', kind: 'object' });
    expect((await c.stream(`camera-alarm/${alarm!.id}`)).map((e) => [e.type, e.data.why])).toEqual([['camera_alarm.raised', 'frigate review: alert']]);
  });

  it('raises a plate hit carrying the list’s reason and priority, whichever way the plate is written', async () => {
    const created = await c.post('/plate-hotlists', c.operator, {
      name: 'Stolen vehicles',
      reason: 'stolen_vehicle',
      priority: 'P1',
      entries: [{ plate: '12345 | أ | 6', note: 'Dacia Logan, grey' }, { plate: '777-B-1' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const list = created.json() as HotlistWithEntries;
    const recorder = await frigate();
    const id = '1764410520.5-eeeeee';
    await recorder.publishAsync(
      'frigate/events',
      JSON.stringify(frigateEventMessage('update', { ...trackedObject(id, 'driveway'), label: 'car', sub_label: null, recognized_license_plate: '12345A6', recognized_license_plate_score: 0.93 })),
      { qos: 1 },
    );
    // The same car read again, then Frigate's own plate update for another car.
    await recorder.publishAsync(
      'frigate/events',
      JSON.stringify(frigateEventMessage('update', { ...trackedObject(id, 'driveway'), frame_time: t0(5), label: 'car', sub_label: null, recognized_license_plate: '12345A6' })),
      { qos: 1 },
    );
    await recorder.publishAsync('frigate/tracked_object_update', JSON.stringify({ type: 'lpr', id: '1764410520.6-ffffff', name: null, plate: '777 b 1', score: 0.9, camera: 'front_door', timestamp: t0(6) }), { qos: 1 });

    await eventually(async () => (await c.alarms('kind=plate_hit')).length === 2, 'both plate hits');
    const hits = await c.alarms('kind=plate_hit');
    const dacia = hits.find((a) => a.plate === '12345A6')!;
    expect(dacia).toMatchObject({
      camera: 'CAM-0002',
      severity: 'critical',
      status: 'open',
      label: 'car',
      subLabel: 'Stolen vehicles',
      hotlist: { id: list.id, name: 'Stolen vehicles', reason: 'stolen_vehicle', priority: 'P1', note: 'Dacia Logan, grey' },
      updates: 2,
    });
    expect(hits.find((a) => a.plate === '777B1')).toMatchObject({ camera: 'CAM-0001', hotlist: { reason: 'stolen_vehicle' } });
    expect((await c.stream(`camera-alarm/${dacia.id}`)).map((e) => e.type)).toEqual(['camera_alarm.raised']);
    expect((await c.stream(`camera-alarm/${dacia.id}`))[0]!.data).toMatchObject({ plate: '12345A6', hotlist: { name: 'Stolen vehicles', reason: 'stolen_vehicle', priority: 'P1' } });
    // The car itself stays below the threshold: only the hit is in the queue.
    expect((await c.alarms('camera=CAM-0002&kind=object')).filter((a) => a.label === 'car')).toEqual([]);
  });

  it('takes heartbeats from the camera’s controller and a recorder, and refuses another camera’s controller at the broker', async () => {
    const controller = await c.t.connectMqtt(c.controllerToken);
    const now = c.t.clock.advance(1_000).getTime();
    const before = await c.eventCounts();
    const refusedBefore = c.t.core.mqtt!.stats().refused.acl;
    await controller.publishAsync(heartbeatTopic('CAM-0001'), '', { qos: 1 });
    await controller.publishAsync(heartbeatTopic('CAM-0002'), '', { qos: 1 });
    await controller.publishAsync(heartbeatTopic('CAM-0001'), 'not json', { qos: 1 });
    const recorder = await frigate();
    await recorder.publishAsync(heartbeatTopic('CAM-0004'), JSON.stringify({ at: '2026-11-29T09:59:59.000Z' }), { qos: 1 });
    await recorder.publishAsync(heartbeatTopic('CAM-9999'), '', { qos: 1 });
    // A camera controller is no recorder: Frigate's topics are closed to it.
    await controller.publishAsync('frigate/events', JSON.stringify(frigateEventMessage('new', trackedObject('1764410580.7-gggggg', 'front_door'))), { qos: 1 });

    await eventually(async () => (await c.eventCounts())['heartbeat/unknown_camera'] !== before['heartbeat/unknown_camera'], 'the last heartbeat');
    expect(countsDiff(before, await c.eventCounts())).toEqual({ 'heartbeat/accepted': 2, 'heartbeat/invalid': 1, 'heartbeat/unknown_camera': 1 });
    expect(c.t.core.mqtt!.stats().refused.acl - refusedBefore).toBe(2);
    expect(c.ingest.monitor.find('CAM-0001')).toMatchObject({ lastBeatMs: now, via: 'amane' });
    expect(c.ingest.monitor.find('CAM-0004')).toMatchObject({ lastBeatMs: Date.parse('2026-11-29T09:59:59.000Z') });
  });

  it("keeps cameras alive on Frigate's stats, status and counts, and takes them offline when Frigate says it stopped", async () => {
    const recorder = await frigate();
    c.t.clock.advance(1_000);
    const now = c.t.clock.now().getTime();
    await recorder.publishAsync('frigate/stats', JSON.stringify({ cameras: { front_cam: { camera_fps: 5, process_fps: 5, detection_fps: 1 }, gate: { camera_fps: 0 } }, detection_fps: 1 }), { qos: 1 });
    await recorder.publishAsync('frigate/gate/status/detect', 'offline', { qos: 1 });
    await recorder.publishAsync('frigate/driveway/status/detect', 'online', { qos: 1 });
    await recorder.publishAsync('frigate/front_door/car', '2', { qos: 1 });
    await recorder.publishAsync('frigate/yard/person', '1', { qos: 1 });
    await eventually(() => c.ingest.monitor.find('CAM-0001')!.objects.get('car') === 2, 'the count');
    expect(c.ingest.monitor.find('CAM-0003')).toMatchObject({ lastBeatMs: now, via: 'frigate' });
    expect(c.ingest.monitor.find('CAM-0002')).toMatchObject({ lastBeatMs: now, via: 'frigate' });
    // A camera that Frigate counts at 0 fps, or whose detection it reports off, gave no sign of life.
    expect(c.ingest.monitor.find('CAM-0004')!.lastBeatMs).toBeNull();
    await c.ingest.monitor.sweep();
    expect(c.ingest.monitor.find('CAM-0003')!.status).toBe('online');

    await recorder.publishAsync('frigate/available', 'offline', { qos: 1 });
    await eventually(() => c.ingest.monitor.find('CAM-0003')!.lastBeatMs === null, 'Frigate going away');
    await c.ingest.monitor.sweep();
    expect(c.ingest.monitor.find('CAM-0003')!.status).toBe('offline');
    const offline = (await c.stream('camera/CAM-0003')).filter((e) => e.type === 'camera.offline');
    expect(offline.at(-1)!.data).toMatchObject({ reason: 'recorder_offline', via: 'frigate' });
    // A PTZ camera out of sight is a high alarm.
    expect(await c.alarms('camera=CAM-0003&kind=camera_offline')).toMatchObject([{ severity: 'high', label: 'recorder_offline', status: 'open' }]);
  });

  it('sends a new alarm to consoles as a journal event and its updates as telemetry, to those who may see them', async () => {
    const ws = (await c.t.app.listen({ host: '127.0.0.1', port: 0 })).replace('http://', 'ws://');
    const room = await LiveClient.connect(`${ws}/live`, c.callTaker);
    await room.waitFor((client) => client.messages.some((m) => m.type === 'hello'));
    const recorder = await frigate();
    const id = '1764410640.8-hhhhhh';
    await recorder.publishAsync('frigate/events', JSON.stringify(frigateEventMessage('new', trackedObject(id, 'gate'))), { qos: 1 });
    await room.waitFor((client) => client.events().some((e) => e.type === 'camera_alarm.raised' && e.data.camera === 'CAM-0004'));
    const raised = room.events().find((e) => e.type === 'camera_alarm.raised' && e.data.camera === 'CAM-0004')!;
    for (let k = 2; k <= 5; k += 1) await recorder.publishAsync('frigate/events', JSON.stringify(frigateEventMessage('update', { ...trackedObject(id, 'gate'), frame_time: t0(k) })), { qos: 1 });
    await room.waitFor((client) => client.telemetry('alarm-updates').some((item) => item.id === raised.stream.slice('camera-alarm/'.length) && item.updates === 5));
    expect(room.events().filter((e) => e.stream === raised.stream)).toHaveLength(1);
    // Hotlists are for those who may act on alarms, not for call-takers.
    await c.post('/plate-hotlists', c.operator, { name: 'Wanted persons', reason: 'wanted_person', priority: 'P2' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(room.events().filter((e) => e.stream.startsWith('plate-hotlist/'))).toEqual([]);
    room.close();
  });
});

const mosquitto = await testBrokerUrl();
// A topic prefix of this run's own: the broker is shared, and every server on it hears every message.
const prefix = `frigate-${randomBytes(4).toString('hex')}`;

describe.skipIf(mosquitto === undefined)(`camera events through Mosquitto at ${mosquitto} (${testDatabaseKind()})`, () => {
  const c = setupCameraTest(setupTestApp, { mqtt: { url: mosquitto! }, env: { AMANE_FRIGATE_INSTANCES: prefix } });

  it("takes Frigate's events through the external broker, garbage refused and counted on the way", async () => {
    const before = await c.eventCounts();
    const frigate = await c.t.connectMqtt();
    expect(c.t.core.mqtt!.stats()).toMatchObject({ mode: 'external', connected: true });
    await frigate.publishAsync(`${prefix}/events`, '{"type":', { qos: 1 });
    await frigate.publishAsync(`${prefix}/events`, JSON.stringify(frigateEventMessage('new', trackedObject('1764410700.9-iiiiii', 'gate'))), { qos: 1 });
    await eventually(async () => (await c.alarms('camera=CAM-0004')).length === 1, 'the event through Mosquitto');
    // The event was a sign of life at the test clock's now: a heartbeat must be newer.
    c.t.clock.advance(1_000);
    await frigate.publishAsync(heartbeatTopic('CAM-0004'), '', { qos: 1 });
    await eventually(async () => (await c.eventCounts())['heartbeat/accepted'] === (before['heartbeat/accepted'] ?? 0) + 1, 'the heartbeat through Mosquitto');
    expect(countsDiff(before, await c.eventCounts())).toEqual({ 'frigate/invalid': 1, 'frigate/accepted': 1, 'heartbeat/accepted': 1 });
    expect((await c.alarms('camera=CAM-0004'))[0]).toMatchObject({ label: 'person', source: 'frigate', clip: null });
  });
});
