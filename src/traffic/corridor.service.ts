import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { CORRIDOR_CAMERA_M } from '../contract/traffic-feed.js';
import type { Corridor, CorridorChange, CorridorTime, NewCorridor } from '../contract/traffic-feed.schema.js';
import { listCameras } from '../cameras/index.js';
import { localPlane, type LatLon } from '../geo/geometry.js';
import { roadCostsOn } from '../geo/roads/road-closures.js';
import type { RoadGraph } from '../geo/roads/road-graph.js';
import { route, type EdgeCostOverrides } from '../geo/roads/road-routing.js';
import { nearestOnSegment, snapToRoad } from '../geo/roads/road-snap.js';
import { MAX_SNAP_M, getRoadGraph } from '../geo/roads/road.service.js';
import { deleteCorridorRow, findCorridorRow, insertCorridorRow, listCorridorRows, nextCorridorId, updateCorridorRow, type TrafficCorridorRow } from './corridor.repository.js';

const corridorStream = (id: number) => `corridor/${id}`;

function corridorOf(row: TrafficCorridorRow): Corridor {
  return { id: row.id, nameAr: row.name_ar, nameFr: row.name_fr, nameEn: row.name_en, waypoints: fromJsonText(row.waypoints), createdAt: row.created_at, updatedAt: row.updated_at, version: row.version };
}

function notFound(id: number): never {
  throw new DomainError('not_found', `no corridor has number ${id}`);
}

export async function listCorridors(core: Pick<Core, 'db'>): Promise<Corridor[]> {
  return (await listCorridorRows(core.db)).map(corridorOf);
}

export async function getCorridor(core: Pick<Core, 'db'>, id: number): Promise<Corridor> {
  return corridorOf((await findCorridorRow(core.db, id)) ?? notFound(id));
}

const points = (waypoints: readonly LatLon[]) => waypoints.map((p) => ({ lat: p.lat, lon: p.lon }));

/** Names a corridor and its waypoints; journaled. */
export async function createCorridor(core: Core, actor: Actor, body: NewCorridor): Promise<Corridor> {
  const id = await runCommand(core, actor, async ({ trx, at, record }) => {
    const row: TrafficCorridorRow = {
      id: await nextCorridorId(trx),
      name_ar: body.nameAr.trim(),
      name_fr: body.nameFr.trim(),
      name_en: body.nameEn.trim(),
      waypoints: toJsonText(points(body.waypoints)),
      created_at: at,
      updated_at: at,
      version: 1,
    };
    await insertCorridorRow(trx, row);
    record(corridorStream(row.id), 'corridor.created', { nameAr: row.name_ar, nameFr: row.name_fr, nameEn: row.name_en, waypoints: points(body.waypoints) });
    return row.id;
  });
  return getCorridor(core, id);
}

/** Renames a corridor or moves its waypoints (only what is given); journaled. */
export async function changeCorridor(core: Core, actor: Actor, id: number, change: CorridorChange): Promise<Corridor> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const row = (await findCorridorRow(trx, id)) ?? notFound(id);
    const next = {
      name_ar: change.nameAr?.trim() ?? row.name_ar,
      name_fr: change.nameFr?.trim() ?? row.name_fr,
      name_en: change.nameEn?.trim() ?? row.name_en,
      waypoints: change.waypoints === undefined ? fromJsonText(row.waypoints) : points(change.waypoints),
    };
    const version = row.version + 1;
    await updateCorridorRow(trx, id, { ...next, waypoints: toJsonText(next.waypoints), updated_at: at, version });
    record(corridorStream(id), 'corridor.changed', { nameAr: next.name_ar, nameFr: next.name_fr, nameEn: next.name_en, waypoints: next.waypoints, version });
  });
  return getCorridor(core, id);
}

export async function removeCorridor(core: Core, actor: Actor, id: number): Promise<void> {
  await runCommand(core, actor, async ({ trx, record }) => {
    const row = (await findCorridorRow(trx, id)) ?? notFound(id);
    await deleteCorridorRow(trx, id);
    record(corridorStream(id), 'corridor.removed', { nameEn: row.name_en });
  });
}

/** Through the waypoints in order on `costs` (the graph's own when undefined): seconds, metres, line; undefined when a leg has no way. */
function through(graph: RoadGraph, snaps: readonly NonNullable<ReturnType<typeof snapToRoad>>[], costs: EdgeCostOverrides | undefined) {
  let etaS = 0;
  let distance = 0;
  const coordinates: [number, number][] = [];
  for (let i = 0; i + 1 < snaps.length; i += 1) {
    const leg = route(graph, snaps[i]!, snaps[i + 1]!, costs === undefined ? {} : { costs });
    if (leg === undefined) return undefined;
    etaS += leg.etaS;
    distance += leg.distanceM;
    for (const position of leg.coordinates) {
      const last = coordinates[coordinates.length - 1];
      if (last === undefined || last[0] !== position[0] || last[1] !== position[1]) coordinates.push(position);
    }
  }
  return { etaS, distanceM: distance, coordinates };
}

/** The shortest distance from a point to a line of [lon, lat] positions, metres (local plane). */
function distanceToLineM(point: LatLon, coordinates: readonly [number, number][]): number {
  const plane = localPlane(point);
  let best = Infinity;
  for (let i = 0; i + 1 < coordinates.length; i += 1) {
    const [alon, alat] = coordinates[i]!;
    const [blon, blat] = coordinates[i + 1]!;
    best = Math.min(best, nearestOnSegment(0, 0, plane.x(alon), plane.y(alat), plane.x(blon), plane.y(blat)).distance2);
  }
  return Math.sqrt(best);
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * Each corridor's travel time now (through its waypoints on the costs routing uses now: live speeds and
 * closures, `roadCostsOn`) against its usual time (the graph's own), their ratio, its usual line, and
 * the cameras within `CORRIDOR_CAMERA_M` of that line, nearest first.
 */
export async function corridorTimes(core: Pick<Core, 'db' | 'state'>): Promise<CorridorTime[]> {
  const graph = await getRoadGraph(core);
  const costs = roadCostsOn(graph, core);
  const cameras = await listCameras(core.db);
  return (await listCorridors(core)).map((corridor) => {
    const snaps = corridor.waypoints.map((p) => snapToRoad(graph, p, { maxDistanceM: MAX_SNAP_M }));
    const offRoad = snaps.flatMap((snap, i) => (snap === undefined ? [i] : []));
    const placed = snaps.filter((snap) => snap !== undefined);
    const usual = offRoad.length > 0 ? undefined : through(graph, placed, undefined);
    const now = offRoad.length > 0 ? undefined : costs === undefined ? usual : through(graph, placed, costs);
    const line = usual?.coordinates ?? corridor.waypoints.map((p): [number, number] => [p.lon, p.lat]);
    const along = cameras
      .map((camera) => ({ id: camera.id, name: camera.name, location: camera.location, distanceM: round1(distanceToLineM(camera.location, line)) }))
      .filter((camera) => camera.distanceM <= CORRIDOR_CAMERA_M)
      .sort((a, b) => a.distanceM - b.distanceM || a.id.localeCompare(b.id));
    const nowS = now === undefined ? null : Math.round(now.etaS);
    const usualS = usual === undefined ? null : Math.round(usual.etaS);
    return {
      corridor,
      nowS,
      usualS,
      ratio: nowS === null || usualS === null || usualS === 0 ? null : Math.round((nowS / usualS) * 100) / 100,
      distanceM: usual === undefined ? null : Math.round(usual.distanceM),
      line: { type: 'LineString', coordinates: line },
      offRoad,
      cameras: along,
    };
  });
}
