import { describe, expect, it } from 'vitest';
import { loadConfig } from '../core/config.js';
import { countsDiff, testDatabaseKind } from '../core/testing.js';
import { setupTestApp } from '../server/testing.js';
import type { CameraAlarm } from './alarm.js';
import { judgeHealth, uptimeOf, type UptimeReport } from './camera-health.js';
import { setupCameraTest } from './camera-ingest.testing.js';

const OFFLINE_MS = 60_000;

describe('health rules', () => {
  const T = 1_000_000;

  it('takes an online camera offline once silent past the limit, counting from when it was first watched', () => {
    expect(judgeHealth({ status: 'online', lastBeatMs: T, watchedSinceMs: 0 }, T + OFFLINE_MS, OFFLINE_MS)).toBeUndefined();
    expect(judgeHealth({ status: 'online', lastBeatMs: T, watchedSinceMs: 0 }, T + OFFLINE_MS + 1, OFFLINE_MS)).toBe('offline');
    // Never heard by this process, watched since T: a full period first.
    expect(judgeHealth({ status: 'online', lastBeatMs: null, watchedSinceMs: T }, T + OFFLINE_MS, OFFLINE_MS)).toBeUndefined();
    expect(judgeHealth({ status: 'online', lastBeatMs: null, watchedSinceMs: T }, T + OFFLINE_MS + 1, OFFLINE_MS)).toBe('offline');
  });

  it('brings an offline or never-heard camera online on a fresh heartbeat, and leaves maintenance alone', () => {
    expect(judgeHealth({ status: 'offline', lastBeatMs: T, watchedSinceMs: 0 }, T + 1_000, OFFLINE_MS)).toBe('online');
    expect(judgeHealth({ status: 'unknown', lastBeatMs: T, watchedSinceMs: 0 }, T + 1_000, OFFLINE_MS)).toBe('online');
    expect(judgeHealth({ status: 'unknown', lastBeatMs: null, watchedSinceMs: 0 }, T + 10 * OFFLINE_MS, OFFLINE_MS)).toBeUndefined();
    expect(judgeHealth({ status: 'offline', lastBeatMs: T - OFFLINE_MS - 1, watchedSinceMs: 0 }, T, OFFLINE_MS)).toBeUndefined();
    expect(judgeHealth({ status: 'maintenance', lastBeatMs: null, watchedSinceMs: 0 }, T + 10 * OFFLINE_MS, OFFLINE_MS)).toBeUndefined();
    expect(judgeHealth({ status: 'maintenance', lastBeatMs: T, watchedSinceMs: 0 }, T, OFFLINE_MS)).toBeUndefined();
  });

  it('computes uptime from the transitions, leaving maintenance and unknown time out', () => {
    const H = 3_600_000;
    expect(uptimeOf('online', [{ atMs: H / 6, status: 'offline' }], 0, H)).toEqual({ onlineS: 600, offlineS: 3000, uptime: 0.1667, outages: 1 });
    expect(uptimeOf(undefined, [{ atMs: H / 2, status: 'online' }], 0, H)).toEqual({ onlineS: 1800, offlineS: 0, uptime: 1, outages: 0 });
    expect(
      uptimeOf(
        'offline',
        [
          { atMs: 600_000, status: 'online' },
          { atMs: 1_200_000, status: 'maintenance' },
          { atMs: 2_400_000, status: 'online' },
          { atMs: 3_000_000, status: 'offline' },
          // Outside the period: not counted.
          { atMs: H + 1, status: 'online' },
        ],
        0,
        H,
      ),
    ).toEqual({ onlineS: 1200, offlineS: 1200, uptime: 0.5, outages: 1 });
    expect(uptimeOf('maintenance', [], 0, H)).toEqual({ onlineS: 0, offlineS: 0, uptime: null, outages: 0 });
  });

  it('reads the new settings, and refuses bad ones', () => {
    const defaults = loadConfig({});
    expect(defaults).toMatchObject({ cameraOfflineSeconds: 60, cameraAlarmMinSeverity: 'medium', frigateInstances: [{ prefix: 'frigate', url: undefined }] });
    expect(loadConfig({ AMANE_FRIGATE_INSTANCES: 'frigate=http://10.0.0.9:5000/, north/frigate' }).frigateInstances).toEqual([
      { prefix: 'frigate', url: 'http://10.0.0.9:5000' },
      { prefix: 'north/frigate', url: undefined },
    ]);
    expect(() => loadConfig({ AMANE_CAMERA_OFFLINE_SECONDS: '5' })).toThrow(/AMANE_CAMERA_OFFLINE_SECONDS: "5" must be a whole number from 10 to 86400/);
    expect(() => loadConfig({ AMANE_CAMERA_ALARM_MIN_SEVERITY: 'urgent' })).toThrow(/AMANE_CAMERA_ALARM_MIN_SEVERITY/);
    expect(() => loadConfig({ AMANE_FRIGATE_INSTANCES: 'amane,frigate/#,frigate=ftp://x' })).toThrow(/AMANE_FRIGATE_INSTANCES: "amane"[\s\S]*"frigate\/#"[\s\S]*"frigate=ftp:\/\/x"/);
  });
});

describe(`camera health over HTTP, with the test clock (${testDatabaseKind()})`, () => {
  const c = setupCameraTest(setupTestApp);
  const beats = (token: string, list: { camera: string; at: string | number }[]) => c.post('/cameras/heartbeats', token, { beats: list });
  const iso = () => c.t.clock.now().toISOString();
  /** Heartbeats from `cameras` now (online at the sweep), then silence past the limit: offline at the next sweep. */
  async function silence(cameras: readonly ('CAM-0001' | 'CAM-0003')[]): Promise<void> {
    for (const camera of cameras) await beats(camera === 'CAM-0001' ? c.controllerToken : c.recorderToken, [{ camera, at: iso() }]);
    await c.ingest.monitor.sweep();
    c.t.clock.advance(OFFLINE_MS + 1_000);
    await c.ingest.monitor.sweep();
    for (const camera of cameras) expect(c.ingest.monitor.find(camera)!.status).toBe('offline');
  }

  it('brings cameras online on their heartbeats, writing only the transitions', async () => {
    const response = await beats(c.recorderToken, [
      { camera: 'CAM-0001', at: iso() },
      { camera: 'CAM-0003', at: c.t.clock.now().getTime() },
      { camera: 'CAM-0404', at: iso() },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ accepted: 2, ignored: [], dropped: [{ index: 2, camera: 'CAM-0404', reason: 'unknown_camera' }] });
    await c.ingest.monitor.sweep();
    const health = await c.get<{ camera: string; status: string; lastSeenAt: string | null; via: string | null }[]>('/cameras/health', c.callTaker);
    expect(health.map((h) => [h.camera, h.status])).toEqual([
      ['CAM-0001', 'online'],
      ['CAM-0002', 'unknown'],
      ['CAM-0003', 'online'],
      ['CAM-0004', 'unknown'],
    ]);
    expect(health[0]).toMatchObject({ lastSeenAt: iso(), via: 'amane' });
    expect((await c.stream('camera/CAM-0001')).map((e) => e.type)).toEqual(['camera.registered', 'camera.online']);
    expect((await c.get<{ status: string }>('/cameras/CAM-0001', c.callTaker)).status).toBe('online');

    // Fifty heartbeats later (a second apart, within the 60 a camera may have a minute), not one more row or event.
    await c.settle();
    const head = await c.t.journalHead();
    for (let k = 1; k <= 50; k += 1) {
      c.t.clock.advance(1_000);
      const again = await beats(c.controllerToken, [{ camera: 'CAM-0001', at: iso() }]);
      expect(again.json()).toMatchObject({ accepted: 1 });
    }
    await c.ingest.monitor.sweep();
    expect(await c.t.journalHead()).toBe(head);
  });

  it('drops a flood of reports for one camera beyond its limit a minute, counted, and keeps serving', async () => {
    c.t.clock.advance(61_000);
    const before = await c.eventCounts();
    const flood = await beats(c.recorderToken, Array.from({ length: 1_000 }, () => ({ camera: 'CAM-0003', at: iso() })));
    expect(flood.statusCode, flood.body).toBe(200);
    const outcome = flood.json() as { accepted: number; ignored: unknown[]; dropped: { reason: string }[] };
    // 600 judged (AMANE_CAMERA_REPORTS_PER_MINUTE): the first taken, the same time again ignored; 400 dropped.
    expect([outcome.accepted, outcome.ignored.length, outcome.dropped.length]).toEqual([1, 599, 400]);
    expect(new Set(outcome.dropped.map((d) => d.reason))).toEqual(new Set(['rate_limited']));
    expect(countsDiff(before, await c.eventCounts())).toEqual({ 'heartbeat/accepted': 1, 'heartbeat/ignored': 599, 'heartbeat/rate_limited': 400 });
    // Another camera of the same recorder has its own allowance.
    expect((await beats(c.recorderToken, [{ camera: 'CAM-0001', at: iso() }])).json()).toMatchObject({ dropped: [] });
    expect((await c.t.app.inject({ url: '/health' })).statusCode).toBe(200);
  });

  it('refuses a heartbeat from the future or of the wrong shape (400, counted), and one for a camera the device does not report for', async () => {
    const before = await c.eventCounts();
    const future = await beats(c.controllerToken, [{ camera: 'CAM-0001', at: new Date(c.t.clock.now().getTime() + 3_600_000).toISOString() }]);
    expect(future.statusCode).toBe(400);
    expect(future.json()).toMatchObject({ errors: [{ field: 'beats.0.at', message: 'is in the future (the device clock is wrong)' }] });
    expect((await c.post('/cameras/heartbeats', c.controllerToken, { beats: [{ camera: 'CAM-0001' }] })).json()).toMatchObject({ errors: [{ field: 'beats.0.at' }] });
    expect((await beats(c.controllerToken, [{ camera: 'CAM-0002', at: iso() }])).json()).toEqual({ accepted: 0, ignored: [], dropped: [{ index: 0, camera: 'CAM-0002', reason: 'not_allowed' }] });
    expect((await beats(c.operator, [{ camera: 'CAM-0001', at: iso() }])).statusCode).toBe(403);
    expect(countsDiff(before, await c.eventCounts())).toEqual({ 'heartbeat/invalid': 2, 'heartbeat/not_allowed': 1 });
  });

  it('takes a silent camera offline past AMANE_CAMERA_OFFLINE_SECONDS with an alarm, and clears it when the camera is back', async () => {
    const wentSilent = c.t.clock.now();
    await beats(c.controllerToken, [{ camera: 'CAM-0001', at: wentSilent.toISOString() }]);
    await beats(c.recorderToken, [{ camera: 'CAM-0003', at: wentSilent.toISOString() }]);
    c.t.clock.advance(60_000);
    await c.ingest.monitor.sweep();
    expect(c.ingest.monitor.find('CAM-0001')!.status).toBe('online');

    c.t.clock.advance(1_000);
    const offlineAt = c.t.clock.now().toISOString();
    await c.ingest.monitor.sweep();
    expect(c.ingest.monitor.find('CAM-0001')!.status).toBe('offline');
    expect((await c.get<{ status: string; lastSeenAt: string }>('/cameras/CAM-0001', c.callTaker))).toMatchObject({ status: 'offline', lastSeenAt: wentSilent.toISOString() });
    expect((await c.stream('camera/CAM-0001')).at(-1)).toMatchObject({ type: 'camera.offline', at: offlineAt, data: { lastSeenAt: wentSilent.toISOString(), reason: 'silent', silentForS: 60 } });
    const alarms = await c.alarms('kind=camera_offline&status=open');
    expect(alarms.map((a) => [a.camera, a.severity])).toEqual([
      ['CAM-0003', 'high'],
      ['CAM-0001', 'medium'],
    ]);
    expect(alarms[1]).toMatchObject({ source: 'health', label: 'silent', firstSeenAt: offlineAt, endedAt: null });

    c.t.clock.advance(30_000);
    const backAt = c.t.clock.now().toISOString();
    await beats(c.controllerToken, [{ camera: 'CAM-0001', at: backAt }]);
    await c.ingest.monitor.sweep();
    expect(c.ingest.monitor.find('CAM-0001')!.status).toBe('online');
    const cleared = await c.get<CameraAlarm>(`/camera-alarms/${alarms[1]!.id}`, c.operator);
    expect(cleared).toMatchObject({ status: 'cleared', endedAt: backAt, allowedActions: [] });
    expect((await c.stream(`camera-alarm/${alarms[1]!.id}`)).map((e) => [e.type, e.data.to ?? e.data.severity])).toEqual([
      ['camera_alarm.raised', 'medium'],
      ['camera_alarm.cleared', 'cleared'],
    ]);
  });

  it('annotates rather than clears an offline alarm an operator already acted on', async () => {
    await silence(['CAM-0003']);
    const [ptz] = await c.alarms('camera=CAM-0003&kind=camera_offline');
    expect((await c.post(`/camera-alarms/${ptz!.id}/incident`, c.operator, { type: 'other', at: 'camera' })).statusCode).toBe(201);
    c.t.clock.advance(1_000);
    await beats(c.recorderToken, [{ camera: 'CAM-0003', at: iso() }]);
    await c.ingest.monitor.sweep();
    expect(await c.get<CameraAlarm>(`/camera-alarms/${ptz!.id}`, c.operator)).toMatchObject({ status: 'incident', endedAt: iso() });
  });

  it('reports uptime per camera and district over a period, from the journaled transitions', async () => {
    // CAM-0001 and CAM-0003 online at 10:00:00, both offline at 10:01:01; CAM-0001 back at 10:01:31.
    const from = '2026-11-29T10:00:00.000Z';
    await silence(['CAM-0001', 'CAM-0003']);
    c.t.clock.advance(30_000);
    await beats(c.controllerToken, [{ camera: 'CAM-0001', at: iso() }]);
    await c.ingest.monitor.sweep();
    c.t.clock.advance(10_000);
    const to = c.t.clock.now().toISOString();
    const report = await c.get<UptimeReport>(`/cameras/uptime?from=${from}&to=${to}`, c.callTaker);
    const cam1 = report.cameras.find((r) => r.camera === 'CAM-0001')!;
    const changes = (await c.stream('camera/CAM-0001')).filter((e) => e.type === 'camera.online' || e.type === 'camera.offline');
    expect(changes.map((e) => e.type)).toEqual(['camera.online', 'camera.offline', 'camera.online']);
    const [up, down, back] = changes.map((e) => Date.parse(e.at));
    const expectedOnline = (down! - up!) / 1_000 + (Date.parse(to) - back!) / 1_000;
    const expectedOffline = (back! - down!) / 1_000;
    expect(cam1).toMatchObject({ district: 'D1', status: 'online', onlineS: expectedOnline, offlineS: expectedOffline, outages: 1 });
    expect(cam1.uptime).toBeCloseTo(expectedOnline / (expectedOnline + expectedOffline), 3);
    expect(report.cameras.find((r) => r.camera === 'CAM-0002')).toMatchObject({ onlineS: 0, offlineS: 0, uptime: null });
    const d1 = report.districts.find((d) => d.district === 'D1')!;
    expect(d1).toMatchObject({ cameras: 2, onlineS: expectedOnline, offlineS: expectedOffline, outages: 1 });
    expect(report.total.cameras).toBe(4);
    const onlyD2 = await c.get<UptimeReport>(`/cameras/uptime?from=${from}&to=${to}&district=D2`, c.callTaker);
    expect(onlyD2.cameras.map((r) => r.camera)).toEqual(['CAM-0003', 'CAM-0004']);
    expect(onlyD2.districts).toMatchObject([{ district: 'D2', cameras: 2, outages: 1 }]);
    const bad = await c.t.app.inject({ url: `/cameras/uptime?from=${to}&to=${from}`, headers: { authorization: `Bearer ${c.callTaker}` } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ errors: [{ field: 'to', message: 'must be after from' }] });
  });

  it('leaves a camera in maintenance alone, and counts its maintenance neither way', async () => {
    const changed = await c.send('PATCH', '/cameras/CAM-0001', c.supervisor, { status: 'maintenance' });
    expect(changed.statusCode, changed.body).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await c.ingest.monitor.reloadPending();
    expect(c.ingest.monitor.find('CAM-0001')!.status).toBe('maintenance');
    c.t.clock.advance(10 * 60_000);
    await c.ingest.monitor.sweep();
    expect(c.ingest.monitor.find('CAM-0001')!.status).toBe('maintenance');
    expect((await c.alarms('camera=CAM-0001&kind=camera_offline&status=open'))).toEqual([]);
    const report = await c.get<UptimeReport>(`/cameras/uptime?from=${new Date(c.t.clock.now().getTime() - 5 * 60_000).toISOString()}&to=${iso()}`, c.callTaker);
    expect(report.cameras.find((r) => r.camera === 'CAM-0001')).toMatchObject({ onlineS: 0, offlineS: 0, uptime: null });
  });
});
