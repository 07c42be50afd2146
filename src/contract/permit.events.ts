import type { ChecklistDocument, PermitRules, PermitStatus } from './permit.js';

/** A residence-permit application moved along its lifecycle. */
export type PermitMoved = { from: string; to: PermitStatus; reason?: string };

/**
 * Foreign residents (`identity-resident/{number}`: auditors only, personal data sealed under the
 * resident's key) and their residence permits (`identity-permit/{application}`: the application and its
 * receipt; no personal data), the checklists and the rules.
 */
export interface PermitEvents {
  /** A foreign resident was registered; the record is sealed under their key. */
  'identity_resident.registered': { record: string; allocatedBy: string };
  /** A foreign resident's record was read, with the reason. */
  'identity_resident.read': { reason: string; via: string };
  /** An application was filed at a desk, with the documents presented. */
  'identity_permit.filed': { resident: string; kind: string; desk: string; documents: string[]; validityYears: number };
  /** More documents were presented. */
  'identity_permit.documents_presented': { documents: string[] };
  'identity_permit.approved': PermitMoved;
  'identity_permit.rejected': PermitMoved;
  /** The application was scheduled in a production batch. */
  'identity_permit.scheduled': PermitMoved & { centre: string; batch: string };
  /** The application went back to the queue (its centre went offline). */
  'identity_permit.requeued': PermitMoved & { centre: string; batch: string };
  /** The card was personalised at an issuance centre. */
  'identity_permit.produced': PermitMoved & { centre: string; batch: string; documentNumber: string };
  /** The card was shipped to the desk, in its batch. */
  'identity_permit.shipped': PermitMoved & { batch: string };
  /** The card reached the desk. */
  'identity_permit.received': PermitMoved & { batch: string };
  /** The card was handed over to its holder. */
  'identity_permit.delivered': PermitMoved & { documentNumber: string };
  /** A hand-over was refused: which fields did not match. */
  'identity_permit.handover_refused': { mismatch: string[] };
  /** The receipt (récépissé) was issued with the filing. */
  'identity_permit.receipt_issued': { receipt: string; validUntil: string; sealed: boolean };
  'identity_permit.receipt_renewed': { receipt: string; validUntil: string; renewals: number };
  'identity_permit.receipt_closed': { receipt: string; reason: string };
  /** The holder of a permit is reminded `days` before its expiry (marked once). */
  'identity_permit.reminded': { documentNumber: string; days: number; dateOfExpiry: string; desk: string };
  /** A kind's checklist of documents was replaced; journaled whole. */
  'identity_permit_checklist.saved': { kind: string; documents: ChecklistDocument[] };
  /** The residence-permit rules were replaced; journaled whole. */
  'identity_permit_rules.saved': PermitRules;
}
