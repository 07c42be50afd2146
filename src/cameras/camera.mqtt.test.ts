import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { findEvents } from '../core/journal.repository.js';
import { eventually, testDatabaseKind } from '../core/testing.js';
import type { Incident } from '../incidents/incident.js';
import { bearer, requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { pointAt } from './camera-geometry.js';
import type { PtzCommand } from './camera.js';
import { loadedCameraIndex } from './camera.service.js';

const NOW = '2026-11-29T10:00:00.000Z';
const SCENE = { lat: 33.58, lon: -7.63 };


describe(`PTZ commands over MQTT (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let supervisor: string;
  let operator: { token: string; username: string };
  let controllerToken: string;
  let incident: string;

  beforeAll(async () => {
    t = await setupTestApp({ mqtt: 'embedded' });
    t.clock.set(NOW);
    supervisor = (await t.login(['supervisor'])).token;
    operator = await t.login(['cctv-operator']);
    controllerToken = (await registerDevice(t.core, 'system:test', { name: 'ptz-ctl-1', kind: 'camera' })).token;
    const created = await post('/incidents', supervisor, { type: 'robbery', answers: {}, location: SCENE, summary: 'A robbery at the corner shop' });
    incident = (created.json() as Incident).number;
    const cameras = [
      { id: 'CAM-0001', name: 'ptz-east', location: pointAt(SCENE, 90, 40), headingDeg: 0, fovDeg: 50, rangeM: 120, ptz: true, presets: [{ name: 'square', headingDeg: 260, zoom: 3 }], device: 'ptz-ctl-1' },
      { id: 'CAM-0002', name: 'ptz-west', location: pointAt(SCENE, 270, 40), headingDeg: 0, fovDeg: 50, rangeM: 120, ptz: true, device: 'ptz-ctl-2' },
    ];
    for (const camera of cameras) expect((await post('/cameras', supervisor, camera)).statusCode).toBe(201);
    await eventually(() => loadedCameraIndex(t.core)?.deviceOf('CAM-0002') === 'ptz-ctl-2', 'the index to know the controllers');
  });
  afterAll(async () => t.close());

  const { post } = requestsTo(() => t.app);

  it("lets a camera's controller take its PTZ commands, and no other camera's", async () => {
    const controller = await t.connectMqtt(controllerToken);
    expect((await controller.subscribeAsync('amane/cameras/CAM-0001/ptz', { qos: 1 }))[0]!.qos).toBe(1);
    await expect(controller.subscribeAsync('amane/cameras/CAM-0002/ptz')).rejects.toMatchObject({ packet: { granted: [128] } });
    await expect(controller.subscribeAsync('amane/cameras/+/ptz')).rejects.toMatchObject({ packet: { granted: [128] } });
  });

  it('points a PTZ camera at an incident: journaled, then published with QoS 1 for its controller', async () => {
    const controller = await t.connectMqtt(controllerToken);
    const received: { topic: string; command: PtzCommand; qos: number }[] = [];
    controller.on('message', (topic, payload, packet) => received.push({ topic, command: JSON.parse(payload.toString()) as PtzCommand, qos: packet.qos }));
    await controller.subscribeAsync('amane/cameras/CAM-0001/ptz', { qos: 1 });

    const pointed = await post('/cameras/CAM-0001/point', operator.token, { incident, zoom: 2 });
    expect(pointed.statusCode, pointed.body).toBe(200);
    const command = { type: 'point', bearingDeg: 270, zoom: 2, incident, by: `user:${operator.username}` };
    expect(pointed.json()).toEqual({ camera: 'CAM-0001', topic: 'amane/cameras/CAM-0001/ptz', command, distanceM: 40 });
    await eventually(() => received.length === 1, 'the command');
    expect(received[0]).toEqual({ topic: 'amane/cameras/CAM-0001/ptz', command, qos: 1 });

    expect((await post('/cameras/CAM-0001/point', operator.token, { preset: 'square' })).json()).toMatchObject({ command: { bearingDeg: 260, preset: 'square', zoom: 3 }, distanceM: null });
    await eventually(() => received.length === 2, 'the preset command');
    expect(received[1]!.command).toMatchObject({ type: 'point', preset: 'square', bearingDeg: 260 });

    const journal = await findEvents(t.core.db, { stream: 'camera/CAM-0001', limit: 10 });
    expect(journal.filter((e) => e.type === 'camera.pointed').map((e) => [e.actor, e.data])).toEqual([
      [`user:${operator.username}`, { type: 'point', bearingDeg: 270, zoom: 2, incident, distanceM: 40 }],
      [`user:${operator.username}`, { type: 'point', bearingDeg: 260, preset: 'square', zoom: 3, distanceM: null }],
    ]);
  });

  it('refuses a preset the camera does not have, naming those it has', async () => {
    const refused = await post('/cameras/CAM-0001/point', operator.token, { preset: 'roof' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ errors: [{ field: 'preset', message: 'camera CAM-0001 has no preset "roof"; its presets: square' }] });
  });

  it('moves the right to the new controller when a camera changes hands', async () => {
    // CAM-0002 goes from ptz-ctl-2 to a third controller; CAM-0001's, which the other tests use, keeps its own.
    const before = await t.connectMqtt((await registerDevice(t.core, 'system:test', { name: 'ptz-ctl-2', kind: 'camera' })).token);
    const after = await t.connectMqtt((await registerDevice(t.core, 'system:test', { name: 'ptz-ctl-3', kind: 'camera' })).token);
    expect((await before.subscribeAsync('amane/cameras/CAM-0002/ptz', { qos: 1 }))[0]!.qos).toBe(1);
    await expect(after.subscribeAsync('amane/cameras/CAM-0002/ptz')).rejects.toMatchObject({ packet: { granted: [128] } });
    const patched = await t.app.inject({ method: 'PATCH', url: '/cameras/CAM-0002', headers: bearer(supervisor), payload: { device: 'ptz-ctl-3' } });
    expect(patched.statusCode, patched.body).toBe(200);
    await eventually(() => loadedCameraIndex(t.core)?.deviceOf('CAM-0002') === 'ptz-ctl-3', 'the index to follow');
    expect((await after.subscribeAsync('amane/cameras/CAM-0002/ptz', { qos: 1 }))[0]!.qos).toBe(1);
    await expect(before.subscribeAsync('amane/cameras/CAM-0002/ptz')).rejects.toMatchObject({ packet: { granted: [128] } });
  });
});
