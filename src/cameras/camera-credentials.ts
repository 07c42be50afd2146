import type { Config } from '../core/config.js';
import type { Core } from '../core/context.js';
import type { Db } from '../core/database.js';
import { resolveRandomKey } from '../core/key-folder.js';
import { openJson, sealJson } from '../core/sealing.js';
import type { CameraRow } from './camera.repository.js';

/**
 * Camera credentials at rest. The user and password of a camera's URLs (`rtsp://admin:secret@host/x`)
 * are taken out before the row is written: the URL columns keep `rtsp://host/x`, and the `credentials`
 * column keeps the user-and-password parts, sealed together with AES-256-GCM under a key from the key
 * folder (`camera-credentials.key`), the camera's id as associated data (a sealed value copied to another
 * camera does not open). A copy of the database then holds no camera's password. They are opened only
 * where they are handed out: a journaled view of the camera, an export asked for with credentials.
 */

export const URL_COLUMNS = ['stream_main', 'stream_sub', 'stream_hls', 'stream_webrtc', 'snapshot_url', 'onvif_url'] as const;
type UrlColumn = (typeof URL_COLUMNS)[number];

const KEY_FILE = 'camera-credentials.key';
const keys = new WeakMap<object, Buffer>();

/** The key of this configuration: from the key folder; outside production made there at first use. */
export function cameraCredentialKey(config: Pick<Config, 'keyDirectory' | 'production'>): Buffer {
  let key = keys.get(config);
  if (key === undefined) {
    key = resolveRandomKey(config, KEY_FILE, 'the camera registry').key;
    keys.set(config, key);
  }
  return key;
}

/** The user-and-password part of a URL and the URL without it; `userInfo` is undefined when there is none. */
export function splitUserInfo(text: string): { url: string; userInfo: string | undefined } {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@]*)@/i.exec(text);
  if (match === null) return { url: text, userInfo: undefined };
  return { url: match[1]! + text.slice(match[0].length), userInfo: match[2]! };
}

function joinUserInfo(url: string, userInfo: string): string {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)/i.exec(url);
  return match === null ? url : `${match[1]!}${userInfo}@${url.slice(match[1]!.length)}`;
}

/**
 * The row as written: URLs without their credentials, the credentials sealed in `credentials` (null when
 * no URL has any). `row` holds whole URLs.
 */
export function sealCredentials(key: Buffer, row: CameraRow): CameraRow {
  const taken: Partial<Record<UrlColumn, string>> = {};
  const sealed: CameraRow = { ...row, credentials: null };
  for (const column of URL_COLUMNS) {
    const value = row[column];
    if (value === null) continue;
    const { url, userInfo } = splitUserInfo(value);
    if (userInfo === undefined) continue;
    taken[column] = userInfo;
    sealed[column] = url;
  }
  if (Object.keys(taken).length === 0) return sealed;
  sealed.credentials = sealJson(key, taken, `camera/${row.id}/credentials`);
  return sealed;
}

/** The row with its URLs whole again (credentials put back); a row with none is returned as it is. */
export function openCredentials(key: Buffer, row: CameraRow): CameraRow {
  if (row.credentials === null) return row;
  const taken = openJson<Partial<Record<UrlColumn, string>>>(key, row.credentials, `camera/${row.id}/credentials`);
  const opened: CameraRow = { ...row };
  for (const column of URL_COLUMNS) {
    const userInfo = taken[column];
    const value = row[column];
    if (userInfo !== undefined && value !== null) opened[column] = joinUserInfo(value, userInfo);
  }
  return opened;
}

/** Both ways with this core's key. */
export function cameraCredentials(core: Pick<Core, 'config'>): { seal(row: CameraRow): CameraRow; open(row: CameraRow): CameraRow } {
  const key = cameraCredentialKey(core.config);
  return { seal: (row) => sealCredentials(key, row), open: (row) => openCredentials(key, row) };
}

/**
 * Seals the credentials of rows written before they were sealed (URLs that still carry a user and
 * password); run at start. Returns how many rows it sealed.
 */
export async function sealStoredCredentials(core: Pick<Core, 'config' | 'db'>): Promise<number> {
  const rows = await core.db
    .selectFrom('camera')
    .selectAll()
    .where('credentials', 'is', null)
    .where((eb) => eb.or(URL_COLUMNS.map((column) => eb(column, 'like', '%@%'))))
    .execute();
  const { seal } = cameraCredentials(core);
  let sealed = 0;
  for (const row of rows) {
    const next = seal(row);
    if (next.credentials === null) continue;
    const { id, created_at: _created, ...columns } = next;
    // Only if nobody changed the row meanwhile: a change seals its own.
    const done = await core.db.updateTable('camera').set(columns).where('id', '=', id).where('updated_at', '=', row.updated_at).where('credentials', 'is', null).executeTakeFirst();
    sealed += Number(done.numUpdatedRows);
  }
  return sealed;
}

/**
 * Seals every camera's credentials again under `next` (`amane rotate-key camera-credentials.key`);
 * resumable: credentials `next` already opens are left. Returns how many cameras it sealed again.
 */
export async function resealCameraCredentials(db: Db, previous: Buffer, next: Buffer): Promise<number> {
  let done = 0;
  for (const row of await db.selectFrom('camera').selectAll().where('credentials', 'is not', null).execute()) {
    try {
      openCredentials(next, row);
      continue;
    } catch {
      // Still under the previous key.
    }
    const { credentials } = sealCredentials(next, openCredentials(previous, row));
    const changed = await db.updateTable('camera').set({ credentials }).where('id', '=', row.id).where('credentials', '=', row.credentials).executeTakeFirst();
    done += Number(changed.numUpdatedRows);
  }
  return done;
}
