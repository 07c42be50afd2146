import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDevice } from '../core/auth/device.service.js';
import { sharedDataFile, testDatabaseKind } from '../core/testing.js';
import type { Incident, Note } from '../incidents/incident.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { nenaEidoValidator } from './nena-schema.testing.js';

const P = { lat: 33.5731, lon: -7.5898 };
const eidoFolder = sharedDataFile('standards/eido/openapi.yaml');

describe(`incidents shared as NENA EIDO 1.0 (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let pbx: string;
  let taker: { token: string; username: string };
  let dispatcher: string;
  let traffic: string;
  let number: string;

  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set('2026-11-29T10:00:00.000Z');
    pbx = (await registerDevice(t.core, 'system:test', { name: 'pbx-casa-1', kind: 'telephony' })).token;
    taker = await t.login(['call-taker']);
    dispatcher = (await t.login(['dispatcher'])).token;
    traffic = (await t.login(['traffic-operator'])).token;

    // A call, answered, turned into an incident with flags and notes.
    await post('/telephony/calls', pbx, { callId: 'eido-1', callerNumber: '+212600000009', trunk: 'casa-19-a', location: { ...P, radiusM: 80 } });
    await post('/call-takers/me/state', taker.token, { state: 'ready' });
    await post('/calls/next', taker.token);
    t.clock.advance(30_000);
    const created = await post('/calls/eido-1/incident', taker.token, { type: 'shots_fired', summary: 'Shots heard near the Twin Center', address: 'Boulevard Zerktouni, Maârif' });
    expect(created.statusCode, created.body).toBe(201);
    number = (created.json() as { incidentNumber: string }).incidentNumber;
    await post(`/incidents/${number}/flags`, dispatcher, { weapons: true });
    await post(`/incidents/${number}/notes`, dispatcher, { text: 'Two units requested <armed>\nPerimeter on Rue Ibnou Majid' });
    const supervisor = (await t.login(['supervisor'])).token;
    await post('/stations', supervisor, { code: 'ST-MAARIF', name: 'Maârif', location: P });
    await post('/units', supervisor, { callSign: 'CASA-PC-7', kind: 'patrol_car', station: 'ST-MAARIF', capabilities: ['armed'] });
    await post('/units/CASA-PC-7/status', dispatcher, { status: 'available' });
    expect((await post(`/incidents/${number}/assign`, dispatcher, { units: ['CASA-PC-7'] })).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  const { get, post } = requestsTo(() => t.app);

  it('exports the incident with its call, notes, caution and the unit sent', async () => {
    const response = await get(`/incidents/${number}/eido`, dispatcher);
    expect(response.statusCode, response.body).toBe(200);
    const doc = response.json() as Record<string, unknown> & { incidentComponent: Record<string, unknown>; callComponent: unknown[]; notesComponent: unknown[] };
    expect(doc.incidentComponent).toMatchObject({ internalIncidentId: number, incidentTypeCommonRegistryText: 'SHOOT', incidentPriorityInternalText: 'P1', incidentStatusInternalText: ['dispatched'] });
    expect(doc.callComponent).toHaveLength(1);
    expect(doc.notesComponent).toHaveLength(2);
    expect(doc).toHaveProperty('cautionComponent');
    expect(doc).toMatchObject({ emergencyResourceComponent: [{ emergencyResourceName: 'CASA-PC-7', primaryUnitStatusRegistryText: 'Dispatched' }] });
    expect((await get(`/incidents/CASA-2026-999999/eido`, dispatcher)).statusCode).toBe(404);
  });

  it.skipIf(eidoFolder === undefined)("exports documents valid against NENA's EIDO 1.0 schema (needs ../shared/data/standards/eido)", async () => {
    const validate = nenaEidoValidator(path.dirname(eidoFolder!));
    const doc = (await get(`/incidents/${number}/eido`, dispatcher)).json() as unknown;
    expect(validate(doc), JSON.stringify(validate.errors, null, 1)).toBe(true);
  });

  it('imports the export as a new incident with the same fields, its notes after, its origin journaled', async () => {
    const original = (await get(`/incidents/${number}`, dispatcher)).json() as Incident;
    const doc = (await get(`/incidents/${number}/eido`, dispatcher)).json() as Record<string, unknown>;
    // Received by another centre: the document's identity is the sender's.
    doc.$id = 'urn:emergency:uid:incidentid:abc123:rabat.police.ma';
    t.clock.advance(60_000);
    const response = await post('/incidents/eido', dispatcher, doc);
    expect(response.statusCode, response.body).toBe(201);
    const { incident, warnings } = response.json() as { incident: Incident; warnings: string[] };
    expect(warnings).toEqual(['1 unit of the sending centre (CASA-PC-7) not carried over: send units from this centre']);
    expect(incident.number).not.toBe(number);
    for (const field of ['type', 'priority', 'location', 'address', 'summary', 'flags', 'capabilities', 'district'] as const) {
      expect(incident[field], field).toEqual(original[field]);
    }
    expect(incident.status).toBe('new');
    const notes = (await get(`/incidents/${incident.number}/notes`, dispatcher)).json() as Note[];
    expect(notes.map((n) => n.text)).toEqual([expect.stringMatching(/^\[.+@casablanca\.police\.ma, 2026-11-29T10:00:30\.000Z\] Two units requested <armed>\nPerimeter on Rue Ibnou Majid$/)]);
    const timeline = (await get(`/incidents/${incident.number}/timeline`, dispatcher)).json() as { events: { type: string; data: Record<string, unknown> }[] };
    expect(timeline.events[0]).toMatchObject({
      type: 'incident.created',
      data: { source: { eido: doc.$id, agency: 'casablanca.police.ma', issuedBy: 'cad.casablanca.police.ma', incident: number } },
    });

    const again = await post('/incidents/eido', dispatcher, doc);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ errors: [{ field: '$id', message: `was already received as incident ${incident.number}` }] });
  });

  it('refuses a bad document field by field, and changes nothing', async () => {
    const doc = (await get(`/incidents/${number}/eido`, dispatcher)).json() as Record<string, unknown> & { incidentComponent: Record<string, unknown>; agencyComponent: unknown[] };
    const head = await t.journalHead();
    const broken = { ...doc, $id: 'urn:x:1', eidoVersion: '2.0', lastUpdateTimeStamp: 'yesterday', agencyComponent: [], incidentComponent: { ...doc.incidentComponent, incidentTypeCommonRegistryText: undefined } };
    const response = await post('/incidents/eido', dispatcher, broken);
    expect(response.statusCode).toBe(400);
    const fields = (response.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['agencyComponent', 'eidoVersion', 'incidentComponent.incidentTypeCommonRegistryText', 'lastUpdateTimeStamp']);
    const unplaceable = await post('/incidents/eido', dispatcher, { ...doc, $id: 'urn:x:2', locationComponent: [] });
    expect(unplaceable.statusCode).toBe(400);
    expect(unplaceable.json()).toMatchObject({ errors: [{ field: 'incidentComponent.locationReference.0' }] });
    expect(await t.journalHead()).toEqual(head);
  });

  it('lets only those who may create incidents import, and those who may read them export', async () => {
    const doc = (await get(`/incidents/${number}/eido`, dispatcher)).json() as Record<string, unknown>;
    expect((await post('/incidents/eido', traffic, { ...doc, $id: 'urn:x:3' })).statusCode).toBe(403);
    expect((await get(`/incidents/${number}/eido`, taker.token)).statusCode).toBe(200);
    expect((await t.app.inject({ url: `/incidents/${number}/eido` })).statusCode).toBe(401);
  });
});
