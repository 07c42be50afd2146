import { spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CertificateProfile, fromPem, isIssuedBy, issueCertificate, keyIdentifier, readCertificate, toPem } from './certificate.js';
import { Oid } from './oid.js';
import { OPENSSL, setupTestCase } from './icao.testing.js';

const hex = (bytes: Uint8Array | undefined) => Buffer.from(bytes ?? []).toString('hex');

describe('the CSCA and Document Signer certificates (Doc 9303 Part 12 profiles)', () => {
  it('makes the CSCA a self-signed CA: basicConstraints and keyUsage keyCertSign + cRLSign, both critical', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    const csca = readCertificate(fromPem(keystore.cscaCertificatePem()));
    expect(csca.isCa).toBe(true);
    expect(csca.keyUsage).toEqual([5, 6]);
    expect([...csca.criticalExtensions].sort()).toEqual([Oid.basicConstraints, Oid.keyUsage].sort());
    expect(csca.subjectCommonName).toBe('CSCA Morocco');
    expect(hex(csca.issuerName)).toBe(hex(csca.subjectName));
    expect(hex(csca.subjectKeyIdentifier)).toBe(hex(keyIdentifier(csca.publicKey)));
    expect(isIssuedBy(csca, csca)).toBe(true);
    expect(csca.notBefore.toISOString()).toBe('2026-11-29T10:00:00.000Z');
    expect(csca.notAfter.toISOString()).toBe('2041-11-29T10:00:00.000Z');
    const text = spawnSync(OPENSSL, ['x509', '-noout', '-text', '-in', t.write('csca.pem', keystore.cscaCertificatePem())], { encoding: 'utf8' }).stdout;
    expect(text).toContain('Subject: C = MA, O = Kingdom of Morocco, OU = DGSN, CN = CSCA Morocco');
    expect(text).toMatch(/X509v3 Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(text).toMatch(/X509v3 Key Usage: critical\s+Certificate Sign, CRL Sign/);
  });

  it('makes a Document Signer for digital signature only, issued by the CSCA with its key identifier, and openssl verifies the chain', async () => {
    const t = setupTestCase();
    const keystore = await t.openTestKeystore();
    keystore.signerFor('RABAT');
    const csca = readCertificate(fromPem(keystore.cscaCertificatePem()));
    const ds = readCertificate(fromPem(keystore.signerCertificatesPem('RABAT')[0]!));
    expect(ds.isCa).toBe(false);
    expect(ds.keyUsage).toEqual([0]);
    expect(ds.criticalExtensions).toEqual([Oid.keyUsage]);
    expect(hex(ds.authorityKeyIdentifier)).toBe(hex(csca.subjectKeyIdentifier));
    expect(hex(ds.subjectKeyIdentifier)).toBe(hex(keyIdentifier(ds.publicKey)));
    expect(isIssuedBy(ds, csca)).toBe(true);
    expect(isIssuedBy(csca, ds)).toBe(false);
    const attime = String(Math.floor(t.clock.now().getTime() / 1000));
    const result = spawnSync(OPENSSL, ['verify', '-attime', attime, '-CAfile', t.write('csca.pem', keystore.cscaCertificatePem()), t.write('ds.pem', keystore.signerCertificatesPem('RABAT')[0]!)], { encoding: 'utf8' });
    expect(result.stdout.trim()).toMatch(/ds\.pem: OK$/);
    expect(result.status).toBe(0);
  });

  it('writes UTF8String for names a PrintableString cannot carry, and GeneralizedTime from 2050', () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const name = { country: 'MA', organization: 'Royaume du Maroc', organizationalUnit: 'Sûreté nationale', commonName: 'CSCA Maroc' };
    const der = issueCertificate(
      { profile: CertificateProfile.csca, serial: Uint8Array.of(0x01, 0x02), issuer: name, subject: name, notBefore: new Date('2049-06-01T00:00:00Z'), notAfter: new Date('2064-06-01T00:00:00Z'), subjectPublicKey: publicKey, authorityKeyIdentifier: keyIdentifier(publicKey) },
      privateKey,
    );
    const certificate = readCertificate(der);
    expect(certificate.serialHex).toBe('0102');
    expect(certificate.notAfter.toISOString()).toBe('2064-06-01T00:00:00.000Z');
    expect(Buffer.from(certificate.subjectName).includes(Buffer.from('Sûreté nationale', 'utf8'))).toBe(true);
    expect(hex(fromPem(toPem(der)))).toBe(hex(der));
    expect(() => issueCertificate({ profile: CertificateProfile.csca, serial: Uint8Array.of(0x80), issuer: name, subject: name, notBefore: new Date(), notAfter: new Date(), subjectPublicKey: publicKey, authorityKeyIdentifier: new Uint8Array(20) }, privateKey)).toThrow(/positive/);
  });
});
