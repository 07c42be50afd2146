import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp } from '../server/testing.js';
import type { Appointment, DaySlots } from './appointment.js';
import { CASA_DESK, personBody, setupIdentityTest, type IdentityTest } from './identity.testing.js';

describe(`enrolment desks and appointments (${testDatabaseKind()})`, () => {
  let c: IdentityTest;
  let citizen: { token: string; username: string };
  let other: { token: string; username: string };
  const people = ['BE000001', 'BE000002', 'BE000003', 'BE000004', 'BE000005', 'BE000006'];

  // Each test on a fresh desk with six people and no appointment: slot counts are the test's own.
  beforeEach(async () => {
    c = await setupIdentityTest(setupTestApp);
    citizen = await c.t.login(['citizen']);
    other = await c.t.login(['citizen']);
    await c.ok('/identity/desks', c.admin, CASA_DESK, 201);
    for (const nin of people) await c.ok('/identity/persons', c.clerk.token, personBody(nin, { phone: undefined }), 201);
    await c.send('PUT', `/identity/persons/${people[0]}/account`, c.clerk.token, { username: citizen.username });
    await c.send('PUT', `/identity/persons/${people[1]}/account`, c.clerk.token, { username: other.username });
  });
  afterEach(async () => c.close());

  const book = (nin: string, day: string, time: string) => c.post('/identity/appointments', c.clerk.token, { nin, desk: 'CASA-ANFA', day, time });
  const slot = async (day: string, time: string) => ((await c.get(`/identity/desks/CASA-ANFA/slots?day=${day}`, c.clerk.token)).json() as DaySlots).slots.find((s) => s.time === time)!;

  it('never fills a slot past its capacity, however many book at once', async () => {
    const responses = await Promise.all(people.slice(2, 5).map((nin) => book(nin, '2026-03-04', '10:00')));
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 201, 409]);
    const full = responses.find((r) => r.statusCode === 409)!;
    expect(full.json()).toMatchObject({ errors: [{ field: 'time', message: expect.stringContaining('is full (2 people)') as string }] });
    expect(await slot('2026-03-04', '10:00')).toEqual({ time: '10:00', capacity: 2, booked: 2, free: 0 });
    expect(await c.count('identity_appointment')).toBe(2);
  });

  it('gives a person one upcoming appointment, even when two are booked for them at once', async () => {
    const responses = await Promise.all([book('BE000006', '2026-03-05', '09:00'), book('BE000006', '2026-03-05', '11:00')]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(responses.find((r) => r.statusCode === 409)!.json()).toMatchObject({ errors: [{ field: 'nin', message: expect.stringContaining('already holds an appointment') as string }] });
    const booked = ((await c.get('/identity/appointments?desk=CASA-ANFA&day=2026-03-05', c.clerk.token)).json() as Appointment[]).filter((a) => a.status === 'booked');
    expect(booked).toHaveLength(1);
    const [nineAm, elevenAm] = [await slot('2026-03-05', '09:00'), await slot('2026-03-05', '11:00')];
    expect(nineAm.booked + elevenAm.booked).toBe(1);
  });

  it('refuses slots that are past, off the grid, on a closed day or too far ahead, and writes nothing', async () => {
    const head = await c.t.journalHead();
    const refuse = async (day: string, time: string, field: string) => {
      const response = await book('BE000001', day, time);
      expect(response.statusCode, `${day} ${time}`).toBe(400);
      expect(response.json()).toMatchObject({ errors: [{ field }] });
    };
    await refuse('2026-03-01', '10:00', 'day');
    await refuse('2026-03-02', '07:45', 'time');
    await refuse('2026-03-04', '10:10', 'time');
    await refuse('2026-03-07', '10:00', 'day');
    await refuse('2026-06-30', '10:00', 'day');
    await refuse('2026-02-30', '10:00', 'day');
    await refuse('2026-03-04', '25:00', 'time');
    expect((await c.post('/identity/appointments', c.clerk.token, { nin: 'BE000001', desk: 'NOWHERE', day: '2026-03-04', time: '10:00' })).json()).toMatchObject({ errors: [{ field: 'desk' }] });
    expect((await c.post('/identity/appointments', c.clerk.token, { nin: 'BK999999', desk: 'CASA-ANFA', day: '2026-03-04', time: '10:30' })).json()).toMatchObject({ errors: [{ field: 'nin' }] });
    expect(await c.t.journalHead()).toBe(head);
  });

  it('moves and cancels an appointment, freeing its place', async () => {
    for (const nin of ['BE000003', 'BE000004']) expect((await book(nin, '2026-03-04', '10:00')).statusCode).toBe(201);
    const booked = (await c.get('/identity/appointments?desk=CASA-ANFA&day=2026-03-04', c.clerk.token)).json() as Appointment[];
    const first = booked[0]!;
    const moved = await c.send('PATCH', `/identity/appointments/${first.id}`, c.clerk.token, { day: '2026-03-04', time: '14:00' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ time: '14:00', status: 'booked' });
    expect(await slot('2026-03-04', '10:00')).toMatchObject({ booked: 1, free: 1 });
    expect(await slot('2026-03-04', '14:00')).toMatchObject({ booked: 1 });
    const cancelled = await c.ok<Appointment>(`/identity/appointments/${first.id}/cancel`, c.clerk.token);
    expect(cancelled.status).toBe('cancelled');
    expect(await slot('2026-03-04', '14:00')).toMatchObject({ booked: 0, free: 2 });
    const again = await c.post(`/identity/appointments/${first.id}/cancel`, c.clerk.token);
    expect(again.statusCode).toBe(409);
    expect((await c.stream(`identity-appointment/${first.id}`)).map((e) => e.type)).toEqual(['identity_appointment.booked', 'identity_appointment.moved', 'identity_appointment.cancelled']);
  });

  it('lets a citizen book, move and cancel their own appointment only', async () => {
    const mine = await c.post('/identity/me/appointment', citizen.token, { desk: 'CASA-ANFA', day: '2026-03-06', time: '08:30' });
    expect(mine.statusCode, mine.body).toBe(201);
    expect((await c.post('/identity/me/appointment', citizen.token, { desk: 'CASA-ANFA', day: '2026-03-06', time: '11:30' })).statusCode).toBe(409);
    const moved = await c.send('PATCH', '/identity/me/appointment', citizen.token, { day: '2026-03-06', time: '09:00' });
    expect(moved.json()).toMatchObject({ nin: 'BE000001', time: '09:00' });
    // Another citizen cannot reach it: their own requests concern their own record.
    expect((await c.get('/identity/me/appointment', other.token)).statusCode).toBe(404);
    await c.ok('/identity/me/appointment', other.token, { desk: 'CASA-ANFA', day: '2026-03-06', time: '09:00' }, 201);
    const theirs = (await c.get('/identity/me/appointment', other.token)).json() as Appointment;
    expect(theirs.nin).toBe('BE000002');
    const mineNow = (await c.get('/identity/me/appointment', citizen.token)).json() as Appointment;
    expect((await c.send('PATCH', `/identity/appointments/${mineNow.id}`, other.token, { day: '2026-03-06', time: '10:00' })).statusCode).toBe(403);
    expect((await c.post('/identity/me/appointment/cancel', citizen.token)).json()).toMatchObject({ status: 'cancelled' });
    expect((await c.post('/identity/me/appointment/cancel', citizen.token)).statusCode).toBe(404);
  });

  it('lists a citizen’s appointment and application, empty before they have any, without a 404', async () => {
    const appointments = await c.get('/identity/me/appointments', other.token);
    expect(appointments.statusCode).toBe(200);
    expect(appointments.json()).toEqual([]);
    const applications = await c.get('/identity/me/applications', other.token);
    expect(applications.statusCode).toBe(200);
    expect(applications.json()).toEqual([]);
    const booked = await c.ok<Appointment>('/identity/me/appointment', other.token, { desk: 'CASA-ANFA', day: '2026-03-06', time: '09:00' }, 201);
    expect((await c.get('/identity/me/appointments', other.token)).json()).toEqual([booked]);
    // Their own only.
    expect((await c.get('/identity/me/appointments', citizen.token)).json()).toEqual([]);
  });

  it('records a no-show once the slot has begun, and a past booking stops holding its person', async () => {
    expect((await book('BE000006', '2026-03-05', '09:00')).statusCode).toBe(201);
    const created = await c.ok<Appointment>('/identity/appointments', c.clerk.token, { nin: 'BE000001', desk: 'CASA-ANFA', day: '2026-03-03', time: '09:00' }, 201);
    const early = await c.post(`/identity/appointments/${created.id}/no-show`, c.clerk.token);
    expect(early.statusCode).toBe(409);
    c.t.clock.set('2026-03-03T09:20:00.000Z');
    expect((await c.ok<Appointment>(`/identity/appointments/${created.id}/no-show`, c.clerk.token)).status).toBe('no_show');
    // BE000006 booked for 2026-03-05 and never came: days later they can book again.
    c.t.clock.set('2026-03-08T20:00:00.000Z');
    const again = await book('BE000006', '2026-03-10', '09:00');
    expect(again.statusCode, again.body).toBe(201);
    const day = (await c.get('/identity/appointments?desk=CASA-ANFA&day=2026-03-05', c.clerk.token)).json() as Appointment[];
    expect(day.filter((a) => a.nin === 'BE000006').map((a) => a.status)).toEqual(['no_show']);
  });

  it('hands the reminders for a day once, with the phone when there is one', async () => {
    c.t.clock.set('2026-03-08T20:00:00.000Z');
    expect((await book('BE000006', '2026-03-10', '09:00')).statusCode).toBe(201);
    const reminders = await c.ok<{ nin: string; phone: string | null }[]>('/identity/appointments/reminders?day=2026-03-10', c.clerk.token);
    expect(reminders).toMatchObject([{ nin: 'BE000006', phone: null, time: '09:00' }]);
    expect(await c.ok('/identity/appointments/reminders?day=2026-03-10', c.clerk.token)).toEqual([]);
    const bad = await c.post('/identity/appointments/reminders?day=2026-02-30', c.clerk.token);
    expect(bad.statusCode).toBe(400);
    expect((await c.post('/identity/appointments/reminders', citizen.token)).statusCode).toBe(403);
  });
});
