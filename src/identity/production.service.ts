import type { Actor } from '../core/auth/principal.js';
import { runCommand, runCommandOn, type CommandScope } from '../core/command.js';
import { changedFields } from '../core/changed-fields.js';
import type { Core } from '../core/context.js';
import { isUniqueViolation, type Db, type Trx } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { ApplicationAction, ApplicationStatus } from './application.js';
import { countApplications, findEnrolmentRows, listApplicationRows, listQueueRows, updateApplicationRow, type IdentityApplicationTable } from './application.repository.js';
import { applyApplicationActionToMany } from './application.service.js';
import { biometricPlace, openBiometric } from './biometric-vault.js';
import { CardStatus } from './card.js';
import { insertCardRows, type IdentityCardTable } from './card.repository.js';
import type { CardData, DocumentSigner } from './icao/personalisation.js';
import { identityKeystore } from './identity-keystore.js';
import { identitySecrets } from './identity-secrets.js';
import { identityMetrics } from './identity.metrics.js';
import { nextCounter, takeCounter } from './identity.repository.js';
import { addYears, batchStream, cardStream, centreStream } from './identity.js';
import { isPermitApplicationNumber, PermitAction } from '../contract/permit.js';
import { listPermitNumbersOfBatch } from './permit.repository.js';
import { movePermitsOfBatch, permitQueue, permitsInProduction, producePermitsOfBatch, requeuePermitsOfBatch, schedulePermits } from './permit.service.js';
import { personPlace } from './person-vault.js';
import { personRowsByNin } from './person.service.js';
import { mrzDigest, registerKeys, type RegisterKeys } from './register-keys.js';
import { sealBytes } from '../core/sealing.js';
import { localDay } from '../core/time-zone.js';
import {
  BatchAction,
  BatchStatus,
  formatBatchId,
  formatDocumentNumber,
  nextBatchStatus,
  scheduleDay,
  type Batch,
  type BatchQuery,
  type BatchWithApplications,
  type Centre,
  type CentreChange,
  type CentreSwitch,
  type NewCentre,
  type ProductionBoard,
  type ScheduleResult,
  type StockReceipt,
} from './production.js';
import {
  findBatchRow,
  findCentreRow,
  insertBatchRows,
  insertCentreRow,
  listBatchRows,
  listCentreRows,
  reservedStock,
  scheduledOnDay,
  takeStock,
  updateBatchRow,
  updateCentreRow,
  type IdentityBatchTable,
  type IdentityCentreTable,
} from './production.repository.js';

/** The issuing state and nationality on every card (ICAO codes). */
const MOROCCO = 'MAR';

export function centreRowToCentre(row: IdentityCentreTable): Centre {
  return {
    code: row.code,
    name: row.name,
    prefix: row.prefix,
    location: { lat: row.lat, lon: row.lon },
    dailyCapacity: row.daily_capacity,
    stock: row.stock,
    online: row.online === 1,
    updatedAt: row.updated_at,
  };
}

export function batchRowToBatch(row: IdentityBatchTable): Batch {
  return {
    id: row.id,
    centre: row.centre_code,
    day: row.day,
    desk: row.desk_code,
    size: row.size,
    status: row.status,
    createdAt: row.created_at,
    producedAt: row.produced_at,
    shippedAt: row.shipped_at,
    receivedAt: row.received_at,
  };
}

export async function getCentreRow(db: Db | Trx, code: string, options: { lock?: boolean } = {}): Promise<IdentityCentreTable> {
  const row = await findCentreRow(db, code, options);
  if (row === undefined) throw new DomainError('not_found', `no issuance centre has code ${code}`);
  return row;
}

export async function getBatchRow(db: Db | Trx, id: string, options: { lock?: boolean } = {}): Promise<IdentityBatchTable> {
  const row = await findBatchRow(db, id, options);
  if (row === undefined) throw new DomainError('not_found', `no production batch has id ${id}`);
  return row;
}

// --- Centres -------------------------------------------------------------------------------------

export async function listCentres(db: Db): Promise<Centre[]> {
  return (await listCentreRows(db)).map(centreRowToCentre);
}

/** Opens an issuance centre, with its prefix letter for document numbers (unique). */
export async function createCentre(core: Core, actor: Actor, input: NewCentre): Promise<Centre> {
  try {
    return await runCommand(core, actor, async ({ trx, at, record }) => {
      const centres = await listCentreRows(trx);
      if (centres.some((c) => c.code === input.code)) throw invalidField('code', `centre ${input.code} already exists`, 'conflict');
      const same = centres.find((c) => c.prefix === input.prefix);
      if (same !== undefined) throw invalidField('prefix', `${input.prefix} is the prefix of centre ${same.code}`, 'conflict');
      const row: IdentityCentreTable = {
        code: input.code,
        name: input.name,
        prefix: input.prefix,
        lat: input.location.lat,
        lon: input.location.lon,
        daily_capacity: input.dailyCapacity,
        stock: input.stock ?? 0,
        online: input.online === false ? 0 : 1,
        created_at: at,
        updated_at: at,
      };
      await insertCentreRow(trx, row);
      const centre = centreRowToCentre(row);
      record(centreStream(row.code), 'identity_centre.created', { name: centre.name, prefix: centre.prefix, location: centre.location, dailyCapacity: centre.dailyCapacity, stock: centre.stock, online: centre.online });
      return centre;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw invalidField('code', `centre ${input.code} or prefix ${input.prefix} is taken`, 'conflict');
    throw error;
  }
}

/** Changes a centre's name, place or daily capacity (from the next scheduling on). */
export async function changeCentre(core: Core, actor: Actor, code: string, change: CentreChange): Promise<Centre> {
  return runCommandOn(core, actor, (trx) => getCentreRow(trx, code, { lock: true }), async (row, { trx, at, record }) => {
    const next: IdentityCentreTable = {
      ...row,
      name: change.name ?? row.name,
      lat: change.location?.lat ?? row.lat,
      lon: change.location?.lon ?? row.lon,
      daily_capacity: change.dailyCapacity ?? row.daily_capacity,
    };
    const [before, after] = [centreRowToCentre(row), centreRowToCentre(next)];
    if (changedFields(before, after) === undefined) return before;
    await updateCentreRow(trx, code, { name: next.name, lat: next.lat, lon: next.lon, daily_capacity: next.daily_capacity, updated_at: at });
    // The event carries the three settings whichever changed: a reader of the journal sees the centre's whole setting.
    record(centreStream(code), 'identity_centre.changed', { name: after.name, location: after.location, dailyCapacity: after.dailyCapacity });
    return centreRowToCentre({ ...next, updated_at: at });
  });
}

/** Blank cards delivered to a centre. */
export async function receiveStock(core: Core, actor: Actor, code: string, receipt: StockReceipt): Promise<Centre> {
  return runCommand(core, actor, async ({ trx, at, record }) => {
    const row = await getCentreRow(trx, code, { lock: true });
    const stock = row.stock + receipt.cards;
    await updateCentreRow(trx, code, { stock, updated_at: at });
    record(centreStream(code), 'identity_centre.stock_received', { cards: receipt.cards, stock, ...(receipt.reference === undefined ? {} : { reference: receipt.reference }) });
    return centreRowToCentre({ ...row, stock, updated_at: at });
  });
}

/**
 * Takes a centre offline (or back online). Offline, its batches not yet produced are cancelled and their
 * applications go back to the queue, then today's queue is scheduled again on the centres still online:
 * the work moves to them as far as their capacity and stock allow; the rest waits.
 */
export async function setCentreOnline(core: Core, actor: Actor, code: string, online: boolean, reason?: string): Promise<CentreSwitch> {
  const today = localDay(core.clock.now());
  return runCommand(core, actor, async (scope) => {
    const { trx, at, record } = scope;
    await listCentreRows(trx, { lock: true });
    const row = await getCentreRow(trx, code);
    if ((row.online === 1) === online) return { centre: centreRowToCentre(row), requeued: 0, rescheduled: 0, waiting: await countApplications(trx, ApplicationStatus.approved) };
    await updateCentreRow(trx, code, { online: online ? 1 : 0, updated_at: at });
    record(centreStream(code), online ? 'identity_centre.online' : 'identity_centre.offline', reason === undefined ? {} : { reason });
    let requeued = 0;
    if (!online) {
      for (const batch of await listBatchRows(trx, { centre: code, status: BatchStatus.scheduled })) {
        const cancelled = nextBatchStatus(batch.id, batch.status, BatchAction.cancel);
        await updateBatchRow(trx, batch.id, { status: cancelled });
        record(batchStream(batch.id), 'identity_batch.cancelled', { centre: code, reason: 'the centre went offline' });
        const applications = await listApplicationRows(trx, { batch: batch.id, status: ApplicationStatus.inProduction });
        // They keep their place in the queue (approved_at): they were approved before whatever waits now.
        await applyApplicationActionToMany(scope, actor, applications, ApplicationAction.requeue, { centre_code: null, batch_id: null }, () => ({ batch: batch.id, centre: code }));
        requeued += applications.length + (await requeuePermitsOfBatch(scope, batch.id));
      }
    }
    const schedule = online || requeued === 0 ? undefined : await schedule_(scope, actor, today);
    const centre = centreRowToCentre({ ...row, online: online ? 1 : 0, updated_at: at });
    return { centre, requeued, rescheduled: schedule?.scheduled ?? 0, waiting: schedule?.waiting ?? (await countApplications(trx, ApplicationStatus.approved)) };
  });
}

// --- Scheduling ----------------------------------------------------------------------------------

/**
 * Schedules a day's production (today by default): the approved queue, oldest first, over the online
 * centres by proximity to each card's desk, within each centre's capacity left that day and its blank
 * cards not yet promised (scheduleDay). One batch per centre and desk; every application journaled.
 * With `centre`, that centre alone is scheduled (its board's "schedule the day"): the queue fills its
 * capacity and stock whatever centre is nearer; an offline centre is refused.
 */
export async function scheduleProduction(core: Core, actor: Actor, day?: string, centre?: string): Promise<ScheduleResult> {
  const today = localDay(core.clock.now());
  const target = day ?? today;
  if (target < today) throw invalidField('day', `is past (today is ${today})`);
  return runCommand(core, actor, (scope) => schedule_(scope, actor, target, centre));
}

async function schedule_(scope: CommandScope, actor: Actor, day: string, only?: string): Promise<ScheduleResult> {
  const { trx, at, record } = scope;
  // Every centre locked: one scheduling (or switch) at a time, so capacity and stock are read once.
  const all = await listCentreRows(trx, { lock: true });
  const centres = only === undefined ? all : all.filter((c) => c.code === only);
  if (only !== undefined) {
    const chosen = centres[0];
    if (chosen === undefined) throw new DomainError('not_found', `no issuance centre has code ${only}; centres: ${all.map((c) => c.code).join(', ') || 'none'}`);
    if (chosen.online !== 1) throw new DomainError('conflict', `issuance centre ${only} is offline; bring it online to schedule its production`);
  }
  const scheduled = await scheduledOnDay(trx, day);
  const reserved = await reservedStock(trx);
  const approved = new Map((await listApplicationRows(trx, { status: ApplicationStatus.approved })).map((row) => [row.number, row]));
  // Residence permits wait in the same queue as the national ID cards: one order, by approval time.
  const queue = [...(await listQueueRows(trx)).map((q) => ({ ...q, approved_at: approved.get(q.number)?.approved_at ?? '' })), ...(await permitQueue(trx))].sort(
    (a, b) => a.approved_at.localeCompare(b.approved_at) || a.number.localeCompare(b.number),
  );
  const plan = scheduleDay(
    centres.map((c) => ({
      code: c.code,
      location: { lat: c.lat, lon: c.lon },
      online: c.online === 1,
      capacityLeft: Math.max(0, c.daily_capacity - (scheduled.get(c.code) ?? 0)),
      stockLeft: Math.max(0, c.stock - (reserved.get(c.code) ?? 0)),
    })),
    queue.map((q) => ({ number: q.number, desk: q.desk_code, destination: { lat: q.lat, lon: q.lon } })),
    day,
  );
  if (plan.assignments.length === 0) return { day, scheduled: 0, waiting: plan.unscheduled.length, batches: [] };
  const batches: IdentityBatchTable[] = [];
  for (const planned of plan.batches) {
    const id = formatBatchId(planned.centre, day, await nextCounter(trx, `batch:${planned.centre}:${day}`));
    const row: IdentityBatchTable = {
      id,
      centre_code: planned.centre,
      day,
      desk_code: planned.desk,
      size: planned.applications.length,
      status: BatchStatus.scheduled,
      created_at: at,
      produced_at: null,
      shipped_at: null,
      received_at: null,
    };
    batches.push(row);
    const rows = planned.applications.map((number) => approved.get(number)).filter((r): r is IdentityApplicationTable => r !== undefined);
    await applyApplicationActionToMany(scope, actor, rows, ApplicationAction.schedule, { centre_code: planned.centre, batch_id: id }, () => ({ centre: planned.centre, batch: id }));
    await schedulePermits(scope, planned.applications.filter(isPermitApplicationNumber), planned.centre, id);
    record(batchStream(id), 'identity_batch.scheduled', { centre: planned.centre, day, desk: planned.desk, size: row.size, applications: [...planned.applications] });
  }
  await insertBatchRows(trx, batches);
  return { day, scheduled: plan.assignments.length, waiting: plan.unscheduled.length, batches: batches.map(batchRowToBatch) };
}

// --- Personalisation -----------------------------------------------------------------------------

/**
 * Produces a scheduled batch: each card personalised by the centre's Document Signer (MRZ, LDS, signed
 * SOD, from the ICAO library), a document number allocated from the centre's sequence, the card entered
 * in the register (pending until handed over), the centre's blank stock decreased, in one command.
 */
export async function produceBatch(core: Core, actor: Actor, id: string): Promise<BatchWithApplications> {
  const batch = await getBatchRow(core.db, id);
  nextBatchStatus(id, batch.status, BatchAction.produce);
  // Outside the transaction: opening the keystore, or issuing the centre's first signer, writes its file.
  const signer = (await identityKeystore(core)).signerFor(batch.centre_code);
  const key = identitySecrets(core).dataKey;
  const keys = registerKeys(core);
  const produced = await runCommand(core, actor, async (scope) => {
    const { trx, at, record } = scope;
    const locked = await getBatchRow(trx, id, { lock: true });
    const next = nextBatchStatus(id, locked.status, BatchAction.produce);
    const centre = await getCentreRow(trx, locked.centre_code, { lock: true });
    if (centre.online !== 1) throw new DomainError('conflict', `centre ${centre.code} is offline; its batches move to the other centres`);
    const applications = await listApplicationRows(trx, { batch: id, status: ApplicationStatus.inProduction });
    const permits = await permitsInProduction(scope, id);
    if (!(await takeStock(trx, centre.code, applications.length + permits.length, at))) {
      throw new DomainError('conflict', `centre ${centre.code} holds ${centre.stock} blank cards; batch ${id} needs ${applications.length + permits.length}`);
    }
    const cards = await personalise(trx, signer, key, keys, centre, applications, localDay(new Date(at)), at);
    await insertCardRows(trx, cards);
    for (const card of cards) {
      await updateApplicationRow(trx, card.application_number, { document_number: card.document_number });
      record(cardStream(card.document_number), 'identity_card.personalised', {
        application: card.application_number,
        centre: centre.code,
        dateOfIssue: card.date_of_issue,
        dateOfExpiry: card.date_of_expiry,
        signerSerial: card.signer_serial,
      });
    }
    const byNumber = new Map(cards.map((c) => [c.application_number, c.document_number]));
    await applyApplicationActionToMany(scope, actor, applications, ApplicationAction.produce, {}, (row) => ({ documentNumber: byNumber.get(row.number) ?? null }));
    // The batch's residence permits, personalised by the same signer (document code AR).
    const permitsProduced = await producePermitsOfBatch(scope, signer, keys, centre, id, permits, localDay(new Date(at)));
    const size = cards.length + permitsProduced.length;
    await updateBatchRow(trx, id, { status: next, produced_at: at, size });
    record(batchStream(id), 'identity_batch.produced', { centre: centre.code, cards: size, signerSerial: cards[0]?.signer_serial ?? null, stock: centre.stock - size });
    return { ...locked, status: next, produced_at: at, size, applications: [...cards.map((c) => c.application_number), ...permitsProduced] };
  });
  identityMetrics(core.metrics).cardsProduced.inc({ centre: batch.centre_code }, produced.applications.length);
  const { applications, ...row } = produced;
  return { ...batchRowToBatch(row), applications };
}

async function personalise(
  trx: Trx,
  signer: DocumentSigner,
  key: Buffer,
  keys: RegisterKeys,
  centre: IdentityCentreTable,
  applications: readonly IdentityApplicationTable[],
  issued: string,
  at: string,
): Promise<IdentityCardTable[]> {
  if (applications.length === 0) return [];
  const people = await personRowsByNin(
    trx,
    keys,
    applications.map((a) => a.nin),
  );
  const enrolments = new Map((await findEnrolmentRows(trx, applications.map((a) => a.number))).map((e) => [e.application_number, e]));
  const first = await takeCounter(trx, `document:${centre.prefix}`, applications.length);
  const cards: IdentityCardTable[] = [];
  const expiries = applications.map((application) => addYears(issued, application.validity_years));
  // The batch's cards go through the signer's production path one after another; each face is opened
  // from its sealed enrolment only when its card comes up, and what the register keeps is copied out.
  const items = function* () {
    for (const [index, application] of applications.entries()) {
      const person = people.get(application.nin);
      const enrolment = enrolments.get(application.number);
      if (person === undefined || enrolment === undefined) throw new DomainError('conflict', `application ${application.number} has no ${person === undefined ? 'person' : 'enrolment'} on record`);
      const card: CardData = {
        documentNumber: formatDocumentNumber(centre.prefix, first + index),
        issuingState: MOROCCO,
        nationality: MOROCCO,
        surname: person.surname,
        givenNames: person.given_names,
        surnameArabic: person.surname_ar,
        givenNamesArabic: person.given_names_ar,
        dateOfBirth: person.birth_date,
        sex: person.sex === 'F' ? 'F' : 'M',
        dateOfExpiry: expiries[index]!,
        optionalData1: person.nin,
      };
      const photo = openBiometric(key, enrolment.photo, biometricPlace.photo(application.number));
      yield { card, face: { data: photo, width: enrolment.photo_width, height: enrolment.photo_height } };
    }
  };
  // The register keeps the MRZ and the SOD sealed under the holder's key, and the MRZ's keyed digest
  // for verification: an erased holder's card can no longer be read back from them.
  signer.personaliseEach(items(), (card, index) => {
    const application = applications[index]!;
    const holderKey = people.get(application.nin)!.data_key;
    const mrz = card.mrz.join('\n');
    cards.push({
      document_number: card.documentNumber,
      nin: application.nin,
      application_number: application.number,
      status: CardStatus.pending,
      status_at: at,
      mrz: sealBytes(holderKey, Buffer.from(mrz), personPlace.cardMrz(card.documentNumber)),
      mrz_hmac: mrzDigest(keys, mrz),
      date_of_issue: issued,
      date_of_expiry: expiries[index]!,
      centre_code: centre.code,
      signer_serial: card.signerSerial,
      sod: sealBytes(holderKey, card.efSod, personPlace.cardSod(card.documentNumber)),
      replaced_by: null,
      created_at: at,
      holder_erased_at: null,
    });
  });
  return cards;
}

/** Ships a produced batch to its desk. */
export async function shipBatch(core: Core, actor: Actor, id: string): Promise<BatchWithApplications> {
  return moveBatch(core, actor, id, BatchAction.ship, ApplicationAction.ship, ApplicationStatus.produced, 'shipped_at', 'identity_batch.shipped');
}

/** A batch's move and its applications' in one command (ship, receive). */
export async function moveBatch(
  core: Core,
  actor: Actor,
  id: string,
  action: typeof BatchAction.ship | typeof BatchAction.receive,
  applicationAction: ApplicationAction,
  from: ApplicationStatus,
  stamp: 'shipped_at' | 'received_at',
  eventType: 'identity_batch.shipped' | 'identity_batch.received',
): Promise<BatchWithApplications> {
  return runCommand(core, actor, async (scope) => {
    const batch = await getBatchRow(scope.trx, id, { lock: true });
    const next = nextBatchStatus(id, batch.status, action);
    const applications = await listApplicationRows(scope.trx, { batch: id, status: from });
    await applyApplicationActionToMany(scope, actor, applications, applicationAction, {}, () => ({ batch: id }));
    const permits = await movePermitsOfBatch(scope, id, action === BatchAction.ship ? PermitAction.ship : PermitAction.receive);
    await updateBatchRow(scope.trx, id, { status: next, [stamp]: scope.at });
    scope.record(batchStream(id), eventType, { desk: batch.desk_code, cards: applications.length + permits.length });
    return { ...batchRowToBatch({ ...batch, status: next, [stamp]: scope.at }), applications: [...applications.map((a) => a.number), ...permits] };
  });
}

export async function listBatches(db: Db, query: BatchQuery): Promise<Batch[]> {
  return (await listBatchRows(db, query)).map(batchRowToBatch);
}

export async function getBatch(db: Db, id: string): Promise<BatchWithApplications> {
  const row = await getBatchRow(db, id);
  const applications = await listApplicationRows(db, { batch: id });
  return { ...batchRowToBatch(row), applications: [...applications.map((a) => a.number), ...(await listPermitNumbersOfBatch(db, id))] };
}

/** A centre's production board for a day (today by default). */
export async function productionBoard(core: Pick<Core, 'db' | 'clock'>, code: string, day?: string): Promise<ProductionBoard> {
  const row = await getCentreRow(core.db, code);
  const target = day ?? localDay(core.clock.now());
  const scheduled = (await scheduledOnDay(core.db, target)).get(code) ?? 0;
  const reserved = (await reservedStock(core.db)).get(code) ?? 0;
  return {
    centre: centreRowToCentre(row),
    day: target,
    scheduled,
    capacityLeft: Math.max(0, row.daily_capacity - scheduled),
    stockReserved: reserved,
    stockFree: Math.max(0, row.stock - reserved),
    queue: await countApplications(core.db, ApplicationStatus.approved),
    batches: (await listBatchRows(core.db, { centre: code, day: target })).map(batchRowToBatch),
  };
}
