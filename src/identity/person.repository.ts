import { sql } from 'kysely';
import type { Logger } from 'pino';
import { dialectOf, lockForUpdate, type Db, type Trx } from '../core/database.js';
import { demographicKeys } from './name-match.js';
import { openPersonRecord, sealPersonRecord, type PersonFields } from './person-vault.js';
import { blindIndex, kekIdOf, rewrapPersonKey, unwrapPersonKey, wrapPersonKey, type RegisterKeys } from './register-keys.js';

/**
 * A row of `identity_person`: one person of the national register. The personal fields are sealed
 * under the person's own data key (`record`); the demographic check finds its candidates by blind
 * indexes, never by a plain birth date or name.
 */
export interface IdentityPersonTable {
  /** The national ID number: `BE123456`. */
  nin: string;
  /** The personal fields (person-vault.ts), sealed under the person's data key. */
  record: string;
  /** Blind indexes (register-keys.ts) of the birth date with the name's key in Latin letters, and in Arabic. */
  index_latin: string;
  index_ar: string;
  /** The username of the citizen account linked to the record. */
  account: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of `identity_person_key`: a person's data key, wrapped under the key-encryption key. */
export interface IdentityPersonKeyTable {
  nin: string;
  wrapped_key: string;
  /** Which key-encryption key wrapped it (register-keys.ts `kekId`). */
  kek_id: string;
  created_at: string;
}

/** A row of `identity_person_erasure`: a person erased from the register, by whom, when and why. No personal data. */
export interface IdentityPersonErasureTable {
  nin: string;
  erased_at: string;
  erased_by: string;
  reason: string;
  legal_basis: string;
}

/** A row of `identity_person_plain`: the register as earlier versions kept it, in clear, until it is sealed at start. */
export interface IdentityPersonPlainTable extends PersonFields {
  nin: string;
  account: string | null;
  created_at: string;
  updated_at: string;
}

declare module '../core/database.js' {
  interface Database {
    identity_person: IdentityPersonTable;
    identity_person_key: IdentityPersonKeyTable;
    identity_person_erasure: IdentityPersonErasureTable;
    identity_person_plain: IdentityPersonPlainTable;
  }
}

/** A person of the register, opened: the personal fields in clear, and the person's data key to seal what belongs to them. */
export interface PersonRow extends PersonFields {
  nin: string;
  account: string | null;
  created_at: string;
  updated_at: string;
  /** Never sent or logged: seals the person's application changes, cards and journal copies. */
  data_key: Buffer;
}

type SealedRow = IdentityPersonTable & { wrapped_key: string };

function selectSealed(db: Db | Trx) {
  return db.selectFrom('identity_person').innerJoin('identity_person_key', 'identity_person_key.nin', 'identity_person.nin').selectAll('identity_person').select('identity_person_key.wrapped_key');
}

function openRow(keys: RegisterKeys, row: SealedRow): PersonRow {
  const dataKey = unwrapPersonKey(keys, row.nin, row.wrapped_key);
  return { ...openPersonRecord(dataKey, row.nin, row.record), nin: row.nin, account: row.account, created_at: row.created_at, updated_at: row.updated_at, data_key: dataKey };
}

/** The name-match keys (name-match.ts) of a register row. */
export function rowKeys(row: PersonFields & { nin: string }): ReturnType<typeof demographicKeys> {
  return demographicKeys({
    nin: row.nin,
    birthDate: row.birth_date,
    birthPlace: row.birth_place,
    givenNames: row.given_names,
    surname: row.surname,
    givenNamesAr: row.given_names_ar,
    surnameAr: row.surname_ar,
    fatherName: row.father_name,
    motherName: row.mother_name,
  });
}

/** The blind indexes of a person's birth date and names. */
export function indexesOf(keys: RegisterKeys, row: PersonRow): { index_latin: string; index_ar: string } {
  const names = rowKeys(row);
  return { index_latin: blindIndex(keys, 'latin', row.birth_date, names.nameKeyLatin), index_ar: blindIndex(keys, 'ar', row.birth_date, names.nameKeyAr) };
}

export async function findPersonRow(db: Db | Trx, keys: RegisterKeys, nin: string, options: { lock?: boolean } = {}): Promise<PersonRow | undefined> {
  const query = selectSealed(db).where('identity_person.nin', '=', nin);
  const row = await (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
  return row === undefined ? undefined : openRow(keys, row);
}

/** Whether the register holds a record under this number (nothing opened); with `lock`, the row stays locked (PostgreSQL). */
export async function personExists(db: Db | Trx, nin: string, options: { lock?: boolean } = {}): Promise<boolean> {
  const query = db.selectFrom('identity_person').select('nin').where('nin', '=', nin);
  return (await (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst()) !== undefined;
}

export async function findPersonByAccount(db: Db | Trx, keys: RegisterKeys, username: string): Promise<PersonRow | undefined> {
  const row = await selectSealed(db).where('identity_person.account', '=', username).executeTakeFirst();
  return row === undefined ? undefined : openRow(keys, row);
}

/** The national ID number of the record linked to a citizen's account (nothing opened). */
export async function findNinOfAccount(db: Db | Trx, username: string): Promise<string | undefined> {
  return (await db.selectFrom('identity_person').select('nin').where('account', '=', username).executeTakeFirst())?.nin;
}

export async function findPersonRows(db: Db | Trx, keys: RegisterKeys, nins: readonly string[]): Promise<PersonRow[]> {
  if (nins.length === 0) return [];
  return (await selectSealed(db).where('identity_person.nin', 'in', nins).execute()).map((row) => openRow(keys, row));
}

/** People born on `birthDate` whose name has one of these name keys (the demographic check's candidates), by their blind indexes. */
export async function findPersonsBornWithName(db: Db | Trx, keys: RegisterKeys, birthDate: string, names: { ar?: string; latin?: string }, limit = 50): Promise<PersonRow[]> {
  const rows = await selectSealed(db)
    .where((eb) =>
      eb.or([
        ...(names.ar === undefined ? [] : [eb('identity_person.index_ar', '=', blindIndex(keys, 'ar', birthDate, names.ar))]),
        ...(names.latin === undefined ? [] : [eb('identity_person.index_latin', '=', blindIndex(keys, 'latin', birthDate, names.latin))]),
      ]),
    )
    .orderBy('identity_person.nin')
    .limit(limit)
    .execute();
  return rows.map((row) => openRow(keys, row));
}

/** A person's data key, unwrapped; undefined when the person is not (or no longer) in the register. */
export async function findPersonKey(db: Db | Trx, keys: RegisterKeys, nin: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('identity_person_key').select(['wrapped_key']).where('nin', '=', nin).executeTakeFirst();
  return row === undefined ? undefined : unwrapPersonKey(keys, nin, row.wrapped_key);
}

/** The data keys of some people, by national ID number (those erased are absent). */
export async function findPersonKeys(db: Db | Trx, keys: RegisterKeys, nins: readonly string[]): Promise<Map<string, Buffer>> {
  const found = new Map<string, Buffer>();
  const unique = [...new Set(nins)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db.selectFrom('identity_person_key').select(['nin', 'wrapped_key']).where('nin', 'in', unique.slice(i, i + 500)).execute();
    for (const row of rows) found.set(row.nin, unwrapPersonKey(keys, row.nin, row.wrapped_key));
  }
  return found;
}

/** Writes a new person: the sealed record with its blind indexes, and the person's data key wrapped. */
export async function insertPersonRow(trx: Trx, keys: RegisterKeys, row: PersonRow): Promise<void> {
  await trx
    .insertInto('identity_person')
    .values({ nin: row.nin, record: sealPersonRecord(row.data_key, row.nin, row), ...indexesOf(keys, row), account: row.account, created_at: row.created_at, updated_at: row.updated_at })
    .execute();
  await trx.insertInto('identity_person_key').values({ nin: row.nin, wrapped_key: wrapPersonKey(keys, row.nin, row.data_key), kek_id: keys.kekId, created_at: row.created_at }).execute();
}

/** Seals a person's fields again after a change, with their new blind indexes. */
export async function updatePersonRow(trx: Trx, keys: RegisterKeys, row: PersonRow): Promise<void> {
  await trx
    .updateTable('identity_person')
    .set({ record: sealPersonRecord(row.data_key, row.nin, row), ...indexesOf(keys, row), updated_at: row.updated_at })
    .where('nin', '=', row.nin)
    .execute();
}

export async function setPersonAccount(trx: Trx, nin: string, account: string | null, at: string): Promise<void> {
  await trx.updateTable('identity_person').set({ account, updated_at: at }).where('nin', '=', nin).execute();
}

/**
 * Erases a person: their wrapped data key and their sealed row are deleted (crypto-shredding: what was
 * sealed under the key anywhere else no longer opens), and the erasure is recorded.
 */
export async function erasePersonRows(trx: Trx, erasure: IdentityPersonErasureTable): Promise<void> {
  await trx.deleteFrom('identity_person_key').where('nin', '=', erasure.nin).execute();
  await trx.deleteFrom('identity_person').where('nin', '=', erasure.nin).execute();
  await trx.insertInto('identity_person_erasure').values(erasure).execute();
}

/**
 * After an erasure (or the sealing of earlier plain rows) on SQLite: the write-ahead log is copied into
 * the database file and truncated, so the pages that held the deleted rows, overwritten with zeros
 * (`secure_delete`, set when the file is opened), are the only ones left in the file. On PostgreSQL the
 * deleted rows stay in the table's pages until vacuum reuses them, and in the server's WAL: what they
 * held is sealed, and the wrapped key needs the key-encryption key, which is not in the database.
 */
export async function reclaimErasedSpace(db: Db, log: Pick<Logger, 'warn'>): Promise<void> {
  if (dialectOf(db) !== 'sqlite') return;
  const result = await sql<{ busy: number; log: number; checkpointed: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  const row = result.rows[0];
  if (row !== undefined && row.busy !== 0) log.warn({ ...row }, 'the write-ahead log could not be truncated after an erasure (a reader held it); it will be at the next checkpoint');
}

export async function findErasure(db: Db | Trx, nin: string): Promise<IdentityPersonErasureTable | undefined> {
  return db.selectFrom('identity_person_erasure').selectAll().where('nin', '=', nin).executeTakeFirst();
}

/**
 * A key-encryption key other than `kekId` that wrapped some of the register's person keys, if any: the
 * key folder's is not the register's, or a rotation (`amane rotate-key`) was left half done.
 */
export async function findOtherWrappingKeyId(db: Db | Trx, kekId: string): Promise<string | undefined> {
  return (await db.selectFrom('identity_person_key').select('kek_id').where('kek_id', '<>', kekId).limit(1).executeTakeFirst())?.kek_id;
}

/**
 * Re-wraps the person keys wrapped by another key than `next` (`amane rotate-key identity-person.kek`),
 * a batch per transaction: resumable, since a key already wrapped by `next` is not touched again. The
 * persons' data keys, and so everything sealed under them, do not change. Returns how many it re-wrapped.
 */
export async function rewrapPersonKeys(db: Db, previous: Buffer, next: Buffer, batch = 500): Promise<number> {
  const nextId = kekIdOf(next);
  let done = 0;
  for (;;) {
    const count = await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('identity_person_key').select(['nin', 'wrapped_key']).where('kek_id', '<>', nextId).orderBy('nin').limit(batch).execute();
      for (const row of rows) {
        const wrapped = rewrapPersonKey(previous, next, row.nin, row.wrapped_key);
        await trx.updateTable('identity_person_key').set({ wrapped_key: wrapped, kek_id: nextId }).where('nin', '=', row.nin).execute();
      }
      return rows.length;
    });
    done += count;
    if (count < batch) return done;
  }
}

// --- Data written by earlier versions ------------------------------------------------------------------

/** Rows of the register as earlier versions kept them (in clear), a page at a time, locked. */
export async function listPlainPersonRows(trx: Trx, limit: number): Promise<IdentityPersonPlainTable[]> {
  const query = trx
    .selectFrom('identity_person_plain')
    .select(['nin', 'surname', 'given_names', 'surname_ar', 'given_names_ar', 'sex', 'birth_date', 'birth_place', 'father_name', 'mother_name', 'address', 'phone', 'account', 'created_at', 'updated_at'])
    .orderBy('nin')
    .limit(limit);
  return lockForUpdate(trx, query).execute();
}

export async function deletePlainPersonRows(trx: Trx, nins: readonly string[]): Promise<void> {
  if (nins.length > 0) await trx.deleteFrom('identity_person_plain').where('nin', 'in', nins).execute();
}
