import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findEvents } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import type { Incident } from '../incidents/incident.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import type { Deployment, Squad, SquadFigures } from './eod.js';
import type { EodRecommendation, SquadAssignment } from './eod-recommend.service.js';
import type { StandoffTable } from './standoff.js';

const NOW = '2026-11-29T10:00:00.000Z';
const CASABLANCA = { lat: 33.5731, lon: -7.5898 };
const RABAT = { lat: 34.0209, lon: -6.8416 };
const FEZ = { lat: 34.0331, lon: -5.0003 };
const MOHAMMEDIA = { lat: 33.686, lon: -7.383 };

describe(`EOD squads: equipment, ranking across cities, deployments and yearly figures (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let admin: string;
  let supervisor: string;
  let dispatcher: string;
  let eodOfficer: string;
  const { get, send } = requestsTo(() => t.app);
  const post = (url: string, token: string, payload?: unknown) => send('POST', url, token, payload);
  const incidentAt = async (location: { lat: number; lon: number }, summary: string) => {
    const created = await post('/incidents', dispatcher, { type: 'suspicious_object', answers: { object_type: 'package' }, location, summary });
    expect(created.statusCode, created.body).toBe(201);
    return (created.json() as Incident).number;
  };
  const ranking = async (number: string) => {
    const response = await get(`/incidents/${number}/eod/recommendation`, eodOfficer);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as EodRecommendation;
  };
  const squad = async (callSign: string) => (await get(`/eod/squads/${callSign}`, eodOfficer)).json() as Squad;

  // Each test on a fresh database: the stand-off table one edits must not reach the squads' journey.
  beforeEach(async () => {
    t = await setupTestApp();
    t.clock.set(NOW);
    admin = (await t.login(['administrator'])).token;
    supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    eodOfficer = (await t.login(['eod-officer'])).token;
    for (const [code, location] of [['ST-EOD-CASA', CASABLANCA], ['ST-EOD-RABAT', RABAT], ['ST-EOD-FES', FEZ]] as const) {
      expect((await post('/stations', supervisor, { code, name: code, location })).statusCode).toBe(201);
    }
  });
  afterEach(async () => t.close());

  it('registers squads, sends them by travel time across cities, ranks the degraded last, logs a deployment and sums the year', async () => {
    // Registers squads as units of kind eod_squad with their city and equipment, shown degraded when the robot is not ready.
    {
      const equipment = (robot: 'ready' | 'maintenance') => [
        { kind: 'robot', label: 'tEODor robot', readiness: robot, nextMaintenance: '2027-03-31' },
        { kind: 'x_ray', label: 'Portable x-ray', nextMaintenance: '2026-11-01' },
        { kind: 'jammer', label: 'RF jammer' },
        { kind: 'bomb_suit', label: 'EOD 10 suit' },
        { kind: 'vehicle', label: 'EOD truck' },
      ];
      for (const [callSign, city, station] of [['CASA-EOD-1', 'Casablanca', 'ST-EOD-CASA'], ['RABAT-EOD-1', 'Rabat', 'ST-EOD-RABAT'], ['FES-EOD-1', 'Fès', 'ST-EOD-FES']] as const) {
        const created = await post('/eod/squads', admin, { callSign, city, station, equipment: equipment('ready') });
        expect(created.statusCode, created.body).toBe(201);
        await post(`/units/${callSign}/status`, dispatcher, { status: 'available' });
      }
      const casa = await squad('CASA-EOD-1');
      expect(casa).toMatchObject({ callSign: 'CASA-EOD-1', city: 'Casablanca', station: 'ST-EOD-CASA', status: 'available', degraded: false, degradedReasons: [] });
      expect(casa.equipment.map((e) => [e.kind, e.readiness, e.maintenanceDue])).toEqual([
        ['bomb_suit', 'ready', false],
        ['jammer', 'ready', false],
        ['robot', 'ready', false],
        ['vehicle', 'ready', false],
        // Its maintenance date has passed: flagged, still ready until someone says otherwise.
        ['x_ray', 'ready', true],
      ]);
      expect((await get('/units/CASA-EOD-1', dispatcher)).json()).toMatchObject({ kind: 'eod_squad', capabilities: ['eod', 'robot'] });

      const robot = casa.equipment.find((e) => e.kind === 'robot')!;
      const changed = await send('PATCH', `/eod/squads/CASA-EOD-1/equipment/${robot.id}`, admin, { readiness: 'maintenance', nextMaintenance: '2026-12-05' });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ degraded: true, degradedReasons: ['robot maintenance'] });
      await send('PATCH', `/eod/squads/CASA-EOD-1/equipment/${robot.id}`, admin, { readiness: 'ready' });
      expect((await squad('CASA-EOD-1')).degraded).toBe(false);
      const events = await findEvents(t.core.db, { stream: 'eod-squad/CASA-EOD-1', limit: 10 });
      expect(events.map((e) => e.type)).toEqual(['eod_squad.registered', 'eod_squad.equipment_changed', 'eod_squad.equipment_changed']);

      // A patrol car is not a squad; a squad is registered once; an EOD officer may not register one.
      await post('/units', supervisor, { callSign: 'CASA-PC-9', kind: 'patrol_car', station: 'ST-EOD-CASA' });
      expect((await post('/eod/squads', admin, { callSign: 'CASA-PC-9', city: 'Casablanca' })).json()).toMatchObject({ errors: [{ field: 'callSign' }] });
      expect((await post('/eod/squads', admin, { callSign: 'CASA-EOD-1', city: 'Casablanca' })).statusCode).toBe(409);
      expect((await post('/eod/squads', eodOfficer, { callSign: 'X-EOD-1', city: 'Oujda', station: 'ST-EOD-CASA' })).statusCode).toBe(403);
      expect(((await get('/eod/squads', eodOfficer)).json() as Squad[]).map((s) => s.callSign)).toEqual(['CASA-EOD-1', 'FES-EOD-1', 'RABAT-EOD-1']);
    }

    // Sends the Casablanca squad to Mohammedia first, then, with it deployed, the next by travel time (Rabat).
    {
      const mohammedia = await incidentAt(MOHAMMEDIA, 'Suspicious bag at the station of Mohammedia');
      const first = await ranking(mohammedia);
      expect(first.squads.map((s) => s.callSign)).toEqual(['CASA-EOD-1', 'RABAT-EOD-1', 'FES-EOD-1']);
      // No road graph reaches Mohammedia (the demo city is Casablanca's): great circle x 1.3 at 90 km/h.
      for (const s of first.squads) expect(s).toMatchObject({ method: 'estimate', degraded: false, fromStation: true });
      const [casa, rabat, fez] = first.squads;
      expect(casa!.etaS / 60).toBeGreaterThan(15);
      expect(casa!.etaS / 60).toBeLessThan(25);
      expect(rabat!.etaS / 60).toBeGreaterThan(40);
      expect(rabat!.etaS / 60).toBeLessThan(60);
      expect(fez!.etaS / 3600).toBeGreaterThan(2.5);
      expect(casa!.distanceM / casa!.etaS).toBeCloseTo(90 / 3.6, 1);
      expect(first.patrolsNote).toContain('more than 1000 m from any road');

      // The Casablanca squad is sent to a scene in Casablanca (by road there) and is skipped for Mohammedia.
      const local = await incidentAt({ lat: 33.5801, lon: -7.6102 }, 'Suspicious package at the market');
      const there = await ranking(local);
      expect(there.squads[0]).toMatchObject({ callSign: 'CASA-EOD-1', method: 'road' });
      expect(there.squads[0]!.etaS).toBeLessThan(900);
      const sent = await post(`/incidents/${local}/eod/assign`, dispatcher, { squad: 'CASA-EOD-1' });
      expect(sent.statusCode, sent.body).toBe(200);
      const next = await ranking(mohammedia);
      expect(next.squads.map((s) => s.callSign)).toEqual(['RABAT-EOD-1', 'FES-EOD-1']);
      expect(next.skipped).toEqual([{ callSign: 'CASA-EOD-1', city: 'Casablanca', status: 'dispatched', incident: local }]);
      const refused = await post(`/incidents/${mohammedia}/eod/assign`, dispatcher, { squad: 'CASA-EOD-1' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json().detail).toContain(`CASA-EOD-1 is \`dispatched\` on ${local}`);
    }

    // Ranks a degraded squad after every ready one, however near.
    {
      const mohammedia = await incidentAt(MOHAMMEDIA, 'A second bag at Mohammedia');
      const rabat = await squad('RABAT-EOD-1');
      const robot = rabat.equipment.find((e) => e.kind === 'robot')!;
      await send('PATCH', `/eod/squads/RABAT-EOD-1/equipment/${robot.id}`, admin, { readiness: 'deployed' });
      const ranked = (await ranking(mohammedia)).squads;
      expect(ranked.map((s) => [s.callSign, s.degraded])).toEqual([['FES-EOD-1', false], ['RABAT-EOD-1', true]]);
      expect(ranked[1]!.etaS).toBeLessThan(ranked[0]!.etaS);
      expect(ranked[1]!.degradedReasons).toEqual(['robot deployed']);
      await send('PATCH', `/eod/squads/RABAT-EOD-1/equipment/${robot.id}`, admin, { readiness: 'ready' });
    }

    // Logs the squad's deployment from its status moves and the officer's entries, and sums the year.
    {
      const number = (await get('/units/CASA-EOD-1', dispatcher)).json().incident as string;
      const [deployment] = ((await get(`/incidents/${number}/eod`, eodOfficer)).json() as { deployments: Deployment[] }).deployments;
      expect(deployment).toMatchObject({ squad: 'CASA-EOD-1', incident: number, deviceClass: null, alertedAt: NOW, departedAt: null, outcome: null });
      expect(deployment!.distanceKm).toBeCloseTo(2.1, 0);

      t.clock.set('2026-11-29T10:02:00.000Z');
      await post('/units/CASA-EOD-1/status', dispatcher, { status: 'en_route' });
      t.clock.set('2026-11-29T10:14:00.000Z');
      await post('/units/CASA-EOD-1/status', dispatcher, { status: 'on_scene' });
      await post(`/incidents/${number}/eod/device-class`, eodOfficer, { deviceClass: 'briefcase_suitcase' });
      const robot = (await squad('CASA-EOD-1')).equipment.find((e) => e.kind === 'robot')!;
      const xray = (await squad('CASA-EOD-1')).equipment.find((e) => e.kind === 'x_ray')!;
      const outOfOrder = await send('PATCH', `/eod/deployments/${deployment!.id}`, eodOfficer, { neutralisedAt: '2026-11-29T10:10:00.000Z' });
      expect(outOfOrder.statusCode).toBe(400);
      expect(outOfOrder.json().detail).toContain('is before onSceneAt');
      expect((await send('PATCH', `/eod/deployments/${deployment!.id}`, eodOfficer, { equipmentUsed: ['3f2b7c1e-9a4d-4e8b-8f00-1c2d3e4f5a6b'] })).statusCode).toBe(400);
      const logged = await send('PATCH', `/eod/deployments/${deployment!.id}`, eodOfficer, {
        neutralisedAt: '2026-11-29T10:40:00.000Z',
        equipmentUsed: [robot.id, xray.id],
        outcome: 'neutralised',
        notes: 'Disrupted by the robot; no secondary device found.',
      });
      expect(logged.statusCode, logged.body).toBe(200);
      t.clock.set('2026-11-29T10:55:00.000Z');
      await post('/units/CASA-EOD-1/status', dispatcher, { status: 'available' });

      const log = (await get('/eod/squads/CASA-EOD-1/deployments?year=2026', eodOfficer)).json() as Deployment[];
      expect(log).toHaveLength(1);
      expect(log[0]).toMatchObject({
        deviceClass: 'briefcase_suitcase',
        alertedAt: NOW,
        departedAt: '2026-11-29T10:02:00.000Z',
        onSceneAt: '2026-11-29T10:14:00.000Z',
        neutralisedAt: '2026-11-29T10:40:00.000Z',
        clearedAt: '2026-11-29T10:55:00.000Z',
        outcome: 'neutralised',
        equipmentUsed: [
          { id: robot.id, kind: 'robot', label: 'tEODor robot' },
          { id: xray.id, kind: 'x_ray', label: 'Portable x-ray' },
        ],
      });
      const figures = (await get('/eod/squads/CASA-EOD-1/figures?year=2026', eodOfficer)).json() as SquadFigures;
      expect(figures).toMatchObject({
        squad: 'CASA-EOD-1',
        city: 'Casablanca',
        year: 2026,
        deployments: 1,
        devicesDealtWith: 1,
        byOutcome: { neutralised: 1 },
        byDeviceClass: { briefcase_suitcase: 1 },
        equipmentUse: { robot: 1, x_ray: 1 },
        responseMinutes: { mean: 14, median: 14 },
        onSceneMinutes: { mean: 41, median: 41 },
        intercity: 0,
      });
      expect(((await get('/eod/squads/CASA-EOD-1/figures?year=2025', eodOfficer)).json() as SquadFigures).deployments).toBe(0);
      expect((await get('/eod/squads/CASA-EOD-1/figures', eodOfficer)).statusCode).toBe(400);
    }

    // Answers each assignment with the deployment it opened.
    {
      const number = await incidentAt(MOHAMMEDIA, 'A third bag at Mohammedia');
      const sent = await post(`/incidents/${number}/eod/assign`, dispatcher, { squad: 'RABAT-EOD-1' });
      expect(sent.statusCode, sent.body).toBe(200);
      const { assignments, deployment } = sent.json() as SquadAssignment;
      expect(assignments[0]).toMatchObject({ callSign: 'RABAT-EOD-1' });
      // The travel time kept with the assignment is the intercity estimate.
      expect(assignments[0]!.etaS! / 60).toBeGreaterThan(40);
      expect(deployment).toMatchObject({ squad: 'RABAT-EOD-1', incident: number, alertedAt: '2026-11-29T10:55:00.000Z' });
      expect(deployment.distanceKm).toBeGreaterThan(INTERCITY);
    }
  });
  it('lets an administrator edit the stand-off table, journaled, and refuses a broken one', async () => {
    const { table } = (await get('/eod/standoff-table', dispatcher)).json() as { table: StandoffTable; updatedAt: string | null };
    expect(table.classes.find((c) => c.code === 'pipe_bomb')).toMatchObject({ mandatoryM: 21, preferredM: 366 });
    const edited = structuredClone(table);
    edited.classes.find((c) => c.code === 'pipe_bomb')!.mandatoryM = 25;
    expect((await send('PUT', '/eod/standoff-table', dispatcher, edited)).statusCode).toBe(403);
    const saved = await send('PUT', '/eod/standoff-table', admin, edited);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ updatedBy: expect.stringMatching(/^user:administrator/) });
    const [event] = await findEvents(t.core.db, { stream: 'standoff-table/current', limit: 5 });
    expect(event).toMatchObject({ type: 'standoff_table.replaced', data: { changes: [{ code: 'pipe_bomb', mandatoryM: [21, 25], preferredM: [366, 366] }], removed: [] } });
    const broken = structuredClone(edited);
    broken.classes[0]!.preferredM = 10;
    expect((await send('PUT', '/eod/standoff-table', admin, broken)).statusCode).toBe(400);
    const threat = await incidentAt({ lat: 33.5801, lon: -7.6102 }, 'Pipe on a bench');
    const cordon = await post(`/incidents/${threat}/cordon`, eodOfficer, { deviceClass: 'pipe_bomb' });
    expect(cordon.json()).toMatchObject({ cordon: { mandatoryM: 25, preferredM: 366 } });
  });

});

const INTERCITY = 50;
