import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db } from '../core/database.js';
import { DomainError } from '../core/errors.js';
import { ApplicationAction, ApplicationStatus, nextApplicationStatus, type Application, type HandoverBody } from './application.js';
import { listApplicationRows } from './application.repository.js';
import { applyApplicationAction, getApplication, getApplicationRow } from './application.service.js';
import { getDeskRow } from './appointment.service.js';
import { CardAction, CardStatus } from './card.js';
import { findCardOfApplication, listCardRowsOfPerson } from './card.repository.js';
import { applyCardAction } from './card.service.js';
import { applicationStream } from './identity.js';
import { BatchAction, BatchStatus, type BatchWithApplications, type DeskDeliveries } from './production.js';
import { listBatchRows } from './production.repository.js';
import { batchRowToBatch, moveBatch } from './production.service.js';
import { getPersonRow } from './person.service.js';
import { registerKeys } from './register-keys.js';

/** The desk received a shipped batch: its cards are ready to be handed over. */
export async function receiveBatch(core: Core, actor: Actor, id: string): Promise<BatchWithApplications> {
  return moveBatch(core, actor, id, BatchAction.receive, ApplicationAction.receive, ApplicationStatus.sentToStation, 'received_at', 'identity_batch.received');
}

/**
 * Hands a ready card to its holder, against a check of the person in front of the clerk: the national
 * ID number and birth date given must be the holder's. Then the application is delivered, the card
 * active, and the holder's earlier cards still in use replaced (a lost or stolen one keeps its status).
 * A failed check is refused (409) and journaled, and hands nothing over.
 */
export async function handOver(core: Core, actor: Actor, number: string, check: HandoverBody): Promise<Application> {
  const application = await getApplicationRow(core.db, number);
  nextApplicationStatus(number, application.status, ApplicationAction.deliver);
  const holder = await getPersonRow(core.db, registerKeys(core), application.nin);
  const mismatch = [...(check.nin === holder.nin ? [] : ['nin']), ...(check.birthDate === holder.birth_date ? [] : ['birthDate'])];
  if (mismatch.length > 0) {
    await runCommand(core, actor, async ({ record }) => record(applicationStream(number), 'identity_application.handover_refused', { mismatch }));
    throw new DomainError('conflict', `the ${mismatch.join(' and ')} given do not match the holder of application ${number}; the card was not handed over`, {
      errors: mismatch.map((field) => ({ field, message: 'does not match the holder' })),
    });
  }
  await runCommand(core, actor, async (scope) => {
    const row = await getApplicationRow(scope.trx, number, { lock: true });
    const card = await findCardOfApplication(scope.trx, number, { lock: true });
    if (card === undefined) throw new DomainError('conflict', `application ${number} has no card in the register`);
    await applyApplicationAction(scope, actor, row, ApplicationAction.deliver, { data: { documentNumber: card.document_number } });
    await applyCardAction(scope, card, CardAction.deliver, { application: number });
    for (const older of await listCardRowsOfPerson(scope.trx, row.nin, { lock: true })) {
      const inUse = older.status === CardStatus.active || older.status === CardStatus.suspended || older.status === CardStatus.expired;
      if (older.document_number !== card.document_number && inUse) await applyCardAction(scope, older, CardAction.replace, { replacedBy: card.document_number });
    }
  });
  return getApplication(core, number);
}

/** What a desk has coming and waiting: batches shipped to it or received, and the cards ready for their holders. */
export async function deskDeliveries(db: Db, desk: string): Promise<DeskDeliveries> {
  await getDeskRow(db, desk);
  const batches = await listBatchRows(db, { desk, status: [BatchStatus.shipped, BatchStatus.received] });
  const ready = await listApplicationRows(db, { desk, status: ApplicationStatus.ready, limit: 1_000 });
  return {
    desk,
    batches: batches.map(batchRowToBatch),
    ready: ready.map((row) => ({ application: row.number, documentNumber: row.document_number, since: row.status_at })),
  };
}
