import type { Actor } from '../core/auth/principal.js';
import { Role } from '../core/auth/permission.js';
import { findUserByUsername } from '../core/auth/user.repository.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db, type Trx } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import type { SealedChange } from '../contract/identity.events.js';
import { catalogued } from '../core/journal.js';
import { findEvents } from '../core/journal.repository.js';
import { localDay } from '../core/time-zone.js';
import { listCardRowsOfPerson, type IdentityCardTable } from './card.repository.js';
import { findDeskRow } from './appointment.repository.js';
import { personStream } from './identity.js';
import { takeCounter } from './identity.repository.js';
import { isArabic, latinKey, normaliseArabic } from './name-match.js';
import type { ErasedPerson, NewPerson, Person, PersonChange, PersonReads, PersonReadsQuery, PersonRecord, PersonSearchQuery, Sex } from './person.js';
import { personFieldsOf, sealForJournal } from './person-vault.js';
import {
  findErasure,
  findNinOfAccount,
  findPersonByAccount,
  findPersonRow,
  findPersonRows,
  findPersonsBornWithName,
  insertPersonRow,
  personExists,
  rewrapPersonKeys,
  setPersonAccount,
  updatePersonRow,
  type IdentityPersonErasureTable,
  type PersonRow,
} from './person.repository.js';
import { newPersonKey, registerKeys, type RegisterKeys } from './register-keys.js';
import { rewrapResidentKeys } from './resident.repository.js';

/** The oldest birth date the register takes. */
const EARLIEST_BIRTH = '1900-01-01';
/** At most this many people answer a search. */
const SEARCH_LIMIT = 20;

function cardSummaries(cards: readonly IdentityCardTable[]): Person['cards'] {
  return cards.map((card) => ({ documentNumber: card.document_number, status: card.status, dateOfIssue: card.date_of_issue, dateOfExpiry: card.date_of_expiry }));
}

export function personRowToPerson(row: PersonRow, cards: readonly IdentityCardTable[]): Person {
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
    cards: cardSummaries(cards),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** What the register answers about an erased person: the number, when and under which text, and the cards. */
export function erasedPerson(erasure: IdentityPersonErasureTable, cards: readonly IdentityCardTable[]): ErasedPerson {
  return { nin: erasure.nin, erased: true, erasedAt: erasure.erased_at, legalBasis: erasure.legal_basis, cards: cardSummaries(cards) };
}


/**
 * What the journal keeps of a record: every field as recorded, sealed under the person's key (the
 * stream is the auditors' alone, and the copy dies with the key when the person is erased).
 */
function journalRecord(row: PersonRow): string {
  return sealForJournal(row.data_key, row.nin, 'registered', personFieldsOf(row));
}

/** Why a number names nobody: never given, or erased (and when). */
async function absence(db: Db | Trx, nin: string): Promise<{ erased: boolean; message: string }> {
  const erasure = await findErasure(db, nin);
  if (erasure === undefined) return { erased: false, message: `no person of the register has national ID number ${nin}` };
  return { erased: true, message: `the record of ${nin} was erased from the register on ${erasure.erased_at.slice(0, 10)}` };
}

/**
 * A person's record, opened, or a refusal naming `field` (a request's reference; 409 when the person
 * was erased) or 404 (the path's).
 */
export async function getPersonRow(db: Db | Trx, keys: RegisterKeys, nin: string, options: { field?: string; lock?: boolean } = {}): Promise<PersonRow> {
  const row = await findPersonRow(db, keys, nin, { lock: options.lock ?? false });
  if (row === undefined) {
    const { erased, message } = await absence(db, nin);
    if (options.field !== undefined) throw invalidField(options.field, message, erased ? 'conflict' : 'validation');
    throw new DomainError(erased ? 'conflict' : 'not_found', message);
  }
  return row;
}

/**
 * That a person is in the register (nothing opened), with the same refusals as `getPersonRow`; with
 * `lock`, their row stays locked to the end of the transaction (PostgreSQL).
 */
export async function requirePerson(db: Db | Trx, nin: string, options: { field?: string; lock?: boolean } = {}): Promise<void> {
  if (await personExists(db, nin, { lock: options.lock ?? false })) return;
  const { erased, message } = await absence(db, nin);
  if (options.field !== undefined) throw invalidField(options.field, message, erased ? 'conflict' : 'validation');
  throw new DomainError(erased ? 'conflict' : 'not_found', message);
}

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
    if (!(await personExists(trx, nin)) && (await findErasure(trx, nin)) === undefined) return nin;
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
  const keys = registerKeys(core);
  let row: PersonRow | undefined;
  try {
    row = await runCommand(core, actor, async ({ trx, at, record }) => {
      // An allocated number is free already; a given one is checked here. An erased person's number is never given again.
      const nin = input.nin ?? (await allocateNin(trx, input.desk));
      if (input.nin !== undefined && (await personExists(trx, nin))) throw invalidField('nin', `${nin} is already in the register`, 'conflict');
      if (input.nin !== undefined && (await findErasure(trx, nin)) !== undefined) throw invalidField('nin', `${nin} was erased from the register; an erased number is not given again`, 'conflict');
      const created: PersonRow = {
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
        data_key: newPersonKey(),
      };
      await insertPersonRow(trx, keys, created);
      record(personStream(nin), 'identity_person.registered', { record: journalRecord(created), ...(input.nin === undefined ? { allocatedBy: input.desk ?? null } : {}) });
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

/**
 * A person's record: the read is journaled with its reason before the record is given. An erased
 * person's record answers that it was erased (the read is journaled too: who asked after whom).
 */
export async function readPerson(core: Core, actor: Actor, nin: string, reason: string): Promise<PersonRecord> {
  const row = await findPersonRow(core.db, registerKeys(core), nin);
  const erasure = row === undefined ? await findErasure(core.db, nin) : undefined;
  if (row === undefined && erasure === undefined) throw new DomainError('not_found', `no person of the register has national ID number ${nin}`);
  await runCommand(core, actor, async (scope) => recordReads(scope, [nin], reason, 'record'));
  const cards = await listCardRowsOfPerson(core.db, nin);
  return row === undefined ? erasedPerson(erasure!, cards) : personRowToPerson(row, cards);
}

/**
 * Who read a person's record, when, why and through what, oldest first, a page at a time: the reads
 * journaled on the person's stream (the record's and the enrolled photo's), with each reader's names. For auditors; the question is journaled
 * on the same stream (`identity_person.reads_listed`) with its reason, so a lookup of the lookups shows
 * who looked. A number the register never gave (not registered, not erased) is not found.
 */
export async function listPersonReads(core: Core, actor: Actor, nin: string, query: PersonReadsQuery): Promise<PersonReads> {
  if (!(await personExists(core.db, nin)) && (await findErasure(core.db, nin)) === undefined) {
    throw new DomainError('not_found', `no person of the register has national ID number ${nin}`);
  }
  const limit = query.limit ?? 200;
  const events = await findEvents(core.db, { stream: personStream(nin), type: ['identity_person.read', 'identity_person.photo_read'], limit: limit + 1, ...(query.after === undefined ? {} : { afterSeq: query.after }) });
  const page = events.slice(0, limit);
  const names = new Map<string, { name: string; nameAr: string | null } | null>();
  for (const event of page) {
    if (names.has(event.actor) || !event.actor.startsWith('user:')) continue;
    const user = await findUserByUsername(core.db, event.actor.slice('user:'.length));
    names.set(event.actor, user === undefined ? null : { name: user.full_name, nameAr: user.full_name_ar });
  }
  const reads = page.map(catalogued).map((event) => {
    const reader = names.get(event.actor);
    const read = event.type === 'identity_person.read' ? event.data : undefined;
    const photo = event.type === 'identity_person.photo_read' ? event.data : undefined;
    return {
      seq: event.seq,
      at: event.at,
      actor: event.actor,
      name: reader?.name ?? null,
      nameAr: reader?.nameAr ?? null,
      reason: read?.reason ?? '',
      via: photo === undefined ? (read?.via ?? '') : 'photo',
      application: photo?.application ?? null,
    };
  });
  await runCommand(core, actor, async ({ record }) => record(personStream(nin), 'identity_person.reads_listed', { reason: query.reason, count: reads.length, after: query.after ?? 0 }));
  return { nin, reads, next: events.length > limit ? page.at(-1)!.seq : null };
}

/**
 * The people born on a day whose name (given names then surname, in either script) reads like the one
 * given, at most 20: each one's read is journaled with the reason.
 */
export async function searchPersons(core: Core, actor: Actor, query: PersonSearchQuery): Promise<Person[]> {
  const keys = isArabic(query.name) ? { ar: normaliseArabic(query.name) } : { latin: latinKey(query.name) };
  if ((keys.ar ?? keys.latin) === '') throw invalidField('name', 'holds no letter');
  const rows = await findPersonsBornWithName(core.db, registerKeys(core), query.birthDate, keys, SEARCH_LIMIT);
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
  const keys = registerKeys(core);
  let row: PersonRow;
  try {
    row = await runCommand(core, actor, async ({ trx, at, record }) => {
      const person = await getPersonRow(trx, keys, nin, { lock: true });
      const other = await findNinOfAccount(trx, username);
      if (other !== undefined && other !== nin) throw invalidField('username', `${username} is already linked to another record`, 'conflict');
      if (person.account === username) return person;
      await setPersonAccount(trx, nin, username, at);
      record(personStream(nin), 'identity_person.account_linked', { account: username, previous: person.account });
      return { ...person, account: username, updated_at: at };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('username', `${username} is already linked to another record`, 'conflict');
    throw error;
  }
  return personRowToPerson(row, await listCardRowsOfPerson(core.db, nin));
}

const NOT_LINKED = 'your account is not linked to a record of the register; an enrolment desk links it when you show your identity';

/** The record linked to a citizen's account, opened, or a 404 saying how to get one linked. */
export async function ownPersonRow(db: Db | Trx, keys: RegisterKeys, username: string): Promise<PersonRow> {
  const row = await findPersonByAccount(db, keys, username);
  if (row === undefined) throw new DomainError('not_found', NOT_LINKED);
  return row;
}

/** The national ID number of the record linked to a citizen's account (nothing opened), or a 404 saying how to get one linked. */
export async function ownNin(db: Db | Trx, username: string): Promise<string> {
  const nin = await findNinOfAccount(db, username);
  if (nin === undefined) throw new DomainError('not_found', NOT_LINKED);
  return nin;
}

/** A citizen's own record (the read is journaled too). */
export async function readOwnPerson(core: Core, actor: Actor, username: string): Promise<Person> {
  const row = await ownPersonRow(core.db, registerKeys(core), username);
  await runCommand(core, actor, async (scope) => recordReads(scope, [row.nin], 'own record', 'self'));
  return personRowToPerson(row, await listCardRowsOfPerson(core.db, row.nin));
}

/**
 * Applies an approved change of data to the register, inside the approving command; the journal keeps
 * which fields changed, and the change itself sealed under the person's key.
 */
export async function applyPersonChanges(scope: CommandScope, keys: RegisterKeys, nin: string, changes: PersonChange, application: string): Promise<void> {
  const row = await getPersonRow(scope.trx, keys, nin, { lock: true });
  const next: PersonRow = {
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
  };
  await updatePersonRow(scope.trx, keys, next);
  scope.record(personStream(nin), 'identity_person.changed', { application, ...sealedChange(row.data_key, nin, `changed/${application}`, changes) });
}

/** What the journal keeps of a change: the names of the fields changed, and the change sealed under the person's key. */
export function sealedChange(dataKey: Buffer, nin: string, event: string, changes: PersonChange): SealedChange {
  return { fields: Object.keys(changes).sort(), changes: sealForJournal(dataKey, nin, event, changes) };
}

/** People by national ID number, opened (for production, which prints their names). */
export async function personRowsByNin(db: Db | Trx, keys: RegisterKeys, nins: readonly string[]): Promise<Map<string, PersonRow>> {
  const rows: PersonRow[] = [];
  for (let i = 0; i < nins.length; i += 500) rows.push(...(await findPersonRows(db, keys, nins.slice(i, i + 500))));
  return new Map(rows.map((row) => [row.nin, row]));
}

/**
 * Wraps every person's data key again under the `next` key-encryption key (its rotation, from the key
 * folder); resumable: the keys already under `next` are left. Returns how many were wrapped again.
 */
export async function rewrapPersonDataKeys(db: Db, previous: Buffer, next: Buffer): Promise<number> {
  // The foreign residents' keys are wrapped under the same key-encryption key.
  return (await rewrapPersonKeys(db, previous, next)) + (await rewrapResidentKeys(db, previous, next));
}
