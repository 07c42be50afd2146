import type { CameraStatus } from '../contract/camera.js';
import type { Db, Trx } from '../core/database.js';

/** A row of `camera_health_change`: a camera's status changed at a time. */
export interface CameraHealthChangeTable {
  camera_id: string;
  at: string;
  status: CameraStatus;
  reason: string | null;
}

declare module '../core/database.js' {
  interface Database {
    camera_health_change: CameraHealthChangeTable;
  }
}

export async function insertHealthChanges(trx: Trx, rows: readonly CameraHealthChangeTable[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    // Two changes of one camera in the same millisecond (a registry edit and a sweep): the later wins.
    await trx
      .insertInto('camera_health_change')
      .values(rows.slice(i, i + 200))
      .onConflict((c) => c.columns(['camera_id', 'at']).doUpdateSet((eb) => ({ status: eb.ref('excluded.status'), reason: eb.ref('excluded.reason') })))
      .execute();
  }
}

/** Each camera's status as it stood at `at`: its last change before then. */
export async function statusesAt(db: Db, at: string, cameraIds?: readonly string[]): Promise<Map<string, CameraStatus>> {
  let query = db
    .selectFrom('camera_health_change as c')
    .select(['c.camera_id', 'c.status'])
    .where('c.at', '=', (eb) => eb.selectFrom('camera_health_change as p').select((p) => p.fn.max('p.at').as('m')).whereRef('p.camera_id', '=', 'c.camera_id').where('p.at', '<', at));
  if (cameraIds !== undefined) query = query.where('c.camera_id', 'in', cameraIds.length === 0 ? [''] : cameraIds);
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.camera_id, row.status]));
}

/** The changes in [from, to), by camera then time. */
export async function listHealthChanges(db: Db, from: string, to: string, cameraIds?: readonly string[]): Promise<CameraHealthChangeTable[]> {
  let query = db.selectFrom('camera_health_change').selectAll().where('at', '>=', from).where('at', '<', to);
  if (cameraIds !== undefined) query = query.where('camera_id', 'in', cameraIds.length === 0 ? [''] : cameraIds);
  return query.orderBy('camera_id').orderBy('at').execute();
}
