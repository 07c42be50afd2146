import type { Core } from '../core/context.js';
import { fromJsonText } from '../core/json-column.js';
import { StateKey } from '../core/module-state.js';
import type { TransitRoute } from '../contract/transit.schema.js';
import { modeOfRouteType } from './gtfs.js';
import { listRouteRows, listRouteShapes, listShapeRows } from './transit.repository.js';

/** Every feed's lines with their shapes, read once after each import (for the map and the warnings). */
export interface TransitNetwork {
  readonly routes: readonly TransitRoute[];
}

export const networkKey = new StateKey<Promise<TransitNetwork>>('transit: the lines and their shapes');

/** The lines of every feed, read at first use and kept until the next import. */
export function getNetwork(core: Core): Promise<TransitNetwork> {
  return core.state.obtain(networkKey, () =>
    readNetwork(core).catch((error: unknown) => {
      core.state.delete(networkKey);
      throw error;
    }),
  );
}

/** Drops the kept lines (after an import). */
export function forgetNetwork(core: Core): void {
  core.state.delete(networkKey);
}

async function readNetwork(core: Core): Promise<TransitNetwork> {
  const [routes, shapes, routeShapes] = await Promise.all([listRouteRows(core.db), listShapeRows(core.db), listRouteShapes(core.db)]);
  const points = new Map(shapes.map((shape) => [`${shape.feed_id}\u0000${shape.shape_id}`, fromJsonText(shape.points)]));
  const shapesOf = new Map<string, [number, number][][]>();
  for (const each of routeShapes) {
    const line = points.get(`${each.feed_id}\u0000${each.shape_id}`);
    if (line === undefined) continue;
    const key = `${each.feed_id}\u0000${each.route_id}`;
    shapesOf.set(key, [...(shapesOf.get(key) ?? []), line]);
  }
  return {
    routes: routes.map((row) => {
      const lines = shapesOf.get(`${row.feed_id}\u0000${row.route_id}`);
      return {
        feedId: row.feed_id,
        id: row.route_id,
        shortName: row.short_name,
        longName: row.long_name,
        mode: modeOfRouteType(row.route_type),
        routeType: row.route_type,
        color: row.color === null ? null : `#${row.color}`,
        textColor: row.text_color === null ? null : `#${row.text_color}`,
        shape: lines === undefined ? null : { type: 'MultiLineString' as const, coordinates: lines },
      };
    }),
  };
}
