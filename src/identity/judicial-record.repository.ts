import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { JudicialRecordStatus } from '../contract/certificate.js';

/** A row of `identity_judicial_record`: one judgment; what it says is sealed under the person's key. */
export interface IdentityJudicialRecordTable {
  id: string;
  nin: string;
  /** `{court, judgmentDate, caseReference, offence, sentence}`, sealed (judicial-record.service.ts). */
  record: string;
  status: JudicialRecordStatus;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

declare module '../core/database.js' {
  interface Database {
    identity_judicial_record: IdentityJudicialRecordTable;
  }
}

export async function insertJudicialRecordRow(trx: Trx, row: IdentityJudicialRecordTable): Promise<void> {
  await trx.insertInto('identity_judicial_record').values(row).execute();
}

export async function findJudicialRecordRow(db: Db | Trx, id: string, options: { lock?: boolean } = {}): Promise<IdentityJudicialRecordTable | undefined> {
  const query = db.selectFrom('identity_judicial_record').selectAll().where('id', '=', id);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function updateJudicialRecordRow(trx: Trx, id: string, change: Pick<IdentityJudicialRecordTable, 'record' | 'status' | 'version' | 'updated_at' | 'updated_by'>): Promise<void> {
  await trx.updateTable('identity_judicial_record').set(change).where('id', '=', id).execute();
}

/** A person's records, in the order they were entered; only those of `status` when given. */
export async function listJudicialRecordRows(db: Db | Trx, nin: string, status?: JudicialRecordStatus): Promise<IdentityJudicialRecordTable[]> {
  let query = db.selectFrom('identity_judicial_record').selectAll().where('nin', '=', nin);
  if (status !== undefined) query = query.where('status', '=', status);
  return query.orderBy('created_at').orderBy('id').execute();
}
