import { describe, expect, it } from 'vitest';
import { CertificateKind, dayFirst, formatCertificateDocumentNumber, formatCertificateNumber, nextCertificateStatus, validThrough } from './certificate.js';
import { DomainError } from '../core/errors.js';

describe('certificates, pure rules', () => {
  it('counts the validity in months, valid through the day before the same day', () => {
    expect(validThrough('2026-03-02', 3)).toBe('2026-06-01');
    expect(validThrough('2026-03-01', 3)).toBe('2026-05-31');
    expect(validThrough('2026-11-15', 3)).toBe('2027-02-14');
    // A day the later month lacks becomes its last day, then the day before.
    expect(validThrough('2026-11-30', 3)).toBe('2027-02-27');
    expect(validThrough('2027-11-30', 3)).toBe('2028-02-28');
  });

  it('numbers requests per year and documents per kind and year, in letters and digits only', () => {
    expect(formatCertificateNumber(2026, 123)).toBe('CERT-2026-0000123');
    expect(formatCertificateDocumentNumber(CertificateKind.policeRecord, 2026, 1)).toBe('FA2026000001');
    expect(formatCertificateDocumentNumber(CertificateKind.residence, 2026, 1_234_567)).toBe('CR20261234567');
  });

  it('prints days first', () => {
    expect(dayFirst('2026-12-07')).toBe('07/12/2026');
  });

  it('refuses a move the table does not hold, naming what is allowed', () => {
    expect(nextCertificateStatus('CERT-2026-0000001', 'pending', 'approve')).toBe('issued');
    expect(nextCertificateStatus('CERT-2026-0000001', 'issued', 'revoke')).toBe('revoked');
    try {
      nextCertificateStatus('CERT-2026-0000001', 'rejected', 'approve');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainError);
      expect((error as DomainError).code).toBe('invalid_transition');
      expect((error as DomainError).allowed).toEqual([]);
    }
  });
});
