/**
 * The events of administrative certificates (`identity-certificate/{number}`: numbers, kinds, statuses,
 * no names) and of the judicial records (`judicial-record/{id}`, for auditors only: what a judgment says
 * is sealed under the person's key).
 */
export interface CertificateEvents {
  /** A certificate was requested at a desk or online, and queued for an officer. */
  'identity_certificate.requested': { kind: string; nin: string; channel: string; desk: string | null; residenceSource: string | null; recordsSource: string | null };
  /** An officer approved it: issued, numbered and sealed. */
  'identity_certificate.issued': { from: string; to: string; documentNumber: string; issuedOn: string; expiresOn: string; reason?: string };
  /** An officer rejected it, with the reason. */
  'identity_certificate.rejected': { from: string; to: string; reason: string };
  /** An issued certificate was revoked: its seal reads `revoked`. */
  'identity_certificate.revoked': { from: string; to: string; reason: string; documentNumber: string };
  /** An entry was added to the judicial records; what it says, sealed. */
  'judicial_record.entered': { nin: string; record: string; status: string };
  /** An entry was corrected (fields, status); the new content sealed, the reason in clear. */
  'judicial_record.corrected': { nin: string; fields: string[]; record: string; status: string; reason: string; version: number };
}
