import type { Actor } from '../core/auth/principal.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db, type Trx } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { openBytes, sealBytes } from '../core/sealing.js';
import { startSweep, type Sweep } from '../core/sweep.js';
import { localDay } from '../core/time-zone.js';
import { icaoStateCode } from '../contract/countries.js';
import {
  addMonths,
  DEFAULT_PERMIT_RULES,
  PERMIT_DOCUMENT_CODE,
  PermitAction,
  PermitKind,
  permitFileOpen,
  permitLifecycle,
  PermitStatus,
  permitValidityYears,
  ReceiptStatus,
  reminderDue,
  type ChecklistDocument,
  type PermitRules,
} from '../contract/permit.js';
import type {
  Checklist,
  ChecklistChange,
  NewPermitApplication,
  PermitApplication,
  PermitDecision,
  PermitFigures,
  PermitHandover,
  PermitReminder,
  PresentedDocuments,
  Receipt,
  ReceiptDocument,
} from '../contract/permit.schema.js';
import { findDeskRow } from './appointment.repository.js';
import { CardAction, CardStatus } from './card.js';
import { findCardRow, insertCardRows, listCardRowsOfPerson } from './card.repository.js';
import { applyCardAction } from './card.service.js';
import { jpegFrame } from './icao/lds.js';
import type { CardData, DocumentSigner } from './icao/personalisation.js';
import { takeCounter } from './identity.repository.js';
import { addDays, addYears, cardStream, yearOf } from './identity.js';
import {
  countPermitsIssued,
  countPermitsProduced,
  findPermitApplicationRow,
  listPermitApplicationRows,
  findPermitRulesRow,
  findReceiptRow,
  firstPermitIssued,
  insertPermitApplicationRow,
  insertReceiptRow,
  insertReminderRows,
  listChecklistRows,
  listDeskReminderRows,
  listPermitQueueRows,
  listPermitsExpiringBetween,
  lockPermitApplicationRows,
  listReminderRowsOf,
  replaceChecklistRows,
  savePermitRulesRow,
  updatePermitApplicationRow,
  updateReceiptRow,
  type IdentityPermitApplicationTable,
  type IdentityPermitReceiptTable,
  type IdentityPermitReminderTable,
} from './permit.repository.js';
import { personPlace } from './person-vault.js';
import { formatDocumentNumber } from './production.js';
import { mrzDigest, registerKeys, type RegisterKeys } from './register-keys.js';
import { findResidentRows, residentPlace, type ResidentRow } from './resident.repository.js';
import { issueSeal, revokeSealInCommand } from './seal.service.js';
import { SealKind } from '../contract/seal.js';
import { getResidentRow, residentStream } from './resident.service.js';

/** The journal stream of a residence-permit application and its receipt (no personal data). */
export function permitStream(application: string): string {
  return `identity-permit/${application}`;
}
export const PERMIT_RULES_STREAM = 'identity-permit-rules/current';
export function checklistStream(kind: string): string {
  return `identity-permit-checklist/${kind}`;
}

/** The issuing state of every permit (ICAO code). */
const MOROCCO = 'MAR';

// --- Rules and checklists -------------------------------------------------------------------------

/** The residence-permit rules in force: the administrator's, or the defaults (contract/permit.ts). */
export async function getPermitRules(db: Db | Trx): Promise<PermitRules> {
  const row = await findPermitRulesRow(db);
  return row === undefined ? DEFAULT_PERMIT_RULES : (JSON.parse(row.rules) as PermitRules);
}

/** Replaces the rules (journaled whole); the reminder days are kept largest first, each once. */
export async function savePermitRules(core: Core, actor: Actor, rules: PermitRules): Promise<PermitRules> {
  const reminderDays = [...new Set(rules.reminderDays)].sort((a, b) => b - a);
  for (const [i, years] of rules.validityYears.entries()) {
    if (i > 0 && years < rules.validityYears[i - 1]!) throw invalidField(`validityYears[${i}]`, 'a renewal is never shorter than the card before it');
  }
  const saved: PermitRules = { ...rules, reminderDays };
  return runCommand(core, actor, async ({ trx, at, record }) => {
    await savePermitRulesRow(trx, { id: 1, rules: JSON.stringify(saved), updated_at: at, updated_by: actor });
    record(PERMIT_RULES_STREAM, 'identity_permit_rules.saved', saved);
    return saved;
  });
}

function checklistOf(rows: Awaited<ReturnType<typeof listChecklistRows>>): ChecklistDocument[] {
  return rows.map((row) => ({ code: row.code, label: row.label, labelAr: row.label_ar, required: row.required === 1 }));
}

export async function getChecklist(db: Db | Trx, kind: PermitKind): Promise<Checklist> {
  return { kind, documents: checklistOf(await listChecklistRows(db, kind)) };
}

/** Replaces a kind's checklist (journaled whole). Applications already filed keep the documents they presented. */
export async function saveChecklist(core: Core, actor: Actor, kind: PermitKind, change: ChecklistChange): Promise<Checklist> {
  const seen = new Set<string>();
  for (const [i, document] of change.documents.entries()) {
    if (seen.has(document.code)) throw invalidField(`documents[${i}].code`, `${document.code} is listed twice`);
    seen.add(document.code);
  }
  return runCommand(core, actor, async ({ trx, record }) => {
    await replaceChecklistRows(
      trx,
      kind,
      change.documents.map((d, position) => ({ kind, code: d.code, position, label: d.label, label_ar: d.labelAr, required: d.required ? 1 : 0 })),
    );
    record(checklistStream(kind), 'identity_permit_checklist.saved', { kind, documents: change.documents });
    return { kind, documents: change.documents };
  });
}

// --- Applications and receipts ----------------------------------------------------------------------

function receiptRowToReceipt(row: IdentityPermitReceiptTable): Receipt {
  return {
    number: row.number,
    application: row.application_number,
    status: row.status,
    issuedOn: row.issued_on,
    validUntil: row.valid_until,
    renewals: row.renewals,
    closedAt: row.closed_at,
    closedReason: row.closed_reason,
  };
}

function documentsOf(row: IdentityPermitApplicationTable): string[] {
  return JSON.parse(row.documents) as string[];
}

/** The required documents of the checklist not presented. */
function missingDocuments(checklist: readonly ChecklistDocument[], presented: readonly string[]): string[] {
  return checklist.filter((d) => d.required && !presented.includes(d.code)).map((d) => d.code);
}

async function applicationOf(db: Db | Trx, row: IdentityPermitApplicationTable): Promise<PermitApplication> {
  const receipt = await findReceiptRow(db, row.number);
  const checklist = checklistOf(await listChecklistRows(db, row.kind));
  const documents = documentsOf(row);
  return {
    number: row.number,
    resident: row.resident_number,
    kind: row.kind,
    desk: row.desk_code,
    status: row.status,
    statusAt: row.status_at,
    documents,
    missingDocuments: missingDocuments(checklist, documents),
    validityYears: row.validity_years,
    decisionReason: row.decision_reason,
    centre: row.centre_code,
    documentNumber: row.document_number,
    receipt: receiptRowToReceipt(receipt!),
    allowedActions: permitLifecycle.allowed(row.status),
    createdAt: row.created_at,
  };
}

async function getApplicationRow(db: Db | Trx, number: string, options: { lock?: boolean } = {}): Promise<IdentityPermitApplicationTable> {
  const row = await findPermitApplicationRow(db, number, options);
  if (row === undefined) throw new DomainError('not_found', `no residence-permit application has number ${number}`);
  return row;
}

export async function getPermitApplication(db: Db, number: string): Promise<PermitApplication> {
  return applicationOf(db, await getApplicationRow(db, number));
}

/**
 * Applications, most recent status change first (at most `limit`, 50 by default): a desk's, those in a
 * status (the centres' list of approved ones to produce), a resident's. No personal data but numbers.
 */
export async function listPermitApplications(db: Db, filter: { desk?: string; status?: PermitStatus; resident?: string; limit?: number }): Promise<PermitApplication[]> {
  const rows = await listPermitApplicationRows(db, { ...filter, limit: filter.limit ?? 50 });
  return Promise.all(rows.map((row) => applicationOf(db, row)));
}

/** The documents given, each on the kind's checklist (a refusal names the one that is not), each once. */
function checkDocuments(checklist: readonly ChecklistDocument[], documents: readonly string[], kind: string): string[] {
  for (const [i, code] of documents.entries()) {
    if (!checklist.some((d) => d.code === code)) throw invalidField(`documents[${i}]`, `${code} is not on the checklist of ${kind}; it lists ${checklist.map((d) => d.code).join(', ')}`);
  }
  return [...new Set(documents)];
}

/**
 * How many registration cards the resident held before, for the validity of this one; refuses a kind
 * the resident is not open to, naming `kind`: a first registration for a holder of one, a renewal with
 * nothing to renew, a carte de résidence before the rules' years of regular residence.
 */
async function openTo(trx: Trx, rules: PermitRules, kind: PermitKind, resident: { number: string; regular_residence_since: string | null }, today: string): Promise<number> {
  const issued = await countPermitsIssued(trx, resident.number);
  if (kind === PermitKind.firstRegistration && (issued > 0 || resident.regular_residence_since !== null)) {
    throw invalidField('kind', `${resident.number} already held a registration card; apply for a renewal or a residence_card`, 'conflict');
  }
  if (kind === PermitKind.renewal && issued === 0 && resident.regular_residence_since === null) {
    throw invalidField('kind', `${resident.number} holds no registration card to renew; apply for a first_registration`, 'conflict');
  }
  if (kind === PermitKind.residenceCard) {
    const since = [await firstPermitIssued(trx, resident.number), resident.regular_residence_since ?? undefined].filter((d): d is string => d !== undefined).sort()[0];
    if (since === undefined) throw invalidField('kind', `a residence_card needs ${rules.residenceCardAfterYears} years of regular residence; ${resident.number} has held no permit yet`, 'conflict');
    const opens = addYears(since, rules.residenceCardAfterYears);
    if (today < opens) {
      throw invalidField('kind', `a residence_card needs ${rules.residenceCardAfterYears} years of regular residence; ${resident.number} resides regularly since ${since}, so from ${opens}`, 'conflict');
    }
  }
  return Math.max(issued, kind === PermitKind.renewal ? 1 : 0);
}

/** The number of a receipt's seal: the receipt's, then `R1`, `R2`... for each renewal (each printing has its own seal). */
export function receiptSealNumber(receipt: string, renewals: number): string {
  return renewals === 0 ? receipt : `${receipt}R${renewals}`;
}

const sealOutcome = { first_registration: 'first-permit', renewal: 'renewal', residence_card: 'residence-card' } as const satisfies Record<PermitKind, string>;

/**
 * Signs the receipt's visible digital seal (ICAO 9303 Part 13, seal.service.ts) inside the command: the
 * holder's Latin names, registration number and birth date, the kind, the validity. Returns it, base64.
 */
async function sealReceipt(core: Core, scope: CommandScope, sealNumber: string, kind: PermitKind, resident: ResidentRow, issuedOn: string, validUntil: string): Promise<string> {
  const { seal } = await issueSeal(core, scope, {
    kind: SealKind.residencePermitReceipt,
    documentNumber: sealNumber,
    issuedOn,
    expiresOn: validUntil,
    features: { holderName: `${resident.surname} ${resident.given_names}`.toUpperCase(), personNumber: resident.number, birthDate: resident.birth_date, outcome: sealOutcome[kind] },
  });
  return Buffer.from(seal).toString('base64');
}

/**
 * Files an application at a desk with the documents presented and the portrait, and issues its
 * receipt (récépissé) the same day, valid the rules' months: one command.
 */
export async function filePermitApplication(core: Core, actor: Actor, input: NewPermitApplication): Promise<PermitApplication> {
  const photo = Buffer.from(input.photo.data, 'base64');
  let frame: { width: number; height: number };
  try {
    frame = jpegFrame(photo);
  } catch {
    throw invalidField('photo.data', 'is not a JPEG image');
  }
  const keys = registerKeys(core);
  const today = localDay(core.clock.now());
  try {
    const row = await runCommand(core, actor, async (scope) => {
      const { trx, at, record } = scope;
      const resident = await getResidentRow(trx, keys, input.resident, { field: 'resident', lock: true });
      if ((await findDeskRow(trx, input.desk)) === undefined) throw invalidField('desk', `no desk has code ${input.desk}`);
      const rules = await getPermitRules(trx);
      const documents = checkDocuments(checklistOf(await listChecklistRows(trx, input.kind)), input.documents, input.kind);
      const issuedBefore = await openTo(trx, rules, input.kind, resident, today);
      const year = yearOf(today);
      const number = `RP-${year}-${String(await takeCounter(trx, `permit-application:${year}`, 1)).padStart(7, '0')}`;
      const application: IdentityPermitApplicationTable = {
        number,
        resident_number: resident.number,
        kind: input.kind,
        desk_code: input.desk,
        status: PermitStatus.filed,
        status_at: at,
        documents: JSON.stringify(documents),
        validity_years: permitValidityYears(rules, input.kind, issuedBefore),
        nationality: resident.nationality,
        photo: sealBytes(resident.data_key, photo, residentPlace.photo(number)),
        photo_width: frame.width,
        photo_height: frame.height,
        decision_reason: null,
        centre_code: null,
        batch_id: null,
        approved_at: null,
        document_number: null,
        created_at: at,
        created_by: actor,
      };
      await insertPermitApplicationRow(trx, application);
      const receiptNumber = `REC${year}${String(await takeCounter(trx, `permit-receipt:${year}`, 1)).padStart(7, '0')}`;
      const validUntil = addMonths(today, rules.receiptMonths);
      const receipt: IdentityPermitReceiptTable = {
        number: receiptNumber,
        application_number: number,
        status: ReceiptStatus.open,
        issued_on: today,
        valid_until: validUntil,
        renewals: 0,
        seal: await sealReceipt(core, scope, receiptSealNumber(receiptNumber, 0), input.kind, resident, today, validUntil),
        closed_at: null,
        closed_reason: null,
      };
      await insertReceiptRow(trx, receipt);
      record(permitStream(number), 'identity_permit.filed', { resident: resident.number, kind: input.kind, desk: input.desk, documents, validityYears: application.validity_years });
      record(permitStream(number), 'identity_permit.receipt_issued', { receipt: receipt.number, validUntil: receipt.valid_until, sealed: receipt.seal !== null });
      return application;
    });
    return await getPermitApplication(core.db, row.number);
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('resident', `${input.resident} has an application in progress already`, 'conflict');
    throw error;
  }
}

/** Records more documents presented for a filed application. */
export async function presentDocuments(core: Core, actor: Actor, number: string, input: PresentedDocuments): Promise<PermitApplication> {
  await runCommand(core, actor, async ({ trx, record }) => {
    const row = await getApplicationRow(trx, number, { lock: true });
    if (row.status !== PermitStatus.filed) throw new DomainError('invalid_transition', `application ${number} is \`${row.status}\`; documents are presented while it is filed`, { allowed: permitLifecycle.allowed(row.status) });
    const added = checkDocuments(checklistOf(await listChecklistRows(trx, row.kind)), input.documents, row.kind);
    const documents = [...new Set([...documentsOf(row), ...added])];
    await updatePermitApplicationRow(trx, number, { documents: JSON.stringify(documents) });
    record(permitStream(number), 'identity_permit.documents_presented', { documents: added });
  });
  return getPermitApplication(core.db, number);
}

/** Closes an application's receipt inside a command (the permit handed over, or the application rejected). */
async function closeReceipt(scope: CommandScope, actor: Actor, application: string, reason: string): Promise<void> {
  const receipt = await findReceiptRow(scope.trx, application, { lock: true });
  if (receipt === undefined || receipt.status === ReceiptStatus.closed) return;
  // A closed receipt's seal reads "revoked" from then on.
  if (receipt.seal !== null) await revokeSealInCommand(scope, actor, receiptSealNumber(receipt.number, receipt.renewals), reason);
  await updateReceiptRow(scope.trx, receipt.number, { status: ReceiptStatus.closed, closed_at: scope.at, closed_reason: reason });
  scope.record(permitStream(application), 'identity_permit.receipt_closed', { receipt: receipt.number, reason });
}

/**
 * Decides on an application: approved only when every required document of its kind's checklist was
 * presented (409 naming `documents` with the missing ones); rejected with a reason (400 naming
 * `reason` without), which closes its receipt.
 */
export async function decidePermitApplication(core: Core, actor: Actor, number: string, decision: PermitDecision): Promise<PermitApplication> {
  if (decision.decision === 'reject' && decision.reason === undefined) throw invalidField('reason', 'say why the application is rejected');
  await runCommand(core, actor, async (scope) => {
    const row = await getApplicationRow(scope.trx, number, { lock: true });
    const action = decision.decision === 'approve' ? PermitAction.approve : PermitAction.reject;
    const to = permitLifecycle.check(`application ${number}`, row.status, action);
    if (action === PermitAction.approve) {
      const missing = missingDocuments(checklistOf(await listChecklistRows(scope.trx, row.kind)), documentsOf(row));
      if (missing.length > 0) throw invalidField('documents', `required documents not presented: ${missing.join(', ')}`, 'conflict');
    }
    await updatePermitApplicationRow(scope.trx, number, { status: to, status_at: scope.at, decision_reason: decision.reason ?? null, ...(to === PermitStatus.approved ? { approved_at: scope.at } : {}) });
    const moved = { from: row.status, to, ...(decision.reason === undefined ? {} : { reason: decision.reason }) };
    scope.record(permitStream(number), action === PermitAction.approve ? 'identity_permit.approved' : 'identity_permit.rejected', moved);
    if (to === PermitStatus.rejected) await closeReceipt(scope, actor, number, 'application rejected');
  });
  return getPermitApplication(core.db, number);
}

/**
 * Renews an open application's receipt for the rules' months more: from its current end, or from
 * today when it has lapsed. Refused (409) once the file is closed.
 */
export async function renewReceipt(core: Core, actor: Actor, number: string): Promise<PermitApplication> {
  const today = localDay(core.clock.now());
  const keys = registerKeys(core);
  await runCommand(core, actor, async (scope) => {
    const { trx, record } = scope;
    const row = await getApplicationRow(trx, number, { lock: true });
    const receipt = (await findReceiptRow(trx, number, { lock: true }))!;
    if (!permitFileOpen(row.status) || receipt.status === ReceiptStatus.closed) {
      throw new DomainError('conflict', `the receipt ${receipt.number} of application ${number} is closed (the application is \`${row.status}\`); a receipt is renewed while its file is open`);
    }
    const rules = await getPermitRules(trx);
    const validUntil = addMonths(receipt.valid_until >= today ? receipt.valid_until : today, rules.receiptMonths);
    const renewals = receipt.renewals + 1;
    // The renewed receipt is printed again: the earlier seal is revoked, the new one carries the new end.
    if (receipt.seal !== null) await revokeSealInCommand(scope, actor, receiptSealNumber(receipt.number, receipt.renewals), 'receipt renewed');
    const resident = await getResidentRow(trx, keys, row.resident_number);
    const seal = await sealReceipt(core, scope, receiptSealNumber(receipt.number, renewals), row.kind, resident, today, validUntil);
    await updateReceiptRow(trx, receipt.number, { valid_until: validUntil, renewals, seal });
    record(permitStream(number), 'identity_permit.receipt_renewed', { receipt: receipt.number, validUntil, renewals });
  });
  return getPermitApplication(core.db, number);
}

/**
 * What the receipt prints: its numbers and dates, the application's kind and desk, the holder's names,
 * birth date, nationality and passport (the read is journaled on the resident's stream), and its seal.
 * A PDF renderer (core/pdf) lays this out; this service does not draw.
 */
export async function receiptDocument(core: Core, actor: Actor, number: string): Promise<ReceiptDocument> {
  const row = await getApplicationRow(core.db, number);
  const receipt = (await findReceiptRow(core.db, number))!;
  const resident = await getResidentRow(core.db, registerKeys(core), row.resident_number);
  const desk = await findDeskRow(core.db, row.desk_code);
  await runCommand(core, actor, async ({ record }) => record(residentStream(resident.number), 'identity_resident.read', { reason: `receipt ${receipt.number}`, via: 'receipt' }));
  return {
    receipt: receiptRowToReceipt(receipt),
    kind: row.kind,
    desk: { code: row.desk_code, name: desk?.name ?? row.desk_code },
    holder: {
      number: resident.number,
      surname: resident.surname,
      givenNames: resident.given_names,
      surnameAr: resident.surname_ar,
      givenNamesAr: resident.given_names_ar,
      birthDate: resident.birth_date,
      nationality: resident.nationality,
      passportNumber: resident.passport_number,
    },
    seal: receipt.seal,
    sealNumber: receipt.seal === null ? null : receiptSealNumber(receipt.number, receipt.renewals),
  };
}

// --- The card: production and hand-over -------------------------------------------------------------

// The production of a permit is the national ID card's: production.service.ts schedules the approved
// permits with the CNIE queue (oldest approval first) into the centres' batches, produces, ships and
// receives them with their batch, through the functions below, each inside the batch's command.

/** Moves some permit applications with one action inside a production command, each move journaled. */
async function movePermits(
  scope: CommandScope,
  rows: readonly IdentityPermitApplicationTable[],
  action: typeof PermitAction.schedule | typeof PermitAction.requeue | typeof PermitAction.ship | typeof PermitAction.receive,
  columns: Partial<Pick<IdentityPermitApplicationTable, 'centre_code' | 'batch_id'>>,
  batch: string,
): Promise<void> {
  for (const row of rows) {
    const to = permitLifecycle.check(`application ${row.number}`, row.status, action);
    await updatePermitApplicationRow(scope.trx, row.number, { ...columns, status: to, status_at: scope.at });
    const moved = { from: row.status, to, batch };
    if (action === PermitAction.schedule) scope.record(permitStream(row.number), 'identity_permit.scheduled', { ...moved, centre: columns.centre_code! });
    else if (action === PermitAction.requeue) scope.record(permitStream(row.number), 'identity_permit.requeued', { ...moved, centre: row.centre_code ?? '' });
    else if (action === PermitAction.ship) scope.record(permitStream(row.number), 'identity_permit.shipped', moved);
    else scope.record(permitStream(row.number), 'identity_permit.received', moved);
  }
}

/** The approved permits waiting for production, oldest approval first, with their desk's place. */
export async function permitQueue(trx: Trx): Promise<{ number: string; desk_code: string; lat: number; lon: number; approved_at: string }[]> {
  return listPermitQueueRows(trx);
}

/** Schedules permit applications (by number) in a batch of a centre. */
export async function schedulePermits(scope: CommandScope, numbers: readonly string[], centre: string, batch: string): Promise<number> {
  const rows = await lockPermitApplicationRows(scope.trx, { numbers });
  await movePermits(scope, rows, PermitAction.schedule, { centre_code: centre, batch_id: batch }, batch);
  return rows.length;
}

/** A cancelled batch's permits go back to the queue, keeping their place (their approval time). */
export async function requeuePermitsOfBatch(scope: CommandScope, batch: string): Promise<number> {
  const rows = await lockPermitApplicationRows(scope.trx, { batch, status: PermitStatus.inProduction });
  await movePermits(scope, rows, PermitAction.requeue, { centre_code: null, batch_id: null }, batch);
  return rows.length;
}

/** A batch shipped or received: its permits move with it. Returns their numbers. */
export async function movePermitsOfBatch(scope: CommandScope, batch: string, action: typeof PermitAction.ship | typeof PermitAction.receive): Promise<string[]> {
  const rows = await lockPermitApplicationRows(scope.trx, { batch, status: action === PermitAction.ship ? PermitStatus.produced : PermitStatus.shipped });
  await movePermits(scope, rows, action, {}, batch);
  return rows.map((row) => row.number);
}

/** The permit applications of a batch in production (locked), for its stock check. */
export async function permitsInProduction(scope: CommandScope, batch: string): Promise<IdentityPermitApplicationTable[]> {
  return lockPermitApplicationRows(scope.trx, { batch, status: PermitStatus.inProduction });
}

/**
 * Personalises a batch's residence permits at its centre, as the national ID cards beside them: a
 * document number from the centre's sequence, the TD1 MRZ with the residence-permit document code `AR`,
 * the holder's nationality, the foreigner registration number as optional data, DG1 and DG2 and an
 * EF.SOD signed by the centre's Document Signer under the same CSCA; each card entered in the register
 * (its MRZ and SOD sealed under the resident's key), pending until handed over. Returns the document numbers.
 */
export async function producePermitsOfBatch(
  scope: CommandScope,
  signer: DocumentSigner,
  keys: RegisterKeys,
  centre: { code: string; prefix: string },
  batch: string,
  rows: readonly IdentityPermitApplicationTable[],
  issued: string,
): Promise<string[]> {
  if (rows.length === 0) return [];
  const { trx, at, record } = scope;
  const residents = await findResidentRows(trx, keys, rows.map((row) => row.resident_number));
  const first = await takeCounter(trx, `document:${centre.prefix}`, rows.length);
  const produced: string[] = [];
  for (const [index, row] of rows.entries()) {
    const resident = residents.get(row.resident_number);
    if (resident === undefined) throw new DomainError('conflict', `application ${row.number} has no resident on record`);
    const to = permitLifecycle.check(`application ${row.number}`, row.status, PermitAction.produce);
    const documentNumber = formatDocumentNumber(centre.prefix, first + index);
    const dateOfExpiry = addYears(issued, row.validity_years);
    const card: CardData = {
      documentCode: PERMIT_DOCUMENT_CODE,
      documentNumber,
      issuingState: MOROCCO,
      nationality: icaoStateCode(resident.nationality),
      surname: resident.surname,
      givenNames: resident.given_names,
      ...(resident.surname_ar === null ? {} : { surnameArabic: resident.surname_ar }),
      ...(resident.given_names_ar === null ? {} : { givenNamesArabic: resident.given_names_ar }),
      dateOfBirth: resident.birth_date,
      sex: resident.sex === 'F' ? 'F' : 'M',
      dateOfExpiry,
      optionalData1: resident.number,
    };
    const face = openBytes(resident.data_key, row.photo, residentPlace.photo(row.number));
    const personalised = signer.personalise(card, { data: face, width: row.photo_width, height: row.photo_height });
    const mrz = personalised.mrz.join('\n');
    await insertCardRows(trx, [
      {
        document_number: documentNumber,
        // The card register's holder: a national ID number, or (here) a foreigner registration number.
        nin: resident.number,
        application_number: row.number,
        status: CardStatus.pending,
        status_at: at,
        mrz: sealBytes(resident.data_key, Buffer.from(mrz), personPlace.cardMrz(documentNumber)),
        mrz_hmac: mrzDigest(keys, mrz),
        date_of_issue: issued,
        date_of_expiry: dateOfExpiry,
        centre_code: centre.code,
        signer_serial: personalised.signerSerial,
        sod: sealBytes(resident.data_key, personalised.efSod, personPlace.cardSod(documentNumber)),
        replaced_by: null,
        created_at: at,
        holder_erased_at: null,
      },
    ]);
    await updatePermitApplicationRow(trx, row.number, { status: to, status_at: at, document_number: documentNumber });
    record(cardStream(documentNumber), 'identity_card.personalised', { application: row.number, centre: centre.code, dateOfIssue: issued, dateOfExpiry, signerSerial: personalised.signerSerial });
    record(permitStream(row.number), 'identity_permit.produced', { from: row.status, to, centre: centre.code, batch, documentNumber });
    produced.push(row.number);
  }
  return produced;
}

/**
 * Hands a produced permit over at the desk: the registration number and birth date given must be the
 * holder's (else 409, the refusal journaled with which fields did not match). The card becomes active,
 * the holder's earlier permits in use are replaced, the application is delivered and its receipt closes.
 */
export async function handOverPermit(core: Core, actor: Actor, number: string, holder: PermitHandover): Promise<PermitApplication> {
  const keys = registerKeys(core);
  const row = await getApplicationRow(core.db, number);
  permitLifecycle.check(`application ${number}`, row.status, PermitAction.deliver);
  const resident = await getResidentRow(core.db, keys, row.resident_number);
  const mismatch = [...(holder.resident === resident.number ? [] : ['resident']), ...(holder.birthDate === resident.birth_date ? [] : ['birthDate'])];
  if (mismatch.length > 0) {
    await runCommand(core, actor, async ({ record }) => record(permitStream(number), 'identity_permit.handover_refused', { mismatch }));
    throw new DomainError('conflict', `the holder shown does not match application ${number}: ${mismatch.join(', ')}`, { errors: mismatch.map((field) => ({ field, message: 'does not match the holder' })) });
  }
  await runCommand(core, actor, async (scope) => {
    const locked = await getApplicationRow(scope.trx, number, { lock: true });
    const to = permitLifecycle.check(`application ${number}`, locked.status, PermitAction.deliver);
    const card = (await findCardRow(scope.trx, locked.document_number!, { lock: true }))!;
    await applyCardAction(scope, card, CardAction.deliver, { application: number });
    for (const earlier of await listCardRowsOfPerson(scope.trx, resident.number, { lock: true })) {
      if (earlier.document_number === card.document_number) continue;
      if (earlier.status === CardStatus.active || earlier.status === CardStatus.suspended || earlier.status === CardStatus.expired) {
        await applyCardAction(scope, earlier, CardAction.replace, { replacedBy: card.document_number });
      }
    }
    await updatePermitApplicationRow(scope.trx, number, { status: to, status_at: scope.at });
    scope.record(permitStream(number), 'identity_permit.delivered', { from: locked.status, to, documentNumber: card.document_number });
    await closeReceipt(scope, actor, number, 'permit handed over');
  });
  return getPermitApplication(core.db, number);
}

// --- Expiry reminders ----------------------------------------------------------------------------------

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The actor of the reminder sweep when the server runs it. */
export const REMINDER_ACTOR: Actor = 'system:identity-permit-reminders';

/**
 * The reminder sweep: each residence permit in use whose expiry is within a reminder's days gets that
 * reminder once (`identity_permit_reminder`, journaled `identity_permit.reminded` on its application's
 * stream), to be sent to the holder and listed on the desk's list. A reminder already marked is not
 * marked again; a larger one missed (the sweep did not run) is not sent late.
 */
export async function sweepPermitReminders(core: Core, actor: Actor, today = localDay(core.clock.now())): Promise<{ day: string; reminded: number }> {
  return runCommand(core, actor, async ({ trx, at, record }) => {
    const rules = await getPermitRules(trx);
    const horizon = addDays(today, Math.max(...rules.reminderDays));
    const permits = await listPermitsExpiringBetween(trx, today, horizon);
    const marked = new Set((await listReminderRowsOf(trx, permits.map((p) => p.document_number))).map((r) => `${r.document_number}/${r.days}`));
    const due: IdentityPermitReminderTable[] = [];
    for (const permit of permits) {
      const days = reminderDue(rules.reminderDays, daysBetween(today, permit.date_of_expiry));
      if (days === undefined || marked.has(`${permit.document_number}/${days}`)) continue;
      due.push({
        document_number: permit.document_number,
        days,
        application_number: permit.application_number,
        resident_number: permit.resident_number,
        desk_code: permit.desk_code,
        date_of_expiry: permit.date_of_expiry,
        due_on: today,
        reminded_at: at,
      });
      record(permitStream(permit.application_number), 'identity_permit.reminded', { documentNumber: permit.document_number, days, dateOfExpiry: permit.date_of_expiry, desk: permit.desk_code });
    }
    await insertReminderRows(trx, due);
    return { day: today, reminded: due.length };
  });
}

/** How often the server runs the reminder sweep: reminders are by the day, hourly is plenty. */
const REMINDER_SWEEP_EVERY_MS = 60 * 60_000;

/** Runs the reminder sweep now and every hour in the background; returns the stop. */
export function startPermitReminderSweep(core: Core): Sweep {
  return startSweep(core, {
    name: 'the residence-permit reminder sweep',
    everyMs: REMINDER_SWEEP_EVERY_MS,
    runAtStart: true,
    run: async () => {
      const { day, reminded } = await sweepPermitReminders(core, REMINDER_ACTOR);
      if (reminded > 0) core.log.info({ day, reminded }, 'residence-permit expiry reminders marked');
    },
  });
}

/**
 * A desk's list of reminders marked since `from` (by default the last 60 days), newest first, with each
 * holder's phone: the phones are opened for the residents listed only, and each such read is journaled
 * on the resident's stream.
 */
export async function listPermitReminders(core: Core, actor: Actor, desk: string, from?: string): Promise<PermitReminder[]> {
  if ((await findDeskRow(core.db, desk)) === undefined) throw invalidField('desk', `no desk has code ${desk}`);
  const since = from ?? addDays(localDay(core.clock.now()), -60);
  const rows = await listDeskReminderRows(core.db, desk, since);
  if (rows.length === 0) return [];
  const residents = await findResidentRows(core.db, registerKeys(core), rows.map((r) => r.resident_number));
  await runCommand(core, actor, async ({ record }) => {
    for (const number of residents.keys()) record(residentStream(number), 'identity_resident.read', { reason: `expiry reminders of desk ${desk}`, via: 'reminders' });
  });
  return rows.map((row) => ({
    documentNumber: row.document_number,
    application: row.application_number,
    resident: row.resident_number,
    desk: row.desk_code,
    days: row.days,
    dateOfExpiry: row.date_of_expiry,
    dueOn: row.due_on,
    phone: residents.get(row.resident_number)?.phone ?? null,
    remindedAt: row.reminded_at,
  }));
}

// --- Figures ---------------------------------------------------------------------------------------------

/** A year's residence permits issued (by date of issue): by kind, by nationality, by centre. */
export async function permitFigures(db: Db, year: number): Promise<PermitFigures> {
  const rows = await countPermitsProduced(db, `${year}-01-01`, `${year}-12-31`);
  const figures: PermitFigures = { year, total: 0, byKind: {}, byNationality: {}, byCentre: {} };
  for (const row of rows) {
    figures.total += row.n;
    figures.byKind[row.kind] = (figures.byKind[row.kind] ?? 0) + row.n;
    figures.byNationality[row.nationality] = (figures.byNationality[row.nationality] ?? 0) + row.n;
    figures.byCentre[row.centre_code] = (figures.byCentre[row.centre_code] ?? 0) + row.n;
  }
  return figures;
}
