import { randomUUID } from 'node:crypto';
import { priorityRank } from '../contract/incident.js';
import type { Actor, Principal } from '../core/auth/principal.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { applyActionInCommand, getIncident, type Incident, type IncidentStatus, incidentStream, lockIncident } from '../incidents/index.js';
import {
  dispatchUnitInCommand,
  findUnitInCommand,
  followUnitStatus,
  getUnitInCommand,
  mayActForUnit,
  releaseUnitInCommand,
  undoDispatchInCommand,
  unitStream,
  unitTopic,
  type UnitInCommand,
  type UnitStatus,
} from '../units/index.js';
import { UNDO_REASON, undoRefusal, undoWindowEnd, type Assignment, type DispatchOrder } from './dispatch.js';
import { etasTo } from './recommend.service.js';
import { countUnitsOn, findOpenAssignment, insertAssignment, listAssignments, updateAssignment, type AssignmentTable } from './dispatch.repository.js';

/** What happens to an incident when its units move, keyed by the unit's new status. */
const incidentFollows: Partial<Record<UnitStatus, { from: readonly IncidentStatus[]; action: 'en_route' | 'arrive' }>> = {
  en_route: { from: ['dispatched'], action: 'en_route' },
  on_scene: { from: ['dispatched', 'en_route'], action: 'arrive' },
};

/**
 * Makes incidents follow their units, in the transaction that moves the unit: the first unit en route
 * puts the incident en route, the first on scene puts it on scene; when the last unit leaves, an incident
 * on scene is cleared, one not yet reached is recalled to new.
 */
export function startFollowingUnits(core: Core): () => void {
  return followUnitStatus(core, async (scope, unit, _from, to) => {
    const number = unit.incident;
    if (number === null) return;
    const incident = await lockIncident(scope, number);
    const follows = incidentFollows[to];
    if (follows !== undefined) {
      if (follows.from.includes(incident.status)) await applyActionInCommand(scope, number, follows.action);
      return;
    }
    if (to !== 'available' && to !== 'off_duty' && to !== 'out_of_service') return;
    const assignment = await findOpenAssignment(scope.trx, number, unit.callSign);
    if (assignment !== undefined) await updateAssignment(scope.trx, assignment.id, { released_at: scope.at, release_reason: `unit ${to}` });
    await afterUnitLeft(scope, incident, `last unit ${unit.callSign} became ${to}`);
  });
}

/** When no unit is left on an incident: cleared if they reached it, recalled to new if not. */
async function afterUnitLeft(scope: CommandScope, incident: Incident, reason: string): Promise<void> {
  if ((await countUnitsOn(scope.trx, incident.number)) > 0) return;
  if (incident.status === 'on_scene') await applyActionInCommand(scope, incident.number, 'clear');
  else if (incident.status === 'dispatched' || incident.status === 'en_route') await applyActionInCommand(scope, incident.number, 'recall', reason);
}

/**
 * Sends units to an incident: each must be free to go (available or busy), or, with `divert`, on a
 * lower-priority incident it is taken off. The incident becomes dispatched; each unit is told on its
 * device (MQTT) and on `/live`.
 */
export async function assignUnits(
  core: Core,
  actor: Actor,
  number: string,
  callSigns: readonly string[],
  options: { divert?: boolean; etas?: ReadonlyMap<string, number>; reason?: string } = {},
): Promise<Assignment[]> {
  const orders: { callSign: string; order: DispatchOrder }[] = [];
  await runCommand(core, actor, async (scope) => {
    const { trx, at, record } = scope;
    const incident = await lockIncident(scope, number);
    // The first unit of this command dispatches the incident; an undo of it puts that status back.
    let incidentBefore: IncidentStatus | null = null;
    if (incident.status === 'new' || incident.status === 'cleared') {
      incidentBefore = incident.status;
      await applyActionInCommand(scope, number, 'dispatch');
    } else if (incident.status !== 'dispatched' && incident.status !== 'en_route' && incident.status !== 'on_scene') {
      throw new DomainError('invalid_transition', `incident ${number} is \`${incident.status}\`; units cannot be sent to it`, { allowed: incident.allowedActions });
    }
    for (const [i, callSign] of callSigns.entries()) {
      let unit = await findUnitInCommand(scope, callSign);
      if (unit === undefined) throw invalidField(`units.${i}`, `no unit has call sign ${callSign}`);
      if (unit.incident === number) throw invalidField(`units.${i}`, `${callSign} is already on ${number}`, 'conflict');
      const statusBefore = unit.status;
      const diverted = unit.incident !== null;
      if (unit.incident !== null) {
        const other = await lockIncident(scope, unit.incident);
        if (options.divert !== true || priorityRank(other.priority) <= priorityRank(incident.priority)) {
          throw invalidField(
            `units.${i}`,
            `${callSign} is on ${other.number} (${other.priority})${options.divert === true ? ', which is not of lower priority' : '; send divert to take it off'}`,
            'conflict',
          );
        }
        unit = await leaveIncident(scope, unit, other, `diverted to ${number} (${incident.priority})`);
        orders.push({ callSign, order: { type: 'released', incident: other.number, at, reason: `diverted to ${number}` } });
      }
      const etaS = options.etas?.get(callSign) ?? null;
      await dispatchUnitInCommand(scope, unit, incident, { etaS, ...(diverted ? { divertedFrom: statusBefore } : {}) });
      await insertAssignment(trx, {
        id: randomUUID(),
        incident_number: number,
        call_sign: callSign,
        assigned_at: at,
        assigned_by: actor,
        eta_s: etaS,
        acknowledged_at: null,
        released_at: null,
        release_reason: null,
        unit_status_before: diverted ? null : statusBefore,
        incident_status_before: i === 0 ? incidentBefore : null,
      });
      record(incidentStream(number), 'incident.unit_assigned', { unit: callSign, kind: unit.kind, ...(etaS === null ? {} : { etaS }), ...(options.reason === undefined ? {} : { reason: options.reason }) });
      orders.push({
        callSign,
        order: {
          type: 'assigned',
          incident: number,
          at,
          priority: incident.priority,
          incidentType: incident.type,
          location: incident.location,
          address: incident.address,
          summary: incident.summary,
        },
      });
    }
  });
  await sendOrders(core, orders);
  return getAssignments(core.db, number);
}

/** Sends units as a dispatcher does (`assignUnits`), with the road times as they stand now kept with each assignment. */
export async function dispatchUnits(
  core: Core,
  actor: Actor,
  number: string,
  callSigns: readonly string[],
  options: { divert?: boolean; reason?: string } = {},
): Promise<Assignment[]> {
  const etas = await etasTo(core, await getIncident(core.db, number), callSigns);
  return assignUnits(core, actor, number, callSigns, { ...options, etas });
}

/** Takes a unit off an incident, with a reason; it becomes available again. */
export async function releaseUnit(core: Core, actor: Actor, number: string, callSign: string, reason: string): Promise<Assignment[]> {
  let at = '';
  await runCommand(core, actor, async (scope) => {
    at = scope.at;
    const incident = await lockIncident(scope, number);
    const unit = await findUnitInCommand(scope, callSign);
    if (unit === undefined || unit.incident !== number) throw invalidField('unit', `${callSign} is not on ${number}`);
    await leaveIncident(scope, unit, incident, reason);
  });
  await sendOrders(core, [{ callSign, order: { type: 'released', incident: number, at, reason } }]);
  return getAssignments(core.db, number);
}

/**
 * Takes back an assignment its author made a moment ago (a slip): the unit goes back to the status it
 * had (available or busy) and is told on its device, the incident goes back to the status it had when
 * no other unit is on it (new, or cleared), and the undo is journaled with reason `undo`. Refused once
 * the unit has set off, after the window, for a unit diverted from another incident, and for anyone
 * but the assignment's author (see `undoRefusal`).
 */
export async function undoAssignment(core: Core, actor: Actor, number: string, callSign: string): Promise<Assignment[]> {
  let at = '';
  await runCommand(core, actor, async (scope) => {
    const { trx, record } = scope;
    at = scope.at;
    const incident = await lockIncident(scope, number);
    const unit = await findUnitInCommand(scope, callSign);
    if (unit === undefined) throw invalidField('unit', `no unit has call sign ${callSign}`);
    const assignment = unit.incident === number ? await findOpenAssignment(trx, number, callSign) : undefined;
    if (assignment === undefined) throw invalidField('unit', `${callSign} is not on ${number}: there is no assignment to undo`, 'conflict');
    const refusal = undoRefusal(
      {
        callSign,
        incident: number,
        assignedAt: assignment.assigned_at,
        assignedBy: assignment.assigned_by,
        unitStatusBefore: assignment.unit_status_before,
        unitStatus: unit.status,
      },
      actor,
      Date.parse(at),
    );
    if (refusal !== undefined) throw refusal;
    // Not null: an assignment without the status before is refused above.
    const back = assignment.unit_status_before as UnitStatus;
    await updateAssignment(trx, assignment.id, { released_at: at, release_reason: UNDO_REASON });
    await undoDispatchInCommand(scope, unit, back, UNDO_REASON);
    record(incidentStream(number), 'incident.assignment_undone', { unit: callSign, reason: UNDO_REASON, assignedAt: assignment.assigned_at });
    if ((await countUnitsOn(trx, number)) > 0) return;
    if (assignment.incident_status_before === 'cleared' && incident.status === 'dispatched') await applyActionInCommand(scope, number, 'reclear', UNDO_REASON);
    else await afterUnitLeft(scope, incident, UNDO_REASON);
  });
  await sendOrders(core, [{ callSign, order: { type: 'released', incident: number, at, reason: UNDO_REASON } }]);
  return getAssignments(core.db, number);
}

async function leaveIncident(scope: CommandScope, unit: UnitInCommand, incident: Incident, reason: string): Promise<UnitInCommand> {
  const assignment = await findOpenAssignment(scope.trx, incident.number, unit.callSign);
  if (assignment !== undefined) await updateAssignment(scope.trx, assignment.id, { released_at: scope.at, release_reason: reason });
  const released = await releaseUnitInCommand(scope, unit, reason);
  scope.record(incidentStream(incident.number), 'incident.unit_released', { unit: unit.callSign, reason });
  await afterUnitLeft(scope, incident, `units taken off: ${reason}`);
  return released;
}

/** The unit's crew (or device) confirms it received the assignment. */
export async function acknowledge(core: Core, principal: Principal, actor: Actor, callSign: string): Promise<Assignment> {
  let number = '';
  await runCommand(core, actor, async (scope) => {
    const { trx, at, record } = scope;
    const unit = await getUnitInCommand(scope, callSign);
    if (!mayActForUnit(principal, unit)) throw new DomainError('forbidden', `you may acknowledge for your own unit only, not ${callSign}`);
    if (unit.incident === null) throw new DomainError('conflict', `${callSign} has no assignment to acknowledge`);
    number = unit.incident;
    const assignment = await findOpenAssignment(trx, number, callSign);
    if (assignment === undefined || assignment.acknowledged_at !== null) return;
    await updateAssignment(trx, assignment.id, { acknowledged_at: at });
    record(unitStream(callSign), 'unit.acknowledged', { incident: number });
  });
  const found = (await getAssignments(core.db, number)).filter((a) => a.callSign === callSign && a.releasedAt === null);
  return found[found.length - 1]!;
}

export async function getAssignments(db: Db, number: string): Promise<Assignment[]> {
  await getIncident(db, number);
  return (await listAssignments(db, number)).map(assignmentOf);
}

function assignmentOf(row: AssignmentTable): Assignment {
  return {
    callSign: row.call_sign,
    assignedAt: row.assigned_at,
    assignedBy: row.assigned_by,
    etaS: row.eta_s,
    acknowledgedAt: row.acknowledged_at,
    releasedAt: row.released_at,
    releaseReason: row.release_reason,
    undoableUntil: row.released_at === null && row.unit_status_before !== null ? undoWindowEnd(row.assigned_at) : null,
  };
}

/** Tells each unit's device over MQTT (at least once); the journal already told `/live`. */
async function sendOrders(core: Core, orders: readonly { callSign: string; order: DispatchOrder }[]): Promise<void> {
  const mqtt = core.mqtt;
  if (mqtt === undefined) return;
  for (const { callSign, order } of orders) {
    try {
      await mqtt.publish(unitTopic(callSign, 'dispatch'), JSON.stringify(order), { qos: 1 });
    } catch (error) {
      // The assignment stands (it is committed and on /live); the device will read it from the API.
      core.log.warn({ err: error, callSign }, 'dispatch order not delivered over MQTT');
    }
  }
}
