import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { DomainError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { eventually, testDatabaseKind } from '../core/testing.js';
import { importAreas } from '../geo/area.service.js';
import { importRoads } from '../geo/roads/road.service.js';
import { personBody } from '../identity/identity.testing.js';
import { avlTracker } from '../units/avl.service.js';
import { unitTopic } from '../units/unit.mqtt.js';
import { bearer, requestsTo, setupTestApp, type TestApp } from './testing.js';

const run = promisify(execFile);
const AMANE = path.resolve(import.meta.dirname, '../../bin/amane.js');
const P = { lat: 33.59, lon: -7.605 };
const WELL_FORMED = /^must be well-formed Unicode text \(a lone UTF-16 surrogate U\+D[89A-F][0-9A-F]{2} is at character \d+\)$/;
const square = (code: string, name: string) => ({
  type: 'Feature',
  properties: { code, name },
  geometry: { type: 'Polygon', coordinates: [[[-7.62, 33.58], [-7.59, 33.58], [-7.59, 33.6], [-7.62, 33.6], [-7.62, 33.58]]] },
});


/*
 * Bodies are sent as JSON text with the escape written out (`"\ud800"`), as a client's JSON encoder
 * sends a lone surrogate: JSON.parse on the server is what turns the escape into one.
 */
describe(`lone UTF-16 surrogates, refused wherever text enters (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let pbx: string;
  let supervisor: string;
  const warnings: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) warnings.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    t = await setupTestApp({ mqtt: 'embedded', log: createLogger({ logLevel: 'warn' }, sink) });
    t.clock.set('2026-05-12T09:00:00.000Z');
    pbx = (await registerDevice(t.core, 'system:test', { name: 'pbx-casa-1', kind: 'telephony' })).token;
    supervisor = (await t.login(['supervisor'])).token;
    await importAreas(t.core, 'system:test', JSON.stringify({ type: 'FeatureCollection', features: [square('D-CENTRE', 'Centre')] }), 'test.geojson');
  });
  afterAll(async () => t.close());

  const send = (method: 'POST' | 'PUT', url: string, token: string, json: string) =>
    t.app.inject({ method, url, headers: { ...bearer(token), 'content-type': 'application/json' }, payload: json });
  const { get } = requestsTo(() => t.app);

  /** A 400 problem naming `field` as not well-formed text, and not one event journaled. */
  async function expectRefused(request: () => ReturnType<typeof send>, field: string): Promise<void> {
    const head = await t.journalHead();
    const response = await request();
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json() as { code: string; detail: string; errors: { field: string; message: string }[] };
    expect(problem.code).toBe('validation');
    expect(problem.errors).toHaveLength(1);
    expect(problem.errors[0]!.field).toBe(field);
    expect(problem.errors[0]!.message).toMatch(WELL_FORMED);
    expect(problem.detail).toContain(`${field}: ${problem.errors[0]!.message}`);
    // The answer carries no surrogate back.
    expect(response.body.isWellFormed() && !/\\u[dD][89a-fA-F]/.test(response.body)).toBe(true);
    expect(await t.journalHead()).toBe(head);
  }

  it('refuses a call transferred to a place named with a lone surrogate, and the call stays as it was', async () => {
    const callTaker = (await t.login(['call-taker'])).token;
    expect((await send('POST', '/telephony/calls', pbx, JSON.stringify({ callId: 'c-1', callerNumber: '+212600000001', trunk: 'casa-19-a', location: P }))).statusCode).toBe(201);
    expect((await send('POST', '/call-takers/me/state', callTaker, '{"state":"ready"}')).statusCode).toBe(204);
    const answered = await t.app.inject({ method: 'POST', url: '/calls/next', headers: bearer(callTaker) });
    expect(answered.json()).toMatchObject({ callId: 'c-1', status: 'answered' });

    await expectRefused(() => send('POST', '/calls/c-1/transfer', callTaker, '{"to":"civil-protection \\ud800"}'), 'to');
    expect((await get('/calls/c-1', callTaker)).json()).toMatchObject({ status: 'answered', transferredTo: null });
  });

  it('refuses an incident, and a note on one, holding a lone surrogate; neither is written', async () => {
    const dispatcher = (await t.login(['dispatcher'])).token;
    const incident = JSON.stringify({ type: 'theft', location: P, summary: 'Phone stolen' });
    await expectRefused(() => send('POST', '/incidents', dispatcher, incident.replace('Phone stolen', 'Phone \\udc00 stolen')), 'summary');
    expect((await get('/incidents', dispatcher)).json()).toEqual([]);

    const created = await send('POST', '/incidents', dispatcher, incident);
    expect(created.statusCode, created.body).toBe(201);
    const number = (created.json() as { number: string }).number;
    // A pair split by another character: each half is alone.
    await expectRefused(() => send('POST', `/incidents/${number}/notes`, dispatcher, '{"text":"seen at \\ud83d-\\ude00 the corner"}'), 'text');
    expect((await get(`/incidents/${number}/notes`, dispatcher)).json()).toEqual([]);
    // The same character as a well-formed pair is text like any other.
    const note = await send('POST', `/incidents/${number}/notes`, dispatcher, '{"text":"seen at \\ud83d\\ude00 the corner"}');
    expect(note.statusCode, note.body).toBe(201);
    expect((await get(`/incidents/${number}/notes`, dispatcher)).json()).toMatchObject([{ text: 'seen at 😀 the corner' }]);
  });

  it('refuses a person registered with a lone surrogate in the address or the name, and the register stays empty of them', async () => {
    const clerk = (await t.login(['identity-clerk'])).token;
    const person = JSON.stringify(personBody('BE100200'));
    await expectRefused(() => send('POST', '/identity/persons', clerk, person.replace('12 rue Ibn Battouta', '12 rue \\ud800Ibn Battouta')), 'address');
    await expectRefused(() => send('POST', '/identity/persons', clerk, person.replace('El Idrissi', 'El Idriss\\udfff')), 'surname');
    expect((await get('/identity/persons/BE100200?reason=registration%20check', clerk)).statusCode).toBe(404);
    const rows = await t.core.db.selectFrom('identity_person').select('nin').execute();
    expect(rows).toEqual([]);
  });

  it('drops a unit status published over MQTT with a lone surrogate, counts and logs it, and still takes the next one', async () => {
    expect((await send('POST', '/stations', supervisor, JSON.stringify({ code: 'ST-ANFA', name: 'Anfa', location: P }))).statusCode).toBe(201);
    const { token } = await registerDevice(t.core, 'system:test', { name: 'avl-casa-pc-1', kind: 'vehicle' });
    const unit = await send('POST', '/units', supervisor, JSON.stringify({ callSign: 'CASA-PC-1', kind: 'patrol_car', station: 'ST-ANFA', device: 'avl-casa-pc-1' }));
    expect(unit.statusCode, unit.body).toBe(201);
    await eventually(() => avlTracker(t.core).deviceOf('CASA-PC-1') === 'avl-casa-pc-1', 'the tracker to know CASA-PC-1');
    const device: MqttClient = await t.connectMqtt(token);
    const status = async () => ((await get('/units/CASA-PC-1', supervisor)).json() as { status: string }).status;
    const statusBefore = await status();
    expect(statusBefore).not.toBe('available');
    const [head, received] = [await t.journalHead(), t.core.mqtt!.stats().received];

    const topic = unitTopic('CASA-PC-1', 'status');
    // Acknowledged (QoS 1) once the broker has judged it: the refusal is counted by then.
    await device.publishAsync(topic, '{"status":"available","reason":"shift \\ud800 start"}', { qos: 1 });
    expect(t.core.mqtt!.stats()).toMatchObject({ received, refused: { malformed_text: 1 } });
    const metrics = (await t.app.inject({ url: '/metrics' })).body;
    expect(metrics).toContain('amane_mqtt_refused_total{reason="malformed_text"} 1');
    expect(warnings.filter((w) => w.topic === topic && w.field === 'reason')).toMatchObject([
      { device: 'avl-casa-pc-1', problem: expect.stringMatching(WELL_FORMED) as unknown, msg: expect.stringContaining('MQTT payload refused and dropped: reason must be well-formed Unicode text') as unknown },
    ]);
    expect(await status()).toBe(statusBefore);
    expect(await t.journalHead()).toBe(head);

    await device.publishAsync(topic, '{"status":"available","reason":"shift start"}', { qos: 1 });
    await eventually(async () => (await status()) === 'available', 'the well-formed status to be taken');
    expect(t.core.mqtt!.stats().refused.malformed_text).toBe(1);
  });

  it('refuses a path holding the UTF-8 bytes of a surrogate, naming the url, and reads nothing', async () => {
    const clerk = (await t.login(['identity-clerk'])).token;
    const head = await t.journalHead();
    const response = await get('/identity/persons/BE%ED%A0%80100?reason=check', clerk);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json()).toMatchObject({ code: 'bad_request', errors: [{ field: 'url', message: 'must be percent-encoded UTF-8' }] });
    expect(await t.journalHead()).toBe(head);
  });

  it('refuses a camera file whose feature holds a lone surrogate, naming the feature, and imports none of it', async () => {
    const camera = (id: string, name: string) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [P.lon, P.lat] },
      properties: { id, name, headingDeg: 90, fovDeg: 60, rangeM: 80 },
    });
    const file = JSON.stringify({ type: 'FeatureCollection', features: [camera('CAM-1', 'Gate'), camera('CAM-2', 'Square ?')] });
    // The file is a string inside the body: its escape is written twice, and only reading the file decodes it.
    const body = JSON.stringify({ format: 'geojson', content: file }).replace('Square ?', 'Square \\\\ud800');
    expect((JSON.parse(body) as { content: string }).content).toContain('"Square \\ud800"');
    await expectRefused(() => send('POST', '/cameras/import', supervisor, body), 'features.1.properties.name');
    expect((await get('/cameras', supervisor)).json()).toEqual([]);
  });

  it('refuses districts and roads whose files hold a lone surrogate, naming the feature, and keeps those in force', async () => {
    const head = await t.journalHead();
    const districts = JSON.stringify({ type: 'FeatureCollection', features: [square('D-ANFA', 'Anfa'), square('D-MAARIF', 'Maarif ?')] }).replace('Maarif ?', 'Maarif \\udbff');
    const refusal = await importAreas(t.core, 'cli:test', districts, 'districts.geojson').catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).errors).toEqual([{ field: 'features.1.properties.name', message: expect.stringMatching(WELL_FORMED) as unknown }]);

    const roads = JSON.stringify({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { highway: 'primary', name: 'Bd ?' }, geometry: { type: 'LineString', coordinates: [[-7.61, 33.59], [-7.6, 33.59]] } }],
    }).replace('Bd ?', 'Bd \\ud800 Zerktouni');
    const roadRefusal = await importRoads(t.core, 'cli:test', roads, 'roads.geojson').catch((error: unknown) => error);
    expect((roadRefusal as DomainError).errors).toEqual([{ field: 'features.0.properties.name', message: expect.stringMatching(WELL_FORMED) as unknown }]);

    expect(await t.journalHead()).toBe(head);
    const areas = (await get('/areas', supervisor)).json() as { features: { properties: { code: string; name: string } }[] };
    expect(areas.features.map((a) => [a.properties.code, a.properties.name])).toEqual([['D-CENTRE', 'Centre']]);
    expect(await t.core.db.selectFrom('road_graph').select('source').execute()).toEqual([]);
  });

  it('makes amane import-areas say which feature holds a lone surrogate, in one line, and exit 1', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-areas-'));
    try {
      const file = path.join(dir, 'districts.geojson');
      fs.writeFileSync(file, JSON.stringify({ type: 'FeatureCollection', features: [square('D-ANFA', 'Anfa ?')] }).replace('Anfa ?', 'Anfa \\ud800'));
      const head = await t.journalHead();
      const result = await run(process.execPath, [AMANE, 'import-areas', file], { env: { ...process.env, AMANE_DATABASE_URL: t.database.url, AMANE_LOG_LEVEL: 'warn' } }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toBe('features.0.properties.name: must be well-formed Unicode text (a lone UTF-16 surrogate U+D800 is at character 6)\n');
      expect(await t.journalHead()).toBe(head);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
