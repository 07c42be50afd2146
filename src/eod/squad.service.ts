import { randomUUID } from 'node:crypto';
import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import type { EquipmentJournal } from '../contract/eod.events.js';
import type { EventData } from '../contract/events.js';
import { localDay } from '../core/time-zone.js';
import { createUnit, getUnit, listUnits, type Unit, UnitKind } from '../units/index.js';
import {
  Readiness,
  degradedReasons,
  maintenanceDue,
  squadStream,
  type Equipment,
  type EquipmentChange,
  type NewEquipment,
  type NewSquad,
  type Squad,
  type SquadChange,
} from './eod.js';
import {
  findEquipmentRow,
  findSquadRow,
  insertEquipmentRows,
  insertSquadRow,
  listEquipmentRows,
  listSquadRows,
  updateEquipmentRow,
  updateSquadRow,
  type EodEquipmentRow,
  type EodSquadRow,
} from './eod.repository.js';


export function equipmentRowToEquipment(row: EodEquipmentRow, today: string): Equipment {
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    readiness: row.readiness,
    nextMaintenance: row.next_maintenance,
    maintenanceDue: maintenanceDue(row.next_maintenance, today),
  };
}

function squadOf(row: EodSquadRow, unit: Unit, equipment: readonly EodEquipmentRow[], today: string): Squad {
  const reasons = degradedReasons(equipment);
  return {
    callSign: row.call_sign,
    city: row.city,
    station: unit.station,
    status: unit.status,
    incident: unit.incident,
    crew: unit.crew,
    equipment: equipment.map((item) => equipmentRowToEquipment(item, today)),
    degraded: reasons.length > 0,
    degradedReasons: reasons,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every squad, with its unit's status and its equipment. */
export async function listSquads(core: Pick<Core, 'db' | 'clock' | 'config'>): Promise<Squad[]> {
  const today = localDay(core.clock.now());
  const units = new Map((await listUnits(core, { kind: UnitKind.eodSquad })).map((u) => [u.callSign, u]));
  const equipment = new Map<string, EodEquipmentRow[]>();
  for (const item of await listEquipmentRows(core.db)) equipment.set(item.call_sign, [...(equipment.get(item.call_sign) ?? []), item]);
  return (await listSquadRows(core.db)).flatMap((row) => {
    const unit = units.get(row.call_sign);
    return unit === undefined ? [] : [squadOf(row, unit, equipment.get(row.call_sign) ?? [], today)];
  });
}

export async function getSquad(core: Pick<Core, 'db' | 'clock' | 'config'>, callSign: string): Promise<Squad> {
  const row = await findSquadRow(core.db, callSign);
  if (row === undefined) throw new DomainError('not_found', `no EOD squad has call sign ${callSign}`);
  return squadOf(row, await getUnit(core, callSign), await listEquipmentRows(core.db, callSign), localDay(core.clock.now()));
}

function equipmentRow(callSign: string, item: NewEquipment, at: string): EodEquipmentRow {
  return {
    id: randomUUID(),
    call_sign: callSign,
    kind: item.kind,
    label: item.label,
    readiness: item.readiness ?? Readiness.ready,
    next_maintenance: item.nextMaintenance ?? null,
    updated_at: at,
  };
}

const journalItem = (row: EodEquipmentRow): EquipmentJournal => ({ id: row.id, kind: row.kind, label: row.label, readiness: row.readiness, nextMaintenance: row.next_maintenance });

/**
 * Registers a squad: an existing unit of kind `eod_squad`, or, with `station`, a new unit of that kind
 * (off duty until its shift starts), with its city and equipment.
 */
export async function createSquad(core: Core, actor: Actor, input: NewSquad): Promise<Squad> {
  const existing = await findSquadRow(core.db, input.callSign);
  if (existing !== undefined) throw invalidField('callSign', `${input.callSign} is already a squad`, 'conflict');
  let unit: Unit | undefined;
  try {
    unit = await getUnit(core, input.callSign);
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'not_found')) throw error;
  }
  if (unit === undefined) {
    if (input.station === undefined) throw invalidField('station', `no unit has call sign ${input.callSign}; give its station to create it`);
    unit = await createUnit(core, actor, {
      callSign: input.callSign,
      kind: UnitKind.eodSquad,
      station: input.station,
      capabilities: ['eod', 'robot'],
      ...(input.crew === undefined ? {} : { crew: input.crew }),
      ...(input.device === undefined ? {} : { device: input.device }),
    });
  } else if (unit.kind !== UnitKind.eodSquad) {
    throw invalidField('callSign', `unit ${input.callSign} is a ${unit.kind}; a squad is a unit of kind ${UnitKind.eodSquad}`);
  }
  try {
    await runCommand(core, actor, async ({ trx, at, record }) => {
      const items = (input.equipment ?? []).map((item) => equipmentRow(input.callSign, item, at));
      await insertSquadRow(trx, { call_sign: input.callSign, city: input.city, created_at: at, updated_at: at });
      await insertEquipmentRows(trx, items);
      record(squadStream(input.callSign), 'eod_squad.registered', { city: input.city, station: unit.station, equipment: items.map(journalItem) });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('callSign', `${input.callSign} is already a squad`, 'conflict');
    throw error;
  }
  return getSquad(core, input.callSign);
}

export async function changeSquad(core: Core, actor: Actor, callSign: string, change: SquadChange): Promise<Squad> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await findSquadRow(trx, callSign, { lock: true });
    if (row === undefined) throw new DomainError('not_found', `no EOD squad has call sign ${callSign}`);
    if (change.city === undefined || change.city === row.city) return;
    await updateSquadRow(trx, callSign, { city: change.city, updated_at: at });
    record(squadStream(callSign), 'eod_squad.changed', { city: change.city });
  });
  return getSquad(core, callSign);
}

/** Adds an item to a squad's equipment. */
export async function addEquipment(core: Core, actor: Actor, callSign: string, item: NewEquipment): Promise<Squad> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const squad = await findSquadRow(trx, callSign, { lock: true });
    if (squad === undefined) throw new DomainError('not_found', `no EOD squad has call sign ${callSign}`);
    const row = equipmentRow(callSign, item, at);
    await insertEquipmentRows(trx, [row]);
    await updateSquadRow(trx, callSign, { updated_at: at });
    record(squadStream(callSign), 'eod_squad.equipment_added', journalItem(row));
  });
  return getSquad(core, callSign);
}

/** Changes an item's readiness, next maintenance date or label; journals what changed. */
export async function changeEquipment(core: Core, actor: Actor, callSign: string, id: string, change: EquipmentChange): Promise<Squad> {
  await runCommand(core, actor, async ({ trx, at, record }) => {
    const squad = await findSquadRow(trx, callSign, { lock: true });
    if (squad === undefined) throw new DomainError('not_found', `no EOD squad has call sign ${callSign}`);
    const row = await findEquipmentRow(trx, id);
    if (row === undefined || row.call_sign !== callSign) throw new DomainError('not_found', `squad ${callSign} has no equipment ${id}`);
    const next: Partial<EodEquipmentRow> = {};
    const changed: Omit<EventData<'eod_squad.equipment_changed'>, 'id' | 'kind'> = {};
    if (change.label !== undefined && change.label !== row.label) [next.label, changed.label] = [change.label, change.label];
    if (change.readiness !== undefined && change.readiness !== row.readiness) [next.readiness, changed.readiness] = [change.readiness, change.readiness];
    if (change.nextMaintenance !== undefined && change.nextMaintenance !== row.next_maintenance) {
      [next.next_maintenance, changed.nextMaintenance] = [change.nextMaintenance, change.nextMaintenance];
    }
    if (Object.keys(changed).length === 0) return;
    await updateEquipmentRow(trx, id, { ...next, updated_at: at });
    await updateSquadRow(trx, callSign, { updated_at: at });
    record(squadStream(callSign), 'eod_squad.equipment_changed', { id, kind: row.kind, ...changed });
  });
  return getSquad(core, callSign);
}
