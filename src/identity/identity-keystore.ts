import { hash } from 'node:crypto';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { openKeystore } from './icao/keystore.js';
import type { Keystore } from './icao/personalisation.js';
import { identitySecrets } from './identity-secrets.js';

const opened = new Map<string, Promise<Keystore>>();
// Per keystore file: whether the last attempt to open it failed (what /ready reports).
const failedToOpen = new Set<string>();

/** Whether the keystore could be opened the last time it was tried (true before any try). */
export function identityKeystoreAvailable(core: Pick<Core, 'config' | 'log'>): boolean {
  return !failedToOpen.has(keystoreKey(identitySecrets(core)));
}

/** A keystore as opened: its file with its passphrase (a process may hold two of one file, as tests do). */
function keystoreKey(secrets: { keystorePath: string; keystorePassphrase: string }): string {
  return `${secrets.keystorePath}\n${hash('sha256', secrets.keystorePassphrase, 'hex')}`;
}

/**
 * The keystore of the CSCA and the centres' Document Signers (AMANE_IDENTITY_KEYSTORE), opened once per
 * process and file, at its first use: created with a new CSCA when the file does not exist yet.
 */
export function identityKeystore(core: Pick<Core, 'config' | 'log' | 'clock'>): Promise<Keystore> {
  const secrets = identitySecrets(core);
  const key = keystoreKey(secrets);
  let keystore = opened.get(key);
  if (keystore === undefined) {
    // The centre's clock dates the certificates and the SODs' signing times (the simulator moves it).
    keystore = openKeystore(secrets.keystorePath, secrets.keystorePassphrase, { clock: core.clock }).then(
      (ready) => {
        failedToOpen.delete(key);
        return ready;
      },
      (error: unknown) => {
        // Tried again at the next use. Meanwhile what needs it answers 503 with what to do, not 500.
        opened.delete(key);
        failedToOpen.add(key);
        core.log.error({ err: error, path: secrets.keystorePath }, 'the identity keystore could not be opened');
        throw new DomainError(
          'unavailable',
          'the identity keystore cannot be opened (a passphrase that is not its own, or a damaged file): cards cannot be signed until it can; ' +
            'an administrator restores the keystore or its passphrase (AMANE_IDENTITY_KEYSTORE_PASSPHRASE, or the key folder)',
          { cause: error },
        );
      },
    );
    opened.set(key, keystore);
  }
  return keystore;
}
