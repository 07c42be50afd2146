import { hkdfSync } from 'node:crypto';
import type { Config } from '../core/config.js';
import type { Core } from '../core/context.js';
import { redactUrl } from '../core/config.js';

/** The identity service's secrets, as the process uses them. */
export interface IdentitySecrets {
  /** AES-256-GCM key of biometric data at rest. */
  readonly dataKey: Buffer;
  readonly keystorePath: string;
  readonly keystorePassphrase: string;
  /** The settings that were absent and were derived for development. */
  readonly derived: readonly ('AMANE_IDENTITY_DATA_KEY' | 'AMANE_IDENTITY_KEYSTORE_PASSPHRASE')[];
}

/** Production without a setting the identity service cannot do without. */
export class MissingIdentitySecretError extends Error {
  constructor(readonly settings: readonly string[]) {
    super(`in production the identity service needs ${settings.join(' and ')}: set ${settings.length === 1 ? 'it' : 'them'} (see docs/configuration.md)`);
    this.name = 'MissingIdentitySecretError';
  }
}

/** The bytes of a data key given as 64 hex digits or base64 (config.ts has checked it is 32 bytes). */
export function decodeDataKey(text: string): Buffer {
  return /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}

/**
 * The secrets from the configuration. Outside production, an absent data key or keystore passphrase is
 * derived (HKDF-SHA256) from where the database is: the same development database always opens with
 * the same key, and nothing secret is written anywhere. In production an absent one is refused.
 */
export function resolveIdentitySecrets(config: Config): IdentitySecrets {
  const missing = [
    ...(config.identityDataKey === undefined ? (['AMANE_IDENTITY_DATA_KEY'] as const) : []),
    ...(config.identityKeystorePassphrase === undefined ? (['AMANE_IDENTITY_KEYSTORE_PASSPHRASE'] as const) : []),
  ];
  if (config.production && missing.length > 0) throw new MissingIdentitySecretError(missing);
  const place = config.database.kind === 'sqlite' ? config.database.path : redactUrl(config.database.url);
  const derive = (purpose: string, length: number) => Buffer.from(hkdfSync('sha256', `amane development identity secret: ${place}`, 'amane', purpose, length));
  return {
    dataKey: config.identityDataKey === undefined ? derive('biometric data key', 32) : decodeDataKey(config.identityDataKey),
    keystorePath: config.identityKeystorePath,
    keystorePassphrase: config.identityKeystorePassphrase ?? derive('keystore passphrase', 24).toString('base64url'),
    derived: missing,
  };
}

const resolved = new WeakMap<Config, IdentitySecrets>();

/**
 * The secrets of this process, resolved once per configuration; a derived one is said in the log once
 * (never the key itself).
 */
export function identitySecrets(core: Pick<Core, 'config' | 'log'>): IdentitySecrets {
  let secrets = resolved.get(core.config);
  if (secrets === undefined) {
    secrets = resolveIdentitySecrets(core.config);
    resolved.set(core.config, secrets);
    if (secrets.derived.length > 0) {
      core.log.warn(
        { derived: secrets.derived },
        `${secrets.derived.join(' and ')} not set: the identity service uses development secrets derived from the database's location; set them before enrolling real people`,
      );
    }
  }
  return secrets;
}
