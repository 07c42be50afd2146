import type { Actor } from '../core/auth/principal.js';
import { runCommand, type CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db, type Trx } from '../core/database.js';
import { DomainError, invalidField, type FieldProblem } from '../core/errors.js';
import type { JsonObject } from '../core/journal.js';
import { fromJsonText, toJsonText } from '../core/json-column.js';
import {
  ApplicationAction,
  ApplicationKind,
  ApplicationStatus,
  CheckKind,
  Decision,
  actionsNeedingReason,
  allowedApplicationActions,
  applicationEventType,
  bandFor,
  formatApplicationNumber,
  nextApplicationStatus,
  type Application,
  type ApplicationQuery,
  type ApplicationStep,
  type ApplicationSummary,
  type CheckFlag,
  type DecisionBody,
  type EnrolledPhoto,
  type EnrolmentBody,
  type NewApplication,
  type OwnApplication,
} from './application.js';
import {
  advanceApplicationRows,
  findApplicationRow,
  findEnrolmentRow,
  findLatestApplication,
  findOpenApplication,
  insertApplicationRow,
  insertEnrolmentRow,
  insertFingerprintRows,
  insertStepRows,
  listApplicationRows,
  listFingerprintRows,
  listStepRows,
  updateApplicationRow,
  type IdentityApplicationStepTable,
  type IdentityApplicationTable,
  type IdentityFingerprintTable,
} from './application.repository.js';
import { attendAppointment, getDeskRow } from './appointment.service.js';
import { biometricMatcherOf, type BiometricHit } from './biometric-matcher.js';
import { biometricPlace, openBiometric, readImageHeader, sealBiometric, templateLink } from './biometric-vault.js';
import { CardAction } from './card.js';
import { listCardRowsOfPerson } from './card.repository.js';
import { applyCardAction, cardsInUse } from './card.service.js';
import { identityMetrics } from './identity.metrics.js';
import { identitySecrets } from './identity-secrets.js';
import { getIdentityRules } from './identity-rules.service.js';
import { nextCounter } from './identity.repository.js';
import { ageOn, applicationStream, personStream, yearOf } from './identity.js';
import { demographicMatch } from './name-match.js';
import type { PersonChange } from './person.js';
import { personPlace } from './person-vault.js';
import { findPersonKey, findPersonsBornWithName, rowKeys, type PersonRow } from './person.repository.js';
import { applyPersonChanges, getPersonRow, ownNin, sealedChange } from './person.service.js';
import { registerKeys, type RegisterKeys } from './register-keys.js';
import { openJson, sealJson } from '../core/sealing.js';
import { localDay } from '../core/time-zone.js';

/** Who runs the checks and the automatic decisions that follow an enrolment. */
export const CHECKS_ACTOR: Actor = 'system:identity-checks';

// --- Rows and API types --------------------------------------------------------------------------

function flagsOf(row: IdentityApplicationTable): CheckFlag[] {
  return row.flags === null ? [] : fromJsonText(row.flags);
}

function stepRowToStep(row: IdentityApplicationStepTable): ApplicationStep {
  return {
    step: row.step,
    from: row.from_status,
    to: row.to_status,
    action: row.action,
    at: row.at,
    actor: row.actor,
    reason: row.reason,
  };
}

/**
 * An application as the API gives it; `changes` are the change of data opened with the person's key
 * (null when there is none, or when the person was erased since).
 */
export function applicationRowToApplication(row: IdentityApplicationTable, steps: readonly IdentityApplicationStepTable[], enrolled: boolean, changes: PersonChange | null): Application {
  const status = row.status;
  return {
    number: row.number,
    nin: row.nin,
    kind: row.kind,
    desk: row.desk_code,
    appointment: row.appointment_id,
    status,
    statusAt: row.status_at,
    feeMad: row.fee_mad,
    paymentReference: row.payment_reference,
    declaration: row.declaration_kind === null || row.declaration_reference === null ? null : { kind: row.declaration_kind, reference: row.declaration_reference },
    changes,
    age: row.age,
    validityYears: row.validity_years,
    enrolled,
    flags: flagsOf(row),
    decisionReason: row.decision_reason,
    centre: row.centre_code,
    batch: row.batch_id,
    documentNumber: row.document_number,
    createdAt: row.created_at,
    allowedActions: allowedApplicationActions(status),
    history: steps.map(stepRowToStep),
  };
}

export function applicationRowToSummary(row: IdentityApplicationTable): ApplicationSummary {
  return {
    number: row.number,
    nin: row.nin,
    kind: row.kind,
    desk: row.desk_code,
    status: row.status,
    statusAt: row.status_at,
    flags: flagsOf(row),
    centre: row.centre_code,
    batch: row.batch_id,
  };
}

/** An application's row, or 404. */
export async function getApplicationRow(db: Db | Trx, number: string, options: { lock?: boolean } = {}): Promise<IdentityApplicationTable> {
  const row = await findApplicationRow(db, number, options);
  if (row === undefined) throw new DomainError('not_found', `no application has number ${number}`);
  return row;
}

/** What a change-of-data application changes, sealed under the person's key for its row. */
function sealChanges(dataKey: Buffer, number: string, changes: PersonChange): string {
  return sealJson(dataKey, changes, personPlace.changes(number));
}

/** What a change-of-data application changes, opened; null when it has none or its person was erased. */
async function openChanges(db: Db | Trx, keys: RegisterKeys, row: IdentityApplicationTable): Promise<PersonChange | null> {
  if (row.person_changes === null) return null;
  const dataKey = await findPersonKey(db, keys, row.nin);
  return dataKey === undefined ? null : openJson<PersonChange>(dataKey, row.person_changes, personPlace.changes(row.number));
}

/** An application with its status history. */
export async function getApplication(core: Pick<Core, 'db' | 'config' | 'log'>, number: string): Promise<Application> {
  const row = await getApplicationRow(core.db, number);
  const changes = await openChanges(core.db, registerKeys(core), row);
  return applicationRowToApplication(row, await listStepRows(core.db, number), (await findEnrolmentRow(core.db, number)) !== undefined, changes);
}

export async function listApplications(db: Db, query: ApplicationQuery): Promise<ApplicationSummary[]> {
  const rows = await listApplicationRows(db, {
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.desk === undefined ? {} : { desk: query.desk }),
    ...(query.nin === undefined ? {} : { nin: query.nin }),
    limit: query.limit ?? 100,
  });
  return rows.map(applicationRowToSummary);
}

/** The review queue: applications the checks referred to an officer, and checked ones awaiting a decision. */
export async function reviewQueue(db: Db): Promise<ApplicationSummary[]> {
  return (await listApplicationRows(db, { status: [ApplicationStatus.referred, ApplicationStatus.checked], limit: 500 })).map(applicationRowToSummary);
}

// --- The lifecycle -------------------------------------------------------------------------------

export interface ActionOptions {
  readonly reason?: string | null;
  /** Columns changed with the status. */
  readonly columns?: Partial<Omit<IdentityApplicationTable, 'number' | 'nin' | 'status' | 'status_at' | 'step'>>;
  /** More for the journal event. */
  readonly data?: JsonObject;
}

/**
 * Moves one application through the table inside a command: its row, a step of its history, and an
 * event on its stream (no personal data: the number, the statuses, and what the action adds).
 */
export async function applyApplicationAction(scope: CommandScope, actor: Actor, row: IdentityApplicationTable, action: ApplicationAction, options: ActionOptions = {}): Promise<IdentityApplicationTable> {
  const to = nextApplicationStatus(row.number, row.status, action);
  const next: IdentityApplicationTable = { ...row, ...options.columns, status: to, status_at: scope.at, step: row.step + 1 };
  await updateApplicationRow(scope.trx, row.number, { ...options.columns, status: to, status_at: scope.at, step: next.step });
  await insertStepRows(scope.trx, [{ application_number: row.number, step: next.step, from_status: row.status, to_status: to, action, at: scope.at, actor, reason: options.reason ?? null }]);
  scope.record(applicationStream(row.number), applicationEventType[action], {
    from: row.status,
    to,
    ...(options.reason === undefined || options.reason === null ? {} : { reason: options.reason }),
    ...options.data,
  });
  return next;
}

/**
 * The same action on many applications in one command (scheduling a day, producing a batch): rows,
 * history and events written a few hundred to a statement. The table is asked once per status.
 */
export async function applyApplicationActionToMany(
  scope: CommandScope,
  actor: Actor,
  rows: readonly IdentityApplicationTable[],
  action: ApplicationAction,
  columns: ActionOptions['columns'] = {},
  dataOf: (row: IdentityApplicationTable) => JsonObject = () => ({}),
): Promise<void> {
  const byStatus = new Map<ApplicationStatus, IdentityApplicationTable[]>();
  for (const row of rows) {
    const group = byStatus.get(row.status);
    if (group === undefined) byStatus.set(row.status, [row]);
    else group.push(row);
  }
  for (const [status, group] of byStatus) {
    const to = nextApplicationStatus(group[0]!.number, status, action);
    await advanceApplicationRows(
      scope.trx,
      group.map((r) => r.number),
      status,
      { ...columns, status: to, status_at: scope.at },
    );
    await insertStepRows(
      scope.trx,
      group.map((row) => ({ application_number: row.number, step: row.step + 1, from_status: status, to_status: to, action, at: scope.at, actor, reason: null })),
    );
    for (const row of group) scope.record(applicationStream(row.number), applicationEventType[action], { from: status, to, ...dataOf(row) });
  }
}

/** Approves inside a command; an approved change of data is applied to the register at once. */
async function approve(scope: CommandScope, keys: RegisterKeys, actor: Actor, row: IdentityApplicationTable, reason: string | null, automatic: boolean): Promise<IdentityApplicationTable> {
  const next = await applyApplicationAction(scope, actor, row, ApplicationAction.approve, {
    reason,
    columns: { approved_at: scope.at, decision_reason: reason },
    data: automatic ? { automatic: true } : {},
  });
  const changes = row.kind === ApplicationKind.changeOfData ? await openChanges(scope.trx, keys, row) : null;
  if (changes !== null) await applyPersonChanges(scope, keys, row.nin, changes, row.number);
  return next;
}

// --- Opening -------------------------------------------------------------------------------------

/**
 * Opens an application at a desk, the fee paid: refused when the person already has one in progress,
 * when the kind does not fit their cards (a first card for someone who has one), or when the amount is
 * not the fee the rules set for their age. A replacement declares the person's cards in use lost or
 * stolen, in the same command. Counted in `amane_identity_applications_total`.
 */
export async function openApplication(core: Core, actor: Actor, input: NewApplication): Promise<Application> {
  const counter = identityMetrics(core.metrics).applications;
  try {
    const number = await open(core, actor, input);
    counter.inc({ kind: input.kind, result: 'opened' });
    return await getApplication(core, number);
  } catch (error) {
    if (error instanceof DomainError && error.status < 500) counter.inc({ kind: input.kind, result: 'refused' });
    throw error;
  }
}

function checkKind(input: NewApplication, nin: string, cards: number): FieldProblem | undefined {
  if (input.kind === ApplicationKind.firstCard && cards > 0) return { field: 'kind', message: `${nin} already has a card; apply for a renewal, a replacement or a change of data` };
  if (input.kind !== ApplicationKind.firstCard && cards === 0) return { field: 'kind', message: `${nin} has no card yet; apply for a first card` };
  if (input.kind === ApplicationKind.replacement && input.declaration === undefined) {
    return { field: 'declaration', message: 'is required for a replacement: lost or stolen, and the reference of the declaration made to the police' };
  }
  if (input.kind !== ApplicationKind.replacement && input.declaration !== undefined) return { field: 'declaration', message: 'is only for a replacement' };
  if (input.kind === ApplicationKind.changeOfData && input.changes === undefined) return { field: 'changes', message: 'is required for a change of data: what changes in the record' };
  if (input.kind !== ApplicationKind.changeOfData && input.changes !== undefined) return { field: 'changes', message: 'is only for a change of data' };
  return undefined;
}

async function open(core: Core, actor: Actor, input: NewApplication): Promise<string> {
  const today = localDay(core.clock.now());
  const keys = registerKeys(core);
  const person = await getPersonRow(core.db, keys, input.nin, { field: 'nin' });
  const desk = await getDeskRow(core.db, input.desk, { field: 'desk' });
  if (desk.active !== 1) throw invalidField('desk', `desk ${desk.code} is inactive`);
  const rules = await getIdentityRules(core.db);
  const age = ageOn(person.birth_date, today);
  const fee = bandFor(rules.fees, age).mad;
  const validityYears = bandFor(rules.validity, age).years;
  if (input.payment.amountMad !== fee) throw invalidField('payment.amountMad', `is ${input.payment.amountMad} MAD; the fee for an applicant aged ${age} is ${fee} MAD`);
  try {
    return await runCommand(core, actor, async (scope) => {
      const { trx, at, record } = scope;
      // Locked: an erasure of the person cannot pass between this check and the application.
      const { data_key: dataKey } = await getPersonRow(trx, keys, input.nin, { field: 'nin', lock: true });
      const busy = await findOpenApplication(trx, input.nin);
      if (busy !== undefined) throw invalidField('nin', `${input.nin} already has application ${busy.number} in progress (${busy.status})`, 'conflict');
      const problem = checkKind(input, input.nin, (await listCardRowsOfPerson(trx, input.nin)).length);
      if (problem !== undefined) throw new DomainError('conflict', `${problem.field}: ${problem.message}`, { errors: [problem] });
      const year = yearOf(today);
      const number = formatApplicationNumber(year, await nextCounter(trx, `application:${year}`));
      if (input.appointment !== undefined) await attendAppointment(scope, input.appointment, input.nin, desk.code);
      if (input.declaration !== undefined) {
        const action = input.declaration.kind === 'stolen' ? CardAction.declareStolen : CardAction.declareLost;
        for (const card of await cardsInUse(scope, input.nin)) await applyCardAction(scope, card, action, { declaration: input.declaration.reference, application: number });
      }
      const row: IdentityApplicationTable = {
        number,
        nin: input.nin,
        kind: input.kind,
        desk_code: desk.code,
        appointment_id: input.appointment ?? null,
        status: ApplicationStatus.submitted,
        status_at: at,
        step: 1,
        fee_mad: fee,
        payment_reference: input.payment.reference,
        declaration_reference: input.declaration?.reference ?? null,
        declaration_kind: input.declaration?.kind ?? null,
        person_changes: input.changes === undefined ? null : sealChanges(dataKey, number, input.changes),
        age,
        validity_years: validityYears,
        flags: null,
        decision_reason: null,
        approved_at: null,
        centre_code: null,
        batch_id: null,
        document_number: null,
        created_at: at,
        created_by: actor,
      };
      await insertApplicationRow(trx, row);
      await insertStepRows(trx, [{ application_number: number, step: 1, from_status: null, to_status: row.status, action: 'open', at, actor, reason: null }]);
      record(applicationStream(number), 'identity_application.opened', {
        kind: input.kind,
        desk: desk.code,
        feeMad: fee,
        paymentReference: input.payment.reference,
        validityYears,
        ...(input.declaration === undefined ? {} : { declaration: input.declaration }),
      });
      record(personStream(input.nin), 'identity_person.application_opened', {
        application: number,
        kind: input.kind,
        ...(input.changes === undefined ? {} : sealedChange(dataKey, input.nin, `application_opened/${number}`, input.changes)),
      });
      return number;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('nin', `${input.nin} already has an application in progress`, 'conflict');
    throw error;
  }
}

// --- Enrolment -----------------------------------------------------------------------------------

interface ReadEnrolment {
  readonly photo: { bytes: Buffer; format: 'jpeg' | 'jp2'; width: number; height: number; quality: number };
  readonly fingerprints: { position: number; template: Buffer; link: string; quality: number }[];
  readonly signature: Buffer;
}

/** Decodes and checks what a desk captured, naming each field that is refused. */
function readEnrolment(body: EnrolmentBody, minimum: { photo: number; fingerprint: number; fingers: number }, templateKey: Buffer): ReadEnrolment {
  const problems: FieldProblem[] = [];
  const photo = Buffer.from(body.photo.data, 'base64');
  const header = readImageHeader(photo);
  if (header === undefined) problems.push({ field: 'photo.data', message: 'is not a JPEG or JPEG 2000 image' });
  if (body.photo.quality < minimum.photo) problems.push({ field: 'photo.quality', message: `is ${body.photo.quality}; at least ${minimum.photo} is needed: take the photo again` });
  if (body.fingerprints.length < minimum.fingers) problems.push({ field: 'fingerprints', message: `holds ${body.fingerprints.length}; at least ${minimum.fingers} fingers are needed` });
  const positions = new Map<number, number>();
  const links = new Map<string, number>();
  const fingerprints = body.fingerprints.map((finger, index) => {
    const template = Buffer.from(finger.template, 'base64');
    const link = templateLink(templateKey, template);
    const samePosition = positions.get(finger.position);
    if (samePosition !== undefined) problems.push({ field: `fingerprints.${index}.position`, message: `finger ${finger.position} is already fingerprints.${samePosition}` });
    const sameTemplate = links.get(link);
    if (sameTemplate !== undefined) problems.push({ field: `fingerprints.${index}.template`, message: `is the same template as fingerprints.${sameTemplate}: capture each finger` });
    if (finger.quality < minimum.fingerprint) problems.push({ field: `fingerprints.${index}.quality`, message: `is ${finger.quality}; at least ${minimum.fingerprint} is needed: capture the finger again` });
    positions.set(finger.position, index);
    links.set(link, index);
    return { position: finger.position, template, link, quality: finger.quality };
  });
  if (problems.length > 0) throw new DomainError('validation', problems.map((p) => `${p.field}: ${p.message}`).join('; '), { errors: problems });
  return { photo: { bytes: photo, ...header!, quality: body.photo.quality }, fingerprints, signature: Buffer.from(body.signature.data, 'base64') };
}

/**
 * Records the portrait, fingerprints and signature captured at the desk, each sealed (AES-256-GCM),
 * then runs the checks. A check that cannot run now (an ABIS out of reach) leaves the application
 * enrolled, for `POST .../checks` to try again.
 */
export async function enrolApplication(core: Core, actor: Actor, number: string, body: EnrolmentBody): Promise<Application> {
  const rules = await getIdentityRules(core.db);
  const read = readEnrolment(body, { photo: rules.minimumQuality.photo, fingerprint: rules.minimumQuality.fingerprint, fingers: rules.minimumFingerprints }, registerKeys(core).templateKey);
  const key = identitySecrets(core).dataKey;
  await runCommand(core, actor, async (scope) => {
    const row = await getApplicationRow(scope.trx, number, { lock: true });
    nextApplicationStatus(number, row.status, ApplicationAction.enrol);
    await insertEnrolmentRow(scope.trx, {
      application_number: number,
      photo: sealBiometric(key, read.photo.bytes, biometricPlace.photo(number)),
      photo_format: read.photo.format,
      photo_width: read.photo.width,
      photo_height: read.photo.height,
      photo_quality: read.photo.quality,
      signature: sealBiometric(key, read.signature, biometricPlace.signature(number)),
      enrolled_at: scope.at,
      enrolled_by: actor,
    });
    await insertFingerprintRows(
      scope.trx,
      read.fingerprints.map(
        (f): IdentityFingerprintTable => ({
          application_number: number,
          position: f.position,
          template: sealBiometric(key, f.template, biometricPlace.finger(number, f.position)),
          template_hmac: f.link,
          quality: f.quality,
        }),
      ),
    );
    await applyApplicationAction(scope, actor, row, ApplicationAction.enrol, {
      data: {
        photo: { format: read.photo.format, width: read.photo.width, height: read.photo.height, quality: read.photo.quality },
        fingerprints: read.fingerprints.map((f) => ({ position: f.position, quality: f.quality })),
      },
    });
  });
  try {
    return await runChecks(core, CHECKS_ACTOR, number);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    core.log.warn({ err: error, application: number }, 'the checks could not run after enrolment; the application stays enrolled');
    return getApplication(core, number);
  }
}

// --- Checks --------------------------------------------------------------------------------------

/**
 * People of the register who look like this one: same birth date, names and parents (name-match.ts).
 * Candidates are found by blind index (the birth date with the name's key), then opened and compared.
 */
async function demographicFlags(db: Db, keys: RegisterKeys, person: PersonRow): Promise<CheckFlag[]> {
  const mine = rowKeys(person);
  const candidates = await findPersonsBornWithName(db, keys, person.birth_date, { ar: mine.nameKeyAr, latin: mine.nameKeyLatin });
  return candidates.flatMap((candidate) => {
    const why = demographicMatch(mine, rowKeys(candidate));
    return why === undefined ? [] : [{ check: CheckKind.demographic, nin: candidate.nin, application: null, detail: why }];
  });
}

function biometricFlags(hits: readonly BiometricHit[], matcher: string): CheckFlag[] {
  const byApplication = new Map<string, BiometricHit[]>();
  for (const hit of hits) byApplication.set(hit.application, [...(byApplication.get(hit.application) ?? []), hit]);
  return [...byApplication.values()].map((group) => ({
    check: CheckKind.biometric,
    nin: group[0]!.nin,
    application: group[0]!.application,
    detail: `finger(s) ${group.map((h) => h.position).join(', ')} match (${matcher}, score ${Math.max(...group.map((h) => h.score))})`,
  }));
}

/**
 * Runs the deduplication checks of an enrolled application: the 1:N biometric search (the plugged-in
 * matcher) and the demographic one. Flagged: referred to an officer (the review queue). Not flagged:
 * checked, and approved at once when the rules say so.
 */
export async function runChecks(core: Core, actor: Actor, number: string): Promise<Application> {
  const before = await getApplicationRow(core.db, number);
  nextApplicationStatus(number, before.status, ApplicationAction.check);
  const key = identitySecrets(core).dataKey;
  const keys = registerKeys(core);
  const fingerprints = (await listFingerprintRows(core.db, number)).map((f) => ({
    position: f.position,
    link: f.template_hmac,
    template: openBiometric(key, f.template, biometricPlace.finger(number, f.position)),
  }));
  const matcher = biometricMatcherOf(core);
  const hits = await matcher.search({ application: number, nin: before.nin, fingerprints });
  const person = await getPersonRow(core.db, keys, before.nin);
  const flags = [...biometricFlags(hits, matcher.name), ...(await demographicFlags(core.db, keys, person))];
  const rules = await getIdentityRules(core.db);
  await runCommand(core, actor, async (scope) => {
    let row = await getApplicationRow(scope.trx, number, { lock: true });
    row = await applyApplicationAction(scope, actor, row, ApplicationAction.check, {
      columns: { flags: flags.length === 0 ? null : toJsonText(flags) },
      data: { matcher: matcher.name, flags: flags.map((f) => ({ check: f.check, detail: f.detail })) },
    });
    if (flags.length > 0) {
      await applyApplicationAction(scope, actor, row, ApplicationAction.refer, { reason: `flagged by the checks: ${flags.map((f) => `${f.check} (${f.detail})`).join('; ')}` });
    } else if (rules.autoApprove) {
      await approve(scope, keys, actor, row, null, true);
    }
  });
  return getApplication(core, number);
}

// --- Review --------------------------------------------------------------------------------------

/** An officer's decision on a checked or referred application: approve, reject or refer (the last two with a reason). */
export async function decideApplication(core: Core, actor: Actor, number: string, body: DecisionBody): Promise<Application> {
  const action = body.decision === Decision.approve ? ApplicationAction.approve : body.decision === Decision.reject ? ApplicationAction.reject : ApplicationAction.refer;
  if (actionsNeedingReason.has(action) && body.reason === undefined) throw invalidField('reason', `is required to ${body.decision}`);
  const keys = registerKeys(core);
  await runCommand(core, actor, async (scope) => {
    const row = await getApplicationRow(scope.trx, number, { lock: true });
    if (action === ApplicationAction.approve) {
      nextApplicationStatus(number, row.status, action);
      await approve(scope, keys, actor, row, body.reason ?? null, false);
    } else {
      await applyApplicationAction(scope, actor, row, action, { reason: body.reason ?? null, columns: { decision_reason: body.reason ?? null } });
    }
  });
  return getApplication(core, number);
}

/** The enrolled portrait, opened for the clerk or the card; the read is journaled on the person's stream. */
export async function enrolledPhoto(core: Core, actor: Actor, number: string): Promise<EnrolledPhoto> {
  const row = await getApplicationRow(core.db, number);
  const enrolment = await findEnrolmentRow(core.db, number);
  if (enrolment === undefined) throw new DomainError('conflict', `application ${number} is \`${row.status}\`: nothing is enrolled yet`);
  const photo = openBiometric(identitySecrets(core).dataKey, enrolment.photo, biometricPlace.photo(number));
  await runCommand(core, actor, async ({ record }) => record(personStream(row.nin), 'identity_person.photo_read', { application: number }));
  return { application: number, format: enrolment.photo_format as 'jpeg' | 'jp2', width: enrolment.photo_width, height: enrolment.photo_height, quality: enrolment.photo_quality, data: photo.toString('base64') };
}

// --- The citizen's own -----------------------------------------------------------------------------

/** A citizen's latest application: where it stands and when it moved, nothing about who handled it. */
export async function ownApplication(db: Db, username: string): Promise<OwnApplication> {
  const application = await findOwnApplication(db, username);
  if (application === undefined) throw new DomainError('not_found', 'you have no application');
  return application;
}

/** The citizen's latest application and its steps, or none (not having one is no error). */
export async function findOwnApplication(db: Db, username: string): Promise<OwnApplication | undefined> {
  const nin = await ownNin(db, username);
  const row = await findLatestApplication(db, nin);
  if (row === undefined) return undefined;
  const steps = await listStepRows(db, row.number);
  return {
    number: row.number,
    kind: row.kind,
    desk: row.desk_code,
    status: row.status,
    statusAt: row.status_at,
    feeMad: row.fee_mad,
    createdAt: row.created_at,
    history: steps.map((s) => ({ to: s.to_status, at: s.at })),
  };
}
