import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { StateKey } from '../core/module-state.js';
import type { EventData } from '../contract/events.js';
import { STANDOFF_STREAM } from './eod.js';
import { findStandoffTableRow, saveStandoffTableRow } from './eod.repository.js';
import { seedStandoffTable, validateStandoffTable, type StandoffTable, type StandoffTableInForce } from './standoff.js';

/**
 * The stored table as this kernel last validated it, with the `updated_at` it was read at: a cache,
 * validated again whenever the row changed; dropped by the EOD module's stop.
 */
export const standoffTableKey = new StateKey<{ known?: { updatedAt: string; table: StandoffTable } }>('eod: the stand-off table');

/**
 * The stand-off table in force: the one an administrator last saved, validated as it is loaded; the
 * shipped one until then. A stored table that no longer validates is not used (the shipped one is, and
 * the error is logged): cordons are never drawn from a broken table.
 */
export async function getStandoffTable(core: Pick<Core, 'db' | 'log' | 'state'>): Promise<StandoffTableInForce> {
  const row = await findStandoffTableRow(core.db);
  if (row === undefined) return { table: seedStandoffTable(), updatedAt: null, updatedBy: null };
  const cache = core.state.obtain(standoffTableKey, () => ({}));
  const known = cache.known;
  if (known?.updatedAt === row.updated_at) return { table: known.table, updatedAt: row.updated_at, updatedBy: row.updated_by };
  try {
    const table = validateStandoffTable(fromJsonText(row.document));
    cache.known = { updatedAt: row.updated_at, table };
    return { table, updatedAt: row.updated_at, updatedBy: row.updated_by };
  } catch (error) {
    core.log.error({ err: error }, 'the stored stand-off table does not validate; using the shipped one');
    return { table: seedStandoffTable(), updatedAt: null, updatedBy: null };
  }
}

/**
 * An administrator replaces the table; it is validated first, and the journal records each class's
 * distances before and after. Cordons already set keep their distances until they are changed.
 */
export async function replaceStandoffTable(core: Core, actor: Actor, input: unknown): Promise<StandoffTableInForce> {
  const next = validateStandoffTable(input);
  const { table: previous } = await getStandoffTable(core);
  const before = new Map(previous.classes.map((c) => [c.code, c]));
  const changes: EventData<'standoff_table.replaced'>['changes'] = [];
  for (const c of next.classes) {
    const old = before.get(c.code);
    if (old === undefined) changes.push({ code: c.code, added: true, mandatoryM: c.mandatoryM, preferredM: c.preferredM });
    else if (old.mandatoryM !== c.mandatoryM || old.preferredM !== c.preferredM || JSON.stringify(old.labels) !== JSON.stringify(c.labels)) {
      changes.push({ code: c.code, mandatoryM: [old.mandatoryM, c.mandatoryM], preferredM: [old.preferredM, c.preferredM] });
    }
  }
  const removed = previous.classes.filter((c) => !next.classes.some((n) => n.code === c.code)).map((c) => c.code);
  await runCommand(core, actor, async ({ trx, at, record }) => {
    await saveStandoffTableRow(trx, { document: toJsonText(next), updated_at: at, updated_by: actor });
    record(STANDOFF_STREAM, 'standoff_table.replaced', { changes, removed, classes: next.classes.length, source: next.source });
  });
  return getStandoffTable(core);
}
