import { sql } from 'kysely';
import type { AlarmKind, AlarmSeverity, AlarmSource, AlarmStatus, HotlistPriority, HotlistReason } from '../contract/camera.js';
import { lockForUpdate, type Db, type Trx } from '../core/database.js';
import type { JsonText } from '../core/json-column.js';

/** A row of `camera_alarm`: one alarm of the queue. */
export interface CameraAlarmTable {
  id: string;
  source_key: string;
  camera_id: string;
  source: AlarmSource;
  kind: AlarmKind;
  severity: AlarmSeverity;
  severity_rank: number;
  status: AlarmStatus;
  label: string | null;
  sub_label: string | null;
  score: number | null;
  top_score: number | null;
  plate: string | null;
  hotlist_id: string | null;
  hotlist_name: string | null;
  hotlist_reason: HotlistReason | null;
  hotlist_priority: HotlistPriority | null;
  hotlist_note: string | null;
  /** Zone (or rule) names. */
  zones: JsonText<string[]>;
  snapshot_url: string | null;
  clip: string | null;
  object_lat: number | null;
  object_lon: number | null;
  object_accuracy_m: number | null;
  first_seen_at: string;
  last_seen_at: string;
  ended_at: string | null;
  updates: number;
  incident_number: string | null;
  acted_by: string | null;
  acted_at: string | null;
  dismiss_reason: string | null;
  created_at: string;
}

declare module '../core/database.js' {
  interface Database {
    camera_alarm: CameraAlarmTable;
  }
}

/** What the ingest may change on an alarm: what was seen, never what operators decided. */
export type AlarmObservation = Pick<
  CameraAlarmTable,
  | 'id'
  | 'severity'
  | 'severity_rank'
  | 'label'
  | 'sub_label'
  | 'score'
  | 'top_score'
  | 'plate'
  | 'zones'
  | 'snapshot_url'
  | 'clip'
  | 'object_lat'
  | 'object_lon'
  | 'object_accuracy_m'
  | 'last_seen_at'
  | 'ended_at'
  | 'updates'
>;

export async function insertAlarms(trx: Trx, rows: readonly CameraAlarmTable[]): Promise<void> {
  // 33 columns a row: 25 rows keep a statement under SQLite's 999 bound parameters of old builds.
  for (let i = 0; i < rows.length; i += 25) await trx.insertInto('camera_alarm').values(rows.slice(i, i + 25)).execute();
}

export async function findAlarmRow(db: Db | Trx, id: string, options: { lock?: boolean } = {}): Promise<CameraAlarmTable | undefined> {
  const query = db.selectFrom('camera_alarm').selectAll().where('id', '=', id);
  return (options.lock === true ? lockForUpdate(db, query) : query).executeTakeFirst();
}

/** The alarms already stored under these keys (a restart, or another process, raised them first). */
export async function findAlarmsByKeys(db: Db | Trx, keys: readonly string[]): Promise<CameraAlarmTable[]> {
  const rows: CameraAlarmTable[] = [];
  for (let i = 0; i < keys.length; i += 500) rows.push(...(await db.selectFrom('camera_alarm').selectAll().where('source_key', 'in', keys.slice(i, i + 500)).execute()));
  return rows;
}

/** The camera's alarm of this kind still waiting for someone (open or acknowledged), newest first. */
export async function findActiveAlarmOf(trx: Trx, cameraId: string, kind: AlarmKind): Promise<CameraAlarmTable | undefined> {
  return trx
    .selectFrom('camera_alarm')
    .selectAll()
    .where('camera_id', '=', cameraId)
    .where('kind', '=', kind)
    .where('ended_at', 'is', null)
    .orderBy('first_seen_at', 'desc')
    .executeTakeFirst();
}

/**
 * Writes what the ingest saw since the last save, 200 alarms to a statement (`UPDATE ... FROM (VALUES
 * ...)`, on both engines). Status and operator fields are left alone.
 */
export async function saveObservations(trx: Trx, rows: readonly AlarmObservation[]): Promise<void> {
  const t = (value: string | null) => sql`cast(${value} as text)`;
  const n = (value: number | null) => sql`cast(${value} as double precision)`;
  const i = (value: number) => sql`cast(${value} as integer)`;
  for (let k = 0; k < rows.length; k += 200) {
    const values = rows
      .slice(k, k + 200)
      .map(
        (r) =>
          sql`(${t(r.id)}, ${t(r.severity)}, ${i(r.severity_rank)}, ${t(r.label)}, ${t(r.sub_label)}, ${n(r.score)}, ${n(r.top_score)}, ${t(r.plate)}, ${t(r.zones)}, ${t(r.snapshot_url)}, ${t(r.clip)}, ${n(r.object_lat)}, ${n(r.object_lon)}, ${n(r.object_accuracy_m)}, ${t(r.last_seen_at)}, ${t(r.ended_at)}, ${i(r.updates)})`,
      );
    await sql`
      with seen (id, severity, severity_rank, label, sub_label, score, top_score, plate, zones, snapshot_url, clip, object_lat, object_lon, object_accuracy_m, last_seen_at, ended_at, updates)
        as (values ${sql.join(values)})
      update camera_alarm set severity = seen.severity, severity_rank = seen.severity_rank, label = seen.label, sub_label = seen.sub_label,
        score = seen.score, top_score = seen.top_score, plate = seen.plate, zones = seen.zones, snapshot_url = seen.snapshot_url, clip = seen.clip,
        object_lat = seen.object_lat, object_lon = seen.object_lon, object_accuracy_m = seen.object_accuracy_m, last_seen_at = seen.last_seen_at,
        ended_at = seen.ended_at, updates = seen.updates
      from seen where camera_alarm.id = seen.id`.execute(trx);
  }
}

export async function updateAlarmRow(trx: Trx, id: string, change: Partial<Omit<CameraAlarmTable, 'id' | 'source_key' | 'created_at'>>): Promise<void> {
  await trx.updateTable('camera_alarm').set(change).where('id', '=', id).execute();
}

export interface AlarmFilter {
  readonly statuses?: readonly AlarmStatus[];
  readonly minSeverityRank?: number;
  readonly cameraId?: string;
  readonly kind?: AlarmKind;
  readonly since?: string;
  readonly limit: number;
  /** Order of the kinds within a severity, lower first; kinds left out come last. */
  readonly kindRank: Readonly<Record<string, number>>;
}

/** The queue: most severe first, then by kind (`kindRank`), then newest. */
export async function listAlarmRows(db: Db | Trx, filter: AlarmFilter): Promise<CameraAlarmTable[]> {
  let query = db.selectFrom('camera_alarm').selectAll();
  if (filter.statuses !== undefined) query = query.where('status', 'in', filter.statuses);
  if (filter.minSeverityRank !== undefined) query = query.where('severity_rank', '>=', filter.minSeverityRank);
  if (filter.cameraId !== undefined) query = query.where('camera_id', '=', filter.cameraId);
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  if (filter.since !== undefined) query = query.where('first_seen_at', '>=', filter.since);
  query = query.orderBy('severity_rank', 'desc');
  const ranks = Object.entries(filter.kindRank);
  if (ranks.length > 0) {
    const last = Math.max(...ranks.map(([, rank]) => rank)) + 1;
    const whens = ranks.map(([kind, rank]) => sql`when ${sql.lit(kind)} then ${sql.lit(rank)}`);
    query = query.orderBy(sql<number>`case ${sql.ref('kind')} ${sql.join(whens, sql` `)} else ${sql.lit(last)} end`);
  }
  return query.orderBy('first_seen_at', 'desc').orderBy('id').limit(filter.limit).execute();
}

/** How many alarms there are (for the benchmark's and tests' checks). */
export async function countAlarms(db: Db | Trx, filter: { kind?: AlarmKind } = {}): Promise<number> {
  let query = db.selectFrom('camera_alarm').select((eb) => eb.fn.countAll<number>().as('n'));
  if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
  return Number((await query.executeTakeFirstOrThrow()).n);
}
