import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { testDatabaseKind } from '../core/testing.js';
import { importAreas } from '../geo/area.service.js';
import { bearer, requestsTo, setupTestApp, type TestApp } from '../server/testing.js';

const centre = { lat: 33.59, lon: -7.605 };
const rabat = { lat: 34.02, lon: -6.83 };
const square = (west: number, south: number, east: number, north: number) => ({
  type: 'Polygon',
  coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
});

/** One centre's yesterday evening and this morning, the clock at 08:10:50, and what the tests need to ask it. */
interface Day {
  readonly t: TestApp;
  readonly supervisor: string;
  readonly dispatcher: string;
  readonly takers: readonly { token: string; username: string }[];
  post(url: string, token: string, payload?: Record<string, unknown>): Promise<LightMyRequestResponse>;
  get(url: string, token: string): Promise<LightMyRequestResponse>;
  ok(response: Promise<{ statusCode: number; body: string; json(): unknown }>, status?: number): Promise<Record<string, unknown>>;
}

async function openDay(): Promise<Day> {
  const t = await setupTestApp();
  t.clock.set('2026-05-11T22:00:00.000Z');
  const pbx = (await registerDevice(t.core, 'system:test', { name: 'pbx-kpi-1', kind: 'telephony' })).token;
  const { get, post } = requestsTo(() => t.app);
  const ok = async (response: Promise<{ statusCode: number; body: string; json(): unknown }>, status = 200) => {
    const done = await response;
    expect(done.statusCode, done.body).toBe(status);
    return (done.body === '' ? {} : done.json()) as Record<string, unknown>;
  };
  const ring = (callId: string) => ok(post('/telephony/calls', pbx, { callId, callerNumber: '+212600000001', trunk: 'casa-19-a', location: centre }), 201);
  const take = (taker: { token: string }) => ok(post('/calls/next', taker.token));

  const supervisor = (await t.login(['supervisor'])).token;
  const dispatcher = (await t.login(['dispatcher'])).token;
  const takers: { token: string; username: string; password: string; id: string }[] = [];
  for (let i = 0; i < 4; i += 1) takers.push(await t.login(['call-taker']));
  const [a, b, c, d] = takers as [(typeof takers)[0], (typeof takers)[0], (typeof takers)[0], (typeof takers)[0]];
  // The supervisor reads call-takers by name: one of them has an Arabic name too.
  const admin = (await t.login(['administrator'])).token;
  const renamed = await t.app.inject({ method: 'PATCH', url: `/users/${a.id}`, headers: bearer(admin), payload: { fullName: 'Samira Bennani', fullNameAr: 'سميرة بناني' } });
  expect(renamed.statusCode, renamed.body).toBe(200);
  await importAreas(
    t.core,
    'system:test',
    JSON.stringify({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'D-CENTRE', name: 'Centre', name_ar: 'الوسط' }, geometry: square(-7.62, 33.58, -7.59, 33.6) },
        { type: 'Feature', properties: { code: 'D-EAST', name: 'East' }, geometry: square(-7.55, 33.58, -7.5, 33.6) },
      ],
    }),
    'test.geojson',
  );
  await ok(post('/stations', supervisor, { code: 'ST-ANFA', name: 'Anfa', location: centre }), 201);
  for (const callSign of ['CASA-PC-1', 'CASA-PC-2', 'CASA-PC-3']) {
    await ok(post('/units', supervisor, { callSign, kind: 'patrol_car', station: 'ST-ANFA' }), 201);
  }
  await ok(post('/units/CASA-PC-1/status', dispatcher, { status: 'available' }));
  await ok(post('/units/CASA-PC-2/status', dispatcher, { status: 'available' }));

  // Yesterday evening, Casablanca time (23:30, UTC+1 in May): a robbery that is still open this morning.
  t.clock.set('2026-05-11T22:30:00.000Z');
  await ring('y-1');
  t.clock.advance(5_000);
  await ok(post('/call-takers/me/state', a.token, { state: 'ready' }), 204);
  await take(a);
  t.clock.advance(5_000);
  const yesterday = (await ok(post('/calls/y-1/incident', a.token, { type: 'robbery', summary: 'Shop robbed' }), 201)).incidentNumber as string;
  await ok(post('/telephony/calls/y-1/hangup', pbx));
  // The wrap-up done, a is ready again.
  await ok(post('/call-takers/me/state', a.token, { state: 'ready' }), 204);

  // This morning. c-1: answered in 8 s, an assault with a knife (P1) in the centre.
  t.clock.set('2026-05-12T08:00:00.000Z');
  await ring('c-1');
  t.clock.advance(8_000);
  await take(a);
  t.clock.advance(30_000); // 08:00:38
  const assault = (await ok(post('/calls/c-1/incident', a.token, { type: 'assault', answers: { weapon_seen: true }, summary: 'Knife at the tram stop' }), 201)).incidentNumber as string;
  await ok(post('/telephony/calls/c-1/hangup', pbx));
  await ok(post('/call-takers/me/state', a.token, { state: 'ready' }), 204);

  // c-2: answered in 18 s, noise (P4) outside every district; then b goes not ready.
  await ring('c-2');
  t.clock.advance(18_000); // 08:00:56
  await ok(post('/call-takers/me/state', b.token, { state: 'ready' }), 204);
  await take(b);
  await ok(post('/calls/c-2/incident', b.token, { type: 'noise', location: rabat, summary: 'Loud party' }), 201);
  await ok(post('/telephony/calls/c-2/hangup', pbx));
  await ok(post('/call-takers/me/state', b.token, { state: 'not_ready' }), 204);

  // c-3: abandoned after 25 s.
  await ring('c-3');
  t.clock.advance(25_000); // 08:01:21
  await ok(post('/telephony/calls/c-3/hangup', pbx));

  // A theft typed in directly, then cancelled: created today, not open.
  const theft = (await ok(post('/incidents', a.token, { type: 'theft', location: centre, summary: 'Bag snatched' }), 201)).number as string;
  await ok(post(`/incidents/${theft}/cancel`, dispatcher, { reason: 'caller found the bag' }));

  // c-5: c answers in 12 s and is still on it; d logs in and out.
  await ring('c-5');
  t.clock.advance(12_000); // 08:01:33
  await ok(post('/call-takers/me/state', c.token, { state: 'ready' }), 204);
  await take(c);
  await ok(post('/call-takers/me/state', d.token, { state: 'ready' }), 204);
  await ok(post('/call-takers/me/state', d.token, { state: 'logged_out' }), 204);

  // The assault: PC-1 sent 120 s after it was created, on scene 300 s later.
  t.clock.set('2026-05-12T08:02:38.000Z');
  await ok(post(`/incidents/${assault}/assign`, dispatcher, { units: ['CASA-PC-1'] }));
  t.clock.advance(300_000); // 08:07:38
  await ok(post('/units/CASA-PC-1/status', dispatcher, { status: 'on_scene' }));

  // Yesterday's robbery is dispatched this morning, 9 h 40 min after it was created.
  t.clock.set('2026-05-12T08:10:10.000Z');
  await ok(post(`/incidents/${yesterday}/dispatch`, dispatcher, {}));

  // c-6 is still ringing, for 40 s now.
  await ring('c-6');
  t.clock.advance(40_000); // 08:10:50
  return { t, supervisor, dispatcher, takers, post, get, ok };
}

describe(`the supervisor's live KPIs (${testDatabaseKind()})`, () => {
  // The tests that only read share one day; the one that changes it opens its own.
  let day: Day;
  beforeAll(async () => {
    day = await openDay();
  });
  afterAll(async () => day?.t.close());

  it("counts since the start of Casablanca's day by default, with the room as it is now", async () => {
    const { supervisor, takers, get, ok } = day;
    const [a, b, c, d] = takers.map((taker) => taker.username) as [string, string, string, string];
    const kpis = await ok(get('/kpis/live', supervisor));
    expect(kpis).toEqual({
      at: '2026-05-12T08:10:50.000Z',
      since: '2026-05-11T23:00:00.000Z',
      calls: { total: 5, answered: 3, abandoned: 1, answeredWithin15sPct: 66.7, answeredWithin20sPct: 100, queueLength: 1, longestWaitS: 40 },
      incidents: {
        created: 3,
        open: 3,
        byPriority: { 1: 1, 2: 1, 3: 0, 4: 1 },
        // Dispatched today: the assault after 120 s, yesterday's robbery after 34,800 s (nearest rank).
        medianToDispatchS: 120,
        p90ToDispatchS: 34_800,
        medianToOnSceneS: 420,
        p90ToOnSceneS: 420,
      },
      byDistrict: [
        { code: 'D-CENTRE', name: 'Centre', nameAr: 'الوسط', open: 2, created: 2 },
        { code: 'D-EAST', name: 'East', nameAr: null, open: 0, created: 0 },
        { code: null, name: null, nameAr: null, open: 1, created: 1 },
      ],
      callTakers: {
        ready: 1,
        busy: 1,
        wrapUp: 0,
        notReady: 1,
        loggedOut: 1,
        list: [
          { username: a, fullName: 'Samira Bennani', fullNameAr: 'سميرة بناني', state: 'ready', since: '2026-05-12T08:00:38.000Z' },
          { username: b, fullName: 'Test Person', fullNameAr: null, state: 'not_ready', since: '2026-05-12T08:00:56.000Z' },
          { username: c, fullName: 'Test Person', fullNameAr: null, state: 'on_call', since: '2026-05-12T08:01:33.000Z' },
          { username: d, fullName: 'Test Person', fullNameAr: null, state: 'logged_out', since: '2026-05-12T08:01:33.000Z' },
        ].sort((x, y) => x.username.localeCompare(y.username)),
      },
      units: { available: 1, dispatched: 0, en_route: 0, on_scene: 1, busy: 0, out_of_service: 0, off_duty: 1 },
    });
  });

  it('counts from the `since` asked for', async () => {
    const { supervisor, get, ok } = day;
    const all = await ok(get('/kpis/live?since=2026-05-11T00:00:00.000Z', supervisor));
    expect(all.since).toBe('2026-05-11T00:00:00.000Z');
    expect(all.calls).toEqual({ total: 6, answered: 4, abandoned: 1, answeredWithin15sPct: 75, answeredWithin20sPct: 100, queueLength: 1, longestWaitS: 40 });
    expect(all.incidents).toMatchObject({ created: 4, open: 3, medianToDispatchS: 120, p90ToDispatchS: 34_800 });

    // With a local offset: 08:05 UTC. Only the robbery was dispatched, and the assault reached, since.
    const late = await ok(get(`/kpis/live?since=${encodeURIComponent('2026-05-12T09:05:00+01:00')}`, supervisor));
    expect(late.since).toBe('2026-05-12T08:05:00.000Z');
    expect(late.calls).toEqual({ total: 1, answered: 0, abandoned: 0, answeredWithin15sPct: null, answeredWithin20sPct: null, queueLength: 1, longestWaitS: 40 });
    expect(late.incidents).toEqual({
      created: 0,
      open: 3,
      byPriority: { 1: 1, 2: 1, 3: 0, 4: 1 },
      medianToDispatchS: 34_800,
      p90ToDispatchS: 34_800,
      medianToOnSceneS: 420,
      p90ToOnSceneS: 420,
    });
    expect((late.byDistrict as { code: string | null; created: number }[]).map((row) => [row.code, row.created])).toEqual([
      ['D-CENTRE', 0],
      ['D-EAST', 0],
      [null, 0],
    ]);
  });

  it('answers the same again from its cache of timelines, and sees an incident that moved since', async () => {
    // It moves the clock and dispatches: a day of its own, so the others still read the day at 08:10:50.
    const { t, supervisor, dispatcher, post, get, ok } = await openDay();
    try {
      const before = await ok(get('/kpis/live', supervisor));
      expect(await ok(get('/kpis/live', supervisor))).toEqual(before);
      const open = (await ok(get('/incidents?open=true', dispatcher))) as unknown as { number: string; type: string }[];
      const noise = open.find((incident) => incident.type === 'noise')!;
      t.clock.advance(60_000); // created 08:00:56, dispatched 08:11:50: 654 s
      await ok(post(`/incidents/${noise.number}/dispatch`, dispatcher, {}));
      const after = await ok(get('/kpis/live', supervisor));
      expect(after.incidents).toMatchObject({ medianToDispatchS: 654, p90ToDispatchS: 34_800 });
    } finally {
      await t.close();
    }
  });

  it('is for supervisors and auditors: a call-taker or a dispatcher gets 403', async () => {
    const { t, dispatcher, takers, get } = day;
    expect((await get('/kpis/live', takers[0]!.token)).statusCode).toBe(403);
    expect((await get('/kpis/live', dispatcher)).statusCode).toBe(403);
    expect((await get('/kpis/live', (await t.login(['auditor'])).token)).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/kpis/live' })).statusCode).toBe(401);
  });

  it('refuses a `since` that is not an ISO date-time, naming it', async () => {
    const { supervisor, get } = day;
    for (const since of ['yesterday', '2026-13-01T00:00:00Z', '2026-05-12', '2026-05-12T08:00:00']) {
      const refused = await get(`/kpis/live?since=${encodeURIComponent(since)}`, supervisor);
      expect(refused.statusCode, since).toBe(400);
      expect(refused.json().errors.map((e: { field: string }) => e.field), since).toEqual(['since']);
    }
    const unknown = await get('/kpis/live?from=2026-05-12T00:00:00Z', supervisor);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('from');
  });
});
