import type { Db, Trx } from '../database.js';

export interface DeviceTable {
  id: string;
  name: string;
  kind: string;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  /** When the current token was issued: at registration, then at each rotation. */
  token_issued_at: string;
}

declare module '../database.js' {
  interface Database {
    device: DeviceTable;
  }
}

export async function insertDevice(trx: Trx, row: DeviceTable): Promise<void> {
  await trx.insertInto('device').values(row).execute();
}

export async function findDeviceById(db: Db | Trx, id: string): Promise<DeviceTable | undefined> {
  return db.selectFrom('device').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findDeviceByName(db: Db | Trx, name: string): Promise<DeviceTable | undefined> {
  return db.selectFrom('device').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function findDeviceByTokenHash(db: Db, hash: string): Promise<DeviceTable | undefined> {
  return db.selectFrom('device').selectAll().where('token_hash', '=', hash).executeTakeFirst();
}

export async function listDevices(db: Db): Promise<DeviceTable[]> {
  return db.selectFrom('device').selectAll().orderBy('name').execute();
}

export async function markDeviceRevoked(trx: Trx, id: string, at: string): Promise<void> {
  await trx.updateTable('device').set({ revoked_at: at }).where('id', '=', id).execute();
}

export async function setDeviceTokenHash(trx: Trx, id: string, hash: string, at: string): Promise<void> {
  await trx.updateTable('device').set({ token_hash: hash, token_issued_at: at }).where('id', '=', id).execute();
}
