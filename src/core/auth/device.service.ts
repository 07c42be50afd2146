import { randomUUID } from 'node:crypto';
import { runCommand } from '../command.js';
import type { Core } from '../context.js';
import { isUniqueViolation, type Db } from '../database.js';
import { DomainError, invalidField } from '../errors.js';
import { deviceStream, type Device, type NewDevice } from './device.js';
import { findDeviceById, findDeviceByName, insertDevice, listDevices as listDeviceRows, markDeviceRevoked, setDeviceTokenHash, type DeviceTable } from './device.repository.js';
import type { Actor } from './principal.js';
import { TokenPrefix, newToken, tokenHash } from './secret.js';

export function deviceRowToDevice(row: DeviceTable): Device {
  return { id: row.id, name: row.name, kind: row.kind as Device['kind'], createdAt: row.created_at, revokedAt: row.revoked_at, tokenIssuedAt: row.token_issued_at };
}

/** Registers a device; its token is returned once and stored only as a hash. */
export async function registerDevice(core: Core, actor: Actor, input: NewDevice): Promise<{ device: Device; token: string }> {
  const token = newToken(TokenPrefix.device);
  const id = randomUUID();
  try {
    await runCommand(core, actor, async ({ trx, at, record }) => {
      if ((await findDeviceByName(trx, input.name)) !== undefined) {
        throw invalidField('name', `"${input.name}" is already registered`, 'conflict');
      }
      await insertDevice(trx, { id, name: input.name, kind: input.kind, token_hash: tokenHash(token), created_at: at, revoked_at: null, token_issued_at: at });
      record(deviceStream(input.name), 'device.registered', { id, kind: input.kind });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('name', `"${input.name}" is already registered`, 'conflict');
    throw error;
  }
  return { device: await getDevice(core.db, id), token };
}

/** Revokes a device's token: it is refused from the next request on. */
export async function revokeDevice(core: Core, actor: Actor, id: string, reason: string): Promise<Device> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await findDeviceById(trx, id);
    if (row === undefined) throw new DomainError('not_found', `no device has id ${id}`);
    if (row.revoked_at !== null) {
      throw new DomainError('invalid_transition', `device ${row.name} is already revoked; allowed actions: none`, { allowed: [] });
    }
    await markDeviceRevoked(trx, id, at);
    record(deviceStream(row.name), 'device.revoked', { reason });
  });
  return getDevice(core.db, id);
}

/**
 * Gives a device a new token: the old one is refused from the next request on, and the device's MQTT
 * connection and live feed, opened with it, are closed. The new token is returned once.
 */
export async function rotateDeviceToken(core: Core, actor: Actor, id: string, reason: string): Promise<{ device: Device; token: string }> {
  const token = newToken(TokenPrefix.device);
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await findDeviceById(trx, id);
    if (row === undefined) throw new DomainError('not_found', `no device has id ${id}`);
    if (row.revoked_at !== null) throw new DomainError('invalid_transition', `device ${row.name} is revoked; register a new one`, { allowed: [] });
    await setDeviceTokenHash(trx, id, tokenHash(token), at);
    record(deviceStream(row.name), 'device.token_rotated', { reason });
  });
  return { device: await getDevice(core.db, id), token };
}

export async function getDevice(db: Db, id: string): Promise<Device> {
  const row = await findDeviceById(db, id);
  if (row === undefined) throw new DomainError('not_found', `no device has id ${id}`);
  return deviceRowToDevice(row);
}

export async function listDevices(db: Db): Promise<Device[]> {
  return (await listDeviceRows(db)).map(deviceRowToDevice);
}
