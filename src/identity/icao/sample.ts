/**
 * Specimen cards for demos and for testing readers: `amane identity sample --count N --out DIR` writes,
 * per card, `card-NNN/mrz.txt`, `EF.COM`, `DG1`, `DG2` and `EF.SOD`, and at the top `csca.pem` and
 * `document-signer.pem`. Every card is a specimen: the surname is SPECIMEN (عينة when only Arabic
 * names are on record, which every third card exercises), document numbers start with SP.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { systemClock, type Clock } from '../../core/clock.js';
import { openKeystore } from './keystore.js';
import type { CardData, FaceImage } from './personalisation.js';

// --- a specimen face: a small baseline JPEG written from scratch (ITU-T T.81) ----------------------------

/** Huffman table for DC differences: the luminance table of T.81 Annex K.3 (code lengths per category 0..11). */
const DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_SYMBOLS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** Flat blocks need only end-of-block in the AC table: one 1-bit code. */
const AC_COUNTS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_SYMBOLS = [0x00];
/** The quantiser of the DC coefficient: with 8, a block's DC is its mean level minus 128. */
const DC_QUANT = 8;

function huffmanCodes(counts: readonly number[], symbols: readonly number[]): Map<number, { code: number; length: number }> {
  // T.81 Annex C: canonical codes, by increasing length.
  const codes = new Map<number, { code: number; length: number }>();
  let code = 0;
  let k = 0;
  counts.forEach((count, i) => {
    for (let n = 0; n < count; n++) codes.set(symbols[k++]!, { code: code++, length: i + 1 });
    code <<= 1;
  });
  return codes;
}

class BitWriter {
  readonly bytes: number[] = [];
  private current = 0;
  private filled = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1);
      if (++this.filled === 8) this.flushByte();
    }
  }

  /** Pads the last byte with 1 bits, as T.81 asks of entropy-coded data. */
  finish(): number[] {
    if (this.filled > 0) this.write(0xff, 8 - this.filled);
    return this.bytes;
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    // Byte stuffing: a 0xFF in entropy-coded data is followed by 0x00.
    if (this.current === 0xff) this.bytes.push(0x00);
    this.current = 0;
    this.filled = 0;
  }
}

function segment(marker: number, body: readonly number[]): number[] {
  const length = body.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...body];
}

/** The grey level of the specimen silhouette at a block: light background, head oval, shoulders. */
function silhouette(bx: number, by: number, columns: number, rows: number): number {
  const x = (bx + 0.5) / columns - 0.5;
  const y = (by + 0.5) / rows;
  if (((x / 0.24) ** 2 + ((y - 0.4) / 0.28) ** 2) <= 1) return 150;
  if (y > 0.75 && Math.abs(x) < 0.45 - (1 - y) * 0.6) return 70;
  return 220;
}

/**
 * A valid baseline greyscale JPEG (JFIF) of a blocky specimen silhouette, `width` x `height` pixels
 * (multiples of 8). `padTo` appends a comment segment to reach that many bytes, as a real face would weigh.
 */
export function specimenFaceJpeg(width = 120, height = 160, padTo = 0): FaceImage {
  if (width % 8 !== 0 || height % 8 !== 0 || width <= 0 || height <= 0 || width > 0xfff8 || height > 0xfff8) throw new RangeError(`a specimen face is a multiple of 8 pixels each way; got ${width}x${height}`);
  const dc = huffmanCodes(DC_COUNTS, DC_SYMBOLS);
  const ac = huffmanCodes(AC_COUNTS, AC_SYMBOLS);
  const bits = new BitWriter();
  let previous = 0;
  const columns = width / 8;
  const rows = height / 8;
  for (let by = 0; by < rows; by++) {
    for (let bx = 0; bx < columns; bx++) {
      const value = Math.round(((silhouette(bx, by, columns, rows) - 128) * 8) / DC_QUANT);
      const diff = value - previous;
      previous = value;
      const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
      const code = dc.get(category)!;
      bits.write(code.code, code.length);
      // T.81 §F.1.2.1: negative differences are written as diff - 1 in `category` low bits.
      if (category > 0) bits.write(diff > 0 ? diff : diff - 1 + (1 << category), category);
      const eob = ac.get(0x00)!;
      bits.write(eob.code, eob.length);
    }
  }
  const jfif = segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const comment = [...Buffer.from('SPECIMEN - not a real person', 'latin1')];
  const quant = segment(0xdb, [0x00, DC_QUANT, ...new Array<number>(63).fill(1)]);
  const frame = segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
  const dcTable = segment(0xc4, [0x00, ...DC_COUNTS, ...DC_SYMBOLS]);
  const acTable = segment(0xc4, [0x10, ...AC_COUNTS, ...AC_SYMBOLS]);
  const scan = segment(0xda, [1, 1, 0x00, 0, 63, 0]);
  const entropy = bits.finish();
  const fixedLength = 2 + jfif.length + 4 + comment.length + quant.length + frame.length + dcTable.length + acTable.length + scan.length + entropy.length + 2;
  const padding = Math.max(0, Math.min(padTo - fixedLength, 0xfffd - comment.length - 2));
  const bytes = [0xff, 0xd8, ...jfif, ...segment(0xfe, [...comment, ...new Array<number>(padding).fill(0x20)]), ...quant, ...frame, ...dcTable, ...acTable, ...scan, ...entropy, 0xff, 0xd9];
  return { data: Uint8Array.from(bytes), width, height };
}

// --- specimen cards ----------------------------------------------------------------------------------------

const GIVEN = [
  { latin: 'AMINA', arabic: 'أمينة', sex: 'F' },
  { latin: 'YOUSSEF', arabic: 'يوسف', sex: 'M' },
  { latin: 'FATIMA ZAHRA', arabic: 'فاطمة الزهراء', sex: 'F' },
  { latin: 'MOHAMED AMINE', arabic: 'محمد أمين', sex: 'M' },
  { latin: 'KHADIJA', arabic: 'خديجة', sex: 'F' },
  { latin: 'ABDELLAH', arabic: 'عبد الله', sex: 'M' },
  { latin: 'SAMIA', arabic: 'سامية', sex: 'X' },
] as const;
/** "Specimen" in Arabic: عيّنة -> EYYNXAH in the MRZ (Table C, shadda doubled). */
const SPECIMEN_ARABIC = 'عيّنة';

/** The i-th specimen card (0-based), issued on `issuedOn`; every third has only Arabic names. */
export function specimenCard(i: number, issuedOn: Date): CardData {
  const given = GIVEN[i % GIVEN.length]!;
  const arabicOnly = i % 3 === 2;
  const birth = new Date(Date.UTC(1950 + ((i * 7) % 55), (i * 5) % 12, 1 + ((i * 11) % 28)));
  const expiry = new Date(issuedOn);
  expiry.setUTCFullYear(expiry.getUTCFullYear() + 10);
  return {
    documentNumber: `SP${String(i + 1).padStart(7, '0')}`,
    issuingState: 'MAR',
    nationality: 'MAR',
    surname: arabicOnly ? '' : 'SPECIMEN',
    givenNames: arabicOnly ? '' : given.latin,
    surnameArabic: SPECIMEN_ARABIC,
    givenNamesArabic: given.arabic,
    dateOfBirth: birth.toISOString().slice(0, 10),
    sex: given.sex,
    dateOfExpiry: expiry.toISOString().slice(0, 10),
    optionalData1: `SP${String(900_000 + i)}`,
  };
}

export interface SampleOptions {
  readonly count: number;
  readonly outDir: string;
  /** A keystore to sign with; without one, a throwaway keystore (new CSCA) is made and deleted. */
  readonly keystorePath?: string;
  readonly passphrase?: string;
  /** The issuing centre; `RABAT` by default. */
  readonly centreCode?: string;
  readonly clock?: Clock;
}

export interface SampleResult {
  readonly outDir: string;
  readonly cards: number;
  /** The Document Signer certificate's serial number (hex). */
  readonly signerSerial: string;
}

/** Writes `count` specimen cards and the certificates that verify them under `outDir`. */
export async function writeSampleCards(options: SampleOptions): Promise<SampleResult> {
  const { count, outDir } = options;
  if (!Number.isInteger(count) || count < 1 || count > 9_999_999) throw new RangeError(`count must be a whole number from 1 to 9999999; got ${count}`);
  if (options.keystorePath !== undefined && options.passphrase === undefined) throw new Error(`the keystore ${options.keystorePath} needs its passphrase`);
  const clock = options.clock ?? systemClock;
  const throwaway = options.keystorePath === undefined ? await fs.mkdtemp(path.join(os.tmpdir(), 'amane-sample-keystore-')) : undefined;
  try {
    const keystorePath = options.keystorePath ?? path.join(throwaway!, 'keystore.json');
    const passphrase = options.passphrase ?? randomBytes(24).toString('base64');
    const keystore = await openKeystore(keystorePath, passphrase, { clock, ...(throwaway === undefined ? {} : { scryptCost: 1 << 14 }) });
    const signer = keystore.signerFor(options.centreCode ?? 'RABAT');
    const face = specimenFaceJpeg();
    await fs.mkdir(outDir, { recursive: true });
    let signerSerial = '';
    const width = Math.max(3, String(count).length);
    for (let i = 0; i < count; i++) {
      const card = signer.personalise(specimenCard(i, clock.now()), face);
      signerSerial = card.signerSerial;
      const dir = path.join(outDir, `card-${String(i + 1).padStart(width, '0')}`);
      await fs.mkdir(dir, { recursive: true });
      await Promise.all([
        fs.writeFile(path.join(dir, 'mrz.txt'), `${card.mrz.join('\n')}\n`),
        fs.writeFile(path.join(dir, 'EF.COM'), card.efCom),
        fs.writeFile(path.join(dir, 'DG1'), card.dg1),
        fs.writeFile(path.join(dir, 'DG2'), card.dg2),
        fs.writeFile(path.join(dir, 'EF.SOD'), card.efSod),
      ]);
    }
    await fs.writeFile(path.join(outDir, 'csca.pem'), keystore.cscaCertificatePem());
    await fs.writeFile(path.join(outDir, 'document-signer.pem'), keystore.signerCertificatesPem(signer.centreCode)[0]!);
    return { outDir, cards: count, signerSerial };
  } finally {
    if (throwaway !== undefined) await fs.rm(throwaway, { recursive: true, force: true });
  }
}
