/**
 * C40 as ICAO Doc 9303 Part 13 (8th edition, §2.4 "C40 encoding") uses it for the seal's text: the
 * DataMatrix C40 basic set (space, 0-9, A-Z), three characters to two bytes.
 *
 * - A triple c1 c2 c3 (values: space 3, 0-9 4-13, A-Z 14-39) becomes U = 1600·c1 + 40·c2 + c3 + 1,
 *   written as two bytes, big-endian.
 * - Two characters left over: the third is Shift 1 (value 0).
 * - One character left over: the unlatch byte 0xFE, then its ASCII code + 1.
 * - The MRZ filler `<` is written as a space.
 * @example encodeC40('UTO') // Uint8Array [0xd9, 0xc5]
 */
import { VdsError } from './vds-error.js';

const UNLATCH = 0xfe;

function valueOf(character: string): number {
  if (character === ' ' || character === '<') return 3;
  const code = character.charCodeAt(0);
  if (code >= 0x30 && code <= 0x39) return code - 0x30 + 4;
  if (code >= 0x41 && code <= 0x5a) return code - 0x41 + 14;
  throw new VdsError(`"${character}" cannot be written in C40 (allowed: space, 0-9, A-Z, and < as a space)`);
}

function characterOf(value: number): string {
  if (value === 3) return ' ';
  if (value >= 4 && value <= 13) return String.fromCharCode(0x30 + value - 4);
  if (value >= 14 && value <= 39) return String.fromCharCode(0x41 + value - 14);
  throw new VdsError(`C40 value ${value} is not a character of the basic set`);
}

/** Whether `text` can be written in C40 (space, 0-9, A-Z, `<`). */
export function isC40Text(text: string): boolean {
  return /^[ 0-9A-Z<]*$/.test(text);
}

/** The C40 bytes of `text`. */
export function encodeC40(text: string): Uint8Array {
  const out: number[] = [];
  let i = 0;
  for (; i + 3 <= text.length; i += 3) {
    const u = 1600 * valueOf(text[i]!) + 40 * valueOf(text[i + 1]!) + valueOf(text[i + 2]!) + 1;
    out.push(u >> 8, u & 0xff);
  }
  const left = text.length - i;
  if (left === 2) {
    const u = 1600 * valueOf(text[i]!) + 40 * valueOf(text[i + 1]!) + 1;
    out.push(u >> 8, u & 0xff);
  } else if (left === 1) {
    valueOf(text[i]!);
    out.push(UNLATCH, text.charCodeAt(i) === 0x3c ? 0x21 : text.charCodeAt(i) + 1);
  }
  return Uint8Array.from(out);
}

/** The text of C40 bytes (a Shift 1 padding is dropped; `<` comes back as a space). */
export function decodeC40(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 2) {
    if (bytes[i] === UNLATCH) {
      if (i + 2 !== bytes.length) throw new VdsError('C40: the unlatch byte 0xFE may only come before the last character');
      text += characterOf(valueOf(String.fromCharCode(bytes[i + 1]! - 1)));
      continue;
    }
    if (i + 1 >= bytes.length) throw new VdsError('C40: an odd number of bytes (each triple takes two)');
    const u = (bytes[i]! << 8) + bytes[i + 1]! - 1;
    const c1 = Math.floor(u / 1600);
    const c2 = Math.floor((u % 1600) / 40);
    const c3 = u % 40;
    if (c1 > 39 || u < 0) throw new VdsError(`C40: 0x${((u + 1) & 0xffff).toString(16)} is not a C40 triple`);
    text += characterOf(c1) + characterOf(c2);
    // Shift 1 pads the last triple of a text of 3n+2 characters.
    if (c3 === 0 && i + 2 === bytes.length) break;
    text += characterOf(c3);
  }
  return text;
}

/** How many C40 bytes `length` characters take. */
export function c40Length(length: number): number {
  return Math.floor(length / 3) * 2 + (length % 3 === 0 ? 0 : 2);
}
