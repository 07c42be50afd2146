import fc from 'fast-check';
import { AsnConvert, BitString } from '@peculiar/asn1-schema';
import { DirectoryString, Time } from '@peculiar/asn1-x509';
import { describe, expect, it } from 'vitest';
import {
  compileTemplate,
  contextTag,
  decode,
  DerError,
  explicit,
  generalizedTime,
  hole,
  holeAt,
  integer,
  namedBits,
  node,
  octetString,
  oid,
  own,
  printableString,
  readInteger,
  readOid,
  sequence,
  set,
  setNode,
  tagBytes,
  time,
  tlv,
  utcTime,
  utf8String,
  boolean,
  Tag,
  type DerNode,
} from './der.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bytes = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

describe('DER integers', () => {
  it('writes the minimal two’s-complement form of X.690 §8.3', () => {
    expect(hex(integer(0))).toBe('020100');
    expect(hex(integer(127))).toBe('02017f');
    expect(hex(integer(128))).toBe('02020080');
    expect(hex(integer(256))).toBe('02020100');
    expect(hex(integer(-128))).toBe('020180');
    expect(hex(integer(-129))).toBe('0202ff7f');
    expect(hex(integer(Uint8Array.of(0x80, 0x01)))).toBe('0203008001');
    expect(hex(integer(Uint8Array.of(0x00, 0x00, 0x7f)))).toBe('02017f');
  });

  it('reads back every integer it writes', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }), (n) => readInteger(decode(integer(n))) === n));
  });

  it('refuses a non-minimal INTEGER', () => {
    expect(() => readInteger(decode(bytes('0202007f')))).toThrow(/non-minimal INTEGER/);
    expect(() => readInteger(decode(bytes('0202ff80')))).toThrow(/non-minimal INTEGER/);
  });
});

describe('DER object identifiers', () => {
  it('encodes the OIDs of CMS and ICAO as published', () => {
    expect(hex(oid('1.2.840.113549.1.7.2'))).toBe('06092a864886f70d010702');
    expect(hex(oid('2.23.136.1.1.1'))).toBe('0606678108010101');
    expect(hex(oid('2.16.840.1.101.3.4.2.1'))).toBe('0609608648016503040201');
    expect(hex(oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
  });

  it('reads back every OID it writes, large arcs included', () => {
    const arc = fc.bigInt({ min: 0n, max: 1n << 70n });
    const dotted = fc
      .tuple(fc.integer({ min: 0, max: 2 }), fc.bigInt({ min: 0n, max: 39n }), fc.bigInt({ min: 0n, max: 1n << 40n }), fc.array(arc, { maxLength: 8 }))
      .map(([first, second, big, rest]) => [first, first === 2 ? big : second, ...rest].join('.'));
    fc.assert(fc.property(dotted, (text) => readOid(decode(oid(text))) === text));
  });

  it('refuses text that is not an OID', () => {
    expect(() => oid('1.40')).toThrow(DerError);
    expect(() => oid('3.1')).toThrow(/not a dotted object identifier/);
    expect(() => oid('1.2.03')).toThrow(/not a dotted object identifier/);
  });
});

describe('DER tags and lengths', () => {
  it('writes the multi-octet application tags of the LDS as Doc 9303 writes them', () => {
    expect(hex(tagBytes(0x5f1f))).toBe('5f1f');
    expect(hex(tagBytes(0x7f61))).toBe('7f61');
    expect(hex(tlv(0x5f2e, Uint8Array.of(1, 2)))).toBe('5f2e020102');
    expect(contextTag(0)).toBe(0xa0);
    expect(contextTag(3)).toBe(0xa3);
    expect(contextTag(0, false)).toBe(0x80);
    expect(hex(tagBytes(contextTag(31)))).toBe('bf1f');
    expect(hex(tagBytes(contextTag(200)))).toBe('bf8148');
    expect(hex(explicit(0, integer(2)))).toBe('a003020102');
  });

  it('refuses identifiers that are not one well-formed tag', () => {
    expect(() => tagBytes(0x1f)).toThrow(/not a well-formed identifier/);
    expect(() => tagBytes(0x5f9f)).toThrow(/not a well-formed identifier/);
    // ISO/IEC 7816-4 two-octet tags below 31, which X.690 would write in one octet, as EF.COM uses them.
    expect(hex(tlv(0x5f01, Uint8Array.of(0x30)))).toBe('5f010130');
    expect(decode(Uint8Array.of(0x5f, 0x01, 0x00)).tag).toBe(0x5f01);
  });

  it('uses the short length form below 128 and the minimal long form above', () => {
    expect(hex(octetString(new Uint8Array(127))).slice(0, 4)).toBe('047f');
    expect(hex(octetString(new Uint8Array(128))).slice(0, 6)).toBe('048180');
    expect(hex(octetString(new Uint8Array(256))).slice(0, 8)).toBe('04820100');
    expect(hex(octetString(new Uint8Array(70_000))).slice(0, 10)).toBe('0483011170');
  });

  it('reads back contents of any length under any tag', () => {
    const tag = fc.oneof(
      fc.constantFrom(Tag.OCTET_STRING, 0x5f1f, 0x5f2e, 0x80, 0x9f20),
      fc.integer({ min: 1, max: 30 }).map((n) => 0x40 | n),
    );
    fc.assert(
      fc.property(tag, fc.uint8Array({ maxLength: 1_000 }), (t, content) => {
        const node = decode(tlv(t, content));
        return node.tag === t && hex(node.value) === hex(content) && !node.constructed;
      }),
    );
  });

  it('reads back nested templates and re-encodes them to the same bytes', () => {
    const { tree } = fc.letrec<{ tree: Uint8Array }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small' },
        fc.uint8Array({ maxLength: 40 }).map((b) => octetString(b)),
        fc.bigInt({ min: -1000n, max: 1n << 80n }).map((n) => integer(n)),
        fc.array(tie('tree'), { maxLength: 4 }).map((items) => sequence(...items)),
        fc.array(tie('tree'), { maxLength: 4 }).map((items) => tlv(0x7f61, ...items)),
        fc.array(tie('tree'), { maxLength: 3 }).map((items) => set(...items)),
      ),
    }));
    const reencode = (node: DerNode): Uint8Array => (node.constructed ? tlv(node.tag, ...node.children.map(reencode)) : tlv(node.tag, node.value));
    fc.assert(fc.property(tree, (encoded) => hex(reencode(decode(encoded))) === hex(encoded)));
  });

  it('refuses BER that is not DER, truncation and trailing bytes', () => {
    expect(() => decode(bytes('3080 0000'))).toThrow(/indefinite length/);
    expect(() => decode(bytes('0481 05 0102030405'))).toThrow(/non-minimal length/);
    expect(() => decode(bytes('0482 0005 0102030405'))).toThrow(/non-minimal length/);
    expect(() => decode(bytes('0405 0102'))).toThrow(/claims 5 octets; 2 remain/);
    expect(() => decode(bytes('0401 01 00'))).toThrow(/1 octets after the element/);
    expect(() => decode(bytes('5f'))).toThrow(/truncated identifier/);
  });
});

describe('DER sets, strings, times and bits', () => {
  it('orders a SET OF by the encodings of its elements (X.690 §11.6)', () => {
    const encoded = set(octetString(Uint8Array.of(2)), integer(5), octetString(Uint8Array.of(1, 1)));
    expect(hex(encoded)).toBe('310a' + '020105' + '040102' + '04020101');
  });

  it('writes PrintableString for the certificate names and refuses what it cannot carry', () => {
    expect(hex(printableString('Kingdom of Morocco'))).toBe('1312' + hex(Buffer.from('Kingdom of Morocco')));
    expect(AsnConvert.parse(printableString('Kingdom of Morocco'), DirectoryString).printableString).toBe('Kingdom of Morocco');
    expect(() => printableString('DGSN@MA')).toThrow(/UTF8String/);
    expect(() => printableString('Sûreté')).toThrow(/UTF8String/);
    expect(AsnConvert.parse(utf8String('المديرية العامة للأمن الوطني'), DirectoryString).utf8String).toBe('المديرية العامة للأمن الوطني');
  });

  it('writes UTCTime through 2049 and GeneralizedTime from 2050, as RFC 5280 §4.1.2.5 asks', () => {
    const at = new Date('2012-04-15T08:09:10.765Z');
    expect(Buffer.from(decode(utcTime(at)).value).toString()).toBe('120415080910Z');
    expect(decode(time(new Date('2049-12-31T23:59:59Z'))).tag).toBe(Tag.UTCTime);
    expect(decode(time(new Date('2050-01-01T00:00:00Z'))).tag).toBe(Tag.GeneralizedTime);
    expect(Buffer.from(decode(generalizedTime(new Date('2050-01-01T00:00:00Z'))).value).toString()).toBe('20500101000000Z');
    expect(hex(utcTime(new Date('1950-01-01T00:00:00Z')))).toBe(hex(bytes('170d 3530303130313030303030305a')));
    expect(hex(utcTime(new Date('2049-12-31T23:59:59Z')))).toBe(hex(bytes('170d 3439313233313233353935395a')));
  });

  it('writes every whole-second time so that an X.509 reader reads it back', () => {
    const date = fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));
    fc.assert(fc.property(date, (d) => AsnConvert.parse(time(d), Time).getTime().getTime() === d.getTime()));
  });

  it('writes named bits without trailing zero bits (X.690 §11.2.2)', () => {
    expect(hex(namedBits([5, 6]))).toBe('03020106');
    expect(hex(namedBits([0]))).toBe('03020780');
    expect(hex(namedBits([0, 8]))).toBe('0303078080');
    const keyUsage = AsnConvert.parse(namedBits([5, 6]), BitString);
    expect([keyUsage.unusedBits, hex(new Uint8Array(keyUsage.value))]).toEqual([1, '06']);
    expect(hex(boolean(true))).toBe('0101ff');
    expect(hex(boolean(false))).toBe('010100');
  });
});

describe('DER encodings in memory', () => {
  it('may be views on a shared slab; own() gives the same bytes in a buffer of their own', () => {
    const encoded = sequence(integer(1), octetString(Uint8Array.of(1, 2, 3)));
    const owned = own(encoded);
    expect(hex(owned)).toBe(hex(encoded));
    expect(owned.byteOffset).toBe(0);
    expect(owned.buffer.byteLength).toBe(owned.length);
    expect(own(owned)).toBe(owned);
  });
});

describe('DER templates', () => {
  it('fill to the same bytes as the structure encoded with those values', () => {
    const values = fc.record({ a: fc.uint8Array({ minLength: 0, maxLength: 300 }), b: fc.uint8Array({ minLength: 1, maxLength: 40 }), n: fc.integer({ min: 0, max: 1_000_000 }) });
    fc.assert(
      fc.property(values, ({ a, b, n }) => {
        // In the SET, the OCTET STRING sorts after the INTEGER by its tag, whatever fills the hole.
        const template = compileTemplate(node(0x77, node(Tag.SEQUENCE, integer(n), node(contextTag(0), node(Tag.OCTET_STRING, hole('a', a.length))), setNode(node(Tag.OCTET_STRING, hole('b', b.length)), integer(7)))));
        const filled = template.bytes.slice();
        filled.set(a, holeAt(template, 'a'));
        filled.set(b, holeAt(template, 'b'));
        expect(hex(filled)).toBe(hex(tlv(0x77, sequence(integer(n), explicit(0, octetString(a)), set(octetString(b), integer(7))))));
      }),
    );
  });

  it('refuses a hole it does not have, and a hole named twice', () => {
    const template = compileTemplate(node(Tag.SEQUENCE, hole('x', 2)));
    expect(holeAt(template, 'x')).toBe(2);
    expect(() => holeAt(template, 'y')).toThrow('the template has no hole "y"');
    expect(() => compileTemplate(node(Tag.SEQUENCE, hole('x', 1), hole('x', 1)))).toThrow(/appears twice/);
  });
});
