import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { AmaneModule } from '../core/module.js';
import { getAreaIndex } from './area.service.js';

/** Districts (and, later, the road graph). */
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
        const index = await getAreaIndex(core.db);
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
  },
};
