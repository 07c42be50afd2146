import { sql } from 'kysely';
import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { PermitKind, PermitStatus, ReceiptStatus } from '../contract/permit.js';

/** A row of `identity_permit_application`: an application for a residence permit. */
export interface IdentityPermitApplicationTable {
  /** `RP-2026-0000001`. */
  number: string;
  resident_number: string;
  kind: PermitKind;
  desk_code: string;
  status: PermitStatus;
  status_at: string;
  /** The codes of the documents presented, JSON. */
  documents: string;
  validity_years: number;
  /** The holder's nationality (ISO alpha-3), in clear for the year's figures. */
  nationality: string;
  /** The portrait for the card's DG2 (JPEG), sealed under the resident's key. */
  photo: string;
  photo_width: number;
  photo_height: number;
  decision_reason: string | null;
  centre_code: string | null;
  /** The production batch, once scheduled. */
  batch_id: string | null;
  /** When it was approved: its place in the production queue. */
  approved_at: string | null;
  document_number: string | null;
  created_at: string;
  created_by: string;
}

/** A row of `identity_permit_receipt`: the récépissé of an application. */
export interface IdentityPermitReceiptTable {
  /** `REC-2026-0000001`. */
  number: string;
  application_number: string;
  status: ReceiptStatus;
  issued_on: string;
  valid_until: string;
  renewals: number;
  /** The visible digital seal over the receipt's data, when the sealing service signed it. */
  seal: string | null;
  closed_at: string | null;
  closed_reason: string | null;
}

export interface IdentityPermitChecklistTable {
  kind: string;
  code: string;
  position: number;
  label: string;
  label_ar: string | null;
  required: number;
}

export interface IdentityPermitRulesTable {
  id: number;
  rules: string;
  updated_at: string;
  updated_by: string;
}

/** A row of `identity_permit_reminder`: one reminder of a permit's expiry, marked once. */
export interface IdentityPermitReminderTable {
  document_number: string;
  days: number;
  application_number: string;
  resident_number: string;
  desk_code: string;
  date_of_expiry: string;
  due_on: string;
  reminded_at: string;
}

declare module '../core/database.js' {
  interface Database {
    identity_permit_application: IdentityPermitApplicationTable;
    identity_permit_receipt: IdentityPermitReceiptTable;
    identity_permit_checklist: IdentityPermitChecklistTable;
    identity_permit_rules: IdentityPermitRulesTable;
    identity_permit_reminder: IdentityPermitReminderTable;
  }
}

export async function findPermitApplicationRow(db: Db | Trx, number: string, options: { lock?: boolean } = {}): Promise<IdentityPermitApplicationTable | undefined> {
  const query = db.selectFrom('identity_permit_application').selectAll().where('number', '=', number);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function listPermitApplicationRowsOfResident(db: Db | Trx, resident: string): Promise<IdentityPermitApplicationTable[]> {
  return db.selectFrom('identity_permit_application').selectAll().where('resident_number', '=', resident).orderBy('created_at').execute();
}

/** Applications, most recent status change first: of a desk, in a status, or a resident's (the desk's and the centre's lists). */
export async function listPermitApplicationRows(db: Db | Trx, filter: { desk?: string; status?: PermitStatus; resident?: string; limit: number }): Promise<IdentityPermitApplicationTable[]> {
  let query = db.selectFrom('identity_permit_application').selectAll();
  if (filter.desk !== undefined) query = query.where('desk_code', '=', filter.desk);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.resident !== undefined) query = query.where('resident_number', '=', filter.resident);
  return query.orderBy('status_at', 'desc').orderBy('number', 'desc').limit(filter.limit).execute();
}

export async function insertPermitApplicationRow(trx: Trx, row: IdentityPermitApplicationTable): Promise<void> {
  await trx.insertInto('identity_permit_application').values(row).execute();
}

export async function updatePermitApplicationRow(trx: Trx, number: string, change: Partial<Omit<IdentityPermitApplicationTable, 'number' | 'resident_number' | 'created_at' | 'created_by'>>): Promise<void> {
  await trx.updateTable('identity_permit_application').set(change).where('number', '=', number).execute();
}

export async function findReceiptRow(db: Db | Trx, application: string, options: { lock?: boolean } = {}): Promise<IdentityPermitReceiptTable | undefined> {
  const query = db.selectFrom('identity_permit_receipt').selectAll().where('application_number', '=', application);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function insertReceiptRow(trx: Trx, row: IdentityPermitReceiptTable): Promise<void> {
  await trx.insertInto('identity_permit_receipt').values(row).execute();
}

export async function updateReceiptRow(trx: Trx, number: string, change: Partial<Omit<IdentityPermitReceiptTable, 'number' | 'application_number'>>): Promise<void> {
  await trx.updateTable('identity_permit_receipt').set(change).where('number', '=', number).execute();
}

export async function listChecklistRows(db: Db | Trx, kind: string): Promise<IdentityPermitChecklistTable[]> {
  return db.selectFrom('identity_permit_checklist').selectAll().where('kind', '=', kind).orderBy('position').execute();
}

export async function replaceChecklistRows(trx: Trx, kind: string, rows: readonly IdentityPermitChecklistTable[]): Promise<void> {
  await trx.deleteFrom('identity_permit_checklist').where('kind', '=', kind).execute();
  if (rows.length > 0) await trx.insertInto('identity_permit_checklist').values([...rows]).execute();
}

export async function findPermitRulesRow(db: Db | Trx): Promise<IdentityPermitRulesTable | undefined> {
  return db.selectFrom('identity_permit_rules').selectAll().where('id', '=', 1).executeTakeFirst();
}

export async function savePermitRulesRow(trx: Trx, row: IdentityPermitRulesTable): Promise<void> {
  await trx.insertInto('identity_permit_rules').values(row).onConflict((oc) => oc.column('id').doUpdateSet({ rules: row.rules, updated_at: row.updated_at, updated_by: row.updated_by })).execute();
}

/** How many cards of a kind were issued to a resident before (their rank among the registration cards). */
export async function countPermitsIssued(db: Db | Trx, resident: string): Promise<number> {
  const row = await db
    .selectFrom('identity_permit_application')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('resident_number', '=', resident)
    .where('kind', 'in', ['first_registration', 'renewal'])
    .where('document_number', 'is not', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The first day a card of the resident was issued (regular residence in this register), if any. */
export async function firstPermitIssued(db: Db | Trx, resident: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('identity_card')
    .innerJoin('identity_permit_application', 'identity_permit_application.number', 'identity_card.application_number')
    .select((eb) => eb.fn.min('identity_card.date_of_issue').as('first'))
    .where('identity_permit_application.resident_number', '=', resident)
    .executeTakeFirst();
  return (row?.first as string | null | undefined) ?? undefined;
}

/** Residence permits in use (active or suspended) expiring from `from` to `to`, with their application's desk. */
export async function listPermitsExpiringBetween(db: Db | Trx, from: string, to: string): Promise<{ document_number: string; date_of_expiry: string; application_number: string; resident_number: string; desk_code: string }[]> {
  return db
    .selectFrom('identity_card')
    .innerJoin('identity_permit_application', 'identity_permit_application.number', 'identity_card.application_number')
    .select(['identity_card.document_number', 'identity_card.date_of_expiry', 'identity_permit_application.number as application_number', 'identity_permit_application.resident_number', 'identity_permit_application.desk_code'])
    .where('identity_card.status', 'in', ['active', 'suspended'])
    .where('identity_card.date_of_expiry', '>=', from)
    .where('identity_card.date_of_expiry', '<=', to)
    .orderBy('identity_card.date_of_expiry')
    .orderBy('identity_card.document_number')
    .execute();
}

export async function listReminderRowsOf(db: Db | Trx, documentNumbers: readonly string[]): Promise<IdentityPermitReminderTable[]> {
  if (documentNumbers.length === 0) return [];
  return db.selectFrom('identity_permit_reminder').selectAll().where('document_number', 'in', [...documentNumbers]).execute();
}

export async function insertReminderRows(trx: Trx, rows: readonly IdentityPermitReminderTable[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('identity_permit_reminder').values([...rows]).execute();
}

/** A desk's reminders due from `from` on, newest first. */
export async function listDeskReminderRows(db: Db | Trx, desk: string, from: string): Promise<IdentityPermitReminderTable[]> {
  return db.selectFrom('identity_permit_reminder').selectAll().where('desk_code', '=', desk).where('due_on', '>=', from).orderBy('due_on', 'desc').orderBy('document_number').execute();
}

/** The year's permits produced: kind, nationality and centre of each. */
export async function countPermitsProduced(db: Db | Trx, from: string, to: string): Promise<{ kind: string; nationality: string; centre_code: string; n: number }[]> {
  const rows = await db
    .selectFrom('identity_card')
    .innerJoin('identity_permit_application', 'identity_permit_application.number', 'identity_card.application_number')
    .select(['identity_permit_application.kind', 'identity_permit_application.nationality', 'identity_card.centre_code', sql<number>`count(*)`.as('n')])
    .where('identity_card.date_of_issue', '>=', from)
    .where('identity_card.date_of_issue', '<=', to)
    .groupBy(['identity_permit_application.kind', 'identity_permit_application.nationality', 'identity_card.centre_code'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

/** The production queue of residence permits: approved applications, oldest approval first, with where their desk is. */
export async function listPermitQueueRows(db: Db | Trx): Promise<{ number: string; desk_code: string; lat: number; lon: number; approved_at: string }[]> {
  const rows = await db
    .selectFrom('identity_permit_application')
    .innerJoin('identity_desk', 'identity_desk.code', 'identity_permit_application.desk_code')
    .select(['identity_permit_application.number as number', 'identity_permit_application.desk_code as desk_code', 'identity_desk.lat as lat', 'identity_desk.lon as lon', 'identity_permit_application.approved_at as approved_at'])
    .where('identity_permit_application.status', '=', 'approved')
    .orderBy('identity_permit_application.approved_at')
    .orderBy('identity_permit_application.number')
    .execute();
  return rows.map((row) => ({ ...row, approved_at: row.approved_at ?? '' }));
}

/** Applications by number, or those of a batch in a status, locked (production's commands). */
export async function lockPermitApplicationRows(trx: Trx, filter: { numbers?: readonly string[]; batch?: string; status?: PermitStatus }): Promise<IdentityPermitApplicationTable[]> {
  if (filter.numbers !== undefined && filter.numbers.length === 0) return [];
  let query = trx.selectFrom('identity_permit_application').selectAll();
  if (filter.numbers !== undefined) query = query.where('number', 'in', [...filter.numbers]);
  if (filter.batch !== undefined) query = query.where('batch_id', '=', filter.batch);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  return lockForUpdate(trx, query.orderBy('number')).execute();
}

/** The numbers of a batch's residence-permit applications. */
export async function listPermitNumbersOfBatch(db: Db | Trx, batch: string): Promise<string[]> {
  return (await db.selectFrom('identity_permit_application').select('number').where('batch_id', '=', batch).orderBy('number').execute()).map((r) => r.number);
}
