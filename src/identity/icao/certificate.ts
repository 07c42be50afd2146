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
import { createHash, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AuthorityKeyIdentifier, Certificate as AsnCertificate, KeyUsage, SubjectKeyIdentifier, SubjectPublicKeyInfo, type Name } from '@peculiar/asn1-x509';
import { boolean, contextTag, DerError, explicit, integer, namedBits, octetString, oid, printableString, sequence, set, Tag, time, tlv, utf8String } from './der.js';
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
  return new Uint8Array(AsnConvert.parse(publicKey.export({ type: 'spki', format: 'der' }), SubjectPublicKeyInfo).subjectPublicKey);
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
  /** Node's reading of the certificate, which checks signatures and issuers. */
  readonly x509: X509Certificate;
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

/** The highest keyUsage bit RFC 5280 §4.2.1.3 names (decipherOnly). */
const LAST_KEY_USAGE_BIT = 8;

function commonNameOf(name: Name): string {
  for (const rdn of name) {
    for (const attribute of rdn) if (attribute.type === Oid.commonName) return attribute.value.toString();
  }
  return '';
}

/**
 * Reads a DER certificate (the fields this PKI uses). Node's X509Certificate answers for the key and the
 * CA flag, and checks issuers; @peculiar/asn1-x509 reads what Node does not expose: the encoded names, the
 * key identifiers, the keyUsage bits, which extensions are critical, and the validity as dates (Node 20
 * gives it as text only). A Name is encoded again from what was parsed, which for a DER certificate gives
 * back its bytes: DER has one encoding per value, and the string types are kept.
 */
export function readCertificate(der: Uint8Array): Certificate {
  let x509: X509Certificate;
  let parsed: AsnCertificate;
  try {
    x509 = new X509Certificate(der);
    parsed = AsnConvert.parse(der, AsnCertificate);
  } catch (error) {
    throw new DerError(`not an X.509 certificate: ${(error as Error).message}`);
  }
  const tbs = parsed.tbsCertificate;
  const extensions = tbs.extensions ?? [];
  const extensionValue = (id: string) => extensions.find((e) => e.extnID === id)?.extnValue.buffer;
  const ski = extensionValue(Oid.subjectKeyIdentifier);
  const aki = extensionValue(Oid.authorityKeyIdentifier);
  const keyUsageExtension = extensionValue(Oid.keyUsage);
  // KeyUsage flags are 1 << bit (digitalSignature = 1 is bit 0).
  const keyUsageFlags = keyUsageExtension === undefined ? 0 : AsnConvert.parse(keyUsageExtension, KeyUsage).toNumber();
  const akiKeyIdentifier = aki === undefined ? undefined : AsnConvert.parse(aki, AuthorityKeyIdentifier).keyIdentifier?.buffer;
  const serial = new Uint8Array(tbs.serialNumber);
  return {
    der,
    x509,
    tbs: new Uint8Array(parsed.tbsCertificateRaw!),
    serial,
    serialHex: Buffer.from(serial).toString('hex'),
    issuerName: new Uint8Array(AsnConvert.serialize(tbs.issuer)),
    subjectName: new Uint8Array(AsnConvert.serialize(tbs.subject)),
    subjectCommonName: commonNameOf(tbs.subject),
    notBefore: tbs.validity.notBefore.getTime(),
    notAfter: tbs.validity.notAfter.getTime(),
    publicKey: x509.publicKey,
    signature: new Uint8Array(parsed.signatureValue),
    subjectKeyIdentifier: ski === undefined ? undefined : new Uint8Array(AsnConvert.parse(ski, SubjectKeyIdentifier).buffer),
    authorityKeyIdentifier: akiKeyIdentifier === undefined ? undefined : new Uint8Array(akiKeyIdentifier),
    isCa: x509.ca,
    keyUsage: Array.from({ length: LAST_KEY_USAGE_BIT + 1 }, (_, bit) => bit).filter((bit) => (keyUsageFlags & (1 << bit)) !== 0),
    criticalExtensions: extensions.filter((e) => e.critical).map((e) => e.extnID),
  };
}

/**
 * Whether `issuer` issued `subject`: the names chain (and the key identifiers and keyUsage, as OpenSSL's
 * X509_check_issued reads them), and `issuer`'s key verifies `subject`'s signature.
 */
export function isIssuedBy(subject: Certificate, issuer: Certificate): boolean {
  return subject.x509.checkIssued(issuer.x509) && subject.x509.verify(issuer.publicKey);
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
