import fs from 'node:fs';
import bindings from 'gtfs-realtime-bindings';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sharedDataFile, testDatabaseKind } from '../core/testing.js';
import type { Arrival, FeedImported, TransitFeed, TransitRoute, TransitStop, TransitVehicle, TransitWarning } from '../contract/transit.schema.js';
import { bearer, requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { csv, tramFeedFromOsm, zipOf } from './gtfs.testing.js';

const { transit_realtime: rt } = bindings;

/** Monday 7 December 2026, 10:00 in Casablanca (UTC+1). */
const NOW = '2026-12-07T09:00:00.000Z';
/** A junction of the demo city's street grid, near its centre: the test line passes through it. */
const cityCentre = { lat: 33.5731, lon: -7.5898 };
const centre = cityCentre;

/**
 * A small tram line through the demo city's centre: stops A, B, C; trips at 10:10 and 10:30 on
 * weekdays, one at 10:40 whose Sunday service is added today by calendar_dates, and one at 10:20 whose
 * weekday service is removed today.
 */
function testFeed(overrides: Record<string, string> = {}, centre = cityCentre): Uint8Array {
  const stopsAt = (hhmm: string, tripId: string) => {
    const [h, m] = hhmm.split(':').map(Number) as [number, number];
    return ['A', 'B', 'C'].map((stop, i) => {
      const time = `${String(h).padStart(2, '0')}:${String(m + 2 * i).padStart(2, '0')}:00`;
      return [tripId, time, time, stop, i + 1];
    });
  };
  return zipOf({
    // A byte order mark and a quoted name with a comma: the reader's RFC 4180 cases.
    'agency.txt': '\uFEFF' + csv(['agency_id', 'agency_name', 'agency_url', 'agency_timezone'], [['CT', 'Casa Tram, test', 'https://example.ma', 'Africa/Casablanca']]),
    'routes.txt': csv(['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type', 'route_color'], [['T1', 'CT', 'T1', 'Test line', 0, 'F38230']]),
    'stops.txt': csv(['stop_id', 'stop_name', 'stop_lat', 'stop_lon'], [
      ['A', 'Stop A', centre.lat, centre.lon - 0.006],
      ['B', 'Stop B "centre"', centre.lat, centre.lon],
      ['C', 'Stop C', centre.lat, centre.lon + 0.006],
    ]),
    'trips.txt': csv(['route_id', 'service_id', 'trip_id', 'trip_headsign', 'shape_id'], [
      ['T1', 'WEEKDAY', 'T1-1010', 'C', 'S1'],
      ['T1', 'WEEKDAY', 'T1-1030', 'C', 'S1'],
      ['T1', 'SUNDAY', 'T1-1040', 'C', 'S1'],
      ['T1', 'WEEKDAY_OFF_TODAY', 'T1-1020', 'C', 'S1'],
    ]),
    'stop_times.txt': csv(['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'], [
      ...stopsAt('10:10', 'T1-1010'),
      ...stopsAt('10:30', 'T1-1030'),
      ...stopsAt('10:40', 'T1-1040'),
      ...stopsAt('10:20', 'T1-1020'),
    ]),
    'calendar.txt': csv(['service_id', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'start_date', 'end_date'], [
      ['WEEKDAY', 1, 1, 1, 1, 1, 0, 0, '20260101', '20261231'],
      ['SUNDAY', 0, 0, 0, 0, 0, 0, 1, '20260101', '20261231'],
      ['WEEKDAY_OFF_TODAY', 1, 1, 1, 1, 1, 0, 0, '20260101', '20261231'],
    ]),
    'calendar_dates.txt': csv(['service_id', 'date', 'exception_type'], [
      ['SUNDAY', '20261207', 1],
      ['WEEKDAY_OFF_TODAY', '20261207', 2],
    ]),
    'shapes.txt': csv(['shape_id', 'shape_pt_lat', 'shape_pt_lon', 'shape_pt_sequence'], [
      ['S1', centre.lat, centre.lon - 0.006, 1],
      ['S1', centre.lat, centre.lon + 0.006, 2],
    ]),
    ...overrides,
  });
}

/** A FeedMessage encoded with the reference bindings. */
function realtimeMessage(entities: object[], version = '2.0'): Uint8Array {
  const message = rt.FeedMessage.fromObject({ header: { gtfsRealtimeVersion: version, incrementality: 'FULL_DATASET', timestamp: Date.parse(NOW) / 1000 }, entity: entities });
  return rt.FeedMessage.encode(message).finish();
}

describe(`public transport (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let admin: string;
  let traffic: string;
  let pusher: string;
  const { get, post } = requestsTo(() => t.app);
  const upload = (feed: string, zip: Uint8Array, token = admin) =>
    t.app.inject({ method: 'POST', url: `/transit/feeds/${feed}/gtfs`, headers: { ...bearer(token), 'content-type': 'application/zip' }, payload: Buffer.from(zip) });
  const push = (feed: string, bytes: Uint8Array, token = pusher) =>
    t.app.inject({ method: 'POST', url: `/transit/feeds/${feed}/realtime/data`, headers: { ...bearer(token), 'content-type': 'application/x-protobuf' }, payload: Buffer.from(bytes) });
  const json = async <T>(url: string, token = traffic): Promise<T> => {
    const response = await get(url, token);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as T;
  };
  /** What a list holds of this test's feed. */
  const ours = async <T extends { feedId: string }>(url: string): Promise<T[]> => (await json<T[]>(url)).filter((each) => each.feedId === feed);

  // One app for the file (a PostgreSQL schema and the migrations take seconds); each test imports under a feed id of its own.
  let feed: string;
  let count = 0;
  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set(NOW);
    admin = (await t.login(['administrator'])).token;
    traffic = (await t.login(['traffic-operator'])).token;
    const device = await post('/devices', admin, { name: 'casa-tram-avl', kind: 'transit' });
    expect(device.statusCode, device.body).toBe(201);
    pusher = (device.json() as { token: string }).token;
  }, 120_000);
  beforeEach(() => {
    count += 1;
    feed = `casa-test-${count}`;
    t.clock.set(NOW);
  });
  afterAll(async () => t.close());

  it('imports a GTFS zip, journals the counts, and shows the line with its colour and shape', async () => {
    const response = await upload(feed, testFeed());
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toEqual({ feed, replaced: false, counts: { agencies: 1, stops: 3, routes: 1, trips: 4, stopTimes: 12, shapes: 1, calendars: 3, calendarDates: 2, frequencies: 0 } });
    const routes = await ours<TransitRoute>('/transit/routes');
    expect(routes).toEqual([expect.objectContaining({ feedId: feed, id: 'T1', mode: 'tram', color: '#F38230', shape: { type: 'MultiLineString', coordinates: [[[centre.lon - 0.006, centre.lat], [centre.lon + 0.006, centre.lat]]] } })]);
    const feeds = (await json<TransitFeed[]>('/transit/feeds')).filter((each) => each.id === feed);
    expect(feeds).toEqual([expect.objectContaining({ id: feed, counts: expect.objectContaining({ stops: 3 }), realtime: null })]);
    const stops = await ours<TransitStop>(`/transit/stops?near=${centre.lat},${centre.lon}&radiusM=100`);
    expect(stops).toEqual([{ feedId: feed, id: `${feed}:B`, name: 'Stop B "centre"', lat: centre.lat, lon: centre.lon, distanceM: 0 }]);
  });

  it('refuses a dispatcher who tries to import (403), and an upload that is not a zip, naming it', async () => {
    const dispatcher = (await t.login(['dispatcher'])).token;
    expect((await upload(feed, testFeed(), dispatcher)).statusCode).toBe(403);
    const before = await t.journalHead();
    const notZip = await upload(feed, new TextEncoder().encode('route_id,route_type\n'));
    expect(notZip.statusCode).toBe(400);
    expect(notZip.json().detail).toContain('is not a readable zip archive');
    const json = await post(`/transit/feeds/${feed}/gtfs`, admin, { routes: [] });
    expect(json.statusCode).toBe(400);
    expect(await t.journalHead()).toBe(before);
  });

  it('refuses a malformed feed naming the file, line and field, and keeps the feed imported before', async () => {
    expect((await upload(feed, testFeed())).statusCode).toBe(200);
    const before = await t.journalHead();
    const badStops = csv(['stop_id', 'stop_name', 'stop_lat', 'stop_lon'], [['A', 'Stop A', 33.5, -7.5], ['B', 'Stop B', 133.5, -7.5], ['C', 'Stop C', 33.5, -7.6]]);
    const refused = await upload(feed, testFeed({ 'stops.txt': badStops }));
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ code: 'validation', errors: [{ field: 'stops.txt:line 3:stop_lat', message: '133.5 is not a latitude from -90 to 90' }] });
    const missingField = await upload(feed, testFeed({ 'trips.txt': csv(['route_id', 'trip_id'], [['T1', 'x']]) }));
    expect(missingField.json().detail).toContain('trips.txt line 1, service_id: is a required field and is missing from the header');
    const unknownStop = await upload(feed, testFeed({ 'stop_times.txt': csv(['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'], [['T1-1010', '10:00:00', '10:00:00', 'Z', 1]]) }));
    expect(unknownStop.json().detail).toContain('stop_times.txt line 2, stop_id: "Z" is not in stops.txt');
    const unclosedQuote = await upload(feed, testFeed({ 'agency.txt': 'agency_name,agency_url,agency_timezone\r\n"Casa,https://x.ma,Africa/Casablanca\r\n' }));
    expect(unclosedQuote.json().detail).toContain('agency.txt line 2: a quoted field is not closed');
    expect(await t.journalHead()).toBe(before);
    const stops = await ours<TransitStop>('/transit/stops');
    expect(stops.map((stop) => stop.lat)).toEqual([centre.lat, centre.lat, centre.lat]);
  });

  it('replaces a feed atomically when the same id is imported again', async () => {
    expect((await upload(feed, testFeed())).statusCode).toBe(200);
    const smaller = testFeed({ 'stops.txt': csv(['stop_id', 'stop_name', 'stop_lat', 'stop_lon'], [['A', 'A2', 33.5, -7.5], ['B', 'B2', 33.5, -7.51], ['C', 'C2', 33.5, -7.52], ['D', 'D2', 33.5, -7.53]]) });
    const again = await upload(feed, smaller);
    expect(again.json()).toMatchObject({ replaced: true, counts: { stops: 4 } });
    expect((await ours<TransitStop>('/transit/stops')).map((stop) => stop.name)).toEqual(['A2', 'B2', 'C2', 'D2']);
  });

  it('moves vehicles with a pushed GTFS-realtime feed, their delay from the trip update, and honours it in the arrivals', async () => {
    expect((await upload(feed, testFeed())).statusCode).toBe(200);
    const message = realtimeMessage([
      {
        id: 'v1',
        vehicle: { trip: { tripId: 'T1-1010' }, vehicle: { id: 'TRAM-07', label: '07' }, position: { latitude: centre.lat, longitude: centre.lon - 0.003 }, currentStopSequence: 2, currentStatus: 'IN_TRANSIT_TO', timestamp: Date.parse(NOW) / 1000 },
      },
      { id: 'u1', tripUpdate: { trip: { tripId: 'T1-1010' }, stopTimeUpdate: [{ stopSequence: 2, arrival: { delay: 180 } }] } },
      { id: 'v2', vehicle: { trip: { tripId: 'NOT-IN-TIMETABLE' }, vehicle: { id: 'TRAM-99' }, position: { latitude: centre.lat, longitude: centre.lon } } },
    ]);
    const pushed = await push(feed, message);
    expect(pushed.statusCode, pushed.body).toBe(200);
    expect(pushed.json()).toMatchObject({ vehicles: 2, tripUpdates: 1, unknownTrips: 1, lastError: null });
    const vehicles = await ours<TransitVehicle>('/transit/vehicles');
    expect(vehicles.find((v) => v.id === 'TRAM-07')).toMatchObject({ routeId: 'T1', mode: 'tram', lat: expect.closeTo(centre.lat, 5), lon: expect.closeTo(centre.lon - 0.003, 5), delayS: 180, delaySource: 'trip_update' });

    // At B (sequence 2): 10:12 + 3 min; 10:20 removed today, 10:40 added today (Sunday service).
    const arrivals = await json<Arrival[]>(`/transit/stops/${feed}:B/arrivals`);
    expect(arrivals.map((a) => [a.tripId, a.expectedAt, a.delayS])).toEqual([
      ['T1-1010', '2026-12-07T09:15:00.000Z', 180],
      ['T1-1030', '2026-12-07T09:32:00.000Z', null],
      ['T1-1040', '2026-12-07T09:42:00.000Z', null],
    ]);
    // The next message moves the vehicle.
    const moved = realtimeMessage([{ id: 'v1', vehicle: { trip: { tripId: 'T1-1010' }, vehicle: { id: 'TRAM-07' }, position: { latitude: centre.lat, longitude: centre.lon + 0.003 } } }]);
    expect((await push(feed, moved)).statusCode).toBe(200);
    expect((await ours<TransitVehicle>('/transit/vehicles')).map((v) => [v.id, v.lon])).toEqual([['TRAM-07', expect.closeTo(centre.lon + 0.003, 5)]]);
  });

  it('computes a delay from the timetable when no trip update gives one', async () => {
    expect((await upload(feed, testFeed())).statusCode).toBe(200);
    // Stopped at B (due 10:32 local) at 10:35.
    const at = Date.parse('2026-12-07T09:35:00.000Z') / 1000;
    const message = realtimeMessage([{ id: 'v', vehicle: { trip: { tripId: 'T1-1030' }, vehicle: { id: 'TRAM-03' }, position: { latitude: centre.lat, longitude: centre.lon }, currentStopSequence: 2, currentStatus: 'STOPPED_AT', timestamp: at } }]);
    expect((await push(feed, message)).statusCode).toBe(200);
    expect(await ours<TransitVehicle>('/transit/vehicles')).toEqual([expect.objectContaining({ id: 'TRAM-03', delayS: 180, delaySource: 'schedule' })]);
  });

  it('refuses a malformed realtime feed with a clear message on the status, and keeps the last good state', async () => {
    expect((await upload(feed, testFeed())).statusCode).toBe(200);
    const good = realtimeMessage([{ id: 'v1', vehicle: { trip: { tripId: 'T1-1010' }, vehicle: { id: 'TRAM-07' }, position: { latitude: centre.lat, longitude: centre.lon } } }]);
    expect((await push(feed, good)).statusCode).toBe(200);

    const garbage = await push(feed, new Uint8Array([0xff, 0xff, 0xff, 0x01, 0x02]));
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json().detail).toContain('not a GTFS-realtime FeedMessage');
    const wrongVersion = await push(feed, realtimeMessage([], '3.0'));
    expect(wrongVersion.statusCode).toBe(400);
    expect(wrongVersion.json().detail).toContain('gtfs_realtime_version is "3.0"; this reader takes 1.0 or 2.0');

    const status = (await json<TransitFeed[]>('/transit/feeds')).find((each) => each.id === feed);
    expect(status!.realtime).toMatchObject({ vehicles: 1, lastSuccessAt: NOW, lastError: { at: NOW, message: 'header.gtfs_realtime_version is "3.0"; this reader takes 1.0 or 2.0' } });
    expect((await ours<TransitVehicle>('/transit/vehicles')).map((v) => v.id)).toEqual(['TRAM-07']);
    // Pushing to a feed that was never imported: 404; pushing as the traffic operator: 403.
    expect((await push('nowhere', good)).statusCode).toBe(404);
    expect((await push(feed, good, traffic)).statusCode).toBe(403);
  });

  it('configures a polled realtime source (journaled) and records what the poll could not fetch', async () => {
    expect((await upload(feed, testFeed())).statusCode).toBe(200);
    const set = await post(`/transit/feeds/${feed}/realtime`, admin, { url: 'http://127.0.0.1:9/gtfs-rt.pb', pollIntervalS: 30 });
    expect(set.statusCode, set.body).toBe(200);
    const changed = await t.app.inject({ method: 'PATCH', url: `/transit/feeds/${feed}/realtime`, headers: bearer(admin), payload: { pollIntervalS: 15 } });
    expect(changed.json()).toMatchObject({ url: 'http://127.0.0.1:9/gtfs-rt.pb', pollIntervalS: 15 });
    expect((await post(`/transit/feeds/${feed}/realtime`, traffic, { url: null, pollIntervalS: 30 })).statusCode).toBe(403);
    const { pollDueFeeds } = await import('./realtime.service.js');
    await pollDueFeeds(t.core);
    const status = (await json<TransitFeed[]>('/transit/feeds')).find((each) => each.id === feed);
    expect(status!.realtime).toMatchObject({ url: 'http://127.0.0.1:9/gtfs-rt.pb', pollIntervalS: 15, lastSuccessAt: null, lastError: { message: expect.stringContaining('fetching http://127.0.0.1:9/gtfs-rt.pb failed') } });
  });

  it('warns of an incident near a tram line, and emits its Alert in the GTFS-realtime Alert feed once confirmed', async () => {
    // A line of its own, 2 km from the other tests' lines.
    const centre = { lat: cityCentre.lat + 0.02, lon: cityCentre.lon + 0.02 };
    expect((await upload(feed, testFeed({}, centre))).statusCode).toBe(200);
    const dispatcher = (await t.login(['dispatcher'])).token;
    const created = await post('/incidents', dispatcher, {
      type: 'suspicious_object',
      answers: { object_type: 'package', object_position: 'street', wires_or_smell: false },
      location: { lat: centre.lat + 0.0005, lon: centre.lon },
      address: 'Boulevard de la Liberté',
      summary: 'Unattended suitcase at the tram stop',
    });
    expect(created.statusCode, created.body).toBe(201);
    const number = (created.json() as { number: string }).number;
    const warnings = await json<TransitWarning[]>('/transit/warnings');
    expect(warnings).toEqual([{ id: `incident:${number}`, source: 'incident', reference: number, lat: centre.lat + 0.0005, lon: centre.lon, routes: [{ feedId: feed, routeId: 'T1', name: 'T1', mode: 'tram', distanceM: 56 }], emitted: null }]);

    expect((await post('/transit/alerts', dispatcher, { warning: `incident:${number}`, header: 'Tram T1 dévié' })).statusCode).toBe(403);
    const emitted = await post('/transit/alerts', traffic, { warning: `incident:${number}`, header: 'Tram T1 dévié', effect: 'DETOUR' });
    expect(emitted.statusCode, emitted.body).toBe(201);
    const alertId = (emitted.json() as TransitWarning).emitted!;
    const alerts = await get('/feeds/gtfs-rt/alerts.pb', pusher);
    expect(alerts.statusCode).toBe(200);
    expect(alerts.headers['content-type']).toBe('application/x-protobuf');
    const decoded = rt.FeedMessage.toObject(rt.FeedMessage.decode(alerts.rawPayload), { enums: String });
    expect(decoded.entity).toEqual([
      expect.objectContaining({
        id: alertId,
        alert: expect.objectContaining({ cause: 'POLICE_ACTIVITY', effect: 'DETOUR', informedEntity: [{ routeId: 'T1' }], headerText: { translation: [{ text: 'Tram T1 dévié', language: 'fr' }] } }),
      }),
    ]);
    expect((await post('/transit/alerts', traffic, { warning: `incident:${number}`, header: 'again' })).statusCode).toBe(409);
  });

  const oncf = sharedDataFile('gtfs/oncf-rail-morocco-gtfs.zip');
  it.skipIf(oncf === undefined)('imports the ONCF rail feed without error, with its counts (needs ../shared/data/gtfs/oncf-rail-morocco-gtfs.zip)', async () => {
    feed = 'oncf';
    const response = await upload(feed, fs.readFileSync(oncf!));
    expect(response.statusCode, response.body).toBe(200);
    expect((response.json() as FeedImported).counts).toEqual({ agencies: 1, stops: 33, routes: 9, trips: 60, stopTimes: 240, shapes: 9, calendars: 3, calendarDates: 0, frequencies: 0 });
    const routes = await ours<TransitRoute>('/transit/routes');
    expect(routes).toHaveLength(9);
    expect(routes.every((route) => route.mode === 'rail')).toBe(true);
    // The calendar ends on 31 December 2025: no train today.
    expect(await json<Arrival[]>('/transit/stops/oncf:CASA_VOYAGEURS/arrivals')).toEqual([]);
  });

  const osm = sharedDataFile('casablanca-centre.osm');
  it.skipIf(osm === undefined)("imports a tram feed derived from the OSM tram routes and stops of Casablanca's centre (needs ../shared/data/casablanca-centre.osm)", async () => {
    const derived = tramFeedFromOsm(fs.readFileSync(osm!, 'utf8'));
    expect(derived.routes).toBeGreaterThanOrEqual(2);
    feed = 'casa-tram-osm';
    const response = await upload(feed, zipOf(derived.files));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ counts: { routes: derived.routes, stops: derived.stops, trips: derived.trips, shapes: derived.routes } });
    const routes = await ours<TransitRoute>('/transit/routes');
    expect(routes.every((route) => route.mode === 'tram' && route.shape !== null)).toBe(true);
    const [first] = await ours<TransitStop>('/transit/stops');
    const arrivals = await json<Arrival[]>(`/transit/stops/${first!.id}/arrivals`);
    expect(arrivals.length).toBeGreaterThan(0);
    expect(arrivals[0]!.scheduledAt >= NOW).toBe(true);
  });
});
