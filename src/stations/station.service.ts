import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db, type Trx } from '../core/database.js';
import { invalidField } from '../core/errors.js';
import type { Area } from '../geo/area.js';
import { getAreaIndex } from '../geo/area.service.js';
import { inPolygons, type LatLon } from '../geo/geometry.js';
import { stationStream, type NewStation, type Station } from './station.js';
import { findStation, insertStation, listStationRows, type StationTable } from './station.repository.js';

function stationRowToStation(row: StationTable): Station {
  return { code: row.code, name: row.name, nameAr: row.name_ar, area: row.area_code, location: { lat: row.lat, lon: row.lon } };
}

export async function listStations(db: Db): Promise<Station[]> {
  return (await listStationRows(db)).map(stationRowToStation);
}

/** Adds a station; its district, when given, must be one of the imported districts. */
export async function createStation(core: Core, actor: Actor, input: NewStation): Promise<Station> {
  if (input.area !== undefined && (await getAreaIndex(core)).areas.every((a) => a.code !== input.area)) {
    throw invalidField('area', `"${input.area}" is not an imported district`);
  }
  const row: StationTable = {
    code: input.code,
    name: input.name,
    name_ar: input.nameAr ?? null,
    area_code: input.area ?? null,
    lat: input.location.lat,
    lon: input.location.lon,
  };
  try {
    await runCommand(core, actor, async ({ trx, record }) => {
      await insertStation(trx, row);
      record(stationStream(row.code), 'station.created', { name: row.name, nameAr: row.name_ar, area: row.area_code, location: input.location });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('code', `station ${input.code} already exists`, 'conflict');
    throw error;
  }
  return stationRowToStation(row);
}

/**
 * One station per imported district that has none yet, placed inside the district, named after it:
 * the seed for Casablanca's 16 arrondissements (or the demo city's districts).
 */
export async function seedStationsFromAreas(core: Core, actor: Actor): Promise<Station[]> {
  const areas = (await getAreaIndex(core)).areas;
  const existing = await listStationRows(core.db);
  const covered = new Set(existing.map((s) => s.area_code));
  const codes = new Set(existing.map((s) => s.code));
  const created: Station[] = [];
  for (const area of areas) {
    if (covered.has(area.code)) continue;
    let code = stationCodeFor(area.name);
    if (codes.has(code)) code = `${code}-${area.code.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`.slice(0, 32);
    codes.add(code);
    created.push(
      await createStation(core, actor, {
        code,
        name: area.name,
        ...(area.nameAr === null ? {} : { nameAr: area.nameAr }),
        area: area.code,
        location: pointInside(area),
      }),
    );
  }
  return created;
}

/** `Sidi Belyout` -> `ST-SIDI-BELYOUT`; `Maârif` -> `ST-MAARIF`. */
export function stationCodeFor(name: string): string {
  const ascii = name.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `ST-${ascii || 'X'}`.slice(0, 32);
}

/** A point inside a district: the centre of its largest ring when inside, else the inside point nearest it. */
export function pointInside(area: Area): LatLon {
  const ring = area.polygons.map((p) => p[0] ?? []).sort((a, b) => b.length - a.length)[0] ?? [];
  const centre = ring.length === 0 ? { lat: (area.bbox.minLat + area.bbox.maxLat) / 2, lon: (area.bbox.minLon + area.bbox.maxLon) / 2 } : centroid(ring);
  if (inPolygons(centre, area.polygons)) return centre;
  let best: LatLon | undefined;
  let bestD = Infinity;
  const steps = 40;
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const p = { lat: area.bbox.minLat + ((area.bbox.maxLat - area.bbox.minLat) * i) / steps, lon: area.bbox.minLon + ((area.bbox.maxLon - area.bbox.minLon) * j) / steps };
      const d = (p.lat - centre.lat) ** 2 + (p.lon - centre.lon) ** 2;
      if (d < bestD && inPolygons(p, area.polygons)) {
        best = p;
        bestD = d;
      }
    }
  }
  return best ?? centre;
}

/** Area-weighted centroid of a ring of [lon, lat] positions (planar; fine at a district's scale). */
function centroid(ring: readonly (readonly [number, number])[]): LatLon {
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    x += (x0 + x1) * cross;
    y += (y0 + y1) * cross;
  }
  if (a === 0) return { lon: ring[0]![0], lat: ring[0]![1] };
  return { lon: x / (3 * a), lat: y / (3 * a) };
}

/** The station of that code, or undefined; in the caller's transaction when given one. */
export async function findStationByCode(db: Db | Trx, code: string): Promise<Station | undefined> {
  const row = await findStation(db, code);
  return row === undefined ? undefined : stationRowToStation(row);
}
