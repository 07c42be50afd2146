/**
 * The files of the card's Logical Data Structure (ICAO Doc 9303 Part 10, LDS 1.7) that personalisation
 * writes: EF.COM, DG1 (the MRZ) and DG2 (the encoded face), each a BER-TLV template that is also DER.
 *
 *   EF.COM  60 { 5F01 "0107" (LDS version), 5F36 "040000" (Unicode version), 5C tag list }
 *   DG1     61 { 5F1F MRZ data (90 characters for a TD1) }
 *   DG2     75 { 7F61 biometric information group template {
 *                  02 number of instances,
 *                  7F60 biometric information template {
 *                    A1 biometric header template (ISO/IEC 7816-11, Part 10 DG2) {
 *                      80 ICAO header version, 81 biometric type, 87 format owner, 88 format type },
 *                    5F2E biometric data block: an ISO/IEC 19794-5 facial record } } }
 */
import { child, decode, DerError, expectTag, findChild, headerLength, integer, readSmallInteger, tlv, writeHeader, type DerNode } from './der.js';
import type { FaceImage } from './personalisation.js';

/** LDS application tags (Doc 9303 Part 10, the table of EF tags) and the data objects inside them. */
export const LdsTag = {
  COM: 0x60,
  DG1: 0x61,
  DG2: 0x75,
  SOD: 0x77,
  ldsVersion: 0x5f01,
  unicodeVersion: 0x5f36,
  tagList: 0x5c,
  mrz: 0x5f1f,
  biometricGroup: 0x7f61,
  biometricTemplate: 0x7f60,
  biometricHeader: 0xa1,
  biometricData: 0x5f2e,
} as const;
export type LdsTag = (typeof LdsTag)[keyof typeof LdsTag];

const LDS_VERSION = '0107';
const UNICODE_VERSION = '040000';
const ascii = (text: string) => Buffer.from(text, 'latin1');

/** EF.COM listing the data groups present (their tags, e.g. 0x61 and 0x75). */
export function encodeEfCom(dataGroupTags: readonly number[] = [LdsTag.DG1, LdsTag.DG2]): Uint8Array {
  return tlv(LdsTag.COM, tlv(LdsTag.ldsVersion, ascii(LDS_VERSION)), tlv(LdsTag.unicodeVersion, ascii(UNICODE_VERSION)), tlv(LdsTag.tagList, Uint8Array.from(dataGroupTags)));
}

/** EF.COM read back. */
export function readEfCom(bytes: Uint8Array): { ldsVersion: string; unicodeVersion: string; tags: number[] } {
  const com = expectTag(decode(bytes), LdsTag.COM, 'EF.COM');
  const get = (tag: number, what: string) => {
    const found = findChild(com, tag);
    if (found === undefined) throw new DerError(`EF.COM has no ${what}`);
    return found.value;
  };
  return {
    ldsVersion: Buffer.from(get(LdsTag.ldsVersion, 'LDS version')).toString('latin1'),
    unicodeVersion: Buffer.from(get(LdsTag.unicodeVersion, 'Unicode version')).toString('latin1'),
    tags: [...get(LdsTag.tagList, 'tag list')],
  };
}

/** DG1: the MRZ lines, concatenated without separators. */
export function encodeDg1(mrz: readonly string[]): Uint8Array {
  return tlv(LdsTag.DG1, tlv(LdsTag.mrz, ascii(mrz.join(''))));
}

/** DG1 read back into lines of `lineLength` (30 for a TD1). */
export function readDg1(bytes: Uint8Array, lineLength = 30): string[] {
  const dg1 = expectTag(decode(bytes), LdsTag.DG1, 'DG1');
  const mrz = expectTag(child(dg1, 0, 'DG1'), LdsTag.mrz, 'MRZ data');
  const text = Buffer.from(mrz.value).toString('latin1');
  if (text.length % lineLength !== 0) throw new DerError(`DG1 holds ${text.length} MRZ characters, not lines of ${lineLength}`);
  return text.match(new RegExp(`.{${lineLength}}`, 'g')) ?? [];
}

/** ISO/IEC 19794-5 image data types. */
export const ImageDataType = { jpeg: 0x00, jpeg2000: 0x01 } as const;
export type ImageDataType = (typeof ImageDataType)[keyof typeof ImageDataType];

const JP2_SIGNATURE = Uint8Array.of(0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a);

/** What a JPEG's frame header says: size and number of colour components (from its SOFn segment). */
export function jpegFrame(data: Uint8Array): { width: number; height: number; components: number } {
  if (data[0] !== 0xff || data[1] !== 0xd8) throw new DerError('not a JPEG: no SOI marker');
  let at = 2;
  while (at + 4 <= data.length) {
    if (data[at] !== 0xff) throw new DerError(`not a JPEG: expected a marker at offset ${at}`);
    const marker = data[at + 1]!;
    if (marker === 0xff) {
      at++;
      continue;
    }
    const length = (data[at + 2]! << 8) | data[at + 3]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): ITU-T T.81 Table B.1.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (at + 9 >= data.length) break;
      return { height: (data[at + 5]! << 8) | data[at + 6]!, width: (data[at + 7]! << 8) | data[at + 8]!, components: data[at + 9]! };
    }
    if (marker === 0xda || marker === 0xd9) break;
    at += 2 + length;
  }
  throw new DerError('not a JPEG: no frame header before the scan');
}

/** The 19794-5 image data type of face bytes: JPEG (SOI) or JPEG 2000 (JP2 signature box or codestream). */
export function imageDataType(data: Uint8Array): ImageDataType {
  if (data[0] === 0xff && data[1] === 0xd8) return ImageDataType.jpeg;
  let isJp2 = data.length >= JP2_SIGNATURE.length;
  for (let i = 0; isJp2 && i < JP2_SIGNATURE.length; i++) isJp2 = data[i] === JP2_SIGNATURE[i];
  if (isJp2 || (data[0] === 0xff && data[1] === 0x4f && data[2] === 0xff && data[3] === 0x51)) return ImageDataType.jpeg2000;
  throw new DerError('a face image must be JPEG or JPEG 2000 (ISO/IEC 19794-5, image data type)');
}

/** 19794-5 gender codes. */
const GENDER = { F: 0x02, M: 0x01, X: 0x00 } as const;
/** 19794-5 image colour space: unspecified, 24-bit RGB, 8-bit greyscale. */
const COLOUR_SPACE = { unspecified: 0x00, rgb24: 0x01, grey8: 0x03 } as const;
const FULL_FRONTAL = 0x01;
const FACIAL_HEADER_LENGTH = 14;
const FAC = ascii('FAC\0');
const VERSION_010 = ascii('010\0');
const FACIAL_INFORMATION_LENGTH = 20;
const IMAGE_INFORMATION_LENGTH = 12;

/**
 * An ISO/IEC 19794-5:2005 facial record with one image and no feature points:
 * header 'FAC\0' '010\0' record length (4) image count (2); facial information (20: block length, feature
 * points, gender, eye and hair colour, feature mask, expression, pose angles and their uncertainty);
 * image information (12: face image type, image data type, width, height, colour space, source type,
 * device type, quality); then the image bytes.
 */
export function encodeFaceRecord(face: FaceImage, sex: 'F' | 'M' | 'X'): Uint8Array {
  const record = new Uint8Array(faceRecordLength(face));
  writeFaceRecord(record, 0, face, sex);
  return record;
}

function faceRecordLength(face: FaceImage): number {
  return FACIAL_HEADER_LENGTH + FACIAL_INFORMATION_LENGTH + IMAGE_INFORMATION_LENGTH + face.data.length;
}

/** Writes the facial record of `encodeFaceRecord` into `target` at `at`. */
function writeFaceRecord(target: Uint8Array, at: number, face: FaceImage, sex: 'F' | 'M' | 'X'): void {
  const type = imageDataType(face.data);
  let colourSpace: number = COLOUR_SPACE.unspecified;
  if (type === ImageDataType.jpeg) {
    const frame = jpegFrame(face.data);
    if (frame.width !== face.width || frame.height !== face.height) throw new DerError(`the face image is ${frame.width}x${frame.height}, not the ${face.width}x${face.height} given`);
    colourSpace = frame.components === 1 ? COLOUR_SPACE.grey8 : frame.components === 3 ? COLOUR_SPACE.rgb24 : COLOUR_SPACE.unspecified;
  }
  if (!(face.width > 0 && face.width <= 0xffff && face.height > 0 && face.height <= 0xffff)) throw new DerError(`face image size ${face.width}x${face.height} does not fit the record`);
  const recordLength = faceRecordLength(face);
  target.set(FAC, at);
  target.set(VERSION_010, at + 4);
  put32(target, at + 8, recordLength);
  put16(target, at + 12, 1);
  // Facial information: eye and hair colour, feature mask, expression and pose are 0 (unspecified).
  put32(target, at + 14, recordLength - FACIAL_HEADER_LENGTH);
  put16(target, at + 18, 0);
  target[at + 20] = GENDER[sex];
  for (let i = at + 21; i < at + FACIAL_HEADER_LENGTH + FACIAL_INFORMATION_LENGTH; i++) target[i] = 0;
  // Image information.
  const info = at + FACIAL_HEADER_LENGTH + FACIAL_INFORMATION_LENGTH;
  target[info] = FULL_FRONTAL;
  target[info + 1] = type;
  put16(target, info + 2, face.width);
  put16(target, info + 4, face.height);
  target[info + 6] = colourSpace;
  // Source type, device type and quality: 0 (unspecified).
  for (let i = info + 7; i < info + IMAGE_INFORMATION_LENGTH; i++) target[i] = 0;
  target.set(face.data, info + IMAGE_INFORMATION_LENGTH);
}

/** Big-endian 16 and 32-bit unsigned integers, as 19794-5 writes them. */
function put16(target: Uint8Array, at: number, value: number): void {
  target[at] = value >>> 8;
  target[at + 1] = value & 0xff;
}

function put32(target: Uint8Array, at: number, value: number): void {
  target[at] = value >>> 24;
  target[at + 1] = (value >>> 16) & 0xff;
  target[at + 2] = (value >>> 8) & 0xff;
  target[at + 3] = value & 0xff;
}

/** A 19794-5 facial record read back (first image). */
export interface FaceRecord {
  readonly version: string;
  readonly imageCount: number;
  readonly gender: number;
  readonly faceImageType: number;
  readonly imageDataType: number;
  readonly width: number;
  readonly height: number;
  readonly colourSpace: number;
  readonly image: Uint8Array;
}

/** Reads a 19794-5 facial record, checking its lengths. */
export function readFaceRecord(record: Uint8Array): FaceRecord {
  if (record.length < FACIAL_HEADER_LENGTH + FACIAL_INFORMATION_LENGTH + IMAGE_INFORMATION_LENGTH) throw new DerError(`a facial record of ${record.length} octets is too short`);
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  const text = (from: number, to: number) => Buffer.from(record.subarray(from, to)).toString('latin1');
  if (text(0, 4) !== 'FAC\0') throw new DerError('a facial record starts with "FAC\\0"');
  if (view.getUint32(8) !== record.length) throw new DerError(`the facial record says ${view.getUint32(8)} octets; it has ${record.length}`);
  const blockLength = view.getUint32(14);
  if (blockLength !== record.length - FACIAL_HEADER_LENGTH) throw new DerError(`the facial information says ${blockLength} octets; ${record.length - FACIAL_HEADER_LENGTH} follow the header`);
  const featurePoints = view.getUint16(18);
  const info = FACIAL_HEADER_LENGTH + FACIAL_INFORMATION_LENGTH + featurePoints * 8;
  return {
    version: text(4, 8),
    imageCount: view.getUint16(12),
    gender: record[20]!,
    faceImageType: record[info]!,
    imageDataType: record[info + 1]!,
    width: view.getUint16(info + 2),
    height: view.getUint16(info + 4),
    colourSpace: record[info + 6]!,
    image: record.subarray(info + IMAGE_INFORMATION_LENGTH),
  };
}

/** Biometric header template (Doc 9303 Part 10, DG2; ISO/IEC 7816-11 tags). */
const BIOMETRIC_HEADER = tlv(
  LdsTag.biometricHeader,
  tlv(0x80, Uint8Array.of(0x01, 0x01)), // ICAO header version 1.1
  tlv(0x81, Uint8Array.of(0x02)), // biometric type: facial features (ISO/IEC 19785-3)
  tlv(0x87, Uint8Array.of(0x01, 0x01)), // format owner: ISO/IEC JTC 1/SC 37
  tlv(0x88, Uint8Array.of(0x00, 0x08)), // format type: face image (ISO/IEC 19794-5)
);

const ONE_INSTANCE = integer(1);

/** The lengths of DG2's nested templates around a face record of `recordLength` bytes. */
function dg2Lengths(recordLength: number) {
  const dataLength = headerLength(LdsTag.biometricData, recordLength) + recordLength;
  const templateContents = BIOMETRIC_HEADER.length + dataLength;
  const groupContents = ONE_INSTANCE.length + headerLength(LdsTag.biometricTemplate, templateContents) + templateContents;
  const groupLength = headerLength(LdsTag.biometricGroup, groupContents) + groupContents;
  return { templateContents, groupContents, groupLength, total: headerLength(LdsTag.DG2, groupLength) + groupLength };
}

/** The size of DG2 around this face. */
export function dg2Length(face: FaceImage): number {
  return dg2Lengths(faceRecordLength(face)).total;
}

/** The templates of DG2 before the facial record, for the last record length asked (a run's faces often share one). */
let dg2Prefix: { recordLength: number; bytes: Uint8Array } = { recordLength: -1, bytes: new Uint8Array(0) };

function dg2PrefixFor(recordLength: number): Uint8Array {
  if (dg2Prefix.recordLength === recordLength) return dg2Prefix.bytes;
  const { templateContents, groupContents, groupLength, total } = dg2Lengths(recordLength);
  const bytes = new Uint8Array(total - recordLength);
  let at = writeHeader(bytes, 0, LdsTag.DG2, groupLength);
  at = writeHeader(bytes, at, LdsTag.biometricGroup, groupContents);
  bytes.set(ONE_INSTANCE, at);
  at = writeHeader(bytes, at + ONE_INSTANCE.length, LdsTag.biometricTemplate, templateContents);
  bytes.set(BIOMETRIC_HEADER, at);
  writeHeader(bytes, at + BIOMETRIC_HEADER.length, LdsTag.biometricData, recordLength);
  dg2Prefix = { recordLength, bytes };
  return bytes;
}

/** Writes DG2 into `target` (of `dg2Length(face)` bytes): the face image is copied once, headers around it. */
export function writeDg2(target: Uint8Array, face: FaceImage, sex: 'F' | 'M' | 'X'): void {
  const recordLength = faceRecordLength(face);
  const prefix = dg2PrefixFor(recordLength);
  if (target.length !== prefix.length + recordLength) throw new DerError(`DG2 takes ${prefix.length + recordLength} bytes; the target has ${target.length}`);
  target.set(prefix, 0);
  writeFaceRecord(target, prefix.length, face, sex);
}

/** DG2 with one face: the biometric templates around its 19794-5 record. */
export function encodeDg2(face: FaceImage, sex: 'F' | 'M' | 'X'): Uint8Array {
  const dg2 = new Uint8Array(dg2Length(face));
  writeDg2(dg2, face, sex);
  return dg2;
}

/** DG2 read back: the biometric header data objects and the facial record of each instance. */
export function readDg2(bytes: Uint8Array): { instances: { header: Map<number, Uint8Array>; face: FaceRecord }[] } {
  const dg2 = expectTag(decode(bytes), LdsTag.DG2, 'DG2');
  const group = expectTag(child(dg2, 0, 'DG2'), LdsTag.biometricGroup, 'biometric information group template');
  const count = readSmallInteger(child(group, 0, 'biometric information group template'));
  const templates = group.children.slice(1).map((t: DerNode) => expectTag(t, LdsTag.biometricTemplate, 'biometric information template'));
  if (templates.length !== count) throw new DerError(`DG2 announces ${count} instances and holds ${templates.length}`);
  return {
    instances: templates.map((t) => {
      const header = expectTag(child(t, 0, 'biometric information template'), LdsTag.biometricHeader, 'biometric header template');
      const data = expectTag(child(t, 1, 'biometric information template'), LdsTag.biometricData, 'biometric data block');
      return { header: new Map(header.children.map((c) => [c.tag, c.value])), face: readFaceRecord(data.value) };
    }),
  };
}
