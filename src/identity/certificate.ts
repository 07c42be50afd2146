import type { EventType } from '../contract/events.js';
import { CertificateKind, type CertificateAction } from '../contract/certificate.js';
import { CertificateNumber } from '../contract/certificate.schema.js';
import { Closed } from '../core/schema.js';

/**
 * Administrative certificates: the police record certificate (fiche anthropométrique) and the
 * certificate of residence. The kinds, statuses, table and shapes are the contract's
 * (src/contract/certificate.ts), shared with the console.
 */
export {
  CertificateAction,
  CertificateChannel,
  CertificateKind,
  CertificateStatus,
  ResidenceSource,
  allowedCertificateActions,
  certificateActionsNeedingReason,
  certificateKinds,
  certificateTransitions,
  certificateValidityMonths,
  nextCertificateStatus,
} from '../contract/certificate.js';
export {
  Certificate,
  CertificateDecision,
  CertificateHolder,
  CertificateNumber,
  CertificateQuery,
  CertificateResidence,
  CertificateSummary,
  DeclaredResidence,
  NewCertificateRequest,
  OwnCertificate,
  OwnCertificateRequest,
  RecordsCheck,
} from '../contract/certificate.schema.js';

/** The journal's word for each action: `identity_certificate.issued`. */
export const certificateEventType = {
  approve: 'identity_certificate.issued',
  reject: 'identity_certificate.rejected',
  revoke: 'identity_certificate.revoked',
} as const satisfies Record<CertificateAction, EventType>;

/** `CERT-2026-0000123`: the year, then a number counted per year. */
export function formatCertificateNumber(year: number, sequence: number): string {
  return `CERT-${year}-${String(sequence).padStart(7, '0')}`;
}

/**
 * The letters of an issued certificate's document number: `FA` (fiche anthropométrique), `CR`
 * (certificat de résidence). Letters and digits only, so that the seal carries it in C40.
 */
export const documentPrefix: Readonly<Record<CertificateKind, string>> = {
  [CertificateKind.policeRecord]: 'FA',
  [CertificateKind.residence]: 'CR',
};

/** `FA2026000123`: the kind's letters, the year, a number counted per kind and year (six digits at least). */
export function formatCertificateDocumentNumber(kind: CertificateKind, year: number, sequence: number): string {
  return `${documentPrefix[kind]}${year}${String(sequence).padStart(6, '0')}`;
}

/**
 * The last day a certificate issued on `day` is valid: `months` later, the day before (issued 2026-03-02
 * for 3 months: valid through 2026-06-01). A day the later month lacks (31 May + 1 month) becomes its last day.
 */
export function validThrough(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const target = new Date(Date.UTC(year, month, Math.min(d, last)));
  target.setUTCDate(target.getUTCDate() - 1);
  return target.toISOString().slice(0, 10);
}

/** `07/12/2026`: a day as the certificates print it, day first. */
export function dayFirst(day: string): string {
  const [y, m, d] = day.split('-');
  return `${d}/${m}/${y}`;
}

export const CertificateParams = Closed({ number: CertificateNumber });
