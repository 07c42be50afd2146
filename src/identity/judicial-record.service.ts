import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db, Trx } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { openJson, sealJson } from '../core/sealing.js';
import { localDay } from '../core/time-zone.js';
import { JudicialRecordStatus } from '../contract/certificate.js';
import {
  judicialRecordPlace,
  judicialRecordStream,
  judicialRecordsKey,
  type JudicialEntry,
  type JudicialRecord,
  type JudicialRecordCorrection,
  type JudicialRecords,
  type NewJudicialRecord,
  type PersonRecords,
} from './judicial-record.js';
import {
  findJudicialRecordRow,
  insertJudicialRecordRow,
  listJudicialRecordRows,
  updateJudicialRecordRow,
  type IdentityJudicialRecordTable,
} from './judicial-record.repository.js';
import { findPersonKey, findPersonKeys } from './person.repository.js';
import { getPersonRow, recordReads, requirePerson } from './person.service.js';
import { registerKeys, type RegisterKeys } from './register-keys.js';

/** The name the built-in register answers under, stored with each check. */
export const BUILT_IN_RECORDS_SOURCE = 'amane-register';

const entryFields = ['court', 'judgmentDate', 'caseReference', 'offence', 'sentence'] as const satisfies readonly (keyof JudicialEntry)[];

function sealEntry(dataKey: Buffer, id: string, entry: JudicialEntry): string {
  const fields = {} as Record<keyof JudicialEntry, string>;
  for (const name of entryFields) fields[name] = entry[name];
  return sealJson(dataKey, fields, judicialRecordPlace(id));
}

function openEntry(dataKey: Buffer, row: IdentityJudicialRecordTable): JudicialEntry {
  return openJson<JudicialEntry>(dataKey, row.record, judicialRecordPlace(row.id));
}

function rowToRecord(row: IdentityJudicialRecordTable, entry: JudicialEntry): JudicialRecord {
  return { id: row.id, nin: row.nin, ...entry, status: row.status, version: row.version, createdAt: row.created_at, updatedAt: row.updated_at };
}

/** A judgment cannot be dated after today. */
function checkJudgmentDate(core: Pick<Core, 'clock'>, date: string | undefined): void {
  if (date !== undefined && date > localDay(core.clock.now())) throw invalidField('judgmentDate', `is ${date}, after today: a record is entered once the judgment is given`);
}

/**
 * Enters a judgment in the records of a person of the register, sealed under their key, journaled on
 * `judicial-record/{id}` (auditors only). The person must be in the register (400 naming `nin`).
 */
export async function enterJudicialRecord(core: Core, actor: Actor, input: NewJudicialRecord): Promise<JudicialRecord> {
  checkJudgmentDate(core, input.judgmentDate);
  const keys = registerKeys(core);
  const id = randomUUID();
  const { nin, ...entry } = input;
  return runCommand(core, actor, async ({ trx, at, record }) => {
    // Locked: an erasure cannot pass between the key read and the row written.
    const person = await getPersonRow(trx, keys, nin, { field: 'nin', lock: true });
    const sealed = sealEntry(person.data_key, id, entry);
    const row: IdentityJudicialRecordTable = { id, nin, record: sealed, status: JudicialRecordStatus.inForce, version: 1, created_at: at, created_by: actor, updated_at: at, updated_by: actor };
    await insertJudicialRecordRow(trx, row);
    record(judicialRecordStream(id), 'judicial_record.entered', { nin, record: sealJson(person.data_key, entry, `${judicialRecordPlace(id)}/journal/1`), status: row.status });
    return rowToRecord(row, entry);
  });
}

/**
 * Corrects an entry: the fields given, its status (rehabilitated, annulled, or in force again), with a
 * reason. Journaled with the names of the fields changed and the new content sealed.
 */
export async function correctJudicialRecord(core: Core, actor: Actor, id: string, correction: JudicialRecordCorrection): Promise<JudicialRecord> {
  checkJudgmentDate(core, correction.judgmentDate);
  const keys = registerKeys(core);
  return runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await findJudicialRecordRow(trx, id, { lock: true });
    if (row === undefined) throw new DomainError('not_found', `no judicial record has id ${id}`);
    const dataKey = await findPersonKey(trx, keys, row.nin);
    if (dataKey === undefined) throw new DomainError('conflict', `the person of record ${id} was erased from the register: it can no longer be read or corrected`);
    const before = openEntry(dataKey, row);
    const after: Record<keyof JudicialEntry, string> = { ...before };
    const fields: string[] = [];
    for (const name of entryFields) {
      const value = correction[name];
      if (value !== undefined && value !== before[name]) {
        after[name] = value;
        fields.push(name);
      }
    }
    const status = correction.status ?? row.status;
    if (status !== row.status) fields.push('status');
    if (fields.length === 0) throw invalidField('reason', 'the correction changes nothing: give the fields or the status that change');
    const version = row.version + 1;
    const next: IdentityJudicialRecordTable = { ...row, record: sealEntry(dataKey, id, after), status, version, updated_at: at, updated_by: actor };
    await updateJudicialRecordRow(trx, id, { record: next.record, status, version, updated_at: at, updated_by: actor });
    record(judicialRecordStream(id), 'judicial_record.corrected', {
      nin: row.nin,
      fields,
      record: sealJson(dataKey, after, `${judicialRecordPlace(id)}/journal/${version}`),
      status,
      reason: correction.reason,
      version,
    });
    return rowToRecord(next, after);
  });
}

/** A person's judicial records, every status, opened; the read is journaled on the person's stream with its reason. */
export async function listJudicialRecords(core: Core, actor: Actor, nin: string, reason: string): Promise<JudicialRecord[]> {
  const keys = registerKeys(core);
  await requirePerson(core.db, nin, { field: 'nin' });
  const rows = await listJudicialRecordRows(core.db, nin);
  const dataKey = await findPersonKey(core.db, keys, nin);
  await runCommand(core, actor, async (scope) => recordReads(scope, [nin], reason, 'judicial-records'));
  return dataKey === undefined ? [] : rows.map((row) => rowToRecord(row, openEntry(dataKey, row)));
}

/** The built-in register as a records system: the entries in force, opened with the person's key, in `trx` when given. */
export function builtInJudicialRecords(core: Pick<Core, 'db' | 'config' | 'log'>): JudicialRecords {
  const keys: RegisterKeys = registerKeys(core);
  return {
    source: BUILT_IN_RECORDS_SOURCE,
    async recordsOf(nin: string, trx?: Trx | Db): Promise<PersonRecords> {
      const db = trx ?? core.db;
      const rows = await listJudicialRecordRows(db, nin, JudicialRecordStatus.inForce);
      if (rows.length === 0) return { clean: true, entries: [] };
      const dataKey = (await findPersonKeys(db, keys, [nin])).get(nin);
      if (dataKey === undefined) return { clean: true, entries: [] };
      const entries = rows.map((row) => openEntry(dataKey, row)).sort((a, b) => a.judgmentDate.localeCompare(b.judgmentDate));
      return { clean: false, entries };
    },
  };
}

/** The records system plugged in (`useJudicialRecords`), else the built-in register. */
export function judicialRecordsOf(core: Pick<Core, 'db' | 'config' | 'log' | 'state'>): JudicialRecords {
  return core.state.find(judicialRecordsKey) ?? builtInJudicialRecords(core);
}
