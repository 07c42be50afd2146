import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Core } from '../context.js';
import { MissingKeyError, readKeyFile, writeKeyFile } from '../key-folder.js';
import { StateKey } from '../module-state.js';

/** The key folder's file holding the key of TOTP secrets at rest. */
export const TOTP_KEY_FILE = 'totp.key';

/** The key of TOTP secrets, resolved by the core module's `start`. */
export const totpKeyKey = new StateKey<Buffer>('kernel: the key of second-factor secrets');

/**
 * The AES-256 key that encrypts people's TOTP secrets in the database, from the key folder: a copy of the
 * database alone gives nobody a second factor. Outside production an absent key is written there at
 * random; production refuses to start without it (a new key would make every enrolled factor unreadable).
 */
export function resolveTotpKey(config: Pick<Config, 'keyDirectory' | 'production'>): { key: Buffer; generated: boolean } {
  const file = path.join(config.keyDirectory, TOTP_KEY_FILE);
  const found = readKeyFile(file);
  if (found === undefined && config.production) {
    throw new MissingKeyError(`in production the second factor needs the key file ${file} (32 random bytes in base64: openssl rand -base64 32 > ${file}; chmod 600 it)`);
  }
  const text = found?.value ?? writeKeyFile(config.keyDirectory, file, randomBytes(32).toString('base64'));
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new MissingKeyError(`${file} must hold 32 bytes in base64 (openssl rand -base64 32)`);
  return { key, generated: found === undefined };
}

/** The key of the kernel `core` (its core module started). */
export function totpKey(core: Pick<Core, 'state'>): Buffer {
  return core.state.get(totpKeyKey);
}

/**
 * Encrypts a TOTP secret (AES-256-GCM), bound to its user: a ciphertext copied onto another account's
 * row does not open. Stored as `v1:` and base64 of the nonce, the tag and the ciphertext.
 */
export function sealTotpSecret(key: Buffer, userId: string, secret: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(userId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return `v1:${Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** The secret `sealTotpSecret` encrypted; throws when the key or the user is not the one it was sealed with. */
export function openTotpSecret(key: Buffer, userId: string, sealed: string): string {
  if (!sealed.startsWith('v1:')) throw new Error('a TOTP secret in an unknown format');
  const bytes = Buffer.from(sealed.slice(3), 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(userId));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
