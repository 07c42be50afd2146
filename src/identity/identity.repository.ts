import type { Trx, Db } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';
import type { IdentityRules } from './application.js';

/** A named counter: application numbers per year, document numbers per centre, batch numbers per day. */
export interface IdentityCounterTable {
  name: string;
  last: number;
}

/** The service's rules (fees, validity, thresholds) as one JSON document; absent: the defaults. */
export interface IdentityRulesTable {
  id: number;
  rules: JsonText<IdentityRules>;
  updated_at: string;
  updated_by: string;
}

declare module '../core/database.js' {
  interface Database {
    identity_counter: IdentityCounterTable;
    identity_rules: IdentityRulesTable;
  }
}

/** The next value of a counter; its row stays locked until the transaction ends. */
export async function nextCounter(trx: Trx, name: string): Promise<number> {
  const row = await trx
    .insertInto('identity_counter')
    .values({ name, last: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ last: eb('identity_counter.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(row.last);
}

/** Takes `count` values of a counter at once; returns the first. */
export async function takeCounter(trx: Trx, name: string, count: number): Promise<number> {
  const row = await trx
    .insertInto('identity_counter')
    .values({ name, last: count })
    .onConflict((oc) => oc.column('name').doUpdateSet((eb) => ({ last: eb('identity_counter.last', '+', count) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return Number(row.last) - count + 1;
}

export async function findRulesRow(db: Db | Trx): Promise<IdentityRulesTable | undefined> {
  return db.selectFrom('identity_rules').selectAll().where('id', '=', 1).executeTakeFirst();
}

export async function saveRulesRow(trx: Trx, row: Omit<IdentityRulesTable, 'id'>): Promise<void> {
  await trx
    .insertInto('identity_rules')
    .values({ id: 1, ...row })
    .onConflict((oc) => oc.column('id').doUpdateSet({ rules: row.rules, updated_at: row.updated_at, updated_by: row.updated_by }))
    .execute();
}
