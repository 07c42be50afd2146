/**
 * Visible digital seals on the identity service's printed documents (ICAO Doc 9303 Part 13): a seal is
 * issued inside the command that issues its document and entered in the register of sealed documents in
 * the same transaction; anyone may verify one; a document can be revoked.
 */
import { hkdfSync, verify } from 'node:crypto';
import type { CommandScope } from '../core/command.js';
import { runCommand } from '../core/command.js';
import type { Core } from '../core/context.js';
import type { Db } from '../core/database.js';
import { DomainError, invalidField } from '../core/errors.js';
import { openBytes, sealBytes } from '../core/sealing.js';
import { localDay } from '../core/time-zone.js';
import type { SealDocument, SealedDocument, SealVerification } from '../contract/seal.schema.js';
import { fromPem, isIssuedBy, readCertificate, type Certificate } from './icao/certificate.js';
import { decodeVds, encodeVds, VdsError, type Vds } from './icao/vds.js';
import { identityKeystore } from './identity-keystore.js';
import { registerKeys } from './register-keys.js';
import { findSealedDocumentRow, insertSealedDocumentRow, revokeSealedDocumentRow, type IdentitySealedDocumentTable } from './seal.repository.js';
import { encodeSealFeatures, sealContentOf, sealDefinitions, SealKind, SealStatus, SealVerdict, type SealContent, type SealFeatures } from './seal.js';

/** The issuing State of the seals (ICAO alpha-3). */
const ISSUING_COUNTRY = 'MAR';
const DOCUMENT_NUMBER = /^[A-Z0-9]{1,20}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What a document's seal says besides its number and validity, which `issueSeal` writes itself. */
export type SealHolderFeatures = Omit<SealFeatures, 'documentNumber' | 'validUntil'>;

export interface IssueSealInput {
  readonly kind: SealKind;
  readonly documentNumber: string;
  /** `YYYY-MM-DD`: the header's document issue date. */
  readonly issuedOn: string;
  /** `YYYY-MM-DD`: the register's expiry and the seal's `validUntil`. */
  readonly expiresOn: string;
  readonly features: SealHolderFeatures;
}

/** The key that seals the seals' bytes in the register, derived from the register's key-encryption key. */
function sealedDocumentKey(kek: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', kek, 'amane identity register', 'sealed documents', 32));
}

const sealPlace = (documentNumber: string) => `identity_sealed_document ${documentNumber}`;

function isDate(text: string): boolean {
  return ISO_DATE.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);
}

function checkIssue(input: IssueSealInput): void {
  if (!Object.values(SealKind).includes(input.kind)) throw invalidField('kind', `"${String(input.kind)}" is not a sealed document kind (${Object.values(SealKind).join(', ')})`);
  if (!DOCUMENT_NUMBER.test(input.documentNumber)) throw invalidField('documentNumber', 'must be 1 to 20 capital letters and digits');
  if (!isDate(input.issuedOn)) throw invalidField('issuedOn', 'must be a date YYYY-MM-DD that exists');
  if (!isDate(input.expiresOn)) throw invalidField('expiresOn', 'must be a date YYYY-MM-DD that exists');
  if (input.expiresOn < input.issuedOn) throw invalidField('expiresOn', `must not be before the issue date ${input.issuedOn}`);
  const outcomes = sealDefinitions[input.kind].outcomes;
  const outcome = input.features.outcome;
  if (outcome !== undefined && !outcomes.includes(outcome)) throw invalidField('features.outcome', `a ${input.kind} outcome is one of: ${outcomes.join(', ')}`);
}

/**
 * Signs a document's seal with the Barcode Signer and enters the document in the register of sealed
 * documents, inside the caller's command (its transaction and journal: `identity_seal.issued` on stream
 * `sealed-document/<number>`). Refused (400, naming the field) when a value does not fit its feature, and
 * (409) when the document number already has a seal.
 * @example const { seal } = await issueSeal(core, scope, { kind: 'police-record-certificate', documentNumber: 'PRC2026000001', issuedOn: '2026-12-07', expiresOn: '2027-03-07', features: { holderName: 'ALAMI AMINA', personNumber: 'BE123456', birthDate: '1990-02-28', outcome: 'no-record' } })
 */
export async function issueSeal(core: Pick<Core, 'config' | 'log' | 'clock'>, scope: CommandScope, input: IssueSealInput): Promise<{ seal: Uint8Array }> {
  checkIssue(input);
  let features;
  try {
    features = encodeSealFeatures(input.kind, { ...input.features, documentNumber: input.documentNumber, validUntil: input.expiresOn });
  } catch (error) {
    if (!(error instanceof VdsError)) throw error;
    const field = /^(\w+):/.exec(error.message)?.[1];
    throw invalidField(field === undefined ? 'features' : `features.${field}`, error.message.replace(/^\w+: /, ''));
  }
  if ((await findSealedDocumentRow(scope.trx, input.documentNumber)) !== undefined) {
    throw new DomainError('conflict', `document ${input.documentNumber} already has a seal`, { errors: [{ field: 'documentNumber', message: 'already has a seal' }] });
  }
  const signer = (await identityKeystore(core)).barcodeSigner();
  const definition = sealDefinitions[input.kind];
  const seal = encodeVds(
    {
      issuingCountry: ISSUING_COUNTRY,
      signerIdentifier: signer.signerIdentifier,
      certificateReference: signer.certificateReference,
      documentIssueDate: input.issuedOn,
      signatureCreationDate: localDay(core.clock.now()),
      featureDefinitionReference: definition.featureDefinitionReference,
      documentTypeCategory: definition.documentTypeCategory,
    },
    features,
    (data) => signer.sign(data),
  );
  await insertSealedDocumentRow(scope.trx, {
    document_number: input.documentNumber,
    kind: input.kind,
    issued_on: input.issuedOn,
    expires_on: input.expiresOn,
    status: SealStatus.valid,
    signer_reference: signer.certificateReference,
    seal: sealBytes(sealedDocumentKey(registerKeys(core).kek), seal, sealPlace(input.documentNumber)),
    issued_at: scope.at,
    revoked_at: null,
    revoked_by: null,
    revoked_reason: null,
  });
  scope.record(sealStream(input.documentNumber), 'identity_seal.issued', { kind: input.kind, issuedOn: input.issuedOn, expiresOn: input.expiresOn, signerReference: signer.certificateReference });
  return { seal };
}

/** The journal stream of a sealed document. */
export function sealStream(documentNumber: string): string {
  return `sealed-document/${documentNumber}`;
}

function sealedDocumentOf(row: IdentitySealedDocumentTable): SealedDocument {
  return {
    documentNumber: row.document_number,
    kind: row.kind,
    issuedOn: row.issued_on,
    expiresOn: row.expires_on,
    status: row.status,
    signerReference: row.signer_reference,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    revokedBy: row.revoked_by,
    revokedReason: row.revoked_reason,
  };
}

/** A document of the register of sealed documents; 404 when there is none. */
export async function getSealedDocument(core: Pick<Core, 'db'>, documentNumber: string): Promise<SealedDocument> {
  const row = await findSealedDocumentRow(core.db, documentNumber);
  if (row === undefined) throw new DomainError('not_found', `no sealed document ${documentNumber}`);
  return sealedDocumentOf(row);
}

/** The seal's bytes as the register keeps them. */
export async function registeredSeal(core: Pick<Core, 'db' | 'config' | 'log'>, documentNumber: string): Promise<Uint8Array | undefined> {
  const row = await findSealedDocumentRow(core.db, documentNumber);
  return row === undefined ? undefined : Uint8Array.from(openBytes(sealedDocumentKey(registerKeys(core).kek), row.seal, sealPlace(documentNumber)));
}

/**
 * Revokes a sealed document inside the caller's command (its transaction and journal:
 * `identity_seal.revoked` with the reason), as a certificate's revocation does with its seal. 404 when the
 * register has no such document, 409 when it is revoked already.
 */
export async function revokeSealInCommand(scope: CommandScope, actor: string, documentNumber: string, reason: string): Promise<SealedDocument> {
  const row = await findSealedDocumentRow(scope.trx, documentNumber, { lock: true });
  if (row === undefined) throw new DomainError('not_found', `no sealed document ${documentNumber}`);
  if (row.status === SealStatus.revoked) throw new DomainError('invalid_transition', `document ${documentNumber} is revoked since ${row.revoked_at ?? '?'}; allowed actions: none`, { allowed: [] });
  const change = { revoked_at: scope.at, revoked_by: actor, revoked_reason: reason };
  await revokeSealedDocumentRow(scope.trx, documentNumber, change);
  scope.record(sealStream(documentNumber), 'identity_seal.revoked', { reason });
  return sealedDocumentOf({ ...row, status: SealStatus.revoked, ...change });
}

/**
 * Revokes a sealed document (journaled with the reason): its seal reads "revoked" from then on. 404 when
 * the register has no such document, 409 when it is already revoked.
 */
export async function revokeSeal(core: Core, actor: string, documentNumber: string, reason: string): Promise<SealedDocument> {
  return runCommand(core, actor, (scope) => revokeSealInCommand(scope, actor, documentNumber, reason));
}

function documentOf(content: SealContent): SealDocument {
  const { holderName, personNumber, birthDate, validUntil, outcome } = content.features;
  return {
    kind: content.kind,
    documentNumber: content.documentNumber,
    issuedOn: content.issuedOn,
    expiresOn: content.expiresOn,
    ...(holderName === undefined ? {} : { holderName }),
    ...(personNumber === undefined ? {} : { personNumber }),
    ...(birthDate === undefined ? {} : { birthDate }),
    ...(validUntil === undefined ? {} : { validUntil }),
    ...(outcome === undefined ? {} : { outcome }),
  };
}

/** The Barcode Signer certificate a seal names, if the CSCA issued it. */
function signerCertificateOf(pems: readonly string[], csca: Certificate, vds: Vds): Certificate | undefined {
  for (const pem of pems) {
    const certificate = readCertificate(fromPem(pem));
    if (certificate.serialHex.toUpperCase() === vds.header.certificateReference) return isIssuedBy(certificate, csca) ? certificate : undefined;
  }
  return undefined;
}

/**
 * Verifies a seal's bytes: the signature with the Barcode Signer certificate its header names (which must
 * chain to the CSCA), then the register's copy, status and expiry (the centre's day).
 */
export async function verifySeal(core: Pick<Core, 'db' | 'config' | 'log' | 'clock'>, bytes: Uint8Array): Promise<SealVerification> {
  let vds: Vds;
  let content: SealContent;
  try {
    vds = decodeVds(bytes);
    content = sealContentOf(vds);
  } catch {
    // A VdsError, or text that is not UTF-8: no seal of this service either way.
    return { verdict: SealVerdict.unreadable };
  }
  const document = documentOf(content);
  const keystore = await identityKeystore(core);
  const csca = readCertificate(fromPem(keystore.cscaCertificatePem()));
  const certificate = vds.header.issuingCountry === ISSUING_COUNTRY ? signerCertificateOf(keystore.barcodeSignerCertificatesPem(), csca, vds) : undefined;
  if (certificate === undefined) return { verdict: SealVerdict.unknownSigner, document };
  const signed = vds.signature.length === 64 && verify('sha256', vds.signedBytes, { key: certificate.publicKey, dsaEncoding: 'ieee-p1363' }, vds.signature);
  if (!signed) return { verdict: SealVerdict.changed, document };
  const row = await findSealedDocumentRow(core.db, content.documentNumber);
  // Signed by us, yet not the register's copy (or none): not the document that was issued.
  if (row === undefined) return { verdict: SealVerdict.changed, document };
  const kept = openBytes(sealedDocumentKey(registerKeys(core).kek), row.seal, sealPlace(row.document_number));
  if (!kept.equals(Buffer.from(bytes))) return { verdict: SealVerdict.changed, document };
  if (row.status === SealStatus.revoked) return { verdict: SealVerdict.revoked, document };
  if (row.expires_on < localDay(core.clock.now())) return { verdict: SealVerdict.expired, document };
  return { verdict: SealVerdict.valid, document };
}

/**
 * Seals the register's seals again under the key derived from a new key-encryption key (`amane keys
 * rotate` of identity-person.kek). Returns how many rows were resealed; a row the new key opens already
 * is left as it is, so an interrupted rotation can run again.
 */
export async function resealSealedDocuments(db: Db, previousKek: Buffer, nextKek: Buffer): Promise<number> {
  const previous = sealedDocumentKey(previousKek);
  const next = sealedDocumentKey(nextKek);
  const rows = await db.selectFrom('identity_sealed_document').select(['document_number', 'seal']).execute();
  let count = 0;
  for (const row of rows) {
    const place = sealPlace(row.document_number);
    try {
      openBytes(next, row.seal, place);
      continue;
    } catch {
      // Not yet under the new key.
    }
    const resealed = sealBytes(next, openBytes(previous, row.seal, place), place);
    await db.updateTable('identity_sealed_document').set({ seal: resealed }).where('document_number', '=', row.document_number).execute();
    count += 1;
  }
  return count;
}
