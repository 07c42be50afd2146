import { lockForUpdate, type Db, type Trx } from '../core/database.js';

/** A row of `identity_person`: one person of the national register. */
export interface IdentityPersonTable {
  /** The national ID number: `BE123456`. */
  nin: string;
  surname: string;
  given_names: string;
  surname_ar: string;
  given_names_ar: string;
  /** 'F' | 'M'. */
  sex: string;
  /** `YYYY-MM-DD`. */
  birth_date: string;
  birth_place: string;
  father_name: string | null;
  mother_name: string | null;
  address: string;
  phone: string | null;
  /** The username of the citizen account linked to the record. */
  account: string | null;
  /** name-match.ts keys, for the demographic check. */
  name_key_ar: string;
  name_key_latin: string;
  father_key: string | null;
  mother_key: string | null;
  created_at: string;
  updated_at: string;
}

declare module '../core/database.js' {
  interface Database {
    identity_person: IdentityPersonTable;
  }
}

export async function findPersonRow(db: Db | Trx, nin: string, options: { lock?: boolean } = {}): Promise<IdentityPersonTable | undefined> {
  const query = db.selectFrom('identity_person').selectAll().where('nin', '=', nin);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function findPersonByAccount(db: Db | Trx, username: string): Promise<IdentityPersonTable | undefined> {
  return db.selectFrom('identity_person').selectAll().where('account', '=', username).executeTakeFirst();
}

export async function findPersonRows(db: Db | Trx, nins: readonly string[]): Promise<IdentityPersonTable[]> {
  if (nins.length === 0) return [];
  return db.selectFrom('identity_person').selectAll().where('nin', 'in', nins).execute();
}

/** People born on `birthDate` whose name has one of these keys (the demographic check's candidates). */
export async function findPersonsBornWithName(db: Db | Trx, birthDate: string, keys: { ar?: string; latin?: string }, limit = 50): Promise<IdentityPersonTable[]> {
  return db
    .selectFrom('identity_person')
    .selectAll()
    .where('birth_date', '=', birthDate)
    .where((eb) => eb.or([...(keys.ar === undefined ? [] : [eb('name_key_ar', '=', keys.ar)]), ...(keys.latin === undefined ? [] : [eb('name_key_latin', '=', keys.latin)])]))
    .orderBy('nin')
    .limit(limit)
    .execute();
}

export async function insertPersonRow(trx: Trx, row: IdentityPersonTable): Promise<void> {
  await trx.insertInto('identity_person').values(row).execute();
}

export async function updatePersonRow(trx: Trx, nin: string, change: Partial<Omit<IdentityPersonTable, 'nin' | 'created_at'>>): Promise<void> {
  await trx.updateTable('identity_person').set(change).where('nin', '=', nin).execute();
}
