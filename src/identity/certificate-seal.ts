import type { Actor } from '../core/auth/principal.js';
import type { CommandScope } from '../core/command.js';
import type { Core } from '../core/context.js';
import { DomainError } from '../core/errors.js';
import { CertificateKind } from '../contract/certificate.js';
import { SealKind, SealStatus } from '../contract/seal.js';
import { sealPng } from './seal-image.js';
import { findSealedDocumentRow } from './seal.repository.js';
import { issueSeal, registeredSeal, revokeSealInCommand } from './seal.service.js';

/**
 * What the certificates need of the visible digital seals (ICAO 9303 Part 13, `icao/vds.ts` and the
 * sealed-document register): a seal issued in the approving command's transaction, revoked in the
 * revoking one, read back for the PDF, drawn as a DataMatrix. One seam, so the certificates name the
 * register's functions in one place.
 */

/** The seal kind of each certificate kind. */
export const certificateSealKind: Readonly<Record<CertificateKind, SealKind>> = {
  [CertificateKind.policeRecord]: SealKind.policeRecordCertificate,
  [CertificateKind.residence]: SealKind.residenceCertificate,
};

/** What a certificate's seal says besides its number and validity end (the features of `sealDefinitions`). */
export interface CertificateSealFeatures {
  readonly holderName: string;
  readonly personNumber: string;
  readonly birthDate: string;
  readonly outcome: string;
}

/**
 * Signs a certificate's seal and enters it in the register of sealed documents, in the approving
 * command (`issueSeal`: journaled `identity_seal.issued` on `sealed-document/{documentNumber}`).
 */
export async function issueCertificateSeal(
  core: Pick<Core, 'config' | 'log' | 'clock'>,
  scope: CommandScope,
  input: { kind: CertificateKind; documentNumber: string; issuedOn: string; expiresOn: string; features: CertificateSealFeatures },
): Promise<Uint8Array> {
  const { seal } = await issueSeal(core, scope, { kind: certificateSealKind[input.kind], documentNumber: input.documentNumber, issuedOn: input.issuedOn, expiresOn: input.expiresOn, features: input.features });
  return seal;
}

/**
 * Revokes a certificate's seal in the revoking command, so that the certificate and its seal change
 * together: the register's row and `identity_seal.revoked`, as `revokeSeal` writes them (which runs a
 * command of its own). A seal revoked already through `/identity/seals/{documentNumber}/revocation` is
 * left as it is: the certificate follows it.
 */
export async function revokeCertificateSeal(scope: CommandScope, actor: Actor, documentNumber: string, reason: string): Promise<void> {
  const row = await findSealedDocumentRow(scope.trx, documentNumber, { lock: true });
  if (row === undefined) throw new DomainError('internal', `the seal of certificate ${documentNumber} is missing from the register of sealed documents`);
  if (row.status === SealStatus.revoked) return;
  await revokeSealInCommand(scope, actor, documentNumber, reason);
}

/** A certificate's seal as the register keeps it. */
export async function certificateSeal(core: Pick<Core, 'db' | 'config' | 'log'>, documentNumber: string): Promise<Uint8Array | undefined> {
  return registeredSeal(core, documentNumber);
}

/** The seal drawn as a DataMatrix PNG for the printed page (5 pixels a module: crisp at 200 dpi and above). */
export async function certificateSealPng(seal: Uint8Array): Promise<Buffer> {
  return sealPng(seal, { scale: 5 });
}

