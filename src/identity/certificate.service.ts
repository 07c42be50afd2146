import type { Actor } from '../core/auth/principal.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db, Trx } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { openJson, sealJson } from '../core/sealing.js';
import { localDay } from '../core/time-zone.js';
import { effectiveCardStatus, CardStatus } from '../contract/card.js';
import {
  CertificateAction,
  CertificateChannel,
  CertificateKind,
  CertificateStatus,
  ResidenceSource,
  allowedCertificateActions,
  certificateEventType,
  certificateValidityMonths,
  formatCertificateDocumentNumber,
  formatCertificateNumber,
  nextCertificateStatus,
  validThrough,
  type Certificate,
  type CertificateDecision,
  type CertificateHolder,
  type CertificateQuery,
  type CertificateResidence,
  type CertificateSummary,
  type DeclaredResidence,
  type NewCertificateRequest,
  type OwnCertificate,
  type OwnCertificateRequest,
  type RecordsCheck,
} from './certificate.js';
import {
  findCertificateRow,
  findPendingCertificate,
  insertCertificateRow,
  listCertificateRows,
  updateCertificateRow,
  type IdentityCertificateTable,
} from './certificate.repository.js';
import { certificateSeal, issueCertificateSeal, revokeCertificateSeal, type CertificateSealFeatures } from './certificate-seal.js';
import { getDeskRow } from './appointment.service.js';
import { listCardRowsOfPerson } from './card.repository.js';
import { nextCounter } from './identity.repository.js';
import { yearOf } from './identity.js';
import { judicialRecordsOf } from './judicial-record.service.js';
import { findPersonKey, findPersonKeys } from './person.repository.js';
import { getPersonRow, ownNin, recordReads } from './person.service.js';
import { registerKeys, type RegisterKeys } from './register-keys.js';

/** A certificate request's journal stream: `identity-certificate/CERT-2026-0000001`. */
export function certificateStream(number: string): string {
  return `identity-certificate/${number}`;
}

/** What a request says of the person, sealed under their key: who, where, and what the records answered. */
export interface CertificateDetails {
  readonly holder: CertificateHolder;
  readonly residence: CertificateResidence | null;
  readonly recordsCheck: RecordsCheck | null;
}

function detailsPlace(number: string): string {
  return `identity-certificate/${number}/details`;
}

/** A request's details, opened; undefined once the person was erased from the register. */
async function openDetails(db: Db | Trx, keys: RegisterKeys, row: IdentityCertificateTable, dataKey?: Buffer): Promise<CertificateDetails | undefined> {
  const key = dataKey ?? (await findPersonKey(db, keys, row.nin));
  return key === undefined ? undefined : openJson<CertificateDetails>(key, row.details, detailsPlace(row.number));
}

export function certificateRowToCertificate(row: IdentityCertificateTable, details: CertificateDetails | undefined): Certificate {
  return {
    number: row.number,
    kind: row.kind,
    nin: row.nin,
    channel: row.channel,
    desk: row.desk_code,
    status: row.status,
    statusAt: row.status_at,
    createdAt: row.created_at,
    createdBy: row.created_by,
    holder: details?.holder ?? null,
    residence: details?.residence ?? null,
    recordsCheck: details?.recordsCheck ?? null,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at,
    decisionReason: row.decision_reason,
    documentNumber: row.document_number,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
    revokedAt: row.revoked_at,
    revocationReason: row.revocation_reason,
    allowedActions: allowedCertificateActions(row.status),
  };
}

export function certificateRowToSummary(row: IdentityCertificateTable): CertificateSummary {
  return {
    number: row.number,
    kind: row.kind,
    nin: row.nin,
    channel: row.channel,
    desk: row.desk_code,
    status: row.status,
    statusAt: row.status_at,
    createdAt: row.created_at,
    documentNumber: row.document_number,
    expiresOn: row.expires_on,
  };
}

function certificateRowToOwn(row: IdentityCertificateTable, details: CertificateDetails | undefined): OwnCertificate {
  return {
    number: row.number,
    kind: row.kind,
    status: row.status,
    statusAt: row.status_at,
    createdAt: row.created_at,
    residence: details?.residence ?? null,
    decisionReason: row.decision_reason,
    documentNumber: row.document_number,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
  };
}

async function getCertificateRow(db: Db | Trx, number: string, options: { lock?: boolean } = {}): Promise<IdentityCertificateTable> {
  const row = await findCertificateRow(db, number, options);
  if (row === undefined) throw new DomainError('not_found', `no certificate request has number ${number}`);
  return row;
}

// --- Requests ------------------------------------------------------------------------------------

interface RequestInput {
  readonly nin: string;
  readonly kind: CertificateKind;
  readonly residence?: DeclaredResidence | undefined;
  readonly channel: CertificateChannel;
  readonly desk: string | null;
}

/** A certificate of residence may name a declared address; the police record certificate has none. */
function checkKindFields(input: RequestInput): void {
  if (input.kind !== CertificateKind.residence && input.residence !== undefined) {
    throw invalidField('residence', 'is only for a certificate of residence (kind residence): a declared address and its supporting document');
  }
}

/**
 * That the person holds a valid card today (active, not past its expiry): the national ID number given
 * is checked against the card register. Else 409 naming `nin`.
 */
async function requireValidCard(db: Db | Trx, nin: string, today: string): Promise<void> {
  const cards = await listCardRowsOfPerson(db, nin);
  if (cards.some((card) => effectiveCardStatus(card.status, card.date_of_expiry, today) === CardStatus.active)) return;
  const seen = cards.map((card) => `${card.document_number} ${effectiveCardStatus(card.status, card.date_of_expiry, today)}`).join(', ');
  throw invalidField('nin', `${nin} holds no valid national identity card (${seen === '' ? 'no card' : seen}); a certificate is requested with a card in use`, 'conflict');
}

/**
 * Records a request in one command: the person and their valid card checked, a police record
 * certificate checked against the judicial records (the answer stored, the read journaled on the
 * person's stream), numbered, queued for an officer. Refused (nothing written): unknown person (400
 * `nin`), no valid card (409 `nin`), a request of that kind already pending (409 `kind`), a records
 * system that cannot answer (503).
 */
async function request(core: Core, actor: Actor, input: RequestInput): Promise<{ row: IdentityCertificateTable; details: CertificateDetails }> {
  checkKindFields(input);
  const keys = registerKeys(core);
  const today = localDay(core.clock.now());
  const records = judicialRecordsOf(core);
  return runCommand(core, actor, async (scope) => {
    const { trx, at, record } = scope;
    // Locked: an erasure cannot pass between the checks and the request.
    const person = await getPersonRow(trx, keys, input.nin, { field: 'nin', lock: true });
    await requireValidCard(trx, input.nin, today);
    const pending = await findPendingCertificate(trx, input.nin, input.kind);
    if (pending !== undefined) throw invalidField('kind', `${input.nin} already has a ${input.kind} certificate request pending (${pending.number})`, 'conflict');
    const year = yearOf(today);
    const number = formatCertificateNumber(year, await nextCounter(trx, `certificate:${year}`));
    let recordsCheck: RecordsCheck | null = null;
    if (input.kind === CertificateKind.policeRecord) {
      let answer;
      try {
        answer = await records.recordsOf(input.nin, trx);
      } catch (error) {
        throw new DomainError('unavailable', `the judicial records (${records.source}) could not answer; try again later`, { cause: error });
      }
      recordsCheck = { source: records.source, clean: answer.clean, checkedAt: at, entries: answer.entries.map((e) => ({ court: e.court, judgmentDate: e.judgmentDate, caseReference: e.caseReference, offence: e.offence, sentence: e.sentence })) };
      recordReads(scope, [input.nin], `police record certificate ${number}`, 'judicial-records');
    }
    const residence: CertificateResidence | null =
      input.kind !== CertificateKind.residence
        ? null
        : input.residence === undefined
          ? { source: ResidenceSource.register, address: person.address, documentReference: null }
          : { source: ResidenceSource.declared, address: input.residence.address, documentReference: input.residence.documentReference };
    const details: CertificateDetails = {
      holder: {
        surname: person.surname,
        givenNames: person.given_names,
        surnameAr: person.surname_ar,
        givenNamesAr: person.given_names_ar,
        birthDate: person.birth_date,
        birthPlace: person.birth_place,
        sex: person.sex,
      },
      residence,
      recordsCheck,
    };
    const row: IdentityCertificateTable = {
      number,
      kind: input.kind,
      nin: input.nin,
      channel: input.channel,
      desk_code: input.desk,
      status: CertificateStatus.pending,
      status_at: at,
      details: sealJson(person.data_key, details, detailsPlace(number)),
      decided_by: null,
      decided_at: null,
      decision_reason: null,
      document_number: null,
      issued_on: null,
      expires_on: null,
      revoked_at: null,
      revocation_reason: null,
      created_at: at,
      created_by: actor,
    };
    await insertCertificateRow(trx, row);
    record(certificateStream(number), 'identity_certificate.requested', {
      kind: input.kind,
      nin: input.nin,
      channel: input.channel,
      desk: input.desk,
      residenceSource: residence?.source ?? null,
      recordsSource: recordsCheck?.source ?? null,
    });
    return { row, details };
  });
}

/** A request at a desk by a clerk, for the person in front of them. */
export async function requestAtDesk(core: Core, actor: Actor, body: NewCertificateRequest): Promise<Certificate> {
  checkKindFields({ ...body, channel: CertificateChannel.desk, desk: body.desk });
  const desk = await getDeskRow(core.db, body.desk, { field: 'desk' });
  if (desk.active !== 1) throw invalidField('desk', `desk ${desk.code} is inactive`);
  const { row, details } = await request(core, actor, { nin: body.nin, kind: body.kind, residence: body.residence, channel: CertificateChannel.desk, desk: desk.code });
  return certificateRowToCertificate(row, details);
}

/**
 * A request online by the citizen signed in, for themselves only: the national ID number they give must
 * be their linked record's (403 otherwise, nothing written).
 */
export async function requestOwnCertificate(core: Core, actor: Actor, username: string, body: OwnCertificateRequest): Promise<OwnCertificate> {
  checkKindFields({ ...body, channel: CertificateChannel.online, desk: null });
  const own = await ownNin(core.db, username);
  if (body.nin !== own) throw new DomainError('forbidden', `a citizen requests certificates for themselves only: ${body.nin} is not the national ID number of your record`);
  const { row, details } = await request(core, actor, { nin: body.nin, kind: body.kind, residence: body.residence, channel: CertificateChannel.online, desk: null });
  return certificateRowToOwn(row, details);
}

// --- Reads ---------------------------------------------------------------------------------------

/** One request, opened (the holder, the address, the records check); the read is journaled on the person's stream (`via: certificate`). */
export async function getCertificate(core: Core, actor: Actor, number: string): Promise<Certificate> {
  const row = await getCertificateRow(core.db, number);
  const details = await openDetails(core.db, registerKeys(core), row);
  if (details !== undefined) await runCommand(core, actor, async (scope) => recordReads(scope, [row.nin], `certificate ${number}`, 'certificate'));
  return certificateRowToCertificate(row, details);
}

/** The desk's list: requests by status, kind, desk or person, newest first (nothing opened). */
export async function listCertificates(db: Db, query: CertificateQuery): Promise<CertificateSummary[]> {
  const rows = await listCertificateRows(db, {
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.kind === undefined ? {} : { kind: query.kind }),
    ...(query.desk === undefined ? {} : { desk: query.desk }),
    ...(query.nin === undefined ? {} : { nin: query.nin }),
    limit: query.limit ?? 100,
  });
  return rows.map(certificateRowToSummary);
}

/**
 * The officer's queue: pending requests, oldest first (200 at most), each opened with its records check,
 * for the decision. Opening them is a read of each person's data, journaled (`via: certificate-queue`).
 */
export async function certificateQueue(core: Core, actor: Actor): Promise<Certificate[]> {
  const keys = registerKeys(core);
  const rows = await listCertificateRows(core.db, { status: CertificateStatus.pending, limit: 200, oldestFirst: true });
  const dataKeys = await findPersonKeys(core.db, keys, rows.map((row) => row.nin));
  const queue = await Promise.all(rows.map(async (row) => certificateRowToCertificate(row, await openDetails(core.db, keys, row, dataKeys.get(row.nin)))));
  const opened = [...new Set(queue.filter((entry) => entry.holder !== null).map((entry) => entry.nin))];
  if (opened.length > 0) await runCommand(core, actor, async (scope) => recordReads(scope, opened, 'certificate queue', 'certificate-queue'));
  return queue;
}

/** A citizen's own requests, newest first. */
export async function ownCertificates(core: Pick<Core, 'db' | 'config' | 'log'>, username: string): Promise<OwnCertificate[]> {
  const nin = await ownNin(core.db, username);
  const keys = registerKeys(core);
  const dataKey = await findPersonKey(core.db, keys, nin);
  const rows = await listCertificateRows(core.db, { nin, limit: 100 });
  return Promise.all(rows.map(async (row) => certificateRowToOwn(row, await openDetails(core.db, keys, row, dataKey))));
}

// --- Decisions -----------------------------------------------------------------------------------

/** The outcome a certificate's seal carries (`sealDefinitions`). */
function outcomeOf(kind: CertificateKind, details: CertificateDetails): string {
  if (kind === CertificateKind.residence) return 'resident';
  return details.recordsCheck?.clean === false ? 'record' : 'no-record';
}

/** The seal's room for the holder's name, in bytes of UTF-8 (`sealDefinitions`). */
const SEAL_NAME_BYTES = 90;

/** The holder's name as the seal carries it: given names then surname, in Latin capitals, cut to the seal's room. */
export function sealHolderName(holder: CertificateHolder): string {
  let name = `${holder.givenNames} ${holder.surname}`.toUpperCase().normalize('NFC');
  while (Buffer.byteLength(name, 'utf8') > SEAL_NAME_BYTES) name = name.slice(0, -1);
  return name.trimEnd();
}

/**
 * Approves or rejects a pending request. Approval issues it in the same command: a document number,
 * a validity (`certificateValidityMonths`), a visible digital seal in the sealed-document register. The
 * officer who decides is not the one who made the request (403). Rejection needs a reason (400).
 */
export async function decideCertificate(core: Core, actor: Actor, number: string, body: CertificateDecision): Promise<Certificate> {
  const reason = body.reason?.trim() === '' ? undefined : body.reason?.trim();
  if (body.decision === CertificateAction.reject && reason === undefined) throw invalidField('reason', 'is required to reject: say why, the applicant reads it');
  const keys = registerKeys(core);
  return runCommand(core, actor, async (scope) => {
    const { trx, at, record } = scope;
    const row = await getCertificateRow(trx, number, { lock: true });
    const to = nextCertificateStatus(number, row.status, body.decision);
    if (row.created_by === actor) throw new DomainError('forbidden', `you made request ${number}: another officer decides on it`);
    const dataKey = await findPersonKey(trx, keys, row.nin);
    if (dataKey === undefined) throw new DomainError('conflict', `the person of request ${number} was erased from the register`);
    const details = (await openDetails(trx, keys, row, dataKey))!;
    if (body.decision === CertificateAction.reject) {
      const next: IdentityCertificateTable = { ...row, status: to, status_at: at, decided_by: actor, decided_at: at, decision_reason: reason! };
      await updateCertificateRow(trx, number, { status: to, status_at: at, decided_by: actor, decided_at: at, decision_reason: reason! });
      record(certificateStream(number), certificateEventType.reject, { from: row.status, to, reason: reason! });
      return certificateRowToCertificate(next, details);
    }
    const issuedOn = localDay(new Date(at));
    const year = yearOf(issuedOn);
    const documentNumber = formatCertificateDocumentNumber(row.kind, year, await nextCounter(trx, `certificate-document:${row.kind}:${year}`));
    const expiresOn = validThrough(issuedOn, certificateValidityMonths[row.kind]);
    const features: CertificateSealFeatures = {
      holderName: sealHolderName(details.holder),
      personNumber: row.nin,
      birthDate: details.holder.birthDate,
      outcome: outcomeOf(row.kind, details),
    };
    await issueCertificateSeal(core, scope, { kind: row.kind, documentNumber, issuedOn, expiresOn, features });
    const columns = { status: to, status_at: at, decided_by: actor, decided_at: at, decision_reason: reason ?? null, document_number: documentNumber, issued_on: issuedOn, expires_on: expiresOn };
    await updateCertificateRow(trx, number, columns);
    record(certificateStream(number), certificateEventType.approve, { from: row.status, to, documentNumber, issuedOn, expiresOn, ...(reason === undefined ? {} : { reason }) });
    return certificateRowToCertificate({ ...row, ...columns }, details);
  });
}

/** Revokes an issued certificate with a reason: its seal reads `revoked` at verification from then on. */
export async function revokeCertificate(core: Core, actor: Actor, number: string, reason: string): Promise<Certificate> {
  const keys = registerKeys(core);
  return runCommand(core, actor, async (scope: CommandScope) => {
    const { trx, at, record } = scope;
    const row = await getCertificateRow(trx, number, { lock: true });
    const to = nextCertificateStatus(number, row.status, CertificateAction.revoke);
    await revokeCertificateSeal(scope, actor, row.document_number!, reason);
    const columns = { status: to, status_at: at, revoked_at: at, revocation_reason: reason };
    await updateCertificateRow(trx, number, columns);
    record(certificateStream(number), certificateEventType.revoke, { from: row.status, to, reason, documentNumber: row.document_number! });
    return certificateRowToCertificate({ ...row, ...columns }, await openDetails(trx, keys, row));
  });
}

// --- The printed certificate ---------------------------------------------------------------------

/** What the PDF is made from: the request as issued, and its seal as the register keeps it. */
export interface IssuedCertificate {
  readonly certificate: Certificate;
  readonly holder: CertificateHolder;
  readonly seal: Uint8Array;
}

/**
 * An issued certificate's data for its PDF, the read journaled on the person's stream (`via:
 * certificate-pdf`). `owner`: a citizen's username, who gets their own certificates only (404 for
 * another's, as if it did not exist). Refused (409) unless issued: pending or rejected has no document,
 * a revoked one is not printed again.
 */
export async function issuedCertificate(core: Core, actor: Actor, number: string, owner?: string): Promise<IssuedCertificate> {
  const row = await getCertificateRow(core.db, number);
  if (owner !== undefined && row.nin !== (await ownNin(core.db, owner))) throw new DomainError('not_found', `no certificate request has number ${number}`);
  if (row.status !== CertificateStatus.issued) throw new DomainError('conflict', `certificate ${number} is ${row.status}: only an issued certificate is printed`);
  const details = await openDetails(core.db, registerKeys(core), row);
  if (details === undefined) throw new DomainError('conflict', `the holder of certificate ${number} was erased from the register`);
  const seal = await certificateSeal(core, row.document_number!);
  if (seal === undefined) throw new DomainError('internal', `the seal of certificate ${row.document_number} is missing from the sealed-document register`);
  await runCommand(core, actor, async (scope) => recordReads(scope, [row.nin], `certificate ${number}`, 'certificate-pdf'));
  return { certificate: certificateRowToCertificate(row, details), holder: details.holder, seal };
}

