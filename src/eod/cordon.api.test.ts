import type { MqttClient } from 'mqtt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { findEvents } from '../core/journal.repository.js';
import { eventually, testDatabaseKind } from '../core/testing.js';
import { distanceM } from '../geo/geometry.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import type { Incident } from '../incidents/incident.js';
import { LiveClient } from '../server/live-client.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { avlTracker } from '../units/avl.service.js';
import { unitTopic } from '../units/unit.mqtt.js';
import { pointAt } from '../cameras/camera-geometry.js';
import { capSchemaValidator } from './cap.testing.js';
import type { CordonFeatures, EodPicture, WithdrawOrder } from './cordon.js';

const NOW = '2026-11-29T10:00:00.000Z';
const validate = capSchemaValidator();

interface RouteAnswer {
  etaS: number;
  distanceM: number;
  coordinates: [number, number][];
}

describe(`a suspicious-object scene: cordon, closed roads, withdrawals, CAP (${testDatabaseKind()}, demo city, embedded MQTT)`, () => {
  let t: TestApp;
  let supervisor: string;
  let dispatcher: string;
  let eodOfficer: string;
  let officer: { token: string; username: string };
  let stranger: string;
  /** Two places 1.5 km apart, the route between them, and the device on that route, half-way. */
  let from: { lat: number; lon: number };
  let to: { lat: number; lon: number };
  let before: RouteAnswer;
  let device: { lat: number; lon: number };
  let incident: Incident;
  const messages: { topic: string; order: WithdrawOrder }[] = [];
  const clients: MqttClient[] = [];

  const { get, send } = requestsTo(() => t.app);
  const post = (url: string, token: string, payload?: unknown) => send('POST', url, token, payload);
  const route = async () => {
    const response = await get(`/roads/route?fromLat=${from.lat}&fromLon=${from.lon}&toLat=${to.lat}&toLon=${to.lon}`, dispatcher);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as RouteAnswer;
  };
  const picture = async () => (await get(`/incidents/${incident.number}/eod`, dispatcher)).json() as EodPicture;
  const cap = async () => {
    const response = await get(`/incidents/${incident.number}/cap`, eodOfficer);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toContain('application/cap+xml');
    if (validate !== undefined) {
      const verdict = validate(response.body);
      expect(verdict.valid, verdict.output).toBe(true);
    }
    return response.body;
  };
  /** A unit with its own tracker, connected to the embedded broker and listening to its orders. */
  const trackedUnit = async (callSign: string, kind: string, crew: string[] = []) => {
    const name = `avl-${callSign.toLowerCase()}`;
    const { token } = await registerDevice(t.core, 'system:test', { name, kind: 'vehicle' });
    const created = await post('/units', supervisor, { callSign, kind, station: 'ST-SCENE', device: name, crew });
    expect(created.statusCode, created.body).toBe(201);
    await post(`/units/${callSign}/status`, dispatcher, { status: 'available' });
    await eventually(() => avlTracker(t.core).deviceOf(callSign) === name, `the tracker to know ${callSign}`);
    const client = await t.connectMqtt(token);
    clients.push(client);
    client.on('message', (topic, payload) => {
      const order = JSON.parse(payload.toString('utf8')) as WithdrawOrder;
      if (order.type === 'withdraw') messages.push({ topic, order });
    });
    await client.subscribeAsync(unitTopic(callSign, 'dispatch'), { qos: 1 });
    return client;
  };
  const place = async (client: MqttClient, callSign: string, where: { lat: number; lon: number }, secondsAgo = 5) => {
    const at = new Date(Date.parse(NOW) - secondsAgo * 1_000).toISOString();
    await client.publishAsync(unitTopic(callSign, 'position'), JSON.stringify({ ...where, at }), { qos: 1 });
    await eventually(() => avlTracker(t.core).latest(callSign)?.atMs === Date.parse(at), `${callSign}'s position`);
  };

  // Each test on its own scene: a cordon set by one must not close the other's roads nor withdraw its units.
  beforeEach(async () => {
    t = await setupTestApp({ mqtt: 'embedded' });
    t.clock.set(NOW);
    supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    eodOfficer = (await t.login(['eod-officer'])).token;
    officer = await t.login(['field-officer']);
    stranger = (await t.login(['field-officer'])).token;
    // A straight east-west run through the demo city's centre (its streets are a 250 m grid).
    const graph = await getRoadGraph(t.core);
    from = { lat: 33.5731, lon: -7.5978 };
    to = { lat: 33.5731, lon: -7.5818 };
    before = await route();
    // The device lies on the route, at the vertex nearest its middle (a junction of the grid).
    const middle = before.coordinates[Math.floor(before.coordinates.length / 2)]!;
    device = { lat: middle[1], lon: middle[0] };
    expect(graph.nodeCount).toBeGreaterThan(1_000);
    await post('/stations', supervisor, { code: 'ST-SCENE', name: 'Scene station', location: pointAt(device, 200, 800) });
    const created = await post('/incidents', dispatcher, {
      type: 'suspicious_object',
      answers: { object_type: 'package', object_position: 'street', wires_or_smell: false },
      location: device,
      address: 'Boulevard de la Liberté',
      summary: 'Unattended suitcase at the bus stop',
    });
    expect(created.statusCode, created.body).toBe(201);
    incident = created.json() as Incident;
    // A camera that sees the device, and one far away that does not.
    for (const [id, where, heading] of [['CAM-0001', pointAt(device, 180, 60), 0], ['CAM-0002', pointAt(device, 90, 2_000), 0]] as const) {
      const camera = await post('/cameras', supervisor, { id, name: id.toLowerCase(), location: where, headingDeg: heading, fovDeg: 60, rangeM: 150 });
      expect(camera.statusCode, camera.body).toBe(201);
    }
  });
  afterEach(async () => t.close());

  it("sets the cordon from the call's class, closes the roads and withdraws the units inside, warns by CAP, follows a refined class, and lifts it", async () => {
    // Takes the device class from the call, and needs an EOD squad besides the patrols.
    {
      expect(incident.capabilities).toEqual(['eod']);
      const eod = await picture();
      expect(eod).toMatchObject({ needsEod: true, cordon: null, cap: [], deviceClass: { code: 'briefcase_suitcase', source: 'call', confirmed: false, mandatoryM: 46, preferredM: 564 } });
      expect((await get(`/incidents/${incident.number}/cap`, eodOfficer)).statusCode).toBe(404);
    }

    // Draws the cordon from the class: closes the roads inside the mandatory circle, tells units inside to withdraw over MQTT and /live, pulls up the cameras, lists the perimeter.
    {
      const patrol = await trackedUnit('CASA-PC-1', 'patrol_car', [officer.username]);
      const outside = await trackedUnit('CASA-PC-2', 'patrol_car');
      const squad = await trackedUnit('CASA-EOD-1', 'eod_squad');
      await place(patrol, 'CASA-PC-1', pointAt(device, 45, 20));
      await place(outside, 'CASA-PC-2', pointAt(device, 0, 70));
      await place(squad, 'CASA-EOD-1', pointAt(device, 270, 10));
      const ws = (await t.app.listen({ host: '127.0.0.1', port: 0 })).replace('http://', 'ws://');
      const crew = await LiveClient.connect(`${ws}/live`, officer.token);
      await crew.waitFor((c) => c.messages.some((m) => m.type === 'hello'));

      const set = await post(`/incidents/${incident.number}/cordon`, eodOfficer, {});
      expect(set.statusCode, set.body).toBe(200);
      const { cordon } = set.json() as EodPicture;
      expect(cordon).toMatchObject({ status: 'active', deviceClass: 'briefcase_suitcase', mandatoryM: 46, preferredM: 564, version: 1, centre: device });
      expect(cordon!.closedSegments).toBeGreaterThan(0);
      expect(cordon!.withdrawn.map((w) => w.callSign)).toEqual(['CASA-PC-1']);
      expect(cordon!.withdrawn[0]!.distanceM).toBe(20);
      expect(cordon!.cameras.map((c) => [c.id, c.seesDevice])).toEqual([['CAM-0001', true]]);
      expect(cordon!.perimeter.length).toBeGreaterThanOrEqual(4);
      for (const point of cordon!.perimeter) expect(distanceM(point, device)).toBeCloseTo(564, -1);
      expect(cordon!.perimeter.map((p) => p.bearingDeg)).toEqual([...cordon!.perimeter.map((p) => p.bearingDeg)].sort((a, b) => a - b));

      // Over a real MQTT connection, on the unit's own order topic; the squad and the unit outside get nothing.
      await eventually(() => messages.length >= 1, 'the withdraw order over MQTT');
      expect(messages).toEqual([
        {
          topic: 'amane/units/CASA-PC-1/dispatch',
          order: { type: 'withdraw', incident: incident.number, at: NOW, centre: device, mandatoryM: 46, preferredM: 564, distanceM: 20, bearingOutDeg: 45 },
        },
      ]);
      // And on /live, to the crew.
      await crew.waitFor((c) => c.events().some((e) => e.type === 'unit.withdraw_ordered'));
      expect(crew.events().find((e) => e.type === 'unit.withdraw_ordered')).toMatchObject({ stream: 'unit/CASA-PC-1', data: { incident: incident.number, distanceM: 20, mandatoryM: 46 } });
      expect(crew.events().some((e) => e.type === 'cordon.set' && e.stream === `cordon/${incident.number}`)).toBe(true);
      crew.close();

      const map = (await get('/eod/cordons', officer.token)).json() as CordonFeatures;
      expect(map.features.map((f) => [f.properties.zone, f.properties.radiusM])).toEqual([['preferred', 564], ['mandatory', 46]]);
    }

    // Sends a route that used a road inside the mandatory circle around it.
    {
      const after = await route();
      expect(before.coordinates.some(([lon, lat]) => distanceM({ lat, lon }, device) < 46)).toBe(true);
      expect(after.coordinates.every(([lon, lat]) => distanceM({ lat, lon }, device) > 46)).toBe(true);
      expect(after.distanceM).toBeGreaterThan(before.distanceM);
      expect(after.etaS).toBeGreaterThan(before.etaS);
      // Units are still sent to the cordon's own incident (to its edge).
      const patrols = await get(`/incidents/${incident.number}/recommendation?k=3`, dispatcher);
      expect(patrols.statusCode, patrols.body).toBe(200);
      const offered = (patrols.json() as { callSign: string }[]).map((r) => r.callSign);
      expect(offered).toContain('CASA-PC-2');
      expect(offered).not.toContain('CASA-EOD-1');
    }

    // Issues a CAP Alert in Arabic and French with both circles, valid against the OASIS schema.
    {
      const xml = await cap();
      expect(xml).toContain('<msgType>Alert</msgType>');
      expect(xml).toContain(`<incidents>${incident.number}</incidents>`);
      expect(xml).toContain('<language>ar-MA</language>');
      expect(xml).toContain('<language>fr-MA</language>');
      expect(xml).toContain(`<circle>${device.lat.toFixed(6)},${device.lon.toFixed(6)} 0.046</circle>`);
      expect(xml).toContain(`<circle>${device.lat.toFixed(6)},${device.lon.toFixed(6)} 0.564</circle>`);
      expect(xml).toContain('Boulevard de la Liberté');
    }

    // Lets only a unit sent to the incident, or an EOD officer, refine the class; the cordon follows with a CAP Update and more withdrawals.
    {
      const refused = await post(`/incidents/${incident.number}/eod/device-class`, stranger, { deviceClass: 'car' });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().detail).toContain(`only the crew of a unit sent to ${incident.number}`);
      const assigned = await post(`/incidents/${incident.number}/assign`, dispatcher, { units: ['CASA-PC-1'] });
      expect(assigned.statusCode, assigned.body).toBe(200);
      // CASA-PC-2 waits 70 m north: outside 46 m, inside a car bomb's 98 m.
      const refined = await post(`/incidents/${incident.number}/eod/device-class`, officer.token, { deviceClass: 'car' });
      expect(refined.statusCode, refined.body).toBe(200);
      const eod = refined.json() as EodPicture;
      expect(eod.deviceClass).toMatchObject({ code: 'car', source: 'scene', confirmed: true, unit: 'CASA-PC-1' });
      expect(eod.cordon).toMatchObject({ deviceClass: 'car', mandatoryM: 98, preferredM: 580, version: 2 });
      expect(eod.cordon!.withdrawn.map((w) => w.callSign)).toEqual(['CASA-PC-1', 'CASA-PC-2']);
      await eventually(() => messages.some((m) => m.topic === 'amane/units/CASA-PC-2/dispatch'), 'the second withdraw order');
      expect(messages.filter((m) => m.topic === 'amane/units/CASA-PC-1/dispatch')).toHaveLength(1);
      const xml = await cap();
      expect(xml).toContain('<msgType>Update</msgType>');
      expect(xml).toContain(`<references>${t.core.config.agencyId},${eod.cap[0]!.identifier},${eod.cap[0]!.sent}</references>`);
      expect(xml).toContain('<certainty>Likely</certainty>');
      expect(xml).toContain(' 0.098</circle>');
      const timeline = await findEvents(t.core.db, { stream: `incident/${incident.number}`, limit: 100 });
      expect(timeline.map((e) => e.type)).toEqual(expect.arrayContaining(['incident.cordon_set', 'incident.device_class_set', 'incident.cordon_changed']));
    }

    // Tells a unit that drives into the mandatory zone later to withdraw, once.
    {
      const late = await trackedUnit('CASA-PC-3', 'patrol_car');
      await place(late, 'CASA-PC-3', pointAt(device, 180, 400), 60);
      await place(late, 'CASA-PC-3', pointAt(device, 180, 50), 2);
      await eventually(() => messages.some((m) => m.topic === 'amane/units/CASA-PC-3/dispatch'), 'the late unit’s withdraw order');
      await place(late, 'CASA-PC-3', pointAt(device, 180, 40), 1);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect(messages.filter((m) => m.topic === 'amane/units/CASA-PC-3/dispatch')).toHaveLength(1);
      expect((await picture()).cordon!.withdrawn.map((w) => w.callSign)).toContain('CASA-PC-3');
    }

    // Lifts the cordon: the roads open again and the CAP alert is cancelled, referencing what it cancels.
    {
      expect((await post(`/incidents/${incident.number}/cordon/lift`, dispatcher, {})).statusCode).toBe(400);
      const lifted = await post(`/incidents/${incident.number}/cordon/lift`, eodOfficer, { reason: 'device neutralised' });
      expect(lifted.statusCode, lifted.body).toBe(200);
      const eod = lifted.json() as EodPicture;
      expect(eod.cordon).toMatchObject({ status: 'lifted', liftReason: 'device neutralised', closedSegments: 0, perimeter: [] });
      expect(eod.cap.map((m) => m.msgType)).toEqual(['Alert', 'Update', 'Cancel']);
      const xml = await cap();
      expect(xml).toContain('<msgType>Cancel</msgType>');
      expect(xml).toContain(`<references>${eod.cap.slice(0, 2).map((m) => `${t.core.config.agencyId},${m.identifier},${m.sent}`).join(' ')}</references>`);
      expect(xml).toContain('<responseType>AllClear</responseType>');
      expect((await route()).distanceM).toBeCloseTo(before.distanceM, 0);
      expect(((await get('/eod/cordons', officer.token)).json() as CordonFeatures).features).toEqual([]);
      expect((await post(`/incidents/${incident.number}/cordon/lift`, eodOfficer, { reason: 'again' })).statusCode).toBe(409);
    }
  });

  it('refuses a cordon without a class to draw it from, and a class the table does not have', async () => {
    const threat = await post('/incidents', dispatcher, { type: 'suspicious_object', answers: { object_type: 'threat_only' }, location: device, summary: 'Phoned bomb threat' });
    const number = (threat.json() as Incident).number;
    const none = await post(`/incidents/${number}/cordon`, eodOfficer, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().detail).toContain('has no device class yet; give one: pipe_bomb');
    expect((await post(`/incidents/${number}/cordon`, eodOfficer, { deviceClass: 'tractor' })).statusCode).toBe(400);
    const set = await post(`/incidents/${number}/cordon`, eodOfficer, { deviceClass: 'pipe_bomb' });
    expect((set.json() as EodPicture).cordon).toMatchObject({ mandatoryM: 21, preferredM: 366 });
    await post(`/incidents/${number}/cordon/lift`, eodOfficer, { reason: 'hoax' });
  });
});
