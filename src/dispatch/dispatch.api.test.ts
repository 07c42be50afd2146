import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import type { Incident } from '../incidents/incident.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import type { Unit } from '../units/unit.js';
import type { Assignment } from './dispatch.js';

const P = { lat: 33.5731, lon: -7.5898 };

describe(`sending units, and incidents that follow them (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let supervisor: string;
  let dispatcher: string;
  let otherDispatcher: string;
  let crew1: { token: string; username: string };

  // Each test on its own database with the same four units: no test sees what another did to them.
  beforeEach(async () => {
    t = await setupTestApp();
    t.clock.set('2026-11-29T20:00:00.000Z');
    supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    otherDispatcher = (await t.login(['dispatcher'])).token;
    crew1 = await t.login(['field-officer']);
    await post('/stations', supervisor, { code: 'ST-ANFA', name: 'Anfa', location: P });
    for (const [callSign, crew] of [['CASA-PC-1', [crew1.username]], ['CASA-PC-2', []], ['CASA-PC-3', []], ['CASA-PC-4', []]] as const) {
      expect((await post('/units', supervisor, { callSign, kind: 'patrol_car', station: 'ST-ANFA', crew })).statusCode).toBe(201);
      expect((await post(`/units/${callSign}/status`, dispatcher, { status: 'available' })).statusCode).toBe(200);
    }
  });
  afterEach(async () => t.close());

  const { get, post } = requestsTo(() => t.app);
  const incident = async (type = 'robbery', answers: Record<string, unknown> = {}) =>
    ((await post('/incidents', dispatcher, { type, answers, location: P, summary: `A ${type}` })).json() as Incident).number;
  const statusOf = async (number: string) => ((await get(`/incidents/${number}`, dispatcher)).json() as Incident).status;
  const unit = async (callSign: string) => (await get(`/units/${callSign}`, dispatcher)).json() as Unit;

  it('moves the incident along as its units report: dispatched, en route, on scene, cleared when the last leaves', async () => {
    const number = await incident();
    const assigned = await post(`/incidents/${number}/assign`, dispatcher, { units: ['CASA-PC-1'] });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(await statusOf(number)).toBe('dispatched');
    expect(await unit('CASA-PC-1')).toMatchObject({ status: 'dispatched', incident: number });

    expect((await post('/units/CASA-PC-1/acknowledge', crew1.token)).json()).toMatchObject({ callSign: 'CASA-PC-1', acknowledgedAt: '2026-11-29T20:00:00.000Z' });
    expect((await post('/units/CASA-PC-1/status', crew1.token, { status: 'en_route' })).statusCode).toBe(200);
    expect(await statusOf(number)).toBe('en_route');
    t.clock.advance(240_000);
    await post('/units/CASA-PC-1/status', crew1.token, { status: 'on_scene' });
    expect(await statusOf(number)).toBe('on_scene');

    // Backup joins, then the first unit leaves: the incident stays on scene until the last one clears.
    await post(`/incidents/${number}/assign`, dispatcher, { units: ['CASA-PC-2'] });
    await post('/units/CASA-PC-2/status', dispatcher, { status: 'on_scene' });
    expect(await statusOf(number)).toBe('on_scene');
    await post('/units/CASA-PC-1/status', crew1.token, { status: 'available' });
    expect(await statusOf(number)).toBe('on_scene');
    t.clock.advance(600_000);
    await post('/units/CASA-PC-2/status', dispatcher, { status: 'available' });
    expect(await statusOf(number)).toBe('cleared');

    const timeline = (await get(`/incidents/${number}/timeline`, dispatcher)).json() as { events: { type: string }[]; intervals: Record<string, number> };
    expect(timeline.events.map((e) => e.type)).toEqual([
      'incident.created',
      'incident.dispatched',
      'incident.unit_assigned',
      'incident.en_route',
      'incident.on_scene',
      'incident.unit_assigned',
      'incident.cleared',
    ]);
    expect(timeline.intervals).toMatchObject({ createdToDispatchedS: 0, dispatchedToOnSceneS: 240, onSceneToClearedS: 600 });
    const units = (await get(`/incidents/${number}/units`, dispatcher)).json() as Assignment[];
    expect(units.map((a) => [a.callSign, a.releaseReason])).toEqual([
      ['CASA-PC-1', 'unit available'],
      ['CASA-PC-2', 'unit available'],
    ]);
  });

  it('journals why a unit other than the first recommended was sent, and how the incident ended when it is closed', async () => {
    const number = await incident();
    const sent = await post(`/incidents/${number}/assign`, dispatcher, { units: ['CASA-PC-3'], reason: 'PC-3 knows the shopkeeper' });
    expect(sent.statusCode, sent.body).toBe(200);
    await post('/units/CASA-PC-3/status', dispatcher, { status: 'on_scene' });
    await post('/units/CASA-PC-3/status', dispatcher, { status: 'available' });
    expect(await statusOf(number)).toBe('cleared');

    // How it may end: the list in three languages; a code not on it is refused, naming the field, and changes nothing.
    const list = (await get('/incident-dispositions', dispatcher)).json() as { code: string; labels: { ar: string; fr: string; en: string } }[];
    expect(list.map((d) => d.code)).toContain('report_written');
    expect(list.every((d) => d.labels.ar !== '' && d.labels.fr !== '' && d.labels.en !== '')).toBe(true);
    const refused = await post(`/incidents/${number}/close`, dispatcher, { disposition: 'went_home' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'disposition' });
    expect(await statusOf(number)).toBe('cleared');
    expect((await post(`/incidents/${number}/cancel`, dispatcher, { reason: 'x', disposition: 'arrest' })).statusCode).toBe(400);

    expect((await post(`/incidents/${number}/close`, dispatcher, { disposition: 'report_written' })).statusCode).toBe(200);
    const timeline = (await get(`/incidents/${number}/timeline`, dispatcher)).json() as { events: { type: string; data: Record<string, unknown> }[] };
    expect(timeline.events.find((e) => e.type === 'incident.unit_assigned')!.data).toMatchObject({ unit: 'CASA-PC-3', reason: 'PC-3 knows the shopkeeper' });
    expect(timeline.events.find((e) => e.type === 'incident.closed')!.data).toEqual({ from: 'cleared', to: 'closed', disposition: 'report_written' });
  });

  it('recalls an incident to new when its only unit is taken off before arriving, with the reason', async () => {
    const number = await incident('theft');
    await post(`/incidents/${number}/assign`, dispatcher, { units: ['CASA-PC-3'] });
    const released = await post(`/incidents/${number}/release`, dispatcher, { unit: 'CASA-PC-3', reason: 'breakdown' });
    expect(released.statusCode, released.body).toBe(200);
    expect((released.json() as Assignment[])[0]).toMatchObject({ callSign: 'CASA-PC-3', releaseReason: 'breakdown' });
    expect(await statusOf(number)).toBe('new');
    expect(await unit('CASA-PC-3')).toMatchObject({ status: 'available', incident: null });
    expect((await post(`/incidents/${number}/release`, dispatcher, { unit: 'CASA-PC-3', reason: 'again' })).statusCode).toBe(400);
    expect((await post(`/incidents/${number}/release`, dispatcher, { unit: 'CASA-PC-3' })).json()).toMatchObject({ errors: [{ field: 'reason' }] });
  });

  it('diverts a unit from a lower-priority incident only when asked, never from a higher one', async () => {
    const noise = await incident('noise');
    const assault = await incident('assault', { weapon_seen: true });
    await post(`/incidents/${noise}/assign`, dispatcher, { units: ['CASA-PC-4'] });
    const refused = await post(`/incidents/${assault}/assign`, dispatcher, { units: ['CASA-PC-4'] });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ errors: [{ field: 'units.0', message: expect.stringContaining('send divert') }] });
    const diverted = await post(`/incidents/${assault}/assign`, dispatcher, { units: ['CASA-PC-4'], divert: true });
    expect(diverted.statusCode, diverted.body).toBe(200);
    expect(await unit('CASA-PC-4')).toMatchObject({ status: 'dispatched', incident: assault });
    expect(await statusOf(noise)).toBe('new');
    const back = await post(`/incidents/${noise}/assign`, dispatcher, { units: ['CASA-PC-4'], divert: true });
    expect(back.statusCode).toBe(409);
    expect(back.json()).toMatchObject({ errors: [{ field: 'units.0', message: expect.stringContaining('not of lower priority') }] });
  });

  it('refuses to send units to a closed incident, or units that are off duty, naming them', async () => {
    const number = await incident('lost_property');
    expect((await post(`/incidents/${number}/close`, dispatcher, { reason: 'advice given' })).statusCode).toBe(200);
    expect((await post(`/incidents/${number}/assign`, dispatcher, { units: ['CASA-PC-1'] })).statusCode).toBe(409);
    const open = await incident('lost_property');
    await post('/units/CASA-PC-1/status', crew1.token, { status: 'off_duty' });
    const offDuty = await post(`/incidents/${open}/assign`, dispatcher, { units: ['CASA-PC-1'] });
    expect(offDuty.statusCode).toBe(409);
    expect(offDuty.json()).toMatchObject({ allowed: ['available'] });
    expect(await statusOf(open)).toBe('new');
    expect((await post(`/incidents/${open}/assign`, dispatcher, { units: ['CASA-NO-1'] })).json()).toMatchObject({ errors: [{ field: 'units.0' }] });
    expect((await post(`/incidents/${open}/assign`, crew1.token, { units: ['CASA-PC-2'] })).statusCode).toBe(403);
  });

  it('sends a unit asked for by two dispatchers at once to one incident only', async () => {
    const a = await incident('burglary');
    const b = await incident('burglary');
    const [first, second] = await Promise.all([
      post(`/incidents/${a}/assign`, dispatcher, { units: ['CASA-PC-2'] }),
      post(`/incidents/${b}/assign`, otherDispatcher, { units: ['CASA-PC-2'] }),
    ]);
    expect([first.statusCode, second.statusCode].sort()).toEqual([200, 409]);
    const on = (await unit('CASA-PC-2')).incident;
    expect([a, b]).toContain(on);
    expect(await statusOf(on === a ? b : a)).toBe('new');
  });
});
