import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, sharedDataFile, testDatabaseKind, type TestDatabase } from './core/testing.js';
import { startServerProcess, type ServerProcess } from './server/tied-process.js';

const run = promisify(execFile);
const AMANE = path.resolve(import.meta.dirname, '../bin/amane.js');

describe(`the amane command (${testDatabaseKind()})`, () => {
  let database: TestDatabase;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    database = await createTestDatabase();
    // Free ports for HTTP and the embedded MQTT broker: several servers may run at once.
    // An empty centre: the demo city and its simulator (on by default on an empty database) are tested in src/sim.
    env = { ...process.env, ...database.settings, AMANE_LOG_LEVEL: 'warn', AMANE_PORT: '0', AMANE_MQTT: 'embedded', AMANE_MQTT_PORT: '0', AMANE_DEMO: 'off' };
  });
  afterEach(async () => database.drop());

  const amane = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(process.execPath, [AMANE, ...args], { env });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  const started: ServerProcess[] = [];
  // Whatever a test does or fails to do, no server it started outlives it.
  afterEach(async () => {
    for (const server of started.splice(0)) await server.stop();
  });

  /** Starts the server, waits for its first lines, and returns them with a way to stop it. */
  async function start(): Promise<{ output: string; url: string; stop: () => Promise<number | null> }> {
    // Generous: on a loaded machine the TypeScript loader alone can take seconds.
    const server = await startServerProcess(env, { ready: (output) => /One-time password:\s+\S+/.test(output) || /health:/.test(output), timeoutMs: 30_000 });
    started.push(server);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { output: server.output(), url: server.url, stop: () => server.stop() };
  }

  it('creates the first administrator on first start, prints its one-time password once, and stops cleanly', async () => {
    const first = await start();
    expect(first.output).toContain('First administrator: admin');
    const password = /One-time password:\s+(\S+)/.exec(first.output)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect((await fetch(`${first.url}/health`)).status).toBe(200);
    const login = await fetch(`${first.url}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).toBe(true);
    expect(await first.stop()).toBe(0);

    const second = await start();
    expect(second.output).not.toContain('First administrator');
    expect(await second.stop()).toBe(0);
    // Signed at the clean stop: no tail left for the second start to find.
    expect(second.output).not.toContain('written after the last signed anchor');
    expect((await amane('verify-journal', '--pending-seconds', '0')).stdout).toMatch(/^journal verified: \d+ events/);
    expect((await amane('journal-key')).stdout).toMatch(/^kept the journal signing key .*journal-signing\.key \(key id [0-9a-f]{16}\)/);
  }, 90_000);

  it('adds, lists and disables users by role name, and refuses a bad one with the reason', async () => {
    expect((await amane('migrate')).stdout).toContain('database is up to date');
    const added = await amane('user', 'add', 'leila', '--role', 'call-taker', '--role', 'supervisor', '--full-name', 'Leila Chraibi');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toMatch(/created leila\s+call-taker,supervisor\s+Leila Chraibi/);
    expect(added.stdout).toMatch(/one-time password: [A-Za-z0-9]{16}/);

    const badRole = await amane('user', 'add', 'driss', '--role', 'sheriff', '--full-name', 'Driss B');
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toContain('roles.0: must be one of call-taker');

    const listed = await amane('user', 'list');
    expect(listed.stdout).toContain('leila');
    expect(listed.stdout).not.toContain('driss');

    const disabled = await amane('user', 'disable', 'leila', '--reason', 'retired');
    expect(disabled.code, disabled.stderr).toBe(0);
    expect((await amane('user', 'list')).stdout).not.toContain('leila');
    expect((await amane('user', 'list', '--all')).stdout).toMatch(/leila.*disabled/);
    // Each command signed the head it left: the journal verifies against those anchors.
    expect((await amane('verify-journal')).stdout).toMatch(/^journal verified: 2 events, head 2 [0-9a-f]{64}\n {2}2 signed anchors; the last covers event 2\n$/);
    // Eight processes, each loading the TypeScript sources: slow on a loaded machine.
  }, 180_000);

  it('registers, rotates and revokes device tokens, each change journaled and signed, and rotates the signing key', async () => {
    const added = await amane('device', 'add', 'gw-line19', '--kind', 'telephony');
    expect(added.code, added.stderr).toBe(0);
    const first = /token: (amd_\S+)/.exec(added.stdout)?.[1];
    expect(first).toBeDefined();
    expect((await amane('device', 'rotate', 'gw-line19')).stderr).toContain('reason: give one with --reason');
    const rotated = await amane('device', 'rotate', 'gw-line19', '--reason', 'yearly rotation');
    const second = /new token for gw-line19: (amd_\S+)/.exec(rotated.stdout)?.[1];
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect((await amane('device', 'revoke', 'gw-line19', '--reason', 'replaced')).stdout).toMatch(/^revoked gw-line19\s+telephony\s+revoked /);
    expect((await amane('device', 'list')).stdout).toMatch(/gw-line19\s+telephony\s+revoked/);
    expect((await amane('verify-journal')).stdout).toMatch(/^journal verified: 3 events/);
    // A new signing key: the anchors of the retired one still verify, with its public key kept.
    const rotation = await amane('journal-key', '--rotate');
    expect(rotation.stdout).toMatch(/^retired the journal signing key [0-9a-f]{16} .* new key [0-9a-f]{16}\n/);
    expect((await amane('verify-journal')).stdout).toMatch(/^journal verified: 4 events.*\n {2}\d+ signed anchors; the last covers event 4\n$/);
  }, 150_000);

  it('lays out the demo city’s districts and puts a station in each, once', async () => {
    const districts = await amane('import-areas', '--demo');
    expect(districts.stderr).toBe('');
    expect(districts.stdout).toMatch(/^imported 16 districts from --demo: Centre Nord, /);
    const seeded = await amane('seed-stations');
    expect(seeded.stdout).toMatch(/^added 16 stations: ST-CENTRE-NORD, /);
    expect((await amane('seed-stations')).stdout).toMatch(/every district already has a station/);
  });

  it('writes specimen ID cards that openssl verifies against the CSCA written beside them', async () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-cards-'));
    try {
      expect((await amane('identity', 'sample', '--count', '0', '--out', out)).stderr).toContain('--count: must be a whole number');
      const result = await amane('identity', 'sample', '--count', '2', '--out', out);
      expect(result.stdout).toMatch(/^2 specimen cards in /);
      expect(fs.readdirSync(out).sort()).toEqual(['card-001', 'card-002', 'csca.pem', 'document-signer.pem']);
      expect(fs.readdirSync(path.join(out, 'card-002')).sort()).toEqual(['DG1', 'DG2', 'EF.COM', 'EF.SOD', 'mrz.txt']);
      expect(fs.readFileSync(path.join(out, 'card-001', 'mrz.txt'), 'utf8').trim().split('\n').map((line) => line.length)).toEqual([30, 30, 30]);
      // EF.SOD is the CMS SignedData inside the 0x77 wrapper (tag and a two-byte long-form length).
      const sod = fs.readFileSync(path.join(out, 'card-001', 'EF.SOD'));
      const cmsStart = sod[1] === 0x82 ? 4 : sod[1] === 0x81 ? 3 : 2;
      fs.writeFileSync(path.join(out, 'sod.der'), sod.subarray(cmsStart));
      const verify = spawnSync('/usr/bin/openssl', ['cms', '-verify', '-inform', 'DER', '-in', path.join(out, 'sod.der'), '-CAfile', path.join(out, 'csca.pem'), '-purpose', 'any', '-out', '/dev/null']);
      expect(verify.stderr.toString()).toContain('Verification successful');
      expect(verify.status).toBe(0);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  const oncf = sharedDataFile('gtfs/oncf-rail-morocco-gtfs.zip');
  it.skipIf(oncf === undefined)('imports a GTFS timetable and prints its counts; a malformed one is refused naming the file (needs ../shared/data/gtfs/oncf-rail-morocco-gtfs.zip)', async () => {
    const imported = await amane('transit', 'import', oncf!, '--feed', 'oncf');
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('imported feed oncf from');
    expect(imported.stdout).toContain('stops 33, routes 9, trips 60, shapes 9, calendars 3');
    const bad = path.join(os.tmpdir(), `amane-not-gtfs-${process.pid}.zip`);
    fs.writeFileSync(bad, 'not a zip');
    try {
      const refused = await amane('transit', 'import', bad, '--feed', 'oncf');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('GTFS feed refused: (zip): is not a readable zip archive');
    } finally {
      fs.rmSync(bad, { force: true });
    }
    // Two processes, each loading the TypeScript sources: slow on a loaded machine.
  }, 180_000);

  it('fails fast on a bad setting, naming it', async () => {
    env = { ...env, AMANE_PORT: 'eighty' };
    const result = await amane('start');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('AMANE_PORT: "eighty" must be a whole number');
  });
});
