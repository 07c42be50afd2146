import type { Actor } from '../core/auth/principal.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import { withSecureDelete } from '../core/database.js';
import { DomainError } from '../core/errors.js';
import { deleteBiometricsOfPerson, findOpenApplication } from './application.repository.js';
import { cancelBookingOf } from './appointment.service.js';
import { CardAction, allowedCardActions } from './card.js';
import { listCardRowsOfPerson, markCardsOfErasedHolder } from './card.repository.js';
import { applyCardAction } from './card.service.js';
import { personStream } from './identity.js';
import type { ErasedPerson, PersonErasure } from './person.js';
import { erasePersonRows, findErasure, reclaimErasedSpace } from './person.repository.js';
import { erasedPerson, requirePerson } from './person.service.js';

/**
 * Erases a person from the register, where the law allows it (Moroccan law 09-08 on personal data, a
 * court's decision), in one command: their booked appointment cancelled, their cards revoked and marked
 * as an erased holder's (the MRZ's keyed digest gone), their enrolled biometrics deleted, their record
 * and their data key deleted. Whatever was sealed under that key — the record's earlier versions, the
 * changes they asked for, their cards' MRZ and SOD, the journal's copies — can no longer be opened,
 * wherever a copy lies; the journal keeps its chain, and records the erasure with its reason and legal
 * basis (no personal data). Refused while an application of theirs is in progress.
 */
export async function erasePerson(core: Core, actor: Actor, nin: string, erasure: PersonErasure): Promise<ErasedPerson> {
  // Everything deleted here is zeroed in the file, free pages too.
  const row = await withSecureDelete(core.db, () => runCommand(core, actor, async (scope) => {
    const { trx, at, record } = scope;
    const done = await findErasure(trx, nin);
    if (done !== undefined) throw new DomainError('conflict', `the record of ${nin} was already erased on ${done.erased_at.slice(0, 10)}`);
    await requirePerson(trx, nin, { lock: true });
    const open = await findOpenApplication(trx, nin);
    if (open !== undefined) {
      throw new DomainError('conflict', `${nin} has application ${open.number} in progress (${open.status}); reject it, or hand the card over, before erasing the record`);
    }
    const appointment = await cancelBookingOf(scope, nin);
    const revoked: string[] = [];
    for (const card of await listCardRowsOfPerson(trx, nin, { lock: true })) {
      if (!allowedCardActions(card.status).includes(CardAction.revoke)) continue;
      await applyCardAction(scope, card, CardAction.revoke, { reason: 'the holder was erased from the register' });
      revoked.push(card.document_number);
    }
    await markCardsOfErasedHolder(trx, nin, at);
    const enrolments = await deleteBiometricsOfPerson(trx, nin);
    const erased = { nin, erased_at: at, erased_by: actor, reason: erasure.reason, legal_basis: erasure.legalBasis };
    await erasePersonRows(trx, erased);
    record(personStream(nin), 'identity_person.erased', {
      reason: erasure.reason,
      legalBasis: erasure.legalBasis,
      cardsRevoked: revoked,
      enrolmentsDeleted: enrolments,
      appointmentCancelled: appointment ?? null,
    });
    return erased;
  }));
  await reclaimErasedSpace(core.db, core.log);
  return erasedPerson(row, await listCardRowsOfPerson(core.db, nin));
}
