import { BinaryBitmap, DataMatrixReader, HybridBinarizer, RGBLuminanceSource, ZXingStringEncoding } from '@zxing/library';
import bwipjs from 'bwip-js/node';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { inkThreshold, locateSeal, type Box } from './seal-locate.js';

/** A DataMatrix of `bytes` as grey levels (bwip-js, as the server prints it). */
async function dataMatrix(bytes: Buffer, scale: number): Promise<{ grey: Uint8Array; width: number; height: number }> {
  const png = PNG.sync.read(await bwipjs.toBuffer({ bcid: 'datamatrix', text: bytes.toString('latin1'), binarytext: true, scale, padding: 0, backgroundcolor: 'FFFFFF' }));
  const grey = new Uint8Array(png.width * png.height);
  for (let i = 0; i < grey.length; i++) grey[i] = png.data[i * 4]!;
  return { grey, width: png.width, height: png.height };
}

/** An A4 page at 200 dpi: a frame, lines of "text", a block of bold title, and the symbol at (x, y). */
function page(symbol: { grey: Uint8Array; width: number; height: number }, at: { x: number; y: number }): { grey: Uint8Array; width: number; height: number } {
  const [width, height] = [1654, 2339];
  const grey = new Uint8Array(width * height).fill(250);
  const ink = (x0: number, y0: number, w: number, h: number, level = 20) => {
    for (let y = y0; y < y0 + h; y++) grey.fill(level, y * width + x0, y * width + x0 + w);
  };
  // The frame, 3 px, 60 px from the edges.
  ink(60, 60, width - 120, 3);
  ink(60, height - 63, width - 120, 3);
  ink(60, 60, 3, height - 120);
  ink(width - 63, 60, 3, height - 120);
  // Lines of text: strokes 3 px wide every 9 px, 24 px high, a line every 50 px.
  for (let line = 0; line < 25; line++) for (let x = 150; x < 1500; x += 9) ink(x, 300 + line * 50, 3, 24);
  // A bold title: thick strokes.
  for (let x = 500; x < 1150; x += 14) ink(x, 150, 9, 60);
  for (let y = 0; y < symbol.height; y++) grey.set(symbol.grey.subarray(y * symbol.width, (y + 1) * symbol.width), (at.y + y) * width + at.x);
  return { grey, width, height };
}

/** What @zxing/library reads in a part of a grey picture, as the server reads an upload. */
function read(picture: { grey: Uint8Array; width: number }, box: Box): Buffer | undefined {
  ZXingStringEncoding.customDecoder = (bytes, encoding) => (encoding === 'ISO-8859-1' ? Buffer.from(bytes).toString('latin1') : new TextDecoder(encoding).decode(bytes));
  const crop = new Uint8ClampedArray(box.width * box.height);
  for (let y = 0; y < box.height; y++) crop.set(picture.grey.subarray((box.y + y) * picture.width + box.x, (box.y + y) * picture.width + box.x + box.width), y * box.width);
  try {
    return Buffer.from(new DataMatrixReader().decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(crop, box.width, box.height)))).getText(), 'latin1');
  } catch {
    return undefined;
  }
}

describe('locating the seal in a picture of a printed page', () => {
  const seal = Buffer.from(Array.from({ length: 180 }, (_, i) => (i * 97 + 13) % 256));

  it('finds the symbol among the frame and the text, and the part around it reads as the seal; the whole page does not', async () => {
    const symbol = await dataMatrix(seal, 4);
    const at = { x: 700, y: 1850 };
    const picture = page(symbol, at);
    const box = locateSeal(picture.grey, picture.width, picture.height)!;
    expect(box).toBeDefined();
    // The box holds the whole symbol with its quiet zone, and not much of the page.
    expect(box.x).toBeLessThan(at.x);
    expect(box.y).toBeLessThan(at.y);
    expect(box.x + box.width).toBeGreaterThan(at.x + symbol.width);
    expect(box.y + box.height).toBeGreaterThan(at.y + symbol.height);
    expect(box.width).toBeLessThan(symbol.width * 2);
    expect(read(picture, box)).toEqual(seal);
    expect(read(picture, { x: 0, y: 0, width: picture.width, height: picture.height })).toBeUndefined();
  });

  it('finds nothing on a page without a symbol, nor in a blank picture', () => {
    const blank = page({ grey: new Uint8Array(0), width: 0, height: 0 }, { x: 0, y: 0 });
    expect(locateSeal(blank.grey, blank.width, blank.height)).toBeUndefined();
    expect(locateSeal(new Uint8Array(200 * 200).fill(255), 200, 200)).toBeUndefined();
  });

  it('separates ink from paper whatever the lighting (Otsu)', () => {
    const dim = Uint8Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 40 : 120));
    const threshold = inkThreshold(dim);
    expect(threshold).toBeGreaterThanOrEqual(40);
    expect(threshold).toBeLessThan(120);
  });
});
