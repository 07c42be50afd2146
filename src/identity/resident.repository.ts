import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import { openJson, sealJson } from '../core/sealing.js';
import { kekIdOf, rewrapPersonKey, unwrapPersonKey, wrapPersonKey, type RegisterKeys } from './register-keys.js';

/**
 * The register of foreign residents, sealed like the national register (person-vault.ts): each
 * resident has a random data key of their own, wrapped under the register's key-encryption key (the
 * registration number as associated data); their record is sealed under it at
 * `identity-resident/{number}/record`, and so are the journal's copy, their applications' photos and
 * their cards' MRZ and EF.SOD. What stays in clear: the number, the desk, times.
 */

/** The personal fields of a foreign resident, as sealed. */
export interface ResidentFields {
  surname: string;
  given_names: string;
  surname_ar: string | null;
  given_names_ar: string | null;
  sex: string;
  birth_date: string;
  birth_place: string;
  /** ISO 3166-1 alpha-3. */
  nationality: string;
  passport_number: string;
  passport_state: string;
  passport_expiry: string;
  entry_date: string;
  regular_residence_since: string | null;
  address: string;
  activity_kind: string;
  activity_name: string | null;
  phone: string | null;
}

export interface IdentityResidentTable {
  /** The foreigner registration number: `EBK00000001`. */
  number: string;
  /** ResidentFields sealed under the resident's data key. */
  record: string;
  desk_code: string;
  created_at: string;
  updated_at: string;
}

export interface IdentityResidentKeyTable {
  number: string;
  wrapped_key: string;
  kek_id: string;
  created_at: string;
}

declare module '../core/database.js' {
  interface Database {
    identity_resident: IdentityResidentTable;
    identity_resident_key: IdentityResidentKeyTable;
  }
}

/** A resident opened: the fields in clear and the data key (never sent or logged). */
export interface ResidentRow extends ResidentFields {
  number: string;
  desk_code: string;
  created_at: string;
  updated_at: string;
  data_key: Buffer;
}

export const residentPlace = {
  record: (number: string) => `identity-resident/${number}/record`,
  journal: (number: string, event: string) => `identity-resident/${number}/journal/${event}`,
  photo: (application: string) => `identity-permit/${application}/photo`,
};

const fieldNames = [
  'surname', 'given_names', 'surname_ar', 'given_names_ar', 'sex', 'birth_date', 'birth_place', 'nationality', 'passport_number', 'passport_state',
  'passport_expiry', 'entry_date', 'regular_residence_since', 'address', 'activity_kind', 'activity_name', 'phone',
] as const satisfies readonly (keyof ResidentFields)[];

/** Only the personal fields of a row. */
export function residentFieldsOf(row: ResidentFields): ResidentFields {
  const fields = {} as Record<keyof ResidentFields, string | null>;
  for (const name of fieldNames) fields[name] = row[name];
  return fields as unknown as ResidentFields;
}

/** Seals what a journal event keeps of a resident. */
export function sealResidentForJournal(dataKey: Buffer, number: string, event: string, value: unknown): string {
  return sealJson(dataKey, value, residentPlace.journal(number, event));
}

type SealedRow = IdentityResidentTable & { wrapped_key: string };

function selectSealed(db: Db | Trx) {
  return db.selectFrom('identity_resident').innerJoin('identity_resident_key', 'identity_resident_key.number', 'identity_resident.number').selectAll('identity_resident').select('identity_resident_key.wrapped_key');
}

function openRow(keys: RegisterKeys, row: SealedRow): ResidentRow {
  const dataKey = unwrapPersonKey(keys, row.number, row.wrapped_key);
  const fields = openJson<ResidentFields>(dataKey, row.record, residentPlace.record(row.number));
  return { ...fields, number: row.number, desk_code: row.desk_code, created_at: row.created_at, updated_at: row.updated_at, data_key: dataKey };
}

export async function findResidentRow(db: Db | Trx, keys: RegisterKeys, number: string, options: { lock?: boolean } = {}): Promise<ResidentRow | undefined> {
  const query = selectSealed(db).where('identity_resident.number', '=', number);
  const row = await (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
  return row === undefined ? undefined : openRow(keys, row);
}

export async function findResidentRows(db: Db | Trx, keys: RegisterKeys, numbers: readonly string[]): Promise<Map<string, ResidentRow>> {
  if (numbers.length === 0) return new Map();
  const rows = await selectSealed(db).where('identity_resident.number', 'in', [...new Set(numbers)]).execute();
  return new Map(rows.map((row) => [row.number, openRow(keys, row)]));
}

/** A resident's data key, unwrapped; undefined for a number that is not a resident's. */
export async function findResidentKey(db: Db | Trx, keys: RegisterKeys, number: string): Promise<Buffer | undefined> {
  const row = await db.selectFrom('identity_resident_key').select('wrapped_key').where('number', '=', number).executeTakeFirst();
  return row === undefined ? undefined : unwrapPersonKey(keys, number, row.wrapped_key);
}

export async function residentExists(db: Db | Trx, number: string): Promise<boolean> {
  return (await db.selectFrom('identity_resident').select('number').where('number', '=', number).executeTakeFirst()) !== undefined;
}

/** Writes a new resident: the sealed record and the data key wrapped. */
export async function insertResidentRow(trx: Trx, keys: RegisterKeys, row: ResidentRow): Promise<void> {
  await trx
    .insertInto('identity_resident')
    .values({ number: row.number, record: sealJson(row.data_key, residentFieldsOf(row), residentPlace.record(row.number)), desk_code: row.desk_code, created_at: row.created_at, updated_at: row.updated_at })
    .execute();
  await trx.insertInto('identity_resident_key').values({ number: row.number, wrapped_key: wrapPersonKey(keys, row.number, row.data_key), kek_id: keys.kekId, created_at: row.created_at }).execute();
}

/** A key-encryption key other than `kekId` that wrapped some residents' keys, if any (checked at start). */
export async function findOtherResidentWrappingKeyId(db: Db | Trx, kekId: string): Promise<string | undefined> {
  return (await db.selectFrom('identity_resident_key').select('kek_id').where('kek_id', '<>', kekId).limit(1).executeTakeFirst())?.kek_id;
}

/**
 * Re-wraps the residents' data keys wrapped by another key than `next` (the rotation of
 * `identity-person.kek`, with the persons'), a batch per transaction, resumable. Returns how many.
 */
export async function rewrapResidentKeys(db: Db, previous: Buffer, next: Buffer, batch = 500): Promise<number> {
  const nextId = kekIdOf(next);
  let done = 0;
  for (;;) {
    const count = await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('identity_resident_key').select(['number', 'wrapped_key']).where('kek_id', '<>', nextId).orderBy('number').limit(batch).execute();
      for (const row of rows) {
        await trx.updateTable('identity_resident_key').set({ wrapped_key: rewrapPersonKey(previous, next, row.number, row.wrapped_key), kek_id: nextId }).where('number', '=', row.number).execute();
      }
      return rows.length;
    });
    done += count;
    if (count < batch) return done;
  }
}
