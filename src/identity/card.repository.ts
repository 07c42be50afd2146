import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { CardStatus } from './card.js';

/** A row of `identity_card`: one personalised card of the register. */
export interface IdentityCardTable {
  /** Nine characters: the centre's prefix letter and eight digits. */
  document_number: string;
  nin: string;
  application_number: string;
  status: CardStatus;
  status_at: string;
  /** The three MRZ lines, separated by line feeds, sealed under the holder's key (person-vault.ts). */
  mrz: string;
  /** The keyed digest of the MRZ (register-keys.ts `mrzDigest`), which a verification compares; null once the holder is erased. */
  mrz_hmac: string | null;
  date_of_issue: string;
  date_of_expiry: string;
  centre_code: string;
  /** The Document Signer certificate (serial, hex) that signed the SOD. */
  signer_serial: string;
  /** EF.SOD (DER), sealed under the holder's key: it holds the hashes of the MRZ and the face. */
  sod: string;
  replaced_by: string | null;
  created_at: string;
  /** When the holder was erased from the register (the card then reads as erased). */
  holder_erased_at: string | null;
}

declare module '../core/database.js' {
  interface Database {
    identity_card: IdentityCardTable;
  }
}

export async function findCardRow(db: Db | Trx, documentNumber: string, options: { lock?: boolean } = {}): Promise<IdentityCardTable | undefined> {
  const query = db.selectFrom('identity_card').selectAll().where('document_number', '=', documentNumber);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function findCardOfApplication(db: Db | Trx, applicationNumber: string, options: { lock?: boolean } = {}): Promise<IdentityCardTable | undefined> {
  const query = db.selectFrom('identity_card').selectAll().where('application_number', '=', applicationNumber);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

/** A person's cards, newest first. */
export async function listCardRowsOfPerson(db: Db | Trx, nin: string, options: { lock?: boolean } = {}): Promise<IdentityCardTable[]> {
  const query = db.selectFrom('identity_card').selectAll().where('nin', '=', nin).orderBy('created_at', 'desc').orderBy('document_number', 'desc');
  return (options.lock === true ? lockForUpdate(db, query) : query).execute();
}

export async function insertCardRows(trx: Trx, rows: readonly IdentityCardTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('identity_card').values(rows.slice(i, i + 200)).execute();
}

export async function updateCardRow(trx: Trx, documentNumber: string, change: Partial<Pick<IdentityCardTable, 'status' | 'status_at' | 'replaced_by'>>): Promise<void> {
  await trx.updateTable('identity_card').set(change).where('document_number', '=', documentNumber).execute();
}

/** Cards in use (active or suspended) whose expiry date is before `today`, oldest expiry first, locked. */
export async function listCardRowsPastExpiry(trx: Trx, today: string, limit: number): Promise<IdentityCardTable[]> {
  const query = trx
    .selectFrom('identity_card')
    .selectAll()
    .where('status', 'in', ['active', 'suspended'])
    .where('date_of_expiry', '<', today)
    .orderBy('date_of_expiry')
    .orderBy('document_number')
    .limit(limit);
  return lockForUpdate(trx, query).execute();
}

/** Cards personalised per centre and day of issue, within [from, to]. */
export async function countCardsByCentreAndDay(db: Db | Trx, from: string, to: string, centre?: string): Promise<{ centre_code: string; date_of_issue: string; cards: number }[]> {
  let query = db
    .selectFrom('identity_card')
    .select(['centre_code', 'date_of_issue', (eb) => eb.fn.countAll<number>().as('cards')])
    .where('date_of_issue', '>=', from)
    .where('date_of_issue', '<=', to);
  if (centre !== undefined) query = query.where('centre_code', '=', centre);
  const rows = await query.groupBy(['centre_code', 'date_of_issue']).orderBy('date_of_issue').orderBy('centre_code').execute();
  return rows.map((row) => ({ ...row, cards: Number(row.cards) }));
}

/** Marks a person's cards as those of an erased holder: the keyed digest of their MRZ goes too. */
export async function markCardsOfErasedHolder(trx: Trx, nin: string, at: string): Promise<void> {
  await trx.updateTable('identity_card').set({ mrz_hmac: null, holder_erased_at: at }).where('nin', '=', nin).execute();
}

/** A person's cards whose MRZ an earlier version kept in clear (to seal them). */
export async function listPlainCardsOfPerson(trx: Trx, nin: string): Promise<Pick<IdentityCardTable, 'document_number' | 'mrz' | 'sod'>[]> {
  return trx.selectFrom('identity_card').select(['document_number', 'mrz', 'sod']).where('nin', '=', nin).where('mrz_hmac', 'is', null).where('holder_erased_at', 'is', null).execute();
}

export async function sealCardRow(trx: Trx, documentNumber: string, sealed: Pick<IdentityCardTable, 'mrz' | 'mrz_hmac' | 'sod'>): Promise<void> {
  await trx.updateTable('identity_card').set(sealed).where('document_number', '=', documentNumber).execute();
}
