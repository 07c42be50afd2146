import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodeC40, encodeC40 } from './c40.js';
import { appendSignature, decodeVds, decodeVdsDate, encodeLength, encodeVds, encodeVdsDate, encodeVdsHeader, encodeVdsUnsigned, VdsError, type VdsHeader } from './vds.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase();
const bytesOf = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

// The header of the worked example of Doc 9303 Part 8, Appendix B (an emergency travel document's seal):
// UTO, signer UTTS, certificate reference 5B, issued 13 June 2026, signed 23 August 2023, 0x5E / 0x03.
const ETD_HEADER = 'DC03 D9C5 D9CAC8A73A99 5D913A 7D9C57 5E 03';
const etdHeader: VdsHeader = {
  issuingCountry: 'UTO',
  signerIdentifier: 'UTTS',
  certificateReference: '5B',
  documentIssueDate: '2026-06-13',
  signatureCreationDate: '2023-08-23',
  featureDefinitionReference: 0x5e,
  documentTypeCategory: 0x03,
};

const header: VdsHeader = {
  issuingCountry: 'MAR',
  signerIdentifier: 'MABS',
  certificateReference: '0123456789ABCDEF0123456789ABCDEF',
  documentIssueDate: '2026-12-07',
  signatureCreationDate: '2026-12-07',
  featureDefinitionReference: 0xe1,
  documentTypeCategory: 0x0a,
};
const features = [
  { tag: 1, value: encodeC40('PRC2026000001') },
  { tag: 2, value: Uint8Array.from(Buffer.from('EL ALAMI AMINA', 'utf8')) },
  { tag: 4, value: encodeVdsDate('1990-02-28') },
];

function p256() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { publicKey, sign: (data: Uint8Array) => new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' })) };
}

describe('C40 (Doc 9303 Part 13)', () => {
  it('writes a triple as 1600·c1 + 40·c2 + c3 + 1 in two bytes', () => {
    // M 26, A 14, R 31: 41600 + 560 + 31 + 1 = 42192 = 0xA4D0; space is 3: "MA " = 42164 = 0xA4B4.
    expect(hex(encodeC40('MAR'))).toBe('A4D0');
    expect(hex(encodeC40('MA '))).toBe('A4B4');
    // U 34, T 33, O 28: 54400 + 1320 + 28 + 1 = 55749 = 0xD9C5 (Part 8, Appendix B).
    expect(hex(encodeC40('UTO'))).toBe('D9C5');
  });

  it('pads two characters left over with Shift 1, and writes one left over as 0xFE and its ASCII code + 1', () => {
    // "MA" + Shift 1 (0): 41600 + 560 + 0 + 1 = 42161 = 0xA4B1.
    expect(hex(encodeC40('MA'))).toBe('A4B1');
    expect(hex(encodeC40('MARA'))).toBe('A4D0FE42');
    expect(hex(encodeC40('UTTS025B'))).toBe('D9CAC8A73A99');
  });

  it('writes the filler < as a space', () => {
    expect(hex(encodeC40('MA<'))).toBe('A4B4');
    expect(decodeC40(encodeC40('A<B'))).toBe('A B');
  });

  it('reads back what it writes, whatever the length', () => {
    for (const text of ['', 'A', 'AB', 'ABC', 'ABCD', 'R0000 0001', '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ']) expect(decodeC40(encodeC40(text))).toBe(text);
  });

  it('refuses a character outside the basic set, and bytes that are no C40', () => {
    expect(() => encodeC40('ma')).toThrow(/"m" cannot be written in C40/);
    expect(() => decodeC40(Uint8Array.of(0xa4))).toThrow(/odd number of bytes/);
    expect(() => decodeC40(Uint8Array.of(0xff, 0xff))).toThrow(/not a C40 triple/);
  });
});

describe('VDS dates and lengths', () => {
  it('writes a date as the integer MMDDYYYY in three bytes', () => {
    expect(hex(encodeVdsDate('2026-06-13'))).toBe('5D913A');
    // 12072026 = 0xB8345A.
    expect(hex(encodeVdsDate('2026-12-07'))).toBe('B8345A');
    expect(decodeVdsDate(bytesOf('7D9C57'))).toBe('2023-08-23');
    expect(() => encodeVdsDate('2026-02-30')).toThrow(/not a date/);
    expect(() => decodeVdsDate(bytesOf('FFFFFF'))).toThrow(/not a date/);
  });

  it('writes BER-TLV lengths in their shortest form', () => {
    expect(hex(encodeLength(0x40))).toBe('40');
    expect(hex(encodeLength(0x80))).toBe('8180');
    expect(hex(encodeLength(0x1234))).toBe('821234');
  });
});

describe('visible digital seals (Doc 9303 Part 13, version 4)', () => {
  it('writes the header of the worked example of Part 8 byte for byte, and reads it back', () => {
    expect(hex(encodeVdsHeader(etdHeader))).toBe(ETD_HEADER.replace(/\s+/g, ''));
    const seal = appendSignature(bytesOf(`${ETD_HEADER} 0203 A4D0 42`), Uint8Array.of(1, 2));
    expect(decodeVds(seal)).toEqual({ header: etdHeader, features: [{ tag: 2, value: bytesOf('A4D042') }], signedBytes: bytesOf(`${ETD_HEADER} 0203A4D042`), signature: Uint8Array.of(1, 2) });
  });

  it('signs header and message, and the signature verifies with the public key as r || s', () => {
    const key = p256();
    const seal = encodeVds(header, features, key.sign);
    const vds = decodeVds(seal);
    expect(vds.header).toEqual(header);
    expect(vds.features).toEqual(features);
    expect(vds.signature).toHaveLength(64);
    expect(seal[seal.length - 66]).toBe(0xff);
    expect(seal[seal.length - 65]).toBe(64);
    expect(hex(vds.signedBytes)).toBe(hex(encodeVdsUnsigned(header, features)));
    expect(verify('sha256', vds.signedBytes, { key: key.publicKey, dsaEncoding: 'ieee-p1363' }, vds.signature)).toBe(true);
    // The certificate reference's length (32 = "20") sits between the signer identifier and the reference.
    expect(decodeC40(seal.subarray(4, 8))).toBe('MABS20');
  });

  it('keeps a long feature with a two-byte length', () => {
    const long = [{ tag: 9, value: new Uint8Array(300).fill(7) }];
    const vds = decodeVds(encodeVds(header, long, () => new Uint8Array(64)));
    expect(vds.features[0]!.value).toHaveLength(300);
  });

  it('refuses a seal that does not start with 0xDC, or of another version', () => {
    const seal = encodeVds(header, features, () => new Uint8Array(64));
    expect(() => decodeVds(Uint8Array.of(0x00, ...seal.subarray(1)))).toThrow(new VdsError('wrong magic constant 0x00 (a seal starts with 0xDC)'));
    expect(() => decodeVds(Uint8Array.of(0xdc, 0x02, ...seal.subarray(2)))).toThrow(/version byte 0x02 is not read here/);
  });

  it('refuses a truncated seal, naming what is missing', () => {
    const seal = encodeVds(header, features, () => new Uint8Array(64));
    expect(() => decodeVds(seal.subarray(0, 10))).toThrow(/truncated: the certificate reference needs/);
    expect(() => decodeVds(seal.subarray(0, seal.length - 1))).toThrow(/truncated: the signature needs 64 byte\(s\)/);
    expect(() => decodeVds(encodeVdsUnsigned(header, features))).toThrow(/ends before its signature/);
    expect(() => decodeVds(new Uint8Array())).toThrow(/truncated: the magic constant/);
  });

  it('refuses bad lengths', () => {
    const unsigned = encodeVdsHeader(header);
    // A feature whose length runs past the end.
    expect(() => decodeVds(Uint8Array.of(...unsigned, 0x01, 0x7f, 0x00, 0xff, 0x00))).toThrow(/truncated: feature 0x1 needs 127/);
    // A length form that BER-TLV does not have here, and a long form that is not the shortest.
    expect(() => decodeVds(Uint8Array.of(...unsigned, 0x01, 0x83, 0, 0, 1))).toThrow(/bad length of feature 0x1: first byte 0x83/);
    expect(() => decodeVds(Uint8Array.of(...unsigned, 0x01, 0x81, 0x05, 1, 2, 3, 4, 5, 0xff, 0))).toThrow(/not the shortest form/);
    // Bytes after the signature.
    expect(() => decodeVds(Uint8Array.of(...appendSignature(unsigned, new Uint8Array(64)), 0))).toThrow(/bad length: 1 byte\(s\) after the signature/);
  });

  it('refuses to write what a header cannot hold', () => {
    expect(() => encodeVdsHeader({ ...header, issuingCountry: 'MA' })).toThrow(/issuing country "MA"/);
    expect(() => encodeVdsHeader({ ...header, certificateReference: 'abc' })).toThrow(/upper-case hexadecimal/);
    expect(() => encodeVdsHeader({ ...header, documentTypeCategory: 255 })).toThrow(/document type category 255/);
    expect(() => encodeVdsUnsigned(header, [{ tag: 0xff, value: new Uint8Array() }])).toThrow(/0xFF starts the signature/);
  });
});
