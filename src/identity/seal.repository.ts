import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { SealKind, SealStatus } from './seal.js';

/** A row of `identity_sealed_document`: one printed document that carries a visible digital seal. */
export interface IdentitySealedDocumentTable {
  document_number: string;
  kind: SealKind;
  issued_on: string;
  expires_on: string;
  status: SealStatus;
  /** The Barcode Signer certificate (serial, upper-case hex) that signed the seal. */
  signer_reference: string;
  /** The seal's bytes, sealed (seal.service.ts `sealedDocumentKey`), the document number as associated data. */
  seal: string;
  /** When the seal was issued (who issued it is the journal's `identity_seal.issued` event). */
  issued_at: string;
  revoked_at: string | null;
  revoked_by: string | null;
  revoked_reason: string | null;
}

declare module '../core/database.js' {
  interface Database {
    identity_sealed_document: IdentitySealedDocumentTable;
  }
}

export async function findSealedDocumentRow(db: Db | Trx, documentNumber: string, options: { lock?: boolean } = {}): Promise<IdentitySealedDocumentTable | undefined> {
  const query = db.selectFrom('identity_sealed_document').selectAll().where('document_number', '=', documentNumber);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function insertSealedDocumentRow(trx: Trx, row: IdentitySealedDocumentTable): Promise<void> {
  await trx.insertInto('identity_sealed_document').values(row).execute();
}

export async function revokeSealedDocumentRow(trx: Trx, documentNumber: string, change: { revoked_at: string; revoked_by: string; revoked_reason: string }): Promise<void> {
  await trx.updateTable('identity_sealed_document').set({ status: 'revoked', ...change }).where('document_number', '=', documentNumber).execute();
}
