import { createHash } from 'node:crypto';
import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { invalidField } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { StateKey } from '../core/module-state.js';
import { assertWellFormedText, jsonMayHoldLoneSurrogate } from '../core/well-formed-text.js';
import { AreaIndex, parseAreas, type Area } from './area.js';
import { bboxOf } from './geometry.js';
import { areasVersion, listAreaRows, replaceAreas } from './area.repository.js';

/**
 * Replaces the districts with those of a GeoJSON document (`amane import-areas FILE`), journaled with
 * the document's SHA-256 so the audit trail says which boundaries were in force.
 */
export async function importAreas(core: Core, actor: Actor, text: string, source: string): Promise<Area[]> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw invalidField('areas', `${source} is not JSON (${(error as Error).message})`);
  }
  // Before anything is read from it: a name holding a lone surrogate would be stored unlike it was journaled.
  if (jsonMayHoldLoneSurrogate(text)) assertWellFormedText(document, 'areas');
  const areas = parseAreas(document);
  await runCommand(core, actor, async ({ trx, at, record }) => {
    await replaceAreas(
      trx,
      areas.map((area) => ({
        code: area.code,
        name: area.name,
        name_ar: area.nameAr,
        population: area.population,
        polygons: toJsonText([...area.polygons]),
        imported_at: at,
      })),
    );
    record('area/districts', 'area.imported', {
      count: areas.length,
      codes: areas.map((a) => a.code),
      source,
      sha256: createHash('sha256').update(text).digest('hex'),
    });
  });
  return areas;
}

/**
 * The districts as this kernel last read them, with the version they were read at: a cache, rebuilt
 * whenever the version differs; dropped by the geo module's stop.
 */
export const areaIndexKey = new StateKey<{ known?: { version: string; index: AreaIndex } }>('geo: the district index');

/**
 * The districts as a lookup index, rebuilt when they were imported again (by this process or another:
 * a cheap version query tells).
 */
export async function getAreaIndex(core: Pick<Core, 'db' | 'state'>): Promise<AreaIndex> {
  const { db } = core;
  const version = await areasVersion(db);
  const cache = core.state.obtain(areaIndexKey, () => ({}));
  if (cache.known?.version === version) return cache.known.index;
  const areas = (await listAreaRows(db)).map((row): Area => {
    const polygons = fromJsonText(row.polygons);
    return { code: row.code, name: row.name, nameAr: row.name_ar, population: row.population, polygons, bbox: bboxOf(polygons) };
  });
  const index = new AreaIndex(areas);
  cache.known = { version, index };
  return index;
}
