import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKind } from '../core/testing.js';
import { LiveClient } from './live-client.js';
import { bearer, setupTestApp, type TestApp } from './testing.js';

describe(`the live feed (${testDatabaseKind()})`, () => {
  let t: TestApp;
  let base: string;
  let admin: string;

  beforeAll(async () => {
    t = await setupTestApp();
    admin = (await t.login(['administrator'])).token;
    const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = address.replace('http://', 'ws://');
  });
  afterAll(async () => t.close());

  const createDevice = (name: string) =>
    t.app.inject({ method: 'POST', url: '/devices', headers: bearer(admin), payload: { name, kind: 'vehicle' } });

  it('refuses an unauthenticated connection', async () => {
    await expect(LiveClient.connect(`${base}/live`, 'ams_not-a-token')).rejects.toThrow('refused with 401');
  });

  it('streams committed events to the roles that may see them, and only to them', async () => {
    const auditor = await LiveClient.connect(`${base}/live`, (await t.login(['auditor'])).token);
    const supervisor = await LiveClient.connect(`${base}/live`, (await t.login(['supervisor'])).token);
    const dispatcher = await LiveClient.connect(`${base}/live`, (await t.login(['dispatcher'])).token);
    await Promise.all([auditor, supervisor, dispatcher].map((c) => c.waitFor((x) => x.messages.some((m) => m.type === 'hello'))));

    expect((await createDevice('moto-3')).statusCode).toBe(201);
    const created = await t.app.inject({
      method: 'POST',
      url: '/users',
      headers: bearer(admin),
      payload: { username: 'salma', fullName: 'Salma Tazi', roles: ['call-taker'] },
    });
    expect(created.statusCode).toBe(201);

    await auditor.waitFor((c) => c.events().some((e) => e.type === 'user.created' && e.stream === 'user/salma'));
    await supervisor.waitFor((c) => c.events().some((e) => e.stream === 'user/salma'));
    // The auditor got both; give the others' sockets the same time before judging what they did not get.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(auditor.events().map((e) => e.type)).toEqual(expect.arrayContaining(['device.registered', 'user.created']));
    expect(supervisor.events().map((e) => e.stream)).toContain('user/salma');
    expect(supervisor.events().some((e) => e.stream.startsWith('device/'))).toBe(false);
    expect(dispatcher.events()).toEqual([]);
    const salma = auditor.events().find((e) => e.stream === 'user/salma')!;
    expect(salma).toMatchObject({ actor: expect.stringMatching(/^user:administrator-/), data: { roles: ['call-taker'] } });
    expect(salma.hash).toBeUndefined();
    for (const client of [auditor, supervisor, dispatcher]) client.close();
  });

  it('catches a reconnecting client up on what it missed, in order, then goes on live', async () => {
    const { token } = await t.login(['auditor']);
    const first = await LiveClient.connect(`${base}/live`, token);
    await first.waitFor((c) => c.messages.some((m) => m.type === 'hello'));
    const seen = first.messages[0]!.head!;
    first.close();

    for (const name of ['van-1', 'van-2', 'van-3']) expect((await createDevice(name)).statusCode).toBe(201);
    const again = await LiveClient.connect(`${base}/live?since=${seen}`, token);
    await again.waitFor((c) => c.events().filter((e) => e.stream.startsWith('device/van-')).length === 3);
    await createDevice('van-4');
    await again.waitFor((c) => c.events().some((e) => e.stream === 'device/van-4'));

    const seqs = again.events().map((e) => e.seq);
    expect(seqs[0]).toBe(seen + 1);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(again.events().filter((e) => e.stream.startsWith('device/van-')).map((e) => e.stream)).toEqual([
      'device/van-1',
      'device/van-2',
      'device/van-3',
      'device/van-4',
    ]);
    again.close();
  });

  it('drops the feed of a session the moment it is revoked', async () => {
    const supervisor = await t.login(['supervisor']);
    const client = await LiveClient.connect(`${base}/live`, supervisor.token);
    await client.waitFor((c) => c.messages.some((m) => m.type === 'hello'));
    const sessions = await t.app.inject({ url: `/users/${supervisor.id}/sessions`, headers: bearer(admin) });
    const [session] = sessions.json() as { id: string }[];
    await t.app.inject({ method: 'POST', url: `/sessions/${session!.id}/revoke`, headers: bearer(admin), payload: { reason: 'end of shift' } });
    await client.waitFor((c) => c.closeCode !== undefined);
    expect(client.closeCode).toBe(4001);
  });
});
