import type { Actor } from '../core/auth/principal.js';
import { Role } from '../core/auth/permission.js';
import { findUserByUsername } from '../core/auth/user.repository.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db, type Trx } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import type { JsonObject } from '../core/journal.js';
import type { CardStatus } from './card.js';
import { listCardRowsOfPerson, type IdentityCardTable } from './card.repository.js';
import { findDeskRow } from './appointment.repository.js';
import { localDay, personStream } from './identity.js';
import { takeCounter } from './identity.repository.js';
import { demographicKeys, isArabic, latinKey, normaliseArabic } from './name-match.js';
import type { NewPerson, Person, PersonChange, PersonSearchQuery, Sex } from './person.js';
import { findPersonByAccount, findPersonRow, findPersonRows, findPersonsBornWithName, insertPersonRow, updatePersonRow, type IdentityPersonTable } from './person.repository.js';

/** The oldest birth date the register takes. */
const EARLIEST_BIRTH = '1900-01-01';
/** At most this many people answer a search. */
const SEARCH_LIMIT = 20;

export function personRowToPerson(row: IdentityPersonTable, cards: readonly IdentityCardTable[]): Person {
  return {
    nin: row.nin,
    surname: row.surname,
    givenNames: row.given_names,
    surnameAr: row.surname_ar,
    givenNamesAr: row.given_names_ar,
    sex: row.sex as Sex,
    birthDate: row.birth_date,
    birthPlace: row.birth_place,
    fatherName: row.father_name,
    motherName: row.mother_name,
    address: row.address,
    phone: row.phone,
    account: row.account,
    cards: cards.map((card) => ({ documentNumber: card.document_number, status: card.status as CardStatus, dateOfIssue: card.date_of_issue, dateOfExpiry: card.date_of_expiry })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The name-match keys (name-match.ts) of a register row. */
export function rowKeys(row: Omit<IdentityPersonTable, 'name_key_ar' | 'name_key_latin' | 'father_key' | 'mother_key'>): ReturnType<typeof demographicKeys> {
  return demographicKeys({
    nin: row.nin,
    birthDate: row.birth_date,
    birthPlace: row.birth_place,
    givenNames: row.given_names,
    surname: row.surname,
    givenNamesAr: row.given_names_ar,
    surnameAr: row.surname_ar,
    fatherName: row.father_name,
    motherName: row.mother_name,
  });
}

/** The name-match keys of a row as it will be stored. */
function withKeys(row: Omit<IdentityPersonTable, 'name_key_ar' | 'name_key_latin' | 'father_key' | 'mother_key'>): IdentityPersonTable {
  const keys = rowKeys(row);
  return { ...row, name_key_ar: keys.nameKeyAr, name_key_latin: keys.nameKeyLatin, father_key: keys.fatherKey, mother_key: keys.motherKey };
}

/** What the journal keeps of a record: every field as recorded (the stream is the auditors' alone). */
function journalRecord(row: IdentityPersonTable): JsonObject {
  return {
    surname: row.surname,
    givenNames: row.given_names,
    surnameAr: row.surname_ar,
    givenNamesAr: row.given_names_ar,
    sex: row.sex,
    birthDate: row.birth_date,
    birthPlace: row.birth_place,
    fatherName: row.father_name,
    motherName: row.mother_name,
    address: row.address,
    phone: row.phone,
  };
}

/** A person's row, or a refusal naming `field` (a request's reference) or 404 (the path's). */
export async function getPersonRow(db: Db | Trx, nin: string, options: { field?: string; lock?: boolean } = {}): Promise<IdentityPersonTable> {
  const row = await findPersonRow(db, nin, { lock: options.lock ?? false });
  if (row === undefined) {
    if (options.field !== undefined) throw invalidField(options.field, `no person of the register has national ID number ${nin}`);
    throw new DomainError('not_found', `no person of the register has national ID number ${nin}`);
  }
  return row;
}

/** Registers a person. The birth date must be a past day, from 1900 on. */
/** The most numbers tried past ones already given by hand before allocation gives up. */
const MAX_TAKEN_IN_A_ROW = 1_000;

/**
 * The next free national ID number of a desk's letters, inside the registering command: the desk's
 * counter, six digits at least (`BK000001`), passing over numbers already given by hand.
 */
async function allocateNin(trx: Trx, deskCode: string | undefined): Promise<string> {
  if (deskCode === undefined) throw invalidField('nin', 'give the national ID number, or the desk that allocates one (desk)');
  const desk = await findDeskRow(trx, deskCode, { lock: true });
  if (desk === undefined) throw invalidField('desk', `no desk has code ${deskCode}`);
  if (desk.nin_prefix === null) throw invalidField('desk', `desk ${deskCode} allocates no national ID numbers (it has no ninPrefix); give the number`, 'conflict');
  for (let tries = 0; tries < MAX_TAKEN_IN_A_ROW; tries++) {
    const next = await takeCounter(trx, `nin:${desk.nin_prefix}`, 1);
    const nin = `${desk.nin_prefix}${String(next).padStart(6, '0')}`;
    if (nin.length - desk.nin_prefix.length > 7) throw invalidField('desk', `the numbers of ${desk.nin_prefix} are used up (7 digits)`, 'conflict');
    if ((await findPersonRow(trx, nin)) === undefined) return nin;
  }
  throw invalidField('desk', `${MAX_TAKEN_IN_A_ROW} numbers of ${desk.nin_prefix} in a row are taken already`, 'conflict');
}

/**
 * Registers a person. Without a national ID number, the desk given allocates the next of its letters
 * (journaled with the record, `allocatedBy`).
 */
export async function createPerson(core: Core, actor: Actor, input: NewPerson): Promise<Person> {
  const today = localDay(core.clock.now());
  if (input.birthDate > today) throw invalidField('birthDate', `is after today (${today})`);
  if (input.birthDate < EARLIEST_BIRTH) throw invalidField('birthDate', `is before ${EARLIEST_BIRTH}`);
  let row: IdentityPersonTable | undefined;
  try {
    row = await runCommand(core, actor, async ({ trx, at, record }) => {
      // An allocated number is free already; a given one is checked here.
      const nin = input.nin ?? (await allocateNin(trx, input.desk));
      if (input.nin !== undefined && (await findPersonRow(trx, nin)) !== undefined) throw invalidField('nin', `${nin} is already in the register`, 'conflict');
      const created = withKeys({
        nin,
        surname: input.surname,
        given_names: input.givenNames,
        surname_ar: input.surnameAr,
        given_names_ar: input.givenNamesAr,
        sex: input.sex,
        birth_date: input.birthDate,
        birth_place: input.birthPlace,
        father_name: input.fatherName ?? null,
        mother_name: input.motherName ?? null,
        address: input.address,
        phone: input.phone ?? null,
        account: null,
        created_at: at,
        updated_at: at,
      });
      await insertPersonRow(trx, created);
      record(personStream(nin), 'identity_person.registered', { ...journalRecord(created), ...(input.nin === undefined ? { allocatedBy: input.desk ?? null } : {}) });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('nin', `${input.nin ?? 'the allocated number'} is already in the register`, 'conflict');
    throw error;
  }
  return personRowToPerson(row, []);
}

/** Journals that `actor` read these people's records, and why (one event on each person's stream). */
export function recordReads(scope: Pick<CommandScope, 'record'>, nins: readonly string[], reason: string, via: string): void {
  for (const nin of nins) scope.record(personStream(nin), 'identity_person.read', { reason, via });
}

/** A person's record: the read is journaled with its reason before the record is given. */
export async function readPerson(core: Core, actor: Actor, nin: string, reason: string): Promise<Person> {
  const row = await getPersonRow(core.db, nin);
  await runCommand(core, actor, async (scope) => recordReads(scope, [nin], reason, 'record'));
  return personRowToPerson(row, await listCardRowsOfPerson(core.db, nin));
}

/**
 * The people born on a day whose name (given names then surname, in either script) reads like the one
 * given, at most 20: each one's read is journaled with the reason.
 */
export async function searchPersons(core: Core, actor: Actor, query: PersonSearchQuery): Promise<Person[]> {
  const keys = isArabic(query.name) ? { ar: normaliseArabic(query.name) } : { latin: latinKey(query.name) };
  if ((keys.ar ?? keys.latin) === '') throw invalidField('name', 'holds no letter');
  const rows = await findPersonsBornWithName(core.db, query.birthDate, keys, SEARCH_LIMIT);
  if (rows.length === 0) return [];
  await runCommand(core, actor, async (scope) =>
    recordReads(
      scope,
      rows.map((row) => row.nin),
      query.reason,
      'search',
    ),
  );
  const people: Person[] = [];
  for (const row of rows) people.push(personRowToPerson(row, await listCardRowsOfPerson(core.db, row.nin)));
  return people;
}

/**
 * Links a citizen's account to their record (done at a desk, the person in front of the clerk): the
 * account may then see the record and book and follow its own appointments and applications.
 */
export async function linkAccount(core: Core, actor: Actor, nin: string, username: string): Promise<Person> {
  const user = await findUserByUsername(core.db, username);
  if (user === undefined) throw invalidField('username', `no account is named ${username}`);
  if (!user.roles.includes(Role.citizen)) throw invalidField('username', `${username} does not hold the citizen role`);
  let row: IdentityPersonTable;
  try {
    row = await runCommand(core, actor, async ({ trx, at, record }) => {
      const person = await getPersonRow(trx, nin, { lock: true });
      const other = await findPersonByAccount(trx, username);
      if (other !== undefined && other.nin !== nin) throw invalidField('username', `${username} is already linked to another record`, 'conflict');
      if (person.account === username) return person;
      await updatePersonRow(trx, nin, { account: username, updated_at: at });
      record(personStream(nin), 'identity_person.account_linked', { account: username, previous: person.account });
      return { ...person, account: username, updated_at: at };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('username', `${username} is already linked to another record`, 'conflict');
    throw error;
  }
  return personRowToPerson(row, await listCardRowsOfPerson(core.db, nin));
}

/** The record linked to a citizen's account, or a 404 saying how to get one linked. */
export async function ownPersonRow(db: Db | Trx, username: string): Promise<IdentityPersonTable> {
  const row = await findPersonByAccount(db, username);
  if (row === undefined) throw new DomainError('not_found', 'your account is not linked to a record of the register; an enrolment desk links it when you show your identity');
  return row;
}

/** A citizen's own record (the read is journaled too). */
export async function readOwnPerson(core: Core, actor: Actor, username: string): Promise<Person> {
  const row = await ownPersonRow(core.db, username);
  await runCommand(core, actor, async (scope) => recordReads(scope, [row.nin], 'own record', 'self'));
  return personRowToPerson(row, await listCardRowsOfPerson(core.db, row.nin));
}

/** Applies an approved change of data to the register, inside the approving command. */
export async function applyPersonChanges(scope: CommandScope, nin: string, changes: PersonChange, application: string): Promise<void> {
  const row = await getPersonRow(scope.trx, nin, { lock: true });
  const next = withKeys({
    ...row,
    surname: changes.surname ?? row.surname,
    given_names: changes.givenNames ?? row.given_names,
    surname_ar: changes.surnameAr ?? row.surname_ar,
    given_names_ar: changes.givenNamesAr ?? row.given_names_ar,
    birth_place: changes.birthPlace ?? row.birth_place,
    father_name: changes.fatherName ?? row.father_name,
    mother_name: changes.motherName ?? row.mother_name,
    address: changes.address ?? row.address,
    phone: changes.phone ?? row.phone,
    updated_at: scope.at,
  });
  const { nin: _nin, created_at: _created, ...columns } = next;
  await updatePersonRow(scope.trx, nin, columns);
  scope.record(personStream(nin), 'identity_person.changed', { application, changes: changes as JsonObject });
}

/** People by national ID number (for lists that join names). */
export async function personRowsByNin(db: Db | Trx, nins: readonly string[]): Promise<Map<string, IdentityPersonTable>> {
  const rows: IdentityPersonTable[] = [];
  for (let i = 0; i < nins.length; i += 500) rows.push(...(await findPersonRows(db, nins.slice(i, i + 500))));
  return new Map(rows.map((row) => [row.nin, row]));
}
