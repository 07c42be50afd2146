import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import type { Config } from '../core/config.js';
import type { Core } from '../core/context.js';
import { MissingKeyError, resolveRandomKey } from '../core/key-folder.js';
import { MissingIdentitySecretError, type SecretSource } from './identity-secrets.js';
import { openBytes, sealBytes } from '../core/sealing.js';

/**
 * The keys of the national register, each a file of the key folder (`AMANE_KEY_DIR`), never in the
 * database:
 *
 * - `identity-person.kek`: the key-encryption key. Every person has a random 256-bit data key of their
 *   own, which seals their personal fields, the changes they ask for, their cards' MRZ and SOD, and the
 *   journal's copies of them; the database keeps it wrapped under this key (AES-256-GCM, the national
 *   ID number as associated data). Erasing a person deletes their wrapped key: whatever was sealed under
 *   it, in the tables, the journal or a backup, cannot be opened again.
 * - `identity-index.key`: the key of the register's keyed hashes (HMAC-SHA256), each purpose with a key
 *   of its own derived from it (HKDF): the blind indexes of the demographic check (birth date and name
 *   key), the MRZ a verification compares, and the templates' links of the embedded 1:N search.
 *
 * Outside production an absent file is written at first start (random, and the log says so); production
 * refuses to start without them.
 */

export const PERSON_KEK_FILE = 'identity-person.kek';
export const INDEX_KEY_FILE = 'identity-index.key';

/** The register's keys, as the process uses them. */
export interface RegisterKeys {
  /** Wraps each person's data key. */
  readonly kek: Buffer;
  /** Names the key-encryption key in the rows it wrapped (the start compares it), never the key. */
  readonly kekId: string;
  /** Blind indexes of the demographic check. */
  readonly blindIndexKey: Buffer;
  /** The keyed digest of a card's MRZ, which a verification compares. */
  readonly mrzKey: Buffer;
  /** The links of fingerprint templates. */
  readonly templateKey: Buffer;
  readonly sources: { readonly kek: SecretSource; readonly indexKey: SecretSource };
}

function resolveKeyFile(config: Config, name: string): { key: Buffer; source: SecretSource } {
  try {
    const { key, generated } = resolveRandomKey(config, name, 'the identity register');
    return { key, source: generated ? 'generated' : 'key file' };
  } catch (error) {
    // The identity service's own refusal, as for its other secrets.
    if (error instanceof MissingKeyError) throw new MissingIdentitySecretError(error.message);
    throw error;
  }
}

const derive = (key: Buffer, purpose: string) => Buffer.from(hkdfSync('sha256', key, 'amane identity register', purpose, 32));

/** The register's keys from the key folder; see the file's header. */
export function resolveRegisterKeys(config: Config): RegisterKeys {
  const kek = resolveKeyFile(config, PERSON_KEK_FILE);
  const index = resolveKeyFile(config, INDEX_KEY_FILE);
  return { kek: kek.key, kekId: kekIdOf(kek.key), ...indexKeysOf(index.key), sources: { kek: kek.source, indexKey: index.source } };
}

/** The keys of each keyed hash, derived from the index key. */
export function indexKeysOf(indexKey: Buffer): Pick<RegisterKeys, 'blindIndexKey' | 'mrzKey' | 'templateKey'> {
  return {
    blindIndexKey: derive(indexKey, 'blind index: birth date and name key'),
    mrzKey: derive(indexKey, 'card mrz'),
    templateKey: derive(indexKey, 'fingerprint template link'),
  };
}

const resolved = new WeakMap<Config, RegisterKeys>();

/** The register's keys of this process, resolved once per configuration; a key written at this start is said in the log once. */
export function registerKeys(core: Pick<Core, 'config' | 'log'>): RegisterKeys {
  let keys = resolved.get(core.config);
  if (keys === undefined) {
    keys = resolveRegisterKeys(core.config);
    resolved.set(core.config, keys);
    for (const [name, source] of Object.entries(keys.sources)) {
      if (source === 'generated') {
        core.log.info({ keyDirectory: core.config.keyDirectory }, `identity register ${name}: generated at random into the key folder (keep a copy: the register cannot be read without it)`);
      }
    }
  }
  return keys;
}

/** A new person's data key: 32 random bytes. */
export function newPersonKey(): Buffer {
  return randomBytes(32);
}

const keyPlace = (nin: string) => `identity-person-key/${nin}`;

/** Names a key-encryption key in the rows it wrapped, never the key. */
export function kekIdOf(kek: Buffer): string {
  return createHash('sha256').update('amane person kek id').update(kek).digest('hex').slice(0, 16);
}

/** A person's data key wrapped under `previous`, wrapped again under `next` (a rotation of the key-encryption key). */
export function rewrapPersonKey(previous: Buffer, next: Buffer, nin: string, wrapped: string): string {
  return sealBytes(next, openBytes(previous, wrapped, keyPlace(nin)), keyPlace(nin));
}

/** A person's data key wrapped under the key-encryption key, for the person's row of `identity_person_key`. */
export function wrapPersonKey(keys: RegisterKeys, nin: string, dataKey: Buffer): string {
  return sealBytes(keys.kek, dataKey, keyPlace(nin));
}

/** A person's data key, unwrapped; throws when the key-encryption key is not the one that wrapped it. */
export function unwrapPersonKey(keys: RegisterKeys, nin: string, wrapped: string): Buffer {
  return openBytes(keys.kek, wrapped, keyPlace(nin));
}

/**
 * The blind index of a birth date and a name key (name-match.ts) in one script: HMAC-SHA256, 128 bits,
 * hex. Equal for equal inputs, so the demographic check finds its candidates with one indexed query,
 * and meaningless without the key.
 */
export function blindIndex(keys: RegisterKeys, script: 'ar' | 'latin', birthDate: string, nameKey: string): string {
  return createHmac('sha256', keys.blindIndexKey).update(`${script}\u0000${birthDate}\u0000${nameKey}`).digest('hex').slice(0, 32);
}

/** The keyed digest of a card's MRZ (its three lines joined by line feeds), hex. */
export function mrzDigest(keys: RegisterKeys, mrz: string): string {
  return createHmac('sha256', keys.mrzKey).update(mrz).digest('hex');
}
