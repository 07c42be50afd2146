import { lifecycle } from './lifecycle.js';

/**
 * Administrative certificates: the police record certificate (fiche anthropométrique) and the
 * certificate of residence, requested at a desk or online, checked against the judicial records (a
 * police record certificate), decided by an officer, issued with a visible digital seal. Their kinds,
 * their lifecycle in one table, their validity. Pure, shared by the server and the console.
 */

export const CertificateKind = {
  /** Fiche anthropométrique: what the judicial records hold of the person. */
  policeRecord: 'police-record',
  /** Certificat de résidence: where the person lives. */
  residence: 'residence',
} as const;
export type CertificateKind = (typeof CertificateKind)[keyof typeof CertificateKind];
export const certificateKinds: readonly CertificateKind[] = Object.values(CertificateKind);

/** Where a request was made: at a desk by a clerk, or by the citizen signed in. */
export const CertificateChannel = { desk: 'desk', online: 'online' } as const;
export type CertificateChannel = (typeof CertificateChannel)[keyof typeof CertificateChannel];

export const CertificateStatus = {
  /** Checked against the records, waiting for an officer's decision. */
  pending: 'pending',
  /** Approved: numbered, sealed, printable until it expires. */
  issued: 'issued',
  rejected: 'rejected',
  /** Withdrawn after issue: its seal reads `revoked`. */
  revoked: 'revoked',
} as const;
export type CertificateStatus = (typeof CertificateStatus)[keyof typeof CertificateStatus];

export const CertificateAction = { approve: 'approve', reject: 'reject', revoke: 'revoke' } as const;
export type CertificateAction = (typeof CertificateAction)[keyof typeof CertificateAction];

const S = CertificateStatus;

/** The lifecycle in one table: pending -> issued (approve) or rejected (reject, with a reason); issued -> revoked. */
export const certificateTransitions: Readonly<Record<CertificateStatus, Partial<Record<CertificateAction, CertificateStatus>>>> = {
  pending: { approve: S.issued, reject: S.rejected },
  issued: { revoke: S.revoked },
  rejected: {},
  revoked: {},
};

/** Actions that need a reason (journaled). */
export const certificateActionsNeedingReason: readonly CertificateAction[] = [CertificateAction.reject, CertificateAction.revoke];

const certificateLifecycle = lifecycle(certificateTransitions);

export function allowedCertificateActions(status: CertificateStatus): CertificateAction[] {
  return certificateLifecycle.allowed(status);
}

/** The status after `action`, or 409 `invalid_transition` naming what is allowed. */
export function nextCertificateStatus(number: string, status: CertificateStatus, action: CertificateAction): CertificateStatus {
  return certificateLifecycle.check(`certificate ${number}`, status, action);
}

/**
 * How long an issued certificate is valid, in months from its day of issue. Three months for both: the
 * usual validity of a fiche anthropométrique and of a certificate of residence asked for a file (a
 * configuration choice to check against the texts in force, not a statement of the law).
 */
export const certificateValidityMonths: Readonly<Record<CertificateKind, number>> = {
  'police-record': 3,
  residence: 3,
};

/** Where the address of a certificate of residence comes from. */
export const ResidenceSource = {
  /** The address the register holds. */
  register: 'register',
  /** An address the person declared, with the reference of a supporting document (lease, bill, attestation). */
  declared: 'declared',
} as const;
export type ResidenceSource = (typeof ResidenceSource)[keyof typeof ResidenceSource];

/** The status of an entry of the judicial records: only entries `in_force` make a record not clean. */
export const JudicialRecordStatus = {
  inForce: 'in_force',
  /** Réhabilitation: the conviction no longer appears on a certificate. */
  rehabilitated: 'rehabilitated',
  /** Entered by mistake, or the judgment was set aside. */
  annulled: 'annulled',
} as const;
export type JudicialRecordStatus = (typeof JudicialRecordStatus)[keyof typeof JudicialRecordStatus];
