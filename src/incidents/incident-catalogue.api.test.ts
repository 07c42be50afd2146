import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findEvents } from '../core/journal.repository.js';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from '../server/testing.js';
import type { Incident } from './incident.js';
import type { IncidentTypeCatalogue } from './incident-type.js';

describe(`the catalogue, edited by a supervisor (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let supervisor: string;
  let dispatcher: string;
  let callTaker: string;
  beforeAll(async () => {
    t = await setupTestApp();
    supervisor = (await t.login(['supervisor'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    callTaker = (await t.login(['call-taker'])).token;
  });
  afterAll(async () => t.close());

  const current = async () => (await t.app.inject({ url: '/incident-types', headers: bearer(callTaker) })).json() as IncidentTypeCatalogue;
  const put = (token: string, body: unknown) => t.app.inject({ method: 'PUT', url: '/incident-types', headers: bearer(token), payload: body as object });

  it('takes effect for the next incident, and the journal says which types changed', async () => {
    const edited = structuredClone(await current());
    edited.find((type) => type.code === 'noise')!.defaultPriority = 'P3';
    edited.push({
      code: 'stray_animal',
      labels: { ar: 'حيوان ضال', fr: 'Animal errant', en: 'Stray animal' },
      family: 'nuisance',
      defaultPriority: 'P4',
      capabilities: [],
      questions: [],
    });
    const saved = await put(supervisor, edited);
    expect(saved.statusCode, saved.body).toBe(200);
    expect((await current()).map((type) => type.code)).toContain('stray_animal');
    const noise = await t.app.inject({ method: 'POST', url: '/incidents', headers: bearer(callTaker), payload: { type: 'noise', location: { lat: 33.59, lon: -7.6 }, summary: 'Party' } });
    expect((noise.json() as Incident).priority).toBe('P3');
    const [event] = await findEvents(t.core.db, { stream: 'incident-types/catalogue', limit: 10 });
    expect(event).toMatchObject({ type: 'incident_types.replaced', data: { added: ['stray_animal'], removed: [], changed: ['noise'], count: 20 } });
  });

  it('refuses a catalogue that does not validate, and keeps the one in force', async () => {
    const before = await current();
    const broken = before.filter((type) => type.code !== 'shots_fired');
    const refused = await put(supervisor, broken);
    expect(refused.statusCode).toBe(400);
    expect(refused.json().detail).toContain('the required type "shots_fired" is missing');
    expect(await current()).toEqual(before);
  });

  it('is edited by supervisors only', async () => {
    expect((await put(dispatcher, await current())).statusCode).toBe(403);
  });
});
