import type { Actor } from '../core/auth/principal.js';
import { findUserByUsername } from '../core/auth/user.repository.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation } from '../core/database.js';
import { DomainError } from '../core/errors.js';
import { findEvents } from '../core/journal.repository.js';
import { getCallsOfIncident } from '../calls/index.js';
import { getAssignments } from '../dispatch/index.js';
import { findUnit, type Unit } from '../units/index.js';
import { getCatalogue, getIncident, getNotes, type Incident, incidentStream, receiveIncident } from '../incidents/index.js';
import { buildEido, readEido, type ReceivedEido } from './eido.js';
import { findReceived, insertReceived } from './eido.repository.js';

/** An incident as an EIDO 1.0 document, for another centre. */
export async function exportEido(core: Core, number: string): Promise<Record<string, unknown>> {
  const incident = await getIncident(core.db, number);
  const [notes, calls, catalogue, created] = await Promise.all([
    getNotes(core.db, number),
    getCallsOfIncident(core.db, number),
    getCatalogue(core),
    findEvents(core.db, { stream: incidentStream(number), afterSeq: 0, limit: 1 }),
  ]);
  const createdBy = created[0]?.actor ?? 'system:unknown';
  const assignments = await getAssignments(core.db, number);
  const units = new Map<string, Unit>();
  for (const callSign of new Set(assignments.map((a) => a.callSign))) {
    const unit = await findUnit(core, callSign);
    if (unit !== undefined) units.set(callSign, unit);
  }
  const usernames = new Set<string>();
  for (const actor of [createdBy, ...notes.map((n) => n.author), ...assignments.map((a) => a.assignedBy)]) if (actor.startsWith('user:')) usernames.add(actor.slice(5));
  for (const call of calls) if (call.callTaker !== null) usernames.add(call.callTaker);
  for (const unit of units.values()) for (const username of unit.crew) usernames.add(username);
  const roles = new Map<string, readonly string[]>();
  for (const username of usernames) roles.set(username, (await findUserByUsername(core.db, username))?.roles ?? []);
  return buildEido({
    agencyId: core.config.agencyId,
    incident,
    type: catalogue.find((t) => t.code === incident.type),
    createdBy,
    notes,
    calls,
    resources: assignments.map((assignment) => ({ assignment, unit: units.get(assignment.callSign) })),
    roles,
  });
}

export interface EidoReceipt {
  readonly incident: Incident;
  readonly warnings: string[];
}

/**
 * Opens an incident from another centre's EIDO document (CAD-to-CAD transfer). A document is received
 * once: sending the same one again is refused with the number it was given.
 */
export async function importEido(core: Core, actor: Actor, doc: ReceivedEido): Promise<EidoReceipt> {
  const catalogue = await getCatalogue(core);
  const read = readEido(doc, catalogue);
  const already = async () => {
    const known = await findReceived(core.db, doc.$id);
    return known === undefined ? undefined : alreadyReceived(doc.$id, known.incident_number);
  };
  const known = await already();
  if (known !== undefined) throw known;
  try {
    const incident = await receiveIncident(core, actor, catalogue, read.incident, async (trx, number) => {
      await insertReceived(trx, { eido_id: doc.$id, incident_number: number, agency: read.incident.source.agency, received_at: core.clock.now().toISOString() });
    });
    return { incident, warnings: [...read.warnings] };
  } catch (error) {
    // Two deliveries of one document at once: the second finds the first's row.
    if (isUniqueViolation(error)) throw (await already()) ?? error;
    throw error;
  }
}

function alreadyReceived(eidoId: string, number: string): DomainError {
  return new DomainError('conflict', `EIDO document ${eidoId} was already received as incident ${number}`, {
    errors: [{ field: '$id', message: `was already received as incident ${number}` }],
  });
}
