import { createHash, createHmac } from 'node:crypto';
import type { Db } from '../core/database.js';
import { openBytes, sealBytes } from '../core/sealing.js';

/**
 * Biometric data at rest: each photo, fingerprint template and signature is sealed on its own with
 * AES-256-GCM under the service's data key, a fresh 96-bit nonce each time, and its place (`CNIE-2026-
 * 0000001/finger/2`) as associated data, so a sealed value copied to another row does not open.
 * Stored as text: `v1.<nonce>.<tag>.<ciphertext>`, each base64 (sealing.ts).
 */

/** Seals `plaintext` for the place `context`. */
export function sealBiometric(key: Buffer, plaintext: Uint8Array, context: string): string {
  return sealBytes(key, plaintext, context);
}

/** Opens what `sealBiometric` sealed for `context`; throws when the key, the place or the bytes differ. */
export function openBiometric(key: Buffer, sealed: string, context: string): Buffer {
  return openBytes(key, sealed, context);
}

/**
 * The link of a template, hex: HMAC-SHA256, under the register's template key (register-keys.ts), of
 * the template's SHA-256. Kept beside its ciphertext, it finds identical templates without decrypting;
 * unlike a bare SHA-256, nobody without the key can compute it, so a copy of the table alone links no
 * template to another database's. Keyed over the SHA-256 (not the template) so that the SHA-256 an
 * earlier version stored converts without opening the template.
 */
export function templateLink(key: Buffer, template: Uint8Array): string {
  return templateLinkOfDigest(key, createHash('sha256').update(template).digest());
}

/** `templateLink` from a template's SHA-256 (the conversion of what earlier versions stored). */
export function templateLinkOfDigest(key: Buffer, sha256: Uint8Array): string {
  return createHmac('sha256', key).update(sha256).digest('hex');
}

/** The places of an application's biometric values (the associated data of each). */
export const biometricPlace = {
  photo: (application: string) => `${application}/photo`,
  signature: (application: string) => `${application}/signature`,
  finger: (application: string, position: number) => `${application}/finger/${position}`,
};

/** What an image is, read from its header: JPEG (SOF marker) or JPEG 2000 (JP2 `ihdr` box, or a codestream's SIZ). */
export interface ImageHeader {
  readonly format: 'jpeg' | 'jp2';
  readonly width: number;
  readonly height: number;
}

/** The format and size of a JPEG or JPEG 2000 image; undefined for anything else. */
export function readImageHeader(bytes: Uint8Array): ImageHeader | undefined {
  if (bytes.length > 4 && bytes[0] === 0xff && bytes[1] === 0xd8) return readJpeg(bytes);
  const jp2Signature = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];
  if (jp2Signature.every((b, i) => bytes[i] === b)) return readJp2(bytes);
  // A bare JPEG 2000 codestream: SOC then SIZ (Xsiz, Ysiz, XOsiz, YOsiz).
  if (bytes.length >= 24 && bytes[0] === 0xff && bytes[1] === 0x4f && bytes[2] === 0xff && bytes[3] === 0x51) {
    const width = u32(bytes, 8) - u32(bytes, 16);
    const height = u32(bytes, 12) - u32(bytes, 20);
    return width > 0 && height > 0 ? { format: 'jp2', width, height } : undefined;
  }
  return undefined;
}

const u16 = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32 = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + ((b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!);

function readJpeg(bytes: Uint8Array): ImageHeader | undefined {
  let i = 2;
  while (i + 3 < bytes.length) {
    if (bytes[i] !== 0xff) return undefined;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    // Markers without a length: TEM and the restart markers; an end of image before a frame is no image.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) return undefined;
    const length = u16(bytes, i + 2);
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (i + 8 >= bytes.length) return undefined;
      const height = u16(bytes, i + 5);
      const width = u16(bytes, i + 7);
      return width > 0 && height > 0 ? { format: 'jpeg', width, height } : undefined;
    }
    if (length < 2) return undefined;
    i += 2 + length;
  }
  return undefined;
}

function readJp2(bytes: Uint8Array): ImageHeader | undefined {
  const limit = Math.min(bytes.length - 11, 4_096);
  for (let i = 12; i < limit; i += 1) {
    // 'ihdr': height, then width, 4 bytes each.
    if (bytes[i] === 0x69 && bytes[i + 1] === 0x68 && bytes[i + 2] === 0x64 && bytes[i + 3] === 0x72) {
      const height = u32(bytes, i + 4);
      const width = u32(bytes, i + 8);
      return width > 0 && height > 0 ? { format: 'jp2', width, height } : undefined;
    }
  }
  return undefined;
}

/**
 * Seals every portrait, signature and template again under `next` (`amane rotate-key identity-data.key`),
 * a batch of enrolments per transaction; resumable: a value `next` already opens is left. Returns how many
 * values it sealed again.
 */
export async function resealBiometrics(db: Db, previous: Buffer, next: Buffer, batch = 200): Promise<number> {
  const reseal = (sealed: string, place: string): string | undefined => {
    try {
      openBytes(next, sealed, place);
      return undefined;
    } catch {
      return sealBytes(next, openBytes(previous, sealed, place), place);
    }
  };
  let done = 0;
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('identity_enrolment').select(['application_number', 'photo', 'signature']).where('application_number', '>', after).orderBy('application_number').limit(batch).execute();
    if (rows.length === 0) return done;
    done += await db.transaction().execute(async (trx) => {
      let count = 0;
      for (const row of rows) {
        const number = row.application_number;
        const photo = reseal(row.photo, biometricPlace.photo(number));
        const signature = reseal(row.signature, biometricPlace.signature(number));
        if (photo !== undefined || signature !== undefined) {
          await trx.updateTable('identity_enrolment').set({ ...(photo === undefined ? {} : { photo }), ...(signature === undefined ? {} : { signature }) }).where('application_number', '=', number).execute();
          count += (photo === undefined ? 0 : 1) + (signature === undefined ? 0 : 1);
        }
        for (const finger of await trx.selectFrom('identity_fingerprint').select(['position', 'template']).where('application_number', '=', number).execute()) {
          const template = reseal(finger.template, biometricPlace.finger(number, finger.position));
          if (template === undefined) continue;
          await trx.updateTable('identity_fingerprint').set({ template }).where('application_number', '=', number).where('position', '=', finger.position).execute();
          count += 1;
        }
      }
      return count;
    });
    after = rows[rows.length - 1]!.application_number;
  }
}
