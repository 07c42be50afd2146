import { randomBytes } from 'node:crypto';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readSealImage, sealPng } from './seal-image.js';

describe('a seal as a DataMatrix image', () => {
  it('writes a grey PNG from which @zxing/library reads exactly the same bytes, every byte value included', async () => {
    const bytes = Uint8Array.from([...Array.from({ length: 256 }, (_, i) => i), ...randomBytes(60)]);
    const png = sealPng(bytes);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: 8-bit grey (bit depth 8, colour type 0).
    expect([png[24], png[25]]).toEqual([8, 0]);
    expect(Buffer.from(readSealImage(png, 'image/png')!).equals(Buffer.from(bytes))).toBe(true);
  });

  it('scales the modules, and the scaled image reads the same', async () => {
    const bytes = Uint8Array.from(randomBytes(120));
    const small = PNG.sync.read(sealPng(bytes, { scale: 2 }));
    const large = sealPng(bytes, { scale: 6 });
    expect(PNG.sync.read(large).width).toBe(small.width * 3);
    expect(Buffer.from(readSealImage(large, 'image/png')!).equals(Buffer.from(bytes))).toBe(true);
    expect(() => sealPng(bytes, { scale: 1 })).toThrow(/scale 1/);
  });

  it('reads a JPEG photograph of the symbol', async () => {
    const bytes = Uint8Array.from(randomBytes(90));
    const png = PNG.sync.read(sealPng(bytes, { scale: 5 }));
    const photo = jpeg.encode({ data: png.data, width: png.width, height: png.height }, 85).data;
    expect(Buffer.from(readSealImage(photo, 'image/jpeg')!).equals(Buffer.from(bytes))).toBe(true);
  });

  it('reads nothing from an image without a DataMatrix, or from bytes that are no image', () => {
    const blank = new PNG({ width: 64, height: 64 });
    blank.data.fill(255);
    expect(readSealImage(PNG.sync.write(blank), 'image/png')).toBeUndefined();
    expect(readSealImage(Uint8Array.from(randomBytes(500)), 'image/png')).toBeUndefined();
    expect(readSealImage(Uint8Array.from(randomBytes(500)), 'image/jpeg')).toBeUndefined();
  });
});
