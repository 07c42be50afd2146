import type { Db, Trx } from '../core/database.js';

export interface EidoReceivedTable {
  eido_id: string;
  incident_number: string;
  agency: string;
  received_at: string;
}

declare module '../core/database.js' {
  interface Database {
    eido_received: EidoReceivedTable;
  }
}

export async function findReceived(db: Db | Trx, eidoId: string): Promise<EidoReceivedTable | undefined> {
  return db.selectFrom('eido_received').selectAll().where('eido_id', '=', eidoId).executeTakeFirst();
}

export async function insertReceived(trx: Trx, row: EidoReceivedTable): Promise<void> {
  await trx.insertInto('eido_received').values(row).execute();
}
