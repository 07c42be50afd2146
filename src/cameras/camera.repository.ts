import type { CameraStatus, WallLayout } from '../contract/camera.js';
import type { Preset } from '../contract/camera.schema.js';
import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';

/** A row of the `camera` table: one CCTV camera of the registry. */
export interface CameraRow {
  /** `CAM-0001`. */
  id: string;
  /** Unique; the name video analytics (Frigate, the NVR) know the camera by. */
  name: string;
  lat: number;
  lon: number;
  height_m: number | null;
  /** Where a fixed camera looks, degrees clockwise from north; a PTZ camera's home heading. */
  heading_deg: number;
  fov_deg: number;
  range_m: number;
  /** 1 for a pan-tilt-zoom camera, 0 for a fixed one. */
  ptz: number;
  presets: JsonText<Preset[]>;
  stream_main: string | null;
  stream_sub: string | null;
  stream_hls: string | null;
  stream_webrtc: string | null;
  snapshot_url: string | null;
  onvif_url: string | null;
  /** The URLs' users and passwords, sealed (camera-credentials.ts); the URL columns hold none. */
  credentials: string | null;
  /** The controller device (MQTT client) that moves the camera and reports for it. */
  device: string | null;
  district: string | null;
  owner: string | null;
  status: CameraStatus;
  last_seen_at: string | null;
  created_at: string;
  updated_at: string;
}

/** A row of `video_wall`: a named layout of camera tiles, an operator's own or shared (owner ''). */
export interface VideoWallRow {
  /** The username, or '' for a shared wall. */
  owner: string;
  name: string;
  layout: WallLayout;
  /** Camera ids or null, one per tile, row by row. */
  tiles: JsonText<(string | null)[]>;
  updated_by: string;
  updated_at: string;
}

declare module '../core/database.js' {
  interface Database {
    camera: CameraRow;
    video_wall: VideoWallRow;
  }
}

export interface CameraFilter {
  district?: string;
  status?: CameraStatus;
  ptz?: boolean;
}

export async function findCameraById(db: Db | Trx, id: string, options: { lock?: boolean } = {}): Promise<CameraRow | undefined> {
  const query = db.selectFrom('camera').selectAll().where('id', '=', id);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

export async function findCameraByName(db: Db | Trx, name: string): Promise<CameraRow | undefined> {
  return db.selectFrom('camera').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function listCameraRows(db: Db | Trx, filter: CameraFilter = {}): Promise<CameraRow[]> {
  let query = db.selectFrom('camera').selectAll();
  if (filter.district !== undefined) query = query.where('district', '=', filter.district);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.ptz !== undefined) query = query.where('ptz', '=', filter.ptz ? 1 : 0);
  return query.orderBy('id').execute();
}

export async function findCameraRowsByIds(db: Db | Trx, ids: readonly string[]): Promise<CameraRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('camera').selectAll().where('id', 'in', ids).execute();
}

/** What the spatial index needs of every camera. */
export async function listCameraGeometryRows(
  db: Db | Trx,
): Promise<Pick<CameraRow, 'id' | 'lat' | 'lon' | 'heading_deg' | 'fov_deg' | 'range_m' | 'ptz' | 'presets' | 'device'>[]> {
  return db.selectFrom('camera').select(['id', 'lat', 'lon', 'heading_deg', 'fov_deg', 'range_m', 'ptz', 'presets', 'device']).orderBy('id').execute();
}

/**
 * The latest registry edit (`updated_at`, which health does not touch): it moves when another process
 * registers or edits a camera. One index read; a count would scan the table (1 ms at 10,000 cameras).
 */
export async function cameraRegistryVersion(db: Db | Trx): Promise<string> {
  const row = await db.selectFrom('camera').select((eb) => eb.fn.max('updated_at').as('at')).executeTakeFirstOrThrow();
  return String(row.at ?? '');
}

export async function insertCameraRow(trx: Trx, row: CameraRow): Promise<void> {
  await trx.insertInto('camera').values(row).execute();
}

export async function updateCameraRow(trx: Trx, id: string, change: Partial<Omit<CameraRow, 'id' | 'created_at'>>): Promise<void> {
  await trx.updateTable('camera').set(change).where('id', '=', id).execute();
}

/** Records what the health checks saw: the camera answered (online) or stopped answering (offline). */
export async function setCameraHealth(trx: Trx, id: string, health: { status: 'online' | 'offline'; lastSeenAt: string }): Promise<void> {
  await trx.updateTable('camera').set({ status: health.status, last_seen_at: health.lastSeenAt }).where('id', '=', id).execute();
}

export async function findVideoWall(db: Db | Trx, owner: string, name: string): Promise<VideoWallRow | undefined> {
  return db.selectFrom('video_wall').selectAll().where('owner', '=', owner).where('name', '=', name).executeTakeFirst();
}

/** The shared walls and the given operator's own. */
export async function listVideoWallRows(db: Db | Trx, username: string): Promise<VideoWallRow[]> {
  return db.selectFrom('video_wall').selectAll().where('owner', 'in', ['', username]).orderBy('name').orderBy('owner').execute();
}

export async function saveVideoWallRow(trx: Trx, row: VideoWallRow): Promise<void> {
  await trx
    .insertInto('video_wall')
    .values(row)
    .onConflict((c) => c.columns(['owner', 'name']).doUpdateSet({ layout: row.layout, tiles: row.tiles, updated_by: row.updated_by, updated_at: row.updated_at }))
    .execute();
}
