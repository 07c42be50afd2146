import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MissingKeyError } from '../key-folder.js';
import { matchingStep, newTotpSecret, stepAt, totpCode, totpUri } from './totp.js';
import { TOTP_KEY_FILE, openTotpSecret, resolveTotpKey, sealTotpSecret } from './totp-key.js';

// RFC 6238 appendix B's SHA-1 seed, "12345678901234567890", in base32.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP codes (RFC 6238)', () => {
  it("gives RFC 6238's SHA-1 test values, in their last six digits", () => {
    const vectors: [number, string][] = [
      [59, '94287082'],
      [1_111_111_109, '07081804'],
      [1_111_111_111, '14050471'],
      [1_234_567_890, '89005924'],
      [2_000_000_000, '69279037'],
    ];
    for (const [seconds, eight] of vectors) expect(totpCode(RFC_SECRET, new Date(seconds * 1_000))).toBe(eight.slice(2));
  });

  it('takes a code from the step before to the step after, and names its step; no further', () => {
    const at = new Date('2026-03-01T08:00:10.000Z');
    const step = stepAt(at);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, at), at)).toBe(step);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() - 30_000)), at)).toBe(step - 1);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() + 30_000)), at)).toBe(step + 1);
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() - 60_000)), at)).toBeUndefined();
    expect(matchingStep(RFC_SECRET, totpCode(RFC_SECRET, new Date(at.getTime() + 60_000)), at)).toBeUndefined();
  });

  it('makes 160-bit secrets in base32, and an otpauth URI that apps read', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(totpUri(secret, 'nadia@casablanca.police.ma', 'Amane'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Amane:nadia@casablanca.police.ma');
    expect(Object.fromEntries(uri.searchParams)).toEqual({ issuer: 'Amane', secret, algorithm: 'SHA1', digits: '6', period: '30' });
  });
});

describe('the key of TOTP secrets', () => {
  const folders: string[] = [];
  const scratch = () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-totp-key-'));
    folders.push(folder);
    return path.join(folder, 'keys');
  };
  afterAll(() => {
    for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
  });

  it('is written at random outside production, readable by its owner only, and read back the same', () => {
    const keyDirectory = scratch();
    const first = resolveTotpKey({ keyDirectory, production: false });
    expect(first.generated).toBe(true);
    expect(first.key).toHaveLength(32);
    expect(fs.statSync(path.join(keyDirectory, TOTP_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(fs.statSync(keyDirectory).mode & 0o777).toBe(0o700);
    const again = resolveTotpKey({ keyDirectory, production: true });
    expect(again).toEqual({ key: first.key, generated: false });
  });

  it('is required in production, never generated there', () => {
    const keyDirectory = scratch();
    expect(() => resolveTotpKey({ keyDirectory, production: true })).toThrow(MissingKeyError);
    expect(() => resolveTotpKey({ keyDirectory, production: true })).toThrow(/in production the second factor needs the key file .*totp\.key/);
    expect(fs.existsSync(path.join(keyDirectory, TOTP_KEY_FILE))).toBe(false);
  });

  it('encrypts a secret for one user: another key or another user opens nothing', () => {
    const { key } = resolveTotpKey({ keyDirectory: scratch(), production: false });
    const { key: otherKey } = resolveTotpKey({ keyDirectory: scratch(), production: false });
    const sealed = sealTotpSecret(key, 'user-1', RFC_SECRET);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain(RFC_SECRET);
    expect(sealTotpSecret(key, 'user-1', RFC_SECRET)).not.toBe(sealed);
    expect(openTotpSecret(key, 'user-1', sealed)).toBe(RFC_SECRET);
    expect(() => openTotpSecret(key, 'user-2', sealed)).toThrow();
    expect(() => openTotpSecret(otherKey, 'user-1', sealed)).toThrow();
  });
});
