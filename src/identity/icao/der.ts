/**
 * A small DER (ITU-T X.690 §10) encoder: what ICAO Doc 9303 Part 10 (LDS), Part 12 (PKI), RFC 5652 (CMS)
 * and RFC 5280 (X.509) need to be written, and nothing more; it is on the per-card path, where its
 * templates (below) make a card's EF.SOD a few copies. Its decoder reads only the LDS: EF.COM, the data
 * groups, the 0x77 wrapper of EF.SOD and the LDSSecurityObject. Certificates and the CMS are read by
 * node:crypto and @peculiar/asn1-x509 / asn1-cms (certificate.ts, sod.ts).
 *
 * A tag is written as its identifier octets read as one big-endian number, the way Doc 9303 writes
 * them: `0x30` (SEQUENCE), `0x61` (DG1), `0x5F1F` (the MRZ data object), `0x7F61` (biometric information
 * group template). Encoders return the whole TLV as bytes; the decoder is strict DER: definite, minimal
 * lengths only, and nothing after the last element. One allowance for the LDS (ISO/IEC 7816-4 BER-TLV):
 * two-octet tags with a tag number below 31, such as 0x5F01.
 */

/** Universal tags (X.680) used here, as identifier octets. */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8String: 0x0c,
  PrintableString: 0x13,
  IA5String: 0x16,
  UTCTime: 0x17,
  GeneralizedTime: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;
export type Tag = (typeof Tag)[keyof typeof Tag];

/** Malformed DER, or a value that DER cannot carry. */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

const EMPTY = new Uint8Array(0);

// Small encodings are views on a shared slab, as Node pools small Buffers: a card makes a few dozen of
// them, and a typed array with its own ArrayBuffer costs ten times a view. So an encoding's `.buffer` may
// hold other bytes (use byteOffset), and `own()` gives one that holds only itself (for keeping or sending).
const SLAB_SIZE = 64 * 1024;
const SLAB_MAX = 4 * 1024;
let slab = new ArrayBuffer(SLAB_SIZE);
let slabUsed = 0;

/** `size` zeroed bytes: a view on the slab when small, else an array of its own. */
export function allocate(size: number): Uint8Array {
  if (size > SLAB_MAX) return new Uint8Array(size);
  if (slabUsed + size > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = new Uint8Array(slab, slabUsed, size);
  slabUsed += (size + 7) & ~7;
  return out;
}

/**
 * A view on `bytes[from, to)` that is a plain Uint8Array even when `bytes` is a Buffer (whose `slice`
 * would share memory, where a Uint8Array's copies).
 */
export function view(bytes: Uint8Array, from: number, to: number): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset + from, to - from);
}

/** The bytes in an array of their own (not a view on a slab or on a larger input). */
export function own(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}

/** The identifier octets of a tag number: `0x5F1F` -> [0x5F, 0x1F]; checks that they form one tag. */
export function tagBytes(tag: number): Uint8Array {
  if (!Number.isSafeInteger(tag) || tag < 0 || tag > 0xffffffff) throw new DerError(`tag ${tag} is not 1 to 4 identifier octets`);
  const bytes: number[] = [];
  let rest = tag;
  do {
    bytes.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  } while (rest > 0);
  // X.690 §8.1.2.4: low tag number 31 means "more octets follow", each with bit 8 set but the last.
  const multi = (bytes[0]! & 0x1f) === 0x1f;
  if (multi !== bytes.length > 1) throw new DerError(`tag 0x${tag.toString(16)} is not a well-formed identifier`);
  for (let i = 1; i < bytes.length; i++) {
    const last = i === bytes.length - 1;
    if (((bytes[i]! & 0x80) === 0) !== last) throw new DerError(`tag 0x${tag.toString(16)} is not a well-formed identifier`);
  }
  if (bytes.length > 1 && bytes[1] === 0x80) throw new DerError(`tag 0x${tag.toString(16)} has a non-minimal tag number`);
  // Two octets for a tag number below 31 (0x5F01, the LDS version in EF.COM) are not X.690 form, but
  // ISO/IEC 7816-4 BER-TLV, which the LDS is written in, uses them; they are accepted both ways.
  return Uint8Array.from(bytes);
}

/** Whether the identifier says "constructed" (bit 6 of the first octet). */
export function isConstructed(tag: number): boolean {
  return (tagBytes(tag)[0]! & 0x20) !== 0;
}

/** How many length octets a length takes (X.690 §8.1.3, minimal as §10.1 requires). */
function lengthSize(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0 || length > 0xffffffff) throw new DerError(`length ${length} does not fit 4 octets`);
  return length < 0x80 ? 1 : length < 0x100 ? 2 : length < 0x10000 ? 3 : length < 0x1000000 ? 4 : 5;
}

/** Writes the length octets at `at`; returns where the contents go. */
function writeLength(target: Uint8Array, at: number, length: number): number {
  const size = lengthSize(length);
  if (size === 1) {
    target[at] = length;
    return at + 1;
  }
  target[at] = 0x80 | (size - 1);
  for (let i = 1; i < size; i++) target[at + i] = Math.floor(length / 2 ** (8 * (size - 1 - i))) & 0xff;
  return at + size;
}

/** The length octets (X.690 §8.1.3, minimal as §10.1 requires). */
export function lengthBytes(length: number): Uint8Array {
  const out = new Uint8Array(lengthSize(length));
  writeLength(out, 0, length);
  return out;
}

const TAG_CACHE = new Map<number, Uint8Array>();

/** `tagBytes`, remembered: the same few tags recur on every card. */
function identifierOf(tag: number): Uint8Array {
  let identifier = TAG_CACHE.get(tag);
  if (identifier === undefined) {
    identifier = tagBytes(tag);
    TAG_CACHE.set(tag, identifier);
  }
  return identifier;
}

/** One TLV from a tag and its contents (already encoded). */
export function tlv(tag: number, ...contents: readonly Uint8Array[]): Uint8Array {
  const identifier = identifierOf(tag);
  let length = 0;
  for (const part of contents) length += part.length;
  const out = allocate(identifier.length + lengthSize(length) + length);
  for (let i = 0; i < identifier.length; i++) out[i] = identifier[i]!;
  let at = writeLength(out, identifier.length, length);
  for (const part of contents) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The size of a TLV's identifier and length octets. */
export function headerLength(tag: number, length: number): number {
  return identifierOf(tag).length + lengthSize(length);
}

/**
 * Writes a TLV's identifier and length octets into `target` at `at`; returns where the contents go.
 * For templates built in one buffer (DG2 around a face image of tens of kilobytes, copied once).
 */
export function writeHeader(target: Uint8Array, at: number, tag: number, length: number): number {
  const identifier = identifierOf(tag);
  for (let i = 0; i < identifier.length; i++) target[at + i] = identifier[i]!;
  return writeLength(target, at + identifier.length, length);
}

/** SEQUENCE of already-encoded elements, in the order given. */
export function sequence(...elements: readonly Uint8Array[]): Uint8Array {
  return tlv(Tag.SEQUENCE, ...elements);
}

/** Byte-wise comparison of two encodings, shorter first when one is a prefix of the other. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** SET OF: X.690 §11.6 orders the elements by their encodings (CMS signed attributes depend on it). */
export function set(...elements: readonly Uint8Array[]): Uint8Array {
  return tlv(Tag.SET, ...[...elements].sort(compareBytes));
}

/** A context-specific tag `[n]` (constructed unless said otherwise), e.g. `[0]` -> 0xA0. */
export function contextTag(n: number, constructed = true): number {
  if (!Number.isInteger(n) || n < 0) throw new DerError(`context tag [${n}] is not a tag number`);
  const first = 0x80 | (constructed ? 0x20 : 0);
  if (n < 31) return first | n;
  const tail: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 128)) tail.unshift((rest % 128) | (tail.length === 0 ? 0 : 0x80));
  return [first | 0x1f, ...tail].reduce((acc, byte) => acc * 256 + byte, 0);
}

/** `[n] EXPLICIT`: the element wrapped in a constructed context tag. */
export function explicit(n: number, element: Uint8Array): Uint8Array {
  return tlv(contextTag(n, true), element);
}

/** BOOLEAN: DER writes TRUE as 0xFF (X.690 §11.1). */
export function boolean(value: boolean): Uint8Array {
  return Uint8Array.of(Tag.BOOLEAN, 1, value ? 0xff : 0x00);
}

/** NULL. */
export function nullValue(): Uint8Array {
  return Uint8Array.of(Tag.NULL, 0);
}

/** The minimal two's-complement octets of an integer (X.690 §8.3.2). */
export function integerContents(value: bigint): Uint8Array {
  const bytes: number[] = [];
  let rest = value;
  for (;;) {
    const byte = Number(BigInt.asUintN(8, rest));
    bytes.unshift(byte);
    rest >>= 8n;
    // Done when what is left is only the sign extension of the byte just written.
    if ((rest === 0n && (byte & 0x80) === 0) || (rest === -1n && (byte & 0x80) !== 0)) break;
  }
  return Uint8Array.from(bytes);
}

/**
 * INTEGER from a number, a bigint, or unsigned big-endian bytes (a certificate serial):
 * `integer(Uint8Array.of(0x80))` is 02 02 00 80, a positive number.
 */
export function integer(value: number | bigint | Uint8Array): Uint8Array {
  if (value instanceof Uint8Array) {
    let start = 0;
    while (start < value.length - 1 && value[start] === 0) start++;
    const magnitude = value.length === 0 ? Uint8Array.of(0) : value.subarray(start);
    return (magnitude[0]! & 0x80) !== 0 ? tlv(Tag.INTEGER, Uint8Array.of(0), magnitude) : tlv(Tag.INTEGER, magnitude);
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new DerError(`${value} is not a safe integer; pass a bigint`);
  return tlv(Tag.INTEGER, integerContents(BigInt(value)));
}

/** OCTET STRING. */
export function octetString(bytes: Uint8Array): Uint8Array {
  return tlv(Tag.OCTET_STRING, bytes);
}

/** BIT STRING with `unusedBits` (0..7) unused bits in the last octet, which DER requires to be zero. */
export function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  if (!Number.isInteger(unusedBits) || unusedBits < 0 || unusedBits > 7 || (bytes.length === 0 && unusedBits !== 0)) {
    throw new DerError(`a BIT STRING of ${bytes.length} octets cannot have ${unusedBits} unused bits`);
  }
  if (bytes.length > 0 && (bytes[bytes.length - 1]! & ((1 << unusedBits) - 1)) !== 0) throw new DerError('the unused bits of a DER BIT STRING must be zero');
  return tlv(Tag.BIT_STRING, Uint8Array.of(unusedBits), bytes);
}

/**
 * A named-bit BIT STRING (X.690 §11.2.2: trailing zero bits removed), bit 0 being the most
 * significant bit of the first octet: `namedBits([5, 6])` is keyCertSign + cRLSign = 03 02 01 06.
 */
export function namedBits(bits: readonly number[]): Uint8Array {
  if (bits.length === 0) return bitString(EMPTY);
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[bit >> 3]! |= 0x80 >> (bit & 7);
  return bitString(bytes, 7 - (highest & 7));
}

function base128(value: bigint): number[] {
  const out = [Number(value & 0x7fn)];
  for (let rest = value >> 7n; rest > 0n; rest >>= 7n) out.unshift(Number(rest & 0x7fn) | 0x80);
  return out;
}

/** The contents of an OBJECT IDENTIFIER (X.690 §8.19). */
export function oidContents(dotted: string): Uint8Array {
  if (!/^[0-2](\.(0|[1-9][0-9]*))+$/.test(dotted)) throw new DerError(`"${dotted}" is not a dotted object identifier`);
  const arcs = dotted.split('.').map((arc) => BigInt(arc));
  const [first, second] = arcs as [bigint, bigint];
  if (first < 2n && second >= 40n) throw new DerError(`"${dotted}": under arc ${first} the second arc is below 40`);
  const out = base128(first * 40n + second);
  for (const arc of arcs.slice(2)) out.push(...base128(arc));
  return Uint8Array.from(out);
}

const OID_CACHE = new Map<string, Uint8Array>();

/** OBJECT IDENTIFIER from its dotted form (encodings are cached: the same few OIDs recur). */
export function oid(dotted: string): Uint8Array {
  let encoded = OID_CACHE.get(dotted);
  if (encoded === undefined) {
    encoded = tlv(Tag.OID, oidContents(dotted));
    OID_CACHE.set(dotted, encoded);
  }
  return encoded;
}

const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

/** PrintableString (X.680): letters, digits, space and `'()+,-./:=?`. */
export function printableString(text: string): Uint8Array {
  if (!PRINTABLE.test(text)) throw new DerError(`"${text}" has characters a PrintableString cannot carry; use a UTF8String`);
  return tlv(Tag.PrintableString, Buffer.from(text, 'latin1'));
}

/** UTF8String. */
export function utf8String(text: string): Uint8Array {
  return tlv(Tag.UTF8String, Buffer.from(text, 'utf8'));
}

/** IA5String (ASCII). */
export function ia5String(text: string): Uint8Array {
  if ([...text].some((ch) => ch.charCodeAt(0) > 0x7f)) throw new DerError(`"${text}" is not ASCII; an IA5String cannot carry it`);
  return tlv(Tag.IA5String, Buffer.from(text, 'latin1'));
}

const two = (n: number) => String(n).padStart(2, '0');

function wholeSeconds(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new DerError('an invalid date has no DER time');
  return `${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}${two(date.getUTCHours())}${two(date.getUTCMinutes())}${two(date.getUTCSeconds())}Z`;
}

/** UTCTime `YYMMDDHHMMSSZ` (X.690 §11.8), years 1950..2049 as RFC 5280 §4.1.2.5.1 reads them; milliseconds dropped. */
export function utcTime(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 2049) throw new DerError(`UTCTime holds the years 1950 to 2049; ${year} needs a GeneralizedTime`);
  return tlv(Tag.UTCTime, Buffer.from(`${two(year % 100)}${wholeSeconds(date)}`, 'latin1'));
}

/** GeneralizedTime `YYYYMMDDHHMMSSZ` (X.690 §11.7, RFC 5280 §4.1.2.5.2: no fractional seconds). */
export function generalizedTime(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  if (year < 0 || year > 9999) throw new DerError(`GeneralizedTime holds the years 0 to 9999; got ${year}`);
  return tlv(Tag.GeneralizedTime, Buffer.from(`${String(year).padStart(4, '0')}${wholeSeconds(date)}`, 'latin1'));
}

/** RFC 5280 §4.1.2.5 Time: UTCTime through 2049, GeneralizedTime from 2050. */
export function time(date: Date): Uint8Array {
  const year = date.getUTCFullYear();
  return year >= 1950 && year <= 2049 ? utcTime(date) : generalizedTime(date);
}

// --- templates ------------------------------------------------------------------------------------------
// When the same structure is encoded again and again with only some values changing (every card's SOD),
// its bytes and every length can be computed once: a template is the structure with named holes of fixed
// size, compiled to bytes and the offsets of the holes. Filling the holes gives the same DER as encoding
// the structure with those values, as long as a hole never decides the order of a SET OF (holes are
// zeros while sorting; elements whose lengths differ, as the SOD's signed attributes, sort the same).

/** A place in a template for `length` bytes given at each use. */
export interface Hole {
  readonly hole: string;
  readonly length: number;
}

/** A TLV of a template; `set` marks a SET OF, whose elements are put in DER order. */
export interface TemplateNode {
  readonly tag: number;
  readonly parts: readonly TemplatePart[];
  readonly set?: boolean;
}

export type TemplatePart = Uint8Array | Hole | TemplateNode;

/** The compiled template: its bytes (holes zeroed) and where each hole starts. */
export interface Template {
  readonly bytes: Uint8Array;
  readonly holes: Readonly<Record<string, number>>;
}

export const hole = (name: string, length: number): Hole => ({ hole: name, length });
export const node = (tag: number, ...parts: readonly TemplatePart[]): TemplateNode => ({ tag, parts });
export const setNode = (...parts: readonly TemplatePart[]): TemplateNode => ({ tag: Tag.SET, parts, set: true });

function partSize(part: TemplatePart): number {
  if (part instanceof Uint8Array) return part.length;
  if ('hole' in part) return part.length;
  const contents = part.parts.reduce((total, p) => total + partSize(p), 0);
  return headerLength(part.tag, contents) + contents;
}

function emit(part: TemplatePart, out: Uint8Array, at: number, holes: Record<string, number>): number {
  if (part instanceof Uint8Array) {
    out.set(part, at);
    return at + part.length;
  }
  if ('hole' in part) {
    if (part.hole in holes) throw new DerError(`template hole "${part.hole}" appears twice`);
    holes[part.hole] = at;
    return at + part.length;
  }
  let next = writeHeader(out, at, part.tag, part.parts.reduce((total, p) => total + partSize(p), 0));
  const parts = part.set === true ? [...part.parts].sort((a, b) => compareBytes(compileTemplate(a).bytes, compileTemplate(b).bytes)) : part.parts;
  for (const p of parts) next = emit(p, out, next, holes);
  return next;
}

/** Where a hole of a compiled template starts; a name the template does not have is an error, not offset 0. */
export function holeAt(template: Template, name: string): number {
  const at = template.holes[name];
  if (at === undefined) throw new DerError(`the template has no hole "${name}"`);
  return at;
}

/** Compiles a template: `compileTemplate(node(Tag.SEQUENCE, integer(0), node(Tag.OCTET_STRING, hole('hash', 32))))`. */
export function compileTemplate(root: TemplatePart): Template {
  const bytes = new Uint8Array(partSize(root));
  const holes: Record<string, number> = {};
  emit(root, bytes, 0, holes);
  return { bytes, holes };
}

// --- decoding (the LDS) ---------------------------------------------------------------------------------

/** One decoded TLV. `bytes` is the whole element as it was read; `value` its contents. */
export interface DerNode {
  readonly tag: number;
  readonly constructed: boolean;
  /** The whole TLV (identifier, length, contents), a view on the input. */
  readonly bytes: Uint8Array;
  /** The contents octets, a view on the input. */
  readonly value: Uint8Array;
  /** The elements inside a constructed TLV; empty for a primitive one. */
  readonly children: readonly DerNode[];
}

function hex(tag: number): string {
  return `0x${tag.toString(16).toUpperCase()}`;
}

function readOne(bytes: Uint8Array, start: number, depth: number): DerNode {
  if (depth > 64) throw new DerError('nested deeper than 64 levels');
  let at = start;
  const need = (n: number, what: string) => {
    if (at + n > bytes.length) throw new DerError(`truncated ${what} at offset ${at}`);
  };
  need(1, 'identifier');
  const first = bytes[at++]!;
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let count = 0;
    for (;;) {
      need(1, 'identifier');
      const next = bytes[at++]!;
      if (count === 0 && next === 0x80) throw new DerError(`non-minimal tag number at offset ${start}`);
      tag = tag * 256 + next;
      if (++count > 3) throw new DerError(`tag longer than 4 octets at offset ${start}`);
      if ((next & 0x80) === 0) break;
    }
  }
  need(1, 'length');
  const lengthByte = bytes[at++]!;
  let length = lengthByte;
  if (lengthByte === 0x80) throw new DerError(`indefinite length at offset ${start}: not DER`);
  if (lengthByte > 0x80) {
    const count = lengthByte & 0x7f;
    if (count > 4) throw new DerError(`length of ${count} octets at offset ${start}`);
    need(count, 'length');
    if (bytes[at] === 0) throw new DerError(`non-minimal length at offset ${start}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + bytes[at++]!;
    if (length < 0x80) throw new DerError(`non-minimal length at offset ${start}`);
  }
  if (at + length > bytes.length) throw new DerError(`element ${hex(tag)} at offset ${start} claims ${length} octets; ${bytes.length - at} remain`);
  const value = bytes.subarray(at, at + length);
  const constructed = (first & 0x20) !== 0;
  const children: DerNode[] = [];
  if (constructed) {
    let offset = 0;
    while (offset < value.length) {
      const child = readOne(value, offset, depth + 1);
      children.push(child);
      offset += child.bytes.length;
    }
  }
  return { tag, constructed, bytes: bytes.subarray(start, at + length), value, children };
}

/** Decodes exactly one TLV; anything after it is an error. */
export function decode(bytes: Uint8Array): DerNode {
  const node = readOne(bytes, 0, 0);
  if (node.bytes.length !== bytes.length) throw new DerError(`${bytes.length - node.bytes.length} octets after the element`);
  return node;
}

/** Checks a node's tag: `expectTag(node, Tag.SEQUENCE, 'LDSSecurityObject')`. */
export function expectTag(node: DerNode, tag: number, what: string): DerNode {
  if (node.tag !== tag) throw new DerError(`${what}: expected tag ${hex(tag)}, found ${hex(node.tag)}`);
  return node;
}

/** The `index`th child, or an error naming what was expected. */
export function child(node: DerNode, index: number, what: string): DerNode {
  const found = node.children[index];
  if (found === undefined) throw new DerError(`${what}: element ${index} is missing (${node.children.length} present)`);
  return found;
}

/** The first child with a tag, if any (LDS templates are looked up by tag, not position). */
export function findChild(node: DerNode, tag: number): DerNode | undefined {
  return node.children.find((c) => c.tag === tag);
}

/** INTEGER as a bigint (rejecting non-minimal encodings). */
export function readInteger(node: DerNode): bigint {
  expectTag(node, Tag.INTEGER, 'INTEGER');
  const v = node.value;
  if (v.length === 0) throw new DerError('empty INTEGER');
  if (v.length > 1 && ((v[0] === 0 && (v[1]! & 0x80) === 0) || (v[0] === 0xff && (v[1]! & 0x80) !== 0))) throw new DerError('non-minimal INTEGER');
  let value = 0n;
  for (const byte of v) value = (value << 8n) | BigInt(byte);
  return (v[0]! & 0x80) !== 0 ? value - (1n << BigInt(v.length * 8)) : value;
}

/** A small INTEGER as a number. */
export function readSmallInteger(node: DerNode): number {
  const value = readInteger(node);
  if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) throw new DerError(`INTEGER ${value} is too large for a number`);
  return Number(value);
}

/** OBJECT IDENTIFIER in dotted form. */
export function readOid(node: DerNode): string {
  expectTag(node, Tag.OID, 'OBJECT IDENTIFIER');
  const v = node.value;
  if (v.length === 0 || (v[v.length - 1]! & 0x80) !== 0) throw new DerError('truncated OBJECT IDENTIFIER');
  const arcs: bigint[] = [];
  let current = 0n;
  let fresh = true;
  for (const byte of v) {
    if (fresh && byte === 0x80) throw new DerError('non-minimal OBJECT IDENTIFIER arc');
    current = (current << 7n) | BigInt(byte & 0x7f);
    fresh = (byte & 0x80) === 0;
    if (fresh) {
      arcs.push(current);
      current = 0n;
    }
  }
  const [head, ...rest] = arcs as [bigint, ...bigint[]];
  const first = head < 40n ? 0n : head < 80n ? 1n : 2n;
  return [first, head - first * 40n, ...rest].join('.');
}

/** OCTET STRING contents. */
export function readOctetString(node: DerNode): Uint8Array {
  return expectTag(node, Tag.OCTET_STRING, 'OCTET STRING').value;
}
