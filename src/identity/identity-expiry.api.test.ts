import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChain } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp } from '../server/testing.js';
import type { Card } from './card.js';
import { startExpirySweep } from './card.service.js';
import { CASA_DESK, RABAT, approvedApplication, personBody, setupIdentityTest, type IdentityTest } from './identity.testing.js';
import type { BatchWithApplications, ScheduleResult } from './production.js';

/**
 * Four cards delivered on 2026-03-03: R00000001 an adult's (10 years), R00000002 a child's (5 years),
 * R00000003 an adult's then suspended, R00000004 an adult's then declared stolen.
 */
const HOLDERS = [
  { nin: 'BE710001', givenNames: 'Omar', givenNamesAr: 'عمر', birthDate: '1990-05-14' },
  { nin: 'BE710002', givenNames: 'Hamza', givenNamesAr: 'حمزة', birthDate: '2018-01-10' },
  { nin: 'BE710003', givenNames: 'Ilyas', givenNamesAr: 'إلياس', birthDate: '1985-11-02' },
  { nin: 'BE710004', givenNames: 'Yassine', givenNamesAr: 'ياسين', birthDate: '1979-07-21' },
] as const;

describe(`the expiry sweep of the card register (${testDatabaseKind()})`, () => {
  let c: IdentityTest;
  let admin: string;
  let clerk: string;

  // Each test moves the clock years on and sweeps: each on its own register, so it passes alone and in any order.
  beforeEach(async () => {
    c = await setupIdentityTest(setupTestApp);
    await c.ok('/identity/centres', c.admin, RABAT, 201);
    await c.ok('/identity/desks', c.admin, CASA_DESK, 201);
    const numbers: string[] = [];
    for (const holder of HOLDERS) {
      const { nin, ...person } = holder;
      numbers.push((await approvedApplication(c, nin, 'CASA-ANFA', { person: { ...person, fatherName: `Father of ${holder.givenNames}` } })).number);
    }
    c.t.clock.set('2026-03-03T07:00:00.000Z');
    const [batch] = (await c.ok<ScheduleResult>('/identity/production/schedule', c.operator)).batches;
    await c.ok<BatchWithApplications>(`/identity/batches/${batch!.id}/produce`, c.operator);
    await c.ok(`/identity/batches/${batch!.id}/ship`, c.operator);
    await c.ok(`/identity/batches/${batch!.id}/receive`, c.clerk.token);
    for (const [i, number] of numbers.entries()) await c.ok(`/identity/applications/${number}/handover`, c.clerk.token, { nin: HOLDERS[i]!.nin, birthDate: personBody(HOLDERS[i]!.nin, HOLDERS[i]).birthDate });
    await c.ok('/identity/cards/R00000003/status', c.clerk.token, { action: 'suspend', reason: 'holder under investigation, file 2026/88' });
    await c.ok('/identity/cards/R00000004/status', c.clerk.token, { action: 'declare_stolen', reason: 'declared stolen at the Anfa station, PV 2026/412' });
  });
  afterEach(async () => c.close());

  /** Years on, the sessions of the set-up have ended: an administrator and a clerk log in again. */
  const loginAgain = async () => {
    admin = (await c.t.login(['administrator'])).token;
    clerk = (await c.t.login(['identity-clerk'])).token;
  };
  const card = async (documentNumber: string) => (await c.get(`/identity/cards/${documentNumber}`, clerk)).json() as Card;

  it('leaves a card valid through its expiry day', async () => {
    c.t.clock.set('2031-03-03T09:00:00.000Z');
    await loginAgain();
    expect(await card('R00000002')).toMatchObject({ dateOfExpiry: '2031-03-03', status: 'active', effectiveStatus: 'active' });
    const head = await c.t.journalHead();
    expect(await c.ok('/identity/cards/expire', admin)).toEqual({ day: '2031-03-03', expired: 0 });
    expect(await c.t.journalHead()).toBe(head);
    expect((await c.get('/identity/verify?documentNumber=R00000002')).json()).toEqual({ valid: true, status: 'active' });
  });

  it('marks a card expired the day after its expiry, journaled with who ran the sweep', async () => {
    c.t.clock.set('2031-03-04T00:30:00.000Z');
    await loginAgain();
    // Verification reads the card expired already; the register says active until the sweep.
    expect((await c.get('/identity/verify?documentNumber=R00000002')).json()).toEqual({ valid: false, status: 'expired' });
    expect(await card('R00000002')).toMatchObject({ status: 'active', effectiveStatus: 'expired' });
    expect(await c.ok('/identity/cards/expire', admin)).toEqual({ day: '2031-03-04', expired: 1 });
    expect(await card('R00000002')).toMatchObject({ status: 'expired', effectiveStatus: 'expired', allowedActions: ['replace', 'revoke'] });
    const [event] = (await c.stream('identity-card/R00000002')).slice(-1);
    expect(event).toMatchObject({ type: 'identity_card.expired', data: { from: 'active', to: 'expired', dateOfExpiry: '2031-03-03' } });
    expect(event!.actor).toMatch(/^user:/);
    // The adults' cards run to 2036.
    expect(await card('R00000001')).toMatchObject({ status: 'active', dateOfExpiry: '2036-03-03' });
    expect((await c.post('/identity/cards/expire', clerk)).statusCode).toBe(403);
  });

  it('runs at the server’s start as the system: suspended cards expire too, a stolen one stays stolen, nothing twice', async () => {
    c.t.clock.set('2036-03-04T06:00:00.000Z');
    await loginAgain();
    const sweep = startExpirySweep(c.t.core);
    // Stopping waits for the sweep under way, the first one, run at once.
    await sweep.stop();
    expect(await card('R00000001')).toMatchObject({ status: 'expired' });
    expect(await card('R00000003')).toMatchObject({ status: 'expired' });
    expect(await card('R00000004')).toMatchObject({ status: 'stolen', effectiveStatus: 'stolen' });
    expect((await c.stream('identity-card/R00000003')).at(-1)).toMatchObject({ type: 'identity_card.expired', actor: 'system:identity-expiry', data: { from: 'suspended', to: 'expired' } });
    expect((await c.get('/identity/verify?documentNumber=R00000004')).json()).toEqual({ valid: false, status: 'stolen' });

    const head = await c.t.journalHead();
    expect(await c.ok('/identity/cards/expire', admin)).toEqual({ day: '2036-03-04', expired: 0 });
    expect(await c.t.journalHead()).toBe(head);
    expect((await verifyChain(c.t.core.db)).ok).toBe(true);
  });
});
