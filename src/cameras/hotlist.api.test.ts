import { describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { setupTestApp } from '../server/testing.js';
import { setupCameraTest } from './camera-ingest.testing.js';
import type { Hotlist, HotlistWithEntries, PlateMatch } from './hotlist.js';

describe(`plate hotlists (${testDatabaseKind()})`, () => {
  const c = setupCameraTest(setupTestApp);

  const match = (plate: string) => c.get<PlateMatch>(`/plate-hotlists/match?plate=${encodeURIComponent(plate)}`, c.operator);
  /** "Stolen vehicles": the Dacia's plate, and a plate listed until 12:00 on the test's day. */
  async function createStolen(): Promise<HotlistWithEntries> {
    const created = await c.post('/plate-hotlists', c.operator, {
      name: 'Stolen vehicles',
      reason: 'stolen_vehicle',
      priority: 'P2',
      description: 'Reported stolen in Casablanca-Settat',
      entries: [
        { plate: '12345 | أ | 6', note: 'Dacia Logan, grey' },
        { plate: '4567-b-12', expiresAt: '2026-11-29T12:00:00.000Z' },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as HotlistWithEntries;
  }

  it('creates a list with its plates normalised, journaled on its stream', async () => {
    const stolen = await createStolen();
    expect(stolen).toMatchObject({
      name: 'Stolen vehicles',
      reason: 'stolen_vehicle',
      priority: 'P2',
      active: true,
      expiresAt: null,
      entryCount: 2,
      entries: [
        { plate: '12345A6', text: '12345 | أ | 6', note: 'Dacia Logan, grey', expiresAt: null, addedAt: '2026-11-29T10:00:00.000Z', addedBy: expect.stringMatching(/^user:cctv-operator/) as string },
        { plate: '4567B12', text: '4567-b-12', note: null, expiresAt: '2026-11-29T12:00:00.000Z' },
      ],
    });
    const [event] = await c.stream(`plate-hotlist/${stolen.id}`);
    expect(event).toMatchObject({ type: 'plate_hotlist.created', data: { name: 'Stolen vehicles', reason: 'stolen_vehicle', priority: 'P2', entries: [{ plate: '12345A6' }, { plate: '4567B12' }] } });
    expect(await c.get<Hotlist[]>('/plate-hotlists', c.operator)).toMatchObject([{ id: stolen.id, entryCount: 2 }]);
  });

  it('finds a plate however it is written, until its entry expires', async () => {
    const stolen = await createStolen();
    expect(await match('12345-A-6')).toEqual({ plate: '12345A6', hits: [{ hotlistId: stolen.id, hotlistName: 'Stolen vehicles', reason: 'stolen_vehicle', priority: 'P2', note: 'Dacia Logan, grey' }] });
    expect((await match('4567 ب 12')).hits).toHaveLength(1);
    expect((await match('99999A1')).hits).toEqual([]);
    c.t.clock.set('2026-11-29T12:00:00.000Z');
    expect((await match('4567B12')).hits).toEqual([]);
    expect((await match('12345A6')).hits).toHaveLength(1);
  });

  it('refuses bad plates, duplicates, past expiries and a taken name, naming each field; nothing changes', async () => {
    await createStolen();
    await c.settle();
    const head = await c.t.journalHead();
    const bad = await c.post('/plate-hotlists', c.operator, {
      name: 'Wanted',
      reason: 'wanted_person',
      priority: 'P1',
      entries: [{ plate: '12345 | ج | 6' }, { plate: '777-A-1' }, { plate: '777 a 1' }, { plate: 'AB-12', expiresAt: '2026-01-01T00:00:00.000Z' }],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({
      errors: [
        { field: 'entries.0.plate', message: expect.stringContaining('"ج" is not a plate character') as string },
        { field: 'entries.2.plate', message: 'is the same plate as entries.1.plate (777A1)' },
        { field: 'entries.3.expiresAt', message: 'is in the past' },
      ],
    });
    const schema = await c.post('/plate-hotlists', c.operator, { name: '', reason: 'speeding', priority: 'P9', colour: 'red' });
    expect((schema.json() as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['colour', 'name', 'priority', 'reason']);
    expect((await c.post('/plate-hotlists', c.operator, { name: 'Stolen vehicles', reason: 'other', priority: 'P4' })).statusCode).toBe(409);
    expect((await c.post('/plate-hotlists', c.callTaker, { name: 'X', reason: 'other', priority: 'P4' })).statusCode).toBe(403);
    expect((await c.t.app.inject({ url: '/plate-hotlists', headers: { authorization: `Bearer ${c.callTaker}` } })).statusCode).toBe(403);
    expect(await c.t.journalHead()).toBe(head);
  });

  it('adds and removes plates, pauses and changes a list, each journaled; a paused list hits nothing', async () => {
    const stolen = await createStolen();
    const added = await c.post(`/plate-hotlists/${stolen.id}/entries`, c.operator, { entries: [{ plate: 'WW-123456' }, { plate: '12345-أ-6', note: 'Dacia Logan, grey, dented' }] });
    expect(added.statusCode, added.body).toBe(200);
    expect((added.json() as HotlistWithEntries).entries.map((e) => [e.plate, e.note])).toEqual([
      ['12345A6', 'Dacia Logan, grey, dented'],
      ['4567B12', null],
      ['WW123456', null],
    ]);
    const removed = await c.send('DELETE', `/plate-hotlists/${stolen.id}/entries/${encodeURIComponent('4567-B-12')}`, c.operator);
    expect(removed.statusCode, removed.body).toBe(200);
    expect((removed.json() as HotlistWithEntries).entryCount).toBe(2);
    expect((await c.send('DELETE', `/plate-hotlists/${stolen.id}/entries/4567B12`, c.operator)).statusCode).toBe(404);

    const paused = await c.send('PATCH', `/plate-hotlists/${stolen.id}`, c.operator, { active: false, priority: 'P1' });
    expect(paused.json()).toMatchObject({ active: false, priority: 'P1' });
    expect((await match('WW123456')).hits).toEqual([]);
    await c.send('PATCH', `/plate-hotlists/${stolen.id}`, c.operator, { active: true });
    expect((await match('WW123456')).hits).toMatchObject([{ priority: 'P1' }]);
    expect((await c.stream(`plate-hotlist/${stolen.id}`)).map((e) => [e.type, e.data])).toEqual([
      ['plate_hotlist.created', expect.anything()],
      ['plate_hotlist.entries_added', { entries: [expect.objectContaining({ plate: 'WW123456' }), expect.objectContaining({ plate: '12345A6', note: 'Dacia Logan, grey, dented' })] }],
      ['plate_hotlist.entry_removed', { plate: '4567B12' }],
      ['plate_hotlist.changed', { active: false, priority: 'P1' }],
      ['plate_hotlist.changed', { active: true }],
    ]);
  });

  it('deletes a list, the journal keeping its plates', async () => {
    const stolen = await createStolen();
    expect((await c.send('DELETE', `/plate-hotlists/${stolen.id}`, c.operator)).statusCode).toBe(204);
    expect((await match('12345A6')).hits).toEqual([]);
    expect((await c.t.app.inject({ url: `/plate-hotlists/${stolen.id}`, headers: { authorization: `Bearer ${c.operator}` } })).statusCode).toBe(404);
    expect((await c.stream(`plate-hotlist/${stolen.id}`)).at(-1)).toMatchObject({ type: 'plate_hotlist.deleted', data: { name: 'Stolen vehicles', plates: ['12345A6', '4567B12'] } });
  });
});
