import { dialectOf, lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';
import type { CallLocation, CallStatus, CallTakerState } from './call.js';

export interface CallTable {
  id: string;
  call_id: string;
  caller_number: string;
  trunk: string;
  status: CallStatus;
  urgent: number;
  call_taker: string | null;
  rang_at: string;
  answered_at: string | null;
  ended_at: string | null;
  transferred_to: string | null;
  network_location: JsonText<CallLocation> | null;
  supplemental_locations: JsonText<CallLocation[]>;
  incident_number: string | null;
  callback_done_at: string | null;
  /** Who reported the call ringing (`device:pbx-casa-1`); only they report its later states. */
  reported_by: string | null;
}

export interface CallTakerTable {
  username: string;
  state: CallTakerState;
  since: string;
  call_id: string | null;
}

declare module '../core/database.js' {
  interface Database {
    call: CallTable;
    call_taker: CallTakerTable;
  }
}

export async function insertCall(trx: Trx, row: CallTable): Promise<void> {
  await trx.insertInto('call').values(row).execute();
}

/** A call by the telephony's id; `lock` holds its row to the end of the transaction (PostgreSQL). */
export async function findCallByCallId(db: Db | Trx, callId: string, options: { lock?: boolean } = {}): Promise<CallTable | undefined> {
  const query = db.selectFrom('call').selectAll().where('call_id', '=', callId);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function updateCallRow(trx: Trx, id: string, change: Partial<Omit<CallTable, 'id' | 'call_id'>>): Promise<void> {
  await trx.updateTable('call').set(change).where('id', '=', id).execute();
}

/**
 * The call that should be answered next: urgent callbacks first, then the one ringing longest. On
 * PostgreSQL a call another call-taker is taking right now is skipped, not waited for.
 */
export async function findNextWaiting(trx: Trx): Promise<CallTable | undefined> {
  let query = trx.selectFrom('call').selectAll().where('status', '=', 'ringing').orderBy('urgent', 'desc').orderBy('rang_at').orderBy('id').limit(1);
  if (dialectOf(trx) === 'postgres') query = query.forUpdate().skipLocked();
  return query.executeTakeFirst();
}

/** Calls waiting, in the order they will be offered. */
export async function listWaiting(db: Db): Promise<CallTable[]> {
  return db.selectFrom('call').selectAll().where('status', '=', 'ringing').orderBy('urgent', 'desc').orderBy('rang_at').orderBy('id').execute();
}

/** Abandoned calls not yet called back, oldest first. */
export async function listCallbacks(db: Db): Promise<CallTable[]> {
  return db.selectFrom('call').selectAll().where('status', '=', 'abandoned').where('callback_done_at', 'is', null).orderBy('rang_at').execute();
}

/** The calls linked to an incident, in the order they rang. */
export async function listCallsOfIncident(db: Db, incidentNumber: string): Promise<CallTable[]> {
  return db.selectFrom('call').selectAll().where('incident_number', '=', incidentNumber).orderBy('rang_at').orderBy('id').execute();
}

/** Calls that rang in [from, to). */
export async function listCallsBetween(db: Db, from: string, to: string): Promise<CallTable[]> {
  return db.selectFrom('call').selectAll().where('rang_at', '>=', from).where('rang_at', '<', to).orderBy('rang_at').execute();
}

export async function findCallTaker(db: Db | Trx, username: string): Promise<CallTakerTable | undefined> {
  return db.selectFrom('call_taker').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function saveCallTaker(trx: Trx, row: CallTakerTable): Promise<void> {
  await trx
    .insertInto('call_taker')
    .values(row)
    .onConflict((oc) => oc.column('username').doUpdateSet({ state: row.state, since: row.since, call_id: row.call_id }))
    .execute();
}

export async function listCallTakers(db: Db): Promise<CallTakerTable[]> {
  return db.selectFrom('call_taker').selectAll().orderBy('username').execute();
}
