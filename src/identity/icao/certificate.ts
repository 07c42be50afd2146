/**
 * X.509 v3 certificates of the card PKI (RFC 5280; profiles of ICAO Doc 9303 Part 12 §7.1), written in
 * DER here and signed with ECDSA P-256 / SHA-256 through node:crypto.
 *
 * - CSCA (Country Signing CA), self-signed: basicConstraints cA TRUE, pathLenConstraint 0 (critical);
 *   keyUsage keyCertSign + cRLSign (critical); subject and authority key identifiers.
 * - Document Signer, issued by the CSCA: keyUsage digitalSignature (critical); authority key identifier
 *   (the CSCA's) and subject key identifier.
 * Names carry the country as a PrintableString (Doc 9303 Part 12 asks it), the other attributes as
 * PrintableString when they fit, UTF8String otherwise.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import {
  boolean,
  child,
  contextTag,
  decode,
  DerError,
  explicit,
  expectTag,
  findChild,
  integer,
  namedBits,
  octetString,
  oid,
  printableString,
  readBitString,
  readBoolean,
  readOctetString,
  readOid,
  readString,
  readTime,
  sequence,
  set,
  Tag,
  time,
  tlv,
  utf8String,
  type DerNode,
} from './der.js';
import { Oid } from './oid.js';

/** A distinguished name as the card PKI uses it. */
export interface DistinguishedName {
  /** ISO 3166-1 alpha-2: `MA`. */
  readonly country: string;
  readonly organization: string;
  readonly organizationalUnit?: string;
  readonly commonName: string;
  readonly serialNumber?: string;
}

export const CertificateProfile = { csca: 'csca', documentSigner: 'document-signer' } as const;
export type CertificateProfile = (typeof CertificateProfile)[keyof typeof CertificateProfile];

/** What a certificate says; the issuer's private key signs it. */
export interface CertificateTemplate {
  readonly profile: CertificateProfile;
  /** Positive serial number, big-endian (RFC 5280 §4.1.2.2: at most 20 octets). */
  readonly serial: Uint8Array;
  /** The issuer's name, or its Name as encoded in the issuer's certificate (so the chain matches byte for byte). */
  readonly issuer: DistinguishedName | Uint8Array;
  readonly subject: DistinguishedName;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subjectPublicKey: KeyObject;
  /** The issuer's key identifier; for a self-signed CSCA, its own. */
  readonly authorityKeyIdentifier: Uint8Array;
}

/** ecdsa-with-SHA256 with absent parameters (RFC 5758 §3.2). */
export const ECDSA_WITH_SHA256 = sequence(oid(Oid.ecdsaWithSha256));

/** Name (RFC 5280 §4.1.2.4): one attribute per RDN, in the order C, O, OU, CN, serialNumber. */
export function encodeName(name: DistinguishedName): Uint8Array {
  if (!/^[A-Z]{2}$/.test(name.country)) throw new DerError(`country "${name.country}" is not an ISO 3166-1 alpha-2 code`);
  const text = (value: string) => {
    try {
      return printableString(value);
    } catch {
      return utf8String(value);
    }
  };
  const rdn = (type: string, value: Uint8Array) => set(sequence(oid(type), value));
  return sequence(
    rdn(Oid.countryName, printableString(name.country)),
    rdn(Oid.organizationName, text(name.organization)),
    ...(name.organizationalUnit === undefined ? [] : [rdn(Oid.organizationalUnitName, text(name.organizationalUnit))]),
    rdn(Oid.commonName, text(name.commonName)),
    ...(name.serialNumber === undefined ? [] : [rdn(Oid.serialNumber, printableString(name.serialNumber))]),
  );
}

/** The subjectPublicKey bits of a public key's SubjectPublicKeyInfo. */
function subjectPublicKeyBits(publicKey: KeyObject): Uint8Array {
  const spki = decode(publicKey.export({ type: 'spki', format: 'der' }));
  return readBitString(child(spki, 1, 'SubjectPublicKeyInfo')).bytes;
}

/** Key identifier, method (1) of RFC 5280 §4.2.1.2: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(publicKey: KeyObject): Uint8Array {
  return createHash('sha1').update(subjectPublicKeyBits(publicKey)).digest();
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

function extensions(template: CertificateTemplate): Uint8Array[] {
  const subjectKeyId = keyIdentifier(template.subjectPublicKey);
  const aki = extension(Oid.authorityKeyIdentifier, false, sequence(tlv(contextTag(0, false), template.authorityKeyIdentifier)));
  const ski = extension(Oid.subjectKeyIdentifier, false, octetString(subjectKeyId));
  if (template.profile === CertificateProfile.csca) {
    return [
      aki,
      ski,
      // keyCertSign (5) and cRLSign (6), RFC 5280 §4.2.1.3.
      extension(Oid.keyUsage, true, namedBits([5, 6])),
      extension(Oid.basicConstraints, true, sequence(boolean(true), integer(0))),
    ];
  }
  // digitalSignature (0).
  return [aki, ski, extension(Oid.keyUsage, true, namedBits([0]))];
}

/** Issues a certificate: the TBSCertificate in DER, signed by `issuerKey` (ECDSA P-256, SHA-256). */
export function issueCertificate(template: CertificateTemplate, issuerKey: KeyObject): Uint8Array {
  if (template.serial.length === 0 || template.serial.length > 20 || (template.serial[0]! & 0x80) !== 0) throw new DerError('a serial number is 1 to 20 octets and positive');
  const tbs = sequence(
    explicit(0, integer(2)),
    integer(template.serial),
    ECDSA_WITH_SHA256,
    template.issuer instanceof Uint8Array ? template.issuer : encodeName(template.issuer),
    sequence(time(template.notBefore), time(template.notAfter)),
    encodeName(template.subject),
    template.subjectPublicKey.export({ type: 'spki', format: 'der' }),
    explicit(3, sequence(...extensions(template))),
  );
  const signature = sign('sha256', tbs, issuerKey);
  return sequence(tbs, ECDSA_WITH_SHA256, tlv(Tag.BIT_STRING, Uint8Array.of(0), signature));
}

/** What a certificate holds, read back from its DER. */
export interface Certificate {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  /** The serial number's contents octets (two's complement, as encoded). */
  readonly serial: Uint8Array;
  readonly serialHex: string;
  /** The issuer and subject Names, as encoded (CMS issuerAndSerialNumber copies them byte for byte). */
  readonly issuerName: Uint8Array;
  readonly subjectName: Uint8Array;
  readonly subjectCommonName: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKey: KeyObject;
  readonly signature: Uint8Array;
  readonly subjectKeyIdentifier: Uint8Array | undefined;
  readonly authorityKeyIdentifier: Uint8Array | undefined;
  /** basicConstraints cA. */
  readonly isCa: boolean;
  /** keyUsage bits set (0 digitalSignature ... 5 keyCertSign, 6 cRLSign). */
  readonly keyUsage: readonly number[];
  /** Extension OIDs marked critical. */
  readonly criticalExtensions: readonly string[];
}

function commonNameOf(name: DerNode): string {
  for (const rdn of name.children) {
    for (const attribute of rdn.children) {
      if (readOid(child(attribute, 0, 'AttributeTypeAndValue')) === Oid.commonName) return readString(child(attribute, 1, 'AttributeTypeAndValue'));
    }
  }
  return '';
}

/** Reads a DER certificate (the fields this PKI uses). */
export function readCertificate(der: Uint8Array): Certificate {
  const certificate = expectTag(decode(der), Tag.SEQUENCE, 'Certificate');
  const tbs = expectTag(child(certificate, 0, 'Certificate'), Tag.SEQUENCE, 'TBSCertificate');
  const hasVersion = tbs.children[0]?.tag === contextTag(0);
  const at = (i: number) => child(tbs, i + (hasVersion ? 1 : 0), 'TBSCertificate');
  const serial = expectTag(at(0), Tag.INTEGER, 'serialNumber').value;
  const validity = at(3);
  const spki = at(5);
  const extensionList = findChild(tbs, contextTag(3));
  let subjectKeyIdentifier: Uint8Array | undefined;
  let authorityKeyIdentifier: Uint8Array | undefined;
  let isCa = false;
  const keyUsage: number[] = [];
  const criticalExtensions: string[] = [];
  for (const ext of extensionList === undefined ? [] : child(extensionList, 0, 'Extensions').children) {
    const id = readOid(child(ext, 0, 'Extension'));
    const critical = ext.children.length === 3 && readBoolean(child(ext, 1, 'Extension'));
    if (critical) criticalExtensions.push(id);
    const value = decode(readOctetString(child(ext, ext.children.length - 1, 'Extension')));
    if (id === Oid.subjectKeyIdentifier) subjectKeyIdentifier = readOctetString(value);
    else if (id === Oid.authorityKeyIdentifier) authorityKeyIdentifier = findChild(value, contextTag(0, false))?.value;
    else if (id === Oid.basicConstraints) isCa = value.children[0]?.tag === Tag.BOOLEAN && readBoolean(value.children[0]);
    else if (id === Oid.keyUsage) {
      const { bytes } = readBitString(value);
      bytes.forEach((byte, i) => {
        for (let bit = 0; bit < 8; bit++) if ((byte & (0x80 >> bit)) !== 0) keyUsage.push(i * 8 + bit);
      });
    }
  }
  return {
    der,
    tbs: tbs.bytes,
    serial,
    serialHex: Buffer.from(serial).toString('hex'),
    issuerName: at(2).bytes,
    subjectName: at(4).bytes,
    subjectCommonName: commonNameOf(at(4)),
    notBefore: readTime(child(validity, 0, 'Validity')),
    notAfter: readTime(child(validity, 1, 'Validity')),
    publicKey: createPublicKey({ key: Buffer.from(spki.bytes), format: 'der', type: 'spki' }),
    signature: readBitString(child(certificate, 2, 'Certificate')).bytes,
    subjectKeyIdentifier,
    authorityKeyIdentifier,
    isCa,
    keyUsage,
    criticalExtensions,
  };
}

/** Whether `issuer`'s key signed `subject` (ECDSA with SHA-256), and the names chain. */
export function isIssuedBy(subject: Certificate, issuer: Certificate): boolean {
  return Buffer.from(subject.issuerName).equals(Buffer.from(issuer.subjectName)) && verify('sha256', subject.tbs, issuer.publicKey, subject.signature);
}

/** PEM text of a DER object (RFC 7468). */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const base64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${base64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
}

/** The DER inside a PEM block with that label. */
export function fromPem(pem: string, label = 'CERTIFICATE'): Uint8Array {
  const match = new RegExp(`-----BEGIN ${label}-----([A-Za-z0-9+/=\\s]+)-----END ${label}-----`).exec(pem);
  if (match === null) throw new DerError(`no ${label} in the PEM text`);
  return Uint8Array.from(Buffer.from(match[1]!.replace(/\s+/g, ''), 'base64'));
}
