import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import type { Closure } from '../contract/traffic.schema.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { requestsTo, setupTestApp, type TestApp } from '../server/testing.js';
import { randomStream } from './sim-random.js';
import { streetClosure } from './traffic-room.actor.js';

describe(`the simulated traffic room (${testDatabaseKind()}, demo city)`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set('2026-12-07T09:00:00.000Z');
  });
  afterAll(async () => t.close());
  const { post } = requestsTo(() => t.app);

  it('closes named streets’ segments, for 30 to 120 minutes, that the traffic operator’s route takes as they are', async () => {
    const graph = await getRoadGraph(t.core);
    const random = randomStream(11, 'traffic-room');
    const traffic = (await t.login(['traffic-operator'])).token;
    const reasons = new Set<string>();
    for (let i = 0; i < 12; i += 1) {
      const body = streetClosure(graph, random, t.clock.now().getTime())!;
      const response = await post('/traffic/closures', traffic, body);
      expect(response.statusCode, response.body).toBe(201);
      const closure = response.json() as Closure;
      expect(closure).toMatchObject({ kind: 'segment', status: 'in_force', direction: 'both' });
      expect(closure.roads.length, JSON.stringify(body)).toBe(1);
      expect(closure.closedEdges).toBeGreaterThanOrEqual(1);
      const minutes = (Date.parse(closure.endsAt!) - Date.parse(closure.startsAt)) / 60_000;
      expect(minutes).toBeGreaterThanOrEqual(30);
      expect(minutes).toBeLessThanOrEqual(120);
      reasons.add(closure.reason);
    }
    expect(reasons).toEqual(new Set(['works', 'event']));
  });
});
