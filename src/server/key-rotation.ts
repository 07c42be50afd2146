import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '../core/auth/principal.js';
import { resealTotpSecrets, TOTP_KEY_FILE } from '../core/auth/totp-key.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db } from '../core/database.js';
import { DomainError } from '../core/errors.js';
import { decodeKey, MissingKeyError, readKeyFile, writeKeyFile } from '../core/key-folder.js';
import { resealCameraCredentials } from '../cameras/index.js';
import { changeKeystorePassphrase, PERSON_KEK_FILE, recomputeRegisterIndexes, resealBiometrics, resealSealedDocuments, rewrapPersonDataKeys } from '../identity/index.js';

/**
 * Rotating a key of the key folder: what it seals is sealed again under a new key, then the new key takes
 * the old one's place. Each key names the work that re-seals under it; the work is resumable (what the
 * new key already opens is left), so a rotation cut short is finished by running it again.
 */
interface KeyRotation {
  /** The setting that, when given, holds the key instead of the file (then rotated where it is kept). */
  readonly setting?: (config: Core['config']) => string | undefined;
  /** A new value, as the file holds it. */
  generate(): string;
  /** Seals again under `next` what `previous` sealed (both as the files hold them); how many it sealed again. */
  reseal(core: Core, previous: string, next: string): Promise<number>;
}

const randomKey: KeyRotation['generate'] = () => randomBytes(32).toString('base64');
/** A rotation of a 32-byte key by a function of the database and the two keys. */
const ofKey = (reseal: (db: Db, previous: Buffer, next: Buffer) => Promise<number>): KeyRotation => ({
  generate: randomKey,
  reseal: (core, previous, next) => reseal(core.db, decodeKey(previous), decodeKey(next)),
});

const rotations: Readonly<Record<string, KeyRotation>> = {
  // The persons' data keys, and the register of sealed documents (whose key derives from it).
  [PERSON_KEK_FILE]: ofKey(async (db, previous, next) => (await rewrapPersonDataKeys(db, previous, next)) + (await resealSealedDocuments(db, previous, next))),
  'identity-index.key': { generate: randomKey, reseal: (core, _previous, next) => recomputeRegisterIndexes(core, decodeKey(next)) },
  'identity-data.key': { ...ofKey(resealBiometrics), setting: (config) => (config.identityDataKey === undefined ? undefined : 'AMANE_IDENTITY_DATA_KEY') },
  'identity-keystore.passphrase': {
    setting: (config) => (config.identityKeystorePassphrase === undefined ? undefined : 'AMANE_IDENTITY_KEYSTORE_PASSPHRASE'),
    generate: () => randomBytes(24).toString('base64url'),
    async reseal(core, previous, next) {
      if (!fs.existsSync(core.config.identityKeystorePath)) return 0;
      return (await changeKeystorePassphrase(core.config.identityKeystorePath, previous, next)) ? 1 : 0;
    },
  },
  [TOTP_KEY_FILE]: ofKey(resealTotpSecrets),
  'camera-credentials.key': ofKey(resealCameraCredentials),
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
  const rotation = rotations[name];
  if (rotation === undefined) throw new DomainError('validation', `key: ${name} is not a key that rotates here; those that do: ${rotatableKeys.join(', ')}`);
  const setting = rotation.setting?.(core.config);
  if (setting !== undefined) throw new DomainError('conflict', `${name} is given by the setting ${setting}, not by the key folder: rotate it where the setting is kept`);
  const file = path.join(core.config.keyDirectory, name);
  const nextFile = `${file}.next`;
  const previous = readKeyFile(file)?.value;
  if (previous === undefined) throw new MissingKeyError(`there is no ${file} to rotate (a key given as a setting is rotated where the setting is kept)`);
  const next = readKeyFile(nextFile)?.value ?? writeKeyFile(core.config.keyDirectory, nextFile, rotation.generate());
  const resealed = await rotation.reseal(core, previous, next);
  const at = core.clock.now().toISOString();
  await runCommand(core, actor, async ({ record }) => record(`key/${name}`, 'key.rotated', { key: name, from: keyId(previous), to: keyId(next), resealed }));
  const retired = `${file}.retired-${at.replace(/[:.]/g, '-')}`;
  fs.renameSync(file, retired);
  fs.renameSync(nextFile, file);
  return { key: name, resealed, retired };
}

/** Names a key in the journal without giving anything of it away. */
function keyId(key: string): string {
  return createHash('sha256').update('amane key id').update(key).digest('hex').slice(0, 16);
}
