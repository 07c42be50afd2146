import type { Db, Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';
import type { Polygon } from './geometry.js';

export interface AreaTable {
  code: string;
  name: string;
  name_ar: string | null;
  population: number | null;
  /** The polygons as GeoJSON coordinates (MultiPolygon). */
  polygons: JsonText<Polygon[]>;
  imported_at: string;
}

declare module '../core/database.js' {
  interface Database {
    area: AreaTable;
  }
}

export async function replaceAreas(trx: Trx, rows: readonly AreaTable[]): Promise<void> {
  await trx.deleteFrom('area').execute();
  for (let i = 0; i < rows.length; i += 100) await trx.insertInto('area').values(rows.slice(i, i + 100)).execute();
}

export async function listAreaRows(db: Db): Promise<AreaTable[]> {
  return db.selectFrom('area').selectAll().orderBy('code').execute();
}

/** What changes whenever the areas are imported again (count and time of the last import). */
export async function areasVersion(db: Db): Promise<string> {
  const row = await db
    .selectFrom('area')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('imported_at').as('at')])
    .executeTakeFirstOrThrow();
  return `${Number(row.n)}@${String(row.at ?? '')}`;
}
