/**
 * A centre's Document Signer: personalises a card (MRZ, EF.COM, DG1, DG2) and signs its EF.SOD.
 * What is fixed for the signer (the certificate and everything in the SOD that depends only on it) is
 * prepared once; a card then costs its encodings, two SHA-256 and one ECDSA signature.
 *
 * A card's four files are views on one buffer of their own (one allocation per card rather than one per
 * file: at thousands of cards a second, the garbage collector notices), DG2 written in place. Write them
 * or copy them as they are; `file.buffer` holds the card's other files too.
 */
import type { KeyObject } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import { DomainError } from '../../core/errors.js';
import { DerError } from './der.js';
import { dg2Length, encodeDg1, encodeEfCom, LdsTag, writeDg2 } from './lds.js';
import { generateTd1, td1FieldsFromCard } from './mrz.js';
import type { CardData, DocumentSigner, FaceImage, PersonalisedCard } from './personalisation.js';
import { createSodSigner, sha256 } from './sod.js';

const EF_COM = encodeEfCom([LdsTag.DG1, LdsTag.DG2]);

/** A face image the LDS cannot carry, as a refusal of the `face` field. */
function faceError(error: unknown): unknown {
  if (!(error instanceof DerError)) return error;
  return new DomainError('validation', `face: ${error.message}`, { errors: [{ field: 'face', message: error.message }] });
}

/** A Document Signer over a certificate and its private key; `clock` dates the SOD's signingTime. */
export function createDocumentSigner(centreCode: string, certificateDer: Uint8Array, privateKey: KeyObject, clock: Clock): DocumentSigner {
  const sod = createSodSigner(certificateDer, privateKey);
  const { notBefore, notAfter, serialHex } = sod.certificate;
  const sodRoom = sod.maxLength(2);
  return {
    centreCode,
    personalise(card: CardData, face: FaceImage): PersonalisedCard {
      const now = clock.now();
      if (now < notBefore || now > notAfter) {
        throw new DomainError('conflict', `the Document Signer ${serialHex} of ${centreCode} is valid from ${notBefore.toISOString()} to ${notAfter.toISOString()}; rotate it to sign at ${now.toISOString()}`);
      }
      const mrz = generateTd1(td1FieldsFromCard(card));
      const dg1Encoded = encodeDg1(mrz);
      const dg2Size = dg2Length(face);
      // EF.COM, DG1, DG2, then room for the longest EF.SOD; DG2 is written in place, the face copied once.
      const dg1At = EF_COM.length;
      const dg2At = dg1At + dg1Encoded.length;
      const sodAt = dg2At + dg2Size;
      const files = new Uint8Array(sodAt + sodRoom);
      files.set(EF_COM, 0);
      files.set(dg1Encoded, dg1At);
      const dg1 = files.subarray(dg1At, dg2At);
      const dg2 = files.subarray(dg2At, sodAt);
      try {
        writeDg2(dg2, face, card.sex);
      } catch (error) {
        throw faceError(error);
      }
      const signed = sod.sign(
        [
          { number: 1, hash: sha256(dg1) },
          { number: 2, hash: sha256(dg2) },
        ],
        now,
      );
      files.set(signed, sodAt);
      return {
        documentNumber: card.documentNumber,
        mrz,
        efCom: files.subarray(0, dg1At),
        dg1,
        dg2,
        efSod: files.subarray(sodAt, sodAt + signed.length),
        signerSerial: serialHex,
      };
    },
  };
}
