// Test support for the camera ingest: the app with cameras registered through the registry's API,
// devices (a camera controller, a Frigate recorder), the warnings the server logs, and the metrics.
// The test file hands in the server's `setupTestApp` (a domain module does not import the server).
import { afterEach, beforeEach, expect } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { findEvents } from '../core/journal.repository.js';
import { counterValues, eventually, requestsTo, warningsLogger } from '../core/testing.js';
import type { JournalEvent } from '../core/journal.js';
import { importAreas } from '../geo/area.service.js';
import type { LightMyRequestResponse } from 'fastify';
import type { Logger } from 'pino';
import type { MqttClient } from 'mqtt';
import type { PersonRole } from '../core/auth/permission.js';
import type { ManualClock } from '../core/clock.js';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import type { ExternalMqttHubOptions } from '../core/mqtt/external-hub.js';
import type { CameraAlarm } from './alarm.js';
import { cameraIngest, type CameraIngest } from './camera-ingest.js';

export const NOW = '2026-11-29T10:00:00.000Z';
/** Two districts side by side: D1 west of -7.62, D2 east of it. */
export const D1_CENTRE = { lat: 33.58, lon: -7.63 };
export const D2_CENTRE = { lat: 33.58, lon: -7.61 };

const square = (code: string, lon: number, lat: number) => ({
  type: 'Feature',
  properties: { code, name: code },
  geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + 0.02, lat], [lon + 0.02, lat + 0.02], [lon, lat + 0.02], [lon, lat]]] },
});

/** The cameras every camera test starts with; names as Frigate knows them. */
export const testCameras = [
  { id: 'CAM-0001', name: 'front_door', location: D1_CENTRE, headingDeg: 90, fovDeg: 60, rangeM: 120, device: 'cam-ctl-1' },
  { id: 'CAM-0002', name: 'driveway', location: { lat: 33.581, lon: -7.631 }, headingDeg: 0, fovDeg: 60, rangeM: 100, device: 'cam-ctl-2' },
  { id: 'CAM-0003', name: 'front_cam', location: D2_CENTRE, headingDeg: 180, fovDeg: 90, rangeM: 200, ptz: true },
  { id: 'CAM-0004', name: 'gate', location: { lat: 33.582, lon: -7.612 }, headingDeg: 270, fovDeg: 60, rangeM: 80 },
] as const;

/** What a camera test needs of `setupTestApp` (src/server/testing.ts). */
export interface AppUnderTest {
  readonly core: Core;
  readonly clock: ManualClock;
  readonly app: App;
  login(roles: readonly PersonRole[]): Promise<{ token: string }>;
  journalHead(): Promise<number>;
  connectMqtt(token?: string): Promise<MqttClient>;
  close(): Promise<void>;
}

export type SetupApp = (options: { mqtt?: 'embedded' | ExternalMqttHubOptions; env?: Record<string, string>; log?: Logger }) => Promise<AppUnderTest>;

export interface CameraTest {
  readonly t: AppUnderTest;
  readonly ingest: CameraIngest;
  /** A supervisor (camera.manage), a CCTV operator (camera.alarm), a call-taker (camera.read only). */
  readonly supervisor: string;
  readonly operator: string;
  readonly callTaker: string;
  /** Device tokens: CAM-0001's controller, CAM-0002's controller, a Frigate recorder. */
  readonly controllerToken: string;
  readonly otherControllerToken: string;
  readonly recorderToken: string;
  readonly warnings: Record<string, unknown>[];
  post(url: string, token: string, payload?: unknown): Promise<LightMyRequestResponse>;
  send(method: 'PATCH' | 'DELETE', url: string, token: string, payload?: unknown): Promise<LightMyRequestResponse>;
  get<T>(url: string, token: string): Promise<T>;
  /** `amane_camera_events_total` as `source/result` -> count. */
  eventCounts(): Promise<Record<string, number>>;
  alarms(query: string): Promise<CameraAlarm[]>;
  stream(stream: string): Promise<JournalEvent[]>;
  /**
   * Runs the health sweep and the alarm save now, so that the timers (every second, every 250 ms) have
   * nothing left to journal while a test compares the journal's head.
   */
  settle(): Promise<void>;
}

/**
 * The app with districts, the test cameras and their devices; warnings kept to be read. Each test gets
 * its own app and database, so it raises the alarms and makes the lists it acts on, and passes alone
 * (`-t`) or in any order.
 */
export function setupCameraTest(setupTestApp: SetupApp, options: { mqtt?: 'embedded' | ExternalMqttHubOptions; env?: Record<string, string> } = {}): CameraTest {
  const s = {} as { t: AppUnderTest; supervisor: string; operator: string; callTaker: string; controllerToken: string; otherControllerToken: string; recorderToken: string };
  const warnings: Record<string, unknown>[] = [];
  beforeEach(async () => {
    warnings.length = 0;
    s.t = await setupTestApp({
      ...(options.mqtt === undefined ? {} : { mqtt: options.mqtt }),
      env: { AMANE_FRIGATE_INSTANCES: 'frigate=http://frigate.local:5000', ...options.env },
      log: warningsLogger(warnings),
    });
    s.t.clock.set(NOW);
    s.supervisor = (await s.t.login(['supervisor'])).token;
    s.operator = (await s.t.login(['cctv-operator'])).token;
    s.callTaker = (await s.t.login(['call-taker'])).token;
    await importAreas(s.t.core, 'system:test', JSON.stringify({ type: 'FeatureCollection', features: [square('D1', -7.64, 33.57), square('D2', -7.62, 33.57)] }), 'test.geojson');
    s.controllerToken = (await registerDevice(s.t.core, 'system:test', { name: 'cam-ctl-1', kind: 'camera' })).token;
    s.otherControllerToken = (await registerDevice(s.t.core, 'system:test', { name: 'cam-ctl-2', kind: 'camera' })).token;
    s.recorderToken = (await registerDevice(s.t.core, 'system:test', { name: 'frigate-1', kind: 'recorder' })).token;
    for (const camera of testCameras) {
      const created = await post('/cameras', s.supervisor, camera);
      expect(created.statusCode, created.body).toBe(201);
    }
    const ingest = cameraIngest(s.t.core);
    await ingest.ready();
    await eventually(() => testCameras.every((c) => ingest.monitor.find(c.id) !== undefined) && ingest.isRecorder('frigate-1'), 'the monitor to know the cameras');
  });
  afterEach(async () => {
    const app: AppUnderTest | undefined = s.t;
    // A set-up that failed part-way leaves nothing of an earlier test to close twice.
    delete (s as Partial<typeof s>).t;
    await app?.close();
  });

  const { post, send, get } = requestsTo(() => s.t.app);

  return {
    get t() {
      return s.t;
    },
    get ingest() {
      return cameraIngest(s.t.core);
    },
    get supervisor() {
      return s.supervisor;
    },
    get operator() {
      return s.operator;
    },
    get callTaker() {
      return s.callTaker;
    },
    get controllerToken() {
      return s.controllerToken;
    },
    get otherControllerToken() {
      return s.otherControllerToken;
    },
    get recorderToken() {
      return s.recorderToken;
    },
    warnings,
    post,
    send,
    async get<T>(url: string, token: string): Promise<T> {
      const response = await get(url, token);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as T;
    },
    async eventCounts() {
      return counterValues((await s.t.app.inject({ url: '/metrics' })).body, 'amane_camera_events_total');
    },
    async alarms(query: string) {
      const response = await get(`/camera-alarms?${query}`, s.operator);
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as CameraAlarm[];
    },
    async stream(stream: string) {
      return findEvents(s.t.core.db, { stream, limit: 10_000 });
    },
    async settle() {
      const ingest = cameraIngest(s.t.core);
      await ingest.monitor.sweep();
      await ingest.desk.flush();
    },
  };
}
