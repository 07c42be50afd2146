import type { Actor, Principal } from '../core/auth/principal.js';
import { Permission } from '../core/auth/permission.js';
import { actorOf } from '../core/auth/principal.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import type { CardMoved } from '../contract/identity.events.js';
import { parseTd1 } from './icao/mrz.js';
import {
  CardAction,
  CardStatus,
  allowedCardActions,
  documentNumberOfMrz,
  effectiveCardStatus,
  nextCardStatus,
  type Card,
  type CardStatusChange,
  type Verification,
} from './card.js';
import { findCardRow, listCardRowsOfPerson, listCardRowsPastExpiry, updateCardRow, type IdentityCardTable } from './card.repository.js';
import { identityKeystore } from './identity-keystore.js';
import { cardStream } from './identity.js';
import { personPlace } from './person-vault.js';
import { findPersonKey, findPersonRow } from './person.repository.js';
import { recordReads } from './person.service.js';
import { findResidentKey, findResidentRow } from './resident.repository.js';
import { residentStream } from './resident.service.js';
import { isForeignerNumber } from '../contract/permit.js';
import { mrzDigest, registerKeys } from './register-keys.js';
import { openBytes } from '../core/sealing.js';
import { startSweep, type Sweep } from '../core/sweep.js';
import { localDay } from '../core/time-zone.js';

/** A card as the API gives it; `mrz` is its MRZ opened with the holder's key, empty once the holder is erased. */
export function cardRowToCard(row: IdentityCardTable, mrz: readonly string[], today: string): Card {
  const status = row.status;
  return {
    documentNumber: row.document_number,
    nin: row.nin,
    application: row.application_number,
    status,
    effectiveStatus: effectiveCardStatus(status, row.date_of_expiry, today),
    statusAt: row.status_at,
    mrz: [...mrz],
    dateOfIssue: row.date_of_issue,
    dateOfExpiry: row.date_of_expiry,
    centre: row.centre_code,
    signerSerial: row.signer_serial,
    replacedBy: row.replaced_by,
    allowedActions: allowedCardActions(status),
    holderErased: row.holder_erased_at !== null,
  };
}

/** The data key of a card's holder: a person of the national register, or a foreign resident (a residence permit). */
async function holderKey(db: Core['db'], keys: ReturnType<typeof registerKeys>, holder: string): Promise<Buffer | undefined> {
  return isForeignerNumber(holder) ? findResidentKey(db, keys, holder) : findPersonKey(db, keys, holder);
}

/** A card of the register with its MRZ opened (none once its holder is erased). */
async function cardOf(core: Pick<Core, 'db' | 'clock' | 'config' | 'log'>, row: IdentityCardTable): Promise<Card> {
  const dataKey = row.holder_erased_at === null ? await holderKey(core.db, registerKeys(core), row.nin) : undefined;
  const mrz = dataKey === undefined ? [] : openBytes(dataKey, row.mrz, personPlace.cardMrz(row.document_number)).toString('utf8').split('\n');
  return cardRowToCard(row, mrz, localDay(core.clock.now()));
}

/**
 * Moves a card through its lifecycle inside a command, journaled on its stream; refused (409) when the
 * table does not allow it.
 */
export async function applyCardAction(scope: CommandScope, row: IdentityCardTable, action: CardAction, data: Omit<CardMoved, 'from' | 'to'> = {}): Promise<IdentityCardTable> {
  const to = nextCardStatus(row.document_number, row.status, action);
  const replacedBy = typeof data.replacedBy === 'string' ? data.replacedBy : row.replaced_by;
  await updateCardRow(scope.trx, row.document_number, { status: to, status_at: scope.at, replaced_by: replacedBy });
  scope.record(cardStream(row.document_number), `identity_card.${pastOf[action]}`, { from: row.status, to, ...data });
  return { ...row, status: to, status_at: scope.at, replaced_by: replacedBy };
}

const pastOf = {
  deliver: 'delivered',
  suspend: 'suspended',
  reinstate: 'reinstated',
  declare_lost: 'declared_lost',
  declare_stolen: 'declared_stolen',
  revoke: 'revoked',
  expire: 'expired',
  replace: 'replaced',
} as const satisfies Record<CardAction, string>;

/** The cards of a person that a loss or theft declaration concerns: those not already out of use. */
export async function cardsInUse(scope: CommandScope, nin: string): Promise<IdentityCardTable[]> {
  const cards = await listCardRowsOfPerson(scope.trx, nin, { lock: true });
  return cards.filter((card) => card.status === CardStatus.active || card.status === CardStatus.suspended || card.status === CardStatus.pending);
}

export async function getCard(core: Pick<Core, 'db' | 'clock' | 'config' | 'log'>, documentNumber: string): Promise<Card> {
  const row = await findCardRow(core.db, documentNumber);
  if (row === undefined) throw new DomainError('not_found', `no card has document number ${documentNumber}`);
  return cardOf(core, row);
}

/** Suspends, reinstates, declares lost or stolen, or revokes a card, with the reason journaled. */
export async function changeCardStatus(core: Core, actor: Actor, documentNumber: string, change: CardStatusChange): Promise<Card> {
  const row = await runCommand(core, actor, async (scope) => {
    const card = await findCardRow(scope.trx, documentNumber, { lock: true });
    if (card === undefined) throw new DomainError('not_found', `no card has document number ${documentNumber}`);
    return applyCardAction(scope, card, change.action, { reason: change.reason });
  });
  return cardOf(core, row);
}

/** Cards expired per command of the sweep: a year's expiries go through in commands of this size. */
const EXPIRY_BATCH = 500;

/** The actor of the expiry sweep when the server runs it. */
export const EXPIRY_ACTOR: Actor = 'system:identity-expiry';

/**
 * The expiry sweep: every card in use (active or suspended) whose expiry date is before `today` (the
 * centre's day, by default today) becomes `expired`, each change journaled on the card's stream. Lost,
 * stolen, revoked and replaced cards keep their status. Verification already reads such cards as
 * expired; the sweep makes the register say so too, for the figures and for whoever reads it.
 */
export async function expireCards(core: Core, actor: Actor, today = localDay(core.clock.now())): Promise<{ day: string; expired: number }> {
  let expired = 0;
  for (;;) {
    const done = await runCommand(core, actor, async (scope) => {
      const due = await listCardRowsPastExpiry(scope.trx, today, EXPIRY_BATCH);
      for (const card of due) await applyCardAction(scope, card, CardAction.expire, { dateOfExpiry: card.date_of_expiry });
      return due.length;
    });
    expired += done;
    if (done < EXPIRY_BATCH) return { day: today, expired };
  }
}

/** How often the server runs the expiry sweep: a card expires at the end of its day, so hourly is plenty. */
const EXPIRY_SWEEP_EVERY_MS = 60 * 60_000;

/**
 * Runs the expiry sweep now and then every hour, in the background (the timer does not hold the
 * process open). A failed sweep is logged and tried again at the next hour. Returns the stop, which
 * waits for a sweep under way.
 */
export function startExpirySweep(core: Core): Sweep {
  return startSweep(core, {
    name: 'the identity card expiry sweep',
    everyMs: EXPIRY_SWEEP_EVERY_MS,
    runAtStart: true,
    run: async () => {
      const { day, expired } = await expireCards(core, EXPIRY_ACTOR);
      if (expired > 0) core.log.info({ day, expired }, 'identity cards past their expiry date marked expired');
    },
  });
}

/**
 * What a card's check says. Anyone gets `valid` and the status (no personal data); a caller holding
 * `identity.verify` also gets the holder's names, birth date and the expiry, and that read of the
 * holder's record is journaled. A card whose holder was erased is `erased`, for everyone.
 */
export async function verifyCard(core: Core, caller: Principal | undefined, documentNumber: string, via: 'number' | 'mrz' = 'number'): Promise<Verification> {
  const row = await findCardRow(core.db, documentNumber);
  if (row === undefined) return { valid: false, status: 'unknown' };
  if (row.holder_erased_at !== null) return { valid: false, status: 'erased' };
  return verdictOf(core, caller, row, via);
}

async function verdictOf(core: Core, caller: Principal | undefined, row: IdentityCardTable, via: string): Promise<Verification> {
  const status = effectiveCardStatus(row.status, row.date_of_expiry, localDay(core.clock.now()));
  const verdict: Verification = { valid: status === CardStatus.active, status };
  if (caller === undefined || !caller.permissions.has(Permission.identityVerify)) return verdict;
  // A residence permit's holder is a foreign resident: the same answer, the read journaled on their stream.
  if (isForeignerNumber(row.nin)) return residentVerdict(core, caller, row, verdict, via);
  const person = await findPersonRow(core.db, registerKeys(core), row.nin);
  if (person === undefined) return verdict;
  await runCommand(core, actorOf(caller), async (scope) => recordReads(scope, [row.nin], `verification of card ${row.document_number} (${via})`, 'verification'));
  return {
    ...verdict,
    documentNumber: row.document_number,
    dateOfExpiry: row.date_of_expiry,
    holder: {
      nin: person.nin,
      surname: person.surname,
      givenNames: person.given_names,
      surnameAr: person.surname_ar,
      givenNamesAr: person.given_names_ar,
      dateOfBirth: person.birth_date,
      sex: person.sex,
    },
  };
}

async function residentVerdict(core: Core, caller: Principal, row: IdentityCardTable, verdict: Verification, via: string): Promise<Verification> {
  const resident = await findResidentRow(core.db, registerKeys(core), row.nin);
  if (resident === undefined) return verdict;
  await runCommand(core, actorOf(caller), async ({ record }) => record(residentStream(row.nin), 'identity_resident.read', { reason: `verification of card ${row.document_number} (${via})`, via: 'verification' }));
  return {
    ...verdict,
    documentNumber: row.document_number,
    dateOfExpiry: row.date_of_expiry,
    holder: {
      nin: resident.number,
      surname: resident.surname,
      givenNames: resident.given_names,
      surnameAr: resident.surname_ar ?? '',
      givenNamesAr: resident.given_names_ar ?? '',
      dateOfBirth: resident.birth_date,
      sex: resident.sex,
    },
  };
}

/**
 * Verifies a card from its full MRZ: the library reads it and checks every check digit (a misread is
 * refused naming the line), then the MRZ must be the one the register holds for that document number,
 * else the verdict is `mismatch`. The register compares keyed digests (register-keys.ts `mrzDigest`):
 * nothing is decrypted to answer.
 */
export async function verifyMrz(core: Core, caller: Principal | undefined, lines: readonly string[]): Promise<Verification> {
  parseTd1(lines, { today: core.clock.now() });
  const row = await findCardRow(core.db, documentNumberOfMrz(lines[0]!));
  if (row === undefined) return { valid: false, status: 'unknown' };
  if (row.holder_erased_at !== null) return { valid: false, status: 'erased' };
  if (row.mrz_hmac !== mrzDigest(registerKeys(core), lines.join('\n'))) return { valid: false, status: 'mismatch' };
  return verdictOf(core, caller, row, 'mrz');
}

/** The CSCA certificate, published for passive authentication of the cards' chips. */
export async function cscaCertificate(core: Pick<Core, 'config' | 'log' | 'clock'>): Promise<string> {
  return (await identityKeystore(core)).cscaCertificatePem();
}
