import { randomUUID } from 'node:crypto';
import type { Permission } from '../core/auth/permission.js';
import type { Actor, Principal } from '../core/auth/principal.js';
import { actorOf } from '../core/auth/principal.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import { catalogued } from '../core/journal.js';
import { findEvents } from '../core/journal.repository.js';
import { StateKey } from '../core/module-state.js';
import type { CordonJournal } from '../contract/eod.events.js';
import { localDateTime } from '../core/time-zone.js';
import { bearingDeg, getCamera, getCameraIndex } from '../cameras/index.js';
import { distanceM, type LatLon } from '../geo/geometry.js';
import { closedEdgesWithin, setRoadClosures } from '../geo/roads/road-closures.js';
import { getRoadGraph } from '../geo/roads/road.service.js';
import { getIncident, type Incident, incidentStream, isOpen, lockIncident } from '../incidents/index.js';
import { UnitKind, listUnitPlacesInCommand, listUnits, unitPlacesReady, unitStream, unitTopic } from '../units/index.js';
import { CapMsgType, capAlertXml, type CapReference } from './cap.js';
import { circleRing, closedRoads, isInside, perimeterPoints, CordonStatus, type Cordon, type CordonCamera, type CordonFeatures, type EodPicture, type RoadClosure, type SetCordon, type WithdrawOrder } from './cordon.js';
import { listDeployments } from './deployment.service.js';
import { cordonStream } from './eod.js';
import {
  classifyOpenDeploymentRows,
  findActiveCordonRow,
  findEodIncidentRow,
  findLatestCordonRow,
  insertCapMessageRow,
  insertCordonRow,
  listActiveCordonRows,
  listCapMessageRows,
  saveEodIncidentRow,
  updateCordonRow,
  type EodCapMessageRow,
  type EodCordonRow,
  type WithdrawnUnit,
} from './eod.repository.js';
import { deviceClassOfObjectType, standoffFor, type StandoffClass } from './standoff.js';
import { getStandoffTable } from './standoff.service.js';

/**
 * Suspicious-object scenes: the device class (from the call, then confirmed on scene), the stand-off
 * cordon drawn from it, and what the cordon sets off: roads inside the mandatory zone closed to routing,
 * units inside told to withdraw (journal, so `/live`, and MQTT), the cameras that see the zone, the
 * points where traffic units hold the roads, and the public CAP alert, updated and cancelled with it.
 */

// --- The device class ----------------------------------------------------------------------------

/** Who named an incident's device class. */
export const ClassSource = { call: 'call', scene: 'scene', eod: 'eod' } as const;
export type ClassSource = (typeof ClassSource)[keyof typeof ClassSource];

export interface IncidentDeviceClass {
  readonly code: string;
  readonly source: ClassSource;
  /** Confirmed by a unit on scene or an EOD officer (the call's answer is not). */
  readonly confirmed: boolean;
  readonly setBy: string | null;
  readonly unit: string | null;
  readonly setAt: string | null;
}

/** The class the call-taker's answer ("kind of object") points to, if any. */
export async function callDeviceClass(db: Db, number: string): Promise<string | undefined> {
  const [created] = (await findEvents(db, { stream: incidentStream(number), limit: 1 })).map(catalogued);
  const objectType = created?.type === 'incident.created' ? created.data.answers?.object_type : undefined;
  return typeof objectType === 'string' ? deviceClassOfObjectType[objectType] : undefined;
}

/** The incident's device class as it stands: set on scene (or by EOD), else from the call, else none. */
export async function incidentDeviceClass(db: Db, number: string): Promise<IncidentDeviceClass | undefined> {
  const row = await findEodIncidentRow(db, number);
  if (row !== undefined) {
    return { code: row.device_class, source: row.set_unit !== null ? ClassSource.scene : ClassSource.eod, confirmed: row.confirmed === 1, setBy: row.set_by, unit: row.set_unit, setAt: row.set_at };
  }
  const fromCall = await callDeviceClass(db, number);
  return fromCall === undefined ? undefined : { code: fromCall, source: ClassSource.call, confirmed: false, setBy: null, unit: null, setAt: null };
}

const EOD_OPERATE: Permission = 'eod.operate';

/**
 * Who may name the device class: an EOD officer or dispatcher (`eod.operate`), or the crew (or tracker)
 * of a unit sent to the incident: the first patrol on scene confirms or refines what the caller said.
 * Returns that unit's call sign, or null for `eod.operate` without one.
 */
async function classifyingUnit(core: Core, principal: Principal, number: string): Promise<string | null> {
  const units = (await listUnits(core)).filter((u) => u.incident === number);
  const own = units.find((u) => (principal.kind === 'user' ? u.crew.includes(principal.username) : u.device === principal.name));
  if (own !== undefined && own.kind !== UnitKind.eodSquad) return own.callSign;
  if (principal.permissions.has(EOD_OPERATE) || own !== undefined) return null;
  throw new DomainError('forbidden', `only the crew of a unit sent to ${number}, or an EOD officer, may set its device class`);
}

/**
 * Sets (or confirms) an incident's device class. With a cordon in force, the cordon follows the new
 * class's distances at once (a CAP Update, withdrawals, closures).
 */
export async function setDeviceClass(core: Core, principal: Principal, number: string, deviceClass: string): Promise<EodPicture> {
  const incident = await openIncident(core.db, number);
  const unit = await classifyingUnit(core, principal, number);
  const { table } = await getStandoffTable(core);
  const standoff = standoffFor(table, deviceClass);
  const actor = actorOf(principal);
  const fromCall = (await callDeviceClass(core.db, number)) ?? null;
  // Read before the command: inside it, only its own transaction may be used.
  await unitPlacesReady(core);
  const orders = await runCommand(core, actor, async (scope) => {
    await lockIncident(scope, number);
    const before = await findEodIncidentRow(scope.trx, number);
    const previous = before?.device_class ?? fromCall;
    await saveEodIncidentRow(scope.trx, { incident_number: number, device_class: deviceClass, confirmed: 1, set_by: actor, set_unit: unit, set_at: scope.at });
    await classifyOpenDeploymentRows(scope.trx, number, deviceClass);
    scope.record(incidentStream(number), 'incident.device_class_set', { deviceClass, previous, ...(unit === null ? {} : { unit }) });
    const active = await findActiveCordonRow(scope.trx, number, { lock: true });
    if (active === undefined) return [];
    return drawCordon(core, scope, actor, incident, active, standoff, { lat: active.lat, lon: active.lon }, true);
  });
  await afterCordonChange(core, orders);
  return getEodPicture(core, number);
}

async function openIncident(db: Db, number: string): Promise<Incident> {
  const incident = await getIncident(db, number);
  if (!isOpen(incident.status)) throw new DomainError('invalid_transition', `incident ${number} is \`${incident.status}\`; its scene is closed`, { allowed: incident.allowedActions });
  return incident;
}

// --- Cordons -------------------------------------------------------------------------------------

/**
 * Sets the cordon around an incident's device, or changes the one in force (new class, new centre):
 * radii from the stand-off table for the class given, else the incident's class. Each set or change
 * issues a CAP message (Alert, then Update) and tells the units inside the mandatory zone to withdraw.
 */
export async function setCordon(core: Core, actor: Actor, number: string, body: SetCordon): Promise<EodPicture> {
  const incident = await openIncident(core.db, number);
  const { table } = await getStandoffTable(core);
  const current = await incidentDeviceClass(core.db, number);
  const code = body.deviceClass ?? current?.code;
  if (code === undefined) throw invalidField('deviceClass', `incident ${number} has no device class yet; give one: ${table.classes.map((c) => c.code).join(', ')}`);
  const standoff = standoffFor(table, code);
  await unitPlacesReady(core);
  const orders = await runCommand(core, actor, async (scope) => {
    await lockIncident(scope, number);
    if (body.deviceClass !== undefined && body.deviceClass !== current?.code) {
      // The class the cordon is drawn for becomes the incident's (confirmed or not as it was).
      const known = await findEodIncidentRow(scope.trx, number);
      await saveEodIncidentRow(scope.trx, { incident_number: number, device_class: body.deviceClass, confirmed: known?.confirmed ?? 0, set_by: actor, set_unit: null, set_at: scope.at });
      await classifyOpenDeploymentRows(scope.trx, number, body.deviceClass);
      scope.record(incidentStream(number), 'incident.device_class_set', { deviceClass: body.deviceClass, previous: current?.code ?? null });
    }
    const active = await findActiveCordonRow(scope.trx, number, { lock: true });
    const centre = body.centre ?? (active === undefined ? incident.location : { lat: active.lat, lon: active.lon });
    return drawCordon(core, scope, actor, incident, active, standoff, centre, (await findEodIncidentRow(scope.trx, number))?.confirmed === 1);
  });
  await afterCordonChange(core, orders);
  return getEodPicture(core, number);
}

/** Lifts the cordon in force: closures end, and the CAP alert is cancelled. */
export async function liftCordon(core: Core, actor: Actor, number: string, reason: string): Promise<EodPicture> {
  const incident = await getIncident(core.db, number);
  const { table } = await getStandoffTable(core);
  await runCommand(core, actor, async (scope) => {
    await lockIncident(scope, number);
    const active = await findActiveCordonRow(scope.trx, number, { lock: true });
    if (active === undefined) throw new DomainError('conflict', `incident ${number} has no cordon in force`);
    await updateCordonRow(scope.trx, active.id, { status: CordonStatus.lifted, lifted_at: scope.at, lift_reason: reason, updated_at: scope.at });
    const standoff = table.classes.find((c) => c.code === active.device_class) ?? syntheticClass(active);
    const cap = await issueCap(core, scope, incident, { ...active, status: CordonStatus.lifted }, standoff, CapMsgType.cancel, false, reason);
    scope.record(cordonStream(number), 'cordon.lifted', { cordon: active.id, reason, cap: cap.identifier });
    scope.record(incidentStream(number), 'incident.cordon_lifted', { reason });
  });
  await afterCordonChange(core, []);
  return getEodPicture(core, number);
}

/** A class no longer in the table (an administrator removed it): the cordon's own distances stand. */
function syntheticClass(row: EodCordonRow): StandoffClass {
  return { code: row.device_class, labels: { ar: row.device_class, fr: row.device_class, en: row.device_class }, mandatoryM: row.mandatory_m, preferredM: row.preferred_m };
}

interface Withdrawal {
  readonly callSign: string;
  readonly order: WithdrawOrder;
}

/**
 * Writes the cordon (new, or its next version), its CAP message and the withdrawals, in the command
 * under way. Returns the orders to send once committed; nothing when nothing changed.
 */
async function drawCordon(
  core: Core,
  scope: CommandScope,
  actor: string,
  incident: Incident,
  active: EodCordonRow | undefined,
  standoff: StandoffClass,
  centre: LatLon,
  confirmed: boolean,
): Promise<Withdrawal[]> {
  const { trx, at, record } = scope;
  const same =
    active !== undefined &&
    active.device_class === standoff.code &&
    active.mandatory_m === standoff.mandatoryM &&
    active.preferred_m === standoff.preferredM &&
    active.lat === centre.lat &&
    active.lon === centre.lon;
  if (same) return [];
  const row: EodCordonRow =
    active === undefined
      ? {
          id: randomUUID(),
          incident_number: incident.number,
          status: CordonStatus.active,
          device_class: standoff.code,
          lat: centre.lat,
          lon: centre.lon,
          mandatory_m: standoff.mandatoryM,
          preferred_m: standoff.preferredM,
          version: 1,
          set_at: at,
          set_by: actor,
          updated_at: at,
          lifted_at: null,
          lift_reason: null,
          withdrawn: toJsonText<WithdrawnUnit[]>([]),
        }
      : { ...active, device_class: standoff.code, lat: centre.lat, lon: centre.lon, mandatory_m: standoff.mandatoryM, preferred_m: standoff.preferredM, version: active.version + 1, updated_at: at };
  const orders = await withdrawalsFor(core, scope, row);
  const withdrawn: WithdrawnUnit[] = [...fromJsonText(row.withdrawn), ...orders.map((o) => ({ callSign: o.callSign, at, distanceM: o.order.distanceM }))];
  row.withdrawn = toJsonText(withdrawn);
  if (active === undefined) await insertCordonRow(trx, row);
  else {
    const { id: _id, incident_number: _number, ...columns } = row;
    await updateCordonRow(trx, row.id, columns);
  }
  const cap = await issueCap(core, scope, incident, row, standoff, active === undefined ? CapMsgType.alert : CapMsgType.update, confirmed);
  const data: CordonJournal = {
    cordon: row.id,
    version: row.version,
    deviceClass: row.device_class,
    centre: { lat: row.lat, lon: row.lon },
    mandatoryM: row.mandatory_m,
    preferredM: row.preferred_m,
    withdrawn: orders.map((o) => o.callSign),
    cap: cap.identifier,
  };
  record(cordonStream(incident.number), active === undefined ? 'cordon.set' : 'cordon.changed', data);
  record(incidentStream(incident.number), active === undefined ? 'incident.cordon_set' : 'incident.cordon_changed', {
    deviceClass: row.device_class,
    mandatoryM: row.mandatory_m,
    preferredM: row.preferred_m,
  });
  return orders;
}

/**
 * The units inside the mandatory zone, not told yet for this cordon, not EOD squads (they work inside):
 * each gets a `unit.withdraw_ordered` event now, and its order over MQTT once committed. A unit's place
 * is its latest position (the tracker's, fresher than the database by up to a second).
 */
async function withdrawalsFor(core: Core, scope: CommandScope, row: EodCordonRow, only?: ReadonlySet<string>): Promise<Withdrawal[]> {
  // Ready before the command started (its first load reads the database, outside this transaction).
  const told = new Set(fromJsonText(row.withdrawn).map((w) => w.callSign));
  const centre = { lat: row.lat, lon: row.lon };
  const orders: Withdrawal[] = [];
  for (const { callSign, kind, status, place } of await listUnitPlacesInCommand(core, scope)) {
    if (kind === UnitKind.eodSquad || told.has(callSign) || (only !== undefined && !only.has(callSign))) continue;
    if (status === 'off_duty' || status === 'out_of_service') continue;
    if (place === undefined || !isInside(place, centre, row.mandatory_m)) continue;
    const distance = Math.round(distanceM(place, centre));
    const order: WithdrawOrder = {
      type: 'withdraw',
      incident: row.incident_number,
      at: scope.at,
      centre,
      mandatoryM: row.mandatory_m,
      preferredM: row.preferred_m,
      distanceM: distance,
      bearingOutDeg: Math.round(bearingDeg(centre, place)),
    };
    scope.record(unitStream(callSign), 'unit.withdraw_ordered', {
      incident: row.incident_number,
      distanceM: distance,
      mandatoryM: row.mandatory_m,
      bearingOutDeg: order.bearingOutDeg,
    });
    orders.push({ callSign, order });
  }
  return orders;
}

/** After a committed change: closures follow the cordons in force, orders go out over MQTT. */
async function afterCordonChange(core: Core, orders: readonly Withdrawal[]): Promise<void> {
  await refreshCordons(core);
  const mqtt = core.mqtt;
  if (mqtt === undefined) return;
  for (const { callSign, order } of orders) {
    try {
      await mqtt.publish(unitTopic(callSign, 'dispatch'), JSON.stringify(order), { qos: 1 });
    } catch (error) {
      // The order stands in the journal and on /live; the device reads it there.
      core.log.warn({ err: error, callSign }, 'withdraw order not delivered over MQTT');
    }
  }
}

/**
 * The cordons in force, as this kernel last read them: for the closures and the watch on positions.
 * Read again at the EOD module's start and at each cordon event.
 */
export const activeCordonsKey = new StateKey<{ rows: readonly EodCordonRow[] }>('eod: the cordons in force');

/**
 * Reads the cordons in force and closes their mandatory zones to routing. Called at start, after each
 * change made here, and on each cordon event seen on the live bus (another node's change, in a cluster).
 */
export async function refreshCordons(core: Pick<Core, 'db' | 'state'>): Promise<void> {
  const rows = await listActiveCordonRows(core.db);
  core.state.obtain(activeCordonsKey, () => ({ rows: [] })).rows = rows;
  setRoadClosures(
    core,
    'eod',
    rows.map((row) => ({ id: row.incident_number, centre: { lat: row.lat, lon: row.lon }, radiusM: row.mandatory_m, incident: row.incident_number })),
  );
}

/**
 * Watches unit positions (telemetry on the live bus): a unit that drives into a mandatory zone after the
 * cordon was set is told to withdraw too, once per cordon. Returns the function that stops watching.
 */
export function watchCordons(core: Core): () => void {
  const pending = new Set<string>();
  const stopEvents = core.bus.subscribe((events) => {
    if (events.some((e) => e.stream.startsWith('cordon/'))) void refreshCordons(core).catch((error: unknown) => core.log.warn({ err: error }, 'reading the cordons in force failed'));
  });
  const stopTelemetry = core.bus.subscribeTelemetry((telemetry) => {
    if (telemetry.kind !== 'positions') return;
    const cordons = core.state.find(activeCordonsKey)?.rows ?? [];
    if (cordons.length === 0) return;
    for (const cordon of cordons) {
      const told = new Set(fromJsonText(cordon.withdrawn).map((w) => w.callSign));
      const inside = new Set<string>();
      for (const item of telemetry.items as { callSign: string; lat: number; lon: number }[]) {
        const key = `${cordon.id}:${item.callSign}`;
        if (told.has(item.callSign) || pending.has(key) || !isInside(item, { lat: cordon.lat, lon: cordon.lon }, cordon.mandatory_m)) continue;
        pending.add(key);
        inside.add(item.callSign);
      }
      if (inside.size === 0) continue;
      void withdrawEntering(core, cordon.incident_number, inside)
        .catch((error: unknown) => core.log.warn({ err: error, incident: cordon.incident_number }, 'withdraw order for a unit entering a cordon failed'))
        .finally(() => {
          for (const callSign of inside) pending.delete(`${cordon.id}:${callSign}`);
        });
    }
  });
  return () => {
    stopEvents();
    stopTelemetry();
  };
}

async function withdrawEntering(core: Core, number: string, callSigns: ReadonlySet<string>): Promise<void> {
  await unitPlacesReady(core);
  const orders = await runCommand(core, 'system:eod-cordon-watch', async (scope) => {
    const row = await findActiveCordonRow(scope.trx, number, { lock: true });
    if (row === undefined) return [];
    const orders = await withdrawalsFor(core, scope, row, callSigns);
    if (orders.length === 0) return [];
    const withdrawn = [...fromJsonText(row.withdrawn), ...orders.map((o) => ({ callSign: o.callSign, at: scope.at, distanceM: o.order.distanceM }))];
    await updateCordonRow(scope.trx, row.id, { withdrawn: toJsonText(withdrawn) });
    scope.record(cordonStream(number), 'cordon.units_withdrawn', { cordon: row.id, withdrawn: orders.map((o) => o.callSign) });
    return orders;
  });
  await afterCordonChange(core, orders);
}

// --- CAP -----------------------------------------------------------------------------------------

/** Issues the next CAP message of an incident's cordon, in the command under way. */
async function issueCap(
  core: Core,
  scope: CommandScope,
  incident: Incident,
  row: EodCordonRow,
  standoff: StandoffClass,
  msgType: CapMsgType,
  confirmed: boolean,
  reason?: string,
): Promise<EodCapMessageRow> {
  const earlier = await listCapMessageRows(scope.trx, incident.number);
  const n = earlier.length + 1;
  const sender = core.config.agencyId;
  const identifier = `${sender}.${incident.number}.${n}`;
  const sent = localDateTime(new Date(scope.at));
  const references: CapReference[] = earlier.filter((m) => m.cordon_id === row.id).map((m) => ({ sender: m.sender, identifier: m.identifier, sent: m.sent }));
  const xml = capAlertXml({
    identifier,
    sender,
    sent,
    msgType,
    references,
    incident: incident.number,
    deviceClass: standoff,
    centre: { lat: row.lat, lon: row.lon },
    mandatoryM: row.mandatory_m,
    preferredM: row.preferred_m,
    confirmed,
    address: incident.address,
    ...(reason === undefined ? {} : { reason }),
  });
  const message: EodCapMessageRow = { identifier, incident_number: incident.number, cordon_id: row.id, n, msg_type: msgType, sender, sent, at: scope.at, xml };
  await insertCapMessageRow(scope.trx, message);
  return message;
}

/** The incident's latest CAP message (Alert, Update or Cancel), as issued. */
export async function latestCap(db: Db, number: string): Promise<string> {
  await getIncident(db, number);
  const messages = await listCapMessageRows(db, number);
  const last = messages[messages.length - 1];
  if (last === undefined) throw new DomainError('not_found', `incident ${number} has no public alert: no cordon was set`);
  return last.xml;
}

// --- Reading -------------------------------------------------------------------------------------

/**
 * The cameras that see the zone: those that see the device, then those that see some of the mandatory
 * circle (sampled on its edge and half-way in), nearest the device first; at most 24.
 */
export async function camerasSeeingZone(core: Pick<Core, 'db' | 'state'>, centre: LatLon, radiusM: number): Promise<CordonCamera[]> {
  const index = await getCameraIndex(core);
  if (index.size === 0) return [];
  const samples: LatLon[] = [centre];
  const ring = (r: number, steps: number) => {
    const cosLat = Math.cos((centre.lat * Math.PI) / 180);
    for (let i = 0; i < steps; i += 1) {
      const angle = (i / steps) * 2 * Math.PI;
      samples.push({ lat: centre.lat + (r * Math.cos(angle)) / 111_195, lon: centre.lon + (r * Math.sin(angle)) / (111_195 * cosLat) });
    }
  };
  ring(radiusM, 16);
  ring(radiusM / 2, 8);
  const found = new Map<string, boolean>();
  samples.forEach((sample, i) => {
    for (const sighting of index.seeing(sample)) found.set(sighting.camera.id, (found.get(sighting.camera.id) ?? false) || i === 0);
  });
  const cameras: CordonCamera[] = [];
  for (const [id, seesDevice] of found) {
    const camera = await getCamera(core.db, id).catch(() => undefined);
    if (camera === undefined) continue;
    cameras.push({
      id,
      name: camera.name,
      status: camera.status,
      unavailable: camera.status === 'offline' || camera.status === 'maintenance',
      ptz: camera.ptz,
      distanceM: Math.round(distanceM(camera.location, centre)),
      seesDevice,
    });
  }
  return cameras.sort((a, b) => Number(b.seesDevice) - Number(a.seesDevice) || a.distanceM - b.distanceM || (a.id < b.id ? -1 : 1)).slice(0, 24);
}

async function cordonOf(core: Pick<Core, 'db' | 'state'>, row: EodCordonRow): Promise<Cordon> {
  const graph = await getRoadGraph(core);
  const centre = { lat: row.lat, lon: row.lon };
  const active = row.status === CordonStatus.active;
  const closed = active ? closedEdgesWithin(graph, centre, row.mandatory_m).filter((e) => graph.twin[e]! < 0 || graph.twin[e]! > e).length : 0;
  return {
    id: row.id,
    incident: row.incident_number,
    status: row.status,
    deviceClass: row.device_class,
    centre,
    mandatoryM: row.mandatory_m,
    preferredM: row.preferred_m,
    version: row.version,
    setAt: row.set_at,
    setBy: row.set_by,
    updatedAt: row.updated_at,
    liftedAt: row.lifted_at,
    liftReason: row.lift_reason,
    closedSegments: closed,
    perimeter: active ? perimeterPoints(graph, centre, row.preferred_m) : [],
    withdrawn: fromJsonText(row.withdrawn),
    cameras: active ? await camerasSeeingZone(core, centre, row.mandatory_m) : [],
  };
}

export async function getEodPicture(core: Pick<Core, 'db' | 'log' | 'state'>, number: string): Promise<EodPicture> {
  const incident = await getIncident(core.db, number);
  const { table } = await getStandoffTable(core);
  const current = await incidentDeviceClass(core.db, number);
  const standoff = current === undefined ? undefined : table.classes.find((c) => c.code === current.code);
  const latest = await findLatestCordonRow(core.db, number);
  return {
    incident: number,
    type: incident.type,
    needsEod: incident.capabilities.includes('eod'),
    deviceClass: current === undefined || standoff === undefined ? null : { ...current, mandatoryM: standoff.mandatoryM, preferredM: standoff.preferredM, labels: standoff.labels },
    cordon: latest === undefined ? null : await cordonOf(core, latest),
    cap: (await listCapMessageRows(core.db, number)).map((m) => ({ identifier: m.identifier, msgType: m.msg_type, sent: m.sent })),
    deployments: await listDeployments(core.db, { incident: number }),
  };
}

/** The cordons in force as GeoJSON, for the map: two circles each (mandatory, preferred). */
export async function cordonFeatures(db: Db): Promise<CordonFeatures> {
  const rows = await listActiveCordonRows(db);
  return {
    type: 'FeatureCollection' as const,
    features: rows.flatMap((row) =>
      (['preferred', 'mandatory'] as const).map((zone) => ({
        type: 'Feature' as const,
        properties: { incident: row.incident_number, zone, radiusM: zone === 'mandatory' ? row.mandatory_m : row.preferred_m, deviceClass: row.device_class },
        geometry: { type: 'Polygon' as const, coordinates: [circleRing({ lat: row.lat, lon: row.lon }, zone === 'mandatory' ? row.mandatory_m : row.preferred_m)] },
      })),
    ),
  };
}


/** The cordons in force with the roads they close, oldest first: the traffic room's list and map. */
export async function listRoadClosures(core: Pick<Core, 'db' | 'state'>): Promise<RoadClosure[]> {
  const rows = await listActiveCordonRows(core.db);
  const graph = await getRoadGraph(core);
  return rows
    .map((row) => {
      const centre = { lat: row.lat, lon: row.lon };
      const { segments, roads } = closedRoads(graph, centre, row.mandatory_m);
      return {
        incident: row.incident_number,
        deviceClass: row.device_class,
        centre,
        mandatoryM: row.mandatory_m,
        preferredM: row.preferred_m,
        version: row.version,
        setAt: row.set_at,
        updatedAt: row.updated_at,
        roads,
        segments: segments.map((s) => ({ road: s.road, roadClass: s.roadClass, line: [[...s.line[0]], [...s.line[1]]] as [number, number][] })),
        perimeter: perimeterPoints(graph, centre, row.preferred_m),
      };
    })
    .sort((a, b) => (a.setAt < b.setAt ? -1 : a.setAt > b.setAt ? 1 : a.incident < b.incident ? -1 : 1));
}
