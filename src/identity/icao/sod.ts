/**
 * EF.SOD, the Document Security Object (ICAO Doc 9303 Part 10 §4.6.2; the signer's PKI in Part 12): tag 0x77 around a
 * CMS ContentInfo of type SignedData (RFC 5652 §5) whose encapsulated content is the LDSSecurityObject,
 * the hashes of the data groups:
 *
 *   LDSSecurityObject ::= SEQUENCE { version INTEGER (0), hashAlgorithm AlgorithmIdentifier,
 *                                    dataGroupHashValues SEQUENCE SIZE (2..16) OF DataGroupHash }
 *   DataGroupHash     ::= SEQUENCE { dataGroupNumber INTEGER, dataGroupHashValue OCTET STRING }
 *
 * SignedData is version 3 (the content type is not id-data, RFC 5652 §5.1), carries the Document Signer
 * certificate, and one SignerInfo (version 1: sid = issuerAndSerialNumber) with the signed attributes
 * contentType, messageDigest and signingTime (RFC 5652 §11), signed with ECDSA P-256 / SHA-256.
 *
 * Per card only the security object, the attributes' digest and time, and one signature are computed:
 * everything fixed for a signer (its certificate, sid, algorithm identifiers, and every TLV header, since
 * the lengths repeat) is compiled once into a template (see der.ts), and a card fills in three holes.
 */
import { hash, sign, verify, type KeyObject } from 'node:crypto';
import { ContentInfo, SignedData, type Attribute } from '@peculiar/asn1-cms';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Time } from '@peculiar/asn1-x509';
import {
  allocate,
  child,
  compileTemplate,
  contextTag,
  decode,
  DerError,
  expectTag,
  hole,
  holeAt,
  integer,
  node,
  oid,
  own,
  readOctetString,
  view,
  readOid,
  readSmallInteger,
  sequence,
  set,
  setNode,
  Tag,
  time,
  tlv,
  type Template,
} from './der.js';
import { ECDSA_WITH_SHA256, isIssuedBy, readCertificate, type Certificate } from './certificate.js';
import { Oid } from './oid.js';

/** The EF.SOD application tag (Doc 9303 Part 10, Table of LDS EF tags). */
export const EF_SOD_TAG = 0x77;

/** A data group's number and the SHA-256 of its whole TLV. */
export interface DataGroupHash {
  readonly number: number;
  readonly hash: Uint8Array;
}

/** id-sha256 with absent parameters, as RFC 5754 §2 asks senders to write it. */
const SHA256 = sequence(oid(Oid.sha256));

/** SHA-256 of bytes. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return hash('sha256', bytes, 'buffer');
}

const lsoTemplates = new Map<string, Template>();

/** The LDSSecurityObject (version 0, SHA-256) over data-group hashes, in ascending data-group order. */
export function encodeLdsSecurityObject(hashes: readonly DataGroupHash[]): Uint8Array {
  if (hashes.length < 2 || hashes.length > 16) throw new DerError(`an LDSSecurityObject holds 2 to 16 data-group hashes; got ${hashes.length}`);
  const sorted = [...hashes].sort((a, b) => a.number - b.number);
  // One template per list of data groups and hash sizes; a security object writes its hashes into the holes.
  const template = encodeLdsTemplate(sorted);
  const lso = allocate(template.bytes.length);
  lso.set(template.bytes);
  sorted.forEach((h, i) => lso.set(h.hash, holeAt(template, String(i))));
  return lso;
}

/** The LDSSecurityObject read back: its version, hash algorithm and data-group hashes. */
export function readLdsSecurityObject(der: Uint8Array): { version: number; hashAlgorithm: string; hashes: DataGroupHash[] } {
  const lso = expectTag(decode(der), Tag.SEQUENCE, 'LDSSecurityObject');
  return {
    version: readSmallInteger(child(lso, 0, 'LDSSecurityObject')),
    hashAlgorithm: readOid(child(child(lso, 1, 'LDSSecurityObject'), 0, 'hashAlgorithm')),
    hashes: child(lso, 2, 'LDSSecurityObject').children.map((dg) => ({
      number: readSmallInteger(child(dg, 0, 'DataGroupHash')),
      hash: readOctetString(child(dg, 1, 'DataGroupHash')),
    })),
  };
}

/**
 * Signs the security objects of one list of data groups into a buffer of its own, reused from one run of
 * cards to the next. The buffer has `slots` places, one per card of a run: write each data group's SHA-256
 * at `hashAt(slot, i)` in `buffer` (in the order of `dataGroups`), then `sign(slot, time)`. What `sign`
 * returns is a view on `buffer`, valid until that slot is signed again: write or copy it.
 */
export interface SodWriter {
  readonly dataGroups: readonly number[];
  readonly slots: number;
  readonly buffer: Buffer;
  hashAt(slot: number, index: number): number;
  /** EF.SOD (0x77 wrapper included) over the hashes written in `slot`, signed at `signingTime`. */
  sign(slot: number, signingTime: Date): Uint8Array;
}

/** Signs security objects for one Document Signer. */
export interface SodSigner {
  readonly certificate: Certificate;
  /** EF.SOD (0x77 wrapper included) over these data-group hashes, signed at `signingTime`; its bytes are its own. */
  sign(hashes: readonly DataGroupHash[], signingTime: Date): Uint8Array;
  /** A writer for SODs over these data groups (2 to 16, in ascending order), with `slots` cards to a run (default 1). */
  writer(dataGroups: readonly number[], slots?: number): SodWriter;
  /** The most bytes `sign` returns for this many SHA-256 data-group hashes (a longest time and signature). */
  maxLength(dataGroups: number): number;
}

/** The longest DER ECDSA P-256 signature: SEQUENCE of two INTEGERs of 33 octets. */
const MAX_SIGNATURE_LENGTH = 72;
/** The longest signing time: a GeneralizedTime TLV. */
const MAX_TIME_LENGTH = 17;
const SHA256_LENGTH = 32;

const CONTENT_TYPE_ATTRIBUTE = sequence(oid(Oid.contentType), set(oid(Oid.ldsSecurityObject)));

/** The LDSSecurityObject template of a list of data groups with SHA-256 hashes (holes named by position). */
function lsoTemplate(dataGroups: readonly number[]): Template {
  if (dataGroups.length < 2 || dataGroups.length > 16) throw new DerError(`an LDSSecurityObject holds 2 to 16 data-group hashes; got ${dataGroups.length}`);
  if (dataGroups.some((n, i) => i > 0 && n <= dataGroups[i - 1]!)) throw new DerError(`data groups go in ascending order; got ${dataGroups.join(', ')}`);
  return encodeLdsTemplate(dataGroups.map((number) => ({ number, hash: new Uint8Array(SHA256_LENGTH) })));
}

function encodeLdsTemplate(sorted: readonly DataGroupHash[]): Template {
  const key = sorted.map((h) => `${h.number}:${h.hash.length}`).join(',');
  let template = lsoTemplates.get(key);
  if (template === undefined) {
    const groups = sorted.map((h, i) => node(Tag.SEQUENCE, integer(h.number), node(Tag.OCTET_STRING, hole(String(i), h.hash.length))));
    template = compileTemplate(node(Tag.SEQUENCE, integer(0), SHA256, node(Tag.SEQUENCE, ...groups)));
    lsoTemplates.set(key, template);
  }
  return template;
}

/** Prepares the constant parts of SignedData for a Document Signer's certificate and private key. */
export function createSodSigner(certificateDer: Uint8Array, privateKey: KeyObject): SodSigner {
  const certificate = readCertificate(certificateDer);
  const version3 = integer(3);
  const digestAlgorithms = set(SHA256);
  const eContentType = oid(Oid.ldsSecurityObject);
  // certificates [0] IMPLICIT CertificateSet.
  const certificates = tlv(contextTag(0), certificateDer);
  const signerVersion = integer(1);
  const sid = sequence(certificate.issuerName, tlv(Tag.INTEGER, certificate.serial));
  const signedDataOid = oid(Oid.signedData);

  // The signed attributes (RFC 5652 §5.3, §11) as a DER SET OF, one template per length of signing time
  // (UTCTime until 2049, GeneralizedTime after). Their lengths differ, so their order does not depend on
  // the values in the holes.
  const attributeTemplates = new Map<number, Template>();
  const attributeTemplate = (timeLength: number) => {
    let template = attributeTemplates.get(timeLength);
    if (template === undefined) {
      template = compileTemplate(
        setNode(
          CONTENT_TYPE_ATTRIBUTE,
          node(Tag.SEQUENCE, oid(Oid.messageDigest), setNode(node(Tag.OCTET_STRING, hole('digest', SHA256_LENGTH)))),
          node(Tag.SEQUENCE, oid(Oid.signingTime), setNode(hole('time', timeLength))),
        ),
      );
      attributeTemplates.set(timeLength, template);
    }
    return template;
  };

  // EF.SOD around them, one template per length of security object, attributes and signature (DER ECDSA
  // signatures vary by a few octets): ContentInfo { signedData, [0] SignedData { version, digestAlgorithms,
  // encapContentInfo { eContentType, [0] eContent }, [0] certificates, signerInfos { SignerInfo } } }.
  const sodTemplates = new Map<number, Template>();
  const sodTemplate = (lsoLength: number, attributesLength: number, signatureLength: number) => {
    const key = (lsoLength * 0x1000 + attributesLength) * 0x100 + signatureLength;
    let template = sodTemplates.get(key);
    if (template === undefined) {
      const signerInfo = node(Tag.SEQUENCE, signerVersion, sid, SHA256, hole('signedAttrs', attributesLength), ECDSA_WITH_SHA256, node(Tag.OCTET_STRING, hole('signature', signatureLength)));
      const encapContentInfo = node(Tag.SEQUENCE, eContentType, node(contextTag(0), node(Tag.OCTET_STRING, hole('lso', lsoLength))));
      const signedData = node(Tag.SEQUENCE, version3, digestAlgorithms, encapContentInfo, certificates, setNode(signerInfo));
      template = compileTemplate(node(EF_SOD_TAG, node(Tag.SEQUENCE, signedDataOid, node(contextTag(0), signedData))));
      sodTemplates.set(key, template);
    }
    return template;
  };
  const maxLength = (dataGroups: number) => sodTemplate(lsoTemplate(Array.from({ length: dataGroups }, (_, i) => i + 1)).bytes.length, attributeTemplate(MAX_TIME_LENGTH).bytes.length, MAX_SIGNATURE_LENGTH).bytes.length;

  const writer = (dataGroups: readonly number[], slots = 1): SodWriter => {
    // Per slot: the security object, the signed attributes, then room for the longest EF.SOD.
    const lso = lsoTemplate(dataGroups);
    const lsoLength = lso.bytes.length;
    const sodAt = lsoLength + attributeTemplate(MAX_TIME_LENGTH).bytes.length;
    const slotSize = sodAt + maxLength(dataGroups.length);
    const buffer = Buffer.alloc(slots * slotSize);
    const lsoHoles = dataGroups.map((_, i) => holeAt(lso, String(i)));
    const state = Array.from({ length: slots }, (_, slot) => {
      const base = slot * slotSize;
      buffer.set(lso.bytes, base);
      return {
        base,
        lsoView: buffer.subarray(base, base + lsoLength),
        // Cards signed within the same second share the encoding of their signing time.
        second: Number.NaN,
        attributesView: buffer.subarray(base, base),
        digestAt: 0,
        sod: undefined as Template | undefined,
        sodView: view(buffer, base, base),
        sodViews: new Map<Template, Uint8Array>(),
      };
    });
    return {
      dataGroups,
      slots,
      buffer,
      hashAt: (slot, index) => slot * slotSize + lsoHoles[index]!,
      sign(slot, signingTime) {
        const at = state[slot];
        if (at === undefined) throw new RangeError(`slot ${slot} of ${slots}`);
        const second = Math.floor(signingTime.getTime() / 1000);
        if (second !== at.second) {
          at.second = second;
          const encoded = time(signingTime);
          const attributes = attributeTemplate(encoded.length);
          const attributesAt = at.base + lsoLength;
          buffer.set(attributes.bytes, attributesAt);
          buffer.set(encoded, attributesAt + holeAt(attributes, 'time'));
          at.attributesView = buffer.subarray(attributesAt, attributesAt + attributes.bytes.length);
          at.digestAt = attributesAt + holeAt(attributes, 'digest');
        }
        buffer.write(hash('sha256', at.lsoView, 'binary'), at.digestAt, 'binary');
        // RFC 5652 §5.4: the signature is over the DER of the SET OF; the SignerInfo carries it as [0] IMPLICIT.
        const signature = sign('sha256', at.attributesView, privateKey);
        const template = sodTemplate(lsoLength, at.attributesView.length, signature.length);
        const sodBase = at.base + sodAt;
        if (template !== at.sod) {
          at.sod = template;
          buffer.set(template.bytes, sodBase);
          at.sodView = at.sodViews.get(template) ?? view(buffer, sodBase, sodBase + template.bytes.length);
          at.sodViews.set(template, at.sodView);
        }
        const signedAttrsAt = sodBase + holeAt(template, 'signedAttrs');
        buffer.set(at.lsoView, sodBase + holeAt(template, 'lso'));
        buffer.set(at.attributesView, signedAttrsAt);
        buffer[signedAttrsAt] = contextTag(0);
        buffer.set(signature, sodBase + holeAt(template, 'signature'));
        return at.sodView;
      },
    };
  };

  const writers = new Map<string, SodWriter>();
  return {
    certificate,
    maxLength,
    writer,
    sign(hashes, signingTime) {
      const sorted = [...hashes].sort((a, b) => a.number - b.number);
      if (sorted.some((h) => h.hash.length !== SHA256_LENGTH)) throw new DerError(`data-group hashes are SHA-256, ${SHA256_LENGTH} octets`);
      const key = sorted.map((h) => h.number).join(',');
      let sodWriter = writers.get(key);
      if (sodWriter === undefined) {
        sodWriter = writer(sorted.map((h) => h.number));
        writers.set(key, sodWriter);
      }
      sorted.forEach((h, i) => sodWriter.buffer.set(h.hash, sodWriter.hashAt(0, i)));
      return own(sodWriter.sign(0, signingTime));
    },
  };
}

/** What EF.SOD says, once its signature and chain are verified. */
export interface VerifiedSod {
  readonly hashes: DataGroupHash[];
  readonly signer: Certificate;
  readonly signingTime: Date | undefined;
}

/** The CMS ContentInfo inside EF.SOD (the 0x77 wrapper removed). */
export function sodContentInfo(efSod: Uint8Array): Uint8Array {
  const wrapper = decode(efSod);
  if (wrapper.tag !== EF_SOD_TAG) throw new DerError(`EF.SOD starts with tag 0x${wrapper.tag.toString(16)}, not 0x77`);
  return child(wrapper, 0, 'EF.SOD').bytes;
}

/** The first value of a signed attribute, as encoded. */
function attributeValue(attributes: readonly Attribute[], type: string): Uint8Array | undefined {
  const value = attributes.find((a) => a.attrType === type)?.attrValues[0];
  return value === undefined ? undefined : new Uint8Array(value);
}

/** Parses DER as an ASN.1 type of @peculiar/asn1-schema, a failure as a `DerError` naming what was read. */
function parseAs<T>(bytes: ArrayBuffer | Uint8Array, type: new () => T, what: string): T {
  try {
    return AsnConvert.parse(bytes, type);
  } catch (error) {
    throw new DerError(`${what}: ${(error as Error).message}`);
  }
}

const bytesOf = (bytes: ArrayBuffer | Uint8Array) => (bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes));
const equalBytes = (a: ArrayBuffer | Uint8Array, b: ArrayBuffer | Uint8Array) => Buffer.compare(bytesOf(a), bytesOf(b)) === 0;

/**
 * Passive authentication of EF.SOD (Doc 9303 Part 11, passive authentication): the signed attributes match the content, the
 * Document Signer's signature holds, and a trusted CSCA issued the Document Signer. Returns the data-group
 * hashes to compare with the data groups read; throws, saying which check failed. The CMS is read by
 * @peculiar/asn1-cms; the LDSSecurityObject inside it, an LDS structure, by `readLdsSecurityObject`.
 */
export function verifySod(efSod: Uint8Array, trustedCscas: readonly Uint8Array[]): VerifiedSod {
  const contentInfo = parseAs(sodContentInfo(efSod), ContentInfo, 'ContentInfo');
  if (contentInfo.contentType !== Oid.signedData) throw new DerError('the ContentInfo is not SignedData');
  const signedData = parseAs(contentInfo.content, SignedData, 'SignedData');
  const encap = signedData.encapContentInfo;
  if (encap.eContentType !== Oid.ldsSecurityObject) throw new DerError('the content is not an LDSSecurityObject');
  const eContent = encap.eContent?.single;
  if (eContent === undefined) throw new DerError('the SignedData carries no LDSSecurityObject');
  const content = new Uint8Array(eContent.buffer);
  const signerInfo = signedData.signerInfos[0];
  if (signerInfo === undefined) throw new DerError('the SignedData has no SignerInfo');
  const sid = signerInfo.sid.issuerAndSerialNumber;
  if (sid === undefined) throw new DerError('the SignerInfo does not name its signer by issuer and serial number');
  // Certificates are encoded again from what was parsed: for DER, the same bytes (see `readCertificate`).
  const certificates = (signedData.certificates ?? []).flatMap((c) => (c.certificate === undefined ? [] : [readCertificate(new Uint8Array(AsnConvert.serialize(c.certificate)))]));
  const sidIssuer = AsnConvert.serialize(sid.issuer);
  const signer = certificates.find((c) => equalBytes(c.issuerName, sidIssuer) && equalBytes(c.serial, sid.serialNumber));
  if (signer === undefined) throw new DerError('no certificate in the SOD matches the signer identifier');
  const signedAttrs = signerInfo.signedAttrs;
  if (signedAttrs === undefined) throw new DerError('the SignerInfo has no signed attributes');
  const contentType = attributeValue(signedAttrs, Oid.contentType);
  if (contentType === undefined || !equalBytes(contentType, oid(Oid.ldsSecurityObject))) throw new DerError('the contentType attribute does not name the LDSSecurityObject');
  const digest = attributeValue(signedAttrs, Oid.messageDigest);
  if (digest === undefined || !equalBytes(parseAs(digest, OctetString, 'messageDigest').buffer, sha256(content))) throw new DerError('the messageDigest attribute does not match the LDSSecurityObject');
  // RFC 5652 §5.4: the signature is over the DER of the attributes as a SET OF. The library keeps no raw
  // bytes of a repeated field, so they are encoded again in the order received: for DER, the bytes sent.
  const signed = tlv(Tag.SET, ...signedAttrs.map((attribute) => new Uint8Array(AsnConvert.serialize(attribute))));
  if (!verify('sha256', signed, signer.publicKey, new Uint8Array(signerInfo.signature.buffer))) throw new DerError('the Document Signer signature does not verify');
  if (!signer.keyUsage.includes(0)) throw new DerError(`the Document Signer ${signer.serialHex} is not for digital signatures (keyUsage)`);
  const issuer = trustedCscas.map(readCertificate).find((csca) => csca.isCa && isIssuedBy(signer, csca));
  if (issuer === undefined) throw new DerError(`no trusted CSCA issued the Document Signer ${signer.serialHex}`);
  const signingTime = attributeValue(signedAttrs, Oid.signingTime);
  const lso = readLdsSecurityObject(content);
  if (lso.hashAlgorithm !== Oid.sha256) throw new DerError(`unexpected hash algorithm ${lso.hashAlgorithm}`);
  return { hashes: lso.hashes, signer, signingTime: signingTime === undefined ? undefined : parseAs(signingTime, Time, 'signingTime').getTime() };
}

/**
 * Passive authentication of a whole chip: EF.SOD verified (see `verifySod`), then each data group read
 * compared with the hash the SOD signs. Throws naming the first data group that does not match.
 */
export function verifyDataGroups(efSod: Uint8Array, dataGroups: ReadonlyMap<number, Uint8Array>, trustedCscas: readonly Uint8Array[]): VerifiedSod {
  const verified = verifySod(efSod, trustedCscas);
  for (const [number, bytes] of dataGroups) {
    const signed = verified.hashes.find((h) => h.number === number);
    if (signed === undefined) throw new DerError(`EF.SOD holds no hash for DG${number}`);
    if (!Buffer.from(signed.hash).equals(Buffer.from(sha256(bytes)))) throw new DerError(`DG${number} does not match its hash in EF.SOD`);
  }
  return verified;
}
