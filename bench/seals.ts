// Visible digital seals (ICAO Doc 9303 Part 13): seals per second through the Barcode Signer of a real
// keystore, each a different document (number, name, national ID, dates), on two paths —
//  - the seal alone: the message zone's features encoded (C40, UTF-8, dates), the header, the ECDSA P-256 /
//    SHA-256 signature as r || s, the signature zone;
//  - the seal and its DataMatrix PNG (bwip-js encodes, `sealPng` draws, 4 pixels a module), as a printed document needs it;
// against the baseline measured in the same run: bare ECDSA P-256 signatures with the same key over a
// message of the same size as a seal's signed bytes. Rounds alternate between the three (BENCH_ROUNDS of
// BENCH_ROUND_MS each, after a warm-up) so that a shared machine's load falls on all alike; each figure is
// the median of its rounds. Before any figure is printed, a sample of the seals made is decoded and its
// signature verified with the Barcode Signer's certificate, and a sample of the PNGs is read back with
// @zxing/library to the same bytes.
import { verify } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCertificate } from '../src/identity/icao/certificate.js';
import { openKeystore } from '../src/identity/icao/keystore.js';
import { decodeVds, encodeVds, type VdsHeader } from '../src/identity/icao/vds.js';
import { readSealImage, sealPng } from '../src/identity/seal-image.js';
import { encodeSealFeatures, sealDefinitions } from '../src/identity/seal.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 300);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1_000);
const SAMPLE = 20;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Runs `work(i)` repeatedly for `ms`; returns how many per second. */
async function ratePerSecond(ms: number, work: (i: number) => unknown): Promise<number> {
  const started = performance.now();
  let count = 0;
  let elapsed = 0;
  do {
    await work(count);
    count += 1;
    elapsed = performance.now() - started;
  } while (elapsed < ms);
  return count / (elapsed / 1000);
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amane-bench-seals-'));
try {
  const keystore = await openKeystore(path.join(dir, 'keystore.json'), 'bench passphrase', { scryptCost: 1 << 12 });
  const signer = keystore.barcodeSigner();
  const definition = sealDefinitions['police-record-certificate'];
  const header = (i: number): VdsHeader => ({
    issuingCountry: 'MAR',
    signerIdentifier: signer.signerIdentifier,
    certificateReference: signer.certificateReference,
    documentIssueDate: `2026-${String((i % 12) + 1).padStart(2, '0')}-15`,
    signatureCreationDate: '2026-12-07',
    featureDefinitionReference: definition.featureDefinitionReference,
    documentTypeCategory: definition.documentTypeCategory,
  });
  const seal = (i: number) =>
    encodeVds(
      header(i),
      encodeSealFeatures(definition.kind, {
        documentNumber: `PRC2026${String(i % 1_000_000).padStart(6, '0')}`,
        holderName: `BENALI YOUSSEF ${i % 997}`,
        personNumber: `BE${String(100_000 + (i % 900_000))}`,
        birthDate: `19${String(50 + (i % 50))}-0${(i % 9) + 1}-1${i % 10}`,
        validUntil: '2027-03-15',
        outcome: 'no-record',
      }),
      (data) => signer.sign(data),
    );
  const message = decodeVds(seal(0)).signedBytes.map((_, i) => (i * 37) & 0xff);

  const samples: Uint8Array[] = [];
  const pngs: { seal: Uint8Array; png: Buffer }[] = [];
  const vdsOnly = (i: number) => {
    const made = seal(i);
    if (samples.length < SAMPLE) samples.push(made);
  };
  const withPng = (i: number) => {
    const made = seal(i);
    const png = sealPng(made);
    if (pngs.length < SAMPLE) pngs.push({ seal: made, png });
  };
  const bare = () => signer.sign(message);

  const warmUntil = performance.now() + WARMUP_MS;
  while (performance.now() < warmUntil) {
    await ratePerSecond(50, vdsOnly);
    await ratePerSecond(50, withPng);
    await ratePerSecond(50, bare);
  }
  const sealsPerS: number[] = [];
  const vdsPerS: number[] = [];
  const ecdsaPerS: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    sealsPerS.push(await ratePerSecond(ROUND_MS, withPng));
    vdsPerS.push(await ratePerSecond(ROUND_MS, vdsOnly));
    ecdsaPerS.push(await ratePerSecond(ROUND_MS, bare));
  }

  // What was measured is what a verifier reads.
  const { publicKey } = readCertificate(signer.certificateDer);
  for (const made of samples) {
    const vds = decodeVds(made);
    if (!verify('sha256', vds.signedBytes, { key: publicKey, dsaEncoding: 'ieee-p1363' }, vds.signature)) throw new Error('a seal of the run does not verify');
  }
  for (const { seal: made, png } of pngs) {
    const read = readSealImage(png, 'image/png');
    if (read === undefined || !Buffer.from(read).equals(Buffer.from(made))) throw new Error('a DataMatrix of the run does not read back to its seal');
  }

  const seals = median(sealsPerS);
  const vds = median(vdsPerS);
  const ecdsa = median(ecdsaPerS);
  console.log(`seal size: ${samples[0]!.length} bytes; PNG: ${pngs[0]!.png.length} bytes; ${ROUNDS} rounds of ${ROUND_MS} ms each, medians`);
  console.log(`seal + DataMatrix PNG: ${seals.toFixed(0)}/s; seal only (VDS): ${vds.toFixed(0)}/s; bare ECDSA P-256: ${ecdsa.toFixed(0)}/s`);
  console.log(`checked: ${samples.length} seals verified with the Barcode Signer's certificate, ${pngs.length} PNGs read back with @zxing/library`);
  console.log(`RESULT seals seals_per_s=${seals.toFixed(0)} vds_per_s=${vds.toFixed(0)} ecdsa_per_s=${ecdsa.toFixed(0)} ratio=${(seals / ecdsa).toFixed(3)} vds_ratio=${(vds / ecdsa).toFixed(3)}`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
