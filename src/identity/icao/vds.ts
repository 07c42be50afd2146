/**
 * Visible digital seals, ICAO Doc 9303 Part 13 (8th edition): the bytes a DataMatrix carries.
 *
 * ```
 * header    0xDC | version 0x03 (seal version 4) | issuing country, C40 (2 bytes)
 *           | signer identifier + certificate reference, C40 | document issue date (3) | signature creation date (3)
 *           | document feature definition reference (1) | document type category (1)
 * message   features: tag (1) | length (BER-TLV) | value ...
 * signature 0xFF | length (BER-TLV) | r || s, each the length of the curve's order (P-256: 32 + 32)
 * ```
 *
 * - The signer identifier and certificate reference of a version 4 header (§2.2): four characters of
 *   signer identifier (the country, ISO 3166-1 alpha-2, then two characters of the State's choosing), two
 *   hexadecimal characters giving the certificate reference's length, then the reference (here the Barcode
 *   Signer certificate's serial number in upper-case hexadecimal), all in one C40 run.
 * - A date is the integer MMDDYYYY in three bytes, big-endian (13 June 2026: 6132026 = 0x5D913A).
 * - The signature covers the header and the message zone; ECDSA with SHA-256 over P-256.
 */
import { decodeC40, encodeC40 } from './c40.js';
import { VdsError } from './vds-error.js';

export { VdsError } from './vds-error.js';

export const VDS_MAGIC = 0xdc;
/** The version byte of a version 4 seal (Part 13: the byte is the version minus one). */
export const VDS_VERSION_4 = 0x03;
export const SIGNATURE_TAG = 0xff;
/** ECDSA P-256: r and s each 32 bytes. */
export const P256_SIGNATURE_LENGTH = 64;

/** What the header says. */
export interface VdsHeader {
  /** ISO 3166-1 alpha-3 (ICAO variant): `MAR`. */
  readonly issuingCountry: string;
  /** Four characters: the country (alpha-2) and two more, e.g. `MABS`. */
  readonly signerIdentifier: string;
  /** The signer certificate's reference: hexadecimal, upper case, 1 to 255 characters. */
  readonly certificateReference: string;
  /** `YYYY-MM-DD`. */
  readonly documentIssueDate: string;
  /** `YYYY-MM-DD`. */
  readonly signatureCreationDate: string;
  /** 1 to 254. */
  readonly featureDefinitionReference: number;
  /** 1 to 254. */
  readonly documentTypeCategory: number;
}

/** One feature of the message zone, its value as encoded. */
export interface VdsFeature {
  readonly tag: number;
  readonly value: Uint8Array;
}

/** A seal read back. */
export interface Vds {
  readonly header: VdsHeader;
  readonly features: readonly VdsFeature[];
  /** The header and message zone: what the signature covers. */
  readonly signedBytes: Uint8Array;
  /** r || s. */
  readonly signature: Uint8Array;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date as the three bytes of MMDDYYYY. */
export function encodeVdsDate(isoDate: string): Uint8Array {
  const match = ISO_DATE.exec(isoDate);
  const date = new Date(`${isoDate}T00:00:00Z`);
  if (match === null || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== isoDate) throw new VdsError(`"${isoDate}" is not a date (YYYY-MM-DD)`);
  const n = Number(`${match[2]}${match[3]}${match[1]}`);
  return Uint8Array.of((n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

/** The `YYYY-MM-DD` of three MMDDYYYY bytes. */
export function decodeVdsDate(bytes: Uint8Array): string {
  if (bytes.length !== 3) throw new VdsError(`a date takes 3 bytes, not ${bytes.length}`);
  const text = ((bytes[0]! << 16) | (bytes[1]! << 8) | bytes[2]!).toString().padStart(8, '0');
  const iso = `${text.slice(4)}-${text.slice(0, 2)}-${text.slice(2, 4)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) throw new VdsError(`the date bytes ${Buffer.from(bytes).toString('hex')} (MMDDYYYY ${text}) are not a date`);
  return iso;
}

/** A BER-TLV length: one byte below 128, else 0x81 or 0x82 and the length's bytes. */
export function encodeLength(length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffff) throw new VdsError(`a length of ${length} cannot be written (0 to 65535)`);
  if (length < 0x80) return Uint8Array.of(length);
  if (length <= 0xff) return Uint8Array.of(0x81, length);
  return Uint8Array.of(0x82, length >> 8, length & 0xff);
}

const concat = (parts: readonly Uint8Array[]) => Uint8Array.from(Buffer.concat(parts));

function checkByte(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1 || value > 254) throw new VdsError(`${what} ${value} is not a byte from 1 to 254`);
}

/** The header's bytes. */
export function encodeVdsHeader(header: VdsHeader): Uint8Array {
  if (!/^[A-Z]{3}$/.test(header.issuingCountry)) throw new VdsError(`issuing country "${header.issuingCountry}" is not three letters A-Z`);
  if (!/^[A-Z]{2}[A-Z0-9]{2}$/.test(header.signerIdentifier)) throw new VdsError(`signer identifier "${header.signerIdentifier}" is not a country (2 letters) and 2 letters or digits`);
  if (!/^[0-9A-F]{1,255}$/.test(header.certificateReference)) throw new VdsError(`certificate reference "${header.certificateReference}" is not 1 to 255 upper-case hexadecimal characters`);
  checkByte(header.featureDefinitionReference, 'the document feature definition reference');
  checkByte(header.documentTypeCategory, 'the document type category');
  const lengthHex = header.certificateReference.length.toString(16).toUpperCase().padStart(2, '0');
  return concat([
    Uint8Array.of(VDS_MAGIC, VDS_VERSION_4),
    encodeC40(header.issuingCountry),
    encodeC40(`${header.signerIdentifier}${lengthHex}${header.certificateReference}`),
    encodeVdsDate(header.documentIssueDate),
    encodeVdsDate(header.signatureCreationDate),
    Uint8Array.of(header.featureDefinitionReference, header.documentTypeCategory),
  ]);
}

/** The header and message zone: the bytes to sign. */
export function encodeVdsUnsigned(header: VdsHeader, features: readonly VdsFeature[]): Uint8Array {
  const message = features.map((feature) => {
    if (!Number.isInteger(feature.tag) || feature.tag < 1 || feature.tag > 0xfe) throw new VdsError(`feature tag ${feature.tag} is not a byte from 1 to 254 (0xFF starts the signature)`);
    return concat([Uint8Array.of(feature.tag), encodeLength(feature.value.length), feature.value]);
  });
  return concat([encodeVdsHeader(header), ...message]);
}

/** A whole seal: the signed bytes, then the signature zone. */
export function appendSignature(signedBytes: Uint8Array, signature: Uint8Array): Uint8Array {
  return concat([signedBytes, Uint8Array.of(SIGNATURE_TAG), encodeLength(signature.length), signature]);
}

/**
 * Encodes and signs a seal; `sign` returns r || s over the bytes it is given.
 * @example encodeVds(header, [{ tag: 1, value: encodeC40('RC0000001') }], (data) => signer.sign(data))
 */
export function encodeVds(header: VdsHeader, features: readonly VdsFeature[], sign: (data: Uint8Array) => Uint8Array): Uint8Array {
  const signed = encodeVdsUnsigned(header, features);
  return appendSignature(signed, sign(signed));
}

/** Reads bytes in order, refusing to run past the end. */
class Reader {
  offset = 0;
  constructor(readonly bytes: Uint8Array) {}
  get left(): number {
    return this.bytes.length - this.offset;
  }
  take(count: number, what: string): Uint8Array {
    if (count > this.left) throw new VdsError(`truncated: ${what} needs ${count} byte(s) at offset ${this.offset}, ${this.left} left`);
    const out = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return out;
  }
  byte(what: string): number {
    return this.take(1, what)[0]!;
  }
  length(what: string): number {
    const first = this.byte(`the length of ${what}`);
    if (first < 0x80) return first;
    if (first === 0x81) {
      const n = this.byte(`the length of ${what}`);
      if (n < 0x80) throw new VdsError(`bad length of ${what}: 0x81 ${n} is not the shortest form`);
      return n;
    }
    if (first === 0x82) {
      const [hi, lo] = this.take(2, `the length of ${what}`);
      const n = (hi! << 8) | lo!;
      if (n <= 0xff) throw new VdsError(`bad length of ${what}: 0x82 ${n} is not the shortest form`);
      return n;
    }
    throw new VdsError(`bad length of ${what}: first byte 0x${first.toString(16)} (allowed: below 0x80, 0x81, 0x82)`);
  }
}

/** Reads a seal; a malformed one is refused with a `VdsError` naming what is wrong and where. */
export function decodeVds(bytes: Uint8Array): Vds {
  const reader = new Reader(bytes);
  const magic = reader.byte('the magic constant');
  if (magic !== VDS_MAGIC) throw new VdsError(`wrong magic constant 0x${magic.toString(16).padStart(2, '0')} (a seal starts with 0xDC)`);
  const version = reader.byte('the version');
  if (version !== VDS_VERSION_4) throw new VdsError(`seal version byte 0x${version.toString(16).padStart(2, '0')} is not read here (version 4 is 0x03)`);
  const issuingCountry = decodeC40(reader.take(2, 'the issuing country'));
  const start = reader.take(4, 'the signer identifier');
  const head = decodeC40(start);
  const referenceLength = Number.parseInt(head.slice(4, 6), 16);
  if (!/^[0-9A-F]{2}$/.test(head.slice(4, 6)) || referenceLength === 0) throw new VdsError(`the certificate reference's length "${head.slice(4, 6)}" is not 2 hexadecimal characters from 01`);
  const total = 6 + referenceLength;
  const restBytes = Math.floor(total / 3) * 2 + (total % 3 === 0 ? 0 : 2) - 4;
  const signerAndReference = decodeC40(Uint8Array.from(Buffer.concat([start, reader.take(restBytes, 'the certificate reference')])));
  if (signerAndReference.length !== total) throw new VdsError(`the certificate reference has ${signerAndReference.length - 6} characters, its length says ${referenceLength}`);
  const header: VdsHeader = {
    issuingCountry,
    signerIdentifier: head.slice(0, 4),
    certificateReference: signerAndReference.slice(6),
    documentIssueDate: decodeVdsDate(reader.take(3, 'the document issue date')),
    signatureCreationDate: decodeVdsDate(reader.take(3, 'the signature creation date')),
    featureDefinitionReference: reader.byte('the document feature definition reference'),
    documentTypeCategory: reader.byte('the document type category'),
  };
  const features: VdsFeature[] = [];
  for (;;) {
    if (reader.left === 0) throw new VdsError('truncated: the seal ends before its signature (tag 0xFF)');
    const tag = reader.byte('a feature tag');
    if (tag === SIGNATURE_TAG) break;
    const length = reader.length(`feature 0x${tag.toString(16)}`);
    features.push({ tag, value: Uint8Array.from(reader.take(length, `feature 0x${tag.toString(16)}`)) });
  }
  const signedBytes = Uint8Array.from(bytes.subarray(0, reader.offset - 1));
  const signatureLength = reader.length('the signature');
  const signature = Uint8Array.from(reader.take(signatureLength, 'the signature'));
  if (reader.left !== 0) throw new VdsError(`bad length: ${reader.left} byte(s) after the signature`);
  return { header, features, signedBytes, signature };
}
