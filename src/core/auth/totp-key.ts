import type { Config } from '../config.js';
import type { Core } from '../context.js';
import type { Db } from '../database.js';
import { resolveRandomKey } from '../key-folder.js';
import { StateKey } from '../module-state.js';
import { openBytes, sealBytes } from '../sealing.js';

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
  return resolveRandomKey(config, TOTP_KEY_FILE, 'the second factor');
}

/** The key of the kernel `core` (its core module started). */
export function totpKey(core: Pick<Core, 'state'>): Buffer {
  return core.state.get(totpKeyKey);
}

/**
 * Encrypts a TOTP secret (AES-256-GCM, `core/sealing.ts`), bound to its user: a ciphertext copied onto
 * another account's row does not open.
 */
export function sealTotpSecret(key: Buffer, userId: string, secret: string): string {
  return sealBytes(key, Buffer.from(secret, 'utf8'), `user/${userId}/totp`);
}

/** The secret `sealTotpSecret` encrypted; throws when the key or the user is not the one it was sealed with. */
export function openTotpSecret(key: Buffer, userId: string, sealed: string): string {
  return openBytes(key, sealed, `user/${userId}/totp`).toString('utf8');
}

/**
 * Seals every TOTP secret again under `next` (`amane rotate-key totp.key`); resumable: a secret that
 * `next` already opens is left. Returns how many it sealed again.
 */
export async function resealTotpSecrets(db: Db, previous: Buffer, next: Buffer): Promise<number> {
  let done = 0;
  for (const row of await db.selectFrom('user_totp').select(['user_id', 'secret']).execute()) {
    try {
      openTotpSecret(next, row.user_id, row.secret);
      continue;
    } catch {
      // Still under the previous key.
    }
    const sealed = sealTotpSecret(next, row.user_id, openTotpSecret(previous, row.user_id, row.secret));
    const changed = await db.updateTable('user_totp').set({ secret: sealed }).where('user_id', '=', row.user_id).where('secret', '=', row.secret).executeTakeFirst();
    done += Number(changed.numUpdatedRows);
  }
  return done;
}
