/**
 * A seal as a DataMatrix image (ISO/IEC 16022, as Doc 9303 Part 13 asks), and back.
 *
 * bwip-js encodes the symbol. A seal is binary: by default bwip-js would read the text as UTF-8 and write
 * each byte above 0x7F as two, so the seal's bytes go in as a Latin-1 string with `binarytext`, one
 * character per byte, and bwip-js picks the encodation (base 256 for the binary runs) itself.
 * @zxing/library reads the symbol back; its Node build turns a base-256 segment into text through
 * `decodeURIComponent`, which fails on arbitrary bytes, so the reader is given a Latin-1 decoder of its
 * own and the text comes back one character per byte.
 */
import bwipjs from 'bwip-js';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { BinaryBitmap, DataMatrixReader, DecodeHintType, HybridBinarizer, RGBLuminanceSource, ZXingStringEncoding } from '@zxing/library';
import { locateSeal } from '../contract/seal-locate.js';

export interface SealPngOptions {
  /** Pixels per module (2 to 20); 4 by default. */
  readonly scale?: number;
}

/** The quiet zone around the symbol, in modules (ISO/IEC 16022 asks for at least one). */
const QUIET_ZONE = 2;

/**
 * The seal as a DataMatrix PNG: 8-bit grey, black modules on white, a quiet zone of two modules.
 * bwip-js encodes the symbol (`raw`: its modules); the PNG is drawn here, a few times faster than bwip-js's
 * own drawing and a fifth of its size, which a PDF embeds as it is.
 */
export function sealPng(seal: Uint8Array, options: SealPngOptions = {}): Buffer {
  const scale = options.scale ?? 4;
  if (!Number.isInteger(scale) || scale < 2 || scale > 20) throw new RangeError(`scale ${scale} is not a whole number from 2 to 20`);
  const [symbol] = bwipjs.raw({ bcid: 'datamatrix', text: Buffer.from(seal).toString('latin1'), binarytext: true });
  if (symbol === undefined || !('pixs' in symbol)) throw new Error('bwip-js gave no DataMatrix matrix');
  const { pixs, pixx, pixy } = symbol;
  const width = (pixx + 2 * QUIET_ZONE) * scale;
  const height = (pixy + 2 * QUIET_ZONE) * scale;
  const grey = Buffer.alloc(width * height, 0xff);
  for (let y = 0; y < pixy; y += 1) {
    for (let x = 0; x < pixx; x += 1) {
      if (pixs[y * pixx + x] === 0) continue;
      const left = (x + QUIET_ZONE) * scale;
      for (let dy = 0; dy < scale; dy += 1) {
        const row = ((y + QUIET_ZONE) * scale + dy) * width;
        grey.fill(0, row + left, row + left + scale);
      }
    }
  }
  return PNG.sync.write(Object.assign(new PNG({ width, height }), { data: grey }), { colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
}

let latin1Installed = false;
function installLatin1Decoder(): void {
  if (latin1Installed) return;
  latin1Installed = true;
  const previous = ZXingStringEncoding.customDecoder;
  ZXingStringEncoding.customDecoder = (bytes, encodingName) => {
    if (encodingName === 'ISO-8859-1') return Buffer.from(bytes).toString('latin1');
    if (previous !== undefined) return previous(bytes, encodingName);
    return new TextDecoder(encodingName).decode(bytes);
  };
}

/** An image's pixels as RGBA. */
interface Pixels {
  readonly width: number;
  readonly height: number;
  readonly rgba: Uint8Array;
}

const MAX_PIXELS = 25_000_000;

function pixelsOf(image: Uint8Array, contentType: 'image/png' | 'image/jpeg'): Pixels | undefined {
  try {
    if (contentType === 'image/png') {
      // The size from IHDR first: a small file may inflate to gigabytes of pixels.
      const header = Buffer.from(image.subarray(0, 24));
      if (header.length < 24 || header.readUInt32BE(16) * header.readUInt32BE(20) > MAX_PIXELS) return undefined;
      const png = PNG.sync.read(Buffer.from(image));
      return { width: png.width, height: png.height, rgba: png.data };
    }
    const decoded = jpeg.decode(image, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
    return { width: decoded.width, height: decoded.height, rgba: decoded.data };
  } catch {
    return undefined;
  }
}

/**
 * The bytes of the DataMatrix in a PNG or JPEG image, or `undefined` when the image cannot be decoded
 * or holds no DataMatrix that reads.
 */
export function readSealImage(image: Uint8Array, contentType: 'image/png' | 'image/jpeg'): Uint8Array | undefined {
  const pixels = pixelsOf(image, contentType);
  if (pixels === undefined || pixels.width * pixels.height > MAX_PIXELS) return undefined;
  const { width, height, rgba } = pixels;
  const luminance = new Uint8ClampedArray(width * height);
  for (let i = 0; i < luminance.length; i += 1) {
    // Transparent pixels are read as white paper.
    const alpha = rgba[i * 4 + 3]! / 255;
    const grey = (rgba[i * 4]! * 299 + rgba[i * 4 + 1]! * 587 + rgba[i * 4 + 2]! * 114) / 1000;
    luminance[i] = grey * alpha + 255 * (1 - alpha);
  }
  installLatin1Decoder();
  const whole = decodeDataMatrix(luminance, width, height);
  if (whole !== undefined) return whole;
  // A page, not a symbol: the block that looks like the seal, with its quiet zone.
  const box = locateSeal(luminance, width, height);
  if (box === undefined) return undefined;
  const crop = new Uint8ClampedArray(box.width * box.height);
  for (let y = 0; y < box.height; y++) crop.set(luminance.subarray((box.y + y) * width + box.x, (box.y + y) * width + box.x + box.width), y * box.width);
  return decodeDataMatrix(crop, box.width, box.height);
}

function decodeDataMatrix(luminance: Uint8ClampedArray, width: number, height: number): Uint8Array | undefined {
  const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)));
  try {
    const result = new DataMatrixReader().decode(bitmap, new Map([[DecodeHintType.TRY_HARDER, true]]));
    return Uint8Array.from(Buffer.from(result.getText(), 'latin1'));
  } catch {
    return undefined;
  }
}
