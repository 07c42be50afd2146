import type { Core } from '../core/context.js';
import type { Db, Trx } from '../core/database.js';
import { StateKey } from '../core/module-state.js';
import { Closed, Line, Uuid } from '../core/schema.js';
import { NationalIdNumber } from './identity.js';
import type { Static } from 'typebox';

/**
 * The judicial records a police record certificate is checked against. The service asks them through a
 * port, `JudicialRecords`, that a real records system (the courts' or the national criminal records'
 * registry) can implement; the built-in register (`judicial-record.service.ts`, entered by staff holding
 * `identity.records.manage`) is one implementation.
 */
export { JudicialRecordStatus } from '../contract/certificate.js';
export { JudicialRecord, JudicialRecordCorrection, NewJudicialRecord, RecordsCheck } from '../contract/certificate.schema.js';

/** What a judgment says, as a records system answers it. */
export interface JudicialEntry {
  readonly court: string;
  /** `YYYY-MM-DD`. */
  readonly judgmentDate: string;
  readonly caseReference: string;
  readonly offence: string;
  readonly sentence: string;
}

/** A person's judicial record: clean when no conviction is in force; the entries in force otherwise. */
export interface PersonRecords {
  readonly clean: boolean;
  /** The convictions in force (rehabilitated and annulled ones are not given), oldest judgment first. */
  readonly entries: readonly JudicialEntry[];
}

/**
 * A records system, as the certificates ask it.
 *
 * - `source` names the system in what is stored with a request (`amane-register` for the built-in one).
 * - `recordsOf(nin, trx)` answers for one person, by national ID number. `trx` is the requesting
 *   command's transaction: a records system in the same database joins it (the built-in register reads
 *   its rows there, so the answer and the request are one state); a remote one ignores it. A system that
 *   cannot answer throws: the request is then refused (503) and nothing is written, never issued
 *   unchecked. An unknown person is clean: the records list convictions, not people.
 */
export interface JudicialRecords {
  readonly source: string;
  recordsOf(nin: string, trx?: Trx | Db): Promise<PersonRecords>;
}

/** The records system plugged in for this kernel; taken out by the identity module's stop. */
export const judicialRecordsKey = new StateKey<JudicialRecords>('identity: the judicial records system plugged in');

/** Plugs a records system in for this kernel, in place of the built-in register. */
export function useJudicialRecords(core: Pick<Core, 'state'>, records: JudicialRecords): void {
  core.state.delete(judicialRecordsKey);
  core.state.set(judicialRecordsKey, records);
}

export const JudicialRecordParams = Closed({ id: Uuid });

export const JudicialRecordQuery = Closed({
  nin: NationalIdNumber,
  reason: Line({ minLength: 3, maxLength: 200, description: 'why the records are read; journaled' }),
});
export type JudicialRecordQuery = Static<typeof JudicialRecordQuery>;

/** Where what a judgment says is sealed, under the person's key: `judicial-record/{id}`. */
export function judicialRecordPlace(id: string): string {
  return `judicial-record/${id}`;
}

export function judicialRecordStream(id: string): string {
  return `judicial-record/${id}`;
}
