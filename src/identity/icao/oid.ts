/** The object identifiers the card's PKI and security object use, with where each is defined. */
export const Oid = {
  /** Doc 9303 Part 10 §4.6.2 / Part 12: id-icao-mrtd-security-ldsSecurityObject. */
  ldsSecurityObject: '2.23.136.1.1.1',
  /** RFC 5652 §5.1: id-signedData. */
  signedData: '1.2.840.113549.1.7.2',
  /** RFC 5652 §11.1 to §11.3: content-type, message-digest and signing-time attributes. */
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  /** RFC 5754 §2 / NIST: id-sha256. */
  sha256: '2.16.840.1.101.3.4.2.1',
  /** RFC 5758 §3.2: ecdsa-with-SHA256 (parameters absent). */
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  /** RFC 5280 §4.1.2.4 attribute types of a Name (X.520). */
  countryName: '2.5.4.6',
  organizationName: '2.5.4.10',
  organizationalUnitName: '2.5.4.11',
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  /** RFC 5280 §4.2.1 certificate extensions. */
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
} as const;
export type Oid = (typeof Oid)[keyof typeof Oid];
