import { sql } from 'kysely';
import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';
import { finishedStatuses, type ApplicationKind, type ApplicationStatus, type CheckFlag } from './application.js';

/** A row of `identity_application`: one card application and where it stands. */
export interface IdentityApplicationTable {
  /** `CNIE-2026-0000123`. */
  number: string;
  nin: string;
  kind: ApplicationKind;
  /** Where the person enrols and collects the card. */
  desk_code: string;
  appointment_id: string | null;
  status: ApplicationStatus;
  status_at: string;
  /** The number of steps recorded in `identity_application_step`. */
  step: number;
  fee_mad: number;
  payment_reference: string;
  declaration_reference: string | null;
  /** 'lost' | 'stolen' (replacements). */
  declaration_kind: string | null;
  /** The register fields a change-of-data application changes: JSON sealed under the person's key (person-vault.ts). */
  person_changes: string | null;
  /** The holder's age on the day of the application; it set the fee and the validity. */
  age: number;
  validity_years: number;
  /** The checks' flags. */
  flags: JsonText<CheckFlag[]> | null;
  decision_reason: string | null;
  /** When it (last) joined the production queue: the queue's order. */
  approved_at: string | null;
  centre_code: string | null;
  batch_id: string | null;
  document_number: string | null;
  created_at: string;
  created_by: string;
}

/** A row of `identity_application_step`: one status change (waiting times are read from these). */
export interface IdentityApplicationStepTable {
  application_number: string;
  step: number;
  from_status: ApplicationStatus | null;
  to_status: ApplicationStatus;
  action: string;
  at: string;
  actor: string;
  reason: string | null;
}

/** A row of `identity_enrolment`: the portrait and signature, each sealed (biometric-vault.ts). */
export interface IdentityEnrolmentTable {
  application_number: string;
  photo: string;
  photo_format: string;
  photo_width: number;
  photo_height: number;
  photo_quality: number;
  signature: string;
  enrolled_at: string;
  enrolled_by: string;
}

/** A row of `identity_fingerprint`: one sealed template and its link (a keyed hash, biometric-vault.ts). */
export interface IdentityFingerprintTable {
  application_number: string;
  position: number;
  template: string;
  template_hmac: string;
  quality: number;
}

/** A row of `identity_fingerprint_sha256`: a template's bare SHA-256 as earlier versions kept it, until the start turns it into its link. */
export interface IdentityFingerprintSha256Table {
  application_number: string;
  position: number;
  sha256: string;
}

declare module '../core/database.js' {
  interface Database {
    identity_fingerprint_sha256: IdentityFingerprintSha256Table;
    identity_application: IdentityApplicationTable;
    identity_application_step: IdentityApplicationStepTable;
    identity_enrolment: IdentityEnrolmentTable;
    identity_fingerprint: IdentityFingerprintTable;
  }
}

export async function findApplicationRow(db: Db | Trx, number: string, options: { lock?: boolean } = {}): Promise<IdentityApplicationTable | undefined> {
  const query = db.selectFrom('identity_application').selectAll().where('number', '=', number);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

/** The person's application in progress (not delivered or rejected), if any. */
export async function findOpenApplication(db: Db | Trx, nin: string): Promise<IdentityApplicationTable | undefined> {
  return db.selectFrom('identity_application').selectAll().where('nin', '=', nin).where('status', 'not in', finishedStatuses).executeTakeFirst();
}

export async function findLatestApplication(db: Db | Trx, nin: string): Promise<IdentityApplicationTable | undefined> {
  return db.selectFrom('identity_application').selectAll().where('nin', '=', nin).orderBy('created_at', 'desc').orderBy('number', 'desc').limit(1).executeTakeFirst();
}

export async function listApplicationRows(db: Db | Trx, filter: { status?: ApplicationStatus | readonly ApplicationStatus[]; desk?: string; nin?: string; batch?: string; limit?: number }): Promise<IdentityApplicationTable[]> {
  let query = db.selectFrom('identity_application').selectAll();
  if (typeof filter.status === 'string') query = query.where('status', '=', filter.status);
  else if (filter.status !== undefined) query = query.where('status', 'in', filter.status);
  if (filter.desk !== undefined) query = query.where('desk_code', '=', filter.desk);
  if (filter.nin !== undefined) query = query.where('nin', '=', filter.nin);
  if (filter.batch !== undefined) query = query.where('batch_id', '=', filter.batch);
  query = query.orderBy('status_at').orderBy('number');
  return (filter.limit === undefined ? query : query.limit(filter.limit)).execute();
}

/** The production queue: approved applications, oldest first, with where their desk is. */
export async function listQueueRows(db: Db | Trx): Promise<{ number: string; desk_code: string; lat: number; lon: number }[]> {
  return db
    .selectFrom('identity_application')
    .innerJoin('identity_desk', 'identity_desk.code', 'identity_application.desk_code')
    .select(['identity_application.number as number', 'identity_application.desk_code as desk_code', 'identity_desk.lat as lat', 'identity_desk.lon as lon'])
    .where('identity_application.status', '=', 'approved')
    .orderBy('identity_application.approved_at')
    .orderBy('identity_application.number')
    .execute();
}

export async function countApplications(db: Db | Trx, status: ApplicationStatus): Promise<number> {
  const row = await db.selectFrom('identity_application').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', status).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertApplicationRow(trx: Trx, row: IdentityApplicationTable): Promise<void> {
  await trx.insertInto('identity_application').values(row).execute();
}

export async function updateApplicationRow(trx: Trx, number: string, change: Partial<Omit<IdentityApplicationTable, 'number' | 'nin' | 'created_at' | 'created_by'>>): Promise<void> {
  await trx.updateTable('identity_application').set(change).where('number', '=', number).execute();
}

/** Moves many applications that are in status `from` one step on, with the same change, 500 to a statement. */
export async function advanceApplicationRows(
  trx: Trx,
  numbers: readonly string[],
  from: ApplicationStatus,
  change: Partial<Omit<IdentityApplicationTable, 'number' | 'nin' | 'created_at' | 'created_by' | 'step'>>,
): Promise<void> {
  for (let i = 0; i < numbers.length; i += 500) {
    await trx
      .updateTable('identity_application')
      .set({ ...change, step: sql<number>`step + 1` })
      .where('number', 'in', numbers.slice(i, i + 500))
      .where('status', '=', from)
      .execute();
  }
}

export async function insertStepRows(trx: Trx, rows: readonly IdentityApplicationStepTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await trx.insertInto('identity_application_step').values(rows.slice(i, i + 500)).execute();
}

export async function listStepRows(db: Db | Trx, number: string): Promise<IdentityApplicationStepTable[]> {
  return db.selectFrom('identity_application_step').selectAll().where('application_number', '=', number).orderBy('step').execute();
}

/** Steps recorded in [from, to), each with the time of the step before it (waiting times). */
export async function listStepPairs(db: Db | Trx, from: string, to: string): Promise<{ from_status: string | null; to_status: string; at: string; previous_at: string }[]> {
  return db
    .selectFrom('identity_application_step as s')
    .innerJoin('identity_application_step as p', (join) => join.onRef('p.application_number', '=', 's.application_number').on((eb) => eb('p.step', '=', eb('s.step', '-', 1))))
    .select(['s.from_status as from_status', 's.to_status as to_status', 's.at as at', 'p.at as previous_at'])
    .where('s.at', '>=', from)
    .where('s.at', '<', to)
    .execute();
}

export async function insertEnrolmentRow(trx: Trx, row: IdentityEnrolmentTable): Promise<void> {
  await trx.insertInto('identity_enrolment').values(row).execute();
}

export async function findEnrolmentRow(db: Db | Trx, number: string): Promise<IdentityEnrolmentTable | undefined> {
  return db.selectFrom('identity_enrolment').selectAll().where('application_number', '=', number).executeTakeFirst();
}

export async function findEnrolmentRows(db: Db | Trx, numbers: readonly string[]): Promise<IdentityEnrolmentTable[]> {
  const rows: IdentityEnrolmentTable[] = [];
  for (let i = 0; i < numbers.length; i += 500) rows.push(...(await db.selectFrom('identity_enrolment').selectAll().where('application_number', 'in', numbers.slice(i, i + 500)).execute()));
  return rows;
}

export async function insertFingerprintRows(trx: Trx, rows: readonly IdentityFingerprintTable[]): Promise<void> {
  if (rows.length > 0) await trx.insertInto('identity_fingerprint').values([...rows]).execute();
}

export async function listFingerprintRows(db: Db | Trx, number: string): Promise<IdentityFingerprintTable[]> {
  return db.selectFrom('identity_fingerprint').selectAll().where('application_number', '=', number).orderBy('position').execute();
}

/** Fingerprints with one of these links enrolled for someone else: the embedded 1:N search. */
export async function findFingerprintsByLink(db: Db | Trx, links: readonly string[], exceptNin: string): Promise<{ application_number: string; position: number; template_hmac: string; nin: string }[]> {
  if (links.length === 0) return [];
  return db
    .selectFrom('identity_fingerprint')
    .innerJoin('identity_application', 'identity_application.number', 'identity_fingerprint.application_number')
    .select(['identity_fingerprint.application_number as application_number', 'identity_fingerprint.position as position', 'identity_fingerprint.template_hmac as template_hmac', 'identity_application.nin as nin'])
    .where('identity_fingerprint.template_hmac', 'in', links)
    .where('identity_application.nin', '<>', exceptNin)
    .orderBy('identity_application.nin')
    .orderBy('identity_fingerprint.application_number')
    .orderBy('identity_fingerprint.position')
    .limit(100)
    .execute();
}

/** Deletes the biometrics (portraits, signatures, templates and their links) of every application of a person; returns how many enrolments. */
export async function deleteBiometricsOfPerson(trx: Trx, nin: string): Promise<number> {
  const applications = trx.selectFrom('identity_application').select('number').where('nin', '=', nin);
  await trx.deleteFrom('identity_fingerprint').where('application_number', 'in', applications).execute();
  const deleted = await trx.deleteFrom('identity_enrolment').where('application_number', 'in', applications).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}

/** A person's applications that hold a change of data (to seal what an earlier version kept in clear). */
export async function listApplicationChangesOfPerson(trx: Trx, nin: string): Promise<{ number: string; person_changes: string }[]> {
  const rows = await trx.selectFrom('identity_application').select(['number', 'person_changes']).where('nin', '=', nin).where('person_changes', 'is not', null).execute();
  return rows.map((row) => ({ number: row.number, person_changes: row.person_changes! }));
}

/** Templates' SHA-256 values kept by earlier versions, a page at a time, locked. */
export async function listFingerprintSha256Rows(trx: Trx, limit: number): Promise<IdentityFingerprintSha256Table[]> {
  const query = trx.selectFrom('identity_fingerprint_sha256').selectAll().orderBy('application_number').orderBy('position').limit(limit);
  return lockForUpdate(trx, query).execute();
}

/** Sets a template's link and forgets its bare SHA-256. */
export async function replaceFingerprintSha256(trx: Trx, row: IdentityFingerprintSha256Table, link: string): Promise<void> {
  await trx.updateTable('identity_fingerprint').set({ template_hmac: link }).where('application_number', '=', row.application_number).where('position', '=', row.position).execute();
  await trx.deleteFrom('identity_fingerprint_sha256').where('application_number', '=', row.application_number).where('position', '=', row.position).execute();
}
