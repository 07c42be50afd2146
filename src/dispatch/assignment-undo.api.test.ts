import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { findEvents } from '../core/journal.repository.js';
import { eventually, testDatabaseKind } from '../core/testing.js';
import type { Incident } from '../incidents/incident.js';
import { bearer, requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import type { Unit } from '../units/unit.js';
import { avlTracker } from '../units/avl.service.js';
import type { Assignment } from './dispatch.js';

const P = { lat: 33.5731, lon: -7.5898 };

describe(`undoing an assignment made by mistake (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let dispatcher: { token: string; username: string };
  let otherDispatcher: string;
  let crew: string;
  let supervisorToken: string;

  beforeEach(async (context) => {
    // The test of the unit's device runs the broker, as the server does.
    t = await setupTestApp(context.task.name.includes('device') ? { mqtt: 'embedded' } : {});
    t.clock.set('2026-12-09T10:00:00.000Z');
    const supervisor = (await t.login(['supervisor'])).token;
    supervisorToken = supervisor;
    dispatcher = await t.login(['dispatcher']);
    otherDispatcher = (await t.login(['dispatcher'])).token;
    const officer = await t.login(['field-officer']);
    crew = officer.token;
    await post('/stations', supervisor, { code: 'ST-ANFA', name: 'Anfa', location: P });
    for (const [callSign, members] of [['CASA-PC-1', [officer.username]], ['CASA-PC-2', []], ['CASA-PC-3', []]] as const) {
      expect((await post('/units', supervisor, { callSign, kind: 'patrol_car', station: 'ST-ANFA', crew: members })).statusCode).toBe(201);
      expect((await post(`/units/${callSign}/status`, supervisor, { status: 'available' })).statusCode).toBe(200);
    }
  });
  afterEach(async () => t.close());

  const { get, post } = requestsTo(() => t.app);
  const incident = async (type = 'robbery') => ((await post('/incidents', dispatcher.token, { type, answers: {}, location: P, summary: `A ${type}` })).json() as Incident).number;
  const statusOf = async (number: string) => ((await get(`/incidents/${number}`, dispatcher.token)).json() as Incident).status;
  const unit = async (callSign: string) => (await get(`/units/${callSign}`, dispatcher.token)).json() as Unit;
  const assign = (number: string, units: string[], token = dispatcher.token, divert = false) => post(`/incidents/${number}/assign`, token, { units, ...(divert ? { divert } : {}) });
  const undo = (number: string, callSign: string, token = dispatcher.token) => post(`/incidents/${number}/undo-assignment`, token, { unit: callSign });
  const eventsOf = async (stream: string) => (await findEvents(t.core.db, { limit: 10_000 })).filter((e) => e.stream === stream);

  it('puts the unit and the incident back as they were, and journals the undo with its reason and author on both streams', async () => {
    const number = await incident();
    const sent = await assign(number, ['CASA-PC-1']);
    expect(sent.statusCode, sent.body).toBe(200);
    expect((sent.json() as Assignment[])[0]).toMatchObject({ callSign: 'CASA-PC-1', undoableUntil: '2026-12-09T10:00:10.000Z' });
    t.clock.advance(4_000);

    const undone = await undo(number, 'CASA-PC-1');
    expect(undone.statusCode, undone.body).toBe(200);
    expect(undone.json()).toEqual([
      expect.objectContaining({ callSign: 'CASA-PC-1', releasedAt: '2026-12-09T10:00:04.000Z', releaseReason: 'undo', undoableUntil: null }),
    ]);
    expect(await unit('CASA-PC-1')).toMatchObject({ status: 'available', incident: null });
    expect(await statusOf(number)).toBe('new');

    const timeline = (await get(`/incidents/${number}/timeline`, dispatcher.token)).json() as { events: { type: string; actor: string; data: Record<string, unknown> }[] };
    expect(timeline.events.map((e) => e.type)).toEqual(['incident.created', 'incident.dispatched', 'incident.unit_assigned', 'incident.assignment_undone', 'incident.recalled']);
    const undoEvent = timeline.events.find((e) => e.type === 'incident.assignment_undone')!;
    expect(undoEvent).toMatchObject({ actor: `user:${dispatcher.username}`, data: { unit: 'CASA-PC-1', reason: 'undo', assignedAt: '2026-12-09T10:00:00.000Z' } });
    expect(timeline.events.find((e) => e.type === 'incident.recalled')!.data).toEqual({ from: 'dispatched', to: 'new', reason: 'undo' });
    // The unit's own stream says it was released from the incident, which is what its crew's screen follows.
    const unitEvents = await eventsOf('unit/CASA-PC-1');
    expect(unitEvents.at(-1)).toMatchObject({ type: 'unit.released', actor: `user:${dispatcher.username}`, data: { incident: number, from: 'dispatched', to: 'available', reason: 'undo' } });

    // Nothing left to undo: a second undo is refused, naming the unit, and changes nothing.
    const again = await undo(number, 'CASA-PC-1');
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict', errors: [{ field: 'unit', message: expect.stringContaining('no assignment to undo') }] });
    // The incident can be dispatched again at once, and the recommendation offers the unit again.
    expect((await assign(number, ['CASA-PC-1'])).statusCode).toBe(200);
    expect(await statusOf(number)).toBe('dispatched');
  });

  it('sends a unit that was busy back to busy, and leaves the incident dispatched while another unit is on it', async () => {
    // A theft needs no special capability: every free unit may be recommended for it.
    const number = await incident('theft');
    await post('/units/CASA-PC-2/status', dispatcher.token, { status: 'busy' });
    expect((await assign(number, ['CASA-PC-3'])).statusCode).toBe(200);
    expect((await assign(number, ['CASA-PC-2'])).statusCode).toBe(200);
    expect((await undo(number, 'CASA-PC-2')).statusCode).toBe(200);
    expect(await unit('CASA-PC-2')).toMatchObject({ status: 'busy', incident: null });
    expect(await statusOf(number)).toBe('dispatched');
    // The recommendation (the unit index) sees it busy again, so it is not offered.
    const recommended = (await get(`/incidents/${number}/recommendation?k=5`, dispatcher.token)).json() as { callSign: string }[];
    expect(recommended.map((r) => r.callSign)).not.toContain('CASA-PC-2');
    expect(recommended.map((r) => r.callSign)).toContain('CASA-PC-1');
  });

  it('returns a cleared incident to cleared when the unit sent to it again is taken back', async () => {
    const number = await incident();
    await assign(number, ['CASA-PC-3']);
    await post('/units/CASA-PC-3/status', dispatcher.token, { status: 'on_scene' });
    await post('/units/CASA-PC-3/status', dispatcher.token, { status: 'available' });
    expect(await statusOf(number)).toBe('cleared');
    t.clock.advance(60_000);
    expect((await assign(number, ['CASA-PC-2'])).statusCode).toBe(200);
    expect(await statusOf(number)).toBe('dispatched');
    expect((await undo(number, 'CASA-PC-2')).statusCode).toBe(200);
    expect(await statusOf(number)).toBe('cleared');
    const timeline = (await get(`/incidents/${number}/timeline`, dispatcher.token)).json() as { events: { type: string; data: Record<string, unknown> }[] };
    expect(timeline.events.at(-1)).toMatchObject({ type: 'incident.recleared', data: { from: 'dispatched', to: 'cleared', reason: 'undo' } });
  });

  it('refuses once the unit has set off, saying so, and changes nothing', async () => {
    const number = await incident();
    await assign(number, ['CASA-PC-1']);
    expect((await post('/units/CASA-PC-1/status', crew, { status: 'en_route' })).statusCode).toBe(200);
    const head = (await findEvents(t.core.db, { limit: 100_000 })).length;
    const refused = await undo(number, 'CASA-PC-1');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('already `en_route`'), errors: [{ field: 'unit', message: 'is already en_route' }] });
    expect(refused.json().detail).toContain('release it');
    expect(await unit('CASA-PC-1')).toMatchObject({ status: 'en_route', incident: number });
    expect(await statusOf(number)).toBe('en_route');
    expect((await findEvents(t.core.db, { limit: 100_000 })).length).toBe(head);
  });

  it('accepts an undo up to the end of the window and a short grace for the request, and refuses it after', async () => {
    const first = await incident();
    await assign(first, ['CASA-PC-2']);
    t.clock.advance(14_000);
    expect((await undo(first, 'CASA-PC-2')).statusCode).toBe(200);

    const second = await incident();
    await assign(second, ['CASA-PC-2']);
    t.clock.advance(15_001);
    const late = await undo(second, 'CASA-PC-2');
    expect(late.statusCode).toBe(409);
    expect(late.json()).toMatchObject({ errors: [{ field: 'unit', message: 'was sent more than 10 s ago' }] });
    expect(await unit('CASA-PC-2')).toMatchObject({ status: 'dispatched', incident: second });
  });

  it('lets only the dispatcher who sent the unit undo it, never a diverted unit, and names a wrong field', async () => {
    const number = await incident();
    await assign(number, ['CASA-PC-2']);
    const stranger = await undo(number, 'CASA-PC-2', otherDispatcher);
    expect(stranger.statusCode).toBe(403);
    expect(stranger.json()).toMatchObject({ code: 'forbidden', errors: [{ field: 'unit' }] });
    expect((await undo(number, 'CASA-PC-2', crew)).statusCode).toBe(403);
    expect(await unit('CASA-PC-2')).toMatchObject({ status: 'dispatched', incident: number });

    // A unit taken off a lower-priority incident cannot be put back there by an undo.
    const noise = await incident('noise');
    const assault = await incident('assault');
    await assign(noise, ['CASA-PC-3']);
    expect((await assign(assault, ['CASA-PC-3'], dispatcher.token, true)).statusCode).toBe(200);
    const diverted = await undo(assault, 'CASA-PC-3');
    expect(diverted.statusCode).toBe(409);
    expect(diverted.json()).toMatchObject({ errors: [{ field: 'unit', message: 'was diverted from another incident' }] });
    const assignments = (await get(`/incidents/${assault}/units`, dispatcher.token)).json() as Assignment[];
    expect(assignments[0]).toMatchObject({ callSign: 'CASA-PC-3', undoableUntil: null });

    expect((await undo(number, 'CASA-NO-9')).json()).toMatchObject({ errors: [{ field: 'unit', message: expect.stringContaining('no unit has call sign') }] });
    const malformed = await post(`/incidents/${number}/undo-assignment`, dispatcher.token, { callSign: 'CASA-PC-2' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['unit']));
    expect((await post('/incidents/CASA-2026-999999/undo-assignment', dispatcher.token, { unit: 'CASA-PC-2' })).statusCode).toBe(404);
    expect(await unit('CASA-PC-2')).toMatchObject({ status: 'dispatched', incident: number });
  });

  it("tells the unit's device that the assignment is taken back", async () => {
    const { token } = await registerDevice(t.core, 'system:test', { name: 'avl-casa-pc-2', kind: 'vehicle' });
    expect((await t.app.inject({ method: 'PATCH', url: '/units/CASA-PC-2', headers: bearer(supervisorToken), payload: { device: 'avl-casa-pc-2' } })).statusCode).toBe(200);
    await eventually(() => avlTracker(t.core).deviceOf('CASA-PC-2') === 'avl-casa-pc-2', 'the tracker to know the device');
    const device = await t.connectMqtt(token);
    const orders: Record<string, unknown>[] = [];
    device.on('message', (_topic, payload) => orders.push(JSON.parse(payload.toString()) as Record<string, unknown>));
    await device.subscribeAsync('amane/units/CASA-PC-2/dispatch', { qos: 1 });

    const number = await incident();
    await assign(number, ['CASA-PC-2']);
    t.clock.advance(3_000);
    expect((await undo(number, 'CASA-PC-2')).statusCode).toBe(200);
    await eventually(() => orders.length === 2, 'the two orders on the device');
    expect(orders.map((o) => [o.type, o.incident, o.reason])).toEqual([
      ['assigned', number, undefined],
      ['released', number, 'undo'],
    ]);
  });
});

