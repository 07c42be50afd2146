import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findEvents } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { importAreas } from '../geo/area.service.js';
import type { Incident } from '../incidents/incident.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { cameraCredentialKey, openCredentials, sealStoredCredentials } from './camera-credentials.js';
import { pointAt } from './camera-geometry.js';
import type { Camera, CameraView, ImportResult, IncidentCamera, VideoWall, WallSummary } from './camera.js';

const square = (code: string, name: string, lon: number, lat: number, size = 0.02) => ({
  type: 'Feature',
  properties: { code, name },
  geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]] },
});

// In district D1 (33.57..33.59 N, 7.64..7.62 W).
const SCENE = { lat: 33.58, lon: -7.63 };
const SECRET_URL = 'rtsp://viewer:s3cret@10.0.0.5:554/main';

describe(`camera registry, pull-up, views and walls (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let supervisor: string;
  let operator: { token: string; username: string };
  let otherOperator: { token: string; username: string };
  let callTaker: string;
  let incident: string;

  // Each test on a fresh registry: it registers (with the helpers below) the cameras it works on.
  beforeEach(async () => {
    t = await setupTestApp();
    t.clock.set('2026-11-29T10:00:00.000Z');
    supervisor = (await t.login(['supervisor'])).token;
    operator = await t.login(['cctv-operator']);
    otherOperator = await t.login(['cctv-operator']);
    callTaker = (await t.login(['call-taker'])).token;
    await importAreas(
      t.core,
      'system:test',
      JSON.stringify({ type: 'FeatureCollection', features: [square('D1', 'Maârif', -7.64, 33.57), square('D2', 'Sidi Belyout', -7.62, 33.59)] }),
      'test.geojson',
    );
    const created = await post('/incidents', supervisor, { type: 'robbery', answers: {}, location: SCENE, summary: 'A robbery at the corner shop' });
    expect(created.statusCode, created.body).toBe(201);
    incident = (created.json() as Incident).number;
  });
  afterEach(async () => t.close());

  const { get, send } = requestsTo(() => t.app);
  const post = (url: string, token: string, payload?: unknown) => send('POST', url, token, payload);
  const events = async (id: string) => findEvents(t.core.db, { stream: `camera/${id}`, limit: 100 });
  /** A camera `distance` m from the scene in direction `from`, looking `heading`. */
  const at = (from: number, distance: number) => pointAt(SCENE, from, distance);

  /** CAM-0001, 100 m south of the scene looking at it, with its (secret) stream URLs. */
  const registerFirst = () =>
    post('/cameras', supervisor, {
      id: 'CAM-0001',
      name: 'maarif-north',
      location: at(180, 100),
      heightM: 6,
      headingDeg: 0,
      fovDeg: 60,
      rangeM: 150,
      streamMain: SECRET_URL,
      streamWebrtc: 'https://media.example/api/webrtc?src=cam1',
      snapshotUrl: 'https://media.example/api/frame.jpeg?src=cam1',
      owner: 'Ville de Casablanca',
    });
  /** CAM-0001 and four more around the scene: one facing away, one out of range, an offline PTZ one, one across north. */
  async function registerFive(): Promise<void> {
    expect((await registerFirst()).statusCode).toBe(201);
    const add = async (body: Record<string, unknown>) => expect((await post('/cameras', supervisor, body)).statusCode).toBe(201);
    // Looking away from the scene, 60 m south of it.
    await add({ id: 'CAM-0002', name: 'facing-away', location: at(180, 60), headingDeg: 180, fovDeg: 90, rangeM: 200 });
    // Looking at it from 300 m: beyond its 250 m range.
    await add({ id: 'CAM-0003', name: 'too-far', location: at(90, 300), headingDeg: 270, fovDeg: 60, rangeM: 250 });
    // A PTZ camera 40 m east, offline.
    await add({ id: 'CAM-0004', name: 'ptz-east', location: at(90, 40), headingDeg: 0, fovDeg: 50, rangeM: 120, ptz: true, presets: [{ name: 'square', headingDeg: 260, zoom: 3 }, { name: 'road', headingDeg: 90 }], status: 'offline' });
    // Across north: heading 350 ± 30 from 80 m south-south-east sees the scene at bearing ~340.
    await add({ id: 'CAM-0005', name: 'wrap', location: at(160, 80), headingDeg: 350, fovDeg: 60, rangeM: 150 });
  }
  /** A file that changes CAM-0001 (an HLS stream only) and adds a PTZ camera, CAM-0010, in D2. */
  const importCsv = [
    'id,name,lat,lon,headingDeg,fovDeg,rangeM,ptz,presets,streamHls,device',
    `CAM-0001,maarif-north,${at(180, 100).lat},${at(180, 100).lon},0,60,150,false,,https://media.example/cam1.m3u8,`,
    `CAM-0010,sidi-belyout-1,33.6,-7.61,45,90,200,true,"gate:90:2;street:180",,ptz-ctl-10`,
  ].join('\n');
  /** The five cameras, then the import: what the walls show. */
  async function registerForWalls(): Promise<void> {
    await registerFive();
    expect((await post('/cameras/import', supervisor, { format: 'csv', content: importCsv })).statusCode).toBe(200);
  }

  it('registers a camera with its district taken from its position, and hides its URLs from every reader', async () => {
    const created = await registerFirst();
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'CAM-0001',
      district: 'D1',
      status: 'unknown',
      ptz: false,
      presets: [],
      sources: { main: true, sub: false, hls: false, webrtc: true, snapshot: true, onvif: false },
      createdAt: '2026-11-29T10:00:00.000Z',
    });
    for (const body of [created.body, (await get('/cameras', operator.token)).body, (await get('/cameras/CAM-0001', callTaker)).body]) {
      expect(body).not.toContain('s3cret');
      expect(body).not.toContain('media.example');
    }
    const [event] = await events('CAM-0001');
    expect(event).toMatchObject({ type: 'camera.registered', data: { name: 'maarif-north', district: 'D1', sources: { main: true } } });
    expect(JSON.stringify(event!.data)).not.toContain('s3cret');
  });

  it('refuses bad input naming each field, a taken id or name, and other roles; nothing is journaled', async () => {
    expect((await registerFirst()).statusCode).toBe(201);
    const head = await t.journalHead();
    const bad = await post('/cameras', supervisor, { id: 'cam 1', name: '=cmd()', location: { lat: 95, lon: -7.6 }, headingDeg: 360, fovDeg: 0, rangeM: 150, streamMain: 'http://x/y', colour: 'red' });
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['colour', 'fovDeg', 'headingDeg', 'id', 'location.lat', 'name', 'streamMain']);
    const base = { location: at(0, 50), headingDeg: 180, fovDeg: 60, rangeM: 100 };
    expect((await post('/cameras', supervisor, { id: 'CAM-0001', name: 'other', ...base })).statusCode).toBe(409);
    expect((await post('/cameras', supervisor, { id: 'CAM-0099', name: 'maarif-north', ...base })).statusCode).toBe(409);
    const district = await post('/cameras', supervisor, { id: 'CAM-0099', name: 'x', district: 'D9', ...base });
    expect(district.statusCode).toBe(400);
    expect(district.json()).toMatchObject({ errors: [{ field: 'district', message: expect.stringContaining('D1, D2') as string }] });
    const presets = await post('/cameras', supervisor, { id: 'CAM-0099', name: 'x', ptz: true, presets: [{ name: 'a', headingDeg: 1 }, { name: 'a', headingDeg: 2 }], ...base });
    expect(presets.json()).toMatchObject({ errors: [{ field: 'presets' }] });
    expect((await post('/cameras', operator.token, { id: 'CAM-0099', name: 'x', ...base })).statusCode).toBe(403);
    expect(await t.journalHead()).toBe(head);
    expect((await get('/cameras/CAM-0099', supervisor)).statusCode).toBe(404);
  });

  it('lists the cameras that see an incident nearest first, offline ones marked, PTZ ones with a bearing and preset', async () => {
    await registerFive();
    const response = await get(`/incidents/${incident}/cameras`, callTaker);
    expect(response.statusCode, response.body).toBe(200);
    const found = response.json() as IncidentCamera[];
    expect(found.map((c) => c.id)).toEqual(['CAM-0004', 'CAM-0005', 'CAM-0001']);
    expect(found[0]).toMatchObject({ status: 'offline', unavailable: true, ptz: true, distanceM: 40, bearingDeg: 270, preset: { name: 'square', headingDeg: 260, zoom: 3, offsetDeg: 10 } });
    expect(found[1]).toMatchObject({ unavailable: false, ptz: false, distanceM: 80, bearingDeg: 340, preset: null });
    expect(found[2]).toMatchObject({ distanceM: 100, bearingDeg: 0, sources: { webrtc: true } });
    expect(response.body).not.toContain('media.example');
    expect((await get('/incidents/CASA-2026-999999/cameras', callTaker)).statusCode).toBe(404);
  });

  it('follows changes: a camera turned away leaves the pull-up, a moved one gets the district of its new place', async () => {
    await registerFive();
    const turned = await send('PATCH', '/cameras/CAM-0005', supervisor, { headingDeg: 90, streamMain: SECRET_URL });
    expect(turned.statusCode, turned.body).toBe(200);
    expect(((await get(`/incidents/${incident}/cameras`, operator.token)).json() as IncidentCamera[]).map((c) => c.id)).toEqual(['CAM-0004', 'CAM-0001']);
    const last = (await events('CAM-0005')).at(-1)!;
    expect(last).toMatchObject({ type: 'camera.changed', data: { headingDeg: 90, urlsChanged: ['streamMain'], sources: { main: true } } });
    expect(JSON.stringify(last.data)).not.toContain('s3cret');

    const moved = await send('PATCH', '/cameras/CAM-0002', supervisor, { location: { lat: 33.6, lon: -7.61 } });
    expect(moved.json()).toMatchObject({ district: 'D2', location: { lat: 33.6, lon: -7.61 } });
    const pinned = await send('PATCH', '/cameras/CAM-0002', supervisor, { district: 'D1' });
    expect(pinned.json()).toMatchObject({ district: 'D1' });
    const cleared = await send('PATCH', '/cameras/CAM-0002', supervisor, { district: null });
    expect(cleared.json()).toMatchObject({ district: 'D2' });
    const head = await t.journalHead();
    expect((await send('PATCH', '/cameras/CAM-0002', supervisor, { district: null })).statusCode).toBe(200);
    expect(await t.journalHead()).toBe(head);
    expect((await send('PATCH', '/cameras/CAM-0002', supervisor, { fovDeg: 400 })).json()).toMatchObject({ errors: [{ field: 'fovDeg' }] });
    expect((await send('PATCH', '/cameras/CAM-0404', supervisor, { fovDeg: 40 })).statusCode).toBe(404);
  });

  it('filters the list by district, status and PTZ', async () => {
    await registerFive();
    expect((await send('PATCH', '/cameras/CAM-0002', supervisor, { location: { lat: 33.6, lon: -7.61 } })).json()).toMatchObject({ district: 'D2' });
    const ids = async (query: string) => ((await get(`/cameras?${query}`, operator.token)).json() as Camera[]).map((c) => c.id);
    expect(await ids('district=D2')).toEqual(['CAM-0002']);
    expect(await ids('status=offline')).toEqual(['CAM-0004']);
    expect(await ids('ptz=true')).toEqual(['CAM-0004']);
    expect(await ids('ptz=false&district=D1')).toEqual(['CAM-0001', 'CAM-0003', 'CAM-0005']);
    expect((await get('/cameras?status=broken', operator.token)).json()).toMatchObject({ errors: [{ field: 'status' }] });
  });

  it('hands the URLs to play only through a journaled view, naming who watched, when and for which incident', async () => {
    await registerFive();
    t.clock.advance(60_000);
    const viewed = await post('/cameras/CAM-0001/views', operator.token, { incident });
    expect(viewed.statusCode, viewed.body).toBe(200);
    expect(viewed.json()).toEqual({
      camera: 'CAM-0001',
      name: 'maarif-north',
      status: 'unknown',
      at: '2026-11-29T10:01:00.000Z',
      incident,
      play: { kind: 'webrtc', url: 'https://media.example/api/webrtc?src=cam1' },
      streams: { main: SECRET_URL, sub: null, hls: null, webrtc: 'https://media.example/api/webrtc?src=cam1', snapshot: 'https://media.example/api/frame.jpeg?src=cam1' },
    } satisfies CameraView);
    expect((await events('CAM-0001')).at(-1)).toMatchObject({ type: 'camera.viewed', actor: `user:${operator.username}`, at: '2026-11-29T10:01:00.000Z', data: { incident, play: 'webrtc' } });
    expect(((await post('/cameras/CAM-0002/views', operator.token, {})).json() as CameraView).play).toEqual({ kind: 'none' });

    const head = await t.journalHead();
    expect((await post('/cameras/CAM-0001/views', operator.token, { incident: 'CASA-2026-999999' })).json()).toMatchObject({ errors: [{ field: 'incident' }] });
    expect((await post('/cameras/CAM-0001/views', callTaker, {})).statusCode).toBe(403);
    expect((await post('/cameras/CAM-0404/views', operator.token, {})).statusCode).toBe(404);
    expect(await t.journalHead()).toBe(head);
  });

  it('refuses to point a fixed camera (409), or a PTZ one without MQTT (503), after checking the target', async () => {
    await registerFive();
    const head = await t.journalHead();
    expect((await post('/cameras/CAM-0001/point', operator.token, { incident })).statusCode).toBe(409);
    const noMqtt = await post('/cameras/CAM-0004/point', operator.token, { incident });
    expect(noMqtt.statusCode).toBe(503);
    expect((await post('/cameras/CAM-0004/point', operator.token, {})).json()).toMatchObject({ errors: [{ field: 'body' }] });
    expect((await post('/cameras/CAM-0004/point', operator.token, { lat: 33.5 })).json()).toMatchObject({ errors: [{ field: 'lon' }] });
    expect((await post('/cameras/CAM-0004/point', operator.token, { preset: 'square', incident })).statusCode).toBe(400);
    expect((await post('/cameras/CAM-0004/point', callTaker, { preset: 'square' })).statusCode).toBe(403);
    expect(await t.journalHead()).toBe(head);
  });

  it('exports the registry as CSV and GeoJSON for managers, the stream credentials left out and each export journaled', async () => {
    await registerFive();
    const before = await t.journalHead();
    const csv = await get('/cameras.csv', supervisor);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('id,name,lat,lon,heightM,headingDeg,fovDeg,rangeM,ptz,presets,streamMain,streamSub,streamHls,streamWebrtc,snapshotUrl,onvifUrl,device,district,owner,status');
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.startsWith('CAM-0004'))).toContain(',true,square:260:3;road:90,');
    expect(csv.body).not.toContain('s3cret');
    expect(csv.body).toContain('rtsp://10.0.0.5:554/main');
    expect((await get('/cameras.csv', operator.token)).statusCode).toBe(403);
    // The credentials stay in only for an administrator who asks for them.
    expect((await get('/cameras.csv?credentials=true', supervisor)).statusCode).toBe(403);
    const geojson = await get('/cameras.geojson', supervisor);
    expect(geojson.headers['content-type']).toBe('application/geo+json; charset=utf-8');
    const plain = geojson.json() as { features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] };
    expect(plain.features).toHaveLength(5);
    expect(plain.features[0]).toMatchObject({ geometry: { type: 'Point' }, properties: { id: 'CAM-0001', streamMain: 'rtsp://10.0.0.5:554/main', district: 'D1' } });
    const exports = await t.core.db.selectFrom('journal').select(['type', 'data']).where('seq', '>', before).where('type', '=', 'cameras.exported').orderBy('seq').execute();
    expect(exports.map((e) => JSON.parse(e.data) as unknown)).toEqual([
      { cameras: 5, format: 'csv', withCredentials: false },
      { cameras: 5, format: 'geojson', withCredentials: false },
    ]);
  });

  it('exports the registry whole for an administrator who asks for the credentials, and imports it back unchanged', async () => {
    await registerFive();
    const admin = (await t.login(['administrator'])).token;
    const csv = await get('/cameras.csv?credentials=true', admin);
    expect(csv.body).toContain(SECRET_URL);
    const geojson = await get('/cameras.geojson?credentials=true', admin);
    const document = geojson.json() as { features: { properties: Record<string, unknown> }[] };
    expect(document.features[0]).toMatchObject({ properties: { id: 'CAM-0001', streamMain: SECRET_URL } });
    const head = await t.journalHead();
    for (const [format, content] of [['csv', csv.body], ['geojson', geojson.body]] as const) {
      const again = await post('/cameras/import', admin, { format, content });
      expect(again.statusCode, again.body).toBe(200);
      expect(again.json()).toEqual({ created: 0, updated: 0, unchanged: 5 } satisfies ImportResult);
    }
    expect(await t.journalHead()).toBe(head);
  });

  it('keeps no stream password in the database: sealed apart from the URLs, opened for a view, and for rows stored before', async () => {
    await registerFive();
    const stored = await t.core.db.selectFrom('camera').selectAll().where('id', '=', 'CAM-0001').executeTakeFirstOrThrow();
    expect(stored.stream_main).toBe('rtsp://10.0.0.5:554/main');
    expect(stored.credentials).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain('s3cret');
    // A sealed value copied to another camera does not open there.
    const other = { ...stored, id: 'CAM-0002' };
    expect(() => openCredentials(cameraCredentialKey(t.core.config), other)).toThrow();
    expect(openCredentials(cameraCredentialKey(t.core.config), stored).stream_main).toBe(SECRET_URL);
    // A URL given again without its password drops the sealed one.
    expect((await send('PATCH', '/cameras/CAM-0001', supervisor, { streamMain: 'rtsp://10.0.0.5:554/main' })).statusCode).toBe(200);
    expect(await t.core.db.selectFrom('camera').select('credentials').where('id', '=', 'CAM-0001').executeTakeFirstOrThrow()).toEqual({ credentials: null });
    // A row written in the clear (by an earlier version) is sealed at start.
    await t.core.db.updateTable('camera').set({ stream_sub: 'rtsp://old:pa55@10.0.0.9/sub', credentials: null }).where('id', '=', 'CAM-0003').execute();
    expect(await sealStoredCredentials(t.core)).toBe(1);
    const sealed = await t.core.db.selectFrom('camera').selectAll().where('id', '=', 'CAM-0003').executeTakeFirstOrThrow();
    expect(sealed.stream_sub).toBe('rtsp://10.0.0.9/sub');
    expect(openCredentials(cameraCredentialKey(t.core.config), sealed).stream_sub).toBe('rtsp://old:pa55@10.0.0.9/sub');
    expect(await sealStoredCredentials(t.core)).toBe(0);
  });

  it('imports new and changed cameras by id in one go, journaled, each with its district', async () => {
    expect((await registerFirst()).statusCode).toBe(201);
    const imported = await post('/cameras/import', supervisor, { format: 'csv', content: importCsv });
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json()).toEqual({ created: 1, updated: 1, unchanged: 0 });
    expect((await get('/cameras/CAM-0010', supervisor)).json()).toMatchObject({ district: 'D2', ptz: true, device: 'ptz-ctl-10', presets: [{ name: 'gate', headingDeg: 90, zoom: 2 }, { name: 'street', headingDeg: 180 }] });
    // The file gave no snapshot nor WebRTC URL: the camera now has only the HLS one, and kept its status.
    expect((await get('/cameras/CAM-0001', supervisor)).json()).toMatchObject({ status: 'unknown', sources: { main: false, hls: true, webrtc: false, snapshot: false }, owner: null });
    expect((await events('CAM-0001')).at(-1)).toMatchObject({ type: 'camera.changed', data: { via: 'import (csv)', urlsChanged: ['streamMain', 'streamHls', 'streamWebrtc', 'snapshotUrl'] } });
    expect((await events('CAM-0010'))[0]).toMatchObject({ type: 'camera.registered', data: { via: 'import (csv)', district: 'D2' } });
  });

  it('imports nothing when any row is bad, naming each bad row by line and field', async () => {
    expect((await registerFirst()).statusCode).toBe(201);
    const head = await t.journalHead();
    const before = (await get('/cameras', supervisor)).body;
    const csv = [
      'id,name,lat,lon,headingDeg,fovDeg,rangeM,status',
      'CAM-0020,fine,33.58,-7.63,0,60,100,',
      'CAM-0021,bad-range,33.58,-7.63,0,60,-5,',
      'CAM-0022,bad-lat,north,-7.63,0,60,100,broken',
      'CAM-0020,fine-again,33.58,-7.63,0,60,100,',
      'CAM-0023,maarif-north,33.58,-7.63,0,60,100,',
    ].join('\n');
    const refused = await post('/cameras/import', supervisor, { format: 'csv', content: csv });
    expect(refused.statusCode).toBe(400);
    const errors = (refused.json() as { errors: { field: string; message: string }[] }).errors;
    expect(errors.map((e) => e.field)).toEqual(['lines.3.rangeM', 'lines.4.lat', 'lines.4.status', 'lines.5.id', 'lines.6.name']);
    expect(errors[3]!.message).toBe('CAM-0020 is already at lines.2');
    expect(errors[4]!.message).toBe('"maarif-north" is the name of camera CAM-0001');

    const geojson = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [-7.63, 33.58] }, properties: { id: 'CAM-0030', name: 'g', headingDeg: 0, fovDeg: 500, rangeM: 10 } }] };
    const badGeo = await post('/cameras/import', supervisor, { format: 'geojson', content: JSON.stringify(geojson) });
    expect(badGeo.json()).toMatchObject({ errors: [{ field: 'features.0.properties.fovDeg' }] });
    expect((await post('/cameras/import', supervisor, { format: 'xml', content: '<x/>' })).json()).toMatchObject({ errors: [{ field: 'format' }] });
    expect(await t.journalHead()).toBe(head);
    expect((await get('/cameras', supervisor)).body).toBe(before);
  });

  it("keeps each operator's walls and the shared ones, tiles telling what they play without URLs", async () => {
    await registerForWalls();
    const saved = await send('PUT', '/video-walls/mine', operator.token, { layout: '2x2', tiles: ['CAM-0001', null, 'CAM-0002'] });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      name: 'mine',
      shared: false,
      owner: operator.username,
      layout: '2x2',
      tiles: [
        { index: 0, camera: { id: 'CAM-0001', name: 'maarif-north' }, play: { kind: 'hls' } },
        { index: 1, camera: null, play: { kind: 'none' } },
        { index: 2, camera: { id: 'CAM-0002' }, play: { kind: 'none' } },
        { index: 3, camera: null, play: { kind: 'none' } },
      ],
    });
    expect(saved.body).not.toContain('media.example');
    expect((await send('PUT', '/video-walls/big-wall', otherOperator.token, { layout: '3x3', tiles: ['CAM-0004', 'CAM-0010'], shared: true })).statusCode).toBe(200);

    const mine = (await get('/video-walls', operator.token)).json() as WallSummary[];
    expect(mine.map((w) => [w.name, w.shared, w.cameras])).toEqual([['big-wall', true, 2], ['mine', false, 2]]);
    expect(((await get('/video-walls', otherOperator.token)).json() as WallSummary[]).map((w) => w.name)).toEqual(['big-wall']);
    expect((await get('/video-walls/mine', otherOperator.token)).statusCode).toBe(404);
    expect(((await get('/video-walls/big-wall', operator.token)).json() as VideoWall).tiles).toHaveLength(9);
    expect((await send('PUT', '/video-walls/big-wall', callTaker, { layout: '1x1', tiles: [], shared: true })).statusCode).toBe(403);

    const head = await t.journalHead();
    const tooMany = await send('PUT', '/video-walls/mine', operator.token, { layout: '1x1', tiles: ['CAM-0001', 'CAM-0002'] });
    expect(tooMany.json()).toMatchObject({ errors: [{ field: 'tiles' }] });
    expect((await send('PUT', '/video-walls/mine', operator.token, { layout: '2x2', tiles: [null, 'CAM-0404'] })).json()).toMatchObject({ errors: [{ field: 'tiles.1', message: 'no camera has id CAM-0404' }] });
    expect((await send('PUT', '/video-walls/Big Wall', operator.token, { layout: '2x2', tiles: [] })).json()).toMatchObject({ errors: [{ field: 'name' }] });
    expect((await send('PUT', '/video-walls/mine', operator.token, { layout: '5x5', tiles: [] })).json()).toMatchObject({ errors: [{ field: 'layout' }] });
    expect(await t.journalHead()).toBe(head);
    expect((await findEvents(t.core.db, { stream: 'video-wall/shared/big-wall', limit: 10 }))[0]).toMatchObject({ type: 'video-wall.saved', actor: `user:${otherOperator.username}` });
  });

  it('opens a wall to play it, with each URL, journaling a view of each camera on it', async () => {
    await registerForWalls();
    expect((await send('PUT', '/video-walls/mine', operator.token, { layout: '2x2', tiles: ['CAM-0001', null, 'CAM-0002'] })).statusCode).toBe(200);
    expect((await post('/video-walls/mine/views', operator.token, { incident: 'x' })).json()).toMatchObject({ errors: [{ field: 'incident' }] });
    const opened = await post('/video-walls/mine/views', operator.token, {});
    expect(opened.statusCode, opened.body).toBe(200);
    expect((opened.json() as VideoWall).tiles[0]).toMatchObject({ play: { kind: 'hls', url: 'https://media.example/cam1.m3u8' } });
    expect((await events('CAM-0001')).at(-1)).toMatchObject({ type: 'camera.viewed', actor: `user:${operator.username}`, data: { wall: `${operator.username}/mine`, play: 'hls' } });
    expect((await events('CAM-0002')).at(-1)).toMatchObject({ type: 'camera.viewed', data: { wall: `${operator.username}/mine`, play: 'none' } });
  });
});
