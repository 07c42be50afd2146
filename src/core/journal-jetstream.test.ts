import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from './command.js';
import { coreMigrations } from './core.migrations.js';
import { createAttestor, JetStreamAnchorSink, loadSigningKey, loadVerifyingKeys, PUBLIC_KEY_FILE, signAnchor, verifyAttestedJournal } from './journal-attestation.js';
import { setupTestCore, testDatabaseKind, testServiceUrl, type TestCore } from './testing.js';


// The NATS server with JetStream (127.0.0.1:4222, or AMANE_TEST_NATS_URL); required when CI=true.
const natsUrl = await testServiceUrl(process.env.AMANE_TEST_NATS_URL ?? 'nats://127.0.0.1:4222', 4222, 'the NATS server', 'JetStream');

describe.skipIf(natsUrl === undefined)(`the journal's anchors on a JetStream stream at ${natsUrl} (${testDatabaseKind()})`, () => {
  let t: TestCore;
  let stream: string;

  beforeEach(async () => {
    stream = `AMANE_TEST_${randomBytes(6).toString('hex')}`;
    t = await setupTestCore({ migrations: coreMigrations, env: { AMANE_NATS_URL: natsUrl!, AMANE_JOURNAL_ANCHOR_STREAM: stream } });
  });
  afterEach(async () => {
    await t.close();
    const connection = await connect({ servers: natsUrl! });
    await (await jetstreamManager(connection)).streams.delete(stream).catch(() => undefined);
    await connection.close();
  });

  const record = (n: number) => runCommand(t.core, 'system:test', async ({ record: add }) => add(`device/car-${n}`, 'device.registered', { id: `car-${n}`, kind: 'vehicle' }));
  const verify = async (anchors: Awaited<ReturnType<JetStreamAnchorSink['readAll']>>) =>
    verifyAttestedJournal(t.core.db, { anchors, keys: loadVerifyingKeys([path.join(t.core.config.keyDirectory, PUBLIC_KEY_FILE)]), now: t.clock.now(), pendingSeconds: 0 });

  it('publishes every anchor to a stream no client may delete from, and verifies the journal from the stream alone', async () => {
    const attestor = createAttestor(t.core);
    await attestor.start();
    for (let n = 1; n <= 3; n += 1) await record(n);
    await attestor.attest('interval');
    for (let n = 4; n <= 5; n += 1) await record(n);
    await attestor.stop();

    const sink = new JetStreamAnchorSink(natsUrl!, stream);
    try {
      const read = await sink.readAll();
      expect(read.map((r) => [r.anchor?.seq, r.anchor?.reason])).toEqual([
        [3, 'interval'],
        [5, 'stop'],
      ]);
      expect(await verify(read)).toMatchObject({ ok: true, count: 5, attestation: { anchors: 2, anchoredSeq: 5 } });

      // The stream refuses to lose a message, by purge or by deletion.
      const connection = await connect({ servers: natsUrl! });
      const manager = await jetstreamManager(connection);
      await expect(manager.streams.purge(stream)).rejects.toThrow();
      await expect(manager.streams.deleteMessage(stream, 1)).rejects.toThrow();
      expect((await manager.streams.info(stream)).config).toMatchObject({ deny_delete: true, deny_purge: true });
      await connection.close();

      // Cut at the database and in the file alike, the journal is still seen cut: the stream keeps the last anchor.
      if (testDatabaseKind() === 'postgres') await sql`drop trigger journal_append_only on journal`.execute(t.core.db);
      else await sql`drop trigger journal_no_delete`.execute(t.core.db);
      await sql`delete from journal where seq > 3`.execute(t.core.db);
      expect(await verify(await sink.readAll())).toMatchObject({ ok: false, brokenAt: 4, reason: expect.stringMatching(/names event 5/) as unknown });
    } finally {
      await sink.close();
    }
  });

  it('keeps anchors that could not be published, and sends them with the next one once the server answers', async () => {
    // A port that refuses, then a relay to the NATS server on the same port: the server "comes back".
    const port = await freePort();
    const sink = new JetStreamAnchorSink(`nats://127.0.0.1:${port}`, stream);
    const key = loadSigningKey(t.core.config);
    const anchor = (seq: number) => signAnchor(key, { seq, hash: String(seq).repeat(64), at: t.clock.now().toISOString(), previousSeq: seq - 1, reason: 'interval' });
    await sink.append(anchor(1));
    expect(sink.waiting).toBe(1);
    const target = new URL(natsUrl!);
    const relay = net.createServer((client) => {
      const upstream = net.connect(Number(target.port || 4222), target.hostname);
      client.pipe(upstream).pipe(client);
      const end = () => (client.destroy(), upstream.destroy());
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
    try {
      await sink.append(anchor(2));
      expect(sink.waiting).toBe(0);
      expect((await sink.readAll()).map((r) => r.anchor?.seq)).toEqual([1, 2]);
    } finally {
      await sink.close();
      await new Promise((resolve) => relay.close(resolve));
    }
  });
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
