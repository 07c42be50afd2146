import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { redactUrl, type Config } from './config.js';
import type { Core } from './context.js';
import type { Db } from './database.js';
import { JournalFault, canonicalJson, type JournalVerdict } from './journal.js';
import { findLastEvent, verifyChain, type ChainAnchor } from './journal.repository.js';
import { MissingKeyError, readKeyFile, writeKeyFile } from './key-folder.js';
import { startSweep, type Sweep } from './sweep.js';

/**
 * Signed anchors: the journal's head, signed with an Ed25519 key kept in the key folder, never in the
 * database, and shipped to places outside the database (an append-only file, and any other
 * `AnchorSink`). The hash chain alone shows an edit only to someone who kept an earlier head: whoever
 * writes the database can rewrite the chain from the edit onwards, or cut its end. A signed anchor is
 * such a head that no database writer can forge; `verifyAttestedJournal` checks the chain against every
 * anchor, so a rewrite, a truncation or an event forged past the last anchor shows.
 */

/** Why an anchor was signed: on the interval, at a clean stop, at a start over a tail no anchor covered, after a command-line change. */
export type AnchorReason = 'interval' | 'stop' | 'start' | 'command';

export interface JournalAnchor {
  /** The event anchored, and its hash. */
  readonly seq: number;
  readonly hash: string;
  /** When it was signed (ISO 8601 UTC). */
  readonly at: string;
  /** The last event the previous anchor of this signer covered (0 for its first). */
  readonly previousSeq: number;
  readonly reason: AnchorReason;
  /** The first 16 hex digits of SHA-256 over the public key (DER): which key signed. */
  readonly keyId: string;
  /** Ed25519 over `anchorMessage(...)`, base64. */
  readonly signature: string;
}

const SIGNED_PREFIX = 'amane journal anchor v1\n';

/** The bytes signed: a fixed prefix, then the canonical JSON of the anchor without its signature. */
export function anchorMessage(anchor: Omit<JournalAnchor, 'signature'>): Buffer {
  const { seq, hash, at, previousSeq, reason, keyId } = anchor;
  return Buffer.from(SIGNED_PREFIX + canonicalJson({ seq, hash, at, previousSeq, reason, keyId }));
}

export interface SigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly keyId: string;
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export function signAnchor(key: SigningKey, unsigned: Omit<JournalAnchor, 'signature' | 'keyId'>): JournalAnchor {
  const anchor = { ...unsigned, keyId: key.keyId };
  return { ...anchor, signature: sign(null, anchorMessage(anchor), key.privateKey).toString('base64') };
}

export const SIGNING_KEY_FILE = 'journal-signing.key';
export const PUBLIC_KEY_FILE = 'journal-signing.pub';

/**
 * The journal's signing key from the key folder. Outside production an absent key is made at first
 * start (its public half written beside it, to hand to whoever verifies); production refuses to start
 * without one.
 */
export function loadSigningKey(config: Pick<Config, 'keyDirectory' | 'production'>): SigningKey & { generated: boolean } {
  const file = path.join(config.keyDirectory, SIGNING_KEY_FILE);
  const found = readKeyFile(file);
  let pem = found?.value;
  let generated = false;
  if (pem === undefined) {
    if (config.production) {
      throw new MissingKeyError(`in production the journal needs its signing key ${file}: create one with \`amane journal-key\` (see docs/configuration.md)`);
    }
    const pair = generateKeyPairSync('ed25519');
    pem = writeKeyFile(config.keyDirectory, file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim());
    generated = true;
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch {
    throw new MissingKeyError(`${file} is not a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new MissingKeyError(`${file} is a ${privateKey.asymmetricKeyType ?? 'unknown'} key; the journal signs with Ed25519`);
  const publicKey = createPublicKey(privateKey);
  const publicFile = path.join(config.keyDirectory, PUBLIC_KEY_FILE);
  if (!fs.existsSync(publicFile)) writeKeyFile(config.keyDirectory, publicFile, publicKey.export({ type: 'spki', format: 'pem' }).toString().trim(), 0o644);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey), generated };
}

/**
 * Retires the signing key and makes a new one. The old private key is deleted (nothing is signed with it
 * again); its public half stays in the key folder as `journal-signing.<key id>.pub`, so the anchors it
 * signed still verify. A running server signs with the old key until it starts again.
 */
export function rotateSigningKey(config: Pick<Config, 'keyDirectory' | 'production'>): { previousKeyId: string; keyId: string } {
  if (readKeyFile(path.join(config.keyDirectory, SIGNING_KEY_FILE)) === undefined) {
    throw new MissingKeyError(`there is no journal signing key to rotate in ${config.keyDirectory}: \`amane journal-key\` makes one`);
  }
  const previous = loadSigningKey(config);
  const retired = path.join(config.keyDirectory, `journal-signing.${previous.keyId}.pub`);
  if (!fs.existsSync(retired)) writeKeyFile(config.keyDirectory, retired, previous.publicKey.export({ type: 'spki', format: 'pem' }).toString().trim(), 0o644);
  fs.rmSync(path.join(config.keyDirectory, SIGNING_KEY_FILE));
  fs.rmSync(path.join(config.keyDirectory, PUBLIC_KEY_FILE), { force: true });
  const next = loadSigningKey({ ...config, production: false });
  return { previousKeyId: previous.keyId, keyId: next.keyId };
}

/** The public keys the key folder holds: the current one and those of retired keys. */
export function keyFolderPublicKeys(keyDirectory: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(keyDirectory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return names.filter((name) => /^journal-signing(\.[0-9a-f]{16})?\.pub$/.test(name)).sort().map((name) => path.join(keyDirectory, name));
}

/** Public keys from PEM files, by key id. */
export function loadVerifyingKeys(files: readonly string[]): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const file of files) {
    let key: KeyObject;
    try {
      key = createPublicKey(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      throw new MissingKeyError(`${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'not a PEM public key'}`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new MissingKeyError(`${file} is not an Ed25519 public key`);
    keys.set(keyIdOf(key), key);
  }
  return keys;
}

/** An anchor as read back from a sink, with where it was found; `anchor` is undefined for a line that is not one. */
export interface ReadAnchor {
  readonly place: string;
  readonly anchor: JournalAnchor | undefined;
}

/** A place outside the database where anchors are kept, in the order they were signed. */
export interface AnchorSink {
  readonly name: string;
  append(anchor: JournalAnchor): Promise<void>;
  readAll(): Promise<ReadAnchor[]>;
  close(): Promise<void>;
}

/**
 * Anchors as JSON lines in a file opened with O_APPEND, synced after each line: a writer cannot
 * overwrite what is there. (`chattr +a` on the file makes the kernel refuse anything but appends, even
 * to root's editor; docs/security.md.)
 */
export class FileAnchorSink implements AnchorSink {
  private fd: number | undefined;

  constructor(readonly file: string) {}

  get name(): string {
    return this.file;
  }

  async append(anchor: JournalAnchor): Promise<void> {
    if (this.fd === undefined) {
      fs.mkdirSync(path.dirname(this.file), { recursive: true });
      this.fd = fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o600);
    }
    fs.writeSync(this.fd, `${JSON.stringify(anchor)}\n`);
    fs.fsyncSync(this.fd);
  }

  async readAll(): Promise<ReadAnchor[]> {
    let text: string;
    try {
      text = fs.readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    return lines.map((line, index) => ({ place: `${this.file} line ${index + 1}`, anchor: parseAnchor(line) }));
  }

  async close(): Promise<void> {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/** An anchor from its JSON text, or undefined when the text is not one. */
export function parseAnchor(text: string): JournalAnchor | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const a = value as Record<string, unknown>;
  const ok =
    Number.isSafeInteger(a.seq) &&
    Number.isSafeInteger(a.previousSeq) &&
    typeof a.hash === 'string' &&
    /^[0-9a-f]{64}$/.test(a.hash) &&
    typeof a.at === 'string' &&
    typeof a.keyId === 'string' &&
    typeof a.signature === 'string' &&
    ['interval', 'stop', 'start', 'command'].includes(a.reason as string);
  if (!ok) return undefined;
  return { seq: a.seq, hash: a.hash, at: a.at, previousSeq: a.previousSeq, reason: a.reason, keyId: a.keyId, signature: a.signature } as JournalAnchor;
}

/**
 * Signs the journal's head now and then (every `everyMs` while events arrive), at a clean stop, and at
 * start when events lie past the last anchor (a stop that was not clean, or something wrote while no
 * signer ran: said in the log, and listed by `verify-journal`).
 */
export class JournalAttestor {
  private sweep: Sweep | undefined;
  private last: { seq: number; hash: string } | undefined;
  private lastRead = false;

  constructor(
    private readonly core: Pick<Core, 'db' | 'log' | 'clock'>,
    private readonly key: SigningKey,
    private readonly sinks: readonly AnchorSink[],
    private readonly everyMs = 5_000,
  ) {}

  /** Reads the last anchor shipped, signs a tail found past it, then signs on the interval. */
  async start(): Promise<void> {
    await this.readLast();
    const head = await findLastEvent(this.core.db);
    const lastSeq = this.last?.seq ?? 0;
    if (head.seq < lastSeq) {
      this.core.log.error({ headSeq: head.seq, anchoredSeq: lastSeq }, `journal: the last event is ${head.seq} but event ${lastSeq} was signed earlier: events were deleted (run amane verify-journal)`);
    } else if (head.seq === lastSeq && this.last !== undefined && head.hash !== this.last.hash) {
      this.core.log.error({ headSeq: head.seq }, `journal: event ${head.seq} differs from its signed anchor: the journal was rewritten (run amane verify-journal)`);
    } else if (head.seq > lastSeq && this.last !== undefined) {
      this.core.log.warn(
        { from: lastSeq + 1, to: head.seq },
        `journal: events ${lastSeq + 1}-${head.seq} were written after the last signed anchor (a stop that was not clean, or a writer outside the centre); signed now, and listed by amane verify-journal`,
      );
    }
    await this.attest('start');
    this.sweep = startSweep(this.core, { name: 'journal: signing an anchor', everyMs: this.everyMs, run: () => this.attest('interval') });
  }

  /** Signs the head if it moved since the last anchor; returns the anchor signed, if any. */
  async attest(reason: AnchorReason): Promise<JournalAnchor | undefined> {
    await this.readLast();
    const head = await findLastEvent(this.core.db);
    if (head.seq === 0 || (this.last !== undefined && head.seq === this.last.seq && head.hash === this.last.hash)) return undefined;
    const anchor = signAnchor(this.key, { seq: head.seq, hash: head.hash, at: this.core.clock.now().toISOString(), previousSeq: this.last?.seq ?? 0, reason });
    for (const sink of this.sinks) await sink.append(anchor);
    this.last = { seq: anchor.seq, hash: anchor.hash };
    return anchor;
  }

  /** Stops the interval and signs the head as it is at this clean stop (`command`: at the end of a command-line change). */
  async stop(reason: AnchorReason = 'stop'): Promise<void> {
    const sweep = this.sweep;
    this.sweep = undefined;
    await sweep?.stop();
    try {
      await this.attest(reason);
    } finally {
      for (const sink of this.sinks) await sink.close();
    }
  }

  private async readLast(): Promise<void> {
    if (this.lastRead) return;
    this.last = await this.lastShipped();
    this.lastRead = true;
  }

  private async lastShipped(): Promise<{ seq: number; hash: string } | undefined> {
    let last: JournalAnchor | undefined;
    for (const sink of this.sinks) {
      for (const { anchor } of await sink.readAll()) {
        // Any key's: after a rotation the new key carries on from where the retired one stopped.
        if (anchor !== undefined && (last === undefined || anchor.seq >= last.seq)) last = anchor;
      }
    }
    return last === undefined ? undefined : { seq: last.seq, hash: last.hash };
  }
}

/** The anchor sinks a configuration names: the anchors file always, and a JetStream stream when AMANE_NATS_URL is set. */
export function anchorSinks(config: Pick<Config, 'journalAnchorsFile' | 'natsUrl' | 'journalAnchorStream'>, log?: Pick<Core['log'], 'warn'>): AnchorSink[] {
  const sinks: AnchorSink[] = [new FileAnchorSink(config.journalAnchorsFile)];
  if (config.natsUrl !== undefined) sinks.push(new JetStreamAnchorSink(config.natsUrl, config.journalAnchorStream, log));
  return sinks;
}

/** The attestor of a process that writes the journal, with its key from the key folder. */
export function createAttestor(core: Pick<Core, 'db' | 'log' | 'clock' | 'config'>): JournalAttestor {
  const key = loadSigningKey(core.config);
  if (key.generated) {
    core.log.info({ keyDirectory: core.config.keyDirectory }, `journal: signing key generated into the key folder; give ${PUBLIC_KEY_FILE} to whoever verifies the journal`);
  }
  return new JournalAttestor(core, key, anchorSinks(core.config, core.log), core.config.journalAnchorSeconds * 1_000);
}

/** What the anchors say about the journal, beside the chain's own verdict. */
export interface Attestation {
  readonly anchors: number;
  /** The last event a signed anchor covers. */
  readonly anchoredSeq: number;
  /** Events past the last anchor, recent enough to be waiting for the next one. */
  readonly pending: number;
  /** When the last anchor (the one that covers `anchoredSeq`) was signed, ISO 8601 UTC; absent without anchors. */
  readonly lastAnchoredAt?: string;
  /** Runs of events first signed at a start rather than as they were written. */
  readonly signedAtStart: { from: number; to: number; at: string }[];
}

export type AttestedVerdict = (JournalVerdict & { readonly ok: false }) | (JournalVerdict & { readonly ok: true; readonly attestation: Attestation });

/**
 * Verifies the chain against signed anchors: each anchor's signature with the public keys given (never
 * read from the database), then the chain, every anchor naming an event with its hash. Events past the
 * last anchor are accepted only when written in the last `pendingSeconds` (the signer's interval);
 * older ones were written by something that holds no signing key.
 */
export async function verifyAttestedJournal(
  db: Db,
  options: { anchors: readonly ReadAnchor[]; keys: ReadonlyMap<string, KeyObject>; now: Date; pendingSeconds: number; anchor?: { seq: number; hash: string } },
): Promise<AttestedVerdict> {
  const bySeq = new Map<number, ChainAnchor>();
  const valid: JournalAnchor[] = [];
  // The same anchor read from two places (the file and the stream) counts once.
  const seen = new Set<string>();
  for (const { place, anchor } of options.anchors) {
    if (anchor === undefined) return { ok: false, count: 0, fault: JournalFault.anchorUnreadable, reason: `${place} is not a signed anchor` };
    if (seen.has(anchor.signature)) continue;
    seen.add(anchor.signature);
    const key = options.keys.get(anchor.keyId);
    if (key === undefined) return { ok: false, count: 0, fault: JournalFault.anchorUnknownKey, reason: `${place} is signed by key ${anchor.keyId}, which is not among the verifying keys` };
    const { signature, ...signed } = anchor;
    if (!verify(null, anchorMessage(signed), key, Buffer.from(signature, 'base64'))) {
      return { ok: false, count: 0, fault: JournalFault.anchorForged, reason: `${place}: the signature of the anchor of event ${anchor.seq} does not verify (the anchor was altered)` };
    }
    const known = bySeq.get(anchor.seq);
    if (known !== undefined && known.hash !== anchor.hash) {
      return { ok: false, count: 0, brokenAt: anchor.seq, fault: JournalFault.anchorsDisagree, reason: `two signed anchors of event ${anchor.seq} disagree (${known.label}, ${place}): the journal was rewritten while the centre ran` };
    }
    bySeq.set(anchor.seq, { hash: anchor.hash, label: `the anchor signed at ${anchor.at}` });
    valid.push(anchor);
  }
  if (options.anchor !== undefined) bySeq.set(options.anchor.seq, { hash: options.anchor.hash, label: 'the anchor' });
  const chain = await verifyChain(db, { anchors: bySeq });
  if (!chain.ok) return chain;
  const anchoredSeq = valid.reduce((max, anchor) => Math.max(max, anchor.seq), 0);
  if (chain.count > 0 && valid.length === 0) {
    return { ok: false, count: chain.count, fault: JournalFault.unanchored, reason: `no signed anchor covers the journal's ${chain.count} events: without one a rewritten or forged journal cannot be told apart` };
  }
  let pending = 0;
  if (chain.count > anchoredSeq) {
    const oldest = await db.selectFrom('journal').select('at').where('seq', '>', anchoredSeq).orderBy('at').limit(1).executeTakeFirstOrThrow();
    const ageS = (options.now.getTime() - Date.parse(oldest.at)) / 1_000;
    if (!(ageS <= options.pendingSeconds)) {
      const range = chain.count === anchoredSeq + 1 ? `event ${chain.count} is` : `events ${anchoredSeq + 1}-${chain.count} are`;
      return { ok: false, count: anchoredSeq, brokenAt: anchoredSeq + 1, fault: JournalFault.pastLastAnchor, reason: `${range} not covered by a signed anchor: written after the last one by something that holds no signing key` };
    }
    pending = chain.count - anchoredSeq;
  }
  const signedAtStart = valid
    .filter((anchor) => anchor.reason === 'start' && anchor.seq > anchor.previousSeq && anchor.previousSeq > 0)
    .map((anchor) => ({ from: anchor.previousSeq + 1, to: anchor.seq, at: anchor.at }));
  const last = valid.reduce<JournalAnchor | undefined>((latest, anchor) => (latest === undefined || anchor.seq > latest.seq || (anchor.seq === latest.seq && anchor.at > latest.at) ? anchor : latest), undefined);
  return { ...chain, attestation: { anchors: valid.length, anchoredSeq, pending, signedAtStart, ...(last === undefined ? {} : { lastAnchoredAt: last.at }) } };
}

/** The attestation in lines, as `amane verify-journal` prints them under the verdict. */
export function describeAttestation(attestation: Attestation): string[] {
  const lines = [`${attestation.anchors} signed anchors; the last covers event ${attestation.anchoredSeq}`];
  if (attestation.pending > 0) lines.push(`${attestation.pending} newer events await the next anchor`);
  for (const run of attestation.signedAtStart) {
    lines.push(`note: events ${run.from}-${run.to} were signed at a start (${run.at}), not as they were written: after a stop that was not clean, or written while no signer ran`);
  }
  return lines;
}

/**
 * Anchors published to a NATS JetStream stream, on another machine than the centre's: one root on the
 * centre's machine then cannot cut both the journal and every copy of its anchors. The stream is made
 * with `deny_delete` and `deny_purge` (no message can be removed through the API); the centre's NATS
 * user needs publish rights on the subject and no stream administration rights (docs/security.md).
 * An anchor that cannot be published now waits in memory and goes with the next one; the file keeps
 * every anchor meanwhile.
 */
export class JetStreamAnchorSink implements AnchorSink {
  private connection: Promise<NatsConnection> | undefined;
  private readonly backlog: JournalAnchor[] = [];
  private lastWarning = 0;

  constructor(
    private readonly url: string,
    readonly stream: string,
    private readonly log?: Pick<Core['log'], 'warn'>,
  ) {}

  get name(): string {
    return `nats ${redactUrl(this.url)} stream ${this.stream}`;
  }

  get subject(): string {
    return `amane.journal.anchors.${this.stream.toLowerCase()}`;
  }

  /** Anchors not published yet (the server did not answer). */
  get waiting(): number {
    return this.backlog.length;
  }

  async append(anchor: JournalAnchor): Promise<void> {
    this.backlog.push(anchor);
    if (this.backlog.length > 10_000) this.backlog.shift();
    try {
      const js = jetstream(await this.connect());
      while (this.backlog.length > 0) {
        const next = this.backlog[0]!;
        // The message id makes a publication retried after a lost answer count once.
        await js.publish(this.subject, JSON.stringify(next), { msgID: `${next.keyId}:${next.seq}:${next.at}` });
        this.backlog.shift();
      }
    } catch (error) {
      this.connection = undefined;
      const now = Date.now();
      if (now - this.lastWarning > 60_000) {
        this.lastWarning = now;
        this.log?.warn({ err: error, waiting: this.backlog.length }, `journal: anchors could not be published to ${this.name}; they wait and go with the next one (the anchors file has them)`);
      }
    }
  }

  async readAll(): Promise<ReadAnchor[]> {
    const connection = await this.connect();
    const manager = await jetstreamManager(connection);
    const info = await manager.streams.info(this.stream);
    if (info.state.messages === 0) return [];
    const consumer = await jetstream(connection).consumers.get(this.stream);
    const anchors: ReadAnchor[] = [];
    for (;;) {
      const batch = await consumer.fetch({ max_messages: 1_000, expires: 2_000 });
      let pending = 1;
      for await (const message of batch) {
        anchors.push({ place: `${this.name} message ${message.seq}`, anchor: parseAnchor(message.string()) });
        pending = message.info.pending;
      }
      if (pending === 0 || batch.getProcessed() === 0) break;
    }
    return anchors;
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection !== undefined) await (await connection.catch(() => undefined))?.close();
  }

  private connect(): Promise<NatsConnection> {
    this.connection ??= (async () => {
      const connection = await connect({ servers: this.url, timeout: 2_000, maxReconnectAttempts: 0 });
      try {
        const manager = await jetstreamManager(connection);
        await manager.streams.info(this.stream).catch(async (error: unknown) => {
          if (!(error instanceof Error && /stream not found/i.test(error.message))) throw error;
          await manager.streams.add({ name: this.stream, subjects: [this.subject], deny_delete: true, deny_purge: true, duplicate_window: 120_000_000_000 });
        });
        return connection;
      } catch (error) {
        await connection.close();
        throw error;
      }
    })();
    return this.connection;
  }
}
