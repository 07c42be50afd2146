import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import { dialectOf } from '../core/database.js';
import type { AmaneModule } from '../core/module.js';
import { areaIndexKey, getAreaIndex } from './area.service.js';
import { roadClosuresKey } from './roads/road-closures.js';
import { registerRoadRoutes } from './roads/road.routes.js';
import { getRoadGraph, roadGraphKey } from './roads/road.service.js';

/** Districts and the road network. */
export const geoModule: AmaneModule = {
  name: 'geo',
  migrations: {
    '2026-11-29-005-areas': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('area')
          .addColumn('code', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('name_ar', 'text')
          .addColumn('population', 'integer')
          .addColumn('polygons', 'text', (c) => c.notNull())
          .addColumn('imported_at', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '2026-11-30-006-road-graph': {
      async up(db: Kysely<unknown>) {
        // One row: the imported graph as one binary value (a few megabytes for a city), stored as it
        // is rather than as base64 text (a third larger, and decoded on every load).
        const binary = dialectOf(db as never) === 'postgres' ? 'bytea' : 'blob';
        await db.schema
          .createTable('road_graph')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('graph', binary, (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('attribution', 'text', (c) => c.notNull())
          .addColumn('sha256', 'text', (c) => c.notNull())
          .addColumn('imported_at', 'text', (c) => c.notNull())
          .addColumn('node_count', 'integer', (c) => c.notNull())
          .addColumn('edge_count', 'integer', (c) => c.notNull())
          .execute();
      },
    },
  },
  async start(core) {
    // The road graph is read (or the demo city generated) at start, not by the first dispatch.
    await getRoadGraph(core);
  },
  stop(core) {
    // Caches, read again from the database at the next start; closures are set again by their sources.
    core.state.delete(roadGraphKey);
    core.state.delete(areaIndexKey);
    core.state.delete(roadClosuresKey);
  },
  registerRoutes(app, core) {
    app.get(
      '/areas',
      {
        config: { permission: 'authenticated' },
        schema: {
          tags: ['map'],
          summary: 'Districts as a GeoJSON FeatureCollection, for the map',
          response: {
            200: Type.Object({
              type: Type.Literal('FeatureCollection'),
              features: Type.Array(Type.Object({ type: Type.Literal('Feature'), properties: Type.Record(Type.String(), Type.Unknown()), geometry: Type.Unknown() })),
            }),
          },
        },
      },
      async () => {
        const index = await getAreaIndex(core);
        return {
          type: 'FeatureCollection' as const,
          features: index.areas.map((area) => ({
            type: 'Feature' as const,
            properties: { code: area.code, name: area.name, name_ar: area.nameAr, population: area.population },
            geometry: { type: 'MultiPolygon', coordinates: area.polygons },
          })),
        };
      },
    );
    registerRoadRoutes(app, core);
  },
};
