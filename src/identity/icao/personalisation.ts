/**
 * What the identity service asks of card personalisation (ICAO Doc 9303), and what it gets back.
 * The implementation lives beside this file; the identity module depends on these types only.
 */

/** The holder's and the document's data printed in the MRZ and stored in DG1. */
export interface CardData {
  /** Nine characters [0-9A-Z]; the check digit is computed, not given. */
  readonly documentNumber: string;
  /** ISO 3166-1 alpha-3 (ICAO variant): `MAR` for Morocco. */
  readonly issuingState: string;
  readonly nationality: string;
  /** Primary identifier (surname) and secondary identifiers (given names), Latin when on record. */
  readonly surname: string;
  readonly givenNames: string;
  /** Names in Arabic script, transliterated per Doc 9303 Part 3 when no Latin name is on record. */
  readonly surnameArabic?: string;
  readonly givenNamesArabic?: string;
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth: string;
  readonly sex: 'F' | 'M' | 'X';
  /** `YYYY-MM-DD`. */
  readonly dateOfExpiry: string;
  /** Optional data of line 1 (the national ID number on a CNIE), up to 15 characters. */
  readonly optionalData1?: string;
  /** Optional data of line 2, up to 11 characters. */
  readonly optionalData2?: string;
  /** The MRZ document code (Doc 9303 Part 5: `I`, `A` or `C`, then an optional letter); `ID` when absent. */
  readonly documentCode?: string;
}

/** The face image that goes into DG2. */
export interface FaceImage {
  /** JPEG or JPEG 2000 bytes. */
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** A personalised card's chip and MRZ. */
export interface PersonalisedCard {
  readonly documentNumber: string;
  /** The three 30-character lines of the TD1 MRZ. */
  readonly mrz: readonly [string, string, string];
  /** DER-encoded LDS files. */
  readonly efCom: Uint8Array;
  readonly dg1: Uint8Array;
  readonly dg2: Uint8Array;
  /** CMS SignedData over the data-group hashes, signed by the producing centre's Document Signer. */
  readonly efSod: Uint8Array;
  /** The Document Signer certificate's serial number (hex) that signed this card's SOD. */
  readonly signerSerial: string;
}

/** A card to personalise and the face that goes into its DG2. */
export interface CardToPersonalise {
  readonly card: CardData;
  readonly face: FaceImage;
}

/** Signs SODs for one issuance centre; the embedded default holds its keys in an encrypted keystore file. */
export interface DocumentSigner {
  /** The centre whose Document Signer this is. */
  readonly centreCode: string;
  /** One card, its files in a buffer of its own. */
  personalise(card: CardData, face: FaceImage): PersonalisedCard;
  /**
   * Cards one after another, as a production run feeds its encoders: each card's files (and its `mrz`) are
   * valid until `onCard` returns, when the next card is written over them; write or copy what you keep.
   * A refusal stops the run, after the cards already handed over. Returns how many cards were handed over.
   */
  personaliseEach(items: Iterable<CardToPersonalise>, onCard: (card: PersonalisedCard, index: number) => void): number;
}

/**
 * The country signing CA and the centres' Document Signers, kept in an encrypted keystore file
 * (an HSM would implement the same interface). Opened with `openKeystore(path, passphrase)` from
 * `./keystore.js`, which creates the file (a new CSCA) when it does not exist.
 */
export interface Keystore {
  /** The CSCA certificate (PEM), published for passive authentication. */
  cscaCertificatePem(): string;
  /** The current Document Signer of a centre, issued on first use. */
  signerFor(centreCode: string): DocumentSigner;
  /** Every Document Signer certificate issued to a centre (PEM), newest first. */
  signerCertificatesPem(centreCode: string): readonly string[];
  /** Issues a new Document Signer to a centre; cards personalised afterwards carry its signature. */
  rotate(centreCode: string): Promise<void>;
  /** The current Barcode Signer of visible digital seals (Doc 9303 Part 13), issued by the CSCA on first use. */
  barcodeSigner(): BarcodeSigner;
  /** Every Barcode Signer certificate issued (PEM), newest first: a verifier finds a seal's by its serial. */
  barcodeSignerCertificatesPem(): readonly string[];
}

/** Signs visible digital seals: a Document Signer of its own, certified by the CSCA. */
export interface BarcodeSigner {
  /** The seal header's signer identifier: the country (alpha-2) and `BS`. */
  readonly signerIdentifier: string;
  /** The certificate's serial number in upper-case hexadecimal: the seal header's certificate reference. */
  readonly certificateReference: string;
  readonly certificateDer: Uint8Array;
  /** ECDSA P-256 with SHA-256 over `data`, as r || s (64 bytes), the form a seal carries. */
  sign(data: Uint8Array): Uint8Array;
}
