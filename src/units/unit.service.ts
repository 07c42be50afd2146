import { randomUUID } from 'node:crypto';
import type { Actor, Principal } from '../core/auth/principal.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { JsonObject } from '../core/journal.js';
import type { Config } from '../core/config.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { StateKey } from '../core/module-state.js';
import type { RateLimit } from '../core/rate-limit.js';
import type { Area } from '../geo/area.js';
import { getAreaIndex } from '../geo/area.service.js';
import { inPolygons, type LatLon } from '../geo/geometry.js';
import {
  checkUnitTransition,
  onDutyStatuses,
  stationStream,
  statusesOffIncident,
  statusesThatGoStale,
  unitStream,
  type NewStation,
  type NewUnit,
  type Station,
  type Unit,
  type UnitChange,
  type UnitStatus,
} from './unit.js';
import { findStation, findUnitByCallSign, insertStation, insertUnit, listStationRows, listUnitRows, updateUnitRow, type StationTable, type UnitTable } from './unit.repository.js';

export function stationRowToStation(row: StationTable): Station {
  return { code: row.code, name: row.name, nameAr: row.name_ar, area: row.area_code, location: { lat: row.lat, lon: row.lon } };
}

export async function listStations(db: Db): Promise<Station[]> {
  return (await listStationRows(db)).map(stationRowToStation);
}

/** Adds a station; its district, when given, must be one of the imported districts. */
export async function createStation(core: Core, actor: Actor, input: NewStation): Promise<Station> {
  if (input.area !== undefined && (await getAreaIndex(core.db)).areas.every((a) => a.code !== input.area)) {
    throw invalidField('area', `"${input.area}" is not an imported district`);
  }
  const row: StationTable = {
    code: input.code,
    name: input.name,
    name_ar: input.nameAr ?? null,
    area_code: input.area ?? null,
    lat: input.location.lat,
    lon: input.location.lon,
  };
  try {
    await runCommand(core, actor, async ({ trx, record }) => {
      await insertStation(trx, row);
      record(stationStream(row.code), 'station.created', { name: row.name, nameAr: row.name_ar, area: row.area_code, location: input.location });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('code', `station ${input.code} already exists`, 'conflict');
    throw error;
  }
  return stationRowToStation(row);
}

/**
 * One station per imported district that has none yet, placed inside the district, named after it:
 * the seed for Casablanca's 16 arrondissements (or the demo city's districts).
 */
export async function seedStationsFromAreas(core: Core, actor: Actor): Promise<Station[]> {
  const areas = (await getAreaIndex(core.db)).areas;
  const existing = await listStationRows(core.db);
  const covered = new Set(existing.map((s) => s.area_code));
  const codes = new Set(existing.map((s) => s.code));
  const created: Station[] = [];
  for (const area of areas) {
    if (covered.has(area.code)) continue;
    let code = stationCodeFor(area.name);
    if (codes.has(code)) code = `${code}-${area.code.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`.slice(0, 32);
    codes.add(code);
    created.push(
      await createStation(core, actor, {
        code,
        name: area.name,
        ...(area.nameAr === null ? {} : { nameAr: area.nameAr }),
        area: area.code,
        location: pointInside(area),
      }),
    );
  }
  return created;
}

/** `Sidi Belyout` -> `ST-SIDI-BELYOUT`; `Maârif` -> `ST-MAARIF`. */
export function stationCodeFor(name: string): string {
  const ascii = name.normalize('NFD').replace(/\p{M}/gu, '').toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `ST-${ascii || 'X'}`.slice(0, 32);
}

/** A point inside a district: the centre of its largest ring when inside, else the inside point nearest it. */
export function pointInside(area: Area): LatLon {
  const ring = area.polygons.map((p) => p[0] ?? []).sort((a, b) => b.length - a.length)[0] ?? [];
  const centre = ring.length === 0 ? { lat: (area.bbox.minLat + area.bbox.maxLat) / 2, lon: (area.bbox.minLon + area.bbox.maxLon) / 2 } : centroid(ring);
  if (inPolygons(centre, area.polygons)) return centre;
  let best: LatLon | undefined;
  let bestD = Infinity;
  const steps = 40;
  for (let i = 1; i < steps; i++) {
    for (let j = 1; j < steps; j++) {
      const p = { lat: area.bbox.minLat + ((area.bbox.maxLat - area.bbox.minLat) * i) / steps, lon: area.bbox.minLon + ((area.bbox.maxLon - area.bbox.minLon) * j) / steps };
      const d = (p.lat - centre.lat) ** 2 + (p.lon - centre.lon) ** 2;
      if (d < bestD && inPolygons(p, area.polygons)) {
        best = p;
        bestD = d;
      }
    }
  }
  return best ?? centre;
}

/** Area-weighted centroid of a ring of [lon, lat] positions (planar; fine at a district's scale). */
function centroid(ring: readonly (readonly [number, number])[]): LatLon {
  let a = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = ring[i]!;
    const [x1, y1] = ring[i + 1]!;
    const cross = x0 * y1 - x1 * y0;
    a += cross;
    x += (x0 + x1) * cross;
    y += (y0 + y1) * cross;
  }
  if (a === 0) return { lon: ring[0]![0], lat: ring[0]![1] };
  return { lon: x / (3 * a), lat: y / (3 * a) };
}

// --- Units ---------------------------------------------------------------------------------------

export function unitRowToUnit(row: UnitTable, now: Date, config: Pick<Config, 'unitStatusStaleMinutes' | 'positionStaleSeconds'>): Unit {
  const status = row.status as UnitStatus;
  const position =
    row.lat === null || row.lon === null || row.position_at === null
      ? null
      : { lat: row.lat, lon: row.lon, speedKmh: row.speed_kmh, heading: row.heading, accuracyM: row.accuracy_m, at: row.position_at };
  const nowMs = now.getTime();
  return {
    id: row.id,
    callSign: row.call_sign,
    kind: row.kind as Unit['kind'],
    station: row.station_code,
    capabilities: JSON.parse(row.capabilities) as string[],
    crew: JSON.parse(row.crew) as string[],
    device: row.device_name,
    status,
    statusSince: row.status_since,
    incident: row.incident_number,
    position,
    statusStale: statusesThatGoStale.has(status) && nowMs - Date.parse(row.status_since) > config.unitStatusStaleMinutes * 60_000,
    positionStale: onDutyStatuses.has(status) && (position === null || nowMs - Date.parse(position.at) > config.positionStaleSeconds * 1_000),
  };
}

export async function getUnit(core: Pick<Core, 'db' | 'clock' | 'config'>, callSign: string): Promise<Unit> {
  const row = await findUnitByCallSign(core.db, callSign);
  if (row === undefined) throw new DomainError('not_found', `no unit has call sign ${callSign}`);
  return unitRowToUnit(row, core.clock.now(), core.config);
}

export interface UnitFilter {
  readonly station?: string;
  readonly kind?: string;
  readonly status?: string;
  /** The district a unit's station answers for. */
  readonly area?: string;
  readonly stale?: boolean;
}

/** The unit board: every unit with its status, position and stale flags, filtered. */
export async function listUnits(core: Pick<Core, 'db' | 'clock' | 'config'>, filter: UnitFilter = {}): Promise<Unit[]> {
  const now = core.clock.now();
  let units = (await listUnitRows(core.db, filter)).map((row) => unitRowToUnit(row, now, core.config));
  if (filter.area !== undefined) {
    const stations = new Set((await listStationRows(core.db)).filter((s) => s.area_code === filter.area).map((s) => s.code));
    units = units.filter((u) => stations.has(u.station));
  }
  if (filter.stale !== undefined) units = units.filter((u) => (u.statusStale || u.positionStale) === filter.stale);
  return units;
}

/** Adds a unit, off duty until its crew starts the shift. */
export async function createUnit(core: Core, actor: Actor, input: NewUnit): Promise<Unit> {
  if ((await findStation(core.db, input.station)) === undefined) throw invalidField('station', `no station has code ${input.station}`);
  const at = core.clock.now().toISOString();
  const row: UnitTable = {
    id: randomUUID(),
    call_sign: input.callSign,
    kind: input.kind,
    station_code: input.station,
    capabilities: JSON.stringify(input.capabilities ?? []),
    crew: JSON.stringify(input.crew ?? []),
    device_name: input.device ?? null,
    status: 'off_duty',
    status_since: at,
    incident_number: null,
    lat: null,
    lon: null,
    speed_kmh: null,
    heading: null,
    accuracy_m: null,
    position_at: null,
  };
  try {
    await runCommand(core, actor, async ({ trx, at: now, record }) => {
      row.status_since = now;
      await insertUnit(trx, row);
      record(unitStream(row.call_sign), 'unit.created', {
        kind: row.kind,
        station: row.station_code,
        capabilities: input.capabilities ?? [],
        crew: input.crew ?? [],
        device: row.device_name,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('callSign', `unit ${input.callSign} already exists`, 'conflict');
    throw error;
  }
  notifyUnitChanged(core, row.call_sign);
  return getUnit(core, row.call_sign);
}

/** Changes a unit's make-up (kind, station, capabilities, crew, tracker); journals what changed. */
export async function changeUnit(core: Core, actor: Actor, callSign: string, change: UnitChange): Promise<Unit> {
  if (change.station !== undefined && (await findStation(core.db, change.station)) === undefined) {
    throw invalidField('station', `no station has code ${change.station}`);
  }
  await runCommand(core, actor, async ({ trx, record }) => {
    const row = await lockedUnit(trx, callSign);
    const next: Partial<UnitTable> = {};
    const changed: JsonObject = {};
    if (change.kind !== undefined && change.kind !== row.kind) [next.kind, changed.kind] = [change.kind, change.kind];
    if (change.station !== undefined && change.station !== row.station_code) [next.station_code, changed.station] = [change.station, change.station];
    if (change.capabilities !== undefined && JSON.stringify(change.capabilities) !== row.capabilities) {
      [next.capabilities, changed.capabilities] = [JSON.stringify(change.capabilities), change.capabilities];
    }
    if (change.crew !== undefined && JSON.stringify(change.crew) !== row.crew) [next.crew, changed.crew] = [JSON.stringify(change.crew), change.crew];
    if (change.device !== undefined && change.device !== row.device_name) [next.device_name, changed.device] = [change.device, change.device];
    if (Object.keys(changed).length === 0) return;
    await updateUnitRow(trx, row.id, next);
    record(unitStream(callSign), 'unit.changed', changed);
  });
  notifyUnitChanged(core, callSign);
  return getUnit(core, callSign);
}

/**
 * Who may act for a unit: dispatchers and supervisors for any (`unit.dispatch`); a crew member for
 * their own unit; a device for the unit it tracks.
 */
export function mayActFor(principal: Principal, row: Pick<UnitTable, 'crew' | 'device_name'>): boolean {
  if (principal.permissions.has('unit.dispatch')) return true;
  if (principal.kind === 'device') return row.device_name !== null && row.device_name === principal.name;
  return (JSON.parse(row.crew) as string[]).includes(principal.username);
}

/**
 * Moves a unit to another status along the transition table. `dispatched` comes only with an
 * assignment; leaving an assignment (back to available) ends it.
 */
/** How many status reports a device may make per unit per minute (each is a journaled command). */
export const deviceStatusLimitKey = new StateKey<RateLimit>('units: status reports per device and unit');

export async function changeUnitStatus(core: Core, principal: Principal, actor: Actor, callSign: string, to: UnitStatus, reason?: string): Promise<Unit> {
  if (to === 'dispatched') throw invalidField('status', 'dispatched comes with an assignment to an incident (dispatch), not by itself');
  // A device stuck in a loop (or a stolen token) must not fill the journal, which keeps every event.
  if (principal.kind === 'device') core.state.find(deviceStatusLimitKey)?.take(`${principal.name}\n${callSign}`);
  await runCommand(core, actor, async (scope) => {
    const { trx, at, record } = scope;
    const row = await lockedUnit(trx, callSign);
    if (!mayActFor(principal, row)) throw new DomainError('forbidden', `you may change the status of your own unit only, not ${callSign}`);
    const from = row.status as UnitStatus;
    if (from === to) return;
    checkUnitTransition(callSign, from, to);
    const leaves = statusesOffIncident.has(to);
    await updateUnitRow(trx, row.id, { status: to, status_since: at, ...(leaves ? { incident_number: null } : {}) });
    record(unitStream(callSign), 'unit.status_changed', {
      from,
      to,
      ...(row.incident_number === null ? {} : { incident: row.incident_number }),
      ...(reason === undefined ? {} : { reason }),
    });
    for (const follow of statusFollowers.get(core.db) ?? []) await follow(scope, { ...row }, from, to);
  });
  return getUnit(core, callSign);
}

/** A unit's row, locked for the rest of the command. */
export async function lockedUnit(trx: Parameters<typeof findUnitByCallSign>[0], callSign: string): Promise<UnitTable> {
  const row = await findUnitByCallSign(trx, callSign, { lock: true });
  if (row === undefined) throw new DomainError('not_found', `no unit has call sign ${callSign}`);
  return row;
}

/**
 * What else moves when a unit's status moves, in the same transaction (the dispatch module moves the
 * unit's incident along). Called with the unit as it was before the change.
 */
export type StatusFollower = (scope: CommandScope, unit: UnitTable, from: UnitStatus, to: UnitStatus) => Promise<void>;
const statusFollowers = new WeakMap<Db, Set<StatusFollower>>();

export function followUnitStatus(db: Db, follower: StatusFollower): () => void {
  let set = statusFollowers.get(db);
  if (set === undefined) statusFollowers.set(db, (set = new Set()));
  set.add(follower);
  return () => set.delete(follower);
}

/** Listeners told when a unit's make-up changes (the AVL tracker re-reads who may report for it). */
const unitListeners = new WeakMap<Db, Set<(callSign: string) => void>>();

export function onUnitChanged(db: Db, listener: (callSign: string) => void): () => void {
  let set = unitListeners.get(db);
  if (set === undefined) unitListeners.set(db, (set = new Set()));
  set.add(listener);
  return () => set.delete(listener);
}

function notifyUnitChanged(core: Pick<Core, 'db'>, callSign: string): void {
  for (const listener of unitListeners.get(core.db) ?? []) listener(callSign);
}
