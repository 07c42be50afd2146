/**
 * The card PKI's keys in one encrypted file: the CSCA and every Document Signer issued to a centre.
 *
 * File (JSON): `{ format, version, kdf: { name: 'scrypt', N, r, p, salt }, cipher: { name: 'aes-256-gcm',
 * iv, tag }, ciphertext }`, binary fields in base64. The key is scrypt(passphrase, salt); the header
 * (format, version, kdf) is the AES-GCM additional data, so changing it fails authentication like a
 * wrong passphrase does. Every write uses a fresh IV, goes to a temporary file (mode 0600) that is
 * synced and renamed over the old one, then the directory is synced: a crash leaves the old or the new
 * file, never half of one. One process at a time: two processes rotating the same file would lose a write.
 *
 * Key material never leaves this module except as the signature it makes; nothing here logs.
 */
import { createCipheriv, createDecipheriv, generateKeyPairSync, randomBytes, scrypt, createPrivateKey, sign, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type Clock } from '../../core/clock.js';
import { CertificateProfile, fromPem, issueCertificate, keyIdentifier, readCertificate, toPem, type DistinguishedName } from './certificate.js';
import { createDocumentSigner } from './document-signer.js';
import type { BarcodeSigner, DocumentSigner, Keystore } from './personalisation.js';

/** A keystore that cannot be opened or written; the message says why, never what the keys are. */
export class KeystoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KeystoreError';
  }
}

/** Who the certificates name. Defaults: Morocco, the DGSN. */
export interface PkiNames {
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly organization: string;
  readonly organizationalUnit: string;
  readonly cscaCommonName: string;
  /** The Document Signer's common name for a centre. */
  documentSignerCommonName(centreCode: string): string;
  /** The Barcode Signer's common name (visible digital seals). */
  readonly barcodeSignerCommonName?: string;
}

export const MOROCCO_PKI: PkiNames = {
  country: 'MA',
  organization: 'Kingdom of Morocco',
  organizationalUnit: 'DGSN',
  cscaCommonName: 'CSCA Morocco',
  documentSignerCommonName: (centreCode) => `Document Signer ${centreCode}`,
  barcodeSignerCommonName: 'Barcode Signer',
};

export interface KeystoreOptions {
  /** Dates certificates and SOD signing times. */
  readonly clock?: Clock;
  readonly names?: PkiNames;
  /** scrypt cost N (a power of two); 2^15 by default. Kept in the file, so a file opens with its own. */
  readonly scryptCost?: number;
}

const FORMAT = 'amane-icao-keystore';
const VERSION = 1;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const DEFAULT_SCRYPT_COST = 1 << 15;
const MIN_SCRYPT_COST = 1 << 12;
const MAX_SCRYPT_COST = 1 << 20;
/** CSCA certificate validity: its key is meant for 3 to 5 years of issuing, then outlives the DS it issued (Doc 9303 Part 12, key usage periods). */
const CSCA_VALIDITY_YEARS = 15;
/** Document Signer certificate validity: a few months of signing plus the 10-year life of the cards it signed. */
const DS_VALIDITY_MONTHS = 10 * 12 + 3;
const CENTRE_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

interface KeyPairRecord {
  readonly certificate: string;
  readonly privateKey: string;
}
interface SignerRecord extends KeyPairRecord {
  readonly issuedAt: string;
}
interface Contents {
  readonly csca: KeyPairRecord;
  /** Per centre, newest first. */
  readonly signers: Record<string, SignerRecord[]>;
  /** The Barcode Signers of visible digital seals, newest first; absent from keystores written before them. */
  readonly barcodeSigners?: SignerRecord[];
}
interface Header {
  readonly format: typeof FORMAT;
  readonly version: typeof VERSION;
  readonly kdf: { readonly name: 'scrypt'; readonly N: number; readonly r: number; readonly p: number; readonly salt: string };
}
interface KeystoreFile extends Header {
  readonly cipher: { readonly name: 'aes-256-gcm'; readonly iv: string; readonly tag: string };
  readonly ciphertext: string;
}

function deriveKey(passphrase: string, header: Header): Promise<Buffer> {
  const { N, r, p, salt } = header.kdf;
  return new Promise((resolve, reject) =>
    scrypt(passphrase, Buffer.from(salt, 'base64'), 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (error, key) => (error === null ? resolve(key) : reject(error))),
  );
}

const additionalData = (header: Header) => Buffer.from(JSON.stringify({ format: header.format, version: header.version, kdf: header.kdf }));

function encrypt(contents: Contents, header: Header, key: Buffer): KeystoreFile {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(additionalData(header));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(contents), 'utf8'), cipher.final()]);
  return { ...header, cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') }, ciphertext: ciphertext.toString('base64') };
}

function decrypt(file: KeystoreFile, key: Buffer, where: string): Contents {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(file.cipher.iv, 'base64'));
  decipher.setAAD(additionalData(file));
  decipher.setAuthTag(Buffer.from(file.cipher.tag, 'base64'));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(Buffer.from(file.ciphertext, 'base64')), decipher.final()]);
  } catch {
    throw new KeystoreError(`keystore ${where}: wrong passphrase, or the file has been altered (AES-GCM authentication failed)`);
  }
  return JSON.parse(plain.toString('utf8')) as Contents;
}

/** Writes the file atomically: temporary file (0600), fsync, rename, fsync of the directory. */
function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(temporary, 'wx', 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  const directory = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(directory);
  } finally {
    fs.closeSync(directory);
  }
}

/**
 * Encrypts the keystore at `file` under a new passphrase (a new salt, the same scrypt cost), written
 * atomically. Resumable: a keystore the new passphrase already opens is left as it is (returns false).
 */
export async function changeKeystorePassphrase(file: string, previous: string, next: string): Promise<boolean> {
  const where = path.resolve(file);
  const stored = JSON.parse(fs.readFileSync(where, 'utf8')) as KeystoreFile;
  const header = readHeader(stored, where);
  try {
    decrypt(stored, await deriveKey(next, header), where);
    return false;
  } catch (error) {
    if (!(error instanceof KeystoreError)) throw error;
  }
  const contents = decrypt(stored, await deriveKey(previous, header), where);
  const renewed: Header = { ...header, kdf: { ...header.kdf, salt: randomBytes(16).toString('base64') } };
  writeAtomically(where, JSON.stringify(encrypt(contents, renewed, await deriveKey(next, renewed))));
  return true;
}

function isScryptCost(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= MIN_SCRYPT_COST && n <= MAX_SCRYPT_COST && (n & (n - 1)) === 0;
}

function readHeader(file: KeystoreFile, where: string): Header {
  const { format, version, kdf, cipher } = file;
  if (format !== FORMAT) throw new KeystoreError(`${where} is not an Amane ICAO keystore (format "${String(format)}")`);
  if (version !== VERSION) throw new KeystoreError(`keystore ${where} is version ${String(version)}; this Amane reads version ${VERSION}`);
  if (kdf?.name !== 'scrypt' || cipher?.name !== 'aes-256-gcm') throw new KeystoreError(`keystore ${where} uses a key derivation or cipher this Amane does not know`);
  // The parameters come from the file: bounded, so that an altered file cannot ask for gigabytes.
  if (!isScryptCost(kdf.N) || kdf.r !== SCRYPT_R || kdf.p !== SCRYPT_P) throw new KeystoreError(`keystore ${where}: scrypt parameters out of bounds (N a power of two from 2^12 to 2^20, r ${SCRYPT_R}, p ${SCRYPT_P})`);
  return { format, version, kdf };
}

const addMonths = (date: Date, months: number) => {
  const next = new Date(date);
  next.setUTCMonth(next.getUTCMonth() + months);
  return next;
};

/** A positive 16-octet serial number (RFC 5280 §4.1.2.2 allows up to 20). */
function newSerial(): Uint8Array {
  const serial = randomBytes(16);
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  return serial;
}

function newKeyPair(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
}

const pkcs8 = (key: KeyObject) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

/**
 * Opens (or, when the file does not exist, creates with a new CSCA) the keystore at `file`.
 * A wrong passphrase is refused with a `KeystoreError` that says so.
 * @example const keystore = await openKeystore('/var/lib/amane/icao-keystore.json', process.env.AMANE_KEYSTORE_PASSPHRASE!)
 */
export async function openKeystore(file: string, passphrase: string, options: KeystoreOptions = {}): Promise<Keystore> {
  if (passphrase.length === 0) throw new KeystoreError(`keystore ${file}: the passphrase is empty`);
  const clock = options.clock ?? systemClock;
  const names = options.names ?? MOROCCO_PKI;
  const where = path.resolve(file);

  let header: Header;
  let key: Buffer;
  let contents: Contents;
  let text: string | undefined;
  try {
    text = fs.readFileSync(where, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new KeystoreError(`keystore ${where} cannot be read: ${(error as Error).message}`, { cause: error });
  }
  if (text === undefined) {
    const N = options.scryptCost ?? DEFAULT_SCRYPT_COST;
    if (!isScryptCost(N)) throw new KeystoreError(`scrypt cost ${N} is not a power of two from 2^12 to 2^20`);
    fs.mkdirSync(path.dirname(where), { recursive: true, mode: 0o700 });
    header = { format: FORMAT, version: VERSION, kdf: { name: 'scrypt', N, r: SCRYPT_R, p: SCRYPT_P, salt: randomBytes(16).toString('base64') } };
    key = await deriveKey(passphrase, header);
    contents = { csca: newCsca(names, clock.now()), signers: {} };
    writeAtomically(where, JSON.stringify(encrypt(contents, header, key)));
  } else {
    let stored: KeystoreFile;
    try {
      stored = JSON.parse(text) as KeystoreFile;
    } catch (error) {
      throw new KeystoreError(`keystore ${where} is not JSON`, { cause: error });
    }
    header = readHeader(stored, where);
    key = await deriveKey(passphrase, header);
    contents = decrypt(stored, key, where);
  }

  const csca = { der: fromPem(contents.csca.certificate), key: createPrivateKey(contents.csca.privateKey) };
  const cscaCertificate = readCertificate(csca.der);
  const current = new Map<string, DocumentSigner>();

  const save = (next: Contents) => {
    writeAtomically(where, JSON.stringify(encrypt(next, header, key)));
    contents = next;
  };

  /**
   * A new key pair and its certificate from the CSCA, with the Document Signer's profile (Doc 9303 Part 12
   * §7.1.1, digitalSignature only), which Part 13 gives the Barcode Signer too.
   */
  const certifySigner = (commonName: string) => {
    const { publicKey, privateKey } = newKeyPair();
    const now = clock.now();
    const notAfter = addMonths(now, DS_VALIDITY_MONTHS);
    const subject: DistinguishedName = { country: names.country, organization: names.organization, organizationalUnit: names.organizationalUnit, commonName };
    const der = issueCertificate(
      {
        profile: CertificateProfile.documentSigner,
        serial: newSerial(),
        issuer: cscaCertificate.subjectName,
        subject,
        notBefore: now,
        // A signer cannot outlive its CSCA (CSCA rollover with link certificates is not done here).
        notAfter: notAfter < cscaCertificate.notAfter ? notAfter : cscaCertificate.notAfter,
        subjectPublicKey: publicKey,
        authorityKeyIdentifier: cscaCertificate.subjectKeyIdentifier ?? keyIdentifier(cscaCertificate.publicKey),
      },
      csca.key,
    );
    const record: SignerRecord = { certificate: toPem(der), privateKey: pkcs8(privateKey), issuedAt: now.toISOString() };
    return { der, privateKey, record };
  };

  const issueSigner = (centreCode: string) => {
    const { der, privateKey, record } = certifySigner(names.documentSignerCommonName(centreCode));
    save({ ...contents, signers: { ...contents.signers, [centreCode]: [record, ...(contents.signers[centreCode] ?? [])] } });
    const signer = createDocumentSigner(centreCode, der, privateKey, clock);
    current.set(centreCode, signer);
    return signer;
  };

  let barcode: BarcodeSigner | undefined;
  const barcodeSignerOf = (record: SignerRecord): BarcodeSigner => {
    const der = fromPem(record.certificate);
    const privateKey = createPrivateKey(record.privateKey);
    return {
      signerIdentifier: `${names.country}BS`,
      certificateReference: readCertificate(der).serialHex.toUpperCase(),
      certificateDer: der,
      sign: (data) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
    };
  };
  const issueBarcodeSigner = () => {
    const { record } = certifySigner(names.barcodeSignerCommonName ?? 'Barcode Signer');
    save({ ...contents, barcodeSigners: [record, ...(contents.barcodeSigners ?? [])] });
    barcode = barcodeSignerOf(record);
    return barcode;
  };

  const checkCentre = (centreCode: string) => {
    if (!CENTRE_CODE.test(centreCode)) throw new KeystoreError(`"${centreCode}" is not a centre code (letters, digits, _ and -, up to 64)`);
  };

  return {
    cscaCertificatePem: () => toPem(csca.der),
    signerFor(centreCode) {
      checkCentre(centreCode);
      const known = current.get(centreCode);
      if (known !== undefined) return known;
      const newest = contents.signers[centreCode]?.[0];
      if (newest === undefined) return issueSigner(centreCode);
      const signer = createDocumentSigner(centreCode, fromPem(newest.certificate), createPrivateKey(newest.privateKey), clock);
      current.set(centreCode, signer);
      return signer;
    },
    signerCertificatesPem(centreCode) {
      return (contents.signers[centreCode] ?? []).map((s) => s.certificate);
    },
    async rotate(centreCode) {
      checkCentre(centreCode);
      issueSigner(centreCode);
    },
    barcodeSigner() {
      if (barcode !== undefined) return barcode;
      const newest = contents.barcodeSigners?.[0];
      if (newest === undefined) return issueBarcodeSigner();
      barcode = barcodeSignerOf(newest);
      return barcode;
    },
    barcodeSignerCertificatesPem() {
      return (contents.barcodeSigners ?? []).map((s) => s.certificate);
    },
  };
}

function cscaSubject(names: PkiNames): DistinguishedName {
  return { country: names.country, organization: names.organization, organizationalUnit: names.organizationalUnit, commonName: names.cscaCommonName };
}

function newCsca(names: PkiNames, now: Date): KeyPairRecord {
  const { publicKey, privateKey } = newKeyPair();
  const der = issueCertificate(
    {
      profile: CertificateProfile.csca,
      serial: newSerial(),
      issuer: cscaSubject(names),
      subject: cscaSubject(names),
      notBefore: now,
      notAfter: addMonths(now, CSCA_VALIDITY_YEARS * 12),
      subjectPublicKey: publicKey,
      authorityKeyIdentifier: keyIdentifier(publicKey),
    },
    privateKey,
  );
  return { certificate: toPem(der), privateKey: pkcs8(privateKey) };
}
