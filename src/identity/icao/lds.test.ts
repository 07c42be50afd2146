import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decode, findChild } from './der.js';
import { encodeDg1, encodeDg2, encodeEfCom, imageDataType, jpegFrame, LdsTag, readDg1, readDg2, readEfCom } from './lds.js';
import { generateTd1, parseTd1 } from './mrz.js';
import { specimenFaceJpeg } from './sample.js';
import { setupTestCase } from './icao.testing.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const SPECIMEN_LINES = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];

describe('EF.COM', () => {
  it('says LDS 1.7, Unicode 4.0.0, and lists DG1 and DG2', () => {
    const com = encodeEfCom();
    expect(hex(com)).toBe('6014' + '5f0104' + hex(Buffer.from('0107')) + '5f3606' + hex(Buffer.from('040000')) + '5c026175');
    expect(readEfCom(com)).toEqual({ ldsVersion: '0107', unicodeVersion: '040000', tags: [0x61, 0x75] });
  });
});

describe('DG1', () => {
  it('holds the 90 characters of the TD1 MRZ in data object 5F1F', () => {
    const dg1 = encodeDg1(SPECIMEN_LINES);
    expect(hex(dg1.subarray(0, 5))).toBe('615d5f1f5a');
    expect(dg1).toHaveLength(95);
    expect(readDg1(dg1)).toEqual(SPECIMEN_LINES);
    expect(parseTd1(readDg1(encodeDg1(generateTd1(parseTd1(SPECIMEN_LINES))))).documentNumber).toBe('D23145890');
  });
});

describe('DG2', () => {
  it('nests the biometric templates of Doc 9303 Part 10 around an ISO/IEC 19794-5 face record', () => {
    const face = specimenFaceJpeg();
    const dg2 = encodeDg2(face, 'F');
    const outer = decode(dg2);
    expect(outer.tag).toBe(LdsTag.DG2);
    const group = findChild(outer, LdsTag.biometricGroup)!;
    expect(hex(group.children[0]!.bytes)).toBe('020101');
    const template = findChild(group, LdsTag.biometricTemplate)!;
    expect(template.children.map((c) => c.tag)).toEqual([LdsTag.biometricHeader, LdsTag.biometricData]);

    const [instance] = readDg2(dg2).instances;
    expect(Object.fromEntries([...instance!.header].map(([tag, value]) => [tag.toString(16), hex(value)]))).toEqual({ '80': '0101', '81': '02', '87': '0101', '88': '0008' });
    const record = findChild(template, LdsTag.biometricData)!.value;
    expect(Buffer.from(record.subarray(0, 8)).toString('latin1')).toBe('FAC\u0000010\u0000');
    expect(new DataView(record.buffer, record.byteOffset).getUint32(8)).toBe(record.length);
    expect(record.length).toBe(14 + 20 + 12 + face.data.length);
    expect(instance!.face).toMatchObject({ version: '010\u0000', imageCount: 1, gender: 0x02, faceImageType: 0x01, imageDataType: 0x00, width: 120, height: 160, colourSpace: 0x03 });
    expect(hex(instance!.face.image)).toBe(hex(face.data));
    expect(readDg2(encodeDg2(face, 'M')).instances[0]!.face.gender).toBe(0x01);
    expect(readDg2(encodeDg2(face, 'X')).instances[0]!.face.gender).toBe(0x00);
  });

  it('refuses an image that is neither JPEG nor JPEG 2000, or whose size is not the one given', () => {
    const face = specimenFaceJpeg();
    expect(() => encodeDg2({ data: Uint8Array.of(0x89, 0x50, 0x4e, 0x47), width: 1, height: 1 }, 'F')).toThrow(/must be JPEG or JPEG 2000/);
    expect(() => encodeDg2({ ...face, width: 121 }, 'F')).toThrow(/the face image is 120x160, not the 121x160 given/);
    expect(imageDataType(Uint8Array.of(0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a))).toBe(0x01);
  });
});

describe('the specimen face JPEG', () => {
  it('is a baseline JFIF of the size it says, padded on request to the weight of a real face', () => {
    const face = specimenFaceJpeg();
    expect(jpegFrame(face.data)).toEqual({ width: 120, height: 160, components: 1 });
    expect(hex(face.data.subarray(0, 2))).toBe('ffd8');
    expect(hex(face.data.subarray(face.data.length - 2))).toBe('ffd9');
    expect(specimenFaceJpeg(120, 160, 16_000).data).toHaveLength(16_000);
  });

  // libjpeg-turbo's djpeg, where installed (apt-get install libjpeg-turbo-progs), decodes it without a warning.
  // Required under CI=true (.ci/run installs it); elsewhere skipped when absent.
  it.skipIf(!fs.existsSync('/usr/bin/djpeg') && process.env.CI !== 'true')('decodes with libjpeg-turbo to a light background and a darker silhouette', () => {
    const t = setupTestCase();
    const result = spawnSync('/usr/bin/djpeg', ['-pnm', t.write('face.jpg', specimenFaceJpeg().data)]);
    expect(result.stderr.toString()).toBe('');
    expect(result.status).toBe(0);
    const pgm = result.stdout;
    const header = 'P5\n120 160\n255\n';
    expect(pgm.subarray(0, header.length).toString('latin1')).toBe(header);
    const pixel = (x: number, y: number) => pgm[header.length + y * 120 + x]!;
    expect(pixel(2, 2)).toBe(220);
    expect(pixel(60, 64)).toBe(150);
    expect(pixel(60, 155)).toBe(70);
  });
});
