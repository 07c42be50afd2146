import type { Core } from '../core/context.js';
import { openBytes } from '../core/sealing.js';
import { openBiometric, biometricPlace, templateLink } from './biometric-vault.js';
import { identitySecrets } from './identity-secrets.js';
import { findPersonRows, indexesOf } from './person.repository.js';
import { personPlace } from './person-vault.js';
import { indexKeysOf, mrzDigest, resolveRegisterKeys, type RegisterKeys } from './register-keys.js';

const BATCH = 200;

/**
 * Computes every keyed hash of the register again under a new index key (`amane rotate-key
 * identity-index.key`): each person's blind indexes (from their opened record), each card's MRZ digest
 * (from its opened MRZ), each template's link (from its opened template). A batch per transaction. Run
 * again, it computes the same values: a rotation cut short is finished by running it again. Returns how
 * many values it wrote.
 */
export async function recomputeRegisterIndexes(core: Core, nextIndexKey: Buffer): Promise<number> {
  const current = resolveRegisterKeys(core.config);
  const next: RegisterKeys = { ...current, ...indexKeysOf(nextIndexKey) };
  let written = 0;

  for (let after = ''; ; ) {
    const nins = (await core.db.selectFrom('identity_person').select('nin').where('nin', '>', after).orderBy('nin').limit(BATCH).execute()).map((row) => row.nin);
    if (nins.length === 0) break;
    written += await core.db.transaction().execute(async (trx) => {
      const people = await findPersonRows(trx, current, nins);
      for (const person of people) await trx.updateTable('identity_person').set(indexesOf(next, person)).where('nin', '=', person.nin).execute();
      const holders = new Map(people.map((person) => [person.nin, person.data_key]));
      const cards = await trx.selectFrom('identity_card').select(['document_number', 'nin', 'mrz']).where('nin', 'in', nins).where('mrz_hmac', 'is not', null).execute();
      for (const card of cards) {
        const mrz = openBytes(holders.get(card.nin)!, card.mrz, personPlace.cardMrz(card.document_number)).toString('utf8');
        await trx.updateTable('identity_card').set({ mrz_hmac: mrzDigest(next, mrz) }).where('document_number', '=', card.document_number).execute();
      }
      return people.length * 2 + cards.length;
    });
    after = nins[nins.length - 1]!;
  }

  const dataKey = identitySecrets(core).dataKey;
  for (let after = ''; ; ) {
    const rows = await core.db.selectFrom('identity_fingerprint').select(['application_number', 'position', 'template']).where('application_number', '>', after).orderBy('application_number').limit(BATCH).execute();
    if (rows.length === 0) break;
    // Whole applications per batch: the last one may continue past the limit.
    const last = rows[rows.length - 1]!.application_number;
    const all = await core.db.selectFrom('identity_fingerprint').select(['application_number', 'position', 'template']).where('application_number', '>', after).where('application_number', '<=', last).execute();
    written += await core.db.transaction().execute(async (trx) => {
      for (const row of all) {
        const template = openBiometric(dataKey, row.template, biometricPlace.finger(row.application_number, row.position));
        await trx
          .updateTable('identity_fingerprint')
          .set({ template_hmac: templateLink(next.templateKey, template) })
          .where('application_number', '=', row.application_number)
          .where('position', '=', row.position)
          .execute();
      }
      return all.length;
    });
    after = last;
  }
  return written;
}
