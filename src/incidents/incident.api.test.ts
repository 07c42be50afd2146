import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../core/journal.repository.js';
import { importAreas } from '../geo/area.service.js';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from '../server/testing.js';
import type { Incident, Note } from './incident.js';

const casablancaCentre = { lat: 33.5899, lon: -7.6039 };

describe(`incidents through the API (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let callTaker: string;
  let dispatcher: string;
  let otherDispatcher: string;
  let supervisor: string;

  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set('2026-12-31T21:00:00.000Z');
    callTaker = (await t.login(['call-taker'])).token;
    dispatcher = (await t.login(['dispatcher'])).token;
    otherDispatcher = (await t.login(['dispatcher'])).token;
    supervisor = (await t.login(['supervisor'])).token;
  });
  afterAll(async () => t.close());

  const create = async (body: Record<string, unknown>, token = callTaker) => {
    const response = await t.app.inject({ method: 'POST', url: '/incidents', headers: bearer(token), payload: body });
    return response;
  };
  const act = (number: string, action: string, token: string, payload: Record<string, unknown> = {}) =>
    t.app.inject({ method: 'POST', url: `/incidents/${number}/${action}`, headers: bearer(token), payload });

  it("creates an incident whose type and answers set its priority and needs, numbered in the city's year", async () => {
    const first = await create({ type: 'assault', answers: { weapon_seen: true }, location: casablancaCentre, summary: 'Man threatened with a knife near the market' });
    expect(first.statusCode, first.body).toBe(201);
    const incident = first.json() as Incident;
    expect(incident).toMatchObject({
      type: 'assault',
      priority: 'P1',
      capabilities: ['armed'],
      status: 'new',
      location: casablancaCentre,
      // The weapon seen sets the flag, though the call-taker ticked nothing.
      flags: { weapons: true, hazards: false, children: false },
      allowedActions: ['dispatch', 'close', 'cancel'],
    });
    expect(incident.number).toMatch(/^CASA-2026-\d{6}$/);
    const second = (await create({ type: 'noise', location: casablancaCentre, summary: 'Loud music' })).json() as Incident;
    expect(Number(second.number.slice(-6))).toBe(Number(incident.number.slice(-6)) + 1);
  });

  it('starts the count again when the year turns at local midnight', async () => {
    const fresh = await setupTestApp();
    try {
      fresh.clock.set('2026-12-31T22:59:00.000Z');
      const token = (await fresh.login(['call-taker'])).token;
      const before = await fresh.app.inject({ method: 'POST', url: '/incidents', headers: bearer(token), payload: { type: 'theft', location: casablancaCentre, summary: 'Phone stolen' } });
      fresh.clock.set('2026-12-31T23:01:00.000Z');
      const after = await fresh.app.inject({ method: 'POST', url: '/incidents', headers: bearer(token), payload: { type: 'theft', location: casablancaCentre, summary: 'Bag stolen' } });
      expect((before.json() as Incident).number).toBe('CASA-2026-000001');
      expect((after.json() as Incident).number).toBe('CASA-2027-000001');
    } finally {
      await fresh.close();
    }
  });

  it('refuses an unknown type, a foreign answer and a location off the globe, naming the field', async () => {
    const unknownType = await create({ type: 'alien_landing', location: casablancaCentre, summary: 'x' });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().errors[0].field).toBe('type');
    expect(unknownType.json().detail).toContain('known types: assault');
    const foreign = await create({ type: 'noise', answers: { weapon_seen: true }, location: casablancaCentre, summary: 'x' });
    expect(foreign.json().errors).toEqual([{ field: 'answers.weapon_seen', message: 'is not a question of noise' }]);
    const offGlobe = await create({ type: 'noise', location: { lat: 133.5, lon: -7.6 }, summary: 'x' });
    expect(offGlobe.json().errors).toEqual([{ field: 'location.lat', message: 'must be a latitude from -90 to 90' }]);
  });

  it('walks the lifecycle and derives the timeline intervals from the journal, by the clock', async () => {
    const { number } = (await create({ type: 'robbery', answers: { in_progress: true }, location: casablancaCentre, summary: 'Shop held up' })).json() as Incident;
    t.clock.advance(45_000);
    expect((await act(number, 'dispatch', dispatcher)).json().status).toBe('dispatched');
    t.clock.advance(30_000);
    expect((await act(number, 'en-route', dispatcher)).json().status).toBe('en_route');
    t.clock.advance(400_000);
    expect((await act(number, 'on-scene', dispatcher)).json().status).toBe('on_scene');
    t.clock.advance(1_200_000);
    expect((await act(number, 'clear', dispatcher)).json().status).toBe('cleared');
    const closed = await act(number, 'close', dispatcher);
    expect(closed.json()).toMatchObject({ status: 'closed', allowedActions: ['reopen'] });

    const timeline = await t.app.inject({ url: `/incidents/${number}/timeline`, headers: bearer(callTaker) });
    expect(timeline.json().intervals).toEqual({ createdToDispatchedS: 45, dispatchedToOnSceneS: 430, onSceneToClearedS: 1200 });
    expect(timeline.json().events.map((e: { type: string }) => e.type)).toEqual([
      'incident.created',
      'incident.dispatched',
      'incident.en_route',
      'incident.on_scene',
      'incident.cleared',
      'incident.closed',
    ]);
  });

  it('refuses to dispatch a closed incident or close it twice, with the allowed actions', async () => {
    const { number } = (await create({ type: 'noise', location: casablancaCentre, summary: 'Party' })).json() as Incident;
    expect((await act(number, 'close', dispatcher)).json().errors).toEqual([{ field: 'reason', message: 'is required to close an incident no unit was sent to' }]);
    expect((await act(number, 'close', dispatcher, { reason: 'advice given by phone' })).statusCode).toBe(200);
    for (const action of ['dispatch', 'close']) {
      const refused = await act(number, action, dispatcher, action === 'close' ? { reason: 'again' } : {});
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'invalid_transition', allowed: ['reopen'] });
      expect(refused.json().detail).toBe(`incident ${number} is \`closed\`; ${action} is not allowed; allowed actions: reopen`);
    }
  });

  it('lets only a supervisor reopen, and only with a reason', async () => {
    const { number } = (await create({ type: 'theft', location: casablancaCentre, summary: 'Wallet' })).json() as Incident;
    await act(number, 'cancel', dispatcher, { reason: 'duplicate call' });
    expect((await act(number, 'reopen', dispatcher, { reason: 'not a duplicate' })).statusCode).toBe(403);
    expect((await act(number, 'reopen', supervisor, {})).json().errors).toEqual([{ field: 'reason', message: 'is required' }]);
    const reopened = await act(number, 'reopen', supervisor, { reason: 'not a duplicate' });
    expect(reopened.json()).toMatchObject({ status: 'new' });
    const timeline = (await t.app.inject({ url: `/incidents/${number}/timeline`, headers: bearer(supervisor) })).json();
    expect(timeline.events.at(-1)).toMatchObject({ type: 'incident.reopened', data: { from: 'cancelled', to: 'new', reason: 'not a duplicate' } });
  });

  it('keeps every change when two dispatchers update one incident at once', async () => {
    const { number } = (await create({ type: 'public_disorder', location: casablancaCentre, summary: 'Fight outside the stadium' })).json() as Incident;
    const notes = Array.from({ length: 12 }, (_, i) =>
      t.app.inject({
        method: 'POST',
        url: `/incidents/${number}/notes`,
        headers: bearer(i % 2 === 0 ? dispatcher : otherDispatcher),
        payload: { text: `update ${i}` },
      }),
    );
    const others = [
      t.app.inject({ method: 'POST', url: `/incidents/${number}/priority`, headers: bearer(dispatcher), payload: { priority: 'P1', reason: 'crowd growing' } }),
      t.app.inject({ method: 'POST', url: `/incidents/${number}/flags`, headers: bearer(otherDispatcher), payload: { weapons: true } }),
      t.app.inject({ method: 'POST', url: `/incidents/${number}/flags`, headers: bearer(dispatcher), payload: { children: true } }),
    ];
    const responses = await Promise.all([...notes, ...others]);
    for (const response of responses) expect(response.statusCode, response.body).toBeLessThan(300);

    const incident = (await t.app.inject({ url: `/incidents/${number}`, headers: bearer(dispatcher) })).json() as Incident;
    expect(incident.priority).toBe('P1');
    expect(incident.flags).toEqual({ weapons: true, hazards: false, children: true });
    const stored = (await t.app.inject({ url: `/incidents/${number}/notes`, headers: bearer(dispatcher) })).json() as Note[];
    expect(stored.map((n) => n.n)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(stored.map((n) => n.text).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `update ${i}`).sort());
    expect((await verifyChain(t.core.db)).ok).toBe(true);
  });

  it('files an incident under the district its location lies in', async () => {
    const districts = {
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { code: 'D-CENTRE', name: 'Centre', name_ar: 'الوسط' },
          geometry: { type: 'Polygon', coordinates: [[[-7.62, 33.58], [-7.59, 33.58], [-7.59, 33.60], [-7.62, 33.60], [-7.62, 33.58]]] },
        },
      ],
    };
    await importAreas(t.core, 'system:test', JSON.stringify(districts), 'test-districts.geojson');
    const inside = (await create({ type: 'theft', location: casablancaCentre, summary: 'Phone' })).json() as Incident;
    const outside = (await create({ type: 'theft', location: { lat: 33.53, lon: -7.65 }, summary: 'Bag' })).json() as Incident;
    expect(inside.district).toBe('D-CENTRE');
    expect(outside.district).toBeNull();
    const areas = await t.app.inject({ url: '/areas', headers: bearer(callTaker) });
    expect(areas.json().features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['D-CENTRE']);
  });

  it('offers open, recent incidents of a compatible type within 300 m as duplicates, nearest first', async () => {
    const place = { lat: 33.5400, lon: -7.5500 };
    const north = (metres: number) => ({ lat: place.lat + metres / 111_195, lon: place.lon });
    const fight = (await create({ type: 'assault', location: place, summary: 'Fight at the bus stop' })).json() as Incident;
    t.clock.advance(60_000);
    const closer = (await create({ type: 'public_disorder', location: north(100), summary: 'Crowd shouting' })).json() as Incident;
    await create({ type: 'noise', location: north(110), summary: 'Music' });
    const far = (await create({ type: 'assault', location: north(450), summary: 'Another fight' })).json() as Incident;
    const near = async (point: { lat: number; lon: number }, type?: string) =>
      (await t.app.inject({ url: `/incidents/near?lat=${point.lat}&lon=${point.lon}${type === undefined ? '' : `&type=${type}`}`, headers: bearer(callTaker) })).json() as {
        number: string;
        distanceM: number;
      }[];

    const second = await near(north(120), 'robbery');
    expect(second.map((d) => d.number)).toEqual([closer.number, fight.number]);
    expect(second.map((d) => d.distanceM)).toEqual([20, 120]);
    expect((await near(north(120), 'lost_property')).map((d) => d.number)).toEqual([]);
    expect((await near(north(120))).length).toBe(3);
    expect((await near(north(120), 'assault')).map((d) => d.number)).not.toContain(far.number);

    await act(fight.number, 'cancel', dispatcher, { reason: 'caller withdrew' });
    expect((await near(north(120), 'robbery')).map((d) => d.number)).toEqual([closer.number]);
    t.clock.advance(31 * 60_000);
    expect((await near(north(120), 'robbery')).map((d) => d.number)).toEqual([]);
  });

  it("shows a place's history: incidents within 50 m in the 90 days before", async () => {
    // Months pass here: a fresh centre, with a fresh login after each jump (sessions last 12 hours).
    const fresh = await setupTestApp();
    try {
      const post = async (body: Record<string, unknown>) => {
        const token = (await fresh.login(['call-taker'])).token;
        return (await fresh.app.inject({ method: 'POST', url: '/incidents', headers: bearer(token), payload: body })).json() as Incident;
      };
      const place = { lat: 33.52, lon: -7.66 };
      const east = (metres: number) => ({ lat: place.lat, lon: place.lon + metres / (111_195 * Math.cos((place.lat * Math.PI) / 180)) });
      const old = await post({ type: 'burglary', location: place, summary: 'Shop broken into (old)' });
      fresh.clock.advance(80 * 86_400_000);
      const recent = await post({ type: 'theft', location: east(30), summary: 'Till emptied' });
      await post({ type: 'theft', location: east(70), summary: 'Next street' });
      fresh.clock.advance(20 * 86_400_000);
      const today = await post({ type: 'burglary', location: place, summary: 'Shop broken into again' });
      const token = (await fresh.login(['dispatcher'])).token;
      const response = await fresh.app.inject({ url: `/incidents/${today.number}/premise-history`, headers: bearer(token) });
      const history = response.json() as { number: string; distanceM: number }[];
      expect(history.map((h) => [h.number, h.distanceM])).toEqual([[recent.number, 30]]);
      expect(history.map((h) => h.number)).not.toContain(old.number);
    } finally {
      await fresh.close();
    }
  });

  it('refuses incident work to roles without it', async () => {
    const clerk = (await t.login(['identity-clerk'])).token;
    expect((await create({ type: 'noise', location: casablancaCentre, summary: 'x' }, clerk)).statusCode).toBe(403);
    const { number } = (await create({ type: 'noise', location: casablancaCentre, summary: 'x' })).json() as Incident;
    expect((await act(number, 'dispatch', callTaker)).statusCode).toBe(403);
  });
});
