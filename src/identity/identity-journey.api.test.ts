import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import type { JournalEvent } from '../core/journal.js';
import { bearer, setupTestApp } from '../server/testing.js';
import type { Application, EnrolledPhoto } from './application.js';
import type { Appointment } from './appointment.js';
import type { Card, Verification } from './card.js';
import { parseTd1 } from './icao/mrz.js';
import { AGADIR_DESK, CASA_DESK, MARRAKECH, RABAT, enrolmentBody, personBody, setupIdentityTest, tinyJpeg, type IdentityTest } from './identity.testing.js';
import type { Person } from './person.js';
import type { BatchWithApplications, ProductionBoard, ScheduleResult } from './production.js';
import type { IdentityStatistics } from './statistics.js';

// The card's journey is one test: each step acts on what the steps before it made (the application, the
// batch, the card), so none of them can run alone or in another order.
describe(`a card from appointment to verification (${testDatabaseKind()})`, () => {
  let c: IdentityTest;
  let citizen: { token: string; username: string };
  let verifier: string;

  beforeEach(async () => {
    c = await setupIdentityTest(setupTestApp);
    citizen = await c.t.login(['citizen']);
    verifier = (await c.t.login(['issuance-operator'])).token;
    for (const centre of [RABAT, MARRAKECH]) await c.ok('/identity/centres', c.admin, centre, 201);
    for (const desk of [CASA_DESK, AGADIR_DESK]) await c.ok('/identity/desks', c.admin, desk, 201);
  });
  afterEach(async () => c.close());

  it('takes a card from the appointment through enrolment, production and hand-over to verification and a theft declaration, counted and journaled', async () => {
    let application: Application;
    let southern: Application;
    let card: Card;

    // Registers a person and links their citizen account, who then sees only their own record.
    {
      const person = await c.ok<Person>('/identity/persons', c.clerk.token, personBody('BE123456'), 201);
      expect(person).toMatchObject({ nin: 'BE123456', surname: 'El Idrissi', givenNamesAr: 'محمد أمين', account: null, cards: [] });
      expect((await c.send('PUT', '/identity/persons/BE123456/account', c.clerk.token, { username: citizen.username })).json()).toMatchObject({ account: citizen.username });
      const mine = await c.get('/identity/me', citizen.token);
      expect(mine.statusCode, mine.body).toBe(200);
      expect(mine.json()).toMatchObject({ nin: 'BE123456' });
      expect((await c.get('/identity/persons/BE123456?reason=own+curiosity', citizen.token)).statusCode).toBe(403);
      const reads = (await c.stream('identity-person/BE123456')).filter((e) => e.type === 'identity_person.read');
      expect(reads).toMatchObject([{ actor: `user:${citizen.username}`, data: { reason: 'own record', via: 'self' } }]);
    }

    // Books the citizen an appointment for tomorrow in a slot with room.
    {
      const slots = (await c.get('/identity/desks/CASA-ANFA/slots?day=2026-03-03', citizen.token)).json() as { slots: { time: string; free: number }[] };
      expect(slots.slots[0]).toEqual({ time: '08:30', capacity: 2, booked: 0, free: 2 });
      const booked = await c.ok<Appointment>('/identity/me/appointment', citizen.token, { desk: 'CASA-ANFA', day: '2026-03-03', time: '09:00' }, 201);
      expect(booked).toMatchObject({ nin: 'BE123456', desk: 'CASA-ANFA', day: '2026-03-03', time: '09:00', status: 'booked' });
      const after = (await c.get('/identity/desks/CASA-ANFA/slots?day=2026-03-03', citizen.token)).json() as { slots: { time: string; booked: number }[] };
      expect(after.slots.find((s) => s.time === '09:00')).toMatchObject({ booked: 1, free: 1 });
      const reminders = await c.ok<{ appointment: string; phone: string }[]>('/identity/appointments/reminders', c.clerk.token);
      expect(reminders).toEqual([{ appointment: booked.id, nin: 'BE123456', phone: '+212612345678', desk: 'CASA-ANFA', deskName: CASA_DESK.name, day: '2026-03-03', time: '09:00' }]);
      expect(await c.ok('/identity/appointments/reminders', c.clerk.token)).toEqual([]);
      expect((await c.stream(`identity-appointment/${booked.id}`)).map((e) => e.type)).toEqual(['identity_appointment.booked', 'identity_appointment.reminded']);
    }

    // Opens the application at the appointment, the fee for an adult paid.
    {
      c.t.clock.set('2026-03-03T09:00:00.000Z');
      const appointment = (await c.get('/identity/me/appointment', citizen.token)).json() as Appointment;
      application = await c.ok<Application>(
        '/identity/applications',
        c.clerk.token,
        { nin: 'BE123456', kind: 'first_card', desk: 'CASA-ANFA', appointment: appointment.id, payment: { amountMad: 75, reference: 'TIMBRE-2026-000981' } },
        201,
      );
      expect(application).toMatchObject({ number: 'CNIE-2026-0000001', status: 'submitted', feeMad: 75, age: 35, validityYears: 10, enrolled: false, allowedActions: ['enrol', 'reject'] });
      expect(((await c.get('/identity/me/appointment', citizen.token)).json() as Appointment).status).toBe('attended');
      expect((await c.get('/identity/me/application', citizen.token)).json()).toMatchObject({ number: application.number, status: 'submitted', history: [{ to: 'submitted' }] });
    }

    // Enrols the biometrics, runs the checks, and approves a clean application.
    {
      c.t.clock.advance(10 * 60_000);
      const enrolled = await c.ok<Application>(`/identity/applications/${application.number}/enrolment`, c.clerk.token, enrolmentBody('BE123456'));
      expect(enrolled).toMatchObject({ status: 'approved', enrolled: true, flags: [] });
      expect(enrolled.history.map((s) => [s.from, s.to, s.actor])).toEqual([
        [null, 'submitted', `user:${c.clerk.username}`],
        ['submitted', 'enrolled', `user:${c.clerk.username}`],
        ['enrolled', 'checked', 'system:identity-checks'],
        ['checked', 'approved', 'system:identity-checks'],
      ]);
      const photo = (await c.get(`/identity/applications/${application.number}/photo`, c.clerk.token)).json() as EnrolledPhoto;
      expect(photo).toMatchObject({ format: 'jpeg', width: 64, height: 80, quality: 82, data: tinyJpeg(64, 80).toString('base64') });
      expect((await c.stream('identity-person/BE123456')).at(-1)).toMatchObject({ type: 'identity_person.photo_read', actor: `user:${c.clerk.username}` });
    }

    // Schedules each approved application at the nearest centre with room: Casablanca to Rabat, Agadir to Marrakech.
    {
      await c.ok('/identity/persons', c.clerk.token, personBody('JC20345', { surname: 'Ait Benhaddou', givenNames: 'Fatima', surnameAr: 'آيت بنحدو', givenNamesAr: 'فاطمة', sex: 'F', birthDate: '2018-01-09', birthPlace: 'Agadir', fatherName: 'Brahim', motherName: 'Aicha' }), 201);
      const opened = await c.ok<Application>('/identity/applications', c.clerk.token, { nin: 'JC20345', kind: 'first_card', desk: 'AGADIR-1', payment: { amountMad: 50, reference: 'TIMBRE-2026-000982' } }, 201);
      expect(opened).toMatchObject({ feeMad: 50, age: 8, validityYears: 5 });
      southern = await c.ok<Application>(`/identity/applications/${opened.number}/enrolment`, c.clerk.token, enrolmentBody('JC20345'));
      expect(southern.status).toBe('approved');

      const schedule = await c.ok<ScheduleResult>('/identity/production/schedule', c.operator);
      expect(schedule).toMatchObject({ day: '2026-03-03', scheduled: 2, waiting: 0 });
      expect(schedule.batches.map((b) => [b.id, b.centre, b.desk, b.size, b.status])).toEqual([
        ['RABAT-20260303-0001', 'RABAT', 'CASA-ANFA', 1, 'scheduled'],
        ['MARRAKECH-20260303-0001', 'MARRAKECH', 'AGADIR-1', 1, 'scheduled'],
      ]);
      const board = (await c.get('/identity/centres/RABAT/board', c.operator)).json() as ProductionBoard;
      expect(board).toMatchObject({ scheduled: 1, capacityLeft: 11_999, stockReserved: 1, stockFree: 49_999, queue: 0 });
      expect((await c.get(`/identity/applications/${application.number}`, c.clerk.token)).json()).toMatchObject({ status: 'in_production', centre: 'RABAT', batch: 'RABAT-20260303-0001' });
    }

    // Personalises the batch through the centre’s Document Signer and takes the blank cards.
    {
      const produced = await c.ok<BatchWithApplications>('/identity/batches/RABAT-20260303-0001/produce', c.operator);
      expect(produced).toMatchObject({ status: 'produced', size: 1, applications: [application.number] });
      const after = (await c.get(`/identity/applications/${application.number}`, c.clerk.token)).json() as Application;
      expect(after).toMatchObject({ status: 'produced', documentNumber: 'R00000001' });
      card = (await c.get('/identity/cards/R00000001', c.clerk.token)).json() as Card;
      expect(card).toMatchObject({ nin: 'BE123456', status: 'pending', centre: 'RABAT', dateOfIssue: '2026-03-03', dateOfExpiry: '2036-03-03' });
      expect(card.mrz).toHaveLength(3);
      const mrz = parseTd1(card.mrz, { today: new Date('2026-03-03') });
      expect(mrz).toMatchObject({ documentNumber: 'R00000001', issuingState: 'MAR', optionalData1: 'BE123456', dateOfBirth: '1990-05-14', dateOfExpiry: '2036-03-03', primaryIdentifier: 'EL IDRISSI' });
      const rabat = (await c.get('/identity/centres/RABAT/board', c.operator)).json() as ProductionBoard;
      expect(rabat.centre.stock).toBe(49_999);
      expect(rabat).toMatchObject({ stockReserved: 0 });
      const metrics = await c.t.core.metrics.registry.metrics();
      expect(metrics).toContain('amane_identity_cards_produced_total{centre="RABAT"} 1');
      expect(metrics).toContain('amane_identity_applications_total{kind="first_card",result="opened"} 2');
      // The card is not valid before it is handed over.
      expect((await c.get('/identity/verify?documentNumber=R00000001')).json()).toEqual({ valid: false, status: 'pending' });
    }

    // Ships the batch, the desk receives it, and hands the card over only to its holder.
    {
      await c.ok('/identity/batches/RABAT-20260303-0001/ship', c.operator);
      c.t.clock.set('2026-03-05T10:00:00.000Z');
      await c.ok('/identity/batches/RABAT-20260303-0001/receive', c.clerk.token);
      const deliveries = (await c.get('/identity/desks/CASA-ANFA/deliveries', c.clerk.token)).json() as { ready: { application: string }[] };
      expect(deliveries.ready).toMatchObject([{ application: application.number, documentNumber: 'R00000001' }]);

      const head = await c.t.journalHead();
      const refused = await c.post(`/identity/applications/${application.number}/handover`, c.clerk.token, { nin: 'BE123456', birthDate: '1990-05-15' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ errors: [{ field: 'birthDate' }] });
      expect(await c.t.journalHead()).toBe(head + 1);
      expect((await c.stream(`identity-application/${application.number}`)).at(-1)).toMatchObject({ type: 'identity_application.handover_refused', data: { mismatch: ['birthDate'] } });
      expect(((await c.get(`/identity/applications/${application.number}`, c.clerk.token)).json() as Application).status).toBe('ready');

      const delivered = await c.ok<Application>(`/identity/applications/${application.number}/handover`, c.clerk.token, { nin: 'BE123456', birthDate: '1990-05-14' });
      expect(delivered.history.map((s) => s.to)).toEqual(['submitted', 'enrolled', 'checked', 'approved', 'in_production', 'produced', 'sent_to_station', 'ready', 'delivered']);
      expect((await c.get('/identity/cards/R00000001', c.clerk.token)).json()).toMatchObject({ status: 'active', effectiveStatus: 'active' });
      expect((await c.get('/identity/me/application', citizen.token)).json()).toMatchObject({ status: 'delivered' });
    }

    // Verifies the card: valid for anyone, with the holder for a verifying officer (a journaled read).
    {
      expect((await c.get('/identity/verify?documentNumber=R00000001')).json()).toEqual({ valid: true, status: 'active' } satisfies Verification);
      const officer = await c.get('/identity/verify?documentNumber=R00000001', verifier);
      expect(officer.json()).toEqual({
        valid: true,
        status: 'active',
        documentNumber: 'R00000001',
        dateOfExpiry: '2036-03-03',
        holder: { nin: 'BE123456', surname: 'El Idrissi', givenNames: 'Mohammed Amine', surnameAr: 'الإدريسي', givenNamesAr: 'محمد أمين', dateOfBirth: '1990-05-14', sex: 'M' },
      });
      expect((await c.stream('identity-person/BE123456')).at(-1)).toMatchObject({ type: 'identity_person.read', data: { via: 'verification' } });
      const byMrz = await c.post('/identity/verify', undefined, { mrz: card.mrz });
      expect(byMrz.json()).toEqual({ valid: true, status: 'active' });
      const altered = [card.mrz[0]!, card.mrz[1]!, 'IDRISSI<<MOHAMMED<AMINE<<<<<<<'];
      expect((await c.post('/identity/verify', undefined, { mrz: altered })).json()).toEqual({ valid: false, status: 'mismatch' });
      expect((await c.get('/identity/verify?documentNumber=R99999999')).json()).toEqual({ valid: false, status: 'unknown' });
      const csca = await c.get('/identity/csca.pem');
      expect(csca.statusCode).toBe(200);
      expect(csca.body).toMatch(/^-----BEGIN CERTIFICATE-----/);
    }

    // Reports the card stolen: verification says so, and the holder’s replacement needs the declaration.
    {
      const stolen = await c.post('/identity/cards/R00000001/status', c.clerk.token, { action: 'declare_stolen', reason: 'declared stolen at the Anfa station, PV 2026/311' });
      expect(stolen.statusCode, stolen.body).toBe(200);
      expect((await c.get('/identity/verify?documentNumber=R00000001')).json()).toEqual({ valid: false, status: 'stolen' });
      expect((await c.post('/identity/verify', undefined, { mrz: card.mrz })).json()).toEqual({ valid: false, status: 'stolen' });
      const again = await c.post('/identity/cards/R00000001/status', c.clerk.token, { action: 'reinstate', reason: 'found' });
      expect(again.statusCode).toBe(409);
      expect(again.json()).toMatchObject({ code: 'invalid_transition', allowed: ['revoke'] });
      const noDeclaration = await c.post('/identity/applications', c.clerk.token, { nin: 'BE123456', kind: 'replacement', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'TIMBRE-2026-001200' } });
      expect(noDeclaration.statusCode).toBe(409);
      expect(noDeclaration.json()).toMatchObject({ errors: [{ field: 'declaration' }] });
      expect((await c.get('/identity/persons/BE123456?reason=replacement+request', c.clerk.token)).json()).toMatchObject({ cards: [{ documentNumber: 'R00000001', status: 'stolen' }] });
    }

    // Counts the cards per centre and the waiting time before each step; the journal verifies.
    {
      await c.ok('/identity/batches/MARRAKECH-20260303-0001/produce', c.operator);
      const stats = (await c.get('/identity/statistics?from=2026-03-01&to=2026-03-31', c.auditor)).json() as IdentityStatistics;
      expect(stats.produced.byDay).toEqual([
        { centre: 'RABAT', period: '2026-03-03', cards: 1 },
        { centre: 'MARRAKECH', period: '2026-03-05', cards: 1 },
      ]);
      expect(stats.produced.byMonth).toEqual([
        { centre: 'MARRAKECH', period: '2026-03', cards: 1 },
        { centre: 'RABAT', period: '2026-03', cards: 1 },
      ]);
      expect(stats.produced.total).toBe(2);
      const enrol = stats.waiting.find((w) => w.from === 'submitted' && w.to === 'enrolled');
      expect(enrol).toMatchObject({ count: 2 });
      expect(stats.waiting.find((w) => w.from === 'ready' && w.to === 'delivered')).toMatchObject({ count: 1, medianSeconds: 0 });
      expect(stats.waiting.find((w) => w.from === 'in_production' && w.to === 'produced')).toMatchObject({ count: 2 });
      expect((await c.get('/identity/statistics', citizen.token)).statusCode).toBe(403);
      expect((await verifyChain(c.t.core.db)).ok).toBe(true);
      expect(southern.number).toBe('CNIE-2026-0000002');
    }

    // No personal data on the application's stream, however far it went.
    {
      const events = await c.stream(`identity-application/${application.number}`);
      const text = JSON.stringify(events);
      for (const personal of ['BE123456', 'Idrissi', 'الإدريسي', '1990-05-14']) expect(text).not.toContain(personal);
    }
  });

  it('lets the auditor follow who read whose record, and keeps personal data off the application streams', async () => {
    await c.ok('/identity/persons', c.clerk.token, personBody('BE123456'), 201);
    await c.ok('/identity/persons', c.clerk.token, personBody('JC20345', { surname: 'Ait Benhaddou', givenNames: 'Fatima', surnameAr: 'آيت بنحدو', givenNamesAr: 'فاطمة', sex: 'F', birthDate: '1988-01-09' }), 201);
    expect((await c.send('PUT', '/identity/persons/BE123456/account', c.clerk.token, { username: citizen.username })).statusCode).toBe(200);
    const opened = await c.ok<Application>('/identity/applications', c.clerk.token, { nin: 'BE123456', kind: 'first_card', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'TIMBRE-2026-000981' } }, 201);
    const otherClerk = await c.t.login(['identity-clerk']);
    expect((await c.get('/identity/persons/BE123456?reason=replacement+request', c.clerk.token)).statusCode).toBe(200);
    expect((await c.get('/identity/persons/JC20345?reason=address+check', otherClerk.token)).statusCode).toBe(200);
    expect((await c.get('/identity/me', citizen.token)).statusCode).toBe(200);

    // The auditor reads the journal over the API: each read names its reader, the record read (its
    // stream) and the reason given, in the order they happened.
    const journal = await c.t.app.inject({ url: '/journal?limit=1000', headers: bearer(c.auditor) });
    expect(journal.statusCode).toBe(200);
    const reads = (journal.json() as JournalEvent[]).filter((e) => e.type === 'identity_person.read').map((e) => ({ actor: e.actor, stream: e.stream, data: e.data }));
    expect(reads).toEqual([
      { actor: `user:${c.clerk.username}`, stream: 'identity-person/BE123456', data: { reason: 'replacement request', via: 'record' } },
      { actor: `user:${otherClerk.username}`, stream: 'identity-person/JC20345', data: { reason: 'address check', via: 'record' } },
      { actor: `user:${citizen.username}`, stream: 'identity-person/BE123456', data: { reason: 'own record', via: 'self' } },
    ]);
    // One person's reads alone, by stream.
    const one = await c.t.app.inject({ url: '/journal?stream=identity-person%2FJC20345', headers: bearer(c.auditor) });
    expect((one.json() as JournalEvent[]).filter((e) => e.type === 'identity_person.read').map((e) => [e.actor, e.data.reason])).toEqual([[`user:${otherClerk.username}`, 'address check']]);
    // Only auditors read the journal.
    expect((await c.t.app.inject({ url: '/journal', headers: bearer(c.clerk.token) })).statusCode).toBe(403);

    const text = JSON.stringify(await c.stream(`identity-application/${opened.number}`));
    expect(text).toContain(opened.number);
    for (const personal of ['BE123456', 'Idrissi', 'الإدريسي', '1990-05-14']) expect(text).not.toContain(personal);
  });
});
