import type { Core } from '../core/context.js';
import { openKeystore } from './icao/keystore.js';
import type { Keystore } from './icao/personalisation.js';
import { identitySecrets } from './identity-secrets.js';

const opened = new Map<string, Promise<Keystore>>();

/**
 * The keystore of the CSCA and the centres' Document Signers (AMANE_IDENTITY_KEYSTORE), opened once per
 * process and file, at its first use: created with a new CSCA when the file does not exist yet.
 */
export function identityKeystore(core: Pick<Core, 'config' | 'log' | 'clock'>): Promise<Keystore> {
  const secrets = identitySecrets(core);
  let keystore = opened.get(secrets.keystorePath);
  if (keystore === undefined) {
    // The centre's clock dates the certificates and the SODs' signing times (the simulator moves it).
    keystore = openKeystore(secrets.keystorePath, secrets.keystorePassphrase, { clock: core.clock });
    opened.set(secrets.keystorePath, keystore);
    // A failed opening (wrong passphrase, unreadable file) is tried again at the next use.
    keystore.catch((error: unknown) => {
      opened.delete(secrets.keystorePath);
      core.log.error({ err: error, path: secrets.keystorePath }, 'the identity keystore could not be opened');
    });
  }
  return keystore;
}
