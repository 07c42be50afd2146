// Card personalisation (ICAO Doc 9303): cards per second through a centre's Document Signer, on the path
// a production batch takes (`personaliseEach`) — the MRZ from the card's fields (check digits,
// transliteration), DG1, DG2 around a face image of a real face's weight (BENCH_FACE_BYTES, 16 kB by
// default), EF.COM, the SHA-256 of DG1 and DG2, and EF.SOD signed (ECDSA P-256 / SHA-256) — against the
// baseline measured in the same run: bare ECDSA P-256 signatures per second with the same key, over a
// message of the size of the SOD's signed attributes. Every card is different (CARD_VARIETY records,
// Latin and Arabic-only names); the face is the same bytes for all, copied into each card's DG2 and hashed.
// Rounds alternate between the two (BENCH_ROUNDS of BENCH_ROUND_MS each, after a warm-up), short enough
// that the load of a shared machine falls on both alike; each figure is the median of its rounds, and the
// median of the per-round ratios is printed beside their ratio as a check.
// BENCH_WORKERS (default 1) runs that many worker threads at once, each with the same key: cards and
// signatures are then both summed over the same number of workers, and the ratio compares like with like.
// The year's projection: DGSN produced 4,314,893 cards in one year; minutes = cards / production cards_per_s / 60.
// The cards personalised in the run are checked: a sample of each worker's SODs is verified against the
// CSCA, with their data groups, before any figure is printed.
//
// That is the signer's kernel. The production path is measured too, in the same run: `produceBatch`, the
// function the identity service runs for a batch (each face decrypted from its sealed enrolment, the card
// personalised, its MRZ joined, its SOD encoded, the card written to the register with the applications'
// steps and the journal, in one transaction), on a SQLite file (or a PostgreSQL schema with
// AMANE_TEST_DATABASE_URL=postgres://...). Its rounds are one batch of BENCH_BATCH cards each, alternating
// with rounds of bare signatures in the same thread; its ratio is taken against those. The year's
// projection uses the production path's rate: what one server process produces.
import { generateKeyPairSync, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { systemClock } from '../src/core/clock.js';
import { loadConfig } from '../src/core/config.js';
import type { Core } from '../src/core/context.js';
import { createLogger } from '../src/core/logger.js';
import { createTestDatabase } from '../src/core/testing.js';
import { openCore } from '../src/server/open-core.js';
import { ApplicationKind, ApplicationStatus } from '../src/identity/application.js';
import { insertApplicationRow, insertEnrolmentRow } from '../src/identity/application.repository.js';
import { biometricPlace, sealBiometric } from '../src/identity/biometric-vault.js';
import { identitySecrets } from '../src/identity/identity-secrets.js';
import { insertPersonRow } from '../src/identity/person.repository.js';
import { newPersonKey, registerKeys } from '../src/identity/register-keys.js';
import { insertBatchRows, insertCentreRow } from '../src/identity/production.repository.js';
import { produceBatch } from '../src/identity/production.service.js';
import { CertificateProfile, issueCertificate, keyIdentifier } from '../src/identity/icao/certificate.js';
import { createDocumentSigner } from '../src/identity/icao/document-signer.js';
import type { PersonalisedCard } from '../src/identity/icao/personalisation.js';
import { specimenCard, specimenFaceJpeg } from '../src/identity/icao/sample.js';
import { verifyDataGroups } from '../src/identity/icao/sod.js';

const WORKERS = Number(process.env.BENCH_WORKERS ?? 1);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 150);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1_500);
const FACE_BYTES = Number(process.env.BENCH_FACE_BYTES ?? 16_000);
/** Cards in each batch of the production path, and its rounds (one batch each) after one warm-up batch. */
const PRODUCTION_BATCH = Number(process.env.BENCH_BATCH ?? 200);
const PRODUCTION_ROUNDS = Number(process.env.BENCH_PRODUCTION_ROUNDS ?? 10);
const YEAR_CARDS = 4_314_893;
/** Distinct card records cycled through, Latin and Arabic-only names mixed as in the samples. */
const CARD_VARIETY = 1_000;
/** Cards (or bare signatures) between two looks at the clock; CARD_VARIETY is a multiple of it. */
const BATCH = 40;
/** DER of the three signed attributes of an SOD (contentType, signingTime, messageDigest). */
const SIGNED_ATTRIBUTES_BYTES = 106;

interface Keys {
  readonly certificateDer: Uint8Array;
  readonly privateKeyPem: string;
  readonly cscaDer: Uint8Array;
}

interface Figures {
  /** Per round: cards and signatures per second. */
  readonly cardsPerS: number[];
  readonly signaturesPerS: number[];
  readonly samples: Pick<PersonalisedCard, 'dg1' | 'dg2' | 'efSod'>[];
}

/** A CSCA and a Document Signer made for the run, as the keystore makes them. */
function makeKeys(): Keys {
  const csca = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const ds = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const now = new Date();
  const later = new Date(now.getTime() + 10 * 365 * 86_400_000);
  const cscaName = { country: 'MA', organization: 'Kingdom of Morocco', organizationalUnit: 'DGSN', commonName: 'CSCA Morocco (bench)' };
  const cscaKeyId = keyIdentifier(csca.publicKey);
  const cscaDer = issueCertificate({ profile: CertificateProfile.csca, serial: Uint8Array.of(1), issuer: cscaName, subject: cscaName, notBefore: now, notAfter: later, subjectPublicKey: csca.publicKey, authorityKeyIdentifier: cscaKeyId }, csca.privateKey);
  const certificateDer = issueCertificate(
    { profile: CertificateProfile.documentSigner, serial: Uint8Array.of(2), issuer: cscaName, subject: { ...cscaName, commonName: 'Document Signer RABAT (bench)' }, notBefore: now, notAfter: later, subjectPublicKey: ds.publicKey, authorityKeyIdentifier: cscaKeyId },
    csca.privateKey,
  );
  return { certificateDer, privateKeyPem: ds.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), cscaDer };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs `work` (BATCH items from item `first`) repeatedly for `ms`; returns how many items per second it did. */
function ratePerSecond(ms: number, work: (first: number) => void): number {
  const started = performance.now();
  let count = 0;
  let elapsed = 0;
  do {
    work(count);
    count += BATCH;
    elapsed = performance.now() - started;
  } while (elapsed < ms);
  return count / (elapsed / 1000);
}

/** One worker's measurement: warm-up, then alternate rounds of cards and of bare signatures. */
function measure(keys: Keys, startAt: number): Figures {
  const privateKey: KeyObject = createPrivateKey(keys.privateKeyPem);
  const signer = createDocumentSigner('RABAT', keys.certificateDer, privateKey, systemClock);
  const face = specimenFaceJpeg(120, 160, FACE_BYTES);
  const issuedOn = new Date();
  const items = Array.from({ length: CARD_VARIETY }, (_, i) => ({ card: specimenCard(i, issuedOn), face }));
  const message = new Uint8Array(SIGNED_ATTRIBUTES_BYTES).map((_, i) => (i * 37) & 0xff);
  // Cards go through the production line's path, `personaliseEach`, a run of BATCH at a time; the files
  // handed over are looked at (their SOD's length summed), as an encoder would take them.
  let handedOver = 0;
  const take = (card: PersonalisedCard) => {
    handedOver += card.efSod.length;
  };
  const personalise = (first: number) => signer.personaliseEach(items.slice(first % CARD_VARIETY, (first % CARD_VARIETY) + BATCH), take);
  const bare = () => {
    for (let i = 0; i < BATCH; i++) sign('sha256', message, privateKey);
  };

  // Workers start together, so that their rounds of the same kind overlap.
  while (Date.now() < startAt) {
    /* wait */
  }
  ratePerSecond(WARMUP_MS / 2, personalise);
  ratePerSecond(WARMUP_MS / 2, bare);
  const cardsPerS: number[] = [];
  const signaturesPerS: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    cardsPerS.push(ratePerSecond(ROUND_MS, personalise));
    signaturesPerS.push(ratePerSecond(ROUND_MS, bare));
  }
  if (handedOver === 0) throw new Error('no card was handed over');
  // A sample of cards, personalised on the same path, copied out of the workspace to be verified.
  const samples: Figures['samples'] = [];
  signer.personaliseEach([0, 1, 2, CARD_VARIETY - 1].map((i) => items[i]!), (card) => {
    samples.push({ dg1: card.dg1.slice(), dg2: card.dg2.slice(), efSod: card.efSod.slice() });
  });
  return { cardsPerS, signaturesPerS, samples };
}

/**
 * The production path: `produceBatch` on batches of PRODUCTION_BATCH cards whose people, sealed
 * enrolments and applications (in production, in the batch) are written straight into their tables
 * first; rounds of one batch alternate with rounds of bare signatures in this thread.
 */
async function measureProduction(keys: Keys): Promise<{ cardsPerS: number[]; signaturesPerS: number[]; kind: string }> {
  const database = await createTestDatabase();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-bench-personalise-'));
  const config = loadConfig({
    AMANE_DATABASE_URL: database.url,
    AMANE_LOG_LEVEL: 'warn',
    AMANE_IDENTITY_KEYSTORE: path.join(dir, 'identity.keystore'),
    AMANE_KEY_DIR: path.join(dir, 'keys'),
    AMANE_IDENTITY_KEYSTORE_PASSPHRASE: 'bench-keystore-passphrase',
    AMANE_IDENTITY_DATA_KEY: '11'.repeat(32),
  });
  const core: Core = await openCore(config, { log: createLogger(config), collectDefaultMetrics: false, ...(database.schema === undefined ? {} : { schema: database.schema }) });
  try {
    const key = identitySecrets(core).dataKey;
    const register = registerKeys(core);
    const face = specimenFaceJpeg(120, 160, FACE_BYTES);
    const at = new Date().toISOString();
    const day = at.slice(0, 10);
    const batches = Array.from({ length: PRODUCTION_ROUNDS + 1 }, (_, b) => `RABAT-BENCH-${String(b).padStart(4, '0')}`);
    await core.db.transaction().execute(async (trx) => {
      await insertCentreRow(trx, { code: 'RABAT', name: 'Centre de production de Rabat', prefix: 'R', lat: 34.0209, lon: -6.8416, daily_capacity: 60_000, stock: 10_000_000, online: 1, created_at: at, updated_at: at });
      await insertBatchRows(
        trx,
        batches.map((id) => ({ id, centre_code: 'RABAT', day, desk_code: 'CASA-ANFA', size: PRODUCTION_BATCH, status: 'scheduled', created_at: at, produced_at: null, shipped_at: null, received_at: null })),
      );
      for (let i = 0; i < batches.length * PRODUCTION_BATCH; i++) {
        const card = specimenCard(i % CARD_VARIETY, new Date(at));
        const nin = `BE${String(100_000 + i)}`;
        const number = `CNIE-BENCH-${String(i).padStart(7, '0')}`;
        await insertPersonRow(trx, register, {
          nin,
          surname: card.surname,
          given_names: card.givenNames,
          surname_ar: card.surnameArabic ?? '',
          given_names_ar: card.givenNamesArabic ?? '',
          sex: card.sex,
          birth_date: card.dateOfBirth,
          birth_place: 'Casablanca',
          father_name: null,
          mother_name: null,
          address: 'Casablanca',
          phone: null,
          account: null,
          created_at: at,
          updated_at: at,
          data_key: newPersonKey(),
        });
        await insertApplicationRow(trx, {
          number,
          nin,
          kind: ApplicationKind.firstCard,
          desk_code: 'CASA-ANFA',
          appointment_id: null,
          status: ApplicationStatus.inProduction,
          status_at: at,
          step: 4,
          fee_mad: 75,
          payment_reference: `PAY-${i}`,
          declaration_reference: null,
          declaration_kind: null,
          person_changes: null,
          age: 30,
          validity_years: 10,
          flags: null,
          decision_reason: null,
          approved_at: at,
          centre_code: 'RABAT',
          batch_id: batches[Math.floor(i / PRODUCTION_BATCH)]!,
          document_number: null,
          created_at: at,
          created_by: 'system:bench',
        });
        await insertEnrolmentRow(trx, {
          application_number: number,
          photo: sealBiometric(key, face.data, biometricPlace.photo(number)),
          photo_format: 'jpeg',
          photo_width: face.width,
          photo_height: face.height,
          photo_quality: 80,
          signature: sealBiometric(key, Buffer.from(`signature of ${nin}`), biometricPlace.signature(number)),
          enrolled_at: at,
          enrolled_by: 'system:bench',
        });
      }
    });
    const privateKey = createPrivateKey(keys.privateKeyPem);
    const message = new Uint8Array(SIGNED_ATTRIBUTES_BYTES).map((_, i) => (i * 37) & 0xff);
    const bare = () => {
      for (let i = 0; i < BATCH; i++) sign('sha256', message, privateKey);
    };
    const produce = async (id: string) => {
      const started = performance.now();
      const batch = await produceBatch(core, 'system:bench', id);
      if (batch.applications.length !== PRODUCTION_BATCH) throw new Error(`batch ${id} produced ${batch.applications.length} cards, not ${PRODUCTION_BATCH}`);
      return PRODUCTION_BATCH / ((performance.now() - started) / 1_000);
    };
    // The first batch warms up the path (statements, keystore, JIT); it is not counted.
    await produce(batches[0]!);
    ratePerSecond(WARMUP_MS / 2, bare);
    const cardsPerS: number[] = [];
    const signaturesPerS: number[] = [];
    for (const id of batches.slice(1)) {
      cardsPerS.push(await produce(id));
      signaturesPerS.push(ratePerSecond(ROUND_MS, bare));
    }
    const stored = await core.db.selectFrom('identity_card').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    if (Number(stored.n) !== batches.length * PRODUCTION_BATCH) throw new Error(`${stored.n} cards in the register, not ${batches.length * PRODUCTION_BATCH}`);
    return { cardsPerS, signaturesPerS, kind: config.database.kind };
  } finally {
    await core.db.destroy();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const keys = makeKeys();
  const startAt = Date.now() + 500;
  let results: Figures[];
  if (WORKERS === 1) {
    results = [measure(keys, startAt)];
  } else {
    results = await Promise.all(
      Array.from(
        { length: WORKERS },
        () =>
          new Promise<Figures>((resolve, reject) => {
            // A worker thread loads this file through tsx's loader, registered in the worker itself.
            const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;
            const worker = new Worker(bootstrap, { eval: true, workerData: { keys, startAt } });
            worker.once('message', (figures: Figures) => resolve(figures));
            worker.once('error', reject);
          }),
      ),
    );
  }

  let checked = 0;
  for (const { samples } of results) {
    for (const card of samples) {
      verifyDataGroups(card.efSod, new Map([[1, card.dg1], [2, card.dg2]]), [keys.cscaDer]);
      checked++;
    }
  }
  const sum = (pick: (f: Figures) => number[], round: number) => results.reduce((total, f) => total + pick(f)[round]!, 0);
  const rounds = Array.from({ length: ROUNDS }, (_, round) => round);
  const cardsPerS = median(rounds.map((round) => sum((f) => f.cardsPerS, round)));
  const signaturesPerS = median(rounds.map((round) => sum((f) => f.signaturesPerS, round)));
  const ratio = cardsPerS / signaturesPerS;
  const roundRatios = median(rounds.map((round) => sum((f) => f.cardsPerS, round) / sum((f) => f.signaturesPerS, round)));
  const workers = `${WORKERS} worker${WORKERS === 1 ? '' : 's'}`;
  const dg2Bytes = results[0]!.samples[0]!.dg2.length;
  const sodBytes = results[0]!.samples[0]!.efSod.length;

  const production = await measureProduction(keys);
  const productionPerS = median(production.cardsPerS);
  const productionBaseline = median(production.signaturesPerS);
  const productionRatio = productionPerS / productionBaseline;
  const productionRoundRatios = median(production.cardsPerS.map((cards, round) => cards / production.signaturesPerS[round]!));
  const yearMinutes = YEAR_CARDS / productionPerS / 60;

  console.log(`personalisation with ${workers}, ${ROUNDS} rounds of ${ROUND_MS} ms each way; DG2 ${dg2Bytes} bytes (face ${FACE_BYTES} bytes), EF.SOD ${sodBytes} bytes; ${checked} SODs verified against the CSCA with their data groups`);
  const spread = (values: number[]) => `${Math.min(...values).toFixed(0)}..${Math.max(...values).toFixed(0)}`;
  console.log(`  kernel (personaliseEach, one face in memory, nothing stored):`);
  console.log(`    cards:    ${cardsPerS.toFixed(0)} per second (${((1e6 * WORKERS) / cardsPerS).toFixed(1)} µs per card per worker); rounds ${spread(rounds.map((r) => sum((f) => f.cardsPerS, r)))}`);
  console.log(`    baseline: ${signaturesPerS.toFixed(0)} bare ECDSA P-256 signatures per second, same key (${((1e6 * WORKERS) / signaturesPerS).toFixed(1)} µs each per worker); rounds ${spread(rounds.map((r) => sum((f) => f.signaturesPerS, r)))}`);
  console.log(`    ratio:    ${ratio.toFixed(3)} cards per signature (median of per-round ratios ${roundRatios.toFixed(3)}); the rest of a card costs ${(1e6 * WORKERS * (1 / cardsPerS - 1 / signaturesPerS)).toFixed(1)} µs`);
  console.log(`  production path (produceBatch: faces decrypted, cards personalised and written with their journal, on ${production.kind}), ${PRODUCTION_ROUNDS} batches of ${PRODUCTION_BATCH} cards, one process:`);
  console.log(`    cards:    ${productionPerS.toFixed(0)} per second (${(1e6 / productionPerS).toFixed(1)} µs per card); batches ${spread(production.cardsPerS)}`);
  console.log(`    baseline: ${productionBaseline.toFixed(0)} bare signatures per second in the rounds between batches (${(1e6 / productionBaseline).toFixed(1)} µs each)`);
  console.log(`    ratio:    ${productionRatio.toFixed(3)} cards per signature (median of per-round ratios ${productionRoundRatios.toFixed(3)}; goal >= 0.6: ${productionRatio >= 0.6 ? 'met' : 'NOT met'}); the rest of a card costs ${(1e6 * (1 / productionPerS - 1 / productionBaseline)).toFixed(1)} µs`);
  console.log(`  year:       ${YEAR_CARDS.toLocaleString('en')} cards in ${yearMinutes.toFixed(1)} minutes at the production path's rate, one process (goal < 15 minutes: ${yearMinutes < 15 ? 'met' : 'NOT met'})`);
  console.log(
    `RESULT personalise cards_per_s=${cardsPerS.toFixed(0)} ratio=${ratio.toFixed(3)} production_cards_per_s=${productionPerS.toFixed(0)} production_ratio=${productionRatio.toFixed(3)} year_minutes=${yearMinutes.toFixed(1)}`,
  );
}

if (isMainThread) {
  await main();
} else {
  const { keys, startAt } = workerData as { keys: Keys; startAt: number };
  parentPort!.postMessage(measure(keys, startAt));
}
