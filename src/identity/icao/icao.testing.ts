/** What the card-personalisation tests share: a temporary directory, a clock, keystores, specimen data, openssl. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { openKeystore } from './keystore.js';
import type { CardData, Keystore } from './personalisation.js';
import { sodContentInfo } from './sod.js';

export const OPENSSL = '/usr/bin/openssl';
/** A cheaper scrypt than the default 2^15, to keep tests quick; the code path is the same. */
const TEST_SCRYPT_COST = 1 << 12;

export interface IcaoTestCase {
  readonly dir: string;
  readonly clock: ManualClock;
  openTestKeystore(name?: string, passphrase?: string): Promise<Keystore>;
  /** Writes a file in the case's directory and returns its path. */
  write(name: string, content: string | Uint8Array): string;
  /** Runs `openssl cms -verify` on the SOD's CMS against a CSCA, at the test clock's time. */
  opensslVerify(efSod: Uint8Array, cscaPem: string): { status: number | null; stderr: string; content: Uint8Array | undefined };
}

/** One test's directory (removed when the test ends) and a clock at 2026-11-29T10:00Z. */
export function setupTestCase(): IcaoTestCase {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-icao-'));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  const clock = new ManualClock('2026-11-29T10:00:00.000Z');
  const write = (name: string, content: string | Uint8Array) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };
  let runs = 0;
  return {
    dir,
    clock,
    openTestKeystore: (name = 'keystore.json', passphrase = 'correct horse battery staple') => openKeystore(path.join(dir, name), passphrase, { clock, scryptCost: TEST_SCRYPT_COST }),
    write,
    opensslVerify(efSod, cscaPem) {
      const run = ++runs;
      const sod = write(`sod-${run}.der`, sodContentInfo(efSod));
      const ca = write(`csca-${run}.pem`, cscaPem);
      const out = path.join(dir, `content-${run}.bin`);
      const attime = String(Math.floor(clock.now().getTime() / 1000));
      const result = spawnSync(OPENSSL, ['cms', '-verify', '-inform', 'DER', '-in', sod, '-CAfile', ca, '-purpose', 'any', '-attime', attime, '-out', out], { encoding: 'utf8' });
      return { status: result.status, stderr: result.stderr, content: fs.existsSync(out) && result.status === 0 ? fs.readFileSync(out) : undefined };
    },
  };
}

/** A card for tests: Latin names, or only Arabic ones. */
export function testCard(overrides: Partial<CardData> = {}): CardData {
  return {
    documentNumber: 'AB1234567',
    issuingState: 'MAR',
    nationality: 'MAR',
    surname: 'EL ALAOUI',
    givenNames: 'Fatima Zahra',
    dateOfBirth: '1990-05-17',
    sex: 'F',
    dateOfExpiry: '2036-11-28',
    optionalData1: 'BE123456',
    ...overrides,
  };
}
