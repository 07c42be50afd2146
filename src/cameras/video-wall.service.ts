import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db } from '../core/database.js';
import { DomainError, invalidField, type FieldProblem } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { videoWallStream, wallTileCount, type VideoWall, type WallSave, type WallSummary, type WallTile } from './camera.js';
import { findCameraRowsByIds, findVideoWall, listVideoWallRows, saveVideoWallRow, type CameraRow, type VideoWallRow } from './camera.repository.js';
import { playOf, recordViews } from './camera.service.js';

/** Which wall a name means for an operator: `shared` true or false picks; absent, their own first. */
async function findWall(db: Db, username: string, name: string, shared: boolean | undefined): Promise<VideoWallRow> {
  const own = shared === true ? undefined : await findVideoWall(db, username, name);
  const row = own ?? (shared === false ? undefined : await findVideoWall(db, '', name));
  if (row === undefined) {
    const which = shared === true ? 'shared wall' : shared === false ? 'wall of yours' : 'wall of yours nor shared wall';
    throw new DomainError('not_found', `no ${which} is named ${name}`);
  }
  return row;
}

function tileIdsOf(row: VideoWallRow): (string | null)[] {
  return fromJsonText(row.tiles);
}

function wallOf(row: VideoWallRow, tiles: WallTile[]): VideoWall {
  return {
    name: row.name,
    shared: row.owner === '',
    owner: row.owner === '' ? null : row.owner,
    layout: row.layout,
    tiles,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

function tilesOf(ids: readonly (string | null)[], cameras: ReadonlyMap<string, CameraRow>, withUrls: boolean): WallTile[] {
  return ids.map((id, index) => {
    const camera = id === null ? undefined : cameras.get(id);
    if (camera === undefined) return { index, camera: null, play: { kind: 'none' } };
    return { index, camera: { id: camera.id, name: camera.name, status: camera.status }, play: playOf(camera, withUrls) };
  });
}

async function camerasOf(db: Db, ids: readonly (string | null)[]): Promise<Map<string, CameraRow>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  return new Map((await findCameraRowsByIds(db, wanted)).map((row) => [row.id, row]));
}

/** The walls an operator may open: the shared ones and their own. */
export async function listWalls(db: Db, username: string): Promise<WallSummary[]> {
  return (await listVideoWallRows(db, username)).map((row) => ({
    name: row.name,
    shared: row.owner === '',
    owner: row.owner === '' ? null : row.owner,
    layout: row.layout,
    cameras: tileIdsOf(row).filter((id) => id !== null).length,
    updatedAt: row.updated_at,
  }));
}

/** A wall with what each tile plays (the kind, not the URL: that comes with a journaled view). */
export async function getWall(db: Db, username: string, name: string, shared?: boolean): Promise<VideoWall> {
  const row = await findWall(db, username, name, shared);
  const ids = tileIdsOf(row);
  return wallOf(row, tilesOf(ids, await camerasOf(db, ids), false));
}

/** Saves a wall, one's own or (shared) everyone's; tiles name registered cameras, missing ones are empty. */
export async function saveWall(core: Core, actor: Actor, username: string, name: string, save: WallSave): Promise<VideoWall> {
  const capacity = wallTileCount[save.layout];
  if (save.tiles.length > capacity) throw invalidField('tiles', `layout ${save.layout} has ${capacity} tile(s); ${save.tiles.length} given`);
  const ids = [...save.tiles, ...Array<null>(capacity - save.tiles.length).fill(null)];
  const cameras = await camerasOf(core.db, ids);
  const problems: FieldProblem[] = ids.flatMap((id, i) => (id !== null && !cameras.has(id) ? [{ field: `tiles.${i}`, message: `no camera has id ${id}` }] : []));
  if (problems.length > 0) throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  const owner = save.shared === true ? '' : username;
  const row = await runCommand(core, actor, async ({ trx, at, record }) => {
    const before = await findVideoWall(trx, owner, name);
    const next: VideoWallRow = { owner, name, layout: save.layout, tiles: toJsonText(ids), updated_by: username, updated_at: at };
    if (before !== undefined && before.layout === next.layout && before.tiles === next.tiles) return before;
    await saveVideoWallRow(trx, next);
    record(videoWallStream(owner, name), 'video-wall.saved', { layout: save.layout, tiles: ids });
    return next;
  });
  return wallOf(row, tilesOf(ids, cameras, false));
}

/** Opens a wall to play it: each tile with its URL, and a journaled view of each camera on it. */
export async function viewWall(core: Core, actor: Actor, username: string, name: string, options: { shared?: boolean }): Promise<VideoWall> {
  const row = await findWall(core.db, username, name, options.shared);
  const ids = tileIdsOf(row);
  const cameras = await camerasOf(core.db, ids);
  if (cameras.size > 0) {
    await recordViews(core, actor, [...cameras.values()], { wall: `${row.owner === '' ? 'shared' : row.owner}/${row.name}` });
  }
  return wallOf(row, tilesOf(ids, cameras, true));
}
