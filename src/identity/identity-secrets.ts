import { hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../core/config.js';
import type { Core } from '../core/context.js';
import { redactUrl } from '../core/config.js';
import { decodeKey, MissingKeyError, readKeyFile, writeKeyFile } from '../core/key-folder.js';

/** Where a secret came from. */
export type SecretSource = 'setting' | 'key file' | 'generated' | 'kept from development';

/** The identity service's secrets, as the process uses them. */
export interface IdentitySecrets {
  /** AES-256-GCM key of biometric data at rest. */
  readonly dataKey: Buffer;
  readonly keystorePath: string;
  readonly keystorePassphrase: string;
  /** Where each came from: a setting, the key folder, or written there at this start. */
  readonly sources: { readonly dataKey: SecretSource; readonly keystorePassphrase: SecretSource };
}

/** Production without a secret the identity service cannot do without, or with an unusable one. */
export class MissingIdentitySecretError extends MissingKeyError {
  constructor(message: string) {
    super(message);
    this.name = 'MissingIdentitySecretError';
  }
}


interface SecretSpec {
  readonly setting: 'AMANE_IDENTITY_DATA_KEY' | 'AMANE_IDENTITY_KEYSTORE_PASSPHRASE';
  readonly file: string;
  readonly value: string | undefined;
  /** A new random value, as the file holds it. */
  generate(): string;
  /** The value earlier versions derived from the database's location (development databases made with them). */
  derived(): string;
  /** Whether a value is that derived one (compared as bytes, whatever its spelling). */
  isDerived(value: string): boolean;
}

/**
 * The secrets: each from its setting, else from its file in the key folder (`AMANE_KEY_DIR`). Outside
 * production an absent file is written at first start: random bytes, except for a database that already
 * has a keystore (made by a version that derived its secrets from the database's location), whose
 * derived secrets are kept in the files so that what it holds stays readable. In production an absent
 * secret, and one equal to the value derived from the database's location, are refused: that value can
 * be computed by anyone who knows where the database is.
 */
export function resolveIdentitySecrets(config: Config): IdentitySecrets {
  const place = config.database.kind === 'sqlite' ? config.database.path : redactUrl(config.database.url);
  const derive = (purpose: string, length: number) => Buffer.from(hkdfSync('sha256', `amane development identity secret: ${place}`, 'amane', purpose, length));
  const existingDatabase = fs.existsSync(config.identityKeystorePath);
  const resolve = (spec: SecretSpec) => resolveSecret(config, spec, existingDatabase);
  const dataKey = resolve({
    setting: 'AMANE_IDENTITY_DATA_KEY',
    file: 'identity-data.key',
    value: config.identityDataKey,
    generate: () => randomBytes(32).toString('base64'),
    derived: () => derive('biometric data key', 32).toString('base64'),
    isDerived: (value) => sameBytes(decodeKey(value), derive('biometric data key', 32)),
  });
  const passphrase = resolve({
    setting: 'AMANE_IDENTITY_KEYSTORE_PASSPHRASE',
    file: 'identity-keystore.passphrase',
    value: config.identityKeystorePassphrase,
    generate: () => randomBytes(24).toString('base64url'),
    derived: () => derive('keystore passphrase', 24).toString('base64url'),
    isDerived: (value) => sameBytes(Buffer.from(value), Buffer.from(derive('keystore passphrase', 24).toString('base64url'))),
  });
  return {
    dataKey: decodeKey(dataKey.value),
    keystorePath: config.identityKeystorePath,
    keystorePassphrase: passphrase.value,
    sources: { dataKey: dataKey.source, keystorePassphrase: passphrase.source },
  };
}

function resolveSecret(config: Config, spec: SecretSpec, existingDatabase: boolean): { value: string; source: SecretSource } {
  const file = path.join(config.keyDirectory, spec.file);
  const found = spec.value !== undefined ? { value: spec.value, source: 'setting' as const } : readKeyFile(file);
  if (found !== undefined) {
    if (config.production && spec.isDerived(found.value)) {
      throw new MissingIdentitySecretError(
        `${found.source === 'setting' ? spec.setting : file} holds the development value derived from the database's location, which anyone can compute: ` +
          'replace it with a random one (see docs/configuration.md)',
      );
    }
    return found;
  }
  if (config.production) {
    throw new MissingIdentitySecretError(`in production the identity service needs ${spec.setting} or the key file ${file}: provide one (see docs/configuration.md)`);
  }
  const written = writeKeyFile(config.keyDirectory, file, existingDatabase ? spec.derived() : spec.generate());
  return { value: written, source: existingDatabase ? 'kept from development' : 'generated' };
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const resolved = new WeakMap<Config, IdentitySecrets>();

/**
 * The secrets of this process, resolved once per configuration; a key written into the key folder at
 * this start is said in the log once (its folder, never the key itself).
 */
export function identitySecrets(core: Pick<Core, 'config' | 'log'>): IdentitySecrets {
  let secrets = resolved.get(core.config);
  if (secrets === undefined) {
    secrets = resolveIdentitySecrets(core.config);
    resolved.set(core.config, secrets);
    for (const [name, source] of Object.entries(secrets.sources)) {
      if (source === 'generated') core.log.info({ keyDirectory: core.config.keyDirectory }, `identity ${name}: generated at random into the key folder (keep a copy: what it protects cannot be read without it)`);
      if (source === 'kept from development') {
        core.log.warn({ keyDirectory: core.config.keyDirectory }, `identity ${name}: this database was made with a secret derived from its location; it is kept in the key folder so its data stays readable, and refused in production`);
      }
    }
  }
  return secrets;
}
