import { openJson, sealJson } from '../core/sealing.js';

/**
 * What is sealed under a person's own data key (register-keys.ts), and at which place (the associated
 * data of each value, so a value copied to another row, person or event does not open):
 *
 * | place | what |
 * |---|---|
 * | `identity-person/{nin}/record` | the personal fields of the register's row |
 * | `identity-person/{nin}/journal/{event}` | the journal's copy of a record or of a change |
 * | `identity-application/{number}/changes` | what a change-of-data application changes |
 * | `identity-card/{documentNumber}/mrz`, `/sod` | a card's MRZ and EF.SOD |
 *
 * Once the person's wrapped key is deleted (erasure), none of these opens again, wherever a copy lies.
 */

/** The personal fields of a person of the register, as the services read them. */
export interface PersonFields {
  surname: string;
  given_names: string;
  surname_ar: string;
  given_names_ar: string;
  /** 'F' | 'M'. */
  sex: string;
  /** `YYYY-MM-DD`. */
  birth_date: string;
  birth_place: string;
  father_name: string | null;
  mother_name: string | null;
  address: string;
  phone: string | null;
}

/** The names of the personal fields, in one list (the conversion of earlier rows reads them). */
export const personFieldNames = [
  'surname',
  'given_names',
  'surname_ar',
  'given_names_ar',
  'sex',
  'birth_date',
  'birth_place',
  'father_name',
  'mother_name',
  'address',
  'phone',
] as const satisfies readonly (keyof PersonFields)[];

export const personPlace = {
  record: (nin: string) => `identity-person/${nin}/record`,
  /** `event`: `registered`, `changed/CNIE-2026-0000001`, `application_opened/CNIE-2026-0000001`. */
  journal: (nin: string, event: string) => `identity-person/${nin}/journal/${event}`,
  changes: (application: string) => `identity-application/${application}/changes`,
  cardMrz: (documentNumber: string) => `identity-card/${documentNumber}/mrz`,
  cardSod: (documentNumber: string) => `identity-card/${documentNumber}/sod`,
};

/** Only the personal fields of a row (whatever else it carries). */
export function personFieldsOf(row: PersonFields): PersonFields {
  const fields = {} as Record<keyof PersonFields, string | null>;
  for (const name of personFieldNames) fields[name] = row[name];
  return fields as unknown as PersonFields;
}

/** Seals a person's fields for their row. */
export function sealPersonRecord(dataKey: Buffer, nin: string, fields: PersonFields): string {
  return sealJson(dataKey, personFieldsOf(fields), personPlace.record(nin));
}

/** Opens a person's fields; throws when the key or the place differ. */
export function openPersonRecord(dataKey: Buffer, nin: string, sealed: string): PersonFields {
  return openJson<PersonFields>(dataKey, sealed, personPlace.record(nin));
}

/** Seals what a journal event keeps of a person (a record, a change) at `event`'s place. */
export function sealForJournal(dataKey: Buffer, nin: string, event: string, value: unknown): string {
  return sealJson(dataKey, value, personPlace.journal(nin, event));
}

/** Opens what `sealForJournal` sealed: how an auditor holding the register's keys reads a person's history. */
export function openFromJournal<T>(dataKey: Buffer, nin: string, event: string, sealed: string): T {
  return openJson<T>(dataKey, sealed, personPlace.journal(nin, event));
}
