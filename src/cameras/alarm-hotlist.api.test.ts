import { describe, expect, it } from 'vitest';
import { eventually, testDatabaseKind } from '../core/testing.js';
import type { Incident } from '../incidents/incident.js';
import { replaceCatalogue } from '../incidents/incident-catalogue.service.js';
import { seedCatalogue } from '../incidents/incident-type.js';
import { setupTestApp } from '../server/testing.js';
import type { CameraAlarm } from './alarm.js';
import { setupCameraTest } from './camera-ingest.testing.js';
import type { HotlistWithEntries } from './hotlist.js';

const OFFLINE_MS = 60_000;

describe(`hotlist hits in the queue and as incidents (${testDatabaseKind()})`, () => {
  const c = setupCameraTest(setupTestApp);

  /** A stolen-vehicle list holding the Dacia's plate. */
  async function stolenVehicles(priority: 'P1' | 'P2'): Promise<HotlistWithEntries> {
    const created = await c.post('/plate-hotlists', c.operator, { name: 'Stolen vehicles', reason: 'stolen_vehicle', priority, entries: [{ plate: '12345 | أ | 6', note: 'Dacia Logan, grey' }] });
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as HotlistWithEntries;
  }

  /** Frigate reads the Dacia's plate on the driveway camera (CAM-0002): a plate hit, stored. */
  async function daciaSeen(): Promise<CameraAlarm> {
    const camera = c.ingest.monitor.find('CAM-0002')!;
    c.ingest.desk.plateRead({ frigateId: '1764410520.5-dacia1', camera: 'driveway', text: '12345-A-6', score: 0.92, atMs: c.t.clock.now().getTime() }, camera);
    await c.settle();
    await eventually(async () => (await c.alarms('kind=plate_hit')).length === 1, 'the plate hit');
    return (await c.alarms('kind=plate_hit'))[0]!;
  }

  async function incidentFrom(alarm: CameraAlarm, body: Record<string, unknown>): Promise<Incident> {
    const made = await c.post(`/camera-alarms/${alarm.id}/incident`, c.operator, body);
    expect(made.statusCode, made.body).toBe(201);
    return c.get<Incident>(`/incidents/${(made.json() as { incident: string }).incident}`, c.operator);
  }

  it('puts a stolen-vehicle hit above a PTZ camera gone offline after it, though both are high', async () => {
    await stolenVehicles('P2');
    const hit = await daciaSeen();
    expect(hit).toMatchObject({ severity: 'high', plate: '12345A6' });

    // The PTZ camera (CAM-0003) beats once, then is silent past the limit: offline, a high alarm, newer.
    c.t.clock.advance(5_000);
    expect((await c.post('/cameras/heartbeats', c.recorderToken, { beats: [{ camera: 'CAM-0003', at: c.t.clock.now().toISOString() }] })).statusCode).toBe(200);
    await c.ingest.monitor.sweep();
    c.t.clock.advance(OFFLINE_MS + 1_000);
    await c.settle();

    const queue = await c.alarms('status=active');
    expect(queue.map((a) => [a.kind, a.severity, a.camera])).toEqual([
      ['plate_hit', 'high', 'CAM-0002'],
      ['camera_offline', 'high', 'CAM-0003'],
    ]);
    expect(queue[1]!.firstSeenAt > queue[0]!.firstSeenAt).toBe(true);
    // Within one kind, the newest still comes first.
    expect((await c.alarms('status=active&kind=camera_offline')).map((a) => a.camera)).toEqual(['CAM-0003']);
  });

  it('makes a hit on a P1 stolen-vehicle list a P1 incident of the catalogue’s stolen-vehicle type', async () => {
    await stolenVehicles('P1');
    const hit = await daciaSeen();
    expect(hit.incidentType).toBe('stolen_vehicle');

    // The type's own priority is P2: the list's P1 raises it, journaled.
    const incident = await incidentFrom(hit, { at: 'camera' });
    expect(incident).toMatchObject({ type: 'stolen_vehicle', priority: 'P1' });
    expect((await c.stream(`incident/${incident.number}`)).map((e) => [e.type, e.data.to ?? null])).toContainEqual(['incident.priority_changed', 'P1']);
  });

  it('falls back to a theft when the catalogue in force has no stolen-vehicle type (one saved before it existed)', async () => {
    await replaceCatalogue(c.t.core, 'user:test-supervisor', seedCatalogue().filter((t) => t.code !== 'stolen_vehicle'));
    await stolenVehicles('P2');
    const hit = await daciaSeen();
    expect(hit.incidentType).toBe('theft');
    expect(await incidentFrom(hit, { at: 'camera' })).toMatchObject({ type: 'theft', priority: 'P2' });
  });

  it('keeps the operator’s type, still raised to the list’s priority', async () => {
    await stolenVehicles('P1');
    const hit = await daciaSeen();
    expect(await incidentFrom(hit, { type: 'dangerous_driving', at: 'camera' })).toMatchObject({ type: 'dangerous_driving', priority: 'P1' });
  });

  it('asks for a type when the alarm is not a hotlist hit', async () => {
    expect((await c.post('/cameras/events', c.controllerToken, { events: [{ camera: 'CAM-0001', topic: 'tns1:VideoSource/GlobalSceneChange/ImagingService', utcTime: c.t.clock.now().toISOString(), propertyOperation: 'Changed', source: { Source: 'VideoSource_1' }, data: { State: 'true' } }] })).statusCode).toBe(200);
    const [tamper] = await c.alarms('kind=tamper');
    expect(tamper!.incidentType).toBeNull();
    const refused = await c.post(`/camera-alarms/${tamper!.id}/incident`, c.operator, { at: 'camera' });
    expect(refused.statusCode).toBe(400);
    expect((refused.json() as { errors: { field: string; message: string }[] }).errors).toEqual([{ field: 'type', message: 'is required for a tamper alarm' }]);
  });
});
