import type { Core } from '../core/context.js';
import type { Area } from '../geo/area.js';
import { getAreaIndex } from '../geo/area.service.js';
import { inPolygons, type LatLon } from '../geo/geometry.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { snapToRoad, type Snap } from '../geo/roads/road-snap.js';
import { getRoadGraph, MAX_SNAP_M } from '../geo/roads/road.service.js';
import { pickWeighted, type Random } from './sim-random.js';

/** A place where something happens: on a street (so units can reach it), in a district. */
export interface Place extends LatLon {
  readonly district: string | null;
  /** The street's name, when it has a plain one (for the incident's address). */
  readonly street: string | null;
}

/**
 * The simulated world's geography: where people live (districts weighted by population) and the
 * streets. It is what the world is, not what the centre knows of it; the centre learns of it only
 * through calls and positions.
 */
export class SimCity {
  private constructor(
    readonly graph: RoadGraph,
    private readonly areas: readonly Area[],
  ) {}

  static async load(core: Pick<Core, 'db' | 'state'>): Promise<SimCity> {
    return new SimCity(await getRoadGraph(core), (await getAreaIndex(core)).areas);
  }

  /** A random place, in a district drawn by population (all alike when none has one). */
  randomPlace(random: Random): Place {
    if (this.areas.length === 0) return this.anywhere(random);
    const weighted = this.areas.map((area) => [area, area.population ?? 0] as const);
    const area = pickWeighted(random, weighted.some(([, w]) => w > 0) ? weighted : this.areas.map((a) => [a, 1] as const));
    return this.placeIn(area.code, random);
  }

  /** A random place on a street of the district `code` (anywhere when it has none). */
  placeIn(code: string | null, random: Random): Place {
    const area = this.areas.find((a) => a.code === code);
    if (area === undefined) return this.anywhere(random);
    const { minLat, maxLat, minLon, maxLon } = area.bbox;
    for (let attempt = 0; attempt < 60; attempt += 1) {
      const point = { lat: minLat + (maxLat - minLat) * random(), lon: minLon + (maxLon - minLon) * random() };
      if (!inPolygons(point, area.polygons)) continue;
      const snap = snapToRoad(this.graph, point, { maxDistanceM: 300 });
      if (snap !== undefined && inPolygons(snap, area.polygons)) return this.placeOf(snap, area.code);
    }
    return this.anywhere(random);
  }

  /** Where a point is on the road network (within 1 km), or undefined off it. */
  snap(point: LatLon): Snap | undefined {
    return snapToRoad(this.graph, point, { maxDistanceM: MAX_SNAP_M });
  }

  /** The district a point lies in. */
  districtOf(point: LatLon): string | null {
    return this.areas.find((area) => inPolygons(point, area.polygons))?.code ?? null;
  }

  /** A random node of the network. */
  private anywhere(random: Random): Place {
    const node = Math.floor(random() * this.graph.nodeCount);
    const point = { lat: this.graph.lat[node]!, lon: this.graph.lon[node]! };
    const snap = this.snap(point);
    return snap === undefined ? { ...point, district: this.districtOf(point), street: null } : this.placeOf(snap, this.districtOf(point));
  }

  private placeOf(snap: Snap, district: string | null): Place {
    const name = this.graph.names[this.graph.nameIndex[snap.edge]!] ?? '';
    // Only plain names go into an address line (an imported map may mix scripts in one name).
    const street = /^[A-Za-z0-9' .-]{2,80}$/.test(name) ? name : null;
    return { lat: round6(snap.lat), lon: round6(snap.lon), district, street };
  }
}

function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
