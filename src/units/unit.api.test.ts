import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { testDatabaseKind } from '../core/testing.js';
import { importAreas } from '../geo/area.service.js';
import { LiveClient } from '../server/live-client.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import type { Station } from '../stations/index.js';
import type { Unit } from './unit.js';

const square = (code: string, name: string, lon: number, lat: number, size = 0.02) => ({
  type: 'Feature',
  properties: { code, name, name_ar: `حي ${name}` },
  geometry: { type: 'Polygon', coordinates: [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]] },
});

describe(`units, stations and positions (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let supervisor: string;
  let dispatcher: string;
  let officer: { token: string; username: string };
  let tracker: string;
  let otherTracker: string;
  const at = (secondsAfter: number) => new Date(Date.parse('2026-11-29T10:00:00.000Z') + secondsAfter * 1_000).toISOString();

  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set('2026-11-29T10:00:00.000Z');
    supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    officer = await t.login(['field-officer']);
    tracker = (await registerDevice(t.core, 'system:test', { name: 'avl-pc-1', kind: 'vehicle' })).token;
    otherTracker = (await registerDevice(t.core, 'system:test', { name: 'avl-pc-2', kind: 'vehicle' })).token;
    await importAreas(
      t.core,
      'system:test',
      JSON.stringify({ type: 'FeatureCollection', features: [square('D1', 'Maârif', -7.64, 33.57), square('D2', 'Sidi Belyout', -7.62, 33.59)] }),
      'test.geojson',
    );
  });
  afterAll(async () => t.close());

  const { get, post } = requestsTo(() => t.app);

  it('seeds stations, adds units, moves their statuses, takes, thins and validates their fixes, flags stale ones and sends it all live', async () => {
    // Seeds one station inside each district, named after it.
    {
      const response = await post('/stations/from-districts', supervisor);
      expect(response.statusCode, response.body).toBe(200);
      const stations = response.json() as Station[];
      expect(stations.map((s) => [s.code, s.name, s.nameAr, s.area])).toEqual([
        ['ST-MAARIF', 'Maârif', 'حي Maârif', 'D1'],
        ['ST-SIDI-BELYOUT', 'Sidi Belyout', 'حي Sidi Belyout', 'D2'],
      ]);
      expect(stations[0]!.location.lat).toBeCloseTo(33.58, 6);
      expect(stations[0]!.location.lon).toBeCloseTo(-7.63, 6);
      expect((await post('/stations/from-districts', supervisor)).json()).toEqual([]);
    }

    // Adds units off duty, refusing unknown stations and taken call signs.
    {
      const created = await post('/units', supervisor, { callSign: 'CASA-PC-1', kind: 'patrol_car', station: 'ST-MAARIF', capabilities: ['armed'], crew: [officer.username], device: 'avl-pc-1' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json()).toMatchObject({ callSign: 'CASA-PC-1', status: 'off_duty', statusStale: false, positionStale: false, position: null, device: 'avl-pc-1' });
      expect((await post('/units', supervisor, { callSign: 'CASA-MC-1', kind: 'motorcycle', station: 'ST-SIDI-BELYOUT' })).statusCode).toBe(201);
      const unknown = await post('/units', supervisor, { callSign: 'CASA-PC-9', kind: 'patrol_car', station: 'ST-NOWHERE' });
      expect(unknown.statusCode).toBe(400);
      expect(unknown.json()).toMatchObject({ errors: [{ field: 'station' }] });
      const taken = await post('/units', supervisor, { callSign: 'CASA-PC-1', kind: 'patrol_car', station: 'ST-MAARIF' });
      expect(taken.statusCode).toBe(409);
      expect((await post('/units', dispatcher, { callSign: 'CASA-PC-7', kind: 'patrol_car', station: 'ST-MAARIF' })).statusCode).toBe(403);
      const bad = await post('/units', supervisor, { callSign: 'casa pc', kind: 'tank', station: 'ST-MAARIF', capabilities: ['flying'] });
      expect((bad.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['callSign', 'capabilities.0', 'kind']);
    }

    // Moves statuses along the table; a crew member moves their own unit only.
    {
      const start = await post('/units/CASA-PC-1/status', officer.token, { status: 'available' });
      expect(start.statusCode, start.body).toBe(200);
      const refused = await post('/units/CASA-MC-1/status', officer.token, { status: 'available' });
      expect(refused.statusCode).toBe(403);
      const illegal = await post('/units/CASA-PC-1/status', officer.token, { status: 'on_scene' });
      expect(illegal.statusCode).toBe(409);
      expect(illegal.json()).toMatchObject({ allowed: ['dispatched', 'busy', 'out_of_service', 'off_duty'] });
      const dispatched = await post('/units/CASA-PC-1/status', dispatcher, { status: 'dispatched' });
      expect(dispatched.statusCode).toBe(400);
      expect(dispatched.json()).toMatchObject({ errors: [{ field: 'status' }] });
      expect((await post('/units/CASA-MC-1/status', dispatcher, { status: 'available' })).statusCode).toBe(200);
      expect((await post('/units/CASA-MC-1/status', dispatcher, { status: 'busy', reason: 'arrest paperwork' })).statusCode).toBe(200);
      const timeline = await t.core.db.selectFrom('journal').select(['type', 'data']).where('stream', '=', 'unit/CASA-MC-1').orderBy('seq').execute();
      expect(timeline.map((e) => e.type)).toEqual(['unit.created', 'unit.status_changed', 'unit.status_changed']);
    }

    // Takes fixes from the unit’s tracker over HTTP, answering once stored, and drops bad ones with the reason.
    {
      const response = await post('/avl/positions', tracker, {
        fixes: [
          { callSign: 'CASA-PC-1', lat: 33.58, lon: -7.63, speed: 30, heading: 90, accuracy: 5, at: at(0) },
          { callSign: 'CASA-PC-1', lat: 33.5801, lon: -7.6299, at: at(5) },
          { callSign: 'CASA-PC-1', lat: 33.5802, lon: -7.63, at: at(3) },
          { callSign: 'CASA-PC-1', lat: 33.5802, lon: -7.63, at: at(5) },
          { callSign: 'CASA-PC-1', lat: 33.68, lon: -7.63, at: at(10) },
          { callSign: 'CASA-PC-1', lat: 0, lon: 0, at: at(11) },
          { callSign: 'CASA-MC-1', lat: 33.59, lon: -7.61, at: at(5) },
          { callSign: 'CASA-XX-1', lat: 33.59, lon: -7.61, at: at(5) },
        ],
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        accepted: 2,
        dropped: [
          { index: 2, callSign: 'CASA-PC-1', reason: 'out_of_order' },
          { index: 3, callSign: 'CASA-PC-1', reason: 'duplicate' },
          { index: 4, callSign: 'CASA-PC-1', reason: 'impossible_jump' },
          { index: 5, callSign: 'CASA-PC-1', reason: 'out_of_area' },
          { index: 6, callSign: 'CASA-MC-1', reason: 'not_allowed' },
          { index: 7, callSign: 'CASA-XX-1', reason: 'unknown_unit' },
        ],
      });
      // Stored before the answer: the database holds the latest position, and the first fix in the history.
      const row = await t.core.db.selectFrom('unit').select(['lat', 'lon', 'position_at']).where('call_sign', '=', 'CASA-PC-1').executeTakeFirstOrThrow();
      expect(row).toEqual({ lat: 33.5801, lon: -7.6299, position_at: at(5) });
      const track = (await get(`/units/CASA-PC-1/track?from=${at(-60)}&to=${at(60)}`, dispatcher)).json() as { at: string }[];
      expect(track.map((p) => p.at)).toEqual([at(0)]);
      const metrics = (await t.app.inject({ url: '/metrics' })).body;
      expect(metrics).toMatch(/amane_avl_fixes_total\{result="impossible_jump"\} 1/);
      expect(metrics).toMatch(/amane_avl_fixes_total\{result="accepted"\} 2/);
    }

    // Refuses a malformed batch whole, naming the field, and stores nothing.
    {
      const before = await t.core.db.selectFrom('unit').select(['position_at']).where('call_sign', '=', 'CASA-PC-1').executeTakeFirstOrThrow();
      const response = await post('/avl/positions', tracker, { fixes: [{ callSign: 'CASA-PC-1', lat: 33.6, lon: -7.63, at: at(20) }, { callSign: 'CASA-PC-1', lat: 'north', lon: -7.63, at: at(21) }] });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ errors: [{ field: 'fixes.1.lat' }] });
      expect(await t.core.db.selectFrom('unit').select(['position_at']).where('call_sign', '=', 'CASA-PC-1').executeTakeFirstOrThrow()).toEqual(before);
      expect((await post('/avl/positions', otherTracker, { fixes: [{ callSign: 'CASA-PC-1', lat: 33.58, lon: -7.63, at: at(30) }] })).json()).toMatchObject({ accepted: 0 });
      expect((await post('/avl/positions', dispatcher, { fixes: [{ callSign: 'CASA-PC-1', lat: 33.58, lon: -7.63, at: at(30) }] })).statusCode).toBe(403);
    }

    // Keeps one fix per 10 s in the history, and the crew’s phone may report too.
    {
      const fixes = Array.from({ length: 30 }, (_, i) => ({ callSign: 'CASA-PC-1', lat: 33.58 + i * 0.0001, lon: -7.6299, at: at(40 + i) }));
      t.clock.set(at(70));
      expect((await post('/avl/positions', officer.token, { fixes })).json()).toMatchObject({ accepted: 30, dropped: [] });
      const track = (await get(`/units/CASA-PC-1/track?from=${at(-60)}&to=${at(120)}`, dispatcher)).json() as { at: string }[];
      expect(track.map((p) => p.at)).toEqual([at(0), at(40), at(50), at(60)]);
    }

    // Flags a unit whose position or status is stale, and filters the board by it.
    {
      t.clock.set(at(69 + 121));
      let board = (await get('/units', dispatcher)).json() as Unit[];
      expect(board.map((u) => [u.callSign, u.status, u.positionStale, u.statusStale])).toEqual([
        ['CASA-MC-1', 'busy', true, false],
        ['CASA-PC-1', 'available', true, false],
      ]);
      t.clock.set(at(61 * 60));
      board = (await get('/units?stale=true&station=ST-SIDI-BELYOUT', dispatcher)).json() as Unit[];
      expect(board.map((u) => [u.callSign, u.statusStale])).toEqual([['CASA-MC-1', true]]);
      expect(((await get('/units?area=D1', dispatcher)).json() as Unit[]).map((u) => u.callSign)).toEqual(['CASA-PC-1']);
    }

    // Sends positions live to those who may see units, and status changes as events.
    {
      const base = (await t.app.listen({ host: '127.0.0.1', port: 0 })).replace('http://', 'ws://');
      const room = await LiveClient.connect(`${base}/live`, dispatcher);
      const clerk = await LiveClient.connect(`${base}/live`, (await t.login(['identity-clerk'])).token);
      await Promise.all([room, clerk].map((c) => c.waitFor((x) => x.messages.some((m) => m.type === 'hello'))));
      t.clock.set(at(3_700));
      await post('/avl/positions', tracker, { fixes: [{ callSign: 'CASA-PC-1', lat: 33.585, lon: -7.625, speed: 20, at: at(3_699) }] });
      await post('/units/CASA-PC-1/status', officer.token, { status: 'busy' });
      await room.waitFor((c) => c.telemetry('positions').some((p) => p.callSign === 'CASA-PC-1' && p.at === at(3_699)));
      await room.waitFor((c) => c.events().some((e) => e.type === 'unit.status_changed' && e.stream === 'unit/CASA-PC-1' && e.data.to === 'busy'));
      await new Promise((resolve) => setTimeout(resolve, 700));
      expect(clerk.messages.filter((m) => m.type !== 'hello')).toEqual([]);
      room.close();
      clerk.close();
    }

    // A tracker catching up after a tunnel sends minutes of fixes at once: one report, all of them taken,
    // though far more than the unit's allowance of fixes a minute.
    {
      t.clock.set(at(4_000));
      const fixes = Array.from({ length: 300 }, (_, i) => ({ callSign: 'CASA-PC-1', lat: 33.585 + i * 0.00001, lon: -7.625, at: at(3_700 + i) }));
      expect((await post('/avl/positions', tracker, { fixes })).json()).toMatchObject({ accepted: 300, dropped: [] });
    }
  });
});
