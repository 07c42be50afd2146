import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '../core/auth/principal.js';
import { resealTotpSecrets, TOTP_KEY_FILE } from '../core/auth/totp-key.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db } from '../core/database.js';
import { DomainError } from '../core/errors.js';
import { MissingKeyError, readKeyFile, writeKeyFile } from '../core/key-folder.js';
import { resealCameraCredentials } from '../cameras/camera-credentials.js';
import { rewrapPersonKeys } from '../identity/person.repository.js';
import { PERSON_KEK_FILE } from '../identity/register-keys.js';

/**
 * Rotating a key of the key folder: what it seals is sealed again under a new key, then the new key takes
 * the old one's place. Each key names the work that re-seals under it; the work is resumable (what the
 * new key already opens is left), so a rotation cut short is finished by running it again.
 */
const rotations: Readonly<Record<string, (db: Db, previous: Buffer, next: Buffer) => Promise<number>>> = {
  [PERSON_KEK_FILE]: rewrapPersonKeys,
  [TOTP_KEY_FILE]: resealTotpSecrets,
  'camera-credentials.key': resealCameraCredentials,
};

export const rotatableKeys: readonly string[] = Object.keys(rotations);

export interface Rotation {
  readonly key: string;
  /** Rows sealed again under the new key by this run. */
  readonly resealed: number;
  /** Where the previous key went: to keep with the backups made before, or to destroy. */
  readonly retired: string;
}

/**
 * Rotates `name` (a file of the key folder): the new key is written beside it as `NAME.next` (kept
 * across runs, so a rotation cut short goes on with the same key), everything is sealed again under it,
 * the rotation is journaled (key ids, never keys), and the files change places: the previous key becomes
 * `NAME.retired-<time>`, the new one `NAME`. The centre must be stopped meanwhile: a running server
 * would go on sealing under the previous key.
 */
export async function rotateKey(core: Core, actor: Actor, name: string): Promise<Rotation> {
  const reseal = rotations[name];
  if (reseal === undefined) throw new DomainError('validation', `key: ${name} is not a key that rotates here; those that do: ${rotatableKeys.join(', ')}`);
  const file = path.join(core.config.keyDirectory, name);
  const nextFile = `${file}.next`;
  const previousText = readKeyFile(file)?.value;
  if (previousText === undefined) throw new MissingKeyError(`there is no ${file} to rotate`);
  const previous = keyBytes(previousText);
  const next = keyBytes(readKeyFile(nextFile)?.value ?? writeKeyFile(core.config.keyDirectory, nextFile, randomBytes(32).toString('base64')));
  const resealed = await reseal(core.db, previous, next);
  const at = core.clock.now().toISOString();
  await runCommand(core, actor, async ({ record }) => record(`key/${name}`, 'key.rotated', { key: name, from: keyId(previous), to: keyId(next), resealed }));
  const retired = `${file}.retired-${at.replace(/[:.]/g, '-')}`;
  fs.renameSync(file, retired);
  fs.renameSync(nextFile, file);
  return { key: name, resealed, retired };
}

function keyBytes(text: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
}

/** Names a key in the journal without giving anything of it away. */
function keyId(key: Buffer): string {
  return createHash('sha256').update('amane key id').update(key).digest('hex').slice(0, 16);
}
