import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDevice, revokeDevice } from '../core/auth/device.service.js';
import { findEvents, verifyChain } from '../core/journal.repository.js';
import { failUpdatesOf } from '../core/planted-failure.testing.js';
import { testDatabaseKind } from '../core/testing.js';
import { importAreas } from '../geo/area.service.js';
import type { Incident } from '../incidents/incident.js';
import { LiveClient } from '../server/live-client.js';
import { bearer, requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import type { Call } from './call.js';

const P = { lat: 33.59, lon: -7.605 };
const north = (metres: number) => ({ lat: P.lat + metres / 111_195, lon: P.lon });
const pidf = (lat: number, lon: number, radius: number) => `<?xml version="1.0"?>
<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"
  xmlns:gml="http://www.opengis.net/gml" xmlns:gs="http://www.opengis.net/pidflo/1.0" entity="pres:caller@casa.example">
  <tuple id="t1"><status><gp:geopriv><gp:location-info>
    <gs:Circle srsName="urn:ogc:def:crs:EPSG::4326"><gml:pos>${lat} ${lon}</gml:pos>
      <gs:radius uom="urn:ogc:def:uom:EPSG::9001">${radius}</gs:radius></gs:Circle>
  </gp:location-info><gp:method>Cell</gp:method></gp:geopriv></status></tuple>
</presence>`;

describe(`line 19, from ring to closed incident (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let pbx: string;
  let takerA: { token: string; username: string };
  let takerB: { token: string; username: string };
  let dispatcher: string;
  let supervisor: string;

  // Each test on a fresh line 19: the KPIs one test reads count its own calls only.
  beforeEach(async () => {
    t = await setupTestApp();
    t.clock.set('2026-05-12T09:00:00.000Z');
    pbx = (await registerDevice(t.core, 'system:test', { name: 'pbx-casa-1', kind: 'telephony' })).token;
    takerA = await t.login(['call-taker']);
    takerB = await t.login(['call-taker']);
    dispatcher = (await t.login(['dispatcher'])).token;
    supervisor = (await t.login(['supervisor'])).token;
    await importAreas(
      t.core,
      'system:test',
      JSON.stringify({
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { code: 'D-CENTRE', name: 'Centre' }, geometry: { type: 'Polygon', coordinates: [[[-7.62, 33.58], [-7.59, 33.58], [-7.59, 33.60], [-7.62, 33.60], [-7.62, 33.58]]] } }],
      }),
      'test.geojson',
    );
  });
  afterEach(async () => t.close());

  const { get, post } = requestsTo(() => t.app);

  it('walks ring -> queue -> answer -> questionnaire -> P1 incident in its district -> duplicate linked -> close, with KPIs by the clock', async () => {
    const rang = await post('/telephony/calls', pbx, { callId: 'c-1', callerNumber: '+212600000001', trunk: 'casa-19-a', pidfLo: pidf(P.lat, P.lon, 150) });
    expect(rang.statusCode, rang.body).toBe(201);
    expect(rang.json()).toMatchObject({ status: 'ringing', networkLocation: { source: 'network', lat: P.lat, lon: P.lon, radiusM: 150, method: 'Cell' } });
    t.clock.advance(8_000);
    const queued = (await get('/calls/queue', takerA.token)).json() as Call[];
    expect(queued.map((c) => [c.callId, c.waitingS])).toEqual([['c-1', 8]]);

    expect((await post('/call-takers/me/state', takerA.token, { state: 'ready' })).statusCode).toBe(204);
    const answered = (await post('/calls/next', takerA.token)).json() as Call;
    expect(answered).toMatchObject({ callId: 'c-1', status: 'answered', callTaker: takerA.username });
    t.clock.advance(40_000); // the questionnaire

    const created = await post('/calls/c-1/incident', takerA.token, { type: 'assault', answers: { weapon_seen: true }, summary: 'Man with a knife at the tram stop' });
    expect(created.statusCode, created.body).toBe(201);
    const number = (created.json() as { incidentNumber: string }).incidentNumber;
    const incident = (await get(`/incidents/${number}`, dispatcher)).json() as Incident;
    expect(incident).toMatchObject({ priority: 'P1', capabilities: ['armed'], district: 'D-CENTRE', location: P });

    await post('/telephony/calls', pbx, { callId: 'c-2', callerNumber: '+212600000002', trunk: 'casa-19-a', location: { ...north(120), radiusM: 40 } });
    t.clock.advance(12_000);
    await post('/call-takers/me/state', takerB.token, { state: 'ready' });
    expect(((await post('/calls/next', takerB.token)).json() as Call).callId).toBe('c-2');
    const duplicates = (await get(`/incidents/near?lat=${north(120).lat}&lon=${north(120).lon}&type=robbery`, takerB.token)).json() as { number: string; distanceM: number }[];
    expect(duplicates.map((d) => [d.number, d.distanceM])).toEqual([[number, 120]]);
    const linked = await post('/calls/c-2/link', takerB.token, { incident: number });
    expect(linked.json()).toMatchObject({ incident: number });

    await post(`/incidents/${number}/notes`, dispatcher, { text: 'Second caller confirms the knife' });
    for (const action of ['dispatch', 'on-scene', 'clear', 'close']) {
      t.clock.advance(60_000);
      expect((await post(`/incidents/${number}/${action}`, dispatcher, {})).statusCode).toBe(200);
    }
    const timeline = (await get(`/incidents/${number}/timeline`, dispatcher)).json() as {
      events: { type: string; data: Record<string, unknown> }[];
      intervals: Record<string, number>;
    };
    expect(timeline.events.filter((e) => e.type === 'incident.call_linked').map((e) => e.data.callId)).toEqual(['c-1', 'c-2']);
    // Created 40 s after the answer; dispatched 12 s (second call) + 60 s later; each next step 60 s after.
    expect(timeline.intervals).toEqual({ callAnsweredToCreatedS: 40, createdToDispatchedS: 72, dispatchedToOnSceneS: 60, onSceneToClearedS: 60 });

    await post('/telephony/calls/c-1/hangup', pbx);
    await post('/telephony/calls/c-2/hangup', pbx);
    await post('/telephony/calls', pbx, { callId: 'c-3', callerNumber: '+212600000003', trunk: 'casa-19-b' });
    t.clock.advance(25_000);
    expect(((await post('/telephony/calls/c-3/hangup', pbx)).json() as Call).status).toBe('abandoned');
    const toCallBack = (await get('/calls/callbacks', takerA.token)).json() as Call[];
    expect(toCallBack.map((c) => [c.callId, c.callerNumber])).toEqual([['c-3', '+212600000003']]);

    const kpis = (await get('/calls/kpis?from=2026-05-12T00:00:00.000Z&to=2026-05-13T00:00:00.000Z', supervisor)).json();
    expect(kpis.overall).toEqual({
      calls: 3,
      answered: 2,
      abandoned: 1,
      abandonedRate: 1 / 3,
      within10s: 0.5,
      within15s: 1,
      within20s: 1,
      answerP50S: 8,
      answerP90S: 12,
      answerP95S: 12,
      meetsNena: true,
    });
    expect(kpis.byCallTaker.map((g: { group: string; answerP50S: number }) => [g.group, g.answerP50S])).toEqual(
      [[takerA.username, 8], [takerB.username, 12]].sort(([a], [b]) => String(a).localeCompare(String(b))),
    );
    expect(kpis.byHour.map((g: { group: string; calls: number }) => [g.group, g.calls])).toEqual([['2026-05-12 10', 3]]);
    const metrics = (await t.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).body;
    expect(metrics).toMatch(/amane_calls_total\{event="rang"\} 3/);
    expect(metrics).toMatch(/amane_calls_total\{event="abandoned"\} 1/);
    expect(metrics).toMatch(/amane_call_answer_seconds_bucket\{le="10"\} 1/);
    expect(metrics).toMatch(/amane_call_answer_seconds_bucket\{le="15"\} 2/);
    expect(metrics).toMatch(/amane_incidents_total\{priority="P1"\} 1/);
    expect((await post('/calls/c-3/callback-done', takerA.token)).statusCode).toBe(200);
    expect((await get('/calls/callbacks', takerA.token)).json()).toEqual([]);
    expect((await verifyChain(t.core.db)).ok).toBe(true);
  });

  it('ends a call from the console into wrap-up, offers no call until ready again, and takes three calls in a row', async () => {
    const states = async () => Object.fromEntries(((await get('/call-takers', supervisor)).json() as { username: string; state: string; callId: string | null }[]).map((c) => [c.username, [c.state, c.callId]]));
    for (const n of [1, 2, 3]) {
      await post('/telephony/calls', pbx, { callId: `w-${n}`, callerNumber: `+21260000010${n}`, trunk: 'casa-19-a' });
      t.clock.advance(1_000);
    }
    await post('/call-takers/me/state', takerA.token, { state: 'ready' });
    for (const n of [1, 2, 3]) {
      expect(((await post('/calls/next', takerA.token)).json() as Call).callId).toBe(`w-${n}`);
      // Another call-taker cannot end it.
      const foreign = await post(`/calls/w-${n}/end`, takerB.token);
      expect(foreign.statusCode).toBe(409);
      expect(foreign.json()).toMatchObject({ code: 'invalid_transition' });
      t.clock.advance(30_000);
      const ended = await post(`/calls/w-${n}/end`, takerA.token);
      expect(ended.json()).toMatchObject({ callId: `w-${n}`, status: 'ended', endedAt: t.clock.now().toISOString() });
      expect((await states())[takerA.username]).toEqual(['wrap_up', `w-${n}`]);
      // In wrap-up the queue offers nothing, whatever waits; pressing end again changes nothing.
      const offered = await post('/calls/next', takerA.token);
      expect(offered.json()).toMatchObject({ code: 'invalid_transition', allowed: ['ready'] });
      expect((await post(`/calls/w-${n}/end`, takerA.token)).statusCode).toBe(200);
      t.clock.advance(10_000);
      expect((await post('/call-takers/me/state', takerA.token, { state: 'ready' })).statusCode).toBe(204);
    }
    expect((await states())[takerA.username]).toEqual(['ready', null]);
    // The caller hanging up first also leaves the call-taker in wrap-up; an ended call is not ended twice.
    await post('/telephony/calls', pbx, { callId: 'w-4', callerNumber: '+212600000104', trunk: 'casa-19-a' });
    await post('/calls/next', takerA.token);
    expect((await post('/telephony/calls/w-4/hangup', pbx)).json()).toMatchObject({ status: 'ended' });
    expect((await states())[takerA.username]).toEqual(['wrap_up', 'w-4']);
    expect((await post('/calls/w-4/end', takerA.token)).json()).toMatchObject({ status: 'ended' });
    // The telephony reporting the line down after the console ended a call changes nothing.
    expect((await post('/telephony/calls/w-1/hangup', pbx)).json()).toMatchObject({ status: 'ended', endedAt: expect.any(String) as unknown });
    expect((await states())[takerA.username]).toEqual(['wrap_up', 'w-4']);
    const list = [];
    for (const n of [1, 2, 3, 4]) list.push(...(await findEvents(t.core.db, { stream: `call/w-${n}`, limit: 20 })).filter((e) => e.type === 'call.ended'));
    expect(list.map((e) => [e.stream, (e.data as { endedBy: string }).endedBy])).toEqual([
      ['call/w-1', 'call-taker'],
      ['call/w-2', 'call-taker'],
      ['call/w-3', 'call-taker'],
      ['call/w-4', 'caller'],
    ]);
    expect((await verifyChain(t.core.db)).ok).toBe(true);
  });

  it('puts an urgent callback ahead of calls that waited longer', async () => {
    await post('/telephony/calls', pbx, { callId: 'c-10', callerNumber: '+212600000010', trunk: 'casa-19-a' });
    t.clock.advance(5_000);
    await post('/telephony/calls', pbx, { callId: 'c-11', callerNumber: '+212600000011', trunk: 'casa-19-a', urgentCallback: true });
    const order = ((await get('/calls/queue', takerA.token)).json() as Call[]).map((c) => c.callId);
    expect(order.indexOf('c-11')).toBeLessThan(order.indexOf('c-10'));
  });

  it("keeps the network's location and adds the call-taker's beside it", async () => {
    await post('/telephony/calls', pbx, { callId: 'c-20', callerNumber: '+212600000020', trunk: 'casa-19-a', location: { ...P, radiusM: 900 } });
    await post('/telephony/calls/c-20/answer', pbx, { callTaker: takerA.username });
    const placed = (await post('/calls/c-20/location', takerA.token, { ...north(300), radiusM: 10 })).json() as Call;
    expect(placed.networkLocation).toMatchObject({ source: 'network', lat: P.lat, lon: P.lon, radiusM: 900 });
    expect(placed.supplementalLocations).toMatchObject([{ source: 'call-taker', lat: north(300).lat, radiusM: 10 }]);
  });

  it('refuses a bad PIDF-LO and a 5 MB body, storing nothing', async () => {
    const before = await t.journalHead();
    const bad = await post('/telephony/calls', pbx, { callId: 'c-30', callerNumber: '+212600000030', trunk: 't', pidfLo: '<presence><oops></presence>' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('pidfLo');
    const xxe = await post('/telephony/calls', pbx, { callId: 'c-31', callerNumber: '+212600000031', trunk: 't', pidfLo: '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><presence xmlns="urn:ietf:params:xml:ns:pidf">&e;</presence>' });
    expect(xxe.statusCode).toBe(400);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/telephony/calls',
      headers: { ...bearer(pbx), 'content-type': 'application/json' },
      payload: JSON.stringify({ callId: 'c-32', callerNumber: '+212600000032', trunk: 't', pidfLo: 'x'.repeat(5 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(await t.journalHead()).toBe(before);
    expect((await get('/calls/c-30', takerA.token)).statusCode).toBe(404);
  });

  it('refuses to answer a call that was abandoned, naming what is allowed', async () => {
    await post('/telephony/calls', pbx, { callId: 'c-40', callerNumber: '+212600000040', trunk: 't' });
    await post('/telephony/calls/c-40/hangup', pbx);
    const refused = await post('/telephony/calls/c-40/answer', pbx, { callTaker: takerA.username });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe('call c-40 is `abandoned`; answer is not allowed; allowed actions: none');
  });

  it('creates the incident and links the call in one command: broken between the two, neither is written', async () => {
    await post('/telephony/calls', pbx, { callId: 'c-45', callerNumber: '+212600000045', trunk: 't', location: P });
    await post('/telephony/calls/c-45/answer', pbx, { callTaker: takerA.username });
    const head = await t.journalHead();
    // The incident row is written, then linking the call fails: the command's transaction rolls back.
    const heal = await failUpdatesOf(t.core.db, 'call', 'incident_number');
    const failed = await post('/calls/c-45/incident', takerA.token, { type: 'theft', summary: 'Bag snatched' });
    expect(failed.statusCode).toBe(500);
    expect(await t.core.db.selectFrom('incident').select('number').execute()).toEqual([]);
    expect((await get('/calls/c-45', takerA.token)).json()).toMatchObject({ status: 'answered', incident: null });
    expect(await t.journalHead()).toBe(head);
    await heal();
    const created = await post('/calls/c-45/incident', takerA.token, { type: 'theft', summary: 'Bag snatched' });
    expect(created.statusCode, created.body).toBe(201);
    expect(await t.core.db.selectFrom('incident').select('number').execute()).toEqual([{ number: (created.json() as { incidentNumber: string }).incidentNumber }]);
  });

  it('shows calls and incidents live to the roles that may see them, and to no one else', async () => {
    const base = (await t.app.listen({ host: '127.0.0.1', port: 0 })).replace('http://', 'ws://');
    const taker = await LiveClient.connect(`${base}/live`, takerA.token);
    const room = await LiveClient.connect(`${base}/live`, dispatcher);
    const clerk = await LiveClient.connect(`${base}/live`, (await t.login(['identity-clerk'])).token);
    await Promise.all([taker, room, clerk].map((c) => c.waitFor((x) => x.messages.some((m) => m.type === 'hello'))));
    await post('/telephony/calls', pbx, { callId: 'c-60', callerNumber: '+212600000060', trunk: 't', location: P });
    await post('/telephony/calls/c-60/answer', pbx, { callTaker: takerA.username });
    const created = (await post('/calls/c-60/incident', takerA.token, { type: 'theft', summary: 'Bag snatched' })).json() as { incidentNumber: string };
    await taker.waitFor((c) => c.events().some((e) => e.type === 'incident.call_linked'));
    await room.waitFor((c) => c.events().some((e) => e.type === 'incident.created' && e.stream === `incident/${created.incidentNumber}`));
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(taker.events().map((e) => e.type)).toEqual(expect.arrayContaining(['call.ringing', 'call.answered', 'incident.created', 'call.linked']));
    expect(room.events().map((e) => e.type)).toContain('call.ringing');
    expect(clerk.events()).toEqual([]);
    for (const client of [taker, room, clerk]) client.close();
  });

  it('lets only the telephony report calls, and only call-takers take them', async () => {
    expect((await post('/telephony/calls', takerA.token, { callId: 'c-50', callerNumber: '+212600000050', trunk: 't' })).statusCode).toBe(403);
    expect((await post('/calls/next', dispatcher)).statusCode).toBe(403);
  });

  it("refuses a camera's or a tracker's token on the telephony's routes, and changes nothing", async () => {
    await post('/telephony/calls', pbx, { callId: 'c-70', callerNumber: '+212600000070', trunk: 't' });
    await post('/telephony/calls/c-70/answer', pbx, { callTaker: takerA.username });
    const camera = (await registerDevice(t.core, 'system:test', { name: 'cam-ctl-9', kind: 'camera' })).token;
    const tracker = (await registerDevice(t.core, 'system:test', { name: 'avl-pc-9', kind: 'vehicle' })).token;
    for (const token of [camera, tracker]) {
      const hungUp = await post('/telephony/calls/c-70/hangup', token);
      expect(hungUp.statusCode).toBe(403);
      expect(hungUp.json()).toMatchObject({ code: 'forbidden', detail: expect.stringContaining('a device') as string });
      expect((await post('/telephony/calls', token, { callId: 'c-71', callerNumber: '+212600000071', trunk: 't' })).statusCode).toBe(403);
    }
    expect((await get('/calls/c-70', takerA.token)).json()).toMatchObject({ status: 'answered', endedAt: null });
    expect((await get('/calls/c-71', takerA.token)).statusCode).toBe(404);
  });

  it("lets only the gateway that reported a call ringing report its later states", async () => {
    const otherGateway = (await registerDevice(t.core, 'system:test', { name: 'pbx-rabat-1', kind: 'telephony' })).token;
    await post('/telephony/calls', pbx, { callId: 'c-80', callerNumber: '+212600000080', trunk: 't' });
    for (const [url, payload] of [['/telephony/calls/c-80/answer', { callTaker: takerA.username }], ['/telephony/calls/c-80/hangup', undefined]] as const) {
      const refused = await post(url, otherGateway, payload);
      expect(refused.statusCode).toBe(403);
      expect(refused.json().detail).toBe('call c-80 was reported by another telephony gateway; only that gateway reports its states');
    }
    expect((await get('/calls/c-80', takerA.token)).json()).toMatchObject({ status: 'ringing', callTaker: null });
    expect((await post('/telephony/calls/c-80/hangup', pbx)).json()).toMatchObject({ status: 'abandoned' });
  });

  it("passes a revoked gateway's calls to the gateway that replaces it", async () => {
    const old = await registerDevice(t.core, 'system:test', { name: 'pbx-old-1', kind: 'telephony' });
    await post('/telephony/calls', old.token, { callId: 'c-90', callerNumber: '+212600000090', trunk: 't' });
    expect((await post('/telephony/calls/c-90/hangup', pbx)).statusCode).toBe(403);
    await revokeDevice(t.core, 'system:test', old.device.id, 'replaced by pbx-casa-1');
    expect((await post('/telephony/calls/c-90/hangup', pbx)).json()).toMatchObject({ status: 'abandoned' });
  });
});
