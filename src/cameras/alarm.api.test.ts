import { describe, expect, it } from 'vitest';
import { rolePermissions } from '../core/auth/permission.js';
import { failUpdatesOf } from '../core/planted-failure.testing.js';
import { countsDiff, testDatabaseKind } from '../core/testing.js';
import { setupTestApp } from '../server/testing.js';
import type { Incident } from '../incidents/incident.js';
import type { CameraAlarm } from './alarm.js';
import { REOPEN_WITHIN_MS } from './alarm.service.js';
import { setupCameraTest } from './camera-ingest.testing.js';

const NOW = '2026-11-29T10:00:00.000Z';
const ago = (s: number) => new Date(Date.parse(NOW) - s * 1_000).toISOString();

/** An ONVIF event from CAM-0001's controller. */
const onvif = (topic: string, more: Record<string, unknown> = {}) => ({ camera: 'CAM-0001', topic, utcTime: ago(5), propertyOperation: 'Changed', ...more });
/** Tampering, a line crossed and objects inside a field: each an alarm. */
const threeAlarms = [
  onvif('tns1:VideoSource/GlobalSceneChange/ImagingService', { source: { Source: 'VideoSource_1' }, data: { State: 'true' } }),
  onvif('tns1:RuleEngine/LineDetector/Crossed', { propertyOperation: undefined, source: { VideoSourceConfigurationToken: 'vsc1', VideoAnalyticsConfigurationToken: 'vac1', Rule: 'Gate line' }, data: { ObjectId: '15' } }),
  onvif('tns1:RuleEngine/FieldDetector/ObjectsInside', { utcTime: ago(4), source: { Rule: 'Depot' }, data: { ObjectId: 4, IsInside: true }, position: { lat: 33.5801, lon: -7.6295 }, snapshotUrl: 'https://nvr.local/snap/1.jpg' }),
];

describe(`camera alarms: ONVIF events over HTTP, the queue, operator actions (${testDatabaseKind()})`, () => {
  const c = setupCameraTest(setupTestApp);

  const report = (token: string, events: unknown[]) => c.post('/cameras/events', token, { events });
  /** Raises CAM-0001's three alarms: tampering (high), the gate line crossed (ended, no position), objects in the depot (with a position). */
  async function raiseThree(): Promise<void> {
    expect((await report(c.controllerToken, threeAlarms)).json()).toMatchObject({ accepted: 3 });
  }

  it('maps ONVIF tampering, line crossing and objects in a field onto alarms; motion stays below the threshold', async () => {
    const before = await c.eventCounts();
    const response = await report(c.controllerToken, [
      ...threeAlarms,
      onvif('tns1:VideoSource/MotionAlarm', { source: { Source: 'VideoSource_1' }, data: { State: true } }),
      onvif('tns1:VideoSource/MotionAlarm', { propertyOperation: 'Initialized', data: { State: 'false' } }),
      onvif('tns1:Device/Trigger/DigitalInput', { data: { LogicalState: 'true' } }),
      { ...onvif('tns1:VideoSource/MotionAlarm', { data: { State: true } }), camera: 'CAM-0002' },
      { ...onvif('tns1:VideoSource/MotionAlarm', { data: { State: true } }), camera: 'CAM-0404' },
    ]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({
      accepted: 4,
      ignored: [
        { index: 4, reason: 'the initial state, and nothing is going on' },
        { index: 5, reason: 'topic tns1:Device/Trigger/DigitalInput is not one Amane acts on' },
      ],
      dropped: [
        { index: 6, camera: 'CAM-0002', reason: 'not_allowed' },
        { index: 7, camera: 'CAM-0404', reason: 'unknown_camera' },
      ],
    });
    expect(countsDiff(before, await c.eventCounts())).toEqual({ 'onvif/accepted': 4, 'onvif/ignored': 2, 'onvif/not_allowed': 1, 'onvif/unknown_camera': 1 });
    // Answered once stored: no waiting.
    const alarms = await c.alarms('camera=CAM-0001&status=open');
    expect(alarms.map((a) => [a.kind, a.severity, a.label, a.subLabel])).toEqual([
      ['tamper', 'high', 'scene_change', 'VideoSource_1'],
      ['intrusion', 'medium', 'objects_inside', 'Depot'],
      ['line_crossing', 'medium', 'line_crossed', 'Gate line'],
    ]);
    expect(alarms[1]).toMatchObject({ source: 'onvif', objectPosition: { lat: 33.5801, lon: -7.6295, accuracyM: null }, snapshotUrl: 'https://nvr.local/snap/1.jpg', endedAt: null, zones: ['Depot'] });
    expect(alarms[2]).toMatchObject({ endedAt: ago(5), objectPosition: null });
  });

  it('refuses a malformed batch naming each field, counts it, and changes nothing', async () => {
    await c.settle();
    const head = await c.t.journalHead();
    const before = await c.eventCounts();
    const response = await report(c.controllerToken, [
      onvif('tns1:VideoSource/MotionAlarm', { data: { State: 'perhaps' } }),
      onvif('tns1:VideoSource/GlobalSceneChange/ImagingService', { utcTime: '2026-11-29T11:00:00.000Z', data: { State: true } }),
      onvif('tns1:VideoSource/GlobalSceneChange/ImagingService', { camera: 'CAM-0001', data: { State: true } }),
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'validation',
      errors: [
        { field: 'events.0.data.State', message: 'must be true or false' },
        { field: 'events.1.utcTime', message: 'is in the future (the camera clock is wrong)' },
      ],
    });
    const schema = await report(c.controllerToken, [{ camera: 'cam 1', topic: 'MotionAlarm', utcTime: 'now', colour: 'red' }]);
    expect(schema.statusCode).toBe(400);
    expect((schema.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['events.0.camera', 'events.0.colour', 'events.0.topic', 'events.0.utcTime']);
    expect(countsDiff(before, await c.eventCounts())).toEqual({ 'onvif/invalid': 2 });
    expect(await c.t.journalHead()).toBe(head);
    // The batch's valid tampering event was refused with the rest.
    expect(await c.alarms('camera=CAM-0001')).toEqual([]);
  });

  it('updates one alarm while a rule keeps firing, journaling it once, and opens another after a quiet minute', async () => {
    const crossing = (secondsAgo: number) => onvif('tns1:RuleEngine/LineDetector/Crossed', { propertyOperation: undefined, utcTime: ago(secondsAgo), source: { Rule: 'Side gate' }, data: { ObjectId: String(secondsAgo) } });
    await c.settle();
    const head = await c.t.journalHead();
    for (let batch = 0; batch < 5; batch += 1) {
      const response = await report(c.controllerToken, Array.from({ length: 20 }, (_, k) => crossing(200 - batch * 20 - k)));
      expect(response.json()).toMatchObject({ accepted: 20 });
    }
    const [alarm, ...others] = (await c.alarms('camera=CAM-0001&kind=line_crossing')).filter((a) => a.subLabel === 'Side gate');
    expect(others).toEqual([]);
    expect(alarm).toMatchObject({ updates: 100, firstSeenAt: ago(200), lastSeenAt: ago(101) });
    // A hundred reports, one journal event.
    expect(await c.t.journalHead()).toBe(head + 1);
    expect((await c.stream(`camera-alarm/${alarm!.id}`)).map((e) => e.type)).toEqual(['camera_alarm.raised']);

    await report(c.controllerToken, [crossing(101 - REOPEN_WITHIN_MS / 1_000 - 1)]);
    expect((await c.alarms('camera=CAM-0001&kind=line_crossing')).filter((a) => a.subLabel === 'Side gate')).toHaveLength(2);
  });

  it('lists the queue most severe first, filtered by status, lowest severity, camera and kind; readers may look, not act', async () => {
    await raiseThree();
    const all = await c.alarms('');
    expect(all.map((a) => [a.severity, a.kind])).toEqual([
      ['high', 'tamper'],
      ['medium', 'intrusion'],
      ['medium', 'line_crossing'],
    ]);
    expect((await c.alarms('severity=high')).map((a) => a.kind)).toEqual(['tamper']);
    expect((await c.alarms('kind=intrusion&status=open')).map((a) => a.kind)).toEqual(['intrusion']);
    expect(await c.alarms('kind=camera_offline')).toEqual([]);
    const asCallTaker = await c.get<CameraAlarm[]>('/camera-alarms?status=active', c.callTaker);
    expect(asCallTaker.length).toBe(all.length);
    const id = all[0]!.id;
    expect((await c.post(`/camera-alarms/${id}/acknowledge`, c.callTaker)).statusCode).toBe(403);
    expect((await c.post(`/camera-alarms/${id}/acknowledge`, c.controllerToken)).statusCode).toBe(403);
    const bad = await c.t.app.inject({ url: '/camera-alarms?severity=urgent&status=closed', headers: { authorization: `Bearer ${c.operator}` } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['severity', 'status']);
  });

  it('acknowledges, then dismisses with a reason; each journaled; a final alarm says what is allowed', async () => {
    await raiseThree();
    const [tamper] = await c.alarms('camera=CAM-0001&kind=tamper');
    const acknowledged = await c.post(`/camera-alarms/${tamper!.id}/acknowledge`, c.operator);
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(acknowledged.json()).toMatchObject({ status: 'acknowledged', actedBy: expect.stringMatching(/^user:cctv-operator/) as string, actedAt: NOW, allowedActions: ['dismiss', 'incident'] });
    await c.settle();
    const head = await c.t.journalHead();
    expect((await c.post(`/camera-alarms/${tamper!.id}/dismiss`, c.operator, {})).json()).toMatchObject({ errors: [{ field: 'reason' }] });
    expect((await c.post(`/camera-alarms/${tamper!.id}/dismiss`, c.operator, { reason: '' })).statusCode).toBe(400);
    expect(await c.t.journalHead()).toBe(head);
    const dismissed = await c.post(`/camera-alarms/${tamper!.id}/dismiss`, c.operator, { reason: 'Maintenance crew cleaning the lens' });
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', dismissReason: 'Maintenance crew cleaning the lens', allowedActions: [] });
    const again = await c.post(`/camera-alarms/${tamper!.id}/acknowledge`, c.operator);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'invalid_transition', detail: expect.stringContaining('is `dismissed`; acknowledge is not allowed; allowed actions: none') as string, allowed: [] });
    expect((await c.stream(`camera-alarm/${tamper!.id}`)).map((e) => [e.type, e.data.reason ?? null])).toEqual([
      ['camera_alarm.raised', null],
      ['camera_alarm.acknowledged', null],
      ['camera_alarm.dismissed', 'Maintenance crew cleaning the lens'],
    ]);
    expect((await c.post('/camera-alarms/6d1c0c5e-0000-4000-8000-000000000000/acknowledge', c.operator)).statusCode).toBe(404);
  });

  it('turns an alarm into an incident at the camera, linked and journaled on both streams', async () => {
    await raiseThree();
    const [crossing] = (await c.alarms('camera=CAM-0001&kind=line_crossing&status=open')).filter((a) => a.subLabel === 'Gate line');
    const response = await c.post(`/camera-alarms/${crossing!.id}/incident`, c.operator, { type: 'suspicious_person', at: 'camera' });
    expect(response.statusCode, response.body).toBe(201);
    const { alarm, incident } = response.json() as { alarm: CameraAlarm; incident: string };
    expect(alarm).toMatchObject({ status: 'incident', incident, allowedActions: [] });
    const created = await c.get<Incident>(`/incidents/${incident}`, c.operator);
    expect(created).toMatchObject({ type: 'suspicious_person', location: { lat: 33.58, lon: -7.63 }, district: 'D1', summary: 'Camera front_door (CAM-0001): line_crossed, medium' });
    const incidentEvents = await c.stream(`incident/${incident}`);
    expect(incidentEvents.map((e) => e.type)).toEqual(['incident.created', 'incident.camera_alarm_linked']);
    expect(incidentEvents[1]!.data).toMatchObject({ alarm: crossing!.id, camera: 'CAM-0001', kind: 'line_crossing', locatedAt: 'camera' });
    expect((await c.stream(`camera-alarm/${crossing!.id}`)).at(-1)).toMatchObject({ type: 'camera_alarm.incident_opened', data: { from: 'open', to: 'incident', incident, at: 'camera' } });
    expect((await c.post(`/camera-alarms/${crossing!.id}/incident`, c.operator, { type: 'suspicious_person' })).statusCode).toBe(409);
  });

  it('opens the incident and links the alarm in one command: broken between the two, neither is written', async () => {
    await raiseThree();
    const [crossing] = (await c.alarms('camera=CAM-0001&kind=line_crossing&status=open')).filter((a) => a.subLabel === 'Gate line');
    await c.settle();
    const head = await c.t.journalHead();
    // The incident row is written, then linking the alarm fails: the command's transaction rolls back.
    const heal = await failUpdatesOf(c.t.core.db, 'camera_alarm', 'incident_number');
    const failed = await c.post(`/camera-alarms/${crossing!.id}/incident`, c.operator, { type: 'suspicious_person', at: 'camera' });
    expect(failed.statusCode).toBe(500);
    expect(await c.t.core.db.selectFrom('incident').select('number').execute()).toEqual([]);
    expect((await c.alarms('camera=CAM-0001&kind=line_crossing')).find((a) => a.id === crossing!.id)).toMatchObject({ status: 'open', incident: null });
    expect(await c.t.journalHead()).toBe(head);
    await heal();
    const opened = await c.post(`/camera-alarms/${crossing!.id}/incident`, c.operator, { type: 'suspicious_person', at: 'camera' });
    expect(opened.statusCode, opened.body).toBe(201);
    expect(opened.json()).toMatchObject({ alarm: { status: 'incident' } });
  });

  it("opens the incident at the object's position when the alarm has one, and refuses it when not", async () => {
    await raiseThree();
    const [field] = await c.alarms('camera=CAM-0001&kind=intrusion');
    const response = await c.post(`/camera-alarms/${field!.id}/incident`, c.operator, { type: 'burglary', at: 'object', summary: 'Two people inside the depot fence' });
    expect(response.statusCode, response.body).toBe(201);
    const { incident } = response.json() as { incident: string };
    expect(await c.get<Incident>(`/incidents/${incident}`, c.operator)).toMatchObject({ location: { lat: 33.5801, lon: -7.6295 }, summary: 'Two people inside the depot fence' });

    const [line] = (await c.alarms('camera=CAM-0001&kind=line_crossing&status=open')).filter((a) => a.objectPosition === null);
    await c.settle();
    const head = await c.t.journalHead();
    const refused = await c.post(`/camera-alarms/${line!.id}/incident`, c.operator, { type: 'burglary', at: 'object' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ errors: [{ field: 'at', message: expect.stringContaining('has no object position; allowed: camera') as string }] });
    const badType = await c.post(`/camera-alarms/${line!.id}/incident`, c.operator, { type: 'alien_landing' });
    expect(badType.statusCode).toBe(400);
    expect(badType.json()).toMatchObject({ errors: [{ field: 'type' }] });
    expect(await c.t.journalHead()).toBe(head);
  });
});

describe('who may act on camera alarms', () => {
  it('leaves opening incidents to roles that may create them', () => {
    for (const [role, permissions] of Object.entries(rolePermissions)) {
      if (permissions.includes('camera.alarm')) expect(permissions, role).toContain('incident.create');
    }
  });
});
