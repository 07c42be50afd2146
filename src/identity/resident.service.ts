import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db, type Trx } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { localDay } from '../core/time-zone.js';
import { isIsoAlpha3 } from '../contract/countries.js';
import type { NewResident, Resident } from '../contract/permit.schema.js';
import { findDeskRow } from './appointment.repository.js';
import { takeCounter } from './identity.repository.js';
import { newPersonKey, registerKeys, type RegisterKeys } from './register-keys.js';
import { findResidentRow, insertResidentRow, residentExists, residentFieldsOf, sealResidentForJournal, type ResidentRow } from './resident.repository.js';

/** The journal stream of a foreign resident (auditors only: who registered and who read whom). */
export function residentStream(number: string): string {
  return `identity-resident/${number}`;
}

const EARLIEST_BIRTH = '1900-01-01';

export function residentRowToResident(row: ResidentRow): Resident {
  return {
    number: row.number,
    desk: row.desk_code,
    surname: row.surname,
    givenNames: row.given_names,
    surnameAr: row.surname_ar,
    givenNamesAr: row.given_names_ar,
    sex: row.sex as Resident['sex'],
    birthDate: row.birth_date,
    birthPlace: row.birth_place,
    nationality: row.nationality,
    passport: { number: row.passport_number, issuingState: row.passport_state, expiry: row.passport_expiry },
    entryDate: row.entry_date,
    regularResidenceSince: row.regular_residence_since,
    address: row.address,
    activity: { kind: row.activity_kind, ...(row.activity_name === null ? {} : { name: row.activity_name }) },
    phone: row.phone,
    createdAt: row.created_at,
  };
}

/** A resident, opened, or a refusal naming `field` (400), or 404 when no field is given (a path's number). */
export async function getResidentRow(db: Db | Trx, keys: RegisterKeys, number: string, options: { field?: string; lock?: boolean } = {}): Promise<ResidentRow> {
  const row = await findResidentRow(db, keys, number, { lock: options.lock ?? false });
  if (row !== undefined) return row;
  const message = `no foreign resident has registration number ${number}`;
  if (options.field !== undefined) throw invalidField(options.field, message);
  throw new DomainError('not_found', message);
}

/** The most numbers tried past ones taken before allocation gives up. */
const MAX_TAKEN_IN_A_ROW = 1_000;

/**
 * The next foreigner registration number of a desk, inside the registering command: `E`, the desk's
 * letters (`ninPrefix`), then 8 digits from the desk letters' own counter (`foreigner:BK`), a series
 * apart from the national ID numbers'.
 */
async function allocateForeignerNumber(trx: Trx, deskCode: string): Promise<string> {
  const desk = await findDeskRow(trx, deskCode, { lock: true });
  if (desk === undefined) throw invalidField('desk', `no desk has code ${deskCode}`);
  if (desk.nin_prefix === null) throw invalidField('desk', `desk ${deskCode} allocates no registration numbers (it has no ninPrefix)`, 'conflict');
  for (let tries = 0; tries < MAX_TAKEN_IN_A_ROW; tries++) {
    const next = await takeCounter(trx, `foreigner:${desk.nin_prefix}`, 1);
    if (next > 99_999_999) throw invalidField('desk', `the registration numbers of E${desk.nin_prefix} are used up`, 'conflict');
    const number = `E${desk.nin_prefix}${String(next).padStart(8, '0')}`;
    if (!(await residentExists(trx, number))) return number;
  }
  throw invalidField('desk', `${MAX_TAKEN_IN_A_ROW} numbers of E${desk.nin_prefix} in a row are taken already`, 'conflict');
}

/** What the register refuses in a new resident's record beyond its shape: codes not assigned, dates out of order. */
function checkResident(input: NewResident, today: string): void {
  if (!isIsoAlpha3(input.nationality)) throw invalidField('nationality', `${input.nationality} is not an ISO 3166-1 alpha-3 country code`);
  if (!isIsoAlpha3(input.passport.issuingState)) throw invalidField('passport.issuingState', `${input.passport.issuingState} is not an ISO 3166-1 alpha-3 country code`);
  if (input.nationality === 'MAR') throw invalidField('nationality', 'a Moroccan national is registered in the national register, not as a foreign resident');
  if (input.birthDate > today) throw invalidField('birthDate', `is after today (${today})`);
  if (input.birthDate < EARLIEST_BIRTH) throw invalidField('birthDate', `is before ${EARLIEST_BIRTH}`);
  if (input.entryDate > today) throw invalidField('entryDate', `is after today (${today})`);
  if (input.entryDate < input.birthDate) throw invalidField('entryDate', 'is before the birth date');
  if (input.regularResidenceSince !== undefined && (input.regularResidenceSince > today || input.regularResidenceSince < input.birthDate)) {
    throw invalidField('regularResidenceSince', `must be between the birth date and today (${today})`);
  }
  if (input.activity.kind !== 'none' && input.activity.name === undefined) throw invalidField('activity.name', `name the ${input.activity.kind}`);
}

/**
 * Registers a foreign resident at a desk, which allocates the registration number; the record is
 * sealed under the resident's own key, and the journal's copy too (`identity_resident.registered`).
 */
export async function createResident(core: Core, actor: Actor, input: NewResident): Promise<Resident> {
  checkResident(input, localDay(core.clock.now()));
  const keys = registerKeys(core);
  try {
    const row = await runCommand(core, actor, async ({ trx, at, record }) => {
      const number = await allocateForeignerNumber(trx, input.desk);
      const created: ResidentRow = {
        number,
        desk_code: input.desk,
        surname: input.surname,
        given_names: input.givenNames,
        surname_ar: input.surnameAr ?? null,
        given_names_ar: input.givenNamesAr ?? null,
        sex: input.sex,
        birth_date: input.birthDate,
        birth_place: input.birthPlace,
        nationality: input.nationality,
        passport_number: input.passport.number,
        passport_state: input.passport.issuingState,
        passport_expiry: input.passport.expiry,
        entry_date: input.entryDate,
        regular_residence_since: input.regularResidenceSince ?? null,
        address: input.address,
        activity_kind: input.activity.kind,
        activity_name: input.activity.name ?? null,
        phone: input.phone ?? null,
        created_at: at,
        updated_at: at,
        data_key: newPersonKey(),
      };
      await insertResidentRow(trx, keys, created);
      record(residentStream(number), 'identity_resident.registered', { record: sealResidentForJournal(created.data_key, number, 'registered', residentFieldsOf(created)), allocatedBy: input.desk });
      return created;
    });
    return residentRowToResident(row);
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('desk', 'the allocated number was taken meanwhile; try again', 'conflict');
    throw error;
  }
}

/** A resident's record: the read is journaled with its reason before the record is given. */
export async function readResident(core: Core, actor: Actor, number: string, reason: string): Promise<Resident> {
  const row = await getResidentRow(core.db, registerKeys(core), number);
  await runCommand(core, actor, async ({ record }) => record(residentStream(number), 'identity_resident.read', { reason, via: 'record' }));
  return residentRowToResident(row);
}
