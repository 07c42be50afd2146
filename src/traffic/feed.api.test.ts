import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import type { ClosureEntry } from '../contract/traffic.schema.js';
import type { TrafficEvent, TrafficFeed } from '../contract/traffic-feed.schema.js';
import { DEMO_CITY_CENTRE } from '../geo/roads/demo-city.js';
import { roadCostsOn } from '../geo/roads/road-closures.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { bearer, requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { pollDueFeeds, sweepFeedClosures } from './feed.service.js';
import { between, datexMeasured, datexRoadClosed, streetEdge } from './feed.testing.js';
import { liveSpeeds } from './speed.service.js';

const NOW = '2026-12-07T08:00:00.000Z';
const inMinutes = (minutes: number) => new Date(Date.parse(NOW) + minutes * 60_000).toISOString();

describe(`traffic feeds in (${testDatabaseKind()}, demo city)`, () => {
  let t: TestApp;
  let operator: string;
  let centre: string;
  let graph: RoadGraph;
  let street: ReturnType<typeof streetEdge>;
  const { get, post } = requestsTo(() => t.app);

  const push = (body: string | object, contentType = typeof body === 'string' ? 'application/xml' : 'application/json', token = centre) =>
    t.app.inject({ method: 'POST', url: '/traffic/feeds/casa-tc/data', headers: { ...bearer(token), 'content-type': contentType }, payload: typeof body === 'string' ? body : JSON.stringify(body) });
  const feedStatus = async () => (await get('/traffic/feeds/casa-tc', operator)).json() as TrafficFeed;
  const closures = async () => {
    const response = await get('/traffic/closures', operator);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as ClosureEntry[]).filter((c) => c.source === 'feed');
  };
  const routingTime = (edge: number) => roadCostsOn(graph, t.core)?.timeS[edge] ?? graph.timeS[edge]!;
  const journal = async (prefix: string) =>
    (await t.core.db.selectFrom('journal').select(['type', 'stream', 'actor']).where('stream', 'like', `${prefix}%`).orderBy('seq').execute()).map((e) => `${e.type} ${e.stream} ${e.actor}`);

  beforeEach(async () => {
    t = await setupTestApp();
    t.clock.set(NOW);
    operator = (await t.login(['traffic-operator'])).token;
    const admin = (await t.login(['administrator'])).token;
    const device = await post('/devices', admin, { name: 'casa-traffic-centre', kind: 'traffic-centre' });
    expect(device.statusCode, device.body).toBe(201);
    centre = (device.json() as { token: string }).token;
    const feed = await post('/traffic/feeds', operator, { id: 'casa-tc', name: 'Centre de régulation de Casablanca' });
    expect(feed.statusCode, feed.body).toBe(201);
    graph = await getRoadGraph(t.core);
    street = streetEdge(graph, DEMO_CITY_CENTRE);
  });
  afterEach(async () => t.close());

  it('lowers the live estimate of the road a DATEX II measurement site lies on, that way only, and routing plans on it', async () => {
    const usual = routingTime(street.edge);
    const site = { id: 'CASA-S-0001', point: between(street.tail, street.head, 0.5), bearingDeg: street.bearingDeg };
    const response = await push(datexMeasured(site, 10, NOW));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ format: 'datex2', speeds: 1, edges: 1, unmatched: 0, sites: 1, events: 0 });
    await liveSpeeds(t.core).republish();
    const estimate = liveSpeeds(t.core).current!.estimate(street.edge, Date.parse(NOW))!;
    expect(estimate.kmh).toBeLessThan(13);
    expect(estimate.kmh).toBeGreaterThan(10);
    // The site's bearing names the way measured: the other way has no estimate.
    expect(liveSpeeds(t.core).current!.estimate(graph.twin[street.edge]!, Date.parse(NOW))).toBeUndefined();
    expect(routingTime(street.edge)).toBeGreaterThan(usual * 3);
    const status = await feedStatus();
    expect(status).toMatchObject({ sites: 1, lastSuccessAt: NOW, lastFormat: 'datex2', lastError: null, counts: { speeds: 1, edges: 1, unmatched: 0, events: 0 } });
    // Feed data is telemetry: nothing journaled but the feed's configuration.
    expect(await journal('traffic-feed/')).toEqual([expect.stringMatching(/^traffic_feed.configured traffic-feed\/casa-tc user:/)]);
  });

  it('reads the measured data of a site known from an earlier site table, and counts a site it does not know as unmatched', async () => {
    const site = { id: 'CASA-S-0002', point: between(street.tail, street.head, 0.4), bearingDeg: street.bearingDeg };
    expect((await push(datexMeasured(site, 40, NOW))).statusCode).toBe(200);
    const later = datexMeasured(site, 9, inMinutes(1)).replace(/<mc:payload xsi:type="roa:MeasurementSiteTablePublication"[\s\S]*?<\/mc:payload>/, '');
    expect((await push(later)).json()).toMatchObject({ speeds: 1, edges: 1, sites: 0 });
    const unknown = later.replace(/CASA-S-0002/g, 'CASA-S-9999');
    expect((await push(unknown)).json()).toMatchObject({ speeds: 1, edges: 0, unmatched: 1 });
  });

  it('closes the road of a DATEX II roadClosed situation for routing, lists it with the closures, and reopens it at its end (journaled both times)', async () => {
    const xml = datexRoadClosed({ id: 'RC-1', from: street.tail, to: street.head, start: inMinutes(-5), end: inMinutes(30), comment: 'Travaux de nuit' });
    const response = await push(xml);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ format: 'datex2', events: 1 });
    expect(routingTime(street.edge)).toBe(Infinity);
    expect(routingTime(graph.twin[street.edge]!)).toBe(Infinity);
    const [closure, ...others] = await closures();
    expect(others).toEqual([]);
    expect(closure).toMatchObject({ source: 'feed', id: 'casa-tc:RC-1', status: 'in_force', closesRouting: true, reasonText: 'Travaux de nuit', roads: [street.road], startsAt: inMinutes(-5), endsAt: inMinutes(30), closure: null });
    const events = (await get('/traffic/events', operator)).json() as TrafficEvent[];
    expect(events).toMatchObject([{ feed: 'casa-tc', id: 'RC-1', kind: 'road_closed', closesRoad: true, inForce: true, geometry: { type: 'LineString' } }]);
    expect(await journal('feed-closure/')).toEqual(['feed_closure.started feed-closure/casa-tc:RC-1 device:casa-traffic-centre']);
    // The same document again changes nothing: the closure is journaled once.
    expect((await push(xml)).statusCode).toBe(200);
    expect(await journal('feed-closure/')).toHaveLength(1);

    t.clock.set(inMinutes(31));
    await sweepFeedClosures(t.core);
    expect(routingTime(street.edge)).toBe(graph.timeS[street.edge]);
    expect(await closures()).toEqual([]);
    expect((await get('/traffic/events', operator)).json()).toEqual([]);
    expect(await journal('feed-closure/')).toEqual(['feed_closure.started feed-closure/casa-tc:RC-1 device:casa-traffic-centre', 'feed_closure.ended feed-closure/casa-tc:RC-1 system:traffic-feeds']);
  });

  it('takes the JSON form: a speed between two points slows the road, a closing event closes it until the feed withdraws it, others are listed as events', async () => {
    const other = streetEdge(graph, DEMO_CITY_CENTRE, 3);
    const response = await push({
      speeds: [{ from: between(street.tail, street.head, 0.1), to: between(street.tail, street.head, 0.9), kmh: 8, at: NOW }],
      events: [
        { id: 'works-7', kind: 'roadworks', line: [other.tail, other.head], start: inMinutes(-1), end: inMinutes(60), description: 'Chaussée rétrécie', closesRoad: false },
        { id: 'closed-3', kind: 'road_closed', point: between(street.tail, street.head, 0.5), start: inMinutes(-1), end: null, description: 'Marathon', closesRoad: true },
      ],
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ format: 'json', speeds: 1, edges: 1, unmatched: 0, sites: 0, events: 2 });
    await liveSpeeds(t.core).republish();
    expect(liveSpeeds(t.core).current!.estimate(street.edge, Date.parse(NOW))!.kmh).toBeLessThan(11);
    expect(routingTime(street.edge)).toBe(Infinity);
    expect(routingTime(other.edge)).toBe(graph.timeS[other.edge]);
    expect((await closures()).map((c) => [c.id, c.status, c.reasonText])).toEqual([['casa-tc:closed-3', 'in_force', 'Marathon']]);
    const events = (await get('/traffic/events', operator)).json() as TrafficEvent[];
    expect(events.map((e) => [e.id, e.kind, e.closesRoad])).toEqual([
      ['closed-3', 'road_closed', true],
      ['works-7', 'roadworks', false],
    ]);
    expect(events.find((e) => e.id === 'works-7')!.roads).toContain(other.road);

    // The next list leaves the closure out: it is over, and routing goes back.
    expect((await push({ events: [] })).statusCode).toBe(200);
    expect(routingTime(street.edge)).toBeLessThan(Infinity);
    expect(roadCostsOn(graph, t.core, { live: false })).toBeUndefined();
    expect(await closures()).toEqual([]);
    expect(await journal('feed-closure/')).toEqual([
      'feed_closure.started feed-closure/casa-tc:closed-3 device:casa-traffic-centre',
      'feed_closure.ended feed-closure/casa-tc:closed-3 device:casa-traffic-centre',
    ]);
  });

  it('closes a road from the start an event gives, not before', async () => {
    const xml = datexRoadClosed({ id: 'RC-9', from: street.tail, to: street.head, start: inMinutes(10), end: inMinutes(40) });
    expect((await push(xml)).statusCode).toBe(200);
    expect(routingTime(street.edge)).toBe(graph.timeS[street.edge]);
    expect((await closures()).map((c) => [c.id, c.status, c.closesRouting])).toEqual([['casa-tc:RC-9', 'scheduled', false]]);
    expect(await journal('feed-closure/')).toEqual([]);
    t.clock.set(inMinutes(10));
    await sweepFeedClosures(t.core);
    expect(routingTime(street.edge)).toBe(Infinity);
    expect((await closures()).map((c) => [c.id, c.status, c.closesRouting])).toEqual([['casa-tc:RC-9', 'in_force', true]]);
    expect(await journal('feed-closure/')).toEqual(['feed_closure.started feed-closure/casa-tc:RC-9 system:traffic-feeds']);
  });

  it("polls a feed's URL when its interval has passed, and keeps a failed fetch on its status", async () => {
    let answer = JSON.stringify({ events: [{ id: 'polled', kind: 'accident', point: street.tail, start: NOW, closesRoad: false }] });
    const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(answer));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed.json`;
      expect((await t.app.inject({ method: 'PATCH', url: '/traffic/feeds/casa-tc', headers: bearer(operator), payload: { url, pollIntervalS: 60 } })).statusCode).toBe(200);
      await pollDueFeeds(t.core);
      expect(((await get('/traffic/events', operator)).json() as TrafficEvent[]).map((e) => e.id)).toEqual(['polled']);
      expect(await feedStatus()).toMatchObject({ lastSuccessAt: NOW, lastFormat: 'json', lastError: null, counts: { events: 1 } });
      // Not yet due: the next answer is not fetched until the interval has passed.
      answer = '{"events": "none"}';
      await pollDueFeeds(t.core);
      expect((await feedStatus()).lastError).toBeNull();
      t.clock.set(inMinutes(1));
      await pollDueFeeds(t.core);
      expect((await feedStatus()).lastError!.message).toContain('events');
      expect(((await get('/traffic/events', operator)).json() as TrafficEvent[]).map((e) => e.id)).toEqual(['polled']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses malformed XML and JSON with the field named, records the refusal on the status, and changes nothing', async () => {
    const refusals: [string | object, string][] = [
      ['<d2:payload xmlns:d2="http://datex2.eu/schema/3/d2Payload"><unclosed></d2:payload>', 'body'],
      [datexRoadClosed({ id: 'RC-2', from: street.tail, to: street.head, start: NOW, end: inMinutes(10) }, { omitStart: true }), 'situationRecord[RC-2].validity.validityTimeSpecification.overallStartTime'],
      [datexMeasured({ id: 'S', point: street.tail, bearingDeg: 0 }, 10, NOW).replace('<com:speed>10</com:speed>', '<com:speed>fast</com:speed>'), 'siteMeasurements[S].averageVehicleSpeed.speed'],
      ['<d2:d2LogicalModel xmlns:d2="http://datex2.eu/schema/2/2_0"/>', 'body'],
      [{ speeds: [{ from: street.tail, to: street.head, kmh: 'fast', at: NOW }] }, 'speeds.0.kmh'],
      [{ events: [{ id: 'e', kind: 'road_closed', start: NOW, closesRoad: true }] }, 'events.0.line'],
      [{ events: [{ id: 'e', kind: 'flood', point: street.tail, start: NOW, closesRoad: true }] }, 'events.0.kind'],
    ];
    for (const [body, field] of refusals) {
      const response = await push(body);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      const problem = response.json() as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field), response.body).toContain(field);
    }
    expect(liveSpeeds(t.core).current!.size).toBe(0);
    expect((await get('/traffic/events', operator)).json()).toEqual([]);
    expect(roadCostsOn(graph, t.core)).toBeUndefined();
    const status = await feedStatus();
    expect(status).toMatchObject({ sites: 0, lastSuccessAt: null, events: 0 });
    expect(status.lastError!.message).toContain('kind');
  });

  it("lets the traffic centre's device push and nothing else, and no one else push", async () => {
    expect((await get('/traffic/feeds', centre)).statusCode).toBe(403);
    expect((await get('/traffic/events', centre)).statusCode).toBe(403);
    expect((await post('/traffic/feeds', centre, { id: 'mine', name: 'Mine' })).statusCode).toBe(403);
    expect((await get('/devices/me', centre)).statusCode).toBe(403);
    expect((await push({ events: [] }, 'application/json', operator)).statusCode).toBe(403);
    expect((await push({ events: [] })).statusCode).toBe(200);
  });

  it('journals who configures, changes and removes a feed; removing it ends its closures', async () => {
    expect((await push({ events: [{ id: 'c', kind: 'road_closed', point: street.tail, start: NOW, closesRoad: true }] })).statusCode).toBe(200);
    expect(routingTime(street.edge)).toBe(Infinity);
    const changed = await t.app.inject({ method: 'PATCH', url: '/traffic/feeds/casa-tc', headers: bearer(operator), payload: { url: 'https://traffic.example.ma/datex2/situations.xml', pollIntervalS: 30 } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ url: 'https://traffic.example.ma/datex2/situations.xml', pollIntervalS: 30, events: 1, closures: 1 });
    expect((await post('/traffic/feeds', operator, { id: 'casa-tc', name: 'Again' })).statusCode).toBe(409);
    const removed = await t.app.inject({ method: 'DELETE', url: '/traffic/feeds/casa-tc', headers: bearer(operator) });
    expect(removed.statusCode).toBe(204);
    expect(roadCostsOn(graph, t.core)).toBeUndefined();
    expect((await journal('traffic-feed/')).map((e) => e.split(' ')[0])).toEqual(['traffic_feed.configured', 'traffic_feed.changed', 'traffic_feed.removed']);
    expect((await journal('feed-closure/')).map((e) => e.split(' ')[0])).toEqual(['feed_closure.started', 'feed_closure.ended']);
  });
});
