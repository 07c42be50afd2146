// Test support for the identity service: a tiny real JPEG, fingerprint templates, people, desks and
// centres, and the app with the roles that work on cards. The test file hands in the server's
// `setupTestApp` (a domain module does not import the server).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { PersonRole } from '../core/auth/permission.js';
import type { ManualClock } from '../core/clock.js';
import type { DatabaseConfig } from '../core/config.js';
import type { Core } from '../core/context.js';
import type { App } from '../core/http.js';
import { findEvents } from '../core/journal.repository.js';
import { fingerprintTemplate } from './specimen.js';
import type { JournalEvent } from '../core/journal.js';

/**
 * A baseline JPEG that decoders accept: grey, `width` x `height`, one component, every 8x8 block flat
 * (DC difference 0, then end of block), with the smallest Huffman tables that say so.
 */
export function tinyJpeg(width = 8, height = 8): Buffer {
  const u16 = (n: number) => [n >> 8, n & 0xff];
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const bits = '00'.repeat(blocks);
  const scan: number[] = [];
  for (let i = 0; i < bits.length; i += 8) scan.push(parseInt(bits.slice(i, i + 8).padEnd(8, '1'), 2));
  const oneCode = [1, ...new Array<number>(15).fill(0), 0];
  return Buffer.from([
    0xff, 0xd8,
    0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array<number>(64).fill(1),
    0xff, 0xc0, 0x00, 0x0b, 0x08, ...u16(height), ...u16(width), 0x01, 0x01, 0x11, 0x00,
    0xff, 0xc4, 0x00, 0x14, 0x00, ...oneCode,
    0xff, 0xc4, 0x00, 0x14, 0x10, ...oneCode,
    0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00,
    ...scan,
    0xff, 0xd9,
  ]);
}

/** An enrolment body: a 64 x 80 portrait, two fingers drawn from `seed`, a signature. */
export function enrolmentBody(seed: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    photo: { data: tinyJpeg(64, 80).toString('base64'), quality: 82 },
    fingerprints: [
      { position: 2, template: fingerprintTemplate(`${seed}/right-index`), quality: 77 },
      { position: 7, template: fingerprintTemplate(`${seed}/left-index`), quality: 71 },
    ],
    signature: { data: Buffer.from(`signature of ${seed} ..........`).toString('base64') },
    ...overrides,
  };
}

/** A person of the register, Casablanca-born unless told. */
export function personBody(nin: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    nin,
    surname: 'El Idrissi',
    givenNames: 'Mohammed Amine',
    surnameAr: 'الإدريسي',
    givenNamesAr: 'محمد أمين',
    sex: 'M',
    birthDate: '1990-05-14',
    birthPlace: 'Casablanca',
    fatherName: 'Abdelkader',
    motherName: 'Fatima Zahra',
    address: '12 rue Ibn Battouta, Maârif, Casablanca',
    phone: '+212612345678',
    ...overrides,
  };
}

export const RABAT = { code: 'RABAT', name: 'Centre de production de Rabat', prefix: 'R', location: { lat: 34.0209, lon: -6.8416 }, dailyCapacity: 12_000, stock: 50_000 };
export const MARRAKECH = { code: 'MARRAKECH', name: 'Centre de production de Marrakech', prefix: 'M', location: { lat: 31.6295, lon: -7.9811 }, dailyCapacity: 4_500, stock: 20_000 };
/** A desk in Casablanca (nearer Rabat) and one in Agadir (nearer Marrakech). */
export const CASA_DESK = { code: 'CASA-ANFA', name: 'Arrondissement Anfa', location: { lat: 33.5883, lon: -7.6318 }, opens: '08:30', closes: '16:30', slotMinutes: 15, slotCapacity: 2 };
export const AGADIR_DESK = { code: 'AGADIR-1', name: 'Agadir, 1er arrondissement', location: { lat: 30.4202, lon: -9.5982 }, opens: '08:30', closes: '12:00', slotMinutes: 30, slotCapacity: 4 };

/** What an identity test needs of `setupTestApp` (src/server/testing.ts). */
export interface AppUnderTest {
  readonly core: Core;
  /** Where the test's data lies: the SQLite file, or the PostgreSQL schema. */
  readonly database: { readonly config: DatabaseConfig; readonly schema: string | undefined };
  readonly clock: ManualClock;
  readonly app: App;
  login(roles: readonly PersonRole[]): Promise<{ token: string; username: string }>;
  journalHead(): Promise<number>;
  close(): Promise<void>;
}

export type SetupApp = (options: { env?: Record<string, string> }) => Promise<AppUnderTest>;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export interface IdentityTest {
  readonly t: AppUnderTest;
  /** A desk clerk, an issuance-centre operator, an administrator (identity.manage), an auditor. */
  readonly clerk: { token: string; username: string };
  readonly operator: string;
  readonly admin: string;
  readonly auditor: string;
  /** Where the test's keystore lives (removed at the end). */
  readonly dir: string;
  post(url: string, token: string | undefined, payload?: unknown): Promise<LightMyRequestResponse>;
  send(method: 'PATCH' | 'PUT', url: string, token: string, payload: unknown): Promise<LightMyRequestResponse>;
  get(url: string, token?: string): Promise<LightMyRequestResponse>;
  /** POSTs and expects `status`, returning the JSON body. */
  ok<T>(url: string, token: string, payload?: unknown, status?: number): Promise<T>;
  stream(stream: string): Promise<JournalEvent[]>;
  /** Rows in a table (to prove a refusal wrote nothing). */
  count(table: 'identity_person' | 'identity_application' | 'identity_enrolment' | 'identity_fingerprint' | 'identity_appointment' | 'identity_card' | 'identity_batch'): Promise<number>;
  close(): Promise<void>;
}

/** The app on a fresh database, its clock on Monday 2 March 2026, 08:00 in Casablanca, and the people who work on cards. */
export async function setupIdentityTest(setup: SetupApp, options: { env?: Record<string, string> } = {}): Promise<IdentityTest> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-identity-'));
  // Sessions last a week: the tests move the clock over days.
  const t = await setup({ env: { AMANE_IDENTITY_KEYSTORE: path.join(dir, 'identity.keystore'), AMANE_SESSION_TTL_SECONDS: '604800', ...options.env } });
  t.clock.set('2026-03-02T08:00:00.000Z');
  const clerk = await t.login(['identity-clerk']);
  const operator = (await t.login(['issuance-operator'])).token;
  const admin = (await t.login(['administrator'])).token;
  const auditor = (await t.login(['auditor'])).token;
  const inject = (method: 'POST' | 'PATCH' | 'PUT' | 'GET', url: string, token: string | undefined, payload?: unknown) =>
    t.app.inject({ method, url, ...(token === undefined ? {} : { headers: bearer(token) }), ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });
  return {
    t,
    clerk,
    operator,
    admin,
    auditor,
    dir,
    post: (url, token, payload) => inject('POST', url, token, payload),
    send: (method, url, token, payload) => inject(method, url, token, payload),
    get: (url, token) => inject('GET', url, token),
    async ok<T>(url: string, token: string, payload?: unknown, status = 200): Promise<T> {
      const response = await inject('POST', url, token, payload);
      expect(response.statusCode, `POST ${url}: ${response.body}`).toBe(status);
      return response.json() as T;
    },
    stream: (stream) => findEvents(t.core.db, { stream, limit: 1_000 }),
    async count(table) {
      const row = await t.core.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async close() {
      await t.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Registers a person (unless `registered`), opens a first-card application at `desk` and enrols it: approved when nothing is flagged. */
export async function approvedApplication(c: IdentityTest, nin: string, desk: string, options: { person?: Record<string, unknown>; seed?: string; registered?: boolean } = {}): Promise<{ number: string; status: string }> {
  if (options.registered !== true) await c.ok('/identity/persons', c.clerk.token, personBody(nin, options.person), 201);
  const rules = (await c.get('/identity/rules', c.clerk.token)).json() as { fees: { underAge: number | null; mad: number }[] };
  const birthDate = String((options.person?.birthDate as string | undefined) ?? personBody(nin).birthDate);
  const age = Number(c.t.clock.now().toISOString().slice(0, 4)) - Number(birthDate.slice(0, 4));
  const fee = rules.fees.find((band) => band.underAge === null || age < band.underAge)!.mad;
  const opened = await c.ok<{ number: string }>('/identity/applications', c.clerk.token, { nin, kind: 'first_card', desk, payment: { amountMad: fee, reference: `PAY-${nin}` } }, 201);
  return c.ok<{ number: string; status: string }>(`/identity/applications/${opened.number}/enrolment`, c.clerk.token, enrolmentBody(options.seed ?? nin));
}

/**
 * Everything the database holds, as bytes to search: on SQLite the file after a checkpoint that empties
 * the write-ahead log into it, and the -wal file if one is left (free pages included, so what was
 * deleted and not overwritten shows); on PostgreSQL every row of every table of the test's schema as
 * text (what a dump holds).
 */
export async function storedBytes(core: Core, database: AppUnderTest['database']): Promise<Buffer> {
  if (database.config.kind === 'sqlite') {
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(core.db);
    const file = database.config.path;
    return Buffer.concat([fs.readFileSync(file), ...(fs.existsSync(`${file}-wal`) ? [fs.readFileSync(`${file}-wal`)] : [])]);
  }
  const tables = await sql<{ table_name: string }>`select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(core.db);
  const parts: string[] = [];
  for (const { table_name: table } of tables.rows) {
    const rows = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} t`.execute(core.db);
    parts.push(table, ...rows.rows.map((r) => r.row));
  }
  expect(parts.length).toBeGreaterThan(10);
  return Buffer.from(parts.join('\n'), 'utf8');
}

/** The values of `values` found in `bytes` (UTF-8), to assert on. */
export function foundIn(bytes: Buffer, values: readonly string[]): string[] {
  return values.filter((value) => bytes.includes(Buffer.from(value, 'utf8')));
}

/**
 * Takes an approved application's card through production, shipping, reception and hand-over at its
 * desk, the clock on the day after: returns the document number.
 */
export async function deliverCard(c: IdentityTest, application: string, holder: { nin: string; birthDate: string }): Promise<string> {
  const schedule = await c.ok<{ batches: { id: string; centre: string }[] }>('/identity/production/schedule', c.operator);
  const batch = schedule.batches[0]!;
  await c.ok(`/identity/batches/${batch.id}/produce`, c.operator);
  await c.ok(`/identity/batches/${batch.id}/ship`, c.operator);
  await c.ok(`/identity/batches/${batch.id}/receive`, c.clerk.token);
  const delivered = await c.ok<{ documentNumber: string }>(`/identity/applications/${application}/handover`, c.clerk.token, holder);
  return delivered.documentNumber;
}
