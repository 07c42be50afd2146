import { sql } from 'kysely';
import type { Core } from '../core/context.js';
import { dialectOf, tableExists, type Trx, withSecureDelete } from '../core/database.js';
import { listApplicationChangesOfPerson, listFingerprintSha256Rows, replaceFingerprintSha256, updateApplicationRow } from './application.repository.js';
import { templateLinkOfDigest } from './biometric-vault.js';
import { listPlainCardsOfPerson, sealCardRow } from './card.repository.js';
import { MissingIdentitySecretError } from './identity-secrets.js';
import { personPlace } from './person-vault.js';
import { findOtherResidentWrappingKeyId } from './resident.repository.js';
import { deletePlainPersonRows, findOtherWrappingKeyId, insertPersonRow, listPlainPersonRows, reclaimErasedSpace, type PersonRow } from './person.repository.js';
import { PERSON_KEK_FILE, mrzDigest, newPersonKey, registerKeys, type RegisterKeys } from './register-keys.js';
import { isSealed, sealBytes, sealJson } from '../core/sealing.js';

// Any number: the PostgreSQL advisory lock that lets one process seal the earlier register at a time.
const SEALING_LOCK_KEY = 726_100_2;
const PAGE = 500;

/** What the start sealed of what earlier versions kept in clear. */
export interface SealedAtStart {
  readonly people: number;
  readonly cards: number;
  readonly changes: number;
  readonly templates: number;
}

/**
 * At the identity module's start, with the register's keys at hand: refuses a key-encryption key that is
 * not the one that wrapped the register's keys (a lost key folder, a key generated anew), then seals
 * what earlier versions kept in clear, which the migration set aside (`2026-12-02-400`): each person of
 * `identity_person_plain` is given a data key and written sealed, with their cards' MRZ and SOD and their
 * applications' changes sealed under it; each template's bare SHA-256 becomes its keyed link. The plain
 * tables are then dropped, and on SQLite the write-ahead log truncated (`secure_delete` zeroes what was
 * deleted). One transaction for each; nothing to do the next time. Journal events already written stay
 * as they were: the journal is append-only.
 */
export async function sealEarlierRegister(core: Pick<Core, 'db' | 'config' | 'log'>): Promise<SealedAtStart> {
  const keys = registerKeys(core);
  const wrappedBy = (await findOtherWrappingKeyId(core.db, keys.kekId)) ?? (await findOtherResidentWrappingKeyId(core.db, keys.kekId));
  if (wrappedBy !== undefined) {
    throw new MissingIdentitySecretError(
      `the key folder's ${PERSON_KEK_FILE} is not the key that wrapped this register's person keys (${wrappedBy}, the folder's is ${keys.kekId}): ` +
        'put back the key file kept with this database, or finish a rotation left half done (amane rotate-key identity-person.kek); without it no record of the register can be read',
    );
  }
  // What was kept in clear is deleted with every page it was on zeroed (secure_delete fully on).
  const people = await withSecureDelete(core.db, () =>
    core.db.transaction().execute(async (trx) => ((await holdSealingLock(trx, 'identity_person_plain')) ? sealPeople(trx, keys) : { people: 0, cards: 0, changes: 0 })),
  );
  const templates = await withSecureDelete(core.db, () =>
    core.db.transaction().execute(async (trx) => ((await holdSealingLock(trx, 'identity_fingerprint_sha256')) ? linkTemplates(trx, keys) : 0)),
  );
  const sealed = { ...people, templates };
  if (sealed.people + sealed.templates > 0) {
    core.log.info(sealed, 'identity register: what an earlier version kept in clear is sealed now (people, cards, changes of data, template links)');
    await reclaimErasedSpace(core.db, core.log);
  }
  return sealed;
}

/** One process at a time (PostgreSQL), then whether the table of earlier data is still there. */
async function holdSealingLock(trx: Trx, table: string): Promise<boolean> {
  if (dialectOf(trx) === 'postgres') await sql`select pg_advisory_xact_lock(${SEALING_LOCK_KEY})`.execute(trx);
  return tableExists(trx, table);
}

async function sealPeople(trx: Trx, keys: RegisterKeys): Promise<{ people: number; cards: number; changes: number }> {
  const counts = { people: 0, cards: 0, changes: 0 };
  for (;;) {
    const rows = await listPlainPersonRows(trx, PAGE);
    if (rows.length === 0) break;
    for (const plain of rows) {
      const person: PersonRow = { ...plain, data_key: newPersonKey() };
      await insertPersonRow(trx, keys, person);
      for (const card of await listPlainCardsOfPerson(trx, person.nin)) {
        if (isSealed(card.mrz)) continue;
        await sealCardRow(trx, card.document_number, {
          mrz: sealBytes(person.data_key, Buffer.from(card.mrz), personPlace.cardMrz(card.document_number)),
          mrz_hmac: mrzDigest(keys, card.mrz),
          sod: sealBytes(person.data_key, Buffer.from(card.sod, 'base64'), personPlace.cardSod(card.document_number)),
        });
        counts.cards += 1;
      }
      for (const application of await listApplicationChangesOfPerson(trx, person.nin)) {
        if (isSealed(application.person_changes)) continue;
        await updateApplicationRow(trx, application.number, { person_changes: sealJson(person.data_key, JSON.parse(application.person_changes), personPlace.changes(application.number)) });
        counts.changes += 1;
      }
    }
    await deletePlainPersonRows(
      trx,
      rows.map((row) => row.nin),
    );
    counts.people += rows.length;
  }
  await sql`drop table identity_person_plain`.execute(trx);
  return counts;
}

async function linkTemplates(trx: Trx, keys: RegisterKeys): Promise<number> {
  let linked = 0;
  for (;;) {
    const rows = await listFingerprintSha256Rows(trx, PAGE);
    if (rows.length === 0) break;
    for (const row of rows) await replaceFingerprintSha256(trx, row, templateLinkOfDigest(keys.templateKey, Buffer.from(row.sha256, 'hex')));
    linked += rows.length;
  }
  await sql`drop table identity_fingerprint_sha256`.execute(trx);
  return linked;
}
