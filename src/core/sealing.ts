import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * One value sealed on its own with AES-256-GCM: a fresh 96-bit nonce each time, and its place (`CNIE-
 * 2026-0000001/finger/2`, `identity-person/BE123456/record`) as associated data, so a sealed value copied
 * to another row or another person does not open. Stored as text: `v1.<nonce>.<tag>.<ciphertext>`, each
 * base64. Biometric data (under the service's data key), the register's personal fields (under each
 * person's own key), second-factor secrets and cameras' stream credentials are sealed this way.
 */

const VERSION = 'v1';

/** Seals `plaintext` for the place `context`. */
export function sealBytes(key: Buffer, plaintext: Uint8Array, context: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, nonce.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join('.');
}

/** Opens what `sealBytes` sealed for `context`; throws when the key, the place or the bytes differ. */
export function openBytes(key: Buffer, sealed: string, context: string): Buffer {
  const [version, nonce, tag, ciphertext] = sealed.split('.');
  if (version !== VERSION || nonce === undefined || tag === undefined || ciphertext === undefined) throw new Error(`not a sealed value (${context})`);
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]);
}

/** Seals a JSON value (text) for `context`. */
export function sealJson(key: Buffer, value: unknown, context: string): string {
  return sealBytes(key, Buffer.from(JSON.stringify(value), 'utf8'), context);
}

/** Opens a JSON value sealed by `sealJson`. */
export function openJson<T>(key: Buffer, sealed: string, context: string): T {
  return JSON.parse(openBytes(key, sealed, context).toString('utf8')) as T;
}

/**
 * Whether stored text is a sealed value rather than plain text written by an earlier version (an MRZ,
 * base64 and JSON never start with `v1.`).
 */
export function isSealed(text: string): boolean {
  return text.startsWith(`${VERSION}.`);
}
