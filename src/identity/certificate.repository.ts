import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { CertificateChannel, CertificateKind, CertificateStatus } from '../contract/certificate.js';

/**
 * A row of `identity_certificate`: a certificate request, its decision, and the document issued. What it
 * says of the person (holder, address, records check) is sealed under their key (`details`).
 */
export interface IdentityCertificateTable {
  number: string;
  kind: CertificateKind;
  nin: string;
  channel: CertificateChannel;
  desk_code: string | null;
  status: CertificateStatus;
  status_at: string;
  /** `{holder, residence, recordsCheck}` (certificate.service.ts), sealed. */
  details: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_reason: string | null;
  document_number: string | null;
  issued_on: string | null;
  expires_on: string | null;
  revoked_at: string | null;
  revocation_reason: string | null;
  created_at: string;
  created_by: string;
}

declare module '../core/database.js' {
  interface Database {
    identity_certificate: IdentityCertificateTable;
  }
}

export async function insertCertificateRow(trx: Trx, row: IdentityCertificateTable): Promise<void> {
  await trx.insertInto('identity_certificate').values(row).execute();
}

export async function findCertificateRow(db: Db | Trx, number: string, options: { lock?: boolean } = {}): Promise<IdentityCertificateTable | undefined> {
  const query = db.selectFrom('identity_certificate').selectAll().where('number', '=', number);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function updateCertificateRow(trx: Trx, number: string, change: Partial<Omit<IdentityCertificateTable, 'number' | 'nin' | 'kind'>>): Promise<void> {
  await trx.updateTable('identity_certificate').set(change).where('number', '=', number).execute();
}

/** A pending request of this person and kind, if any. */
export async function findPendingCertificate(db: Db | Trx, nin: string, kind: CertificateKind): Promise<IdentityCertificateTable | undefined> {
  return db.selectFrom('identity_certificate').selectAll().where('nin', '=', nin).where('kind', '=', kind).where('status', '=', 'pending').executeTakeFirst();
}

export interface CertificateFilter {
  readonly status?: CertificateStatus;
  readonly kind?: CertificateKind;
  readonly desk?: string;
  readonly nin?: string;
  readonly limit: number;
  /** Oldest first (a queue), else newest first (a list). */
  readonly oldestFirst?: boolean;
}

export async function listCertificateRows(db: Db | Trx, filter: CertificateFilter): Promise<IdentityCertificateTable[]> {
  let query = db.selectFrom('identity_certificate').selectAll();
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.desk !== undefined) query = query.where('desk_code', '=', filter.desk);
  if (filter.nin !== undefined) query = query.where('nin', '=', filter.nin);
  const order = filter.oldestFirst === true ? 'asc' : 'desc';
  return query.orderBy('created_at', order).orderBy('number', order).limit(filter.limit).execute();
}
