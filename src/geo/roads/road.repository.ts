import type { Db, Trx } from '../../core/database.js';

/** The imported road graph: one row (id 1), the graph as one binary value (`road-graph-codec.ts`). */
export interface RoadGraphTable {
  id: number;
  /** `blob` on SQLite, `bytea` on PostgreSQL; a Buffer either way. */
  graph: Buffer;
  /** The imported file's name. */
  source: string;
  attribution: string;
  /** SHA-256 of the stored graph: what tells a process its cached graph is stale. */
  sha256: string;
  imported_at: string;
  node_count: number;
  edge_count: number;
}

declare module '../../core/database.js' {
  interface Database {
    road_graph: RoadGraphTable;
  }
}

const ROW_ID = 1;

export async function replaceRoadGraph(trx: Trx, row: Omit<RoadGraphTable, 'id'>): Promise<void> {
  await trx.deleteFrom('road_graph').execute();
  await trx.insertInto('road_graph').values({ id: ROW_ID, ...row }).execute();
}

/** The stored graph's version (its hash), without reading the graph itself; undefined before any import. */
export async function findRoadGraphVersion(db: Db): Promise<string | undefined> {
  const row = await db.selectFrom('road_graph').select('sha256').where('id', '=', ROW_ID).executeTakeFirst();
  return row?.sha256;
}

export async function findRoadGraphRow(db: Db): Promise<RoadGraphTable | undefined> {
  return db.selectFrom('road_graph').selectAll().where('id', '=', ROW_ID).executeTakeFirst();
}
