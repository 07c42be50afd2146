import type { Actor } from '../core/auth/principal.js';
import { canonicalJson } from '../core/journal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { StateKey } from '../core/module-state.js';
import { seedCatalogue, validateCatalogue, type IncidentTypeCatalogue } from './incident-type.js';
import { findCatalogueRow, saveCatalogueRow } from './incident.repository.js';

/**
 * The stored catalogue as this kernel last validated it, with the `updated_at` it was read at: a cache,
 * validated again whenever the row changed; dropped by the incidents module's stop.
 */
export const catalogueKey = new StateKey<{ known?: { updatedAt: string; catalogue: IncidentTypeCatalogue } }>('incidents: the incident type catalogue');

/**
 * The catalogue in force: the one a supervisor last saved, validated as it is loaded; the shipped seed
 * until one is saved. A stored catalogue that no longer validates is not used: the seed is, and the
 * error is logged, so calls are never classified by a broken catalogue.
 */
export async function getCatalogue(core: Pick<Core, 'db' | 'log' | 'state'>): Promise<IncidentTypeCatalogue> {
  const row = await findCatalogueRow(core.db);
  if (row === undefined) return seedCatalogue();
  const cache = core.state.obtain(catalogueKey, () => ({}));
  const known = cache.known;
  if (known?.updatedAt === row.updated_at) return known.catalogue;
  let catalogue: IncidentTypeCatalogue;
  try {
    catalogue = validateCatalogue(fromJsonText(row.document));
  } catch (error) {
    core.log.error({ err: error }, 'the stored incident type catalogue does not validate; using the shipped one');
    return seedCatalogue();
  }
  cache.known = { updatedAt: row.updated_at, catalogue };
  return catalogue;
}

/** A supervisor replaces the catalogue; it is validated first, and the journal says which types changed. */
export async function replaceCatalogue(core: Core, actor: Actor, input: unknown): Promise<IncidentTypeCatalogue> {
  const next = validateCatalogue(input);
  const previous = await getCatalogue(core);
  const before = new Map(previous.map((t) => [t.code, canonicalJson(t)]));
  const after = new Map(next.map((t) => [t.code, canonicalJson(t)]));
  const added = [...after.keys()].filter((code) => !before.has(code));
  const removed = [...before.keys()].filter((code) => !after.has(code));
  const changed = [...after.keys()].filter((code) => before.has(code) && before.get(code) !== after.get(code));
  await runCommand(core, actor, async ({ trx, at, record }) => {
    await saveCatalogueRow(trx, { document: toJsonText(next), updated_at: at, updated_by: actor });
    record('incident-types/catalogue', 'incident_types.replaced', { added, removed, changed, count: next.length });
  });
  return getCatalogue(core);
}
