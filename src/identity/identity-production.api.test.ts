import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp } from '../server/testing.js';
import type { Application } from './application.js';
import type { Card } from './card.js';
import { CASA_DESK, MARRAKECH, RABAT, approvedApplication, enrolmentBody, setupIdentityTest, type IdentityTest } from './identity.testing.js';
import type { Person } from './person.js';
import type { Batch, BatchWithApplications, CentreSwitch, ProductionBoard, ScheduleResult } from './production.js';

describe(`production across issuance centres (${testDatabaseKind()})`, () => {
  let c: IdentityTest;
  let numbers: string[];

  // Each test on a fresh register: three approved applications, nothing scheduled yet.
  beforeEach(async () => {
    numbers = [];
    c = await setupIdentityTest(setupTestApp);
    // Rabat with room for the day; Marrakech with one card a day left, and three blank cards.
    await c.ok('/identity/centres', c.admin, RABAT, 201);
    await c.ok('/identity/centres', c.admin, { ...MARRAKECH, dailyCapacity: 1, stock: 3 }, 201);
    await c.ok('/identity/desks', c.admin, CASA_DESK, 201);
    for (const [i, nin] of ['BE700001', 'BE700002', 'BE700003'].entries()) {
      const application = await approvedApplication(c, nin, 'CASA-ANFA', { person: { givenNames: ['Omar', 'Hamza', 'Ilyas'][i], givenNamesAr: ['عمر', 'حمزة', 'إلياس'][i], fatherName: ['Ali', 'Driss', 'Said'][i] } });
      expect(application.status).toBe('approved');
      numbers.push(application.number);
    }
  });
  afterEach(async () => c.close());

  /** Schedules the three (all to Rabat), then takes Rabat offline: one goes to Marrakech, two wait. */
  async function takeRabatOffline(): Promise<{ scheduled: ScheduleResult; offline: CentreSwitch }> {
    const scheduled = await c.ok<ScheduleResult>('/identity/production/schedule', c.operator);
    const offline = await c.ok<CentreSwitch>('/identity/centres/RABAT/offline', c.operator, { reason: 'power cut at the production hall' });
    return { scheduled, offline };
  }

  /** Produces (when not yet), ships, receives and hands over the card of a scheduled application. */
  async function deliver(number: string, nin: string): Promise<Application> {
    const application = (await c.get(`/identity/applications/${number}`, c.clerk.token)).json() as Application;
    if (application.status === 'in_production') await c.ok(`/identity/batches/${application.batch}/produce`, c.operator);
    await c.ok(`/identity/batches/${application.batch}/ship`, c.operator);
    await c.ok(`/identity/batches/${application.batch}/receive`, c.clerk.token);
    return c.ok<Application>(`/identity/applications/${number}/handover`, c.clerk.token, { nin, birthDate: '1990-05-14' });
  }

  it('refuses to create a centre with a taken prefix, and other roles', async () => {
    const head = await c.t.journalHead();
    expect((await c.post('/identity/centres', c.admin, { ...RABAT, code: 'FES' })).json()).toMatchObject({ errors: [{ field: 'prefix' }] });
    expect((await c.post('/identity/centres', c.operator, { ...RABAT, code: 'FES', prefix: 'F' })).statusCode).toBe(403);
    // Who opens and changes the centres reads them as they stand; the statistics stay out of their reach.
    expect(((await c.get('/identity/centres', c.admin)).json() as { code: string }[]).map((centre) => centre.code)).toEqual(expect.arrayContaining(['RABAT', 'MARRAKECH']));
    expect((await c.get('/identity/statistics', c.admin)).statusCode).toBe(403);
    expect((await c.post('/identity/centres', c.admin, { ...RABAT, code: 'FES', prefix: 'f', dailyCapacity: -1 })).json()).toMatchObject({ errors: [{ field: 'prefix' }, { field: 'dailyCapacity' }] });
    expect(await c.t.journalHead()).toBe(head);
  });

  it('moves the queued work of a centre taken offline to the others, within their capacity and stock', async () => {
    const { scheduled, offline } = await takeRabatOffline();
    expect(scheduled).toMatchObject({ scheduled: 3, waiting: 0, batches: [{ centre: 'RABAT', size: 3 }] });
    expect(offline).toMatchObject({ centre: { online: false }, requeued: 3, rescheduled: 1, waiting: 2 });
    const [rabatBatch] = scheduled.batches as [Batch];
    expect((await c.get(`/identity/batches/${rabatBatch.id}`, c.operator)).json()).toMatchObject({ status: 'cancelled' });
    expect((await c.post(`/identity/batches/${rabatBatch.id}/produce`, c.operator)).statusCode).toBe(409);
    const marrakech = (await c.get('/identity/centres/MARRAKECH/board', c.operator)).json() as ProductionBoard;
    expect(marrakech).toMatchObject({ scheduled: 1, capacityLeft: 0, stockReserved: 1, stockFree: 2, queue: 2 });
    const moved = (await c.get(`/identity/applications/${numbers[0]}`, c.clerk.token)).json() as Application;
    expect(moved).toMatchObject({ status: 'in_production', centre: 'MARRAKECH' });
    expect(moved.history.slice(-3).map((s) => s.to)).toEqual(['in_production', 'approved', 'in_production']);
    // Nothing more fits today: Marrakech is full, Rabat is offline.
    expect(await c.ok<ScheduleResult>('/identity/production/schedule', c.operator)).toMatchObject({ scheduled: 0, waiting: 2 });
  });

  it('schedules the one centre asked for, Marrakech though Rabat is nearer, within its capacity', async () => {
    const marrakech = await c.ok<ScheduleResult>('/identity/production/schedule?centre=MARRAKECH', c.operator);
    expect(marrakech).toMatchObject({ scheduled: 1, waiting: 2, batches: [{ centre: 'MARRAKECH', size: 1 }] });
    expect((await c.get('/identity/batches?centre=RABAT', c.operator)).json()).toEqual([]);
    expect((await c.get('/identity/centres/MARRAKECH/board', c.operator)).json()).toMatchObject({ scheduled: 1, capacityLeft: 0, queue: 2 });
    // Asked again, Marrakech is full: nothing moves to Rabat.
    expect(await c.ok<ScheduleResult>('/identity/production/schedule?centre=MARRAKECH', c.operator)).toMatchObject({ scheduled: 0, waiting: 2, batches: [] });
    expect((await c.get('/identity/batches?centre=RABAT', c.operator)).json()).toEqual([]);
  });

  it('refuses to schedule a centre that is offline or unknown', async () => {
    await c.ok('/identity/centres/MARRAKECH/offline', c.operator, { reason: 'printer maintenance' });
    const offline = await c.post('/identity/production/schedule?centre=MARRAKECH', c.operator);
    expect(offline.statusCode).toBe(409);
    expect(offline.json()).toMatchObject({ detail: expect.stringContaining('MARRAKECH is offline') as string });
    expect((await c.post('/identity/production/schedule?centre=TANGER', c.operator)).statusCode).toBe(404);
    expect((await c.get('/identity/batches', c.operator)).json()).toEqual([]);
  });

  it('produces only within the stock and capacity, and the next day the rest goes on', async () => {
    await takeRabatOffline();
    const [batch] = (await c.get('/identity/batches?centre=MARRAKECH', c.operator)).json() as [Batch];
    const produced = await c.ok<BatchWithApplications>(`/identity/batches/${batch.id}/produce`, c.operator);
    expect(produced).toMatchObject({ status: 'produced', size: 1 });
    expect((await c.post(`/identity/batches/${batch.id}/produce`, c.operator)).json()).toMatchObject({ code: 'invalid_transition', allowed: ['ship'] });
    c.t.clock.set('2026-03-03T07:00:00.000Z');
    const tomorrow = await c.ok<ScheduleResult>('/identity/production/schedule', c.operator);
    expect(tomorrow).toMatchObject({ day: '2026-03-03', scheduled: 1, waiting: 1, batches: [{ centre: 'MARRAKECH', size: 1 }] });
    await c.ok('/identity/centres/RABAT/online', c.operator);
    expect(await c.ok<ScheduleResult>('/identity/production/schedule', c.operator)).toMatchObject({ scheduled: 1, waiting: 0, batches: [{ centre: 'RABAT' }] });
    const past = await c.post('/identity/production/schedule?day=2026-03-02', c.operator);
    expect(past.json()).toMatchObject({ errors: [{ field: 'day' }] });
    const centres = (await c.get('/identity/centres', c.auditor)).json() as { code: string; stock: number }[];
    expect(centres.find((x) => x.code === 'MARRAKECH')!.stock).toBe(2);
  });

  it('replaces an old card with the new one at hand-over, and applies an approved change of data', async () => {
    await c.ok('/identity/production/schedule', c.operator);
    const first = await deliver(numbers[0]!, 'BE700001');
    expect(first.status).toBe('delivered');
    const renewalKind = await c.post('/identity/applications', c.clerk.token, { nin: 'BE700001', kind: 'first_card', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'PAY-RENEW-1' } });
    expect(renewalKind.statusCode).toBe(409);
    const change = await c.ok<Application>(
      '/identity/applications',
      c.clerk.token,
      { nin: 'BE700001', kind: 'change_of_data', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'PAY-CHANGE-1' }, changes: { address: '4 avenue Hassan II, Rabat' } },
      201,
    );
    const changed = await c.ok<Application>(`/identity/applications/${change.number}/enrolment`, c.clerk.token, enrolmentBody('BE700001'));
    expect(changed.status).toBe('approved');
    expect(((await c.get('/identity/persons/BE700001?reason=change+of+address', c.clerk.token)).json() as Person).address).toBe('4 avenue Hassan II, Rabat');
    await c.ok('/identity/production/schedule', c.operator);
    const second = await deliver(change.number, 'BE700001');
    const oldCard = (await c.get(`/identity/cards/${first.documentNumber}`, c.clerk.token)).json() as Card;
    expect(oldCard).toMatchObject({ status: 'replaced', replacedBy: second.documentNumber });
    expect((await c.get(`/identity/verify?documentNumber=${first.documentNumber}`)).json()).toEqual({ valid: false, status: 'replaced' });
    expect((await c.get(`/identity/verify?documentNumber=${second.documentNumber}`)).json()).toEqual({ valid: true, status: 'active' });
  });

  it('replaces a stolen card on a declaration, and the stolen one stays stolen', async () => {
    await c.ok('/identity/production/schedule', c.operator);
    expect(await deliver(numbers[0]!, 'BE700001')).toMatchObject({ status: 'delivered' });
    const person = (await c.get('/identity/persons/BE700001?reason=theft+declaration', c.clerk.token)).json() as Person;
    const current = person.cards.find((card) => card.status === 'active')!;
    const replacement = await c.ok<Application>(
      '/identity/applications',
      c.clerk.token,
      { nin: 'BE700001', kind: 'replacement', desk: 'CASA-ANFA', payment: { amountMad: 75, reference: 'PAY-REPL-1' }, declaration: { kind: 'stolen', reference: 'PV-2026-0412' } },
      201,
    );
    expect(replacement.declaration).toEqual({ kind: 'stolen', reference: 'PV-2026-0412' });
    expect((await c.get(`/identity/verify?documentNumber=${current.documentNumber}`)).json()).toEqual({ valid: false, status: 'stolen' });
    expect((await c.stream(`identity-card/${current.documentNumber}`)).at(-1)).toMatchObject({ type: 'identity_card.declared_stolen', data: { declaration: 'PV-2026-0412' } });
    expect((await verifyChain(c.t.core.db)).ok).toBe(true);
  });
});
