import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEvent } from '../core/journal.js';
import { testDatabaseKind } from '../core/testing.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

describe(`GET /journal narrowed by actor, type and time, for auditors (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let auditor: string;
  let early: { username: string; token: string };
  let late: { username: string; token: string };

  beforeAll(async () => {
    t = await setupTestApp();
    t.clock.set('2026-03-02T07:00:00.000Z');
    auditor = (await t.login(['auditor'])).token;
    early = await t.login(['dispatcher']);
    await t.app.inject({ method: 'PUT', url: '/auth/me/language', headers: bearer(early.token), payload: { language: 'ar' } });
    t.clock.set('2026-03-02T10:30:00.000Z');
    late = await t.login(['dispatcher']);
    await t.app.inject({ method: 'PUT', url: '/auth/me/language', headers: bearer(late.token), payload: { language: 'ar' } });
  });
  afterAll(async () => t.close());

  const search = async (query: string) => {
    const response = await t.app.inject({ url: `/journal?${query}`, headers: bearer(auditor) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as JournalEvent[];
  };

  it("keeps only one actor's events, in sequence order", async () => {
    const events = await search(`actor=user:${early.username}`);
    expect(events.map((event) => event.type)).toEqual(['session.opened', 'user.language_changed']);
    expect(events.every((event) => event.actor === `user:${early.username}`)).toBe(true);
    expect(events[0]!.seq).toBeLessThan(events[1]!.seq);
  });

  it('keeps only one type of event, and combines it with a stream', async () => {
    const changes = await search('type=user.language_changed');
    expect(changes.map((event) => event.stream)).toEqual([`user/${early.username}`, `user/${late.username}`]);
    expect((await search(`type=user.language_changed&stream=user/${late.username}`)).map((event) => event.actor)).toEqual([`user:${late.username}`]);
    expect(await search(`type=session.opened&stream=user/${late.username}&actor=user:${early.username}`)).toEqual([]);
  });

  it('keeps the events from a time included to a time excluded, whatever the offset they are written with', async () => {
    const morning = await search('type=user.language_changed&from=2026-03-02T06:00:00Z&to=2026-03-02T10:30:00Z');
    expect(morning.map((event) => event.actor)).toEqual([`user:${early.username}`]);
    // 10:30 UTC is 11:30 in Casablanca (UTC+1): the same instant, written the centre's way, is included.
    const later = await search('type=user.language_changed&from=2026-03-02T11:30:00%2B01:00');
    expect(later.map((event) => event.at)).toEqual(['2026-03-02T10:30:00.000Z']);
  });

  it('refuses a malformed actor, type or time, and a range that ends before it starts, naming the field', async () => {
    const cases: [string, string][] = [
      ['actor=alice', 'actor'],
      ['type=Session%20Opened', 'type'],
      ['from=yesterday', 'from'],
      ['to=2026-03-02', 'to'],
      ['from=2026-03-02T10:00:00Z&to=2026-03-02T09:00:00Z', 'to'],
    ];
    for (const [query, field] of cases) {
      const response = await t.app.inject({ url: `/journal?${query}`, headers: bearer(auditor) });
      expect(response.statusCode, query).toBe(400);
      expect((response.json() as { errors: { field: string }[] }).errors.map((e) => e.field), query).toEqual([field]);
    }
  });
});
