import type { Actor, Principal } from '../core/auth/principal.js';
import { Permission } from '../core/auth/permission.js';
import { actorOf } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db, type Trx } from '../core/database.js';
import { DomainError, invalidField, type FieldProblem } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { StateKey } from '../core/module-state.js';
import type { CameraJournalFields } from '../contract/camera.events.js';
import type { EventData } from '../contract/events.js';
import type { JsonObject } from '../core/journal.js';
import { assertValid } from '../core/validate.js';
import type { AreaIndex } from '../geo/area.js';
import { getAreaIndex } from '../geo/area.service.js';
import type { LatLon } from '../geo/geometry.js';
import { distanceM } from '../geo/geometry.js';
import { findIncident } from '../incidents/index.js';
import { bearingDeg } from './camera-geometry.js';
import { cameraTopic } from './camera-topics.js';
import { readCameraCsv, readCameraGeoJson, type FileReading } from './camera-file.js';
import { CameraIndex, type IndexedCamera } from './camera-index.js';
import {
  CameraStatus,
  NewCamera,
  cameraStream,
  type Camera,
  type CameraChange,
  type CameraImport,
  type CameraQuery,
  type CameraSources,
  type CameraView,
  type ImportResult,
  type IncidentCamera,
  type Play,
  type PointBody,
  type Preset,
  type PtzCommand,
} from './camera.js';
import {
  cameraRegistryVersion,
  findCameraById,
  findCameraRowsByIds,
  insertCameraRow,
  listCameraGeometryRows,
  listCameraRows,
  updateCameraRow,
  type CameraRow,
} from './camera.repository.js';
import { cameraCredentials, URL_COLUMNS } from './camera-credentials.js';

// --- Rows and API types --------------------------------------------------------------------------

/** What video a camera offers, without the URLs. */
export function sourcesOf(row: CameraRow): CameraSources {
  return {
    main: row.stream_main !== null,
    sub: row.stream_sub !== null,
    hls: row.stream_hls !== null,
    webrtc: row.stream_webrtc !== null,
    snapshot: row.snapshot_url !== null,
    onvif: row.onvif_url !== null,
  };
}

export function cameraRowToCamera(row: CameraRow): Camera {
  return {
    id: row.id,
    name: row.name,
    location: { lat: row.lat, lon: row.lon },
    heightM: row.height_m,
    headingDeg: row.heading_deg,
    fovDeg: row.fov_deg,
    rangeM: row.range_m,
    ptz: row.ptz === 1,
    presets: fromJsonText(row.presets),
    sources: sourcesOf(row),
    device: row.device,
    district: row.district,
    owner: row.owner,
    status: row.status,
    lastSeenAt: row.last_seen_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** A registered camera as a file record (export), URLs included. */
export function cameraRowToNewCamera(row: CameraRow): NewCamera {
  const optional = <K extends string, V>(key: K, value: V | null) => (value === null ? {} : ({ [key]: value } as Record<K, V>));
  return {
    id: row.id,
    name: row.name,
    location: { lat: row.lat, lon: row.lon },
    ...optional('heightM', row.height_m),
    headingDeg: row.heading_deg,
    fovDeg: row.fov_deg,
    rangeM: row.range_m,
    ptz: row.ptz === 1,
    presets: fromJsonText(row.presets),
    ...optional('streamMain', row.stream_main),
    ...optional('streamSub', row.stream_sub),
    ...optional('streamHls', row.stream_hls),
    ...optional('streamWebrtc', row.stream_webrtc),
    ...optional('snapshotUrl', row.snapshot_url),
    ...optional('onvifUrl', row.onvif_url),
    ...optional('device', row.device),
    ...optional('district', row.district),
    ...optional('owner', row.owner),
    status: row.status,
  };
}

// The columns that hold URLs: they may carry credentials, so the journal (seen live by every camera.read
// holder) records that they changed, never what they are.
const urlFieldOf: Record<(typeof URL_COLUMNS)[number], string> = {
  stream_main: 'streamMain',
  stream_sub: 'streamSub',
  stream_hls: 'streamHls',
  stream_webrtc: 'streamWebrtc',
  snapshot_url: 'snapshotUrl',
  onvif_url: 'onvifUrl',
};

/** The journal's picture of a camera: everything but the URLs, which appear as `sources`. */
function journalFields(row: CameraRow): CameraJournalFields {
  const camera = cameraRowToCamera(row);
  return {
    name: camera.name,
    location: camera.location,
    heightM: camera.heightM,
    headingDeg: camera.headingDeg,
    fovDeg: camera.fovDeg,
    rangeM: camera.rangeM,
    ptz: camera.ptz,
    presets: camera.presets,
    sources: camera.sources,
    device: camera.device,
    district: camera.district,
    owner: camera.owner,
    status: camera.status,
  };
}

/** What changed between two versions of a camera, as journaled; undefined when nothing did. */
function journalChange(before: CameraRow, after: CameraRow): EventData<'camera.changed'> | undefined {
  const [a, b]: [JsonObject, JsonObject] = [journalFields(before), journalFields(after)];
  const changed: JsonObject = {};
  for (const key of Object.keys(b)) if (key !== 'sources' && JSON.stringify(a[key]) !== JSON.stringify(b[key])) changed[key] = b[key]!;
  const urls = URL_COLUMNS.filter((column) => before[column] !== after[column]).map((column) => urlFieldOf[column]);
  if (urls.length > 0) [changed.urlsChanged, changed.sources] = [urls, b.sources!];
  return Object.keys(changed).length === 0 ? undefined : changed;
}

// --- The spatial index, one per kernel -----------------------------------------------------------

interface IndexState {
  /** Bumped by every change made in this process: the version alone cannot tell two in one millisecond. */
  generation: number;
  key: string | undefined;
  index: CameraIndex | undefined;
  loading: { key: string; promise: Promise<CameraIndex> } | undefined;
}

/** The cameras' spatial index of this kernel: built at its first use, dropped by the cameras module's stop. */
export const cameraIndexKey = new StateKey<IndexState>('cameras: the spatial index of cameras');

function indexState(core: Pick<Core, 'state'>): IndexState {
  return core.state.obtain(cameraIndexKey, () => ({ generation: 0, key: undefined, index: undefined, loading: undefined }));
}

function indexedOf(row: Pick<CameraRow, 'id' | 'lat' | 'lon' | 'heading_deg' | 'fov_deg' | 'range_m' | 'ptz' | 'presets' | 'device'>): IndexedCamera {
  return {
    id: row.id,
    lat: row.lat,
    lon: row.lon,
    headingDeg: row.heading_deg,
    fovDeg: row.fov_deg,
    rangeM: row.range_m,
    ptz: row.ptz === 1,
    presets: fromJsonText(row.presets),
    device: row.device,
  };
}

/**
 * The cameras' spatial index, built from the registry and rebuilt after it changes: at once for
 * changes made by this process, at the next question for those of another (the registry's latest edit
 * time tells; an edit by another process stamped no later than the latest one known waits for the next).
 */
export async function getCameraIndex(core: Pick<Core, 'db' | 'state'>): Promise<CameraIndex> {
  const { db } = core;
  const state = indexState(core);
  const key = `${state.generation}|${await cameraRegistryVersion(db)}`;
  if (state.index !== undefined && state.key === key) return state.index;
  if (state.loading?.key !== key) {
    const promise = listCameraGeometryRows(db).then((rows) => {
      const index = new CameraIndex(rows.map(indexedOf));
      if (state.loading?.key === key) [state.index, state.key, state.loading] = [index, key, undefined];
      return index;
    });
    promise.catch(() => {
      if (state.loading?.key === key) state.loading = undefined;
    });
    state.loading = { key, promise };
  }
  return state.loading.promise;
}

/** The index as last built, for synchronous callers (MQTT rules); undefined before the first build. */
export function loadedCameraIndex(core: Pick<Core, 'state'>): CameraIndex | undefined {
  return indexState(core).index;
}

/**
 * Marks the index stale after a change to the registry; with an MQTT hub, builds it again at once so
 * the rule saying which controller may take a camera's PTZ commands follows.
 */
function registryChanged(core: Pick<Core, 'db' | 'mqtt' | 'log' | 'state'>): void {
  indexState(core).generation += 1;
  if (core.mqtt !== undefined) {
    getCameraIndex(core).catch((error: unknown) => core.log.warn({ err: error }, 'rebuilding the camera index failed; the next question will try again'));
  }
}

// --- The registry --------------------------------------------------------------------------------

export async function getCamera(db: Db, id: string): Promise<Camera> {
  const row = await findCameraById(db, id);
  if (row === undefined) throw new DomainError('not_found', `no camera has id ${id}`);
  return cameraRowToCamera(row);
}

export async function listCameras(db: Db, query: CameraQuery = {}): Promise<Camera[]> {
  return (await listCameraRows(db, query)).map(cameraRowToCamera);
}

/** Every camera as a file record, URLs included, with their credentials when `open` puts them back. */
async function listCamerasForExport(db: Db, open: (row: CameraRow) => CameraRow = (row) => row): Promise<NewCamera[]> {
  return (await listCameraRows(db)).map((row) => cameraRowToNewCamera(open(row)));
}

/**
 * The registry for an export, journaled (who took which file, with or without credentials): the
 * stream URLs' user and password are left out unless `withCredentials`, which the caller must hold
 * `camera.credentials` for.
 */
export async function exportCameras(core: Core, principal: Principal, format: 'csv' | 'geojson', withCredentials: boolean): Promise<NewCamera[]> {
  if (withCredentials && !principal.permissions.has(Permission.cameraCredentials)) {
    throw new DomainError('forbidden', 'the stream credentials are exported only with the permission camera.credentials; export without them');
  }
  // The URL columns hold no credentials; they are opened only for an export that asks for them.
  const exported = withCredentials ? await listCamerasForExport(core.db, cameraCredentials(core).open) : (await listCamerasForExport(core.db)).map(withoutStreamCredentials);
  await runCommand(core, actorOf(principal), async ({ record }) => {
    record('camera-registry/exports', 'cameras.exported', { format, cameras: exported.length, withCredentials });
  });
  return exported;
}

const STREAM_FIELDS = ['streamMain', 'streamSub', 'streamHls', 'streamWebrtc'] as const;

function withoutStreamCredentials(camera: NewCamera): NewCamera {
  const cleaned: NewCamera = { ...camera };
  for (const field of STREAM_FIELDS) {
    const value = camera[field];
    if (typeof value === 'string') cleaned[field] = withoutUserInfo(value);
  }
  return cleaned;
}

/** A URL without its user and password (`rtsp://admin:secret@host/x` becomes `rtsp://host/x`). */
function withoutUserInfo(text: string): string {
  try {
    const url = new URL(text);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    // Not parseable as a URL: drop anything up to an @ after the scheme, the credentials' place.
    return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
  }
}

/** The district holding a point, or the given one when it is an imported district; a problem otherwise. */
function districtFor(areas: AreaIndex, location: LatLon, given: string | undefined | null): { district: string | null } | { problem: string } {
  if (given === undefined || given === null) return { district: areas.locate(location)?.code ?? null };
  if (areas.areas.some((area) => area.code === given)) return { district: given };
  const codes = areas.areas.map((a) => a.code);
  return { problem: `"${given}" is not an imported district${codes.length === 0 ? ' (none are imported)' : `; districts: ${codes.join(', ')}`}` };
}

/** The row for a camera as given, over what is registered (status, last seen and creation are kept). */
function rowFrom(input: NewCamera, district: string | null, at: string, existing: CameraRow | undefined): CameraRow {
  return {
    id: input.id,
    name: input.name,
    lat: input.location.lat,
    lon: input.location.lon,
    height_m: input.heightM ?? null,
    heading_deg: input.headingDeg,
    fov_deg: input.fovDeg,
    range_m: input.rangeM,
    ptz: input.ptz === true ? 1 : 0,
    presets: toJsonText(input.presets ?? []),
    stream_main: input.streamMain ?? null,
    stream_sub: input.streamSub ?? null,
    stream_hls: input.streamHls ?? null,
    stream_webrtc: input.streamWebrtc ?? null,
    snapshot_url: input.snapshotUrl ?? null,
    onvif_url: input.onvifUrl ?? null,
    credentials: null,
    device: input.device ?? null,
    district,
    owner: input.owner ?? null,
    status: input.status ?? existing?.status ?? CameraStatus.unknown,
    last_seen_at: existing?.last_seen_at ?? null,
    created_at: existing?.created_at ?? at,
    updated_at: at,
  };
}

function checkPresets(presets: readonly Preset[] | undefined, field: string): FieldProblem | undefined {
  const names = (presets ?? []).map((p) => p.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  return twice === undefined ? undefined : { field, message: `names the preset "${twice}" twice; preset names are unique` };
}

/** Registers a camera; its district is the one holding its position unless given. */
export async function createCamera(core: Core, actor: Actor, input: NewCamera): Promise<Camera> {
  const presetProblem = checkPresets(input.presets, 'presets');
  if (presetProblem !== undefined) throw invalidField(presetProblem.field, presetProblem.message);
  const place = districtFor(await getAreaIndex(core), input.location, input.district);
  if ('problem' in place) throw invalidField('district', place.problem);
  let row: CameraRow | undefined;
  try {
    await runCommand(core, actor, async ({ trx, at, record }) => {
      if ((await findCameraById(trx, input.id)) !== undefined) throw invalidField('id', `camera ${input.id} already exists; change it with PATCH /cameras/${input.id}`, 'conflict');
      row = rowFrom(input, place.district, at, undefined);
      await insertCameraRow(trx, cameraCredentials(core).seal(row));
      record(cameraStream(row.id), 'camera.registered', journalFields(row));
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('name', `another camera is named "${input.name}"`, 'conflict');
    throw error;
  }
  registryChanged(core);
  return cameraRowToCamera(row!);
}

/** Changes a camera; journals what changed (URLs by name only). A new position without a district takes the one holding it. */
export async function changeCamera(core: Core, actor: Actor, id: string, change: CameraChange): Promise<Camera> {
  const presetProblem = checkPresets(change.presets, 'presets');
  if (presetProblem !== undefined) throw invalidField(presetProblem.field, presetProblem.message);
  const areas = await getAreaIndex(core);
  const credentials = cameraCredentials(core);
  let after: CameraRow | undefined;
  try {
    await runCommand(core, actor, async ({ trx, at, record }) => {
      const found = await findCameraById(trx, id, { lock: true });
      if (found === undefined) throw new DomainError('not_found', `no camera has id ${id}`);
      // Whole URLs on both sides: a URL given again with other credentials is a change.
      const before = credentials.open(found);
      const next: CameraRow = { ...before };
      if (change.name !== undefined) next.name = change.name;
      if (change.location !== undefined) [next.lat, next.lon] = [change.location.lat, change.location.lon];
      if (change.heightM !== undefined) next.height_m = change.heightM;
      if (change.headingDeg !== undefined) next.heading_deg = change.headingDeg;
      if (change.fovDeg !== undefined) next.fov_deg = change.fovDeg;
      if (change.rangeM !== undefined) next.range_m = change.rangeM;
      if (change.ptz !== undefined) next.ptz = change.ptz ? 1 : 0;
      if (change.presets !== undefined) next.presets = toJsonText(change.presets);
      if (change.streamMain !== undefined) next.stream_main = change.streamMain;
      if (change.streamSub !== undefined) next.stream_sub = change.streamSub;
      if (change.streamHls !== undefined) next.stream_hls = change.streamHls;
      if (change.streamWebrtc !== undefined) next.stream_webrtc = change.streamWebrtc;
      if (change.snapshotUrl !== undefined) next.snapshot_url = change.snapshotUrl;
      if (change.onvifUrl !== undefined) next.onvif_url = change.onvifUrl;
      if (change.device !== undefined) next.device = change.device;
      if (change.owner !== undefined) next.owner = change.owner;
      if (change.status !== undefined) next.status = change.status;
      if (change.district !== undefined || change.location !== undefined) {
        const place = districtFor(areas, { lat: next.lat, lon: next.lon }, change.district);
        if ('problem' in place) throw invalidField('district', place.problem);
        next.district = place.district;
      }
      const changed = journalChange(before, next);
      after = before;
      if (changed === undefined) return;
      next.updated_at = at;
      const { id: _id, created_at: _created, ...columns } = credentials.seal(next);
      await updateCameraRow(trx, id, columns);
      record(cameraStream(id), 'camera.changed', changed);
      after = next;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('name', `another camera is named "${change.name ?? ''}"`, 'conflict');
    throw error;
  }
  registryChanged(core);
  return cameraRowToCamera(after!);
}

const MAX_IMPORT = 50_000;

/**
 * Imports a CSV or GeoJSON file of cameras: every record is checked (fields, unique ids and names,
 * districts) and any problem refuses the whole file, each problem naming its line (`lines.7.rangeM`) or
 * feature (`features.3.properties.fovDeg`). Otherwise each camera is registered, or replaced when its
 * id is (upsert; its status and last-seen time stay when the file gives none), in one command.
 */
export async function importCameras(core: Core, actor: Actor, file: CameraImport): Promise<ImportResult> {
  const reading: FileReading = file.format === 'csv' ? readCameraCsv(file.content) : readCameraGeoJson(file.content);
  const problems = [...reading.problems];
  if (reading.records.length > MAX_IMPORT) problems.push({ field: 'content', message: `holds ${reading.records.length} cameras; at most ${MAX_IMPORT} at a time` });
  if (reading.records.length === 0 && problems.length === 0) problems.push({ field: 'content', message: 'holds no camera' });
  const areas = await getAreaIndex(core);
  const existing = new Map((await listCameraRows(core.db)).map((row) => [row.id, row]));
  const cameras: { input: NewCamera; district: string | null }[] = [];
  const idsAt = new Map<string, string>();
  const namesAt = new Map<string, string>();
  for (const record of reading.records) {
    let input: NewCamera;
    try {
      input = assertValid<NewCamera>(NewCamera, record.value, 'record');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      problems.push(...error.errors.map((p) => ({ field: p.field === 'record' ? record.where : record.fieldOf(p.field), message: p.message })));
      continue;
    }
    const rowProblems: FieldProblem[] = [];
    const presetProblem = checkPresets(input.presets, record.fieldOf('presets'));
    if (presetProblem !== undefined) rowProblems.push(presetProblem);
    const before = idsAt.get(input.id);
    if (before !== undefined) rowProblems.push({ field: record.fieldOf('id'), message: `${input.id} is already at ${before}` });
    const sameName = namesAt.get(input.name);
    if (sameName !== undefined) rowProblems.push({ field: record.fieldOf('name'), message: `"${input.name}" is already at ${sameName}` });
    idsAt.set(input.id, record.where);
    namesAt.set(input.name, record.where);
    const place = districtFor(areas, input.location, input.district);
    if ('problem' in place) rowProblems.push({ field: record.fieldOf('district'), message: place.problem });
    problems.push(...rowProblems);
    if (rowProblems.length === 0) cameras.push({ input, district: 'problem' in place ? null : place.district });
  }
  // A name kept by a camera the file does not replace cannot be given to another.
  for (const row of existing.values()) {
    const at = namesAt.get(row.name);
    if (at !== undefined && !idsAt.has(row.id)) {
      const record = reading.records.find((r) => r.where === at)!;
      problems.push({ field: record.fieldOf('name'), message: `"${row.name}" is the name of camera ${row.id}` });
    }
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 200);
    throw new DomainError('validation', `the file has ${problems.length} problem(s); nothing was imported: ${shown.slice(0, 5).map((p) => `${p.field}: ${p.message}`).join('; ')}`, {
      errors: shown,
    });
  }
  let result: ImportResult;
  try {
    // One command: the whole file or nothing, names moving between its cameras included.
    result = await writeImport(core, actor, cameras, file.format);
  } catch (error) {
    // Only another writer between the checks and the import can cause this one.
    if (isUniqueViolation(error)) throw new DomainError('conflict', 'a camera id or name of the file was taken meanwhile; import the file again');
    throw error;
  } finally {
    if (cameras.length > 0) registryChanged(core);
  }
  return result;
}

/** The import's one command; every record was checked before it starts. */
async function writeImport(core: Core, actor: Actor, cameras: readonly { input: NewCamera; district: string | null }[], source: string): Promise<ImportResult> {
  return runCommand(core, actor, async ({ trx, at, record }) => {
    const result: ImportResult = { created: 0, updated: 0, unchanged: 0 };
    const credentials = cameraCredentials(core);
    const current = new Map((await findRowsInChunks(trx, cameras.map(({ input }) => input.id))).map((row) => [row.id, credentials.open(row)]));
    // Names may move between cameras of one file: free them first, so the unique index sees the final state.
    for (const { input } of cameras) {
      const before = current.get(input.id);
      if (before !== undefined && before.name !== input.name) await updateCameraRow(trx, before.id, { name: `#renaming:${before.id}` });
    }
    for (const { input, district } of cameras) {
      const before = current.get(input.id);
      const row = rowFrom(input, district, at, before);
      if (before === undefined) {
        await insertCameraRow(trx, credentials.seal(row));
        record(cameraStream(row.id), 'camera.registered', { ...journalFields(row), via: `import (${source})` });
        result.created += 1;
        continue;
      }
      const changed = journalChange(before, row);
      if (changed === undefined) {
        result.unchanged += 1;
        continue;
      }
      const { id: _id, created_at: _created, ...columns } = credentials.seal(row);
      await updateCameraRow(trx, row.id, columns);
      record(cameraStream(row.id), 'camera.changed', { ...changed, via: `import (${source})` });
      result.updated += 1;
    }
    return result;
  });
}

async function findRowsInChunks(trx: Trx, ids: readonly string[]): Promise<CameraRow[]> {
  const rows: CameraRow[] = [];
  for (let i = 0; i < ids.length; i += 500) rows.push(...(await findCameraRowsByIds(trx, ids.slice(i, i + 500))));
  return rows;
}

/** A direction to a tenth of a degree, in [0, 360): 359.97 is 0. */
function roundDeg(deg: number): number {
  return (Math.round(deg * 10) / 10) % 360;
}

// --- Incident pull-up ----------------------------------------------------------------------------

async function incidentLocation(db: Db, number: string, field?: string): Promise<LatLon> {
  const incident = await findIncident(db, number);
  if (incident === undefined) {
    if (field !== undefined) throw invalidField(field, `no incident has number ${number}`);
    throw new DomainError('not_found', `no incident has number ${number}`);
  }
  return incident.location;
}

/**
 * The cameras that see an incident's place, nearest first: each with its distance, the bearing from it
 * to the place and, for a PTZ camera with presets, the preset nearest that bearing. Offline cameras are
 * listed, marked unavailable.
 */
export async function camerasOnIncident(core: Pick<Core, 'db' | 'state'>, number: string): Promise<IncidentCamera[]> {
  const { db } = core;
  const location = await incidentLocation(db, number);
  const sightings = (await getCameraIndex(core)).seeing(location);
  const rows = new Map((await findCameraRowsByIds(db, sightings.map((s) => s.camera.id))).map((row) => [row.id, row]));
  return sightings.flatMap((s): IncidentCamera[] => {
    const row = rows.get(s.camera.id);
    if (row === undefined) return [];
    return [
      {
        id: row.id,
        name: row.name,
        status: row.status,
        unavailable: row.status === CameraStatus.offline || row.status === CameraStatus.maintenance,
        ptz: row.ptz === 1,
        distanceM: Math.round(s.distanceM * 10) / 10,
        bearingDeg: roundDeg(s.bearingDeg),
        preset: s.preset === null ? null : { ...s.preset, offsetDeg: Math.round(s.preset.offsetDeg * 10) / 10 },
        sources: sourcesOf(row),
      },
    ];
  });
}

// --- PTZ -----------------------------------------------------------------------------------------

/** The topic a camera's controller takes PTZ commands on. */
export function ptzTopic(id: string): string {
  return cameraTopic(id, 'ptz');
}

export interface PointResult {
  readonly camera: string;
  readonly topic: string;
  readonly command: PtzCommand;
  /** From the camera to the place it was pointed at; null for a preset. */
  readonly distanceM: number | null;
}

/**
 * Points a PTZ camera at an incident's place, a position or one of its presets: the command is
 * journaled, then published (QoS 1) on `amane/cameras/{id}/ptz` for the camera's controller.
 * Refused for a fixed camera (409), and without an MQTT hub (503).
 */
export async function pointCamera(core: Core, principal: Principal, id: string, body: PointBody): Promise<PointResult> {
  const targets = [body.incident !== undefined, body.lat !== undefined || body.lon !== undefined, body.preset !== undefined].filter(Boolean).length;
  if (targets !== 1) throw invalidField('body', targets === 0 ? 'give where to point: incident, lat and lon, or preset' : 'give one of incident, lat and lon, or preset, not several');
  if ((body.lat === undefined) !== (body.lon === undefined)) throw invalidField(body.lat === undefined ? 'lat' : 'lon', 'is required with the other coordinate');
  const row = await findCameraById(core.db, id);
  if (row === undefined) throw new DomainError('not_found', `no camera has id ${id}`);
  if (row.ptz !== 1) throw new DomainError('conflict', `camera ${id} is fixed (it looks at ${row.heading_deg}°); only PTZ cameras can be pointed`);
  const mqtt = core.mqtt;
  if (mqtt === undefined) throw new DomainError('unavailable', 'PTZ commands travel over MQTT, and this server runs without it (AMANE_MQTT=off)');
  const actor = actorOf(principal);
  let command: PtzCommand;
  let distance: number | null = null;
  if (body.preset !== undefined) {
    const presets = fromJsonText(row.presets);
    const preset = presets.find((p) => p.name === body.preset);
    if (preset === undefined) {
      throw invalidField('preset', `camera ${id} has no preset "${body.preset}"; its presets: ${presets.map((p) => p.name).join(', ') || 'none'}`);
    }
    const zoom = body.zoom ?? preset.zoom;
    command = { type: 'point', bearingDeg: preset.headingDeg, preset: preset.name, ...(zoom === undefined ? {} : { zoom }), by: actor };
  } else {
    const target = body.incident !== undefined ? await incidentLocation(core.db, body.incident, 'incident') : { lat: body.lat!, lon: body.lon! };
    distance = Math.round(distanceM(row, target) * 10) / 10;
    command = {
      type: 'point',
      bearingDeg: roundDeg(bearingDeg(row, target)),
      ...(body.zoom === undefined ? {} : { zoom: body.zoom }),
      ...(body.incident === undefined ? {} : { incident: body.incident }),
      by: actor,
    };
  }
  const { by: _by, ...journaled } = command;
  await runCommand(core, actor, async ({ record }) => {
    record(cameraStream(id), 'camera.pointed', { ...journaled, ...(body.lat === undefined ? {} : { target: { lat: body.lat, lon: body.lon! } }), distanceM: distance });
  });
  const topic = ptzTopic(id);
  try {
    await mqtt.publish(topic, JSON.stringify(command), { qos: 1 });
  } catch (error) {
    await runCommand(core, actor, async ({ record }) => record(cameraStream(id), 'camera.point-undelivered', { reason: (error as Error).message }));
    throw new DomainError('unavailable', `the PTZ command for camera ${id} could not be handed to the MQTT broker; try again`, { cause: error });
  }
  return { camera: id, topic, command, distanceM: distance };
}

// --- Watching ------------------------------------------------------------------------------------

/** What to play: WebRTC (least delay), else HLS, else the latest snapshot, else nothing. */
export function playOf(row: Pick<CameraRow, 'stream_webrtc' | 'stream_hls' | 'snapshot_url'>, withUrl: boolean): Play {
  const [kind, url] =
    row.stream_webrtc !== null ? (['webrtc', row.stream_webrtc] as const)
    : row.stream_hls !== null ? (['hls', row.stream_hls] as const)
    : row.snapshot_url !== null ? (['snapshot', row.snapshot_url] as const)
    : (['none', undefined] as const);
  return withUrl && url !== undefined ? { kind, url } : { kind };
}

/**
 * Hands the URLs to play a camera, and journals who watched it, when, and for which incident: the
 * console asks this before it plays anything.
 */
export async function viewCamera(core: Core, actor: Actor, id: string, options: { incident?: string; wall?: string } = {}): Promise<CameraView> {
  if (options.incident !== undefined) await incidentLocation(core.db, options.incident, 'incident');
  const row = await findCameraById(core.db, id);
  if (row === undefined) throw new DomainError('not_found', `no camera has id ${id}`);
  return recordViews(core, actor, [row], options).then((views) => views[0]!);
}

/** Journals views of cameras (one event each, one command) and gives what to play. */
export async function recordViews(core: Core, actor: Actor, rows: readonly CameraRow[], options: { incident?: string; wall?: string }): Promise<CameraView[]> {
  const at = await runCommand(core, actor, async ({ at, record }) => {
    for (const row of rows) {
      record(cameraStream(row.id), 'camera.viewed', {
        incident: options.incident ?? null,
        play: playOf(row, false).kind,
        ...(options.wall === undefined ? {} : { wall: options.wall }),
      });
    }
    return at;
  });
  const credentials = cameraCredentials(core);
  return rows.map(credentials.open).map((row) => ({
    camera: row.id,
    name: row.name,
    status: row.status,
    at,
    incident: options.incident ?? null,
    play: playOf(row, true),
    streams: { main: row.stream_main, sub: row.stream_sub, hls: row.stream_hls, webrtc: row.stream_webrtc, snapshot: row.snapshot_url },
  }));
}
